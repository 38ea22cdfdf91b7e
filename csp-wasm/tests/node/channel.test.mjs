// The two-tier channel through the Node build (issue 18, SPEC-NCE §17): the example book
// testdata/scenarios/nce-two-tier.json (its sheet inlined as {"csv": …}) billed at every
// tier. Its figures are derived by hand in csp-core/tests/channel_book.rs: in October 2022
// Microsoft bills 360.00, the provider sells 393.12 (own customer 86.40, fabrikam-it 233.28,
// tailspin 73.44), fabrikam-it sells 259.20 (+ 20 % tax) and tailspin 80.78.
// Run: node --test csp-wasm/tests/node/   (scripts/test-wasm builds pkg/node first)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const scenarios = join(here, "..", "..", "..", "testdata", "scenarios");
const require = createRequire(import.meta.url);
const csp = require(process.env.CSP_WASM_NODE ?? join(here, "..", "..", "pkg", "node", "csp_wasm.js"));

/** The book with its price sheet inline (the browser has no files). */
function book() {
  const b = JSON.parse(readFileSync(join(scenarios, "nce-two-tier.json"), "utf8"));
  b.price_sheets = [{ csv: readFileSync(join(scenarios, "nce-sheet.csv"), "utf8") }];
  return b;
}

test("the margin statement adds up to the cent", () => {
  const m = csp.nceBillChannel(book(), "2022-11", 1).margins;
  assert.equal(m.lines, 3);
  assert.equal(m.microsoft_cost.amount, "360.00");
  assert.deepEqual(
    m.tiers.map((t) => [t.tier, t.cost.amount, t.revenue.amount, t.margin.amount]),
    [
      ["provider", "360.00", "393.12", "33.12"],
      ["fabrikam-it", "233.28", "259.20", "25.92"],
      ["tailspin", "73.44", "80.78", "7.34"],
    ],
  );
  assert.equal(m.customer_price.amount, "426.38");
});

test("each tier bills with its own rules, tax and numbers; issued runs continue them", () => {
  const november = csp.nceBillChannel(book(), "2022-11", 1);
  assert.deepEqual(november.provider.bills.map((b) => b.invoice.number), ["CD-1"]);
  const fab = november.resellers.find((r) => r.reseller === "fabrikam-it");
  assert.equal(fab.from_provider.bills[0].invoice.subtotal.amount, "233.28");
  assert.equal(fab.to_customers.bills[0].invoice.total.amount, "311.04");
  const december = csp.nceBillChannel(JSON.stringify(book()), "2022-12", null, [november]);
  assert.equal(december.provider.bills[0].invoice.number, "CD-2");
  assert.equal(december.resellers[1].to_customers.bills[0].invoice.number, "TS-2");
  assert.equal(december.margins.customer_price.amount, "426.38");
});

test("unlinked resellers and bad arguments are refused with their codes", () => {
  const late = book();
  late.channel.resellers[1].linked_from = "2022-10-02";
  const code = (f) => {
    try {
      f();
    } catch (e) {
      assert.equal(e.name, "CspError");
      return e.code;
    }
    assert.fail("expected a CspError");
  };
  assert.equal(code(() => csp.nceBillChannel(late, "2022-11", 1)), "reseller_not_linked");
  // A given number an issued run used is refused, never given twice.
  const november = csp.nceBillChannel(book(), "2022-11", 1);
  assert.equal(code(() => csp.nceBillChannel(book(), "2022-12", 1, [november])), "duplicate_invoice_number");
  assert.equal(code(() => csp.nceBillChannel(book(), "2022-11", 1, [{ month: "2022-10" }])), "invalid_input");
  const plain = book();
  delete plain.channel;
  assert.equal(code(() => csp.nceBillChannel(plain, "2022-11", 1)), "invalid_scenario");
});
