// The shared bill vectors (testdata/vectors/edges/bills.json, issue 15, class Bills) through
// the WASM `bill` export: fee dates, refused settings, and the numbering of a first run.
// `bill` takes no issued runs, so a run after the first of its case (numbering continued
// after issued runs, a clash with them) cannot be asked here: those runs are counted and
// skipped, and run in Rust and Python. Expected values are the file's, derived by hand.
// Run: node --test csp-wasm/tests/node/   (scripts/test-wasm builds pkg/node first)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const csp = require(process.env.CSP_WASM_NODE ?? join(here, "..", "..", "pkg", "node", "csp_wasm.js"));
const bills = JSON.parse(
  readFileSync(join(here, "..", "..", "..", "testdata", "vectors", "edges", "bills.json"), "utf8"),
);

/** An invoice line in the vectors' form. */
function line(l) {
  return {
    description: l.description,
    service_start: l.service_period.first,
    service_end: l.service_period.last,
    quantity: l.quantity,
    unit_price: l.unit_price,
    amount: l.amount.amount,
  };
}

test("edges/bills.json: the first run of every case", () => {
  let refused = 0;
  let billed = 0;
  let skipped = 0;
  for (const c of bills.cases) {
    c.runs.forEach((run, i) => {
      if (i > 0) {
        skipped += 1; // needs the earlier runs as issued
        return;
      }
      const doc = structuredClone(bills.scenario);
      doc.partner = structuredClone(c.partner);
      if (run.invoice_prefix !== undefined) doc.partner.invoice_prefix = run.invoice_prefix;
      // No issued runs: "continue after the highest issued" starts at 1.
      const first = run.first_number ?? 1;
      const at = `${c.name} run ${i}`;
      if (run.expect.error !== undefined) {
        assert.throws(
          () => csp.bill(JSON.stringify(doc), run.month, first),
          (e) => e.name === "CspError" && e.code === run.expect.error,
          at,
        );
        refused += 1;
        return;
      }
      const got = csp.bill(JSON.stringify(doc), run.month, first);
      if (run.expect.numbers !== undefined) {
        assert.deepEqual(got.bills.map((b) => b.invoice.number), run.expect.numbers, at);
      }
      if (run.expect.invoices !== undefined) {
        const shown = got.bills.map((b) => ({
          customer: b.invoice.customer,
          lines: b.invoice.lines.map(line),
        }));
        assert.deepEqual(shown, run.expect.invoices, at);
      }
      billed += 1;
    });
  }
  console.log(`bills.json in WASM: ${refused} refused, ${billed} billed, ${skipped} runs skipped (issued runs)`);
  assert.ok(refused >= 10 && billed >= 8, `${refused} refused, ${billed} billed, ${skipped} skipped`);
});
