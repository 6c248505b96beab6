import * as assert from "node:assert/strict";
import * as path from "node:path";
import { comparePlans, readPlanFile } from "../../tools/plan/compare";
import { plan } from "../../tools/plan/cli";
import type { PlanReport } from "../../tools/plan/report";

const BASELINE = path.join(__dirname, "..", "fixtures", "baseline");
/** dev and prod as they were before `webapp:ops` (issue 19): the stack files minus their ops keys. */
const WITHOUT_OPS = path.join(__dirname, "..", "fixtures", "no-ops");
/** dev and prod with `webapp:ops` set (not yet the committed stack files: see docs/operations.md). */
const WITH_OPS = path.join(__dirname, "..", "fixtures", "with-ops");

/** What `--json` writes: only what the file can hold is compared. */
const roundTrip = (r: PlanReport) => JSON.parse(JSON.stringify(r)) as PlanReport;

/*
 * Existing stacks do not move (issue 16): the plans of `dev` and `prod` written with `--json` before the app
 * model was split into parts and targets (test/fixtures/baseline) compare with today's plans as `--compare`
 * does. Without their ops keys they must show nothing to create, replace, update or delete, with the same
 * outputs; resources and outputs are also compared whole, so a renamed parent or a changed input that
 * `--compare` would classify as harmless still fails here.
 */
for (const stack of ["dev", "prod"]) {
  describe(`no move: ${stack} against its plan from before the app model`, function () {
    this.timeout(120_000);
    const file = path.join(BASELINE, `${stack}.plan.json`);

    it("without ops: --compare shows no change, and resources, outputs, violations and cost are the same", async () => {
      const before = readPlanFile(file);
      const now = await plan(stack, { configDir: WITHOUT_OPS });
      const comparison = await comparePlans(before, now, file);
      assert.deepEqual(comparison.summary, { create: 0, update: 0, replace: 0, delete: 0 });
      assert.deepEqual(comparison.warnings, []);
      const now2 = roundTrip(now);
      assert.deepEqual(now2.outputs, before.outputs);
      assert.deepEqual(now2.resources, before.resources);
      assert.deepEqual(now2.violations, before.violations);
      assert.deepEqual(now2.cost, before.cost);
    });

    /*
     * With `webapp:ops` (the stack files as committed), operations are added and nothing existing moves:
     * nothing is replaced or deleted; the only resources created are the ops components' and the site's
     * NEXT_PUBLIC_SENTRY_DSN variable; the only change to an existing resource is the SENTRY_* variables
     * added to the backend's environment; outputs are the same.
     */
    it("with ops: only the ops resources and SENTRY_* variables are added; nothing else changes", async () => {
      const before = readPlanFile(file);
      const now = roundTrip(await plan(stack, { configDir: WITH_OPS }));
      const comparison = await comparePlans(before, now, file);
      assert.equal(comparison.summary.replace, 0);
      assert.equal(comparison.summary.delete, 0);
      assert.deepEqual(comparison.warnings, []);
      assert.deepEqual(now.outputs, before.outputs);

      const old = new Map(before.resources.map((r) => [r.urn, r]));
      const added = now.resources.filter((r) => !old.has(r.urn));
      assert.ok(added.length > 0);
      for (const r of added) {
        const ops =
          r.type.startsWith("webapp:ops:") ||
          (r.parent !== undefined &&
            now.resources.find((p) => p.urn === r.parent)?.type.startsWith("webapp:ops:"));
        const dsnVariable = r.name.endsWith("-env-next-public-sentry-dsn");
        assert.ok(ops || dsnVariable, `${r.name} (${r.type}) is created but is no ops resource`);
      }
      const sentryKeys = ["SENTRY_DSN", "SENTRY_ENVIRONMENT", "SENTRY_RELEASE"];
      const sentryPath = (p: string) => sentryKeys.some((k) => p === `envVars.${k}`);
      const addedUrns = new Set(added.map((r) => r.urn));
      for (const r of now.resources.filter((x) => old.has(x.urn))) {
        const was = old.get(r.urn)!;
        const env = r.inputs.envVars as Record<string, unknown> | undefined;
        if (env && !sentryKeys.every((k) => k in env)) assert.fail(`${r.name} lacks a SENTRY_* variable`);
        // The resource less what the SENTRY_* variables brought: their values, and the edges to their sources.
        const unknown = r.unknownInputs?.filter((p) => !sentryPath(p));
        const deps = r.inputDependencies
          ? Object.fromEntries(Object.entries(r.inputDependencies).filter(([p]) => !sentryPath(p)))
          : undefined;
        const stripped = {
          ...r,
          inputs: env
            ? {
                ...r.inputs,
                envVars: Object.fromEntries(Object.entries(env).filter(([k]) => !sentryKeys.includes(k))),
              }
            : r.inputs,
          ...(unknown ? { unknownInputs: unknown } : {}),
          ...(deps ? { inputDependencies: deps } : {}),
          dependencies: r.dependencies.filter((u) => !addedUrns.has(u)),
        };
        assert.deepEqual(stripped, was, `${r.name} changed beyond its SENTRY_* variables`);
      }
    });
  });
}
