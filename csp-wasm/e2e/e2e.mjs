// End to end: the calculator page (csp-wasm/www) in real headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core), served from 127.0.0.1.
// Usage: node e2e/e2e.mjs http://127.0.0.1:PORT/ SCREENSHOT.png
// Prints one line per check and `e2e: N passed; M failed`; exits 1 on a failure.
import { chromium } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [url, shot] = process.argv.slice(2);
if (!url || !shot) {
  console.error("usage: node e2e/e2e.mjs URL SCREENSHOT.png");
  process.exit(2);
}
const testdata = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "testdata");
const vectors = (name) => JSON.parse(readFileSync(join(testdata, "vectors", name), "utf8"));
const proration = vectors("proration.json").cases;
const agreement = vectors("agreement.json").cases;

let passed = 0;
let failed = 0;
async function check(name, f) {
  try {
    await f();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e?.message ?? e}`);
  }
}
function eq(got, want, what) {
  if (got !== want) throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

const userDataDir = mkdtempSync(join(tmpdir(), "csp-chromium-"));
const ctx = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1000, height: 900 },
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
const consoleErrors = [];
const offsite = [];
const requested = [];
try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") consoleErrors.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on("request", (r) => {
    requested.push(r.url());
    if (!r.url().startsWith(url) && !r.url().startsWith("data:")) offsite.push(r.url());
  });
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30000 });

  await check("on load: no empty result boxes (hidden wins over display: grid)", async () => {
    eq(await page.locator("#result").isVisible(), false, "#result visible");
    eq(await page.locator("#agreement-result").isVisible(), false, "#agreement-result visible");
    eq(await page.locator("#loading").isVisible(), false, "#loading visible");
  });

  const text = (sel) => page.locator(sel).innerText();
  const err = (id) => page.locator(`#${id}-error`).innerText();
  async function fillQuote(v) {
    await page.check(v.list ? "#mode-list" : "#mode-price");
    if (!v.list) await page.fill("#price", v.price);
    await page.selectOption("#currency", v.currency ?? "USD");
    await page.fill("#seats", String(v.seats));
    await page.fill("#order-date", v.order);
    await page.selectOption("#frequency", v.frequency ?? "monthly");
    await page.selectOption("#change-type", v.type ?? "add_seats");
    if ((v.type ?? "add_seats") !== "suspend") await page.fill("#change-seats", String(v.quantity));
    await page.fill("#change-date", v.date);
    await page.selectOption("#policy", v.policy ?? "exact");
  }
  async function quote(v) {
    await fillQuote(v);
    await page.click("#quote");
  }

  // 1. Proration vector L1 (csp-rules §4.1): $4/month, 2 seats for 12 of 31 days → 3.10, unit 1.55.
  const l1 = proration.find((c) => c.period_price === "4.00" && c.quantity === 2 && c.days_billed === 12 && c.policy.daily_rate === null);
  await check("L1: 2 seats added for 12 of 31 days (vector)", async () => {
    // Ordered 13 January 2018: period 13 Jan – 12 Feb (31 days); added 1 February: 12 days.
    await quote({ price: l1.period_price, seats: 1, order: "2018-01-13", quantity: 2, date: "2018-02-01" });
    eq(await text("#amount"), `${l1.expect.amount} USD`, "amount");
    eq(await text("#service-period"), "2018-02-01 – 2018-02-12", "service period");
    const explain = await text("#explain");
    if (!explain.includes("12/31 days") || !explain.includes(`one seat: ${l1.expect.unit} USD`)) throw new Error(explain);
    eq(await text("#term"), "2018-01-13 – 2019-01-12 (the term ends 2019-01-12)", "term");
    eq(await page.locator("#schedule tbody tr").count(), 11, "following monthly charges");
    eq(await text("#schedule tbody tr:first-child td:nth-child(5)"), "12.00 USD", "next charge: 3 seats × 4.00");
  });

  // 2. The same with the daily rate rounded to 3 places (the doc's text): vector with daily_rate 0.129.
  const l1text = proration.find((c) => c.period_price === "4.00" && c.quantity === 2 && c.policy.daily_rate?.scale === 3);
  await check("L1 text: daily rate rounded to 3 places (vector)", async () => {
    await quote({ price: "4.00", seats: 1, order: "2018-01-13", quantity: 2, date: "2018-02-01", policy: "rate3" });
    eq(await text("#amount"), `${l1text.expect.amount} USD`, "amount");
    if (!(await text("#explain")).includes(`daily rate ${l1text.expect.daily_rate}`)) throw new Error(await text("#explain"));
  });

  // 3. Annual: 12 × 17.60 = 211.20 for the year; 2 seats for 27 of 365 days → vector 31.25.
  const annual = proration.find((c) => c.period_price === "211.20" && c.quantity === 2 && c.days_billed === 27);
  await check("annual $211.20: 2 seats for 27 of 365 days (vector)", async () => {
    if (!annual) throw new Error("vector not found");
    await quote({ price: "17.60", seats: 5, order: "2017-01-01", frequency: "annual", quantity: 2, date: "2017-12-05" });
    eq(await text("#amount"), `${annual.expect.amount} USD`, "amount");
    eq(await text("#charge-period"), "2017-01-01 – 2017-12-31 (365 days)", "charge period");
    eq(await page.locator("#schedule tbody tr").count(), 0, "no following charge in an annual term");
    eq(await page.locator("#no-following").isVisible(), true, "no-following note");
  });

  // 4. A suspension after the 30-day window: −25 × 16.00 × 25/30 = −333.33 (scenarios README).
  await check("suspension credit", async () => {
    await quote({ price: "16.00", seats: 25, order: "2016-02-15", type: "suspend", date: "2016-04-20" });
    eq(await text("#amount"), "-333.33 USD", "amount");
    if (!(await text("#explain")).includes("25/30 days")) throw new Error(await text("#explain"));
  });

  // 5. Errors, each next to its field, the page still there.
  await check("error: change date outside the term", async () => {
    await quote({ price: "16.00", seats: 20, order: "2016-01-11", quantity: 5, date: "2017-02-01" });
    const m = await err("change-date");
    if (!m.includes("outside")) throw new Error(m);
    eq(await page.getAttribute("#change-date", "aria-invalid"), "true", "aria-invalid");
    eq(await page.locator("#result").isVisible(), false, "no stale result");
  });
  await check("error: negative seats", async () => {
    await quote({ price: "16.00", seats: -3, order: "2016-01-11", quantity: 5, date: "2016-02-20" });
    const m = await err("seats");
    if (!m.includes("at least 1")) throw new Error(m);
  });
  await check("error: removing more seats than there are", async () => {
    await quote({ price: "16.00", seats: 3, order: "2016-01-11", type: "remove_seats", quantity: 3, date: "2016-02-20" });
    if (!(await err("change-seats"))) throw new Error("no message next to the change's seats");
  });
  await check("error: seats that are not a whole number", async () => {
    await quote({ price: "16.00", seats: 20, order: "2016-01-11", quantity: 2.5, date: "2016-02-20" });
    const m = await err("change-seats");
    if (!m.includes("whole numbers")) throw new Error(m);
  });
  await check("error: a price that is not a decimal", async () => {
    await quote({ price: "12,5O", seats: 3, order: "2016-01-11", quantity: 1, date: "2016-02-20" });
    if (!(await err("price"))) throw new Error("no message next to the price");
  });
  await check("error: a malformed price list CSV", async () => {
    await page.check("#mode-list");
    await page.setInputFiles("#csv-file", { name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("Offer ID,List Price\nE3,16.00\n") });
    await page.waitForFunction(() => document.getElementById("csv-file-error").textContent !== "");
    const m = await err("csv-file");
    if (!m.includes("line 1")) throw new Error(m);
  });
  await check("an NCE price sheet: refused, saying the full package reads it", async () => {
    const csv = readFileSync(join(testdata, "price-lists", "nce-2021-11-US.csv"));
    await page.setInputFiles("#csv-file", { name: "nce-2021-11-US.csv", mimeType: "text/csv", buffer: csv });
    await page.waitForFunction(() => document.getElementById("csv-file-error").textContent.includes("NCE"));
    const m = await err("csv-file");
    for (const want of ["This is an NCE price sheet", "legacy monthly price lists", "PriceBook.addNceCsv", "ncePrice"]) {
      if (!m.includes(want)) throw new Error(`no "${want}" in: ${m}`);
    }
    eq(await page.evaluate(() => document.getElementById("offer").options.length), 1, "offers listed");
  });
  await check("price list file: pick an offer and quote", async () => {
    const csv = readFileSync(join(testdata, "price-lists", "legacy-2016-02-USD.csv"));
    await page.setInputFiles("#csv-file", { name: "legacy-2016-02-USD.csv", mimeType: "text/csv", buffer: csv });
    await page.waitForFunction(() => document.getElementById("offer").options.length > 1);
    await page.fill("#csv-month", "2016-02");
    await page.selectOption("#offer", "4B2D8F63-1E9A-4C7B-B5D0-3A6F8E2C1D97");
    await quote({ list: true, seats: 20, order: "2016-02-11", quantity: 5, date: "2016-03-20" });
    // 5 × 16.00 × 22/29 (11 Mar – 10 Apr has 31 days: 20 Mar – 10 Apr = 22 days) → 5 × 16 × 22/31 = 56.774… → 56.77
    eq(await text("#amount"), "56.77 USD", "amount");
    await page.check("#mode-price");
  });

  // 6. The agreement panel: vector 1 (signed 2015-10-01).
  const a = agreement.find((c) => c.signed_on === "2015-10-01" && c.notices.length === 0);
  const q1 = a.queries.find((q) => q.on === a.signed_on);
  await check("agreement: next renewal and notice deadline (vector)", async () => {
    await page.fill("#signed-on", a.signed_on);
    await page.click("#agreement");
    eq(await text("#next-renewal"), q1.next_renewal, "next renewal");
    eq(await text("#notice-deadline"), q1.notice_deadline, "notice deadline");
  });
  await check("agreement: empty signing date", async () => {
    await page.fill("#signed-on", "");
    await page.click("#agreement");
    if (!(await err("signed-on"))) throw new Error("no message");
  });

  // 7. NCE panels (issue 16), built on a one-order version-2 scenario of the page's sheet
  // (testdata/scenarios/nce-sheet.csv) and priced by nceWhatIf; lines under nce_b: e = P × days
  // / cycle days truncated to cents, times the seats (SPEC-NCE §14.4).
  await check("NCE: the NCE build is loaded on first use only; the sheet is shown", async () => {
    const nceRequests = requested.filter((u) => u.includes("/pkg-nce/"));
    if (nceRequests.length) throw new Error(`fetched before use: ${nceRequests.join(", ")}`);
    eq(await page.locator("#nce-sheet tbody tr").count(), 6, "sheet rows");
  });
  // datetime-local values in the form Chromium keeps (seconds only when not zero).
  async function fillNce(v) {
    await page.selectOption("#nce-sku", v.sku);
    await page.fill("#nce-ordered", v.ordered);
    await page.fill("#nce-seats", String(v.seats));
  }
  const E3_MONTHLY = "CFQ7TTC0LFLX:0001|P1Y|monthly";
  const BASIC_P1M = "CFQ7TTC0LH18:0001|P1M|monthly";
  async function nceQuote(v) {
    await fillNce(v);
    await page.fill("#nce-wanted", String(v.wanted));
    await page.fill("#nce-change-at", v.at);
    await page.click("#nce-quote");
    await page.waitForFunction(() => !document.getElementById("nce-quote-result").hidden ||
      [...document.querySelectorAll("#nce .error")].some((p) => p.textContent !== ""));
  }
  async function nceRefund(v) {
    await fillNce(v);
    await page.selectOption("#nce-action", v.action);
    if (v.action === "reduce_seats") await page.fill("#nce-remove", String(v.remove));
    await page.fill("#nce-at", v.at);
    await page.click("#nce-refund");
    await page.waitForFunction(() => !document.getElementById("nce-refund-result").hidden ||
      [...document.querySelectorAll("#nce .error")].some((p) => p.textContent !== ""));
  }
  await check("NCE quote: 10 → 12 seats of E3 (P1Y monthly) on 07-02, to the cycle end", async () => {
    // Ordered 2022-06-18T10:00Z: the cycle 06-18..07-17 has 30 days, 07-02..07-17 is 16 of them;
    // P = 432 / 12 = 36.00 a month, e = 36 × 16/30 = 19.20. Microsoft refunds 10 × 19.20 = 192.00
    // and charges 12 × 19.20 = 230.40: the change costs 38.40.
    await nceQuote({ sku: E3_MONTHLY, ordered: "2022-06-18T10:00", seats: 10, wanted: 12, at: "2022-07-02T00:00" });
    eq(await text("#nce-quote-amount"), "38.40 USD to pay now", "net");
    eq(await text("#nce-quote-period"), "2022-07-02 – 2022-07-17 (the end of the billing cycle)", "prorated to");
    eq(await text("#nce-quote-until"), "any time in the term (seats can always be added)", "no window");
    eq(await page.locator("#nce-quote-lines tbody tr").count(), 2, "the pair");
    eq(await text("#nce-quote-lines tbody tr:nth-child(1) td:nth-child(4)"), "-192.00 USD", "refund of the 10");
    eq(await text("#nce-quote-lines tbody tr:nth-child(2) td:nth-child(4)"), "230.40 USD", "charge of the 12");
    eq(await text("#nce-quote-lines tbody tr:nth-child(2) td:nth-child(5)"), "2022-07-02 – 2022-07-17 (16/30)", "days");
  });
  await check("NCE quote: 10 → 8 seats two days after the order: a credit, until the window's end", async () => {
    // 06-20..07-17 is 28 of 30 days: e = 36 × 28/30 = 33.60; −10 × 33.60 + 8 × 33.60 = −67.20.
    // The order's seats are refundable for 168 h: until 06-25T10:00:00Z.
    await nceQuote({ sku: E3_MONTHLY, ordered: "2022-06-18T10:00", seats: 10, wanted: 8, at: "2022-06-20T00:00" });
    eq(await text("#nce-quote-amount"), "-67.20 USD credited now", "net");
    eq(await text("#nce-quote-until"), "2022-06-25T10:00:00Z", "possible until");
  });
  await check("NCE quote: a reduction after the window is refused with its code", async () => {
    await nceQuote({ sku: E3_MONTHLY, ordered: "2022-06-18T10:00", seats: 10, wanted: 8, at: "2022-06-25T10:00:01" });
    const m = await err("nce-change-at");
    for (const want of ["Too late to remove seats", "reduction_window_closed", "2023-06-18"]) {
      if (!m.includes(want)) throw new Error(`no "${want}" in: ${m}`);
    }
    eq(await page.locator("#nce-quote-result").isVisible(), false, "no stale result");
  });
  await check("NCE refund: cancelling Business Basic (P1M) the day after the order", async () => {
    // 5 seats at 7.20 a month ordered 2022-09-01T08:00Z (cancellable 168 h: until 09-08T08:00Z);
    // on 09-02, 09-02..09-30 is 29 of 30 days: 7.20 × 29/30 = 6.96 a seat, × 5 = 34.80 refunded.
    await nceRefund({ sku: BASIC_P1M, ordered: "2022-09-01T08:00", seats: 5, action: "cancel", at: "2022-09-02T00:00" });
    eq(await text("#nce-refund-amount"), "-34.80 USD", "refund");
    eq(await text("#nce-refund-until"), "2022-09-08T08:00:00Z", "possible until");
    eq(await text("#nce-refund-period"), "2022-09-02 – 2022-09-30 (29 of 30 days)", "days");
  });
  await check("NCE refund: removing 3 of 10 E3 seats at the window's last instant", async () => {
    // 06-25..07-17 is 23 of 30 days: e = 36 × 23/30 = 27.60; −10 × 27.60 + 7 × 27.60 = −82.80.
    await nceRefund({ sku: E3_MONTHLY, ordered: "2022-06-18T10:00", seats: 10, action: "reduce_seats", remove: 3, at: "2022-06-25T10:00" });
    eq(await text("#nce-refund-amount"), "-82.80 USD", "refund");
    eq(await text("#nce-refund-until"), "2022-06-25T10:00:00Z", "possible until");
  });
  await check("NCE refund: a cancellation one second late is refused, with its code", async () => {
    await nceRefund({ sku: E3_MONTHLY, ordered: "2022-06-18T10:00", seats: 10, action: "cancel", at: "2022-06-25T10:00:01" });
    const m = await err("nce-at");
    for (const want of ["Too late to cancel", "2022-06-25T10:00:00Z", "cancellation_window_closed"]) {
      if (!m.includes(want)) throw new Error(`no "${want}" in: ${m}`);
    }
    eq(await page.getAttribute("#nce-at", "aria-invalid"), "true", "aria-invalid");
    eq(await page.locator("#nce-refund-result").isVisible(), false, "no stale result");
  });

  // 8. Keyboard only: Enter in a field submits the form.
  await check("keyboard: Enter submits", async () => {
    await fillQuote({ price: "4.00", seats: 1, order: "2018-01-13", quantity: 2, date: "2018-02-01" });
    await page.focus("#change-date");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => !document.getElementById("result").hidden);
    eq(await text("#amount"), `${l1.expect.amount} USD`, "amount");
  });
  await page.screenshot({ path: shot, fullPage: true });

  // 9. Phone-sized viewport: nothing wider than the screen.
  await check("phone viewport (375 px): no horizontal scrolling", async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 375) throw new Error(`page is ${width}px wide`);
    await page.screenshot({ path: shot.replace(/\.png$/, "-phone.png"), fullPage: true });
  });

  await check("no console errors or warnings, no request off 127.0.0.1", async () => {
    if (consoleErrors.length) throw new Error(consoleErrors.join("; "));
    if (offsite.length) throw new Error(offsite.join("; "));
  });

  await check("without the module (no build): a clear message instead of Loading…", async () => {
    const bare = await ctx.newPage();
    await bare.route("**/pkg/**", (r) => r.fulfill({ status: 404, body: "not found" }));
    await bare.goto(url);
    await bare.waitForSelector("body[data-ready=failed]", { timeout: 30000 });
    const m = await bare.locator("#loading").innerText();
    if (!m.includes("could not be loaded") || !m.includes("scripts/test-wasm")) throw new Error(m);
    eq(await bare.locator("#quote").isDisabled(), true, "Calculate disabled");
    await bare.close();
  });
  await check("without the NCE build: the NCE panel says so, the rest works", async () => {
    const bare = await ctx.newPage();
    await bare.route("**/pkg-nce/**", (r) => r.fulfill({ status: 404, body: "not found" }));
    await bare.goto(url);
    await bare.waitForSelector("body[data-ready=true]", { timeout: 30000 });
    await bare.fill("#nce-ordered", "2022-09-01T08:00");
    await bare.fill("#nce-at", "2022-09-02T00:00");
    await bare.click("#nce-refund");
    await bare.waitForFunction(() => document.getElementById("nce-refund-form-error").textContent !== "");
    const m = await bare.locator("#nce-refund-form-error").innerText();
    if (!m.includes("could not be loaded") || !m.includes("scripts/test-wasm")) throw new Error(m);
    await bare.close();
  });
} catch (e) {
  failed++;
  console.log(`FAIL e2e: ${e?.stack ?? e}`);
} finally {
  await ctx.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
console.log(`e2e: ${passed} passed; ${failed} failed`);
process.exit(failed ? 1 : 0);
