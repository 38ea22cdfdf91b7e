// nceWhatIf through the Node build (issue 16: "what would cancelling, or removing N seats,
// refund right now, and until when is that still possible? what does an upgrade cost?"), on
// the example book testdata/scenarios/nce-example.json with its sheet nce-sheet.csv inlined.
// Every expected figure is derived by hand in the comments from the sheet's prices and the
// days (SPEC-NCE §13.6–§13.7, §13.10; lines under nce_b, SPEC-NCE §14.4: the effective unit
// price e = P × days/cycle days truncated to cents, times the seats).
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

/** The example book with its sheet inline, as a browser holds it. */
function book() {
  const doc = JSON.parse(readFileSync(join(scenarios, "nce-example.json"), "utf8"));
  doc.price_sheets = doc.price_sheets.map((s) => ({ csv: readFileSync(join(scenarios, s.csv_file), "utf8") }));
  return doc;
}
/** A quoted event (its id "q" becomes the lines' reference_id). */
const q = (at, subscription, type, fields = {}) => ({ id: "q", at, subscription, type, ...fields });

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
const pick = (l) => [l.charge_type, l.billable_quantity, l.effective_unit_price, l.subtotal, l.charge_start, l.charge_end,
  l.days, l.cycle_days];

test("a cancellation inside its window: the refund now and the window's end", () => {
  // s2: Microsoft 365 Business Basic P1M monthly (sheet: UnitPrice 7.20 until 2022-12-31),
  // 20 seats ordered 2022-08-10T15:30:00Z; cancellable for 168 h: until 08-17T15:30:00Z.
  // Cancelled on 08-12: the cycle 08-10..09-09 has 31 days (22 in August, 9 in September),
  // 08-12..09-09 is 29 of them; e = 7.20 × 29/31 = 6.7354… → 6.73 a seat; × 20 = 134.60.
  const r = csp.nceWhatIf(book(), q("2022-08-12T00:00:00Z", "s2", "cancel"));
  assert.deepEqual(Object.keys(r), ["lines", "net", "currency", "allowed_until"]);
  assert.deepEqual([r.net, r.currency, r.allowed_until], ["-134.60", "USD", "2022-08-17T15:30:00Z"]);
  assert.equal(r.lines.length, 1);
  assert.deepEqual(pick(r.lines[0]), ["cancelImmediate", 20, "-6.73", "-134.60", "2022-08-12", "2022-09-09", 29, 31]);
  assert.deepEqual([r.lines[0].reference_id, r.lines[0].subscription, r.lines[0].unit_price, r.lines[0].convention],
    ["q", "s2", "7.20", "nce_b"]);
  // s3 (5 seats from 2022-09-01T08:00:00Z, window until 09-08T08:00:00Z), quoted on 09-02,
  // before the book's own cancellation c3 (09-03T10:00): 09-02..09-30 is 29 of 30 days,
  // 7.20 × 29/30 = 6.96 exactly; × 5 = 34.80.
  const s3 = csp.nceWhatIf(book(), q("2022-09-02T00:00:00Z", "s3", "cancel"));
  assert.deepEqual([s3.net, s3.allowed_until], ["-34.80", "2022-09-08T08:00:00Z"]);
  assert.deepEqual(pick(s3.lines[0]), ["cancelImmediate", 5, "-6.96", "-34.80", "2022-09-02", "2022-09-30", 29, 30]);
  // The same quote from the scenario's JSON text and the event's JSON text; an asOf before the
  // event (at o3's instant: o3 is replayed) quotes ahead from what was known then.
  assert.deepEqual(csp.nceWhatIf(JSON.stringify(book()), JSON.stringify(q("2022-09-02T00:00:00Z", "s3", "cancel"))), s3);
  assert.deepEqual(csp.nceWhatIf(book(), q("2022-09-02T00:00:00Z", "s3", "cancel"), "2022-09-01T08:00:00Z"), s3);
  // At the window's last instant it is still possible (windows are inclusive, pinned P1):
  // 09-08..09-30, 23 of 30 days, 7.20 × 23/30 = 5.52 a seat, × 5 = 27.60 (quoted ahead from
  // 09-02, before c3).
  const last = csp.nceWhatIf(book(), q("2022-09-08T08:00:00Z", "s3", "cancel"), "2022-09-02");
  assert.deepEqual([last.net, last.allowed_until], ["-27.60", "2022-09-08T08:00:00Z"]);
});

test("a seat reduction: the pair's net and the last instant those seats stay refundable", () => {
  // s1 (Microsoft 365 E3, P1Y monthly, UnitPrice 432: 36.00 a month) as of 2022-07-02: 15
  // seats, 5 of them added on 07-01T09:00 (refundable for 168 h: until 07-08T09:00:00Z). The
  // cycle 06-18..07-17 has 30 days, 07-02..07-17 is 16: e = 36 × 16/30 = 19.20 a seat.
  // Microsoft refunds the 15 seats and charges the 10 kept: −288.00 + 192.00 = −96.00
  // (csp-core's nce_quote.rs doctest; the book's own r1 on 07-05 is after the quote: not replayed).
  const r = csp.nceWhatIf(book(), q("2022-07-02T00:00:00Z", "s1", "reduce_seats", { quantity: 5 }));
  assert.deepEqual([r.net, r.currency, r.allowed_until], ["-96.00", "USD", "2022-07-08T09:00:00Z"]);
  assert.deepEqual(r.lines.map(pick), [
    ["removeQuantity", 15, "-19.20", "-288.00", "2022-07-02", "2022-07-17", 16, 30],
    ["removeQuantity", 10, "19.20", "192.00", "2022-07-02", "2022-07-17", 16, 30]]);
  // At that last instant, after r1 removed 2 of the 5: 13 seats, 3 still refundable.
  // 07-08..07-17 is 10 of 30 days: e = 36 × 10/30 = 12.00; −13 × 12.00 + 10 × 12.00 = −36.00.
  const edge = csp.nceWhatIf(book(), q("2022-07-08T09:00:00Z", "s1", "reduce_seats", { quantity: 3 }));
  assert.deepEqual([edge.net, edge.allowed_until], ["-36.00", "2022-07-08T09:00:00Z"]);
  // Adding a seat is the same pair the other way, and no window limits it: 16 × 19.20 −
  // 15 × 19.20 = 19.20.
  const add = csp.nceWhatIf(book(), q("2022-07-02T00:00:00Z", "s1", "add_seats", { quantity: 1 }));
  assert.deepEqual([add.net, add.allowed_until], ["19.20", null]);
  assert.deepEqual(add.lines.map((l) => [l.charge_type, l.billable_quantity, l.subtotal]),
    [["addQuantity", 15, "-288.00"], ["addQuantity", 16, "307.20"]]);
  // More seats than are refundable: 5 on 07-02.
  const more = throwsCsp(() => csp.nceWhatIf(book(), q("2022-07-02T00:00:00Z", "s1", "reduce_seats", { quantity: 6 })), "6");
  assert.deepEqual([more.code, more.context.requested, more.context.refundable], ["reduction_exceeds_refundable", "6", "5"]);
});

test("after the window: refused with its code, the quoted event in the context", () => {
  // One second after the last refundable instant: no seat of s1 is refundable until its
  // renewal on 2023-06-18 (term 2022-06-18..2023-06-17).
  const reduce = throwsCsp(() => csp.nceWhatIf(book(), q("2022-07-08T09:00:01Z", "s1", "reduce_seats", { quantity: 1 })), "late reduce");
  assert.equal(reduce.code, "reduction_window_closed", reduce.message);
  assert.equal(reduce.family, "subscription");
  assert.equal(reduce.context.next_window, "2023-06-18");
  assert.ok(reduce.context.event.includes("s1 reduce_seats (q)"), reduce.context.event);
  assert.equal(reduce.context.event_index, undefined);
  // s1 was cancellable for 168 h from its order (06-18T10:00:00Z): until 06-25T10:00:00Z.
  const cancel = throwsCsp(() => csp.nceWhatIf(book(), q("2022-06-25T10:00:01Z", "s1", "cancel")), "late cancel");
  assert.equal(cancel.code, "cancellation_window_closed", cancel.message);
  assert.equal(cancel.context.allowed_until, "2022-06-25T10:00:00Z");
  assert.ok(cancel.message.includes("2022-06-25T10:00:00Z"), cancel.message);
  assert.ok(cancel.context.event.includes("s1 cancel (q)"), cancel.context.event);
  // One second earlier it is still possible: 06-25..07-17 is 23 of 30 days, 36 × 23/30 =
  // 27.60 a seat, × 10 = 276.00.
  const inTime = csp.nceWhatIf(book(), q("2022-06-25T10:00:00Z", "s1", "cancel"));
  assert.deepEqual([inTime.net, inTime.allowed_until], ["-276.00", "2022-06-25T10:00:00Z"]);
  // At the book's own cancellation c3 (09-03T10:00), s3 is deleted that day.
  const gone = throwsCsp(() => csp.nceWhatIf(book(), q("2022-09-03T10:00:00Z", "s3", "cancel")), "deleted");
  assert.deepEqual([gone.code, gone.context.deleted_on], ["subscription_deleted", "2022-09-03"]);
  // A replayed event refused (c3 made late) names its index in the book, as nceCharges does.
  const late = book();
  late.events[6].at = "2022-09-08T08:00:01Z";
  const replayed = throwsCsp(() => csp.nceWhatIf(late, q("2022-10-01T00:00:00Z", "s1", "add_seats", { quantity: 1 })), "replayed");
  assert.deepEqual([replayed.code, replayed.context.event_index], ["cancellation_window_closed", "6"]);
  assert.ok(replayed.context.event.includes("s3 cancel (c3)"), replayed.context.event);
});

test("an upgrade along the catalog's path: the convert pair's net", () => {
  // The book with one upgrade path, Business Basic → E3 (SPEC-NCE §13.10).
  const withPath = { ...book(), upgrade_paths: [{ from: "CFQ7TTC0LH18:0001", to: "CFQ7TTC0LFLX:0001" }] };
  // s4: Business Basic P1Y monthly (UnitPrice 72: 6.00 a month), 8 seats from 07-15,
  // calendar-aligned to 2023-06-30, so its cycles are calendar months. Upgraded whole on
  // 08-16 to E3 P1Y monthly (432: 36.00 a month): 08-16..08-31 is 16 of 31 days.
  // Source: 6 × 16/31 = 3.0967… → −3.09 × 8 = −24.72; target: 36 × 16/31 = 18.5806… →
  // 18.58 × 8 = 148.64; net 148.64 − 24.72 = 123.92.
  const r = csp.nceWhatIf(withPath, q("2022-08-16T00:00:00Z", "s4", "upgrade", { to: "CFQ7TTC0LFLX:0001", quantity: 8 }));
  assert.deepEqual([r.net, r.allowed_until], ["123.92", null]);
  assert.deepEqual(r.lines.map((l) => [l.offer, ...pick(l)]), [
    ["CFQ7TTC0LH18:0001", "convert", 8, "-3.09", "-24.72", "2022-08-16", "2022-08-31", 16, 31],
    ["CFQ7TTC0LFLX:0001", "convert", 8, "18.58", "148.64", "2022-08-16", "2022-08-31", 16, 31]]);
  // 3 of the 8 into a new coterminous subscription: −3.09 × 3 + 18.58 × 3 = −9.27 + 55.74 = 46.47.
  const part = csp.nceWhatIf(withPath, q("2022-08-16T00:00:00Z", "s4", "upgrade",
    { to: "CFQ7TTC0LFLX:0001", quantity: 3, new_subscription: "s4b" }));
  assert.deepEqual([part.net, part.lines.map((l) => l.subscription)], ["46.47", ["s4", "s4b"]]);
  // The reverse is a downgrade; without the path the upgrade is not eligible.
  assert.equal(throwsCsp(() => csp.nceWhatIf(withPath, q("2022-08-16T00:00:00Z", "s1", "upgrade",
    { to: "CFQ7TTC0LH18:0001", quantity: 1 })), "down").code, "downgrade_not_supported");
  assert.equal(throwsCsp(() => csp.nceWhatIf(book(), q("2022-08-16T00:00:00Z", "s4", "upgrade",
    { to: "CFQ7TTC0LFLX:0001", quantity: 8 })), "no path").code, "upgrade_not_eligible");
});

test("a quote changes nothing: the book replays the same before and after", () => {
  const doc = book();
  const copy = structuredClone(doc);
  const charges = csp.nceCharges(doc);
  const subs = csp.nceSubscriptions(doc);
  for (const event of [q("2022-07-02T00:00:00Z", "s1", "reduce_seats", { quantity: 5 }),
    q("2022-08-12T00:00:00Z", "s2", "cancel"), q("2022-07-02T00:00:00Z", "s1", "add_seats", { quantity: 3 })]) {
    csp.nceWhatIf(doc, event);
  }
  throwsCsp(() => csp.nceWhatIf(doc, q("2022-07-08T09:00:01Z", "s1", "reduce_seats", { quantity: 1 })), "refused");
  assert.deepEqual(doc, copy, "the scenario object is not touched");
  assert.deepEqual(csp.nceCharges(doc), charges);
  assert.deepEqual(csp.nceSubscriptions(doc), subs);
  // Still 30 lines, 13 seats on s1: the quoted events were not added.
  assert.equal(charges.lines.length, 30);
  assert.equal(subs.find((s) => s.id === "s1").quantity, 13);
});

test("bad events and instants: the core reader's refusals", () => {
  const cancel = q("2022-09-02T00:00:00Z", "s3", "cancel");
  for (const bad of [q("2022-09-02T00:00:00Z", "s3", "cancel_now"), q("2022-09-02T00:00:00+01:00", "s3", "cancel"),
    q("2022-09-02T00:00:00Z", "s1", "reduce_seats"), q("2022-09-02T00:00:00Z", "s1", "reduce_seats", { quantity: 2.5 }),
    q("2022-09-02T00:00:00Z", "s1", "reduce_seats", { quantity: "2" }), q("2022-09-02T00:00:00Z", "s3", "cancel", { colour: "red" }),
    { at: "2022-09-02T00:00:00Z", subscription: "s3", type: "cancel" }, "{not json", [cancel], 42, null]) {
    const e = throwsCsp(() => csp.nceWhatIf(book(), bad), JSON.stringify(bad));
    assert.equal(e.code, "invalid_input", `${JSON.stringify(bad)}: ${e.message}`);
  }
  assert.equal(throwsCsp(() => csp.nceWhatIf(book(), q("2022-09-02T00:00:00Z", "s9", "cancel")), "s9").code, "unknown_subscription");
  // An asOf after the quoted event: the quote is made on what came before it.
  const after = throwsCsp(() => csp.nceWhatIf(book(), cancel, "2022-09-02T00:00:01Z"), "as_of after");
  assert.deepEqual([after.code, after.context.what], ["invalid_input", "as_of"]);
  for (const asOf of ["2022-09-02T00:00", 20220902, new Date()]) {
    assert.equal(throwsCsp(() => csp.nceWhatIf(book(), cancel, asOf), String(asOf)).code, "invalid_input");
  }
  // Before o3 the subscription does not exist yet.
  assert.equal(throwsCsp(() => csp.nceWhatIf(book(), cancel, "2022-09-01"), "before o3").code, "unknown_subscription");
  // A date as the event's instant is its 00:00:00Z.
  assert.equal(csp.nceWhatIf(book(), q("2022-09-02", "s3", "cancel")).net, "-34.80");
});
