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
import { backgroundWorkerProvider, envVarProvider, webServiceProvider } from "../../providers/render";
import type { ServiceInputs } from "../../providers/render/service";
import { readPlanFile } from "../../tools/plan/compare";
import { planStack } from "../../tools/plan/cli";
import type { PlanReport } from "../../tools/plan/report";
import { useFakeRender } from "../providers/render/harness";
import { HostKey, hostVariables } from "../../components/environment";

const T = {
  web: "pulumi-nodejs:dynamic/render:WebService",
  worker: "pulumi-nodejs:dynamic/render:BackgroundWorker",
  envVar: "pulumi-nodejs:dynamic/render:EnvVar",
};
const HOST_KEYS = ["ALLOWED_HOSTS", "CORS_ALLOWED_ORIGINS", "CSRF_TRUSTED_ORIGINS"];
const BASELINE = path.join(__dirname, "..", "fixtures", "baseline");

/** Each stack planned once for the whole file. */
const plans = new Map<string, ReturnType<typeof planStack>>();
const planOf = (stack: string) => {
  if (!plans.has(stack)) plans.set(stack, planStack(stack));
  return plans.get(stack)!;
};

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
      report = JSON.parse(JSON.stringify((await planOf(stack)).report)) as PlanReport;
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

    it("before the fix, the plan counted two on the web service: create, then the host variables' deploy", () => {
      const before = readPlanFile(path.join(BASELINE, `${stack}.before-first-deploy.plan.json`));
      assert.deepEqual(deploysPerService(before)[`webapp-${stack}-backend-web`], 2);
    });
  });
}

/*
 * The same count on the Render fake (test/fakes/render-api.ts), which records every deploy a service gets:
 * the create's first deploy (openapi.json create-service) and one per POST /services/{id}/deploys. The
 * stack's planned Render resources are created in plan order through the real providers. Before the fix the
 * web service was created without its host variables and the plan's three EnvVars followed (the baseline plan
 * from before, test/fixtures/baseline/*.before-first-deploy.plan.json, gives their keys and deploy flags).
 */
describe("deploys a first up starts, counted on the Render fake", function () {
  this.timeout(60_000);
  const h = useFakeRender();

  /** Deploys the fake holds per service after creating the plan's Render services, by resource name. */
  async function firstUp(stack: string, envVars?: Array<{ key: string; deploy: boolean }>) {
    const { planned } = await planOf(stack);
    const ids: Record<string, string> = {};
    for (const r of planned.resources) {
      if (r.type !== T.web && r.type !== T.worker) continue;
      const { __provider: _code, ...inputs } = r.inputs as unknown as ServiceInputs & { __provider: unknown };
      if (r.type === T.worker) {
        ids[r.name] = (await backgroundWorkerProvider.create(inputs)).id;
        continue;
      }
      // Before the fix: the create env had no host variable; each came in its own EnvVar afterwards.
      if (envVars) {
        inputs.envVars = Object.fromEntries(
          Object.entries(inputs.envVars ?? {}).filter(([k]) => !HOST_KEYS.includes(k)),
        );
      }
      const { id } = await webServiceProvider.create(inputs);
      ids[r.name] = id;
      for (const v of envVars ?? []) {
        await envVarProvider.create({
          serviceId: id,
          key: v.key,
          value: "set-after-create",
          deploy: v.deploy,
        });
      }
    }
    return Object.fromEntries(
      Object.entries(ids).map(([name, id]) => [name, h.api.services.get(id)!.deploys.length]),
    );
  }

  for (const stack of ["dev", "prod"] as const) {
    const expected =
      stack === "prod"
        ? { "webapp-prod-backend-web": 1, "webapp-prod-backend-worker": 1 }
        : { "webapp-dev-backend-web": 1 };

    it(`${stack}: one deploy per service`, async () => {
      assert.deepEqual(await firstUp(stack), expected);
    });

    it(`${stack}, before the fix: two on the web service (create, then the host variables' deploy)`, async () => {
      const before = readPlanFile(path.join(BASELINE, `${stack}.before-first-deploy.plan.json`));
      const envVars = before.resources
        .filter((r) => r.type === T.envVar)
        .map((r) => ({ key: String(r.inputs.key), deploy: r.inputs.deploy !== false }));
      assert.deepEqual(
        envVars.map((v) => v.deploy),
        [false, false, true],
      );
      assert.deepEqual(await firstUp(stack, envVars), { ...expected, [`webapp-${stack}-backend-web`]: 2 });
    });
  }
});

/**
 * A stack deployed before this change holds the host variables as render:EnvVar resources; its next `up`
 * moves them into the service's own envVars (an in-place update) and deletes the EnvVars last. An EnvVar's
 * delete removes the key only while it still holds the value that EnvVar set (providers/render/env-var.ts,
 * test/providers/render/env-var.test.ts "delete keeps a value set since"). The EnvVars' values always named
 * the service's own *.onrender.com host, which the create env never does (Render names it at create time),
 * so every moved key holds a different value and survives the delete.
 */
describe("an existing stack's host variables survive the move into the create env", () => {
  for (const stack of ["dev", "prod"]) {
    it(`${stack}: no key the service now sets holds the value its old EnvVar set`, async () => {
      const before = readPlanFile(path.join(BASELINE, `${stack}.before-first-deploy.plan.json`));
      const old = before.resources.filter((r) => r.type === T.envVar);
      assert.deepEqual(old.map((r) => r.inputs.key).sort(), HOST_KEYS);
      const { planned } = await planOf(stack);
      const web = planned.resources.find((r) => r.type === T.web)!;
      const env = web.inputs.envVars as Record<string, string>;
      // The service's *.onrender.com host (the plan's mock of it), which every old EnvVar value named.
      const onrender = new URL(String(web.outputs.url)).host;
      assert.match(onrender, /\.onrender\.com$/);
      let known = 0;
      for (const key of HOST_KEYS) {
        // Not set by the service (the EnvVar's delete removes it), or known only after deploy (dev's origins
        // name the Vercel project's URL): the case below covers those by the function that computes them.
        if (env[key] === undefined || env[key] === "(known after deploy)") continue;
        known += 1;
        assert.ok(!env[key].split(",").some((v) => v.includes(onrender)), `${stack} ${key}: ${env[key]}`);
      }
      // prod: ALLOWED_HOSTS and both origin lists; dev: the two origin lists (no custom domain, no ALLOWED_HOSTS).
      assert.equal(known, stack === "prod" ? 3 : 2);
    });
  }

  // The old EnvVars held hostVariables(<service URL>, domains, frontend); the create env holds
  // hostVariables(undefined, domains, frontend) (components/render/backend-service.ts). For every shape a stack
  // can have, each key's two values differ, so no EnvVar delete finds its own value on a moved key.
  it("every host variable of the create env differs from the value computed with the service's URL", () => {
    const url = "https://webapp-x-backend-a1b2.onrender.com";
    for (const [domains, frontend] of [
      [[], undefined],
      [["api.example.com"], undefined],
      [[], "https://web-x.vercel.app"],
      [["api.example.com", "api2.example.com"], "https://www.example.com"],
    ] as const) {
      const created = hostVariables(undefined, domains, frontend);
      const before = hostVariables(url, domains, frontend);
      for (const key of HOST_KEYS as HostKey[]) {
        assert.notEqual(created[key], before[key], `${key} with ${JSON.stringify([domains, frontend])}`);
      }
    }
  });
});
