// NCE through the Node build (issue 16, SPEC-NCE §13–§14): every case of the language-neutral
// vectors testdata/vectors/nce/calendar.json and lines.json (their logic mirrors
// csp-core/tests/nce_calendar_vectors.rs and nce_line_vectors.rs), the example book
// testdata/scenarios/nce-example.json (its sheet inlined as {"csv": …}) with the totals derived
// by hand in csp-cli/tests/nce.rs, its subscriptions' states as of its as_of (derived below
// from SPEC-NCE §13), and refusals.
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
const load = (name) => JSON.parse(readFileSync(join(testdata, "vectors", "nce", name), "utf8"));

/** Calls f, expects a CspError; returns it. */
function throwsCsp(f, why) {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof Error, `${why}: not an Error: ${e}`);
    assert.equal(e.name, "CspError", `${why}: ${e}`);
    assert.equal(typeof e.code, "string", why);
    return e;
  }
  assert.fail(`${why}: expected a CspError`);
}

// Exact decimals for the checks: [digits as BigInt, scale].
const dec = (s) => {
  const [w, f = ""] = s.replace(/^-/, "").split(".");
  const n = BigInt(w + f) * (s.startsWith("-") ? -1n : 1n);
  return [n, f.length];
};
const at = ([n, s], scale) => n * 10n ** BigInt(scale - s);
const eq = (a, b) => {
  const [x, y] = [dec(a), dec(b)];
  const s = Math.max(x[1], y[1]);
  return at(x, s) === at(y, s);
};
const add = (a, b) => {
  const [x, y] = [dec(a), dec(b)];
  const s = Math.max(x[1], y[1]);
  const n = at(x, s) + at(y, s);
  const neg = n < 0n;
  const t = (neg ? -n : n).toString().padStart(s + 1, "0");
  return `${neg ? "-" : ""}${s ? `${t.slice(0, -s)}.${t.slice(-s)}` : t}`;
};
const sum = (xs) => xs.reduce(add, "0.00");
const days = (a, b) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000 + 1;

// ---- calendar.json -------------------------------------------------------------------------

/** The case's outcome in the file's shape (as nce_calendar_vectors.rs builds it). */
function runCalendar(c) {
  const term = [c.start, c.term_months, c.cycle_months, c.custom_end];
  try {
    switch (c.op) {
      case "term_end":
        return { expect: { end: csp.nceNaturalEnd(c.start, c.term_months) } };
      case "term": {
        const t = csp.nceTerm(...term);
        return { expect: { first: t.first, last: t.last, days: t.days, anchor: t.anchor, shortened: t.shortened, next: t.next } };
      }
      case "cycles":
        return { expect: { cycles: csp.nceTermCycles(...term) } };
      case "cycle_days": {
        const cy = csp.nceCycleAt(...term, c.day);
        return { expect: { first: cy.first, last: cy.last, days_in_cycle: cy.days_in_cycle } };
      }
      case "aligned_end":
        return { expect: { end: csp.nceCalendarAlignedEnd(c.start, c.term_months) } };
      case "coterm_ends":
        return { expect: { ends: csp.nceCotermEnds(c.start, c.term_months, c.with) } };
      case "check_custom_end":
        assert.equal(csp.nceCheckCustomEnd(c.start, c.term_months, c.end, c.custom_end_dates_from), undefined);
        return { expect: {} };
      default:
        assert.fail(`unknown op ${c.op}`);
    }
  } catch (e) {
    if (e.name !== "CspError") throw e;
    const err = { code: e.code };
    if (c.expect_error && "rule" in c.expect_error) err.rule = e.context.rule ?? null;
    return { expect_error: err };
  }
}

test("calendar.json: every case through the nce* calendar exports", () => {
  const cases = load("calendar.json").cases;
  let ran = 0;
  const failures = [];
  for (const c of cases) {
    const want = c.expect_error ? { expect_error: c.expect_error } : { expect: c.expect };
    try {
      assert.deepEqual(runCalendar(c), want);
    } catch (e) {
      failures.push(`${c.name}: ${e.message}`);
    }
    ran++;
  }
  assert.deepEqual(failures, []);
  assert.equal(ran, cases.length);
  assert.equal(ran, 45);
});

// ---- lines.json ----------------------------------------------------------------------------

function runCyclePrice(c) {
  const expect = c.expect;
  let price;
  const shown = [];
  try {
    assert.equal(csp.nceCyclesPerTerm(c.term, c.plan), c.cycles_per_term, c.name);
    for (const s of expect.shown ?? [{ scale: 2 }]) {
      price = csp.nceCyclePrice({ unit_price: c.unit_price, cycles_per_term: c.cycles_per_term,
        percent_off: c.percent_off, erp_price: c.erp_price, scale: s.scale });
      if (s.cycle_price === undefined) continue;
      assert.equal(price.cycle_price, s.cycle_price, `${c.name} at ${s.scale}`);
      shown.push(price.cycle_price);
      if (s.erp_per_cycle !== undefined) assert.equal(price.erp_per_cycle, s.erp_per_cycle, `${c.name} ERP at ${s.scale}`);
      else if (c.erp_price === undefined) assert.equal(price.erp_per_cycle, null, c.name);
    }
  } catch (e) {
    if (e.name !== "CspError") throw e;
    assert.equal(e.code, expect.error, `${c.name}: ${e.message}`);
    return;
  }
  assert.equal(expect.error, undefined, `${c.name}: accepted`);
  // The file's exact ratio and margin (ERP / UnitPrice, ERP − UnitPrice) hold for its inputs.
  if (expect.erp_over_unit_price !== undefined) {
    const [e, u, r] = [dec(c.erp_price), dec(c.unit_price), dec(expect.erp_over_unit_price)];
    assert.equal(e[0] * 10n ** BigInt(u[1] + r[1]), u[0] * r[0] * 10n ** BigInt(e[1]), c.name);
  }
  if (expect.margin !== undefined) assert.ok(eq(add(c.erp_price, `-${c.unit_price}`), expect.margin), c.name);
  const p = c.published ?? {};
  if (p.cycle_price !== undefined) assert.ok(shown.some((s) => eq(s, p.cycle_price)), `${c.name}: published`);
  if (p.erp_per_cycle !== undefined) {
    const two = csp.nceCyclePrice({ unit_price: c.unit_price, cycles_per_term: c.cycles_per_term, erp_price: c.erp_price });
    assert.ok(eq(two.erp_per_cycle, p.erp_per_cycle), `${c.name}: published ERP`);
  }
  for (const k of ["erp_over_unit_price", "margin"]) if (p[k] !== undefined) assert.equal(p[k], expect[k], c.name);
}

function runLine(c) {
  const why = c.name;
  // The hand-counted days agree with the dates, where the case gives them.
  if (c.charge_start) {
    assert.equal(days(c.charge_start, c.charge_end), c.share.num, `${why}: days billed`);
    assert.equal(days(c.cycle_start, c.cycle_end), c.share.den, `${why}: cycle days`);
  }
  assert.equal(csp.nceCyclesPerTerm(c.term, c.plan), c.cycles_per_term, why);
  const expect = Object.entries(c.expect);
  assert.ok(expect.length > 0, `${why}: expects nothing`);
  const got = {};
  for (const [convention, want] of expect) {
    const input = { convention, unit_price: c.unit_price, cycles_per_term: c.cycles_per_term,
      num: c.share.num, den: c.share.den, quantity: c.quantity, refund: c.refund,
      percent_off: c.percent_off, currency: c.currency };
    if (want.error) {
      assert.equal(throwsCsp(() => csp.priceNceLine(input), why).code, want.error, `${why} ${convention}`);
      continue;
    }
    const r = csp.priceNceLine(input);
    assert.deepEqual(r, { convention, effective_unit_price: want.effective_unit_price,
      subtotal: { amount: want.subtotal, currency: c.currency }, quantity: c.quantity }, `${why} ${convention}`);
    got[convention] = r;
  }
  // Each convention said to reproduce the published figures does, numerically.
  const p = c.published;
  for (const convention of c.published_fits) {
    const r = got[convention];
    assert.ok(r, `${why}: ${convention} fits but is not expected`);
    assert.ok(eq(r.subtotal.amount, p.subtotal), `${why} ${convention}`);
    if (p.effective_unit_price !== undefined) assert.ok(eq(r.effective_unit_price, p.effective_unit_price), `${why} EUP`);
    if (p.unit_price !== undefined) {
      const shown = csp.nceCyclePrice({ unit_price: c.unit_price, cycles_per_term: c.cycles_per_term });
      assert.ok(eq(shown.cycle_price, p.unit_price), `${why} unit_price`);
    }
    if (p.tax_total !== undefined && p.total !== undefined) assert.ok(eq(add(r.subtotal.amount, p.tax_total), p.total), `${why} total`);
  }
}

test("lines.json: every case through nceCyclesPerTerm, nceCyclePrice and priceNceLine", () => {
  const file = load("lines.json");
  let ran = 0;
  for (const c of file.cases) {
    if (c.kind === "cycle_price") runCyclePrice(c);
    else if (c.kind === "line") runLine(c);
    else assert.fail(`unknown kind ${c.kind}`);
    ran++;
  }
  assert.equal(ran, file.count);
  assert.equal(ran, file.cases.length);
  assert.equal(ran, 30);
});

// ---- the example book ----------------------------------------------------------------------

const scenarios = join(testdata, "scenarios");
/** The example book with its sheet inline, as a browser holds it. */
function book() {
  const doc = JSON.parse(readFileSync(join(scenarios, "nce-example.json"), "utf8"));
  doc.price_sheets = doc.price_sheets.map((s) => ({ csv: readFileSync(join(scenarios, s.csv_file), "utf8") }));
  return doc;
}

test("the example book: 30 lines, 6310.72 USD, per subscription as derived by hand", () => {
  const r = csp.nceCharges(book());
  assert.equal(r.as_of, "2023-01-31T23:59:59Z");
  assert.equal(r.convention, "nce_b");
  assert.equal(r.lines.length, 30);
  assert.equal(sum(r.lines.map((l) => l.subtotal)), "6310.72");
  const of = (s) => sum(r.lines.filter((l) => l.subscription === s).map((l) => l.subtotal));
  assert.deepEqual(["s1", "s2", "s3", "s4", "s5", "s6", "s7"].map(of),
    ["3706.80", "876.00", "2.40", "314.32", "1296.00", "28.80", "86.40"]);
  // The line's shape: csp charges --format json (NceLine::FIELDS), counts as numbers.
  const s4 = r.lines.find((l) => l.subscription === "s4");
  assert.deepEqual(Object.keys(s4), ["order_date", "subscription", "customer", "offer", "charge_type",
    "reference_id", "charge_start", "charge_end", "subscription_start", "subscription_end", "term_duration",
    "billing_plan", "billing_frequency", "unit_price", "effective_unit_price", "billable_quantity", "subtotal",
    "currency", "pricing_currency", "fx_rate", "fx_rate_date", "days", "cycle_days", "month_fraction", "promotion_id",
    "product_qualifiers", "convention"]);
  // s4's partial first cycle 07-15..07-31 against 07-01..07-31: 6 × 17/31 → 3.29 (nce_b) × 8.
  assert.deepEqual([s4.charge_type, s4.charge_start, s4.charge_end, s4.effective_unit_price, s4.billable_quantity,
    s4.subtotal, s4.days, s4.cycle_days, s4.subscription_end],
  ["new", "2022-07-15", "2022-07-31", "3.29", 8, "26.32", 17, 31, "2023-06-30"]);
  // s5 is paid up front (P1Y annual): no billing frequency, P = 432.
  const s5 = r.lines.find((l) => l.subscription === "s5");
  assert.deepEqual([s5.billing_frequency, s5.unit_price, s5.subtotal], ["", "432.00", "1296.00"]);
  // Every line ends on its cycle's last day inside the term; refunds are negative.
  for (const l of r.lines) {
    assert.ok(l.subscription_start <= l.charge_start && l.charge_end <= l.subscription_end, JSON.stringify(l));
    assert.equal(l.subtotal.startsWith("-"), l.effective_unit_price.startsWith("-"), JSON.stringify(l));
    assert.equal(l.currency, "USD");
  }
  // Its JSON text is read as the object is.
  assert.deepEqual(csp.nceCharges(JSON.stringify(book()), null), r);
});

test("the example book under nce_a: |B| <= |A| per line (SPEC-NCE §14.6), same lines", () => {
  const b = csp.nceCharges(book()).lines;
  const a = csp.nceCharges({ ...book(), convention: "nce_a" }).lines;
  assert.equal(a.length, b.length);
  for (const [i, l] of a.entries()) {
    assert.equal(l.convention, "nce_a");
    const abs = (s) => s.replace(/^-/, "");
    const [x, y] = [dec(abs(l.subtotal)), dec(abs(b[i].subtotal))];
    const s = Math.max(x[1], y[1]);
    assert.ok(at(y, s) <= at(x, s), `line ${i}: B ${b[i].subtotal}, A ${l.subtotal}`);
  }
});

test("the example book's subscriptions as of 2023-01-31T23:59:59Z (SPEC-NCE §13)", () => {
  const subs = csp.nceSubscriptions(book());
  assert.deepEqual(subs.map((s) => s.id), ["s1", "s4", "s2", "s3", "s6", "s5", "s7"]); // order of purchase
  const by = Object.fromEntries(subs.map((s) => [s.id, s]));
  const pick = (s, keys) => Object.fromEntries(keys.map((k) => [k, s[k]]));
  const keys = ["status", "status_since", "deleted_on", "quantity", "auto_renew", "term_duration", "plan"];
  // s1: 10 + 5 − 2 seats; ordered 06-18T10:00 → cancellable 168 h, until 06-25T10:00; term
  // 2022-06-18..2023-06-17. Every batch's window has closed by the as-of instant.
  assert.deepEqual(pick(by.s1, keys), { status: "active", status_since: null, deleted_on: null, quantity: 13,
    auto_renew: true, term_duration: "P1Y", plan: "monthly" });
  assert.deepEqual([by.s1.term.first, by.s1.term.last, by.s1.cancellable_until, by.s1.refundable, by.s1.renewal_date],
    ["2022-06-18", "2023-06-17", "2022-06-25T10:00:00Z", 0, "2023-06-18"]);
  assert.deepEqual([by.s1.price.unit_price, by.s1.price.cycle_price, by.s1.price.cycles_per_term], ["432", "36.00", 12]);
  // s2: P1M from 08-10 renewed monthly; the 2023-01-10 renewal is re-priced at the 2023 row
  // (7.80) with a fresh window 2023-01-10T00:00 + 168 h.
  assert.deepEqual([by.s2.status, by.s2.term.first, by.s2.term.last, by.s2.price.unit_price, by.s2.cancellable_until],
    ["active", "2023-01-10", "2023-02-09", "7.80", "2023-01-17T00:00:00Z"]);
  // s3: cancelled 09-03 inside its window: deleted that day.
  assert.deepEqual(pick(by.s3, ["status", "status_since"]), { status: "deleted", status_since: "2022-09-03" });
  // s4: calendar-aligned to 2023-06-30, a shortened first term anchored on 07-01.
  assert.deepEqual(by.s4.term, { first: "2022-07-15", last: "2023-06-30", anchor: "2023-07-01", term_months: 12,
    cycle_months: 1, shortened: true });
  // s5: P1Y annual, one cycle of 432.
  assert.deepEqual([by.s5.term.first, by.s5.term.last, by.s5.price.cycles_per_term, by.s5.price.cycle_price, by.s5.quantity],
    ["2022-11-02", "2023-11-01", 1, "432.00", 3]);
  // s6: auto-renew off; term 10-05..11-04; expired 30 days from 11-05, disabled from 12-05,
  // deleted on 11-05 + 120 days = 2023-03-05.
  assert.deepEqual(pick(by.s6, keys), { status: "disabled", status_since: "2022-12-05", deleted_on: "2023-03-05",
    quantity: 4, auto_renew: false, term_duration: "P1M", plan: "monthly" });
  // s7: suspended 12-15 (auto-renew turned off); at its term end disabled from 2023-01-01 for
  // 30 + 90 days, deleted on 2023-05-01 (pinned P13).
  assert.deepEqual(pick(by.s7, keys), { status: "disabled", status_since: "2023-01-01", deleted_on: "2023-05-01",
    quantity: 2, auto_renew: false, term_duration: "P1M", plan: "monthly" });
  // Earlier (an event after as_of is refused, not skipped: the book is cut at the instant):
  // s7 suspended since the instant of its event; s1 still refundable inside a window.
  const upTo = (t) => {
    const b = book();
    b.events = b.events.filter((e) => e.at <= t);
    return Object.fromEntries(csp.nceSubscriptions(b, t).map((s) => [s.id, s]));
  };
  const mid = upTo("2022-12-20T00:00:00Z");
  assert.deepEqual([mid.s7.status, mid.s7.status_since, mid.s7.auto_renew], ["suspended", "2022-12-15T00:00:00Z", false]);
  const early = upTo("2022-07-01T09:00:00Z");
  // 07-01T09:00: 10 seats (window closed 06-25) + 5 added now (window until 07-08T09:00).
  assert.deepEqual([early.s1.quantity, early.s1.refundable, early.s1.batches.at(-1)],
    [15, 5, { quantity: 5, allowed_until: "2022-07-08T09:00:00Z" }]);
});

test("refusals: a late cancellation, an event after as_of, bad scenarios and as_of values", () => {
  // s3's cancellation a week and a second after its order (08:00): the window has closed.
  const late = book();
  late.events[6].at = "2022-09-08T08:00:01Z";
  for (const f of [csp.nceCharges, csp.nceSubscriptions]) {
    const e = throwsCsp(() => f(late), "late cancel");
    assert.equal(e.code, "cancellation_window_closed", e.message);
    assert.equal(e.context.event_index, "6");
    assert.ok(e.message.includes("2022-09-08T08:00:00Z"), e.message);
  }
  const early = throwsCsp(() => csp.nceCharges(book(), "2022-07-01T08:59:59Z"), "as of");
  assert.deepEqual([early.code, early.context.event_index], ["date_after_as_of", "1"]);
  for (const asOf of ["2022-07-01T09:00", "2022-07-01T09:00:00+01:00", 20230131, new Date()]) {
    assert.equal(throwsCsp(() => csp.nceCharges(book(), asOf), String(asOf)).code, "invalid_input", String(asOf));
  }
  // A file's sheet is not readable in the browser; a version 1 scenario; a legacy program.
  const file = JSON.parse(readFileSync(join(scenarios, "nce-example.json"), "utf8"));
  assert.equal(throwsCsp(() => csp.nceCharges(file), "csv_file").code, "invalid_scenario");
  assert.equal(throwsCsp(() => csp.nceCharges({ ...book(), version: 1 }), "v1").code, "unsupported_version");
  assert.equal(throwsCsp(() => csp.nceCharges({ ...book(), program: "legacy_2015" }), "legacy").code, "invalid_input");
  assert.equal(throwsCsp(() => csp.nceCharges({ ...book(), market: "USA" }), "market").code, "invalid_scenario");
  const noAsOf = book();
  delete noAsOf.as_of;
  assert.equal(throwsCsp(() => csp.nceSubscriptions(noAsOf), "no as_of").code, "invalid_input");
  assert.equal(csp.nceCharges(noAsOf, "2023-01-31T23:59:59Z").lines.length, 30);
});

/** The example book's sheet, one order of 10 seats of E3 P1Y monthly at `at` (naming
 * `promotion`, if any), and E3-15: 15 % off E3 P1Y monthly in June 2022. */
function promoted(promotion, at = "2022-06-18T10:00:00Z") {
  const doc = book();
  doc.as_of = "2022-07-02T00:00:00Z";
  doc.promotions = [{ id: "E3-15", percent_off: "15", offer: "CFQ7TTC0LFLX:0001", terms: ["P1Y"],
    plans: ["monthly"], segments: ["commercial"], markets: ["US"], from: "2022-06-01", to: "2022-06-30" }];
  doc.events = [{ id: "o1", at, subscription: "s1", type: "order", customer: "contoso",
    offer: "CFQ7TTC0LFLX:0001", term: "P1Y", plan: "monthly", quantity: 10,
    ...(promotion === undefined ? {} : { promotion }) }];
  return doc;
}

test("promotions: a promoted order's lines, and an ineligible one refused (SPEC-NCE §12.5.2)", () => {
  // U = 432 for P1Y monthly, P = 36.00; 15 % off: EUP = 36 × 0.85 = 30.60 for the full first
  // cycle 06-18..07-17; 10 seats = 306.00. Named or in force unnamed: the same line.
  for (const named of ["E3-15", undefined]) {
    const [l] = csp.nceCharges(promoted(named)).lines;
    assert.deepEqual([l.charge_type, l.unit_price, l.effective_unit_price, l.subtotal, l.promotion_id],
      ["new", "36.00", "30.60", "306.00", "E3-15"]);
  }
  // From July none is in force: 10 × 36 = 360.00, no id.
  const [plain] = csp.nceCharges(promoted(undefined, "2022-07-01T00:00:00Z")).lines;
  assert.deepEqual([plain.subtotal, plain.promotion_id], ["360.00", ""]);
  // Named after its end (a date-only `to` covers its day): refused, with the reason.
  for (const f of [csp.nceCharges, csp.nceSubscriptions]) {
    const e = throwsCsp(() => f(promoted("E3-15", "2022-07-01T00:00:00Z")), "ended");
    assert.equal(e.code, "promotion_not_eligible", e.message);
    assert.deepEqual([e.context.promotion, e.context.reason], ["E3-15", "it ended at 2022-06-30T23:59:59Z"]);
  }
  assert.equal(throwsCsp(() => csp.nceCharges(promoted("NOPE")), "unknown").code, "promotion_not_eligible");
});

test("calendar and line arguments: wrong values refused with the core's codes", () => {
  const code = (f) => {
    try {
      f();
      return "accepted";
    } catch (e) {
      assert.equal(e.name, "CspError", String(e));
      return e.code;
    }
  };
  for (const m of [0, -1, 2.5, NaN, "12", 1201]) assert.equal(code(() => csp.nceNaturalEnd("2022-01-01", m)), "invalid_input", String(m));
  assert.equal(code(() => csp.nceTermCycles("2022-01-01", 12, 5)), "invalid_input"); // 5 does not divide 12
  assert.equal(code(() => csp.nceTerm("2022-01-01", 12, 1, "2023-01-01")), "coterm_date_invalid");
  assert.equal(code(() => csp.nceCycleAt("2022-01-01", 12, 1, null, "2023-01-01")), "date_outside_term");
  assert.equal(csp.nceNextCycleStart("2022-01-31", 12, 1, null, "2022-02-10"), "2022-02-28");
  assert.equal(csp.nceNextCycleStart("2022-01-31", 1, 1, null, "2022-02-10"), null);
  assert.equal(code(() => csp.nceCheckCustomEnd("2022-07-15", 12, "2023-06-30", null)), "coterm_not_allowed");
  assert.equal(code(() => csp.nceCotermEnds("2022-07-15", 12, { start: "2022-07-01", term_months: 12 })), "invalid_input");
  const line = { unit_price: "192", cycles_per_term: 12, num: 13, den: 31, quantity: 3, refund: true, currency: "USD" };
  // The default convention is nce_b (pinned P18): 16 × 13/31 = 6.709… → −6.70 × 3.
  assert.deepEqual(csp.priceNceLine(line), { convention: "nce_b", effective_unit_price: "-6.70",
    subtotal: { amount: "-20.10", currency: "USD" }, quantity: 3 });
  for (const [k, v, want] of [["convention", "nce_c", "invalid_input"], ["unit_price", 192, "invalid_input"],
    ["unit_price", "-1", "invalid_input"], ["percent_off", "100", "invalid_input"], ["percent_off", "-5", "invalid_input"],
    ["num", 0, "invalid_proration"], ["num", 32, "invalid_proration"], ["quantity", -1, "invalid_input"],
    ["quantity", 2.5, "invalid_input"], ["refund", "yes", "invalid_input"], ["currency", "XXX", "unknown_currency"],
    ["cycles_per_term", 0, "invalid_input"], ["colour", "red", "invalid_input"]]) {
    assert.equal(code(() => csp.priceNceLine({ ...line, [k]: v })), want, `${k} = ${v}`);
  }
  for (const [term, plan] of [["P1M", "annual"], ["P1Y", "none"], ["P1X", "monthly"], ["P1Y", "weekly"]]) {
    assert.equal(code(() => csp.nceCyclesPerTerm(term, plan)), "invalid_input", `${term} ${plan}`);
  }
});
