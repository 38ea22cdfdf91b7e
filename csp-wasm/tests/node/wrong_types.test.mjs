// Any JS value passed to any export yields a result or a CspError, never a trap (issue 15).
// The exports are enumerated from the module itself: every function, every class's
// constructor, methods and getters. Each needs a row in GOOD (valid arguments), so a new
// export fails this test until it is added here. For each argument position (and one past
// the last), every value of WRONG replaces the good argument; the call must return or throw
// an Error named CspError whose `code` is one of errorCodes(), never a
// WebAssembly.RuntimeError ("unreachable", "memory access out of bounds") or a glue
// TypeError; and the module must still answer correctly afterwards.
// Run: node --test csp-wasm/tests/node/   (scripts/test-wasm builds pkg/node first)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const csp = require(process.env.CSP_WASM_NODE ?? join(here, "..", "..", "pkg", "node", "csp_wasm.js"));
const CODES = new Set(csp.errorCodes());

const HEADER = "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price\n";
const CSV = `${HEADER}E3,Office 365 E3,Corporate,Non-specific,17.60,22.00\n`;
const NCE = "ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate\n" +
  "Microsoft 365 Business Basic,CFQ7TTC0LH18,0001,Basic,P1Y,Annual,US,USD,72,2024-01-01,\n";
const NCE_QUERY = { offer: "CFQ7TTC0LH18:0001", term: "P1Y", plan: "annual", market: "US", currency: "USD" };
const newBook = () => {
  const b = new csp.PriceBook("USD");
  b.addLegacyCsv(CSV, "2016-01");
  b.addNceCsv(NCE);
  return b;
};
/** A one-row NCE invoice recon file and a legacy license-based one. */
const RECON = "CustomerId,SubscriptionId,ChargeType,ChargeStartDate,ChargeEndDate,UnitPrice," +
  "EffectiveUnitPrice,Quantity,Subtotal,Currency\nc1,s1,new,1/1/2024,1/31/2024,72,72,1,72.00,USD\n";
const LEGACY_RECON = "CustomerId,SyndicationPartnerSubscriptionNumber,ChargeStartDate,ChargeEndDate," +
  "ChargeType,UnitPrice,Quantity,Amount,Currency\nc1,s1,3/1/2016,3/31/2016,Cycle fee,4.00,2,8.00,USD\n";
const day = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000;
const SCENARIO = {
  version: 1, program: "legacy_2015", currency: "USD",
  customers: [{ id: "c1", name: "Contoso", segment: "commercial", origin: "created_by_partner" }],
  price_lists: [{ month: "2016-03", rows: [{ offer_id: "E3", offer_name: "E3", agreement_type: "corporate",
    secondary_type: "base", list_price: "4.00", erp_price: "5.00" }] }],
  events: [{ date: "2016-03-01", subscription: "s1", type: "order", customer: "c1", offer: "E3", quantity: 2, frequency: "monthly" }],
  partner: { name: "Partner", billing_day: 1 },
};
// A small NCE book (version 2): one order, its sheet inline.
const NCE_SCENARIO = {
  version: 2, program: "nce", currency: "USD", market: "US", as_of: "2024-03-01T00:00:00Z",
  customers: [{ id: "c1", name: "Contoso", segment: "commercial", origin: "created_by_partner" }],
  price_sheets: [{ csv: NCE }],
  events: [{ id: "o1", at: "2024-01-15T10:00:00Z", subscription: "s1", type: "order", customer: "c1",
    offer: "CFQ7TTC0LH18:0001", term: "P1Y", plan: "annual", quantity: 2 }],
};
const MARKUP = [{ offer: "CFQ7TTC0LH18:0001", rule: { type: "markup", percent: "10" } }];
const CHANNEL_SCENARIO = {
  ...NCE_SCENARIO,
  partner: { name: "Provider", billing_day: 1, invoice_prefix: "P-", resale: MARKUP },
  channel: {
    resellers: [{ id: "r1", name: "R1", mpn_id: "1", mpa_signed: true, linked_from: "2024-01-01",
      provider_terms: { name: "Provider", billing_day: 1, invoice_prefix: "P-R1-", resale: MARKUP },
      settings: { name: "R1", billing_day: 1, invoice_prefix: "R1-", resale: MARKUP } }],
    reseller_of_record: [{ customer: "c1", reseller: "r1", from: "2024-01-01" }],
  },
};
const NCE_LINE = { convention: "nce_a", unit_price: "192", cycles_per_term: 12, num: 13, den: 31, quantity: 3,
  refund: true, percent_off: "10", currency: "USD" };
// A GDAP document: one relationship approved and assigned (SPEC-NCE §18).
const GDAP = {
  users: [{ id: "ann", partner: "contoso", roles: ["admin_agent"], groups: ["helpdesk"] }],
  relationships: [{ id: "rel-1", partner: "contoso", customer: "fabrikam", roles: ["helpdesk_administrator"],
    duration: "P90D", created_at: "2025-01-01T00:00:00Z", requested_by: "csp:admin_agent", events: [
      { type: "approve", at: "2025-01-01T00:00:00Z", by: "customer:global_admin" },
      { type: "assign", at: "2025-01-01T00:00:00Z", group: "helpdesk", roles: ["helpdesk_administrator"] }] }],
};
const PRORATE = { currency: "USD", period_price: "4.00", quantity: 1, days_billed: 19, days_in_period: 31 };

// Valid arguments of every export: functions by name, classes' members as Class.member.
const GOOD = {
  agreementStatus: () => [{ signed_on: "2016-01-01" }],
  authorize: () => [{ actor: "csp:admin_agent", action: "add_seats" }],
  accessMatrix: () => [{ kinds: ["indirect_reseller"] }],
  gdapTimeline: () => [GDAP, "2025-02-01T00:00:00Z"],
  gdapDecide: () => [GDAP, "ann", "reset_user_password", "fabrikam", "2025-02-01T00:00:00Z"],
  gdapAccessDays: () => [GDAP, "rel-1", "2025-01-01", "2025-01-31"],
  bill: () => [SCENARIO, "2016-04", 1],
  charges: () => [SCENARIO, "2016-03-31"],
  detectPriceFormat: () => [CSV],
  errorCodes: () => [],
  parsePriceList: () => [CSV],
  projection: () => [SCENARIO, "2016-03", 2],
  prorate: () => [PRORATE],
  prorateMany: () => ["USD", undefined, BigInt64Array.of(400n), Int32Array.of(1), Uint32Array.of(19), Uint32Array.of(31)],
  quoteSeatChange: () => [{ currency: "USD", price: "16.00", seats: 20, order_date: "2016-01-11", frequency: "monthly",
    change: { type: "add_seats", date: "2016-02-20", quantity: 5 } }],
  version: () => [],
  nceBillChannel: () => [CHANNEL_SCENARIO, "2024-02", 1, null],
  nceCharges: () => [NCE_SCENARIO, "2024-02-01"],
  reconcile: () => [NCE_SCENARIO, RECON, "2024-01", { include_matched: true }],
  reconcileHtml: () => [SCENARIO, LEGACY_RECON, "2016-03"],
  nceSubscriptions: () => [NCE_SCENARIO, "2024-02-01T00:00:00Z"],
  nceWhatIf: () => [NCE_SCENARIO, { id: "q", at: "2024-01-16T00:00:00Z", subscription: "s1", type: "cancel" },
    "2024-01-16T00:00:00Z"],
  nceNaturalEnd: () => ["2021-01-31", 1],
  nceTerm: () => ["2021-04-22", 12, 1, "2022-04-02"],
  nceTermCycles: () => ["2021-04-22", 12, 1, "2022-04-02"],
  nceCycleAt: () => ["2021-04-22", 12, 1, "2022-04-02", "2021-05-01"],
  nceNextCycleStart: () => ["2021-04-22", 12, 1, null, "2021-05-01"],
  nceCalendarAlignedEnd: () => ["2022-07-15", 12],
  nceCotermEnds: () => ["2022-07-01", 36, { start: "2021-10-02", term_months: 12, cycle_months: 1 }],
  nceCheckCustomEnd: () => ["2022-07-15", 12, "2023-06-30", "2022-03-10"],
  nceCyclePrice: () => [{ unit_price: "3393.9", cycles_per_term: 12, erp_price: "4000", scale: 3 }],
  nceCyclesPerTerm: () => ["P3Y", "annual"],
  priceNceLine: () => [NCE_LINE],
  "PriceBook.new": () => ["USD"],
  "PriceBook.addLegacyCsv": () => [CSV.replace("17.60", "18.00"), "2016-02"],
  "PriceBook.price": () => ["E3", "2016-01-15", undefined],
  "PriceBook.rows": () => ["2016-01-15"],
  "PriceBook.addNceCsv": () => [NCE.replace(",72,", ",75,")],
  "PriceBook.ncePrice": () => [NCE_QUERY, "2024-03-01"],
  "PriceBook.currency": () => [],
  "PriceBook.prorateSeatChange": () => ["E3", 2, "2016-01-06", "2016-12-05", undefined],
  "PriceBook.prorateSeatChanges": () => [["E3"], 1, Uint32Array.of(0), Uint32Array.of(0), Int32Array.of(2),
    Int32Array.of(day("2016-01-06")), Int32Array.of(day("2016-12-05")), "annual", undefined, true],
  "SeatChangeBatch.new": () => [],
  "SeatChangeBatch.totals": () => [],
  "SeatChangeBatch.lineCounts": () => [],
  "SeatChangeBatch.amounts": () => [],
  "SeatChangeBatch.serviceEnd": () => [],
  "SeatChangeBatch.days": () => [],
  "SeatChangeBatch.periodDays": () => [],
};
// Members not called: wasm-bindgen's own (destroying the instance is the caller's act).
const SKIP = new Set(["constructor", "free", "__destroy_into_raw"]);

const big = "x".repeat((64 << 20) + 1); // one character over the text cap
const ROWS = (1 << 20) + 1; // one row over the batch cap
const WRONG = {
  undefined: undefined, null: null, true: true, "0": 0, "2.9": 2.9, NaN: NaN, Infinity: Infinity, "-1": -1,
  "2**32+2": 2 ** 32 + 2, "-1e10": -1e10, "1e308": 1e308, "-0": -0, "2**53": 2 ** 53, bigint: 10n ** 30n,
  "empty string": "", string: "E3", "date text": "2016-03-01", "bad JSON": "{", "JSON null": "null",
  "JSON number": "5", object: {}, "object with junk": { a: 1, __proto__: { b: 2 } }, array: [], "array of numbers": [1, 2.9],
  "array of strings": ["E3"], Date: new Date(Date.UTC(2016, 2, 1)), function: () => 1, symbol: Symbol("s"),
  Map: new Map(), "Float64Array": Float64Array.of(2.9), "Int32Array": Int32Array.of(-(2 ** 31)),
  "Uint32Array max": Uint32Array.of(2 ** 32 - 1), "BigInt64Array": BigInt64Array.of(-(2n ** 63n)),
  "huge string": big, "huge Int32Array": new Int32Array(ROWS), "huge Uint32Array": new Uint32Array(ROWS),
  "huge BigInt64Array": new BigInt64Array(ROWS), "huge array": new Array(ROWS).fill("E3"),
  "cyclic object": (() => { const o = {}; o.o = o; return o; })(),
};

/** Every export as [name, call(args)]: functions, constructors, methods and getters. */
function members() {
  const out = [];
  for (const [name, value] of Object.entries(csp)) {
    if (typeof value !== "function") continue;
    const isClass = /^class\b/.test(Function.prototype.toString.call(value));
    if (!isClass) {
      out.push([name, value.length, (args) => value(...args)]);
      continue;
    }
    out.push([`${name}.new`, value.length, (args) => new value(...args)]);
    for (const member of Object.getOwnPropertyNames(value.prototype)) {
      if (SKIP.has(member)) continue;
      const d = Object.getOwnPropertyDescriptor(value.prototype, member);
      const instance = () => (name === "PriceBook" ? newBook() : batchOf());
      if (d.get) out.push([`${name}.${member}`, 0, () => instance()[member]]);
      else out.push([`${name}.${member}`, d.value.length, (args) => instance()[member](...args)]);
    }
  }
  return out;
}
const batchOf = () => newBook().prorateSeatChanges(...GOOD["PriceBook.prorateSeatChanges"]());

/** Calls f; a result is fine, a throw must be a CspError with a known code. Returns the outcome. */
function outcome(f, why) {
  try {
    f();
    return "accepted";
  } catch (e) {
    assert.ok(!(e instanceof WebAssembly.RuntimeError), `${why}: a trap: ${e}`);
    assert.ok(e instanceof Error, `${why}: not an Error: ${String(e)}`);
    assert.equal(e.name, "CspError", `${why}: ${e.name}: ${e.message}`);
    assert.ok(CODES.has(e.code), `${why}: unknown code ${e.code}`);
    assert.equal(typeof e.context, "object", why);
    return "refused";
  }
}

/** The module still answers, exactly. */
function stillWorks(why) {
  assert.equal(csp.prorate(PRORATE).amount.amount, "2.45", `after ${why}`);
}

test("every export has valid arguments here, and answers them", () => {
  const names = members().map(([name]) => name);
  assert.deepEqual(names.filter((n) => !GOOD[n]), [], "exports with no row in GOOD");
  assert.deepEqual(Object.keys(GOOD).filter((n) => !names.includes(n)), [], "rows of GOOD with no export");
  for (const [name, , call] of members()) {
    if (name === "SeatChangeBatch.new") continue; // always refused: made by prorateSeatChanges
    assert.doesNotThrow(() => call(GOOD[name]()), name);
  }
});

test("any JS value in any argument position: a result or a CspError, never a trap", () => {
  const tally = { accepted: 0, refused: 0 };
  for (const [name, arity, call] of members()) {
    const good = GOOD[name]();
    for (let pos = 0; pos <= Math.max(arity, good.length); pos++) {
      for (const [label, value] of Object.entries(WRONG)) {
        const args = [...good];
        args[pos] = value;
        const why = `${name} argument ${pos} = ${label}`;
        tally[outcome(() => call(args), why)]++;
        stillWorks(why);
      }
    }
  }
  assert.ok(tally.refused > 1000, JSON.stringify(tally));
  console.log(`wrong types: ${tally.accepted + tally.refused} calls, ${tally.refused} refused, ${tally.accepted} accepted`);
});

test("what used to be truncated, wrapped or trapped is refused with the core's code", () => {
  const code = (f) => {
    try {
      f();
      return "accepted";
    } catch (e) {
      return e.code;
    }
  };
  const book = newBook();
  const seats = (q) => code(() => csp.prorate({ ...PRORATE, quantity: q }));
  for (const q of [2.9, NaN, Infinity, 2 ** 32 + 2, -1e10, 0, 1e6 + 1, "2"]) assert.equal(seats(q), "invalid_quantity", String(q));
  assert.equal(seats(-1), "accepted"); // a one-seat credit
  for (const q of [2.9, NaN, 2 ** 32 + 2, 0]) {
    assert.equal(code(() => book.prorateSeatChange("E3", q, "2016-01-06", "2016-12-05")), "invalid_quantity", String(q));
    assert.equal(code(() => csp.quoteSeatChange({ ...GOOD.quoteSeatChange()[0], seats: q })), "invalid_quantity", String(q));
  }
  const days = (k, d) => code(() => csp.prorate({ ...PRORATE, [k]: d }));
  for (const d of [2.9, NaN, 2 ** 32 + 19, -1, 1097]) {
    assert.equal(days("days_billed", d), "invalid_input", `days_billed ${d}`);
    assert.equal(days("days_in_period", d), "invalid_input", `days_in_period ${d}`);
  }
  assert.equal(days("days_billed", 0), "invalid_proration"); // as before: the core's own refusal
  for (const n of [-1, 0, 2.9, NaN, 2 ** 32]) assert.equal(code(() => csp.bill(SCENARIO, "2016-04", n)), "invalid_input", `invoice ${n}`);
  for (const n of [NaN, 0, -1, 2.9, 121]) assert.equal(code(() => csp.projection(SCENARIO, "2016-03", n)), "invalid_input", `months ${n}`);
  assert.equal(csp.projection(SCENARIO, "2016-03", 120).length, 120);
  assert.equal(code(() => csp.prorate({ ...PRORATE, period_price: "-4.00" })), "invalid_input");
  assert.equal(code(() => book.addLegacyCsv(12345, "2016-02")), "invalid_input");
  assert.equal(code(() => new csp.PriceBook(840)), "invalid_input");
  assert.equal(code(() => book.price("E3", new Date())), "invalid_input");
  assert.equal(code(() => csp.parsePriceList(5)), "invalid_input");
  assert.equal(code(() => csp.parsePriceList(big)), "invalid_input");
  const n = ROWS;
  assert.equal(code(() => csp.prorateMany("USD", undefined, new BigInt64Array(n), new Int32Array(n),
    new Uint32Array(n), new Uint32Array(n))), "invalid_column");
  // A Date or Map where an object is expected has no keys to refuse: it is refused as such.
  for (const policy of [new Date(), new Map()]) {
    assert.equal(code(() => csp.prorate({ ...PRORATE, policy })), "invalid_input");
    assert.equal(code(() => csp.prorateMany("USD", policy, BigInt64Array.of(400n), Int32Array.of(1),
      Uint32Array.of(19), Uint32Array.of(31))), "invalid_input");
  }
  // A negative price in minor units is refused like the text "-4.00".
  assert.equal(code(() => csp.prorateMany("USD", undefined, BigInt64Array.of(-400n), Int32Array.of(1),
    Uint32Array.of(19), Uint32Array.of(31))), "invalid_input");
  // A batch row whose seats would have been a large credit is named.
  const e = (() => {
    try {
      csp.prorateMany("USD", undefined, BigInt64Array.of(400n, 400n), Int32Array.of(1, -2_000_000_000),
        Uint32Array.of(19, 19), Uint32Array.of(31, 31));
    } catch (err) {
      return err;
    }
  })();
  assert.deepEqual([e.code, e.context.row], ["invalid_quantity", "1"]);
  // The row named is the first refused, by the binding's reader or by the core.
  const first = (() => {
    try {
      csp.prorateMany("USD", undefined, BigInt64Array.of(400n, 400n), Int32Array.of(1, 0),
        Uint32Array.of(40, 19), Uint32Array.of(31, 31));
    } catch (err) {
      return err;
    }
  })();
  assert.deepEqual([first.code, first.context.row], ["invalid_proration", "0"]);
  const r = book.prorateSeatChanges(["E3"], 1, Uint32Array.of(0), Uint32Array.of(0), Int32Array.of(2),
    Int32Array.of(day("2016-01-06")), Int32Array.of(day("2016-12-05")), undefined, undefined, true);
  assert.deepEqual([...r.amounts], [3693n]); // 12 × 17.60 × 2 × 32 / 366 = 36.93 (seat_batch.test.mjs)
  assert.equal(code(() => book.prorateSeatChanges(["E3"], 1, Uint32Array.of(0), Uint32Array.of(0), Int32Array.of(2),
    Int32Array.of(day("2016-01-06")), Int32Array.of(day("2016-12-05")), undefined, undefined, "yes")), "invalid_input");
  // Day numbers outside 2000-01-01 … 9999-12-31 (year 50000 would be priced at the latest list).
  // Beyond the calendar itself (±2^31 days) the core says date_out_of_range.
  for (const [d, want] of [[day("1999-12-31"), "invalid_input"], [day("9999-12-31") + 1, "invalid_input"],
    [Date.UTC(50000, 0, 1) / 86400000, "invalid_input"], [2 ** 31 - 1, "date_out_of_range"], [-(2 ** 31), "date_out_of_range"]]) {
    assert.equal(code(() => book.prorateSeatChanges(["E3"], 1, Uint32Array.of(0), Uint32Array.of(0), Int32Array.of(2),
      Int32Array.of(d), Int32Array.of(day("2016-12-05")))), want, `term start ${d}`);
    assert.equal(code(() => book.prorateSeatChanges(["E3"], 1, Uint32Array.of(0), Uint32Array.of(0), Int32Array.of(2),
      Int32Array.of(day("2016-01-06")), Int32Array.of(d))), want, `change date ${d}`);
  }
  assert.equal(code(() => book.prorateSeatChanges(["E3"], 1, [0], Uint32Array.of(0), Int32Array.of(2),
    Int32Array.of(day("2016-01-06")), Int32Array.of(day("2016-12-05")))), "invalid_column");
});
