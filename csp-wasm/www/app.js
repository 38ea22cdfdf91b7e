// The calculator page: reads the form, calls csp-wasm (every amount and date is computed by
// the core), shows the result or the core's error next to the field it concerns.
// The module is imported in main(): a static import that fails (no build yet, a 404) would
// stop this script before it could say so, leaving "Loading…" forever.
let agreementStatus, parsePriceList, quoteSeatChange;

const $ = (id) => document.getElementById(id);
const POLICIES = {
  exact: { daily_rate: null, unit: null, line: "half_up" },
  rate3: { daily_rate: { scale: 3, mode: "half_up" }, unit: null, line: "half_up" },
  rate2: { daily_rate: { scale: 2, mode: "half_up" }, unit: null, line: "half_up" },
  even: { daily_rate: null, unit: null, line: "half_even" },
};
const POLICY_TEXT = {
  exact: "price × seats × days ÷ period days, rounded once, half-up to the currency's minor units",
  rate3: "daily rate rounded half-up to 3 places, then × days × seats, line half-up to minor units",
  rate2: "daily rate rounded half-up to 2 places, then × days × seats, line half-up to minor units",
  even: "price × seats × days ÷ period days, rounded once, half-even to the currency's minor units",
};
const KIND = {
  purchase: "Purchase", renewal: "Renewal", cycle_fee: "Monthly charge", seats_added: "Seats added",
  seats_removed: "Seats removed (credit)", suspension_credit: "Suspension credit", reactivation: "Reactivation",
};
const CSV_CODES = new Set(["csv_malformed", "missing_column", "empty_field", "invalid_decimal", "invalid_date",
  "invalid_value", "duplicate_price_row", "invalid_effective_range", "unknown_price_format", "empty_price_list",
  "price_format_mismatch"]);

let csvText = null;

function clearErrors(form) {
  for (const p of form.querySelectorAll(".error")) p.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}

function showError(fieldId, message) {
  const field = $(fieldId);
  const slot = $(`${fieldId}-error`) ?? $("form-error");
  slot.textContent = message;
  if (field) {
    field.setAttribute("aria-invalid", "true");
    field.focus();
  }
}

/** The field a core error is about (the page's own mapping of codes to its inputs). */
function fieldOf(e) {
  const ctx = e.context ?? {};
  switch (e.code) {
    case "date_outside_term":
    case "date_after_as_of":
    case "subscription_not_active":
      return "change-date";
    case "invalid_quantity":
      return (ctx.detail ?? "").startsWith("seats must") ? "seats" : "change-seats";
    case "unknown_currency":
    case "currency_mismatch":
      return "currency";
    case "offer_not_in_price_list":
      return "offer";
    case "no_price_list_in_force":
    case "price_list_not_published":
    case "duplicate_price_list":
      return "csv-month";
    default:
      if (CSV_CODES.has(e.code)) return "csv-file";
      if (e.code === "invalid_input") {
        // The field whose text the core refused.
        for (const id of ["price", "order-date", "change-date", "csv-month", "seats", "change-seats", "signed-on"]) {
          if ($(id) && $(id).value.trim() === (ctx.text ?? "").trim() && !$(id).closest("[hidden]")) return id;
        }
      }
      return "form-error";
  }
}

/** The page's refusal of an NCE sheet: what it reads instead, and where NCE sheets are read. */
const NCE_REFUSAL = "This is an NCE price sheet. The calculator quotes legacy monthly price lists only: load a " +
  "legacy list (Offer ID, List Price…) or enter the price. NCE sheets are read by the full csp-wasm package: " +
  "PriceBook.addNceCsv(text), then book.ncePrice({offer, term, plan, market, currency}, date).";

function friendly(e) {
  if (e.code === "price_format_mismatch" && e.context?.found === "an NCE price sheet") return NCE_REFUSAL;
  if (CSV_CODES.has(e.code) && e.context?.line) {
    return `The price list file is malformed (line ${e.context.line}${e.context.column && e.context.column !== "0" ? `, column ${e.context.column}` : ""}): ${e.message}`;
  }
  // Seats the core refused that are not whole numbers (2.5): say so rather than the range.
  const field = $(fieldOf(e));
  if (e.code === "invalid_quantity" && field && !Number.isInteger(Number(field.value))) {
    return "Seats must be whole numbers.";
  }
  return e.message;
}

function reportError(e, fallbackField) {
  if (e?.name !== "CspError") {
    showError(fallbackField, `Unexpected error: ${e?.message ?? e}`);
    return;
  }
  const field = fieldOf(e);
  showError(field === "form-error" ? fallbackField : field, friendly(e));
}

const money = (m) => `${m.amount} ${m.currency}`;
const period = (p) => `${p.first} – ${p.last}`;
const plural = (n, word) => `${n} ${word}${Math.abs(n) === 1 ? "" : "s"}`;

function render(q, policyKey) {
  const first = q.change[0];
  const cur = first?.amount.currency ?? "";
  if (q.seat_charge) {
    const s = q.seat_charge;
    $("amount").textContent = money(s.amount);
    $("service-period").textContent = period(s.service_period);
    $("charge-period").textContent = `${period(s.charge_period)} (${plural(s.period_days, "day")})`;
    const rate = first?.daily_rate ? `; daily rate ${first.daily_rate}` : "";
    $("explain").textContent =
      `${plural(Math.abs(s.quantity), "seat")} ${s.quantity < 0 ? "removed (credit)" : "added"} × ${s.period_price} ${cur} ` +
      `for the period × ${s.days}/${s.period_days} days${rate}; one seat: ${s.unit} ${cur}; ${POLICY_TEXT[policyKey]}.`;
  } else if (first) {
    const total = q.change.map((l) => money(l.amount)).join(" + ");
    $("amount").textContent = total;
    $("service-period").textContent = period(first.service_period);
    $("charge-period").textContent = period(first.charge_period);
    $("explain").textContent = first.days
      ? `Suspension credit: ${plural(first.quantity, "seat")} × ${first.unit_amount} ${cur} per seat for ${first.days[0]}/${first.days[1]} days; ${POLICY_TEXT[policyKey]}.`
      : "Suspended within 30 days of the term start: the charge period's whole net amount is credited.";
  } else {
    $("amount").textContent = `0 ${cur}`;
    $("explain").textContent = "The change produced no line.";
  }
  $("term").textContent = `${period(q.term)} (the term ends ${q.term.last})`;
  const body = $("schedule").tBodies[0];
  body.replaceChildren();
  for (const l of q.following) {
    const tr = document.createElement("tr");
    for (const [text, cls] of [[l.date], [KIND[l.kind] ?? l.kind], [period(l.service_period)], [String(l.quantity), "num"], [money(l.amount), "num"]]) {
      const td = document.createElement("td");
      td.textContent = text;
      if (cls) td.className = cls;
      tr.append(td);
    }
    body.append(tr);
  }
  $("no-following").hidden = q.following.length > 0;
  $("schedule").hidden = q.following.length === 0;
  $("result").hidden = false;
}

function quoteInput() {
  const mode = $("mode-list").checked ? "list" : "price";
  const type = $("change-type").value;
  const policyKey = $("policy").value;
  const input = {
    currency: $("currency").value,
    seats: Number($("seats").value.trim() === "" ? NaN : $("seats").value),
    order_date: $("order-date").value,
    frequency: $("frequency").value,
    change: { type, date: $("change-date").value },
    policy: POLICIES[policyKey],
  };
  if (type !== "suspend") input.change.quantity = Number($("change-seats").value.trim() === "" ? NaN : $("change-seats").value);
  if (mode === "price") input.price = $("price").value.trim();
  else {
    input.offer = $("offer").value;
    input.price_lists = csvText === null ? [] : [{ month: $("csv-month").value, csv: csvText }];
  }
  return { input, policyKey, mode };
}

function onQuote(ev) {
  ev.preventDefault();
  const form = $("quote-form");
  clearErrors(form);
  const { input, policyKey, mode } = quoteInput();
  // Say what is missing in words rather than as a parse error (the core checks the rest).
  if (Number.isNaN(input.seats)) return showError("seats", "Enter the number of seats ordered.");
  if (input.change.quantity !== undefined && Number.isNaN(input.change.quantity)) return showError("change-seats", "Enter the number of seats added or removed.");
  if (!input.order_date) return showError("order-date", "Enter the order date (YYYY-MM-DD).");
  if (!input.change.date) return showError("change-date", "Enter the date of the change (YYYY-MM-DD).");
  if (mode === "price" && !input.price) return showError("price", "Enter the list price, e.g. 16.00.");
  if (mode === "list") {
    if (csvText === null) return showError("csv-file", "Choose a price list file.");
    if (!$("csv-month").value) return showError("csv-month", "Enter the month of the price list (YYYY-MM).");
    if (!input.offer) return showError("offer", "Choose an offer.");
  }
  try {
    render(quoteSeatChange(input), policyKey);
  } catch (e) {
    $("result").hidden = true;
    reportError(e, "form-error");
  }
}

async function onFile() {
  clearErrors($("quote-form"));
  const file = $("csv-file").files?.[0];
  const select = $("offer");
  select.replaceChildren(new Option("— load a file first —", ""));
  csvText = null;
  if (!file) return;
  const text = await file.text();
  try {
    const rows = parsePriceList(text);
    csvText = text;
    select.replaceChildren(...rows.map((r) => new Option(`${r.offer_name} — ${r.list_price}`, r.offer_id)));
  } catch (e) {
    showError("csv-file", e?.name === "CspError" ? friendly(e) : `Unexpected error: ${e?.message ?? e}`);
  }
}

function onAgreement(ev) {
  ev.preventDefault();
  const form = $("agreement-form");
  clearErrors(form);
  const signed = $("signed-on").value;
  if (!signed) {
    $("agreement-result").hidden = true;
    return showError("signed-on", "Enter the signing date (YYYY-MM-DD).");
  }
  try {
    const s = agreementStatus({ signed_on: signed });
    $("agreement-term").textContent = s.term ? `${s.term.first} – ${s.term.last}` : "—";
    $("next-renewal").textContent = s.next_renewal ?? "—";
    $("notice-deadline").textContent = s.notice_deadline ?? "—";
    $("agreement-result").hidden = false;
  } catch (e) {
    $("agreement-result").hidden = true;
    showError("signed-on", e?.message ?? String(e));
  }
}

function onMode() {
  const list = $("mode-list").checked;
  $("list-box").hidden = !list;
  $("price-box").hidden = list;
}

function onChangeType() {
  $("change-seats-box").hidden = $("change-type").value === "suspend";
}

// ---- NCE: a customer's seat-change quote and a partner's refund preview ----------------------
// Both build a small version-2 scenario (one order of the chosen SKU) and ask the core what one
// more event would do (nceWhatIf): every amount, day count and window end is the core's. The
// NCE functions are in a second build of the module (pkg-nce/), loaded on first use, so that
// the page's first load stays as small as it was (README "Size").

/** The NCE price sheet the panels price from (testdata/scenarios/nce-sheet.csv). */
const NCE_SHEET = [
  '"ProductTitle","ProductId","SkuId","SkuTitle","Publisher","SkuDescription","UnitOfMeasure","TermDuration","BillingPlan","Market","Currency","UnitPrice","PricingTierRangeMin","PricingTierRangeMax","EffectiveStartDate","EffectiveEndDate","Tags","ERP Price"',
  '"Microsoft 365 E3","CFQ7TTC0LFLX","0001","Microsoft 365 E3","Microsoft Corporation","Productivity apps and services","1 License","P1Y","Monthly","US","USD","432","","","2022-03-01T00:00:00Z","","License","518.40"',
  '"Microsoft 365 E3","CFQ7TTC0LFLX","0001","Microsoft 365 E3","Microsoft Corporation","Productivity apps and services","1 License","P1Y","Annual","US","USD","432","","","2022-03-01T00:00:00Z","","License","518.40"',
  '"Microsoft 365 E3","CFQ7TTC0LFLX","0001","Microsoft 365 E3","Microsoft Corporation","Productivity apps and services","1 License","P1M","Monthly","US","USD","43.20","","","2022-03-01T00:00:00Z","","License","51.84"',
  '"Microsoft 365 Business Basic","CFQ7TTC0LH18","0001","Microsoft 365 Business Basic","Microsoft Corporation","Web and mobile apps","1 License","P1Y","Monthly","US","USD","72","","","2022-03-01T00:00:00Z","","License","86.40"',
  '"Microsoft 365 Business Basic","CFQ7TTC0LH18","0001","Microsoft 365 Business Basic","Microsoft Corporation","Web and mobile apps","1 License","P1M","Monthly","US","USD","7.20","","","2022-03-01T00:00:00Z","2022-12-31T23:59:59Z","License","8.64"',
  '"Microsoft 365 Business Basic","CFQ7TTC0LH18","0001","Microsoft 365 Business Basic","Microsoft Corporation","Web and mobile apps","1 License","P1M","Monthly","US","USD","7.80","","","2023-01-01T00:00:00Z","","License","9.36"',
].join("\n") + "\n";

const NCE_CHARGE = {
  addQuantity: "Seats changed", removeQuantity: "Seats changed", cancelImmediate: "Cancellation",
};

/** The id of the one subscription the panels quote (it appears in the core's messages). */
const NCE_SUB = "NCE-1";

let nceModule = null;
/** The NCE build, loaded once, on first use. */
async function loadNce() {
  if (!nceModule) {
    const m = await import("./pkg-nce/csp_wasm.js");
    await m.default();
    nceModule = m;
  }
  return nceModule;
}

/** The sheet shown in the page (display only: the core reads the CSV). */
function renderSheet() {
  const body = $("nce-sheet").tBodies[0];
  for (const line of NCE_SHEET.trim().split("\n").slice(1)) {
    const f = line.slice(1, -1).split('","');
    const tr = document.createElement("tr");
    for (const [text, cls] of [[f[0]], [f[7]], [f[8]], [`${f[11]} ${f[10]}`, "num"], [f[14].slice(0, 10)], [f[15] ? f[15].slice(0, 10) : "—"]]) {
      const td = document.createElement("td");
      td.textContent = text;
      if (cls) td.className = cls;
      tr.append(td);
    }
    body.append(tr);
  }
}

/** A datetime-local value ("2022-07-02T00:00" or with seconds) as a UTC instant; "" if empty. */
function utc(value) {
  if (!value) return "";
  return `${value.length === 16 ? `${value}:00` : value}Z`;
}

/** A whole count from an input, or NaN (the core refuses anything else). */
const count = (id) => ($(id).value.trim() === "" ? NaN : Number($(id).value));

/** The version-2 scenario of one order of the chosen SKU, and the order's instant. */
function nceScenario() {
  const [offer, term, plan] = $("nce-sku").value.split("|");
  return {
    version: 2, program: "nce", currency: "USD", market: "US", convention: "nce_b",
    customers: [{ id: "customer", name: "Customer", segment: "commercial", origin: "created_by_partner" }],
    price_sheets: [{ csv: NCE_SHEET }],
    events: [{ id: "order", at: utc($("nce-ordered").value), subscription: NCE_SUB, type: "order",
      customer: "customer", offer, term, plan, quantity: count("nce-seats") }],
  };
}

/** The field of the NCE panels a core error is about. */
function nceFieldOf(e, panel) {
  const at = panel === "quote" ? "nce-change-at" : "nce-at";
  const seats = panel === "quote" ? "nce-wanted" : "nce-remove";
  switch (e.code) {
    case "cancellation_window_closed":
    case "reduction_window_closed":
    case "subscription_deleted":
    case "subscription_expired":
    case "subscription_disabled":
      return at;
    case "unknown_subscription":
    case "date_after_as_of":
      return e.context?.event_index === undefined ? at : "nce-ordered";
    case "nce_price_not_found":
    case "term_not_offered":
    case "plan_not_allowed":
      return "nce-sku";
    case "reduction_exceeds_refundable":
      return seats;
    case "invalid_quantity":
      return e.context?.event_index === undefined ? seats : "nce-seats";
    default:
      return null;
  }
}

/** A message next to the NCE field `id`, or in the panel's own slot when `id` is null. */
function nceShow(panel, id, message) {
  if (id && $(`${id}-error`)) return showError(id, message);
  $(`nce-${panel}-form-error`).textContent = message;
}

/** A refusal in words, with the core's code (the partner can look it up). */
function nceMessage(e) {
  if (e?.name !== "CspError") return `Unexpected error: ${e?.message ?? e}`;
  const ctx = e.context ?? {};
  let lead = "Refused";
  if (e.code === "cancellation_window_closed") lead = `Too late to cancel: the cancellation window closed at ${ctx.allowed_until}`;
  else if (e.code === "reduction_window_closed") lead = `Too late to remove seats: no seat is refundable any more (next window: the renewal on ${ctx.next_window})`;
  else if (e.code === "reduction_exceeds_refundable") lead = `Only ${ctx.refundable} seat(s) can still be removed`;
  return `${lead} [${e.code}]: ${e.message}`;
}

function nceError(e, panel) {
  nceShow(panel, e?.name === "CspError" ? nceFieldOf(e, panel) : null, nceMessage(e));
}

/** The quote's lines as a table. */
function renderLines(table, lines) {
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  for (const h of ["Line", "Seats", "Per seat", "Amount", "Days"]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = h;
    head.append(th);
  }
  const body = table.createTBody();
  for (const l of lines) {
    const tr = body.insertRow();
    const what = `${NCE_CHARGE[l.charge_type] ?? l.charge_type} (${l.charge_type}) ${l.subscription === NCE_SUB ? "" : l.subscription}`.trim();
    for (const [text, cls] of [[what], [String(l.billable_quantity), "num"], [l.effective_unit_price, "num"],
      [`${l.subtotal} ${l.currency}`, "num"], [`${l.charge_start} – ${l.charge_end} (${l.days}/${l.cycle_days})`]]) {
      const td = tr.insertCell();
      td.textContent = text;
      if (cls) td.className = cls;
    }
  }
}

/** The subscription's fields, checked for presence (the core checks the rest); false if one is missing. */
function nceSubscriptionGiven() {
  if (!$("nce-ordered").value) return showError("nce-ordered", "Enter when the subscription was ordered (UTC)."), false;
  if (Number.isNaN(count("nce-seats"))) return showError("nce-seats", "Enter the seats the subscription has now."), false;
  return true;
}

async function onNceQuote(ev) {
  ev.preventDefault();
  clearErrors($("nce"));
  $("nce-quote-result").hidden = true;
  if (!nceSubscriptionGiven()) return;
  const now = count("nce-seats");
  const wanted = count("nce-wanted");
  if (Number.isNaN(wanted)) return showError("nce-wanted", "Enter the seats wanted.");
  if (!$("nce-change-at").value) return showError("nce-change-at", "Enter when the change happens (UTC).");
  if (wanted === now) return showError("nce-wanted", "That is the number of seats now: nothing changes.");
  // The seat delta is a count, not money: the core prices it.
  const event = wanted > now
    ? { type: "add_seats", quantity: wanted - now }
    : { type: "reduce_seats", quantity: now - wanted };
  let csp;
  try {
    csp = await loadNce();
  } catch (e) {
    return nceShow("quote", null, `The NCE calculator could not be loaded (pkg-nce/csp_wasm.js): ${e?.message ?? e}. Build it with scripts/test-wasm.`);
  }
  try {
    const q = csp.nceWhatIf(nceScenario(), { id: "change", at: utc($("nce-change-at").value), subscription: NCE_SUB, ...event });
    const first = q.lines[0];
    const charge = !q.net.startsWith("-");
    $("nce-quote-amount").textContent = `${q.net} ${q.currency}${charge ? " to pay now" : " credited now"}`;
    $("nce-quote-explain").textContent = first
      ? `Microsoft refunds the ${first.billable_quantity} seats for the rest of the billing cycle and charges the ` +
        `${q.lines[1]?.billable_quantity ?? 0} seats wanted for the same days (${first.days} of ${first.cycle_days}): ` +
        "the change costs the difference."
      : "The change produced no line.";
    $("nce-quote-period").textContent = first ? `${first.charge_start} – ${first.charge_end} (the end of the billing cycle)` : "—";
    $("nce-quote-until").textContent = q.allowed_until ?? "any time in the term (seats can always be added)";
    renderLines($("nce-quote-lines"), q.lines);
    $("nce-quote-result").hidden = false;
  } catch (e) {
    nceError(e, "quote");
  }
}

async function onNceRefund(ev) {
  ev.preventDefault();
  clearErrors($("nce"));
  $("nce-refund-result").hidden = true;
  if (!nceSubscriptionGiven()) return;
  const type = $("nce-action").value;
  const event = { id: "decision", at: utc($("nce-at").value), subscription: NCE_SUB, type };
  if (type === "reduce_seats") {
    event.quantity = count("nce-remove");
    if (Number.isNaN(event.quantity)) return showError("nce-remove", "Enter the seats to remove.");
  }
  if (!event.at) return showError("nce-at", "Enter when (UTC).");
  let csp;
  try {
    csp = await loadNce();
  } catch (e) {
    return nceShow("refund", null, `The NCE calculator could not be loaded (pkg-nce/csp_wasm.js): ${e?.message ?? e}. Build it with scripts/test-wasm.`);
  }
  try {
    const q = csp.nceWhatIf(nceScenario(), event);
    const first = q.lines[0];
    $("nce-refund-amount").textContent = `${q.net} ${q.currency}`;
    $("nce-refund-until").textContent = q.allowed_until ?? "—";
    $("nce-refund-period").textContent = first ? `${first.charge_start} – ${first.charge_end} (${first.days} of ${first.cycle_days} days)` : "—";
    renderLines($("nce-refund-lines"), q.lines);
    $("nce-refund-result").hidden = false;
  } catch (e) {
    nceError(e, "refund");
  }
}

function onNceAction() {
  $("nce-remove-box").hidden = $("nce-action").value !== "reduce_seats";
}

async function main() {
  let csp;
  try {
    csp = await import("./pkg/csp_wasm.js");
    await csp.default();
  } catch (e) {
    $("loading").textContent = "The calculator could not be loaded: its WebAssembly module (pkg/csp_wasm.js) is " +
      `missing or failed to start (${e?.message ?? e}). Build it with scripts/test-wasm, then reload the page.`;
    $("loading").setAttribute("role", "alert");
    document.body.dataset.ready = "failed";
    return;
  }
  ({ agreementStatus, parsePriceList, quoteSeatChange } = csp);
  $("version").textContent = csp.version();
  $("quote-form").addEventListener("submit", onQuote);
  $("agreement-form").addEventListener("submit", onAgreement);
  $("csv-file").addEventListener("change", () => { onFile().catch((e) => showError("csv-file", String(e?.message ?? e))); });
  for (const r of document.querySelectorAll("input[name=price-mode]")) r.addEventListener("change", onMode);
  $("change-type").addEventListener("change", onChangeType);
  $("nce-quote-form").addEventListener("submit", (ev) => { onNceQuote(ev).catch((e) => nceShow("quote", null, nceMessage(e))); });
  $("nce-refund-form").addEventListener("submit", (ev) => { onNceRefund(ev).catch((e) => nceShow("refund", null, nceMessage(e))); });
  $("nce-action").addEventListener("change", onNceAction);
  renderSheet();
  onMode();
  onChangeType();
  onNceAction();
  $("nce-quote").disabled = false;
  $("nce-refund").disabled = false;
  $("quote").disabled = false;
  $("agreement").disabled = false;
  $("loading").hidden = true;
  document.body.dataset.ready = "true";
}

main();
