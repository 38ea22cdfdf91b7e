// NCE price sheets through the Node build (issue 15, "Python API parity": WASM reads NCE
// sheets): the "nce" queries of testdata/vectors/price_list.json and the sheets and queries
// of testdata/vectors/edges/price_files.json ("nce_queries": segments, tiers, seats) through
// PriceBook.addNceCsv and PriceBook.ncePrice; expected prices and codes are the vectors'.
// Then the query's bad values, each refused with its code.
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
// The sample sheet: 10 records on 13 lines after the header (3 descriptions span lines).
const SAMPLE = "price-lists/nce-2021-11-US.csv";
const SAMPLE_ROWS = 10;
const load = (name) => JSON.parse(readFileSync(join(testdata, "vectors", name), "utf8"));

/** A book holding the sheet `csv` of `rows` rows (default: one per non-empty line after the header). */
function bookOf(csv, rows = csv.split(/\r?\n/).filter((l) => l.trim() !== "").length - 1) {
  const book = new csp.PriceBook("USD");
  assert.equal(book.addNceCsv(csv), rows, "rows read");
  return book;
}

/** The query object of a vector's query: the vector's own field names and shapes. */
function queryOf(q) {
  const out = {};
  for (const k of ["offer", "term", "plan", "market", "currency", "segment", "tier", "seats"]) {
    if (q[k] !== undefined) out[k] = q[k];
  }
  return out;
}

const counts = { price: 0, refused: 0 };
test.after(() => console.log(`nce queries run in JS: ${counts.price} priced, ${counts.refused} refused`));

function check(book, q, why) {
  let kind = "ok";
  let got;
  try {
    got = book.ncePrice(queryOf(q), q.date);
  } catch (e) {
    assert.equal(e.name, "CspError", `${why}: ${e}`);
    [kind, got] = ["error", e];
  }
  if (q.expect.unit_price !== undefined) {
    assert.equal(kind, "ok", `${why}: ${got?.message}`);
    assert.equal(got.unit_price, q.expect.unit_price, why);
    assert.equal(typeof got.unit_price, "string", why);
    // The row answers the key asked (the SKU id in its normal form).
    assert.equal(got.key.offer.split(":")[0], q.offer.split(":")[0].toUpperCase(), why);
    assert.deepEqual([got.key.term, got.key.plan, got.key.market, got.key.currency],
      [q.term, q.plan, q.market, q.currency], why);
    // A named segment is answered by its rows, a sheet's unsegmented rows or the commercial ones.
    if (q.segment) assert.ok([q.segment, undefined, "commercial"].includes(got.key.segment), why);
    if (q.tier) assert.deepEqual(got.key.tier, q.tier, why);
    if (q.seats) assert.ok(!got.key.tier || (got.key.tier.min <= q.seats && q.seats <= got.key.tier.max), why);
    counts.price++;
  } else {
    assert.equal(kind, "error", `${why}: priced ${got?.unit_price}`);
    assert.equal(got.code, q.expect.error, `${why}: ${got.message}`);
    for (const [k, v] of Object.entries(q.expect.context ?? {})) assert.equal(got.context[k], v, `${why}: context ${k}`);
    counts.refused++;
  }
}

test("price_list.json 'nce': the sample sheet's queries", () => {
  const cases = load("price_list.json").nce;
  let n = 0;
  for (const c of cases) {
    assert.equal(c.file, SAMPLE);
    const book = bookOf(readFileSync(join(testdata, c.file), "utf8"), SAMPLE_ROWS);
    for (const q of c.queries) {
      check(book, q, q._comment);
      n++;
    }
  }
  assert.ok(n >= 19, `only ${n} queries`);
});

test("edges/price_files.json 'nce_queries': segments, tiers and seats", () => {
  let n = 0;
  for (const c of load("edges/price_files.json").nce_queries) {
    const book = bookOf(c.csv);
    for (const q of c.queries) {
      check(book, q, `${c._comment} / ${q._comment}`);
      n++;
    }
  }
  assert.ok(n >= 26, `only ${n} queries`);
});

test("the row in the core's serde form: price as published, ERP, effective range, line", () => {
  const book = bookOf(readFileSync(join(testdata, SAMPLE), "utf8"), SAMPLE_ROWS);
  const row = book.ncePrice({ offer: "CFQ7TTC0HD7P:1", term: "P1Y", plan: "Annual", market: "us", currency: "USD" }, "2021-11-02");
  // Line 3 of the file: "99", ERP "123.75", 10/1/2021 12:00:00 AM – 11/3/2021 6:57:30 AM.
  assert.equal(row.unit_price, "99");
  assert.equal(row.erp_price, "123.75");
  assert.equal(row.effective_start, "2021-10-01T00:00:00");
  assert.equal(row.effective_end, "2021-11-03T06:57:30");
  assert.equal(row.line, 3);
  assert.deepEqual(row.key, { offer: "CFQ7TTC0HD7P:0001", term: "P1Y", plan: "annual", market: "US", currency: "USD" });
  // A legacy list is not an NCE sheet: refused by the format it has, the book unchanged.
  const legacy = readFileSync(join(testdata, "price-lists", "legacy-2016-02-USD.csv"), "utf8");
  assert.throws(() => book.addNceCsv(legacy), (e) => e.name === "CspError" && e.code === "price_format_mismatch");
  assert.equal(book.ncePrice({ offer: "CFQ7TTC0HD7P:0001", term: "P1Y", plan: "annual", market: "US", currency: "USD" }, "2021-11-04").unit_price, "104.4");
});

test("bad queries are refused with the core's codes, and change nothing", () => {
  const book = bookOf(load("edges/price_files.json").nce_queries[0].csv);
  const good = { offer: "CFQ7TTC0LH18:0001", term: "P1Y", plan: "annual", market: "US", currency: "USD", segment: "education" };
  const code = (q, on = "2024-03-01") => {
    try {
      book.ncePrice(q, on);
      return "accepted";
    } catch (e) {
      assert.equal(e.name, "CspError", String(e));
      return e.code;
    }
  };
  const cases = [
    [{ ...good, term: "P1X" }, "invalid_input"],
    [{ ...good, term: 1 }, "invalid_input"],
    [{ ...good, plan: "weekly" }, "invalid_input"],
    [{ ...good, currency: "XXX" }, "unknown_currency"],
    [{ ...good, segment: "retail" }, "invalid_input"],
    [{ ...good, offer: "" }, "invalid_input"],
    [{ ...good, offer: "CFQ7TTC0LH18:\u00000001" }, "invalid_input"],
    [{ ...good, market: "" }, "invalid_input"],
    [{ ...good, colour: "red" }, "invalid_input"],
    [{ ...good, tier: { min: 100, max: 1 } }, "invalid_input"],
    [{ ...good, tier: { min: -1, max: 1 } }, "invalid_input"],
    [{ ...good, tier: { min: 1.5, max: 2 } }, "invalid_input"],
    [{ ...good, tier: { min: 1 } }, "invalid_input"],
    [{ ...good, tier: { min: 1, max: 2, step: 1 } }, "invalid_input"],
    [{ ...good, tier: "1-100" }, "invalid_input"],
    [{ ...good, seats: 0 }, "invalid_quantity"],
    [{ ...good, seats: 2.9 }, "invalid_quantity"],
    [{ ...good, seats: NaN }, "invalid_quantity"],
    [{ ...good, seats: "10" }, "invalid_quantity"],
    [{ ...good, seats: 2 ** 32 + 2 }, "invalid_quantity"],
    [{ offer: good.offer, term: "P1Y", plan: "annual", market: "US" }, "invalid_input"],
  ];
  for (const [q, want] of cases) assert.equal(code(q), want, JSON.stringify(q, (k, v) => (Number.isNaN(v) ? "NaN" : v)));
  for (const on of ["2024-3-1", "1999-12-31", 20240301, new Date()]) assert.equal(code(good, on), "invalid_input", String(on));
  assert.equal(code(JSON.stringify(good)), "accepted"); // its JSON text, as every input object
  assert.equal(book.ncePrice(good, "2024-03-01").unit_price, "36"); // still the education row
  // A malformed sheet adds nothing.
  const before = code({ ...good, offer: "CFQ7TTC0LH1G:0001" });
  assert.throws(() => book.addNceCsv("ProductTitle,ProductId\nX,Y\n"), (e) => e.code === "missing_column");
  assert.throws(() => book.addNceCsv(42), (e) => e.code === "invalid_input");
  assert.equal(code({ ...good, offer: "CFQ7TTC0LH1G:0001" }), before);
});
