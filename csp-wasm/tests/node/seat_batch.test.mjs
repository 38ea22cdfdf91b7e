// PriceBook.prorateSeatChanges (typed-array batch) and prorateSeatChange (one call, plain
// arguments): amounts worked by hand from SPEC §6.1–§6.4 (annual: 12 × p × q × days left of
// the term ÷ term days, half-up to cents; monthly: the month from the anchor).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const csp = require(process.env.CSP_WASM_NODE ?? join(here, "..", "..", "pkg", "node", "csp_wasm.js"));

const HEADER = "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price\n";
const book = new csp.PriceBook("USD");
book.addLegacyCsv(`${HEADER}E3,Office 365 E3,Corporate,Non-specific,17.60,22.00\nE1,Office 365 E1,Corporate,Non-specific,4.00,5.00\n`, "2016-01");
book.addLegacyCsv(`${HEADER}E3,Office 365 E3,Corporate,Non-specific,18.00,22.00\nE1,Office 365 E1,Corporate,Non-specific,4.00,5.00\n`, "2016-02");
const day = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000;

test("one call: annual to the term end, monthly from the anchor, a credit", () => {
  // Term 2016-01-06 – 2017-01-05 (366 days), 32 days left from 5 December:
  // 12 × 17.60 × 2 × 32 / 366 = 36.9311… → 36.93 (the January price, locked at the order).
  assert.equal(book.prorateSeatChange("E3", 2, "2016-01-06", "2016-12-05"), "36.93");
  // Monthly from 2016-01-31: the period 2016-02-29 – 2016-03-30 (31 days) holds 15 March,
  // 16 days left: 4.00 × 16 / 31 = 2.0645… → 2.06.
  assert.equal(book.prorateSeatChange("E1", 1, "2016-01-31", "2016-03-15", "monthly"), "2.06");
  // Two seats removed on the first day of a 366-day term: −2 × 12 × 4.00 = −96.00.
  assert.equal(book.prorateSeatChange("E1", -2, "2016-01-10", "2016-01-10"), "-96.00");
  // Ordered in February: 18.00 locked; whole term 12 × 18 = 216.00.
  assert.equal(book.prorateSeatChange("e3", 1, "2016-02-01", "2016-02-01"), "216.00");
});

test("one call: refusals are CspErrors with the core's code", () => {
  const codes = [
    () => book.prorateSeatChange("E3", 1, "2016-01-06", "2017-01-06"),
    () => book.prorateSeatChange("NOPE", 1, "2016-01-06", "2016-02-06"),
    () => book.prorateSeatChange("E3", 0, "2016-01-06", "2016-02-06"),
    () => book.prorateSeatChange("E3", 1, "2016-13-06", "2016-02-06"),
    () => book.prorateSeatChange("E3", 1, "2016-01-06", "2016-02-06", "weekly"),
    () => book.prorateSeatChange("E3", 1, "2015-12-31", "2016-02-06"),
  ].map((f) => {
    try { f(); return "no error"; } catch (e) { assert.equal(e.name, "CspError"); return e.code; }
  });
  assert.deepEqual(codes, ["date_outside_term", "offer_not_in_price_list", "invalid_quantity",
    "invalid_input", "invalid_input", "no_price_list_in_force"]);
});

test("batch: lines and totals per customer in minor units", () => {
  const r = book.prorateSeatChanges(["E3", "E1"], 2,
    Uint32Array.of(0, 1, 1), Uint32Array.of(0, 1, 0), Int32Array.of(2, -2, 2),
    Int32Array.of(day("2016-01-06"), day("2016-01-10"), day("2016-01-06")),
    Int32Array.of(day("2016-12-05"), day("2016-01-10"), day("2016-12-05")),
    undefined, undefined, true);
  assert.deepEqual([...r.amounts], [3693n, -9600n, 3693n]);
  assert.deepEqual([...r.totals], [3693n, -9600n + 3693n]);
  assert.deepEqual([...r.lineCounts], [1n, 2n]);
  assert.deepEqual([...r.days], [32, 366, 32]);
  assert.deepEqual([...r.periodDays], [366, 366, 366]);
  assert.deepEqual([...r.serviceEnd], [day("2017-01-05"), day("2017-01-09"), day("2017-01-05")]);
  const totalsOnly = book.prorateSeatChanges(["E3", "E1"], 2,
    Uint32Array.of(0, 1, 1), Uint32Array.of(0, 1, 0), Int32Array.of(2, -2, 2),
    Int32Array.of(day("2016-01-06"), day("2016-01-10"), day("2016-01-06")),
    Int32Array.of(day("2016-12-05"), day("2016-01-10"), day("2016-12-05")),
    "annual", undefined, false);
  assert.deepEqual([...totalsOnly.totals], [...r.totals]);
  assert.equal(totalsOnly.amounts.length, 0);
});

test("batch: the first refused row is named, whatever the column", () => {
  const run = (customer, offer, change) => {
    try {
      book.prorateSeatChanges(["E3"], 1, customer, offer, Int32Array.of(1, 1, 1),
        Int32Array.of(day("2016-01-06"), day("2016-01-06"), day("2016-01-06")), change,
        undefined, undefined, false);
      return "no error";
    } catch (e) {
      assert.equal(e.name, "CspError");
      return `${e.code} row ${e.context.row}`;
    }
  };
  const ok = Int32Array.of(day("2016-02-01"), day("2016-02-01"), day("2016-02-01"));
  assert.equal(run(Uint32Array.of(0, 0, 0), Uint32Array.of(0, 0, 0),
    Int32Array.of(day("2016-02-01"), day("2017-02-01"), day("2016-02-01"))), "date_outside_term row 1");
  assert.equal(run(Uint32Array.of(0, 0, 5), Uint32Array.of(0, 0, 0), ok), "invalid_input row 2");
  assert.equal(run(Uint32Array.of(0, 0, 0), Uint32Array.of(0, 3, 0), ok), "invalid_input row 1");
  assert.equal(run(Uint32Array.of(0, 0), Uint32Array.of(0, 0, 0), ok), "invalid_input row 0");
  // A customer count beyond 2^24 is refused up front (its totals would not be allocated).
  assert.throws(() => book.prorateSeatChanges(["E3"], 0xFFFFFFFF, Uint32Array.of(0), Uint32Array.of(0),
    Int32Array.of(1), Int32Array.of(day("2016-01-06")), ok.subarray(0, 1), undefined, undefined, false),
  (e) => e.name === "CspError" && e.code === "invalid_input");
});
