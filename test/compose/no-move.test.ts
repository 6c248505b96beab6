import * as assert from "node:assert/strict";
import * as path from "node:path";
import { comparePlans, readPlanFile } from "../../tools/plan/compare";
import { plan } from "../../tools/plan/cli";

/*
 * Existing stacks do not move (issue 16): the plans of `dev` and `prod` written with `--json` before the app
 * model was split into parts and targets (test/fixtures/baseline) compare with today's plans as `--compare`
 * does, and must show nothing to create, replace, update or delete, with the same outputs. Resources and
 * outputs are also compared whole, so a renamed parent or a changed input that `--compare` would classify as
 * harmless still fails here.
 */
for (const stack of ["dev", "prod"]) {
  describe(`no move: ${stack} against its plan from before the app model`, function () {
    this.timeout(120_000);
    const file = path.join(__dirname, "..", "fixtures", "baseline", `${stack}.plan.json`);

    it("--compare shows no change, and resources, outputs, violations and cost are the same", async () => {
      const before = readPlanFile(file);
      const now = await plan(stack);
      const comparison = await comparePlans(before, now, file);
      assert.deepEqual(comparison.summary, { create: 0, update: 0, replace: 0, delete: 0 });
      assert.deepEqual(comparison.warnings, []);
      // Round-tripped through JSON as `--json` writes it, so only what the file can hold is compared.
      const now2 = JSON.parse(JSON.stringify(now)) as typeof now;
      assert.deepEqual(now2.outputs, before.outputs);
      assert.deepEqual(now2.resources, before.resources);
      assert.deepEqual(now2.violations, before.violations);
      assert.deepEqual(now2.cost, before.cost);
    });
  });
}
