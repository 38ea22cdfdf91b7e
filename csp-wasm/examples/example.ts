// A TypeScript usage example of csp-wasm, compiled with `tsc --strict` by scripts/test-wasm
// against the generated .d.ts (pkg/web: the browser ES module; pkg/node has the same API).
import init, {
  agreementStatus,
  authorize,
  bill,
  charges,
  type CspError,
  errorCodes,
  type Decimal,
  type NceCharges,
  nceCharges,
  nceCheckCustomEnd,
  nceCotermEnds,
  type NceCycle,
  nceNaturalEnd,
  type NceRow,
  type NceScenario,
  nceSubscriptions,
  nceTermCycles,
  type NceQuote,
  nceWhatIf,
  priceNceLine,
  parsePriceList,
  PriceBook,
  prorate,
  prorateMany,
  type Quote,
  type QuoteInput,
  quoteSeatChange,
} from "../pkg/web/csp_wasm.js";

function isCspError(e: unknown): e is CspError {
  return e instanceof Error && e.name === "CspError";
}

export async function main(): Promise<void> {
  await init();

  // One proration: money is a decimal string, never a number.
  const p = prorate({ currency: "USD", period_price: "4.00", quantity: 2, days_billed: 12, days_in_period: 31 });
  const amount: Decimal = p.amount.amount; // "3.10"
  console.log(amount, p.unit, p.daily_rate ?? "exact");

  // A quote: 5 seats added on 20 February to 20 seats at 16.00 ordered 11 January 2016.
  const input: QuoteInput = {
    currency: "USD",
    price: "16.00",
    seats: 20,
    order_date: "2016-01-11",
    frequency: "monthly",
    change: { type: "add_seats", date: "2016-02-20", quantity: 5 },
    policy: { daily_rate: null, unit: null, line: "half_up" },
  };
  const q: Quote = quoteSeatChange(input);
  console.log(q.seat_charge?.amount.amount, q.term.last, q.following.map((l) => `${l.date} ${l.amount.amount}`));

  // Errors are CspErrors with a stable code and a typed context.
  try {
    quoteSeatChange({ ...input, change: { type: "add_seats", date: "2017-02-01", quantity: 5 } });
  } catch (e) {
    if (isCspError(e)) console.log(e.code, e.context["last"], errorCodes().includes(e.code));
    else throw e;
  }

  // The reseller agreement, price lists, privileges.
  const a = agreementStatus({ signed_on: "2015-10-01" });
  console.log(a.next_renewal, a.notice_deadline);
  const rows = parsePriceList("Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price\nE3,E3,Corporate,Non-specific,16.00,20.00\n");
  const book = new PriceBook("USD");
  book.addLegacyCsv("Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price\nE3,E3,Corporate,Non-specific,16.00,20.00\n", "2016-03");
  console.log(rows[0]?.list_price, book.price("E3", "2016-03-15", "2016-02-01").list.amount, book.currency);
  // An NCE sheet: the row governing a key (segment, tier or seats optional) on a date.
  book.addNceCsv("ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate\nBasic,CFQ7TTC0LH18,1,Basic,P1Y,Annual,US,USD,72,2024-01-01,\n");
  const nce: NceRow = book.ncePrice({ offer: "CFQ7TTC0LH18:0001", term: "P1Y", plan: "annual", market: "US", currency: "USD", seats: 10 }, "2024-03-01");
  console.log(nce.unit_price, nce.key.offer, nce.effective_end);
  book.free();
  const d = authorize({ actor: "customer:global_admin", action: "add_seats" });
  console.log(d.allowed, d.rule);

  // Volume: integer minor units in and out (BigInt64Array).
  const out: BigInt64Array = prorateMany(
    "USD",
    undefined,
    new BigInt64Array([400n, 1600n]),
    new Int32Array([1, 5]),
    new Uint32Array([19, 20]),
    new Uint32Array([31, 29]),
  );
  console.log(out[0], out[1]); // 245n 5517n

  // Scenarios (the documented JSON format): charges and the monthly bill.
  const scenario = {
    version: 1 as const,
    currency: "USD",
    as_of: "2018-02-14",
    customers: [{ id: "c", name: "C", segment: "commercial", origin: "created_by_partner" }],
    price_lists: [{ month: "2018-01", rows: [{ offer_id: "E1", offer_name: "E1", agreement_type: "corporate", secondary_type: "base", list_price: "4.00", erp_price: "5.00" }] }],
    events: [{ date: "2018-01-13", subscription: "s1", type: "order", customer: "c", offer: "E1", quantity: 1, frequency: "monthly" }],
  };
  for (const line of charges(scenario, undefined)) console.log(line.kind, line.amount.amount);
  try {
    bill(scenario, "2018-02", 1);
  } catch (e) {
    if (isCspError(e)) console.log(e.code); // invalid_scenario: no partner settings
  }

  // NCE (SPEC-NCE §13–§14): terms and cycles, one line's money, and a version-2 scenario.
  console.log(nceNaturalEnd("2021-01-31", 1)); // 2021-02-27
  const cycles: NceCycle[] = nceTermCycles("2021-04-22", 12, 1, "2022-04-02");
  console.log(cycles[0]?.days_in_cycle, cycles[0]?.reference?.first); // 30 2021-04-03
  console.log(nceCotermEnds("2022-07-01", 36, { start: "2021-10-02", term_months: 12, cycle_months: 1 }));
  nceCheckCustomEnd("2022-07-15", 12, "2023-06-30", "2022-03-10");
  const refund = priceNceLine({ convention: "nce_b", unit_price: "192", cycles_per_term: 12, num: 13, den: 31, quantity: 3, refund: true, currency: "USD" });
  console.log(refund.effective_unit_price, refund.subtotal.amount); // -6.70 -20.10
  const nceBook: NceScenario = {
    version: 2, program: "nce", currency: "USD", market: "US", as_of: "2024-03-01T00:00:00Z",
    customers: [{ id: "c", name: "C", segment: "commercial", origin: "created_by_partner" }],
    price_sheets: [{ csv: "ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate\nBasic,CFQ7TTC0LH18,0001,Basic,P1Y,Monthly,US,USD,72,2024-01-01,\n" }],
    events: [{ id: "o1", at: "2024-01-15T10:00:00Z", subscription: "s1", type: "order", customer: "c", offer: "CFQ7TTC0LH18:0001", term: "P1Y", plan: "monthly", quantity: 2 }],
  };
  const nceLines: NceCharges = nceCharges(nceBook, undefined);
  for (const l of nceLines.lines) console.log(l.charge_type, l.charge_start, l.subtotal, l.billable_quantity);
  for (const s of nceSubscriptions(nceBook, "2024-03-01")) console.log(s.id, s.status, s.cancellable_until, s.term.last);
  // What would cancelling on 01-16 refund, and until when is it possible? (changes nothing)
  const quote: NceQuote = nceWhatIf(nceBook, { id: "q", at: "2024-01-16T00:00:00Z", subscription: "s1", type: "cancel" });
  const until: string | null = quote.allowed_until;
  console.log(quote.net, quote.currency, until, quote.lines.map((l) => l.charge_type)); // -11.60 USD 2024-01-22T10:00:00Z (30 of 31 days: 6 × 30/31 → 5.80 × 2) [ 'cancelImmediate' ]
  try {
    nceWhatIf(nceBook, { id: "q", at: "2024-01-25T00:00:00Z", subscription: "s1", type: "reduce_seats", quantity: 1 }, null);
  } catch (e) {
    if (isCspError(e)) console.log(e.code, e.context["next_window"]); // reduction_window_closed 2025-01-15
  }
}
