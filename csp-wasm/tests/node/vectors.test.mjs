// The shared, language-neutral vectors (testdata/vectors/*.json) against the Node build of
// csp-wasm (pkg/node, CommonJS). Every amount is compared as an exact decimal string.
// Run: node --test csp-wasm/tests/node/   (scripts/test-wasm builds pkg/node first)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const testdata = join(root, "testdata");
const require = createRequire(import.meta.url);
const csp = require(process.env.CSP_WASM_NODE ?? join(here, "..", "..", "pkg", "node", "csp_wasm.js"));

const load = (name) => JSON.parse(readFileSync(join(testdata, "vectors", name), "utf8"));
const csvOf = (v) => v.csv ?? readFileSync(join(testdata, v.file), "utf8");

/** Calls f, expects a CspError; returns it. */
function throwsCsp(f, why) {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof Error, `${why}: not an Error: ${e}`);
    assert.equal(e.name, "CspError", `${why}: ${e}`);
    assert.equal(typeof e.code, "string", why);
    assert.equal(typeof e.context, "object", why);
    return e;
  }
  assert.fail(`${why}: expected a CspError`);
}

/** Checks code and every other key of `expect` against the error's context (as strings). */
function checkError(e, expect, why) {
  assert.equal(e.code, expect.error ?? expect.code, `${why}: ${e.message}`);
  for (const [k, want] of Object.entries(expect)) {
    if (k === "error" || k === "code" || k.startsWith("_")) continue;
    assert.equal(e.context[k], typeof want === "string" ? want : JSON.stringify(want), `${why}: context ${k}`);
  }
}

/** A decimal string without trailing fractional zeros ("513.00" → "513", "-0.50" → "-0.5"). */
const norm = (s) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);

test("proration vectors", () => {
  const cases = load("proration.json").cases;
  assert.ok(cases.length >= 15);
  for (const c of cases) {
    const why = c._comment;
    const input = {
      currency: c.currency, period_price: c.period_price, quantity: c.quantity,
      days_billed: c.days_billed, days_in_period: c.days_in_period, policy: c.policy,
    };
    if (c.expect.error) {
      checkError(throwsCsp(() => csp.prorate(input), why), c.expect, why);
      continue;
    }
    const p = csp.prorate(input);
    assert.equal(p.amount.amount, c.expect.amount, why);
    assert.equal(p.amount.currency, c.currency, why);
    assert.equal(p.unit, c.expect.unit, why);
    assert.equal(p.daily_rate, c.expect.daily_rate ?? null, why);
  }
});

/** "2.45" at 2 minor units → 245n; exact string arithmetic, no floats. */
function toMinor(text, units) {
  const neg = text.startsWith("-");
  const [i, f = ""] = text.replace("-", "").split(".");
  const digits = (i + f.padEnd(units, "0").slice(0, units)).replace(/^0+(?=\d)/, "");
  return BigInt(neg ? "-" + digits : digits);
}
const MINOR = { USD: 2, EUR: 2, GBP: 2, JPY: 0, KWD: 3, BHD: 3 };

test("proration vectors through the batch entry point (BigInt64Array minor units)", () => {
  const cases = load("proration.json").cases.filter(
    (c) => !c.expect.error && c.period_price.replace("-", "").split(".")[1]?.length <= MINOR[c.currency],
  );
  assert.ok(cases.length >= 10, `${cases.length} batchable cases`);
  const byKey = new Map();
  for (const c of cases) {
    const key = c.currency + JSON.stringify(c.policy);
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key).push(c);
  }
  for (const group of byKey.values()) {
    const { currency, policy } = group[0];
    const units = MINOR[currency];
    const out = csp.prorateMany(
      currency, policy,
      BigInt64Array.from(group.map((c) => toMinor(c.period_price, units))),
      Int32Array.from(group.map((c) => c.quantity)),
      Uint32Array.from(group.map((c) => c.days_billed)),
      Uint32Array.from(group.map((c) => c.days_in_period)),
    );
    assert.ok(out instanceof BigInt64Array);
    group.forEach((c, i) => assert.equal(out[i], toMinor(c.expect.amount, units), c._comment));
  }
  const e = throwsCsp(() => csp.prorateMany("USD", undefined, new BigInt64Array([400n, 400n]),
    new Int32Array([1, 1]), new Uint32Array([1, 40]), new Uint32Array([31, 31])), "row 1 refused");
  assert.equal(e.code, "invalid_proration");
  assert.equal(e.context.row, "1");
  const lengths = throwsCsp(() => csp.prorateMany("USD", undefined, new BigInt64Array([1n]),
    new Int32Array([]), new Uint32Array([1]), new Uint32Array([1])), "lengths");
  assert.deepEqual([lengths.code, lengths.family, lengths.context.column],
    ["invalid_column", "input", "quantities"]);
});

test("agreement vectors", () => {
  const cases = load("agreement.json").cases;
  assert.ok(cases.length >= 10);
  let queries = 0;
  for (const c of cases) {
    const why = c._comment;
    const base = { signed_on: c.signed_on, kind: c.kind, notices: c.notices };
    if (c.expect_error) {
      checkError(throwsCsp(() => csp.agreementStatus(base), why), c.expect_error, why);
      continue;
    }
    for (const q of c.queries) {
      const s = csp.agreementStatus({ ...base, on: q.on });
      const w = `${why} — on ${q.on}`;
      assert.equal(s.end_date, c.end_date, `${w}: end date`);
      assert.equal(s.in_force, q.in_force, `${w}: in_force`);
      if (q.term === null) assert.equal(s.term, null, w);
      else {
        assert.equal(s.term.number, q.term.number, w);
        assert.equal(s.term.first, q.term.first, w);
        assert.equal(s.term.last, q.term.last, w);
      }
      assert.equal(s.next_renewal, q.next_renewal, `${w}: next renewal`);
      assert.equal(s.notice_deadline, q.notice_deadline, `${w}: notice deadline`);
      queries++;
    }
  }
  assert.ok(queries >= 20, `${queries} queries`);
});

test("access vectors", () => {
  const cases = load("access.json").cases;
  assert.ok(cases.length >= 90);
  const failures = [];
  for (const c of cases) {
    const d = csp.authorize({ actor: c.actor, action: c.action, relationship: c.relationship, program: c.program });
    if (d.allowed !== c.expect.allowed || d.rule !== c.expect.rule) {
      failures.push(`${c._comment}: got ${d.allowed} ${d.rule}`);
    }
  }
  assert.deepEqual(failures, []);
});

test("access matrix by kind (SPEC-NCE §17.4)", () => {
  // 5 reseller profiles × 23 actions; a reseller never orders, never attests.
  const cells = csp.accessMatrix({ kinds: ["indirect_reseller"] });
  assert.equal(cells.length, 5 * 23);
  assert.ok(cells.every((c) => c.actor.type === "partner" && c.actor.program === "indirect_reseller"));
  const cell = (profile, action) => cells.find((c) => c.profile === profile && c.action === action).decision;
  assert.deepEqual([cell("reseller_admin_agent", "order_subscription").allowed, cell("reseller_admin_agent", "order_subscription").rule],
    [false, "reseller_transacts_through_provider"]);
  assert.equal(cell("reseller_sales_agent", "attest_customer_agreement").rule, "reseller_cannot_attest");
  assert.equal(cell("reseller_billing_admin", "view_reseller_bills").rule, "reseller_sees_own_bills");
  // Without kinds: every profile (5 direct-bill, 5 provider, 5 reseller, 1 advisor, 4 customer).
  assert.equal(csp.accessMatrix({}).length, 20 * 23);
  assert.throws(() => csp.accessMatrix({ kinds: ["distributor"] }), (e) => e.name === "CspError" && e.code === "invalid_input");
});

test("gdap vectors", () => {
  const cases = load("gdap.json").cases;
  assert.ok(cases.length >= 60);
  const failures = [];
  for (const c of cases) {
    const why = c._comment;
    if (c.expect_error !== undefined) {
      try {
        csp.gdapTimeline(c.document, "2025-01-01");
        failures.push(`${why}: accepted, expected ${c.expect_error}`);
      } catch (e) {
        if (e.name !== "CspError" || e.code !== c.expect_error) failures.push(`${why}: got ${e.name} ${e.code}`);
      }
      continue;
    }
    // Objects and JSON text are both accepted.
    const text = JSON.stringify(c.document);
    for (const q of c.timeline ?? []) {
      const got = csp.gdapTimeline(text, q.as_of).find((t) => t.id === q.relationship);
      for (const [key, want] of Object.entries(q.expect)) {
        if (JSON.stringify(got[key]) !== JSON.stringify(want)) {
          failures.push(`${why}: ${q.as_of} ${key}: got ${JSON.stringify(got[key])}`);
        }
      }
    }
    for (const q of c.access_days ?? []) {
      const got = csp.gdapAccessDays(c.document, q.relationship, q.from, q.to);
      if (JSON.stringify(got) !== JSON.stringify(q.expect)) failures.push(`${why}: access days ${JSON.stringify(got)}`);
    }
    for (const q of c.decide ?? []) {
      const d = csp.gdapDecide(c.document, q.user, q.action, q.customer, q.at);
      if (d.allowed !== q.expect.allowed || d.rule !== q.expect.rule || !d.reason) {
        failures.push(`${why} / ${q._comment}: got ${d.allowed} ${d.rule}`);
      }
    }
  }
  assert.deepEqual(failures, []);
});

test("charge vectors (scenarios replayed)", () => {
  const cases = load("charges.json").cases;
  assert.ok(cases.length >= 8);
  for (const c of cases) {
    const [from, to] = c.window;
    // Objects and JSON text are both accepted.
    const lines = csp.charges(JSON.stringify(c.scenario), c.as_of);
    assert.deepEqual(csp.charges(c.scenario, c.as_of), lines, c._comment);
    const got = lines
      .filter((l) => from <= l.date && l.date <= to)
      .map((l) => [l.kind, l.date, l.service_period.first, l.service_period.last, l.quantity, l.unit_amount, l.amount.amount]);
    const want = c.expect.map((l) => [l.kind, l.date, l.service_start, l.service_end, l.quantity, l.unit_amount, l.amount]);
    assert.deepEqual(got, want, c._comment);
  }
});

test("billing vectors (the demo partner's bill)", () => {
  const v = load("billing.json");
  for (const c of v.bills) {
    const scenario = readFileSync(join(testdata, c.scenario), "utf8");
    const run = csp.bill(scenario, c.month, c.first_number);
    const x = c.expect;
    assert.deepEqual([run.window.first, run.window.last], x.window);
    assert.equal(run.issue_date, x.issue_date);
    assert.equal(run.bills.length, x.invoices.length);
    run.bills.forEach(({ invoice, statement }, i) => {
      const want = x.invoices[i];
      const why = want._comment;
      assert.equal(invoice.customer, want.customer, why);
      assert.equal(invoice.number, want.number, why);
      for (const [k, got] of [["subtotal", invoice.subtotal], ["tax", invoice.tax], ["total", invoice.total],
        ["cost", statement.cost], ["margin", statement.margin], ["financed_balance", statement.financed_balance]]) {
        assert.equal(norm(got.amount), norm(want[k]), `${why}: ${k}`);
      }
      assert.equal(invoice.credit_note, want.credit_note, why);
    });
    for (const k of ["cost", "revenue", "margin", "financed_balance"]) {
      assert.equal(run.totals[k].amount, x.totals[k], `totals ${k}`);
    }
    const next = csp.projection(scenario, c.month, 2);
    assert.equal(next.length, 2);
    assert.ok(next.every((r) => r.projected === true));
  }
});

test("price list vectors (legacy books and parse errors)", () => {
  const v = load("price_list.json");
  let checked = 0;
  for (const b of v.books) {
    const book = new csp.PriceBook(b.currency);
    for (const l of b.lists) book.addLegacyCsv(csvOf(l), l.month);
    for (const q of b.queries) {
      const why = q._comment;
      if (q.expect.error) {
        checkError(throwsCsp(() => book.price(q.offer, q.date, q.as_of), why), q.expect, why);
      } else {
        const p = book.price(q.offer, q.date, q.as_of);
        assert.equal(p.list.amount, q.expect.list_price, why);
        assert.equal(p.erp.amount, q.expect.erp_price, why);
        assert.equal(p.list_effective_from, q.expect.list_effective_from, why);
      }
      checked++;
    }
    book.free();
  }
  for (const c of v.parse_errors.filter((c) => c.format === "legacy")) {
    const e = throwsCsp(() => csp.parsePriceList(c.csv), c._comment);
    assert.equal(e.code, c.expect.code, `${c._comment}: ${e.message}`);
    assert.equal(e.context.line, String(c.expect.line), `${c._comment}: line`);
    assert.equal(e.context.column, String(c.expect.column), `${c._comment}: column`);
    if (c.expect.name) assert.equal(e.context.name, c.expect.name, c._comment);
    checked++;
  }
  assert.ok(checked >= 20, `${checked} checks`);
});

test("quote: the SPEC example seat change, its following charges and the term end", () => {
  // README of testdata/scenarios: 5 seats added 20 February to a monthly E3 at 16.00 ordered
  // 11 January 2016: 5 × 16.00 × 20/29 = 55.1724… → 55.17.
  const q = csp.quoteSeatChange({
    currency: "USD", price: "16.00", seats: 20, order_date: "2016-01-11", frequency: "monthly",
    change: { type: "add_seats", date: "2016-02-20", quantity: 5 },
  });
  assert.equal(q.seat_charge.amount.amount, "55.17");
  assert.deepEqual([q.seat_charge.days, q.seat_charge.period_days], [20, 29]);
  assert.deepEqual(q.seat_charge.service_period, { first: "2016-02-20", last: "2016-03-10" });
  assert.deepEqual(q.term, { first: "2016-01-11", last: "2017-01-10" });
  assert.equal(q.change.length, 1);
  assert.equal(q.change[0].amount.amount, "55.17");
  assert.equal(q.following.length, 10); // cycle fees 11 March … 11 December
  assert.ok(q.following.every((l) => l.kind === "cycle_fee" && l.quantity === 25 && l.amount.amount === "400.00"));
  assert.equal(q.following.at(-1).service_period.last, "2017-01-10");
  // The same through a price list file.
  const csv = readFileSync(join(testdata, "price-lists", "legacy-2016-02-USD.csv"), "utf8");
  const viaList = csp.quoteSeatChange({
    currency: "USD", offer: "4B2D8F63-1E9A-4C7B-B5D0-3A6F8E2C1D97", price_lists: [{ month: "2016-02", csv }],
    seats: 20, order_date: "2016-02-11", frequency: "monthly",
    change: { type: "add_seats", date: "2016-03-20", quantity: 5 },
  });
  assert.equal(viaList.seat_charge.period_price, "16.00");
  // Late suspension (after 30 days): −25 × 16.00 × 25/30 = −333.33 (testdata/scenarios README).
  const s = csp.quoteSeatChange({
    currency: "USD", price: "16.00", seats: 25, order_date: "2016-02-15", frequency: "monthly",
    change: { type: "suspend", date: "2016-04-20" },
  });
  assert.equal(s.seat_charge, null);
  assert.equal(s.change[0].kind, "suspension_credit");
  assert.equal(s.change[0].amount.amount, "-333.33");
  assert.equal(s.following.length, 0);
});

test("quote refusals are CspErrors with the core's codes", () => {
  const base = {
    currency: "USD", price: "16.00", seats: 20, order_date: "2016-01-11", frequency: "monthly",
    change: { type: "add_seats", date: "2016-02-20", quantity: 5 },
  };
  const code = (patch) => throwsCsp(() => csp.quoteSeatChange({ ...base, ...patch }), JSON.stringify(patch)).code;
  assert.equal(code({ change: { type: "add_seats", date: "2017-01-11", quantity: 5 } }), "date_outside_term");
  assert.equal(code({ change: { type: "add_seats", date: "2016-01-10", quantity: 5 } }), "date_outside_term");
  assert.equal(code({ change: { type: "add_seats", date: "2016-02-20", quantity: -5 } }), "invalid_quantity");
  assert.equal(code({ change: { type: "remove_seats", date: "2016-02-20", quantity: 20 } }), "invalid_quantity");
  assert.equal(code({ seats: -3 }), "invalid_quantity");
  assert.equal(code({ seats: 0 }), "invalid_quantity");
  // Seats are read by the one seat reader (issue 15): not a whole number is `invalid_quantity`.
  assert.equal(code({ seats: 1.5 }), "invalid_quantity");
  assert.equal(code({ price: 16 }), "invalid_input");
  assert.equal(code({ price: "abc" }), "invalid_input");
  assert.equal(code({ order_date: "2016-02-30" }), "invalid_input");
  assert.equal(code({ currency: "XXX" }), "unknown_currency");
  assert.equal(code({ frequency: "weekly" }), "invalid_input");
  assert.equal(code({ extra: 1 }), "invalid_input");
  const e = throwsCsp(() => csp.quoteSeatChange({
    ...base, price: undefined, offer: "E3", price_lists: [{ month: "2016-01", csv: "Offer ID,List Price\nE3,4" }],
  }), "malformed csv");
  assert.equal(e.code, "missing_column");
  assert.equal(e.context.line, "1");
});

test("quote input: JSON text, a proration policy, and field-by-field refusals", () => {
  const base = {
    currency: "USD", price: "16.00", seats: 20, order_date: "2016-01-11", frequency: "monthly",
    change: { type: "add_seats", date: "2016-02-20", quantity: 5 },
  };
  // The same object as JSON text gives the same quote.
  assert.deepEqual(csp.quoteSeatChange(JSON.stringify(base)), csp.quoteSeatChange(base));
  // SPEC §6.4 policy: the daily rate 16.00 / 29 = 0.5517… rounded half-up to 0.55; one seat
  // for 20 days 20 × 0.55 = 11.00; 5 seats 55.00 (55.17 with the exact default above).
  const policy = { daily_rate: { scale: 2, mode: "half_up" }, unit: null, line: "half_up" };
  const q = csp.quoteSeatChange({ ...base, policy });
  assert.equal(q.change[0].daily_rate, "0.55");
  assert.equal(q.seat_charge.unit, "11.00");
  assert.equal(q.seat_charge.amount.amount, "55.00");
  const code = (patch) => throwsCsp(() => csp.quoteSeatChange({ ...base, ...patch }), JSON.stringify(patch)).code;
  assert.equal(code({ seats: "20" }), "invalid_quantity");
  assert.equal(code({ change: { ...base.change, extra: 1 } }), "invalid_input");
  assert.equal(code({ change: { ...base.change, quantity: 2.5 } }), "invalid_quantity");
  assert.equal(code({ change: undefined }), "invalid_input");
  // Only the top-level input may be JSON text.
  assert.equal(code({ change: JSON.stringify(base.change) }), "invalid_input");
  assert.equal(throwsCsp(() => csp.agreementStatus({
    signed_on: "2016-01-01", notices: [JSON.stringify({ given_on: "2016-05-01", by: "partner" })],
  }), "a notice as JSON text").code, "invalid_input");
  assert.equal(code({ policy: { ...policy, daily_rate: { scale: 2, mode: "sideways" } } }), "invalid_input");
  assert.equal(code({ policy: { ...policy, daily_rate: { scale: 29, mode: "half_up" } } }), "invalid_rounding");
  assert.equal(code({ policy: { ...policy, extra: true } }), "invalid_input");
  assert.equal(code({ price_lists: "not a list" }), "invalid_input");
  assert.equal(throwsCsp(() => csp.quoteSeatChange("{not json"), "bad JSON text").code, "invalid_input");
  assert.equal(throwsCsp(() => csp.quoteSeatChange([base]), "an array").code, "invalid_input");
});

test("no input makes the module panic", () => {
  const weird = [undefined, null, 0, -1, 1e308, NaN, "", "{", "[]", "null", {}, [], { version: 1 },
    "x".repeat(100000), 10n ** 30n, { currency: "USD", seats: 2 ** 53 }, Symbol.iterator];
  const calls = [
    (x) => csp.prorate(x), (x) => csp.agreementStatus(x), (x) => csp.authorize(x),
    (x) => csp.quoteSeatChange(x), (x) => csp.charges(x), (x) => csp.bill(x, "2016-03", 1),
    (x) => csp.projection(x, "2016-03", 1), (x) => csp.parsePriceList(String(x?.toString?.() ?? x)),
  ];
  let n = 0;
  for (const call of calls) {
    for (const x of weird) {
      try {
        call(x);
      } catch (e) {
        // Only CspErrors (or JS TypeErrors raised by the glue for a wrong JS type): never a
        // wasm trap (RuntimeError: unreachable), which would poison the module.
        assert.ok(e.name === "CspError" || e instanceof TypeError, `${e.name}: ${e.message}`);
      }
      n++;
    }
  }
  // The module still works afterwards.
  assert.equal(csp.prorate({ currency: "USD", period_price: "4.00", quantity: 1, days_billed: 19, days_in_period: 31 }).amount.amount, "2.45");
  assert.ok(n > 100);
  assert.ok(csp.errorCodes().includes("date_outside_term"));
  assert.match(csp.version(), /^\d+\.\d+\.\d+$/);
});
