/**
 * The Render system and the single-app system (issue 17), planned from examples/ as
 * `npm run plan -- --stack <name> --config-dir examples/<system>` does: exit 0 (no mandatory violation), the
 * parts on their targets, every connection string TLS, and the cost as the price table and Render's
 * published prices give it ("price unknown (no source)" for Render's datastores).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planStack, planSystem, type PlannedRuns } from "../../tools/plan/cli";
import { planExitCode } from "../../tools/plan/format-markdown";
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
    // The API's custom domain is known before either service exists: the site is created with its URL (and
    // built with it), so no variable is set afterwards and the site deploys once.
    assert.deepEqual(hostKeys(planned, "-frontend-env-"), []);
    assert.equal(env(site).NEXT_PUBLIC_API_URL, "https://api.shop.example.com");
    const siteImage = ofType(planned, T.image).find((r) =>
      (r.inputs.tags as string[])[0].includes("shop-web"),
    )!;
    assert.equal(
      (siteImage.inputs.buildArgs as Record<string, string>).NEXT_PUBLIC_API_URL,
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

describe("examples/render: the Render system as three layer stacks", function () {
  this.timeout(60_000);
  const DIR = "examples/render";
  const LAYERED = ["render-data", "render-server", "render-client"];

  /** The three layers planned once, the client pulling the others in: both plans of each, by stack. */
  let layered: Promise<Map<string, PlannedRuns>> | undefined;
  const plans = async () => {
    layered ??= (async () => {
      const done = new Map<string, PlannedRuns>();
      await planStack("render-client", { configDir: DIR, planned: done });
      return new Map([...done].map(([key, runs]) => [key.split("/")[1], runs]));
    })();
    return layered;
  };
  const planOfLayer = async (stack: string) => (await plans()).get(stack)!.planned;

  it("--system plans the composed stacks, then data, server, client, each with exit 0", async () => {
    const stacks = await planSystem(DIR);
    assert.deepEqual(
      stacks.map((s) => [s.stack, s.layer ?? "all", planExitCode(s.report)]),
      [
        ["render-free", "all", 0],
        ["render-paid", "all", 0],
        ["render-data", "data", 0],
        ["render-server", "server", 0],
        ["render-client", "client", 0],
      ],
    );
    for (const s of stacks.filter((x) => x.layer)) assert.equal(s.report.cost.totalUsd, 0, s.stack);
  });

  it("data: Render Postgres, Key Value and Cloudinary, and the one Render project of the system", async () => {
    const data = await planOfLayer("render-data");
    assert.deepEqual(
      data.resources
        .filter((r) => r.custom)
        .map((r) => r.type.split("/").pop())
        .sort(),
      [
        "cloudinary:Folder",
        "cloudinary:UploadPreset",
        "render:KeyValue",
        "render:Postgres",
        "render:Project",
      ],
    );
    const [project] = ofType(data, T.project);
    assert.deepEqual([project.inputs.name, project.inputs.environmentName], ["acme-shop", "render-data"]);
    const environmentId = project.outputs.environmentId;
    assert.match(String(environmentId), /^evm-[0-9a-f]{20}$/);
    assert.equal(ofType(data, T.postgres)[0].inputs.environmentId, environmentId);
    assert.equal(ofType(data, T.keyValue)[0].inputs.environmentId, environmentId);
    assert.equal(data.outputs.placement, environmentId);
    // A data layer protects its data by default, whatever its tier (webapp:protectData).
    assert.deepEqual(
      data.resources
        .filter((r) => r.custom && r.options.protect)
        .map((r) => r.type.split("/").pop())
        .sort(),
      ["cloudinary:Folder", "render:KeyValue", "render:Postgres", "render:Project"],
    );
    assert.ok(!data.secretOutputs.includes("placement"));
  });

  it("server and client create no project: their services join the data layer's environment", async () => {
    const environmentId = (await planOfLayer("render-data")).outputs.placement;
    const server = await planOfLayer("render-server");
    const client = await planOfLayer("render-client");
    for (const p of [server, client]) assert.deepEqual(ofType(p, T.project), [], p.stack);
    assert.deepEqual(
      [...ofType(server, T.member), ...ofType(client, T.member)].map((m) => [m.name, m.inputs.environmentId]),
      [
        ["webapp-render-server-backend-web-placement", environmentId],
        ["webapp-render-client-frontend-web-placement", environmentId],
      ],
    );
    // The server passes the environment on to the client.
    assert.equal(server.outputs.placement, environmentId);
  });

  it("what crosses each boundary: the data contracts into the API, the API's URL and media settings into the site", async () => {
    const data = await planOfLayer("render-data");
    const server = await planOfLayer("render-server");
    const client = await planOfLayer("render-client");
    const api = env(byName(server, "-backend-web"));
    assert.equal(api.DATABASE_URL, data.outputs.databaseUrl);
    assert.equal(api.DATABASE_POOLED_URL, data.outputs.databasePooledUrl);
    assert.equal(api.REDIS_URL, data.outputs.redisUrl);
    assert.equal(api.CELERY_BROKER_URL, data.outputs.redisBrokerUrl);
    assert.equal(api.CLOUDINARY_URL, data.outputs.mediaUrl);
    assert.match(
      api.DATABASE_URL,
      /^postgresql:\/\/.+@dpg-[0-9a-f]{20}-a\.frankfurt-postgres\.render\.com\/.+\?sslmode=require$/,
    );
    assert.match(api.REDIS_URL, /^rediss:\/\//);
    assert.equal(api.FRONTEND_URL, "https://shop.example.com");
    const site = byName(client, "-frontend-web");
    assert.equal(env(site).NEXT_PUBLIC_CLOUDINARY_UPLOAD_PRESET, data.outputs.mediaUploadPreset);
    // The client layer reads the API's URL from the server layer's stack before it creates the site: it is in
    // the site's create environment, and no variable deploys the site again.
    assert.equal(env(site).NEXT_PUBLIC_API_URL, server.outputs.backendUrl);
    assert.equal(client.resources.filter((r) => r.type === T.envVar).length, 0);
    assert.deepEqual(Object.keys(server.outputs).sort(), [
      "backendUnmanagedEnvVars",
      "backendUrl",
      "imageRef",
      "layer",
      "placement",
      "superuserPassword",
    ]);
    assert.deepEqual(Object.keys(client.outputs).sort(), ["frontendUrl", "layer"]);
  });

  it("a missing upstream stack fails in one line naming it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "render-layers-"));
    for (const stack of ["render-server", "render-client"]) {
      fs.copyFileSync(path.join(DIR, `Pulumi.${stack}.yaml`), path.join(dir, `Pulumi.${stack}.yaml`));
    }
    for (const stack of ["render-server", "render-client"]) {
      await assert.rejects(planStack(stack, { configDir: dir }), (err: Error) => {
        assert.equal(err.message.split("\n").length, 1);
        assert.match(
          err.message,
          /^Pulumi\.render-server\.yaml names stack acme\/webapp\/render-data in webapp:layers, and .* has no Pulumi\.render-data\.yaml of project webapp/,
        );
        return true;
      });
    }
  });

  it("a data stack that created no Render project fails the server's read in one line naming it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "render-layers-"));
    for (const stack of LAYERED) {
      fs.copyFileSync(path.join(DIR, `Pulumi.${stack}.yaml`), path.join(dir, `Pulumi.${stack}.yaml`));
    }
    const dataFile = path.join(dir, "Pulumi.render-data.yaml");
    fs.writeFileSync(
      dataFile,
      fs.readFileSync(dataFile, "utf8").replace(/  webapp:render:\n    project: acme-shop\n/, ""),
    );
    await assert.rejects(planStack("render-server", { configDir: dir }), (err: Error) => {
      assert.equal(err.message.split("\n").length, 1, err.message);
      assert.match(
        err.message,
        /webapp:layers\.data names stack acme\/webapp\/render-data, which exports no placement: it created no project for the system to join\. Fix: pulumi config set --path webapp:render\.project <this stack's project> --stack acme\/webapp\/render-data and deploy it, or pulumi config rm --path webapp:render\.project --stack render-server$/,
      );
      return true;
    });
  });
});
