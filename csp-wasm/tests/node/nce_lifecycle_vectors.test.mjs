// The NCE lifecycle vectors (testdata/vectors/nce/lifecycle.json: SPEC-NCE §13.15 E9 and E10
// and hand-derived cases of §13) through the Node build: each case's scenario (sheet inline)
// goes to nceCharges and nceSubscriptions once per convention of each outcome, as
// csp-core/tests/nce_lifecycle_vectors.rs replays it.
// Run: node --test csp-wasm/tests/node/   (scripts/test-wasm builds pkg/node first)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const csp = require(process.env.CSP_WASM_NODE ?? join(here, "..", "..", "pkg", "node", "csp_wasm.js"));
const file = JSON.parse(readFileSync(join(here, "..", "..", "..", "testdata", "vectors", "nce", "lifecycle.json"), "utf8"));

/** The fields `want` names, taken from `got` (a missing one is "<missing>", so it fails). */
const pick = (got, want) => Object.fromEntries(Object.keys(want).map((k) => [k, k in got ? got[k] : "<missing>"]));

/** A subscription's state in the file's shape. */
function state(s) {
  return {
    id: s.id, status: s.status, quantity: s.quantity, auto_renew: s.auto_renew,
    term_start: s.term.first, term_end: s.term.last, offer: s.offer, term_duration: s.term_duration,
    plan: s.plan, cancellable_until: s.cancellable_until, since: s.status_since,
    deleted_on: s.status === "disabled" ? s.deleted_on : null,
  };
}

function run(why, scenario, outcome, convention) {
  if (outcome.refusal) {
    let error;
    try {
      csp.nceCharges(scenario);
    } catch (e) {
      error = e;
    }
    assert.ok(error, `${why}: accepted`);
    assert.equal(error.name, "CspError", `${why}: ${error}`);
    assert.equal(error.code, outcome.refusal.code, `${why}: ${error.message}`);
    assert.equal(error.context.event_index, String(outcome.refusal.event_index), why);
    return;
  }
  const r = csp.nceCharges(scenario);
  assert.equal(r.convention, convention, why);
  assert.equal(r.lines.length, outcome.lines.length, `${why}: ${JSON.stringify(r.lines)}`);
  outcome.lines.forEach((want, i) => assert.deepEqual(pick(r.lines[i], want), want, `${why}: line ${i}`));
  const subs = Object.fromEntries(csp.nceSubscriptions(scenario).map((s) => [s.id, s]));
  for (const want of outcome.subscriptions ?? []) {
    assert.ok(subs[want.id], `${why}: no subscription ${want.id}`);
    assert.deepEqual(pick(state(subs[want.id]), want), want, `${why}: ${want.id}`);
  }
}

test("lifecycle.json: every case through nceCharges and nceSubscriptions, per convention", () => {
  let [cases, runs] = [0, 0];
  const failures = [];
  for (const c of file.cases) {
    for (const outcome of c.outcomes) {
      for (const convention of outcome.conventions) {
        const why = `${c.name} [${convention}]`;
        try {
          run(why, { ...c.scenario, convention }, outcome, convention);
        } catch (e) {
          failures.push(`${why}: ${e.message}`);
        }
        runs++;
      }
    }
    cases++;
  }
  assert.deepEqual(failures, []);
  assert.equal(cases, file.count);
  assert.equal(cases, 37);
  assert.equal(runs, 74);
  assert.ok(file.cases.some((c) => c.name === "E9") && file.cases.some((c) => c.name === "E10"));
  console.log(`nce lifecycle vectors in JS: ${cases} cases, ${runs} replays`);
});
