// The JS rows of benches/RESULTS.md on the shared deterministic workload (the SplitMix64
// generator of benches/src/lib.rs, bit for bit, so every implementation prints the same
// grand total and per-customer checksum):
//   - decimal.js in Node: the loop a JS developer writes (Date arithmetic, Decimal money);
//   - csp-wasm's typed-array batch, PriceBook.prorateSeatChanges (one call for all rows);
//   - csp-wasm's one-call path, PriceBook.prorateSeatChange, once per row.
// Usage (after scripts/test-wasm has built csp-wasm/pkg/node):
//   node benches/js/baselines.mjs [--lines 1000000]
// Prints key=value lines; the three totals must agree.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wasmDir = join(here, "..", "..", "csp-wasm");
const require = createRequire(join(wasmDir, "package.json"));
const Decimal = require("decimal.js");
const csp = require(join(wasmDir, "pkg", "node", "csp_wasm.js"));

const at = process.argv.indexOf("--lines");
const N = at > 0 ? Number(process.argv[at + 1]) : 1_000_000;
const CUSTOMERS = Math.max(1, Math.floor(N / 20));
const OFFERS = 1000;
const MONTHS = 36;
const DAY_MS = 86_400_000;
const MASK = (1n << 64n) - 1n;

/** SplitMix64, as benches/src/lib.rs (BigInt: exact 64-bit arithmetic). */
class SplitMix64 {
  constructor(seed) { this.s = BigInt(seed); }
  next() {
    this.s = (this.s + 0x9E3779B97F4A7C15n) & MASK;
    let z = this.s;
    z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & MASK;
    return z ^ (z >> 31n);
  }
  below(n) { return Number(this.next() % BigInt(Math.max(1, n))); }
}

/** SPEC §1.3: `date` + n months from the anchor, the day clamped to the month's length. */
function addMonths(date, n) {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + n;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(date.getUTCDate(), last)));
}
const termEnd = (start) => new Date(addMonths(start, 12).getTime() - DAY_MS);
const dayNumber = (date) => date.getTime() / DAY_MS;
const iso = (date) => date.toISOString().slice(0, 10);

// ---- the workload (benches/src/lib.rs `Workload::generate`)
const rng = new SplitMix64(2016);
const base = Array.from({ length: OFFERS }, () => 100 + rng.below(5901));
const cents = Array.from({ length: MONTHS }, (_, m) => base.map((b) => b + (m % 5)));
const text = (c) => `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, "0")}`;
const priceText = cents.map((row) => row.map(text));
const offerNames = Array.from({ length: OFFERS }, (_, i) => `OFFER-${String(i).padStart(5, "0")}`);
const customer = new Uint32Array(N);
const offer = new Uint32Array(N);
const quantity = new Int32Array(N);
const startDay = new Int32Array(N);
const changeDay = new Int32Array(N);
const day0 = Date.UTC(2016, 0, 1);
for (let i = 0; i < N; i++) {
  customer[i] = rng.below(CUSTOMERS);
  offer[i] = rng.below(OFFERS);
  quantity[i] = 1 + rng.below(300);
  const start = new Date(day0 + rng.below(366) * DAY_MS);
  const termDays = dayNumber(termEnd(start)) - dayNumber(start) + 1;
  startDay[i] = dayNumber(start);
  changeDay[i] = startDay[i] + 1 + rng.below(termDays - 1);
}
// What each path's caller already has: Date objects, ISO text, day numbers.
const startDate = Array.from(startDay, (d) => new Date(d * DAY_MS));
const changeDate = Array.from(changeDay, (d) => new Date(d * DAY_MS));
const startIso = startDate.map(iso);
const changeIso = changeDate.map(iso);

const HEADER = "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price\n";
const book = new csp.PriceBook("USD");
for (let m = 0; m < MONTHS; m++) {
  const csv = HEADER + offerNames.map((o, i) => `${o},${o},Corporate,Non-specific,${priceText[m][i]},${priceText[m][i]}\n`).join("");
  book.addLegacyCsv(csv, `${2016 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`);
}

/** Grand total and Σ (i + 1) × total_i (wrapping 64 bits) over per-customer cents. */
function checksum(perCustomer) {
  let grand = 0n;
  let sum = 0n;
  perCustomer.forEach((t, i) => {
    grand += t;
    sum = (sum + BigInt(i + 1) * BigInt.asUintN(64, t)) & MASK;
  });
  return `grand_cents=${grand} checksum=${sum}`;
}

function timed(repeat, f) {
  let best = Infinity;
  let out;
  for (let r = 0; r < repeat; r++) {
    const t0 = process.hrtime.bigint();
    out = f();
    best = Math.min(best, Number(process.hrtime.bigint() - t0));
  }
  return { ns: best, out };
}

// ---- decimal.js: the price locked at the order month, 12 × p × q × days / term days.
const dec = timed(1, () => {
  const totals = Array.from({ length: CUSTOMERS }, () => new Decimal(0));
  for (let i = 0; i < N; i++) {
    const start = startDate[i];
    const month = (start.getUTCFullYear() - 2016) * 12 + start.getUTCMonth();
    const end = termEnd(start);
    const days = Math.round((end - changeDate[i]) / DAY_MS) + 1;
    const termDays = Math.round((end - start) / DAY_MS) + 1;
    const amount = new Decimal(priceText[month][offer[i]]).times(12).times(quantity[i]).times(days)
      .div(termDays).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    totals[customer[i]] = totals[customer[i]].plus(amount);
  }
  return checksum(totals.map((t) => BigInt(t.times(100).toFixed(0))));
});

// ---- csp-wasm batch: one call over typed arrays.
const batch = timed(3, () => {
  const r = book.prorateSeatChanges(offerNames, CUSTOMERS, customer, offer, quantity, startDay,
    changeDay, "annual", undefined, false);
  return checksum(Array.from(r.totals));
});

// ---- csp-wasm one call per row: plain strings and numbers in, the amount as text out.
const call = timed(1, () => {
  const totals = new Array(CUSTOMERS).fill(0n);
  for (let i = 0; i < N; i++) {
    const amount = book.prorateSeatChange(offerNames[offer[i]], quantity[i], startIso[i], changeIso[i]);
    totals[customer[i]] += BigInt(amount.replace(".", ""));
  }
  return checksum(totals);
});

if (dec.out !== batch.out || dec.out !== call.out) {
  console.error(`totals differ: decimal.js ${dec.out}, batch ${batch.out}, call ${call.out}`);
  process.exit(1);
}
const rate = (t) => Math.round((N * 1e9) / t.ns);
console.log(dec.out);
console.log(`js_decimal_rows_per_s=${rate(dec)}`);
console.log(`js_wasm_batch_rows_per_s=${rate(batch)}`);
console.log(`js_wasm_call_rows_per_s=${rate(call)}`);
console.log(`js_decimal_ns_per_row=${(dec.ns / N).toFixed(0)}`);
console.log(`js_wasm_call_ns_per_row=${(call.ns / N).toFixed(0)}`);
console.log(`wasm_batch_vs_decimal=${(dec.ns / batch.ns).toFixed(2)}`);
console.log(`wasm_call_time_vs_decimal=${(call.ns / dec.ns).toFixed(2)}`);
