/**
 * The Render system and the single-app system (issue 17), planned from examples/ as
 * `npm run plan -- --stack <name> --config-dir examples/<system>` does: exit 0 (no mandatory violation), the
 * parts on their targets, every connection string TLS, and the cost as the price table and Render's
 * published prices give it ("price unknown (no source)" for Render's datastores).
 */
import * as assert from "node:assert/strict";
import { planStack } from "../../tools/plan/cli";
import type { PlannedResource, PlannedStack } from "../../tools/plan/types";
import type { PlanReport } from "../../tools/plan/report";

const T = {
  web: "pulumi-nodejs:dynamic/render:WebService",
  worker: "pulumi-nodejs:dynamic/render:BackgroundWorker",
  envVar: "pulumi-nodejs:dynamic/render:EnvVar",
  postgres: "pulumi-nodejs:dynamic/render:Postgres",
  keyValue: "pulumi-nodejs:dynamic/render:KeyValue",
  project: "pulumi-nodejs:dynamic/render:Project",
  member: "pulumi-nodejs:dynamic/render:EnvironmentMember",
  image: "docker-build:index:Image",
  credential: "pulumi-nodejs:dynamic/render:RegistryCredential",
};

const cache = new Map<string, Promise<{ planned: PlannedStack; report: PlanReport }>>();
const planOf = (stack: string, system: string) => {
  if (!cache.has(stack)) cache.set(stack, planStack(stack, { configDir: `examples/${system}` }));
  return cache.get(stack)!;
};
const ofType = (p: PlannedStack, type: string) => p.resources.filter((r) => r.type === type);
const byName = (p: PlannedStack, suffix: string): PlannedResource =>
  p.resources.find((r) => r.name.endsWith(suffix))!;
const env = (r: PlannedResource) => r.inputs.envVars as Record<string, string>;
const hostKeys = (p: PlannedStack, serviceSuffix: string) =>
  p.resources
    .filter((r) => r.type === T.envVar && r.name.includes(serviceSuffix))
    .map((r) => String(r.inputs.key));

describe("examples/render and examples/single-app plan with exit 0", function () {
  this.timeout(60_000);

  for (const [stack, system] of [
    ["render-free", "render"],
    ["render-paid", "render"],
    ["single-app-free", "single-app"],
    ["single-app-paid", "single-app"],
  ] as const) {
    it(`${stack}: no mandatory violation, every database and cache URL on TLS`, async () => {
      const { planned, report } = await planOf(stack, system);
      assert.deepEqual(
        report.violations.filter((v) => v.enforcementLevel === "mandatory"),
        [],
      );
      const api = env(byName(planned, "-backend-web"));
      assert.match(
        api.DATABASE_URL,
        /^postgresql:\/\/[^@]+@dpg-[0-9a-f]{20}-a\.[a-z]+-postgres\.render\.com\/.+\?sslmode=require$/,
      );
      if (system === "render") {
        assert.match(api.REDIS_URL, /^rediss:\/\/red-[0-9a-f]{20}:[^@]+@[a-z]+-keyvalue\.render\.com:6379$/);
        assert.match(api.CELERY_BROKER_URL, /^rediss:\/\/.+\?ssl_cert_reqs=required$/);
      }
    });
  }

  it("render-free: two free web services, free Postgres and Key Value, all in one Render environment", async () => {
    const { planned, report } = await planOf("render-free", "render");
    assert.deepEqual(
      ofType(planned, T.web).map((r) => [r.name, r.inputs.plan]),
      [
        ["webapp-render-free-frontend-web", "free"],
        ["webapp-render-free-backend-web", "free"],
      ],
    );
    const [db] = ofType(planned, T.postgres);
    assert.equal(db.inputs.plan, "free");
    assert.equal(db.inputs.region, "frankfurt");
    assert.equal(db.inputs.version, "17");
    const [kv] = ofType(planned, T.keyValue);
    // No worker on free: the instance is a plain cache and may evict.
    assert.equal(kv.inputs.maxmemoryPolicy, "allkeys_lru");
    const [project] = ofType(planned, T.project);
    assert.equal(project.inputs.name, "acme-shop");
    assert.equal(project.inputs.environmentName, "render-free");
    const environmentId = String(project.outputs.environmentId);
    assert.equal(db.inputs.environmentId, environmentId);
    assert.equal(kv.inputs.environmentId, environmentId);
    assert.deepEqual(
      ofType(planned, T.member).map((m) => [m.name, m.inputs.environmentId]),
      [
        ["webapp-render-free-frontend-web-placement", environmentId],
        ["webapp-render-free-backend-web-placement", environmentId],
      ],
    );
    assert.match(
      String(planned.outputs.databaseRecovery),
      /no backups, no point-in-time recovery.*expires 30 days/,
    );
    assert.equal(report.cost.totalUsd, 0);
  });

  it("render-paid: images built and pulled with a registry credential, noeviction broker, PITR shown, cost", async () => {
    const { planned, report } = await planOf("render-paid", "render");
    assert.deepEqual(
      // The two images, whichever the composition builds first.
      ofType(planned, T.image)
        .map((r) => r.inputs.tags as string[])
        .sort((a, b) => a[0].localeCompare(b[0])),
      [["ghcr.io/acme/shop-api:render-paid"], ["ghcr.io/acme/shop-web:render-paid"]],
    );
    assert.equal(ofType(planned, T.credential).length, 2);
    const site = byName(planned, "-frontend-web");
    assert.deepEqual(site.inputs.customDomains, ["shop.example.com"]);
    assert.equal(site.inputs.healthCheckPath, "/");
    const api = byName(planned, "-backend-web");
    assert.equal(env(api).FRONTEND_URL, "https://shop.example.com");
    assert.deepEqual(hostKeys(planned, "-frontend-env-"), ["NEXT_PUBLIC_API_URL"]);
    assert.equal(
      byName(planned, "-frontend-env-next-public-api-url").inputs.value,
      "https://api.shop.example.com",
    );
    const [db] = ofType(planned, T.postgres);
    assert.deepEqual(
      [db.inputs.plan, db.inputs.highAvailability, db.inputs.diskSizeGB],
      ["pro_4gb", true, 15],
    );
    assert.equal(ofType(planned, T.keyValue)[0].inputs.maxmemoryPolicy, "noeviction");
    assert.match(
      String(planned.outputs.databaseRecovery),
      /^point-in-time recovery: 7 days \(professional workspace/,
    );
    assert.deepEqual(
      report.cost.lines.map((l) => [l.name, l.monthlyUsd]),
      [
        ["webapp-render-paid-cache-keyvalue", 10],
        ["webapp-render-paid-database-postgres", 100],
        ["webapp-render-paid-frontend-web", 26],
        ["webapp-render-paid-backend-web", 50],
        ["webapp-render-paid-backend-worker", 7],
      ],
    );
    assert.match(
      report.cost.lines[1].basis,
      /price unknown \(no source\); as stated in webapp:database\.monthlyUsd/,
    );
  });

  it("single-app: no frontend resource, one origin, no CORS variables, migrations in the release step", async () => {
    const free = (await planOf("single-app-free", "single-app")).planned;
    const paid = (await planOf("single-app-paid", "single-app")).planned;
    for (const p of [free, paid]) {
      assert.equal(ofType(p, T.web).length, 1);
      assert.deepEqual(hostKeys(p, "-backend-env-"), []);
      const api = env(byName(p, "-backend-web"));
      for (const key of ["FRONTEND_URL", "CORS_ALLOWED_ORIGINS", "CORS_ALLOWED_ORIGIN_REGEXES"]) {
        assert.equal(key in api, false, key);
      }
    }
    const freeWeb = byName(free, "-backend-web").inputs;
    assert.match(
      String(freeWeb.startCommand),
      /^python manage\.py migrate --noinput && .* && exec gunicorn /,
    );
    assert.equal(freeWeb.preDeployCommand, undefined);
    const paidWeb = byName(paid, "-backend-web").inputs;
    assert.match(String(paidWeb.preDeployCommand), /^python manage\.py migrate --noinput && /);
    assert.equal(paid.outputs.frontendUrl, "https://shop.example.com");
    assert.equal(paid.outputs.backendUrl, "https://shop.example.com");
    // The first deploy's env allows the custom domain; without one the app adds its onrender.com host from
    // RENDER_EXTERNAL_HOSTNAME (docs/app-contract.md), so the free stack's create env names no host.
    const hostsOf = (p: PlannedStack) => {
      const api = env(byName(p, "-backend-web"));
      return [api.ALLOWED_HOSTS, api.CSRF_TRUSTED_ORIGINS];
    };
    assert.deepEqual(hostsOf(paid), ["shop.example.com", "https://shop.example.com"]);
    assert.deepEqual(hostsOf(free), [undefined, undefined]);
  });
});
