// The shared edge vectors (testdata/vectors/edges/*.json, issue 15) through the exports that
// read each kind of value: amounts (a price: prorate's period_price and the quote's price;
// tax rates and percentages: a scenario's partner settings), dates, seats (the JS-only NaN
// and Infinity included), ids (a price book's offer), and the scenario documents (read →
// charges → bill). Expected values are the vectors'; the totals are summed here exactly.
// Run: node --test csp-wasm/tests/node/   (scripts/test-wasm builds pkg/node first)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const edges = join(here, "..", "..", "..", "testdata", "vectors", "edges");
const require = createRequire(import.meta.url);
const csp = require(process.env.CSP_WASM_NODE ?? join(here, "..", "..", "pkg", "node", "csp_wasm.js"));
const values = JSON.parse(readFileSync(join(edges, "values.json"), "utf8"));
const scenarios = JSON.parse(readFileSync(join(edges, "scenarios.json"), "utf8"));

/** The outcome of f: ["ok", result] or ["error", CspError]; anything else fails. */
function run(f, why) {
  try {
    return ["ok", f()];
  } catch (e) {
    assert.equal(e.name, "CspError", `${why}: ${e}`);
    return ["error", e];
  }
}

/** An exact decimal string as [BigInt units, scale] → summed and written at scale 2. */
function sum(amounts) {
  let cents = 0n;
  for (const a of amounts) {
    const neg = a.startsWith("-");
    const [i, f = ""] = a.replace("-", "").split(".");
    assert.ok(f.length <= 2, `an amount of more than 2 decimals: ${a}`);
    const v = BigInt(i + f.padEnd(2, "0"));
    cents += neg ? -v : v;
  }
  const neg = cents < 0n;
  const s = (neg ? -cents : cents).toString().padStart(3, "0");
  return `${neg ? "-" : ""}${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** A non-negative decimal string rounded half-up to 2 decimals. */
function cents(text) {
  const [i, f = ""] = text.split(".");
  const units = BigInt(i + f.padEnd(2, "0").slice(0, 2)) + (Number(f[2] ?? "0") >= 5 ? 1n : 0n);
  return sum([`${units / 100n}.${String(units % 100n).padStart(2, "0")}`]);
}

const counts = {};
function tally(kind, outcome) {
  counts[kind] ??= { refused: 0, accepted: 0 };
  counts[kind][outcome === "error" ? "refused" : "accepted"]++;
}
test.after(() => console.log(`edge vectors: ${JSON.stringify(counts)}`));

const PRORATE = { currency: "USD", quantity: 1, days_billed: 31, days_in_period: 31 };
const QUOTE = { currency: "USD", seats: 1, order_date: "2016-01-01", frequency: "monthly",
  change: { type: "add_seats", date: "2016-01-01", quantity: 1 } };

test("amounts of kind price: prorate's period_price and the quote's price", () => {
  const cases = values.amounts.filter((c) => c.kind === "price");
  assert.ok(cases.length >= 20);
  for (const c of cases) {
    const why = `price ${JSON.stringify(c.text)}`;
    // The quote's period price is the price read, exactly (digits and scale); prorate's
    // whole period of one seat is it rounded half-up to cents.
    const [p, proration] = run(() => csp.prorate({ ...PRORATE, period_price: c.text }), why);
    const [q, quote] = run(() => csp.quoteSeatChange({ ...QUOTE, price: c.text }), why);
    tally("amount (price)", p);
    tally("amount (price)", q);
    if (c.error) {
      assert.deepEqual([p, proration.code], ["error", c.error], why);
      assert.deepEqual([q, quote.code], ["error", c.error], why);
      assert.equal(proration.context.what, "price", why);
    } else {
      assert.equal(p, "ok", `${why}: ${proration.message}`);
      assert.equal(proration.amount.amount, cents(c.value), why);
      assert.equal(q, "ok", `${why}: ${quote.message}`);
      assert.equal(quote.seat_charge.period_price, c.value, why);
    }
  }
});

const base = scenarios.base;
const withPartner = (partner) => ({ ...base, partner: { ...base.partner, ...partner } });

test("amounts of kind tax_rate and percent: a scenario's partner settings", () => {
  const cases = values.amounts.filter((c) => c.kind === "tax_rate" || c.kind === "percent");
  assert.ok(cases.length >= 5);
  for (const c of cases) {
    const why = `${c.kind} ${JSON.stringify(c.text)}`;
    const doc = c.kind === "tax_rate"
      ? withPartner({ tax_rates: [{ customer: "c1", rate: c.text }] })
      : withPartner({ resale: [{ offer: "E3", rule: { type: "markup", percent: c.text } }] });
    const [o, r] = run(() => csp.bill(doc, "2016-04", 1), why);
    tally(`amount (${c.kind})`, o);
    if (c.error) {
      assert.equal(o, "error", why);
      // Inside a scenario the refusal is the scenario's, with the path to the value.
      assert.equal(r.code, "invalid_scenario", `${why}: ${r.message}`);
      assert.match(r.context.path, c.kind === "tax_rate" ? /^partner\.tax_rates\[0\]/ : /^partner\.resale\[0\]/, why);
      continue;
    }
    assert.equal(o, "ok", `${why}: ${r.message}`);
    const [{ invoice }] = r.bills;
    if (c.kind === "tax_rate") {
      assert.equal(invoice.tax_rate, c.value, why);
    } else {
      // 2 seats at list 4.00 marked up by the percentage: 8 × (100 + p) / 100, exact.
      const cents = (800n * (100n + BigInt(c.value))) / 100n;
      assert.equal(sum([invoice.subtotal.amount]), sum([`${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`]), why);
    }
  }
  // The kind `exact` (a computed amount, sign allowed) has no JS entry point: the package
  // reads no amount the library wrote itself.
});

test("dates: agreementStatus's `on` and a price book's date", () => {
  assert.ok(values.dates.length >= 10);
  const book = new csp.PriceBook("USD");
  for (const c of values.dates) {
    const why = `date ${JSON.stringify(c.text)}`;
    const [o, r] = run(() => csp.agreementStatus({ signed_on: "2016-01-01", on: c.text }), why);
    const [b, e] = run(() => book.rows(c.text), why);
    tally("date", o);
    tally("date", b);
    if (c.error) {
      assert.deepEqual([o, r.code], ["error", c.error], why);
      assert.deepEqual([b, e.code], ["error", c.error], why);
      assert.equal(r.context.what, "date", why);
    } else {
      assert.equal(o, "ok", `${why}: ${r.message}`);
      assert.equal(r.on, c.value, why);
      // A good date reaches the (empty) book, which has no list in force.
      assert.deepEqual([b, e.code], ["error", "no_price_list_in_force"], why);
    }
  }
});

test("seats: the quote's seats and change quantity; prorate's and a book's signed quantity (JS NaN and Infinity too)", () => {
  const header = "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price\n";
  const book = new csp.PriceBook("USD");
  book.addLegacyCsv(`${header}E1,Office 365 E1,Corporate,Non-specific,4.00,5.00\n`, "2016-01");
  assert.ok(values.seats.length >= 10);
  for (const c of values.seats) {
    const seats = "js" in c ? { NaN, Infinity }[c.js] : c.value;
    assert.ok(!("js" in c) || !Number.isFinite(seats), `js value ${c.js}`);
    const why = `seats ${"js" in c ? c.js : JSON.stringify(c.value)}`;
    const outcomes = [
      run(() => csp.quoteSeatChange({ ...QUOTE, price: "4.00", seats: seats }), why),
      run(() => csp.quoteSeatChange({ ...QUOTE, price: "4.00", change: { ...QUOTE.change, quantity: seats } }), why),
    ];
    // prorate's quantity and a book's seat change are signed (negative: a credit), their
    // size read as seats: a negative vector value is a credit there, so only the others.
    const signed = !(typeof seats === "number" && seats < 0);
    if (signed) {
      outcomes.push(
        run(() => csp.prorate({ ...PRORATE, period_price: "4.00", quantity: seats }), why),
        run(() => book.prorateSeatChange("E1", seats, "2016-01-10", "2016-01-10"), why),
      );
    }
    for (const [o, r] of outcomes) {
      tally("seats", o);
      if (c.error) assert.deepEqual([o, r.code], ["error", c.error], `${why}: ${o === "ok" ? "accepted" : r.message}`);
      else assert.equal(o, "ok", `${why}: ${r.message}`);
    }
    if (!c.error) {
      // The order's lines hold `seats` seats, the change's one more seat; a whole month of
      // `seats` at 4.00 is 4 × seats; the annual term from its first day 12 × 4.00 × seats.
      const [[, q], [, change], [, p], [, a]] = outcomes;
      assert.equal(q.lines[0].quantity, c.seats, why);
      assert.equal(change.seat_charge.quantity, c.seats, why);
      assert.equal(p.amount.amount, `${4n * BigInt(c.seats)}.00`, why);
      assert.equal(a, `${48n * BigInt(c.seats)}.00`, why);
    }
  }
  // A signed quantity's size is read as seats.
  for (const q of [-1, -1_000_000]) assert.equal(run(() => csp.prorate({ ...PRORATE, period_price: "4.00", quantity: q }))[0], "ok");
  for (const q of [-1_000_001, -1e10, -2.9, -Infinity]) {
    assert.equal(run(() => csp.prorate({ ...PRORATE, period_price: "4.00", quantity: q }))[1].code, "invalid_quantity", String(q));
  }
});

test("ids: a price book's offer", () => {
  const header = "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price\n";
  const good = values.ids.filter((c) => !c.error);
  const book = new csp.PriceBook("USD");
  book.addLegacyCsv(header + good.map((c) => `${c.value},Offer,Corporate,Non-specific,4.00,5.00\n`).join(""), "2016-01");
  for (const c of values.ids) {
    const why = `id ${JSON.stringify(c.text.slice(0, 20))} (${c.text.length} characters)`;
    const [o, r] = run(() => book.price(c.text, "2016-01-15"), why);
    tally("id", o);
    if (c.error) {
      assert.deepEqual([o, r.code], ["error", c.error], why);
      assert.equal(r.context.what, "offer id", why);
    } else {
      assert.equal(o, "ok", `${why}: ${r.message}`);
      // Offer ids compare case-insensitively (the type upper-cases them).
      assert.equal(r.offer.toUpperCase(), c.value.toUpperCase(), why);
      assert.equal(r.list.amount, "4.00", why);
    }
  }
});

/** `base` with each [path, value] of `set` applied (a deep copy). */
function apply(set) {
  const doc = structuredClone(base);
  for (const [path, value] of set) {
    let node = doc;
    for (const k of path.slice(0, -1)) node = node[k];
    node[path.at(-1)] = value;
  }
  return doc;
}

test("scenario documents: read → charges → bill", () => {
  assert.ok(scenarios.cases.length >= 20);
  for (const c of scenarios.cases) {
    const why = c.name;
    const doc = apply(c.set);
    // Objects and JSON text alike.
    for (const input of [doc, JSON.stringify(doc)]) {
      const [o, r] = run(() => {
        const lines = csp.charges(input, "2016-03-31");
        return c.op === "bill" ? [lines, csp.bill(input, "2016-04", 1)] : [lines];
      }, why);
      tally("scenario", o);
      if (c.error) {
        assert.equal(o, "error", `${why}: accepted`);
        assert.equal(r.code, c.error, `${why}: ${r.message}`);
        if (c.path) assert.equal(r.context.path, c.path, `${why}: ${r.message}`);
        if (c.message_contains) assert.ok(r.message.includes(c.message_contains), `${why}: ${r.message}`);
        continue;
      }
      assert.equal(o, "ok", `${why}: ${r.message}`);
      const [lines, billRun] = r;
      if (c.charges_total) assert.equal(sum(lines.map((l) => l.amount.amount)), c.charges_total, why);
      if (c.bill_total) assert.equal(sum(billRun.bills.map((b) => b.invoice.total.amount)), c.bill_total, why);
    }
  }
});
