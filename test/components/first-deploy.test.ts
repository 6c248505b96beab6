/**
 * Issue 15 item 2: the first deploy of a new Render web service must pass Render's health check. Render sends
 * the service's custom domain as Host (its `*.onrender.com` host when it has none) and fails a new deploy whose
 * checks keep failing (render.com/docs/health-checks; ../../../shared/reference/targets.md section 1). So the
 * environment Render holds when it starts the first deploy (the create request's envVars) must allow every
 * custom domain; the `*.onrender.com` host comes from RENDER_EXTERNAL_HOSTNAME, which Render sets at run time
 * (render.com/docs/environment-variables) and the app adds (test/app/core/settings.py, docs/app-contract.md).
 * The reference-app proof (test/app/proof.test.ts) runs the app on exactly that environment.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { comparePlans, readPlanFile } from "../../tools/plan/compare";
import { plan } from "../../tools/plan/cli";
import type { PlanReport } from "../../tools/plan/report";

const T = {
  web: "pulumi-nodejs:dynamic/render:WebService",
  worker: "pulumi-nodejs:dynamic/render:BackgroundWorker",
  envVar: "pulumi-nodejs:dynamic/render:EnvVar",
};
const HOST_KEYS = ["ALLOWED_HOSTS", "CORS_ALLOWED_ORIGINS", "CSRF_TRUSTED_ORIGINS"];
const BASELINE = path.join(__dirname, "..", "fixtures", "baseline");

/**
 * Deploys a first `up` starts per Render service, from what each planned resource does on create: a service's
 * create starts its first deploy (openapi.json create-service answers `deployId`), and an EnvVar without
 * `deploy: false` starts one more (POST /services/{id}/deploys; test/providers/render/env-var.test.ts).
 */
function deploysPerService(report: PlanReport): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of report.resources) {
    if (r.type === T.web || r.type === T.worker) counts[r.name] = (counts[r.name] ?? 0) + 1;
  }
  const web = report.resources.find((r) => r.type === T.web)!;
  for (const r of report.resources) {
    if (r.type === T.envVar && r.inputs.deploy !== false) counts[web.name] += 1;
  }
  return counts;
}

for (const stack of ["dev", "prod"] as const) {
  describe(`the first deploy of ${stack} passes Render's health check`, function () {
    this.timeout(120_000);
    let report: PlanReport;
    before(async () => {
      report = JSON.parse(JSON.stringify(await plan(stack))) as PlanReport;
    });

    it("the create request's environment allows every custom domain Render's health check sends", () => {
      const web = report.resources.find((r) => r.type === T.web)!;
      const env = web.inputs.envVars as Record<string, string>;
      const domains = web.inputs.customDomains as string[];
      assert.equal(domains.length, stack === "prod" ? 1 : 0);
      const allowed = (env.ALLOWED_HOSTS ?? "").split(",").filter((h) => h);
      assert.deepEqual(allowed, domains);
      // No host variable is left to a resource that only exists after the service's first deploy.
      assert.deepEqual(
        report.resources.filter((r) => r.type === T.envVar).map((r) => r.name),
        [],
      );
    });

    it("a first up starts exactly one deploy per Render service", () => {
      const counts = deploysPerService(report);
      assert.deepEqual(
        counts,
        stack === "prod"
          ? { "webapp-prod-backend-web": 1, "webapp-prod-backend-worker": 1 }
          : { "webapp-dev-backend-web": 1 },
      );
    });

    it("moves existing stacks by exactly the host variables: one update in place, three EnvVars gone", async () => {
      const before = readPlanFile(path.join(BASELINE, `${stack}.before-first-deploy.plan.json`));
      const was = deploysPerService(before);
      assert.deepEqual(
        was[`webapp-${stack}-backend-web`],
        2,
        "before the fix: create, then the EnvVars' deploy",
      );
      const c = await comparePlans(before, report, "before-first-deploy");
      assert.deepEqual(c.summary, { create: 0, update: 1, replace: 0, delete: 3 });
      assert.deepEqual(c.warnings, []);
      assert.deepEqual(
        c.removed.map((r) => [r.type, r.name]),
        HOST_KEYS.map((k) => [T.envVar, `webapp-${stack}-backend-env-${k.toLowerCase().replace(/_/g, "-")}`]),
      );
      const [web] = c.changed;
      assert.equal(web.type, T.web);
      assert.equal(web.action, "update");
      const keys = stack === "prod" ? HOST_KEYS : ["CORS_ALLOWED_ORIGINS", "CSRF_TRUSTED_ORIGINS"];
      assert.deepEqual(
        web.changes.map((ch) => ch.path),
        keys.map((k) => `envVars.${k}`),
      );
      for (const ch of web.changes) assert.equal(ch.old, undefined);
      // Everything else in the baseline is as before.
      const rest = (p: PlanReport) =>
        p.resources.filter((r) => r.type !== T.envVar && r.type !== T.web).map((r) => JSON.stringify(r));
      assert.deepEqual(rest(report), rest(before));
    });
  });
}
