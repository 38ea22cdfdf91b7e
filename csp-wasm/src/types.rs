//! The TypeScript types of the objects that cross the boundary (the core's serde forms),
//! emitted into the generated `.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A decimal amount as text, e.g. "4.00" or "-60.34". Never a JS number. */
export type Decimal = string;
/** A civil date, "YYYY-MM-DD". */
export type IsoDate = string;
/** A month, "YYYY-MM". */
export type IsoMonth = string;
export type RoundingMode = "half_up" | "half_even" | "down";
export interface Rounding { scale: number; mode: RoundingMode }
/** SPEC §6.4: daily rate and unit are null (exact) or rounded; the line is rounded to minor units. */
export interface ProrationPolicy { daily_rate?: Rounding | null; unit?: Rounding | null; line?: RoundingMode }
export interface Money { amount: Decimal; currency: string }
export interface Period { first: IsoDate; last: IsoDate }
export type BillingFrequency = "monthly" | "annual";

/** Thrown by every function: `name` is "CspError". */
export interface CspError extends Error {
  name: "CspError";
  /** Stable snake_case code, one of errorCodes(). */
  code: string;
  /** The code's family (input, money, calendar, price_list, subscription…). */
  family: string;
  /** Typed context, every value as text (e.g. line, column, date, first, last, row, event_index). */
  context: Record<string, string>;
}

export interface ProrateInput {
  currency: string; period_price: Decimal; quantity: number;
  days_billed: number; days_in_period: number; policy?: ProrationPolicy;
}
export interface Proration { daily_rate: Decimal | null; unit: Decimal; quantity: number; amount: Money }

export interface AgreementInput {
  signed_on: IsoDate; kind?: "mcra" | "perpetual";
  notices?: { given_on: IsoDate; by: "partner" | "microsoft" }[]; on?: IsoDate;
}
export interface AgreementTerm { number: number; first: IsoDate; last: IsoDate | null; notice_deadline: IsoDate | null }
export interface AgreementStatus {
  on: IsoDate; in_force: boolean; term: AgreementTerm | null;
  next_renewal: IsoDate | null; notice_deadline: IsoDate | null; end_date: IsoDate | null;
}

export interface AuthorizeInput {
  /** "csp:admin_agent" (a direct-bill partner; "direct_bill:admin_agent" is the same), "csp:global_admin+admin_agent",
   * "indirect_provider:sales_agent", "indirect_reseller:admin_agent", "advisor:admin_agent", "customer:global_admin"… */
  actor: string;
  /** snake_case action, e.g. "add_seats", "suspend_subscription". */
  action: string;
  relationship?: { delegated_admin?: boolean; csp_partner?: boolean };
  program?: { customer_may_remove_csp_delegated_admin?: boolean };
}
export interface Decision { allowed: boolean; rule: string; reason: string }
/** A kind of actor (SPEC-NCE §17.1, and customers). */
export type ActorKind = "direct_bill" | "indirect_provider" | "indirect_reseller" | "advisor" | "customer";
export interface AccessMatrixInput {
  /** Only the profiles of these kinds (default: every profile). */
  kinds?: ActorKind[];
  program?: { customer_may_remove_csp_delegated_admin?: boolean };
}
/** An actor as the core writes it: a partner program is "csp" (direct bill), "indirect_provider",
 * "indirect_reseller" or "advisor". */
export type ActorValue =
  | { type: "partner"; program: "csp" | "indirect_provider" | "indirect_reseller" | "advisor"; roles: string[] }
  | { type: "customer"; role: string };
export interface AccessCell {
  profile: string; actor: ActorValue; relationship: { delegated_admin: boolean; csp_partner: boolean };
  action: string; decision: Decision;
}

export interface PriceRow {
  offer_id: string; offer_name: string; agreement_type: "corporate" | "government" | "academic";
  secondary_type: "base" | "add_on" | "trial"; list_price: Decimal; erp_price: Decimal;
  purchase_unit: string | null; end_customer_type: string | null;
  change_indicator: "ADD" | "CHG" | "DEL" | "UNC" | null;
  effective_start: IsoDate | null; effective_end: IsoDate | null;
}
/** A query of `PriceBook.ncePrice`: the key of an NCE price (SPEC-NCE §12.2). */
export interface NceQuery {
  /** "ProductId:SkuId" (the SKU id is normalised: "1" and "0001" are one SKU). */
  offer: string;
  /** "P1M", "P1Y", "P3Y"… */
  term: string;
  /** "monthly", "annual", "triennial"… */
  plan: string;
  /** Country code, e.g. "US". */
  market: string;
  currency: string;
  /** Left out: any segment, refused as ambiguous when the sheet prices two. */
  segment?: PriceSegment | null;
  /** Left out: any tier, refused as ambiguous when the sheet has two. */
  tier?: TierRange | null;
  /** A seat count: the tier whose range holds it. */
  seats?: number | null;
}
export type PriceSegment = "commercial" | "education" | "government" | "nonprofit";
export interface TierRange { min: number; max: number }
/** The core's NCE key as a row carries it (offer and market normalised). */
export interface NceKey {
  offer: string; term: string; plan: string; market: string; currency: string;
  segment?: PriceSegment; tier?: TierRange;
}
/** One NCE sheet row (the core's serde form). */
export interface NceRow {
  key: NceKey; product_title: string; sku_title: string;
  /** The whole-term price, exactly as the sheet writes it ("104.4"). */
  unit_price: Decimal; erp_price: Decimal | null;
  /** "YYYY-MM-DDTHH:MM:SS" (UTC), both ends included. */
  effective_start: string; effective_end: string; tags: string;
  /** The row's 1-based line in the sheet. */
  line: number;
}
export interface Price { offer: string; offer_name: string; list: Money; erp: Money; list_effective_from: IsoDate }

export type ChargeKind = "purchase" | "renewal" | "cycle_fee" | "seats_added" | "seats_removed" | "suspension_credit" | "reactivation" | "cancellation" | "conversion" | "plan_change";
export interface ChargeLine {
  subscription: string; customer: string; offer: string; kind: ChargeKind; date: IsoDate;
  service_period: Period; quantity: number; unit_amount: Decimal; amount: Money;
  charge_period: Period; days: [number, number] | null; daily_rate: Decimal | null;
  price_list: IsoDate; rounding: ProrationPolicy;
}

/** The documented scenario format (testdata/scenarios/README.md), version 1. */
export interface Scenario {
  version: 1; currency: string; customers: unknown[]; price_lists: unknown[]; events: unknown[];
  program?: string; as_of?: IsoDate; policy?: ProrationPolicy; form?: "net" | "reconciliation";
  offers?: unknown[]; default_actor?: unknown; partner?: unknown;
}
export interface InvoiceLine {
  source: "microsoft" | "service" | "instalment" | "discount"; description: string;
  subscription: string | null; service_period: Period | null; quantity: number;
  unit_price: Decimal; amount: Money; adjusts?: IsoMonth; reversal?: boolean;
}
export interface Invoice {
  number: string; customer: string; customer_name: string; month: IsoMonth; issue_date: IsoDate;
  due_date: IsoDate; window: Period; lines: InvoiceLine[]; subtotal: Money; tax_rate: Decimal | null;
  tax: Money; total: Money; credit_note: boolean;
}
export interface Statement {
  customer: string; cost: Money; cost_adjustment: Money; cost_adjustments: { month: IsoMonth; amount: Money }[];
  revenue: Money; margin: Money; margin_percent: Decimal | null; financed_balance: Money;
}
export interface BillRun {
  partner: string; month: IsoMonth; issue_date: IsoDate; window: Period;
  bills: { invoice: Invoice; statement: Statement }[];
  totals: { cost: Money; revenue: Money; margin: Money; margin_percent: Decimal | null; financed_balance: Money };
  projected?: boolean;
}

export interface QuoteInput {
  currency: string;
  /** List price per seat per month; or give `offer` and `price_lists`. */
  price?: Decimal;
  offer?: string;
  price_lists?: { month: IsoMonth; csv: string }[];
  /** Seats ordered. */
  seats: number;
  order_date: IsoDate;
  frequency: BillingFrequency;
  change: { type: "add_seats" | "remove_seats" | "suspend"; date: IsoDate; quantity?: number };
  policy?: ProrationPolicy;
}
export interface SeatCharge {
  amount: Money; service_period: Period; charge_period: Period; days: number; period_days: number;
  period_price: Decimal; unit: Decimal; quantity: number;
}
export interface Quote {
  term: Period; frequency: BillingFrequency; policy: ProrationPolicy;
  /** The core's seat-change line (add/remove seats), null for a suspension. */
  seat_charge: SeatCharge | null;
  /** The lines the change itself produced. */
  change: ChargeLine[];
  /** The full charges after the change, until the term end. */
  following: ChargeLine[];
  /** Every line of the term, in order. */
  lines: ChargeLine[];
}

"#;

#[cfg(feature = "nce")]
#[wasm_bindgen(typescript_custom_section)]
const NCE_SCENARIO_TS_TYPES: &'static str = r#"
/** An NCE scenario, version 2 (csp_core::scenario::nce): price sheets inline as {csv: TEXT}. */
export interface NceScenario {
  version: 2; program: "nce" | "nce_launch_2022"; currency: string; market: string;
  /** "YYYY-MM-DDTHH:MM:SSZ" (UTC) or "YYYY-MM-DD". */
  as_of?: string; convention?: "nce_a" | "nce_b";
  customers: unknown[]; price_sheets: { csv: string }[]; events: unknown[];
  /** The catalog's upgrade paths (SPEC-NCE §13.10). */
  upgrade_paths?: { from: string; to: string }[];
  /** The partner's settings, for bills (as in version 1). */
  partner?: unknown;
  /** Promotions (SPEC-NCE §12.5.2); an order may name one with "promotion": id. */
  promotions?: NcePromotion[];
  /** Purchase rules by SKU (SPEC-NCE §13.13): prerequisites, max_seats, minimum_percent. */
  skus?: Record<string, { prerequisites?: string[]; max_seats?: number; minimum_percent?: Decimal }>;
  /** Seats each customer holds outside this book, by SKU (SPEC-NCE §13.13). */
  tenant_skus_elsewhere?: Record<string, Record<string, number>>;
  /** The partner's billing currency (SPEC-NCE §16.1); default: currency (the pricing currency). */
  billing_currency?: string;
  /** Rates from the pricing to the billing currency by month (SPEC-NCE §16.2): rate a decimal string > 0. */
  exchange_rates?: { from: string; to: string; month: string; rate: Decimal }[];
}
/** A promotion: percent_off as a decimal string, 0 <= p < 100; every list non-empty; from and to
 * inclusive, "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DD" (a date-only to covers its day). */
export interface NcePromotion {
  id: string; percent_off: Decimal; offer: string; terms: string[]; plans: string[];
  segments: ("commercial" | "education" | "government" | "nonprofit")[]; markets: string[];
  from: string; to: string;
}
/** One NCE line (csp charges --format json): NceLine's fields; "" for an absent value. */
export interface NceChargeLine {
  order_date: IsoDate; subscription: string; customer: string; offer: string;
  charge_type: "new" | "cycleCharge" | "renew" | "addQuantity" | "removeQuantity" | "cancelImmediate" | "convert" | "moveQuantity" | "changeBillingPlan";
  reference_id: string; charge_start: IsoDate; charge_end: IsoDate;
  subscription_start: IsoDate; subscription_end: IsoDate; term_duration: string; billing_plan: string;
  billing_frequency: string; unit_price: Decimal; effective_unit_price: Decimal; billable_quantity: number;
  subtotal: Decimal; currency: string;
  /** The pricing currency (of unit_price and effective_unit_price); currency is the billing currency (of subtotal). */
  pricing_currency: string;
  /** The rate from pricing_currency to currency (1 when the same), and the 1st of the order date's month it is dated (SPEC-NCE §16.3). */
  fx_rate: Decimal; fx_rate_date: IsoDate;
  days: number; cycle_days: number;
  /** "k/of" months for a changeBillingPlan line, else "". */
  month_fraction: string;
  /** The id of the promotion the line's price carries, else "". */
  promotion_id: string;
  /** "Trial" for a trial's lines, else "". */
  product_qualifiers: string; convention: "nce_a" | "nce_b";
}
export interface NceCharges { as_of: string; convention: "nce_a" | "nce_b"; lines: NceChargeLine[] }
export interface NceSubscriptionState {
  id: string; customer: string; offer: string;
  status: "active" | "suspended" | "expired" | "disabled" | "deleted" | "stopped";
  /** An instant for suspended, a date otherwise; null while active. */
  status_since: string | null; deleted_on: IsoDate | null; stop_reason: string | null;
  quantity: number; auto_renew: boolean; term_duration: string; plan: string;
  term: { first: IsoDate; last: IsoDate; anchor: IsoDate; term_months: number; cycle_months: number; shortened: boolean };
  renewal_date: IsoDate;
  price: { unit_price: Decimal; cycle_price: Decimal; cycles_per_term: number; percent_off: Decimal | null;
    erp_price: Decimal | null; row_start: string; priced_at: string };
  cancellable_until: string | null; refundable: number;
  batches: { quantity: number; allowed_until: string }[];
  scheduled: { offer: string | null; term_duration: string | null; plan: string | null; quantity: number | null; custom_end: IsoDate | null } | null;
  pending_plan: { plan: string; from: IsoDate; reference_id: string } | null;
}
/** An instant, "YYYY-MM-DDTHH:MM:SSZ" (UTC, whole seconds). */
export type IsoInstant = string;
/** One NCE event in the scenario's form (csp_core::subscription::nce), e.g. for nceWhatIf. */
export type NceEventInput = { id: string; at: IsoInstant | IsoDate; subscription: string } & (
  | { type: "add_seats" | "reduce_seats"; quantity: number }
  | { type: "cancel" | "suspend" | "reactivate" | "clear_scheduled" }
  | { type: "upgrade"; to: string; quantity: number; into?: string; new_subscription?: string }
  | { type: string; [field: string]: unknown });
/** nceWhatIf's answer: what the event would do, and until when it stays possible. */
export interface NceQuote {
  /** The lines Microsoft would bill for the event (as nceCharges writes them). */
  lines: NceChargeLine[];
  /** Their sum: negative for a refund. */
  net: Decimal;
  currency: string;
  /** The last instant the same event stays possible (a cancel's window end, the last instant
   * that many seats stay refundable); null when no window limits the event. */
  allowed_until: IsoInstant | null;
}
"#;

#[cfg(feature = "full")]
#[wasm_bindgen(typescript_custom_section)]
const NCE_TS_TYPES: &'static str = r#"
/** A term for nceCotermEnds' `with`. */
export interface NceTermInput { start: IsoDate; term_months: number; cycle_months: number; custom_end?: IsoDate | null }
export interface NceTermInfo {
  first: IsoDate; last: IsoDate; days: number; anchor: IsoDate; term_months: number; cycle_months: number;
  shortened: boolean; next: Period;
}
/** A billing cycle; `reference` only for a partial first cycle (the cycle its days count against). */
export interface NceCycle { first: IsoDate; last: IsoDate; days_in_cycle: number; reference?: Period }
export interface NceLineInput {
  convention?: "nce_a" | "nce_b"; unit_price: Decimal; cycles_per_term: number;
  /** The share of the cycle billed: num / den days (or months), 0 < num <= den. */
  num: number; den: number; quantity: number; refund?: boolean; percent_off?: Decimal | null; currency: string;
}
export interface NceLineAmount { convention: "nce_a" | "nce_b"; effective_unit_price: Decimal; subtotal: Money; quantity: number }
export interface NceCyclePriceInput { unit_price: Decimal; cycles_per_term: number; percent_off?: Decimal | null; erp_price?: Decimal | null; scale?: number }
export interface NceCyclePrice { cycle_price: Decimal; erp_per_cycle: Decimal | null }

/** Options of reconcile (SPEC-NCE §15.1): scope, what to list, the invoice check. */
export interface ReconcileOptions {
  customers?: string[]; exclude_products?: string[];
  include_matched?: boolean; include_out_of_scope?: boolean;
  invoice_total?: Decimal; credit_notes?: Decimal;
}
export type ReconClass = "matched" | "price_differs" | "fx_rate_differs" | "convention" | "rounding"
  | "amount_differs" | "quantity_differs" | "missing" | "unexpected" | "not_modelled" | "out_of_scope";
export interface ReconSide {
  index?: number; row?: number; charge_type?: string; quantity: Decimal; unit_price: Decimal;
  eup: Decimal | null; fx_rate: Decimal | null; amount: Decimal; reference_id: string;
}
export interface ReconEntry {
  class: ReconClass; customer_id: string; subscription_id: string; charge_type: string;
  charge_start: IsoDate; charge_end: IsoDate; sign: "+" | "-";
  expected: ReconSide | null; file: ReconSide | null; delta: Decimal;
}
export interface ReconCustomer {
  customer_id: string; file_rows: number; rows_examined: number; rows_matched: number;
  expected_lines: number; differences: number; microsoft_total: Decimal; expected_total: Decimal;
  difference: Decimal; out_of_scope_total: Decimal; not_modelled_total: Decimal;
}
/** The report of reconcile: `csp reconcile --format json` (SPEC-NCE §15.12). */
export interface ReconReport {
  version: 1; file_kind: "nce" | "legacy"; currency: string; period: IsoMonth; policy: string;
  status: "clean" | "differences" | "nothing_audited";
  totals: {
    microsoft_total: Decimal; expected_total: Decimal; difference: Decimal;
    out_of_scope_total: Decimal; not_modelled_total: Decimal; discounts_total: Decimal | null;
    by_class: Record<ReconClass, { count: number; amount: Decimal }>;
  };
  coverage: {
    file_rows: number; rows_out_of_scope: number; rows_not_modelled: number; rows_examined: number;
    rows_matched: number; rows_differing: number; rows_unexpected: number; expected_lines: number;
    expected_missing: number; examined_pct: Decimal | null; matched_pct: Decimal | null;
    examined_amount_pct: Decimal | null;
  };
  customers: ReconCustomer[];
  entries: ReconEntry[];
  flags: { flag: "file_inconsistent"; row: number; check: string; detail: string }[];
  invoice_check: { rows_total: Decimal; credit_notes: Decimal; invoice_total: Decimal; agrees: boolean } | null;
}

/** The two-tier channel (SPEC-NCE §17) of an NCE scenario. */
export interface TierMargin { tier: string; lines: number; cost: Money; revenue: Money; margin: Money }
export interface MarginStatement {
  window: Period; lines: number; microsoft_cost: Money; tiers: TierMargin[]; customer_price: Money;
}
export interface ResellerRun { reseller: string; name: string; from_provider: BillRun; to_customers: BillRun }
export interface ChannelRun { month: IsoMonth; provider: BillRun; resellers: ResellerRun[]; margins: MarginStatement }
"#;

#[cfg(feature = "full")]
#[wasm_bindgen(typescript_custom_section)]
const GDAP_TS_TYPES: &'static str = r#"
/** A GDAP document (SPEC-NCE §18), as `csp gdap` reads it. */
export interface GdapDocument {
  program?: string;
  users?: { id: string; partner: string; program?: "csp" | "advisor"; roles?: string[]; groups?: string[] }[];
  dap?: { partner: string; customer: string; granted_at: string; removed_at?: string | null }[];
  relationships?: {
    id: string; partner: string; customer: string; name?: string; roles: string[]; duration: string;
    auto_extend?: string; created_at: string; requested_by: string; events?: Record<string, unknown>[];
  }[];
}
/** A relationship's timeline as of an instant (instants as "YYYY-MM-DDTHH:MM:SSZ"). */
export interface GdapTimeline {
  id: string; partner: string; customer: string; name: string; as_of: string;
  status: "pending" | "active" | "expired" | "terminated" | "request_expired" | null;
  roles: string[]; duration: string; auto_extend: string; created_at: string; request_expires_at: string;
  activated_at: string | null; end_at: string | null; terminated_at: string | null;
  extensions: string[]; notices_due: string[]; active: { from: string; until: string } | null;
  assignments: [string, string[]][];
}
"#;
