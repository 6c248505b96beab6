import * as assert from "node:assert/strict";
import * as path from "node:path";
import { runPlan } from "../helpers/run-plan";

const FIXTURES = path.join(__dirname, "..", "fixtures", "stacks");

/** Broken stacks that pass config validation; each must fail exactly these mandatory policies. */
const EXPECTED: Record<string, string[]> = {
  "over-budget": ["monthly-budget"],
  "unpinned-image": ["images-pinned-by-digest"],
  "debug-on": ["debug-disabled"],
  unprotected: ["stateful-resources-protected"],
  "everything-wrong": [
    "debug-disabled",
    "images-pinned-by-digest",
    "monthly-budget",
    "stateful-resources-protected",
  ],
};

describe("offline plan: stacks that break policies", function () {
  this.timeout(60_000);

  for (const [stack, policies] of Object.entries(EXPECTED)) {
    it(`${stack} exits 1 naming ${policies.join(", ")}`, async () => {
      const run = await runPlan(["--stack", stack, "--config-dir", FIXTURES, "--format", "json"]);
      assert.equal(run.stderr, "");
      assert.equal(run.code, 1);
      const report = JSON.parse(run.stdout) as {
        violations: { policyName: string; enforcementLevel: string }[];
      };
      // Advisory notes (Vercel Hobby terms, unsigned presets) may come on top; the mandatory set is exact.
      const mandatory = report.violations.filter((v) => v.enforcementLevel === "mandatory");
      const failed = [...new Set(mandatory.map((v) => v.policyName))].sort();
      assert.deepEqual(failed, policies);
    });
  }

  it("names the violated policy in the text output", async () => {
    const run = await runPlan(["--stack", "debug-on", "--config-dir", FIXTURES]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^Policy violations: 1 mandatory, \d+ advisory$/m);
    assert.match(run.stdout, /^ {2}\[mandatory\] debug-disabled \(webapp-debug-on-backend-web\): /m);
  });
});
