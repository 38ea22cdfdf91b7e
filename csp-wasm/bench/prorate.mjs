// Time per proration: csp-wasm (one call, and the typed-array batch) against decimal.js doing
// the same arithmetic in Node. One run; prints ns per proration and the ratios.
// Usage (after scripts/test-wasm has built pkg/node): node csp-wasm/bench/prorate.mjs [rows]
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Decimal from "decimal.js";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const csp = require(join(here, "..", "pkg", "node", "csp_wasm.js"));
const N = Number(process.argv[2] ?? 200000);

// Rows: a monthly price in cents, seats, days billed of a 28–31-day period.
const prices = new BigInt64Array(N);
const qty = new Int32Array(N);
const billed = new Uint32Array(N);
const period = new Uint32Array(N);
const priceText = new Array(N);
for (let i = 0; i < N; i++) {
  const cents = 100 + ((i * 7919) % 5000);
  prices[i] = BigInt(cents);
  priceText[i] = `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
  qty[i] = 1 + (i % 50);
  period[i] = 28 + (i % 4);
  billed[i] = 1 + (i % period[i]);
}

function time(label, rows, f) {
  f(Math.min(rows, 2000)); // warm-up
  const t0 = process.hrtime.bigint();
  const out = f(rows);
  const ns = Number(process.hrtime.bigint() - t0) / rows;
  console.log(`${label.padEnd(44)} ${ns.toFixed(0).padStart(7)} ns/proration`);
  return { ns, out };
}

const dec = time("decimal.js (price × q × days ÷ period, half-up)", N, (n) => {
  const r = new Array(n);
  for (let i = 0; i < n; i++) {
    r[i] = new Decimal(priceText[i]).times(qty[i]).times(billed[i]).div(period[i])
      .toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
  }
  return r;
});
const one = time("csp-wasm prorate() (one call per row)", Math.min(N, 50000), (n) => {
  const r = new Array(n);
  for (let i = 0; i < n; i++) {
    r[i] = csp.prorate({ currency: "USD", period_price: priceText[i], quantity: qty[i], days_billed: billed[i], days_in_period: period[i] }).amount.amount;
  }
  return r;
});
const batch = time("csp-wasm prorateMany() (BigInt64Array batch)", N, (n) =>
  csp.prorateMany("USD", undefined, prices.subarray(0, n), qty.subarray(0, n), billed.subarray(0, n), period.subarray(0, n)));

// Same answers (decimal.js divides to 20 significant digits; fine for these magnitudes).
let same = 0;
for (let i = 0; i < one.out.length; i++) if (one.out[i] === dec.out[i]) same++;
let sameBatch = 0;
for (let i = 0; i < N; i++) {
  const c = batch.out[i];
  if (`${c / 100n}.${String(c % 100n).padStart(2, "0")}` === dec.out[i]) sameBatch++;
}
console.log(`agreement with decimal.js: prorate ${same}/${one.out.length}, prorateMany ${sameBatch}/${N}`);
console.log(`ratio prorate/decimal.js: ${(one.ns / dec.ns).toFixed(2)}×; prorateMany/decimal.js: ${(batch.ns / dec.ns).toFixed(2)}×`);
