// The reconciliation report page (`csp reconcile --html`, csp-core's ReconReport::to_html)
// in real headless Chromium: it renders offline (no request but the file itself, no
// script, no console error), shows the status, and draws one bar per difference class and
// per customer with a difference, each as long as its share of the largest.
// Usage: node e2e/recon_html.mjs REPORT.html SCREENSHOT.png
// The report is testdata/recon/nce-example-2022-09.csv against
// testdata/scenarios/nce-example.json for 2022-09; its figures are derived by hand in
// csp-cli/tests/reconcile.rs.
// Prints one line per check and `e2e: N passed; M failed`; exits 1 on a failure.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [file, shot] = process.argv.slice(2);
if (!file || !shot) {
  console.error("usage: node e2e/recon_html.mjs REPORT.html SCREENSHOT.png");
  process.exit(2);
}
const url = pathToFileURL(resolve(file)).href;
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
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  if (g !== w) throw new Error(`${what}: got ${g}, want ${w}`);
}

const userDataDir = mkdtempSync(join(tmpdir(), "csp-chromium-"));
const ctx = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1200, height: 900 },
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
const problems = [];
const requested = [];
try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("request", (r) => requested.push(r.url()));
  await page.goto(url);

  await check("status shown as differences", async () => {
    eq(await page.locator("#status").innerText(), "differences", "#status");
  });
  await check("totals: Microsoft 626.41, expected 662.40, difference -129.99", async () => {
    const t = await page.locator("#totals").innerText();
    for (const v of ["626.41", "662.40", "-129.99"]) if (!t.includes(v)) throw new Error(`${v} not in ${t}`);
  });
  await check("class chart: six classes, bars proportional to |Σ Δ| (largest 144.00)", async () => {
    const bars = await page.locator("#by-class rect.bar").evaluateAll((rs) =>
      rs.map((r) => [r.dataset.amount, r.getBoundingClientRect().width]));
    eq(bars.map((b) => b[0]), ["4.00", "0.01", "-144.00", "10.00", "-5.00", "99.00"], "class amounts");
    const w = Object.fromEntries(bars);
    // 220 px for the largest (99.00 is out of scope but charted: |−144| is the largest).
    eq(Math.round(w["-144.00"]), 220, "largest bar");
    eq(Math.round(w["10.00"]), Math.round(10 / 144 * 220), "10.00 bar");
    eq(Math.round(w["99.00"]), Math.round(99 / 144 * 220), "99.00 bar");
  });
  await check("customer chart: fabrikam -144.00 then contoso 14.01", async () => {
    const bars = await page.locator("#by-customer rect.bar").evaluateAll((rs) => rs.map((r) => r.dataset.amount));
    eq(bars, ["-144.00", "14.01"], "customer amounts");
    const labels = await page.locator("#by-customer text[text-anchor=end]").evaluateAll((ts) => ts.map((t) => t.textContent));
    eq(labels, ["fabrikam", "contoso"], "customer labels");
  });
  await check("entries table lists the five differences", async () => {
    eq(await page.locator("#entries tr").count(), 6, "rows incl. header");
  });
  await check("self-contained: one request (the file), no script, no console error", async () => {
    eq(requested, [url], "requests");
    eq(await page.locator("script").count(), 0, "scripts");
    eq(problems, [], "console");
  });
  await page.screenshot({ path: shot, fullPage: true });
} catch (e) {
  failed++;
  console.log(`FAIL e2e: ${e?.stack ?? e}`);
} finally {
  await ctx.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
console.log(`e2e: ${passed} passed; ${failed} failed`);
process.exit(failed ? 1 : 0);
