// reconcile and reconcileHtml through the Node build (SPEC-NCE §15): the example NCE book
// (testdata/scenarios/nce-example.json, its sheet inlined as a browser holds it) against
// testdata/recon/nce-example-2022-09.csv, whose differences are made on purpose and derived
// by hand in csp-cli/tests/reconcile.rs: s1 +0.01 (rounding), s4 +4.00 (price), s2's renewal
// missing (−144.00), an unknown s9 (+10.00), a customerCredit (−5.00, not modelled) and
// another customer's 99.00 (out of scope); Microsoft 626.41, expected 662.40.
// Run: node --test csp-wasm/tests/node/   (scripts/test-wasm builds pkg/node first)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const testdata = join(here, "..", "..", "..", "testdata");
const require = createRequire(import.meta.url);
const csp = require(process.env.CSP_WASM_NODE ?? join(here, "..", "..", "pkg", "node", "csp_wasm.js"));
const scenarios = join(testdata, "scenarios");
const FILE = readFileSync(join(testdata, "recon", "nce-example-2022-09.csv"), "utf8");

function book() {
  const doc = JSON.parse(readFileSync(join(scenarios, "nce-example.json"), "utf8"));
  doc.price_sheets = doc.price_sheets.map((s) => ({ csv: readFileSync(join(scenarios, s.csv_file), "utf8") }));
  return doc;
}

/** Exact decimal text to integer cents (the amounts here have two decimals). */
const cents = (t) => {
  const [w, f = ""] = t.replace("-", "").split(".");
  const v = BigInt(w) * 100n + BigInt((f + "00").slice(0, 2));
  return t.startsWith("-") ? -v : v;
};

test("every perturbation is found with its class; totals add up to the cent", () => {
  const r = csp.reconcile(book(), FILE, "2022-09");
  assert.equal(r.status, "differences");
  assert.equal(r.totals.microsoft_total, "626.41");
  assert.equal(r.totals.expected_total, "662.40");
  assert.equal(r.totals.difference, "-129.99");
  const classes = r.entries.map((e) => [e.class, e.subscription_id, e.delta]);
  assert.deepEqual(classes, [
    ["rounding", "s1", "0.01"], ["price_differs", "s4", "4.00"], ["unexpected", "s9", "10.00"],
    ["missing", "s2", "-144.00"], ["not_modelled", "s2", "-5.00"],
  ]);
  const sum = Object.values(r.totals.by_class).reduce((s, c) => s + cents(c.amount), 0n);
  assert.equal(cents(r.totals.expected_total) + sum, cents(r.totals.microsoft_total));
  assert.equal(r.coverage.examined_pct, "71.43");
  assert.deepEqual(r.customers.map((c) => [c.customer_id, c.difference]),
    [["contoso", "14.01"], ["fabrikam", "-144.00"], ["northwind", "0.00"]]);
});

test("options: scope, listing and the invoice check are read strictly", () => {
  const r = csp.reconcile(book(), FILE, "2022-09", {
    customers: ["northwind"], include_matched: true, invoice_total: "626.41",
  });
  // northwind in scope: its row is unexpected (+99.00); matched rows listed; Σ Total 626.41.
  assert.equal(r.entries.filter((e) => e.class === "matched").length, 2);
  assert.equal(r.totals.difference, "-30.99");
  assert.equal(r.invoice_check.agrees, true);
  assert.throws(() => csp.reconcile(book(), FILE, "2022-09", { invoice_total: 626.41 }),
    (e) => e.name === "CspError" && e.code === "invalid_input");
  assert.throws(() => csp.reconcile(book(), FILE, "2022-09", { include_matched: "yes" }),
    (e) => e.code === "invalid_input");
  assert.throws(() => csp.reconcile(book(), FILE, "2022-09", { colour: "red" }),
    (e) => e.code === "invalid_input");
});

test("a malformed file throws its code with line and column", () => {
  assert.throws(() => csp.reconcile(book(), FILE.replace("468.01", "4.68e2"), "2022-09"),
    (e) => e.code === "invalid_decimal" && e.context.line === "2");
  assert.throws(() => csp.reconcile(book(), "a,b\n1,2\n", "2022-09"),
    (e) => e.code === "missing_column");
  const legacy = "CustomerId,SyndicationPartnerSubscriptionNumber,ChargeStartDate,ChargeEndDate,"
    + "ChargeType,UnitPrice,Quantity,Amount,Currency\n";
  assert.throws(() => csp.reconcile(book(), legacy, "2022-09"),
    (e) => e.code === "invalid_input" && e.message.includes("legacy recon file"));
  assert.throws(() => csp.reconcile(book(), FILE, "2022-13"), (e) => e.code === "invalid_input");
});

test("reconcileHtml is one page without script", () => {
  const html = csp.reconcileHtml(book(), FILE, "2022-09");
  assert.ok(html.startsWith("<!DOCTYPE html>"));
  assert.ok(html.includes('data-amount="-144.00"'));
  assert.ok(!html.includes("<script"));
});
