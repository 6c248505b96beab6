import * as assert from "node:assert/strict";
import { DEFAULT_RELEASE_COMMAND } from "../../stacks/defaults";
import { planStack } from "../../tools/plan/cli";
import { formatText } from "../../tools/plan/format-text";
import type { PlanReport } from "../../tools/plan/report";
import type { PlannedResource, PlannedStack } from "../../tools/plan/types";

const T = {
  webService: "pulumi-nodejs:dynamic/render:WebService",
  worker: "pulumi-nodejs:dynamic/render:BackgroundWorker",
  envVar: "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
  renderEnvVar: "pulumi-nodejs:dynamic/render:EnvVar",
  password: "random:index/randomPassword:RandomPassword",
  role: "pulumi-nodejs:dynamic/neon:Role",
  redis: "upstash:index/redisDatabase:RedisDatabase",
};

const COMMON_COUNTS: Record<string, number> = {
  "pulumi:pulumi:Stack": 1,
  "webapp:app:App": 1,
  "webapp:data:Database": 1,
  "webapp:data:Cache": 1,
  "webapp:data:MediaStore": 1,
  "webapp:app:FrontendSite": 1,
  "webapp:app:BackendService": 1,
  "random:index/randomPassword:RandomPassword": 2,
  "vercel:index/project:Project": 1,
  "vercel:index/projectDomain:ProjectDomain": 1,
  "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable": 4,
  "upstash:index/redisDatabase:RedisDatabase": 1,
  "pulumi-nodejs:dynamic/cloudinary:Folder": 1,
  "pulumi-nodejs:dynamic/cloudinary:UploadPreset": 1,
  "pulumi-nodejs:dynamic/neon:Project": 1,
  "pulumi-nodejs:dynamic/neon:Branch": 1,
  "pulumi-nodejs:dynamic/neon:Role": 1,
  "pulumi-nodejs:dynamic/neon:Database": 1,
  "pulumi-nodejs:dynamic/render:WebService": 1,
  "pulumi-nodejs:dynamic/render:EnvVar": 3,
};

// No DJANGO_SETTINGS_MODULE: neither stack sets backend.settingsModule, so the app's own default applies.
const ENV_KEYS = [
  "ALLOWED_HOSTS",
  "CELERY_BROKER_URL",
  "CELERY_RESULT_BACKEND",
  "CELERY_TASK_ALWAYS_EAGER",
  "CELERY_TASK_EAGER_PROPAGATES",
  "CLOUDINARY_URL",
  "CORS_ALLOWED_ORIGINS",
  "CORS_ALLOWED_ORIGIN_REGEXES",
  "CSRF_TRUSTED_ORIGINS",
  "DATABASE_POOLED_URL",
  "DATABASE_URL",
  "DEBUG",
  "DJANGO_SUPERUSER_EMAIL",
  "DJANGO_SUPERUSER_PASSWORD",
  "DJANGO_SUPERUSER_USERNAME",
  "FRONTEND_URL",
  "REDIS_URL",
  "SECRET_KEY",
  "WEB_CONCURRENCY",
];

const HOST_KEYS = ["ALLOWED_HOSTS", "CORS_ALLOWED_ORIGINS", "CSRF_TRUSTED_ORIGINS"];
/** The web service's own keys: its host variables are per-key resources set once Render named its host. */
const WEB_ENV_KEYS = ENV_KEYS.filter((k) => !HOST_KEYS.includes(k));

/** `key -> value` of the per-key Render env vars. */
function hostVars(plan: PlannedStack): Record<string, unknown> {
  return Object.fromEntries(
    plan.resources.filter((r) => r.type === T.renderEnvVar).map((r) => [r.inputs.key, r.inputs.value]),
  );
}

function counts(plan: PlannedStack): Record<string, number> {
  const c: Record<string, number> = {};
  for (const r of plan.resources) c[r.type] = (c[r.type] ?? 0) + 1;
  return c;
}

function one(plan: PlannedStack, type: string): PlannedResource {
  const found = plan.resources.filter((r) => r.type === type);
  assert.equal(found.length, 1, `one ${type}`);
  return found[0];
}

/** Every value the plan generated or received as a credential, in plain text. */
function generatedSecrets(plan: PlannedStack): string[] {
  const values = plan.resources.flatMap((r) => {
    if (r.type === T.password) return [r.outputs.result];
    if (r.type === T.role) return [r.outputs.password];
    if (r.type === T.redis) return [r.outputs.password, r.outputs.restToken, r.outputs.readOnlyRestToken];
    return [];
  });
  return values.map(String).filter((v) => v.length >= 8);
}

function assertNoLeak(plan: PlannedStack, report: PlanReport) {
  const printed = [JSON.stringify(report), formatText(report)];
  const secrets = generatedSecrets(plan);
  assert.ok(secrets.length >= 5, "the plan generated secrets to look for");
  for (const secret of [...secrets, "plan-api-secret"]) {
    for (const text of printed) assert.ok(!text.includes(secret), "a generated secret is printed");
  }
  for (const text of printed) assert.ok(!text.includes("__provider") && !text.includes("exports.handler"));
}

describe("the program, planned offline", function () {
  this.timeout(60_000);

  describe("dev", () => {
    let plan: PlannedStack;
    let report: PlanReport;
    before(async () => ({ planned: plan, report } = await planStack("dev")));

    it("creates exactly the free-tier resources", () => {
      assert.deepEqual(counts(plan), COMMON_COUNTS);
    });

    it("runs the web service on Render's free plan with migrations in its start command", () => {
      const web = one(plan, T.webService).inputs;
      assert.equal(web.plan, "free");
      assert.equal(web.region, "virginia");
      assert.equal(web.numInstances, 1);
      assert.equal(web.autoscaling, undefined);
      assert.equal(web.preDeployCommand, undefined);
      assert.equal(
        web.startCommand,
        `sh -c 'python manage.py migrate --noinput && ${DEFAULT_RELEASE_COMMAND} && exec gunicorn core.wsgi:application --bind 0.0.0.0:$PORT'`,
      );
      assert.deepEqual(web.customDomains, []);
    });

    it("wires every backend env var with the right scheme", () => {
      const env = one(plan, T.webService).inputs.envVars as Record<string, string>;
      assert.deepEqual(Object.keys(env).sort(), WEB_ENV_KEYS);
      assert.match(
        env.DATABASE_POOLED_URL,
        /^postgresql:\/\/app:[^@]+@ep-[a-z]+-[a-z]+-[0-9a-f]{8}-pooler\.us-east-1\.aws\.neon\.tech\/app\?sslmode=require&channel_binding=require$/,
      );
      assert.equal(env.DATABASE_POOLED_URL.replace("-pooler.", "."), env.DATABASE_URL);
      assert.match(
        env.DATABASE_URL,
        /^postgresql:\/\/app:[^@]+@ep-[a-z]+-[a-z]+-[0-9a-f]{8}\.us-east-1\.aws\.neon\.tech\/app\?sslmode=require&channel_binding=require$/,
      );
      assert.match(env.REDIS_URL, /^rediss:\/\/default:[^@]+@[a-z]+-[a-z]+-\d+\.upstash\.io:6379\/0$/);
      assert.equal(env.CELERY_BROKER_URL, `${env.REDIS_URL}?ssl_cert_reqs=required`);
      assert.equal(env.CELERY_RESULT_BACKEND, env.CELERY_BROKER_URL);
      assert.equal(env.CLOUDINARY_URL, "cloudinary://plan-api-key:plan-api-secret@plan-cloud");
      assert.equal(env.SECRET_KEY.length, 64);
      assert.equal(env.DJANGO_SUPERUSER_PASSWORD.length, 32);
      assert.equal(env.DJANGO_SUPERUSER_USERNAME, "admin");
      assert.equal(env.DJANGO_SUPERUSER_EMAIL, "admin@example.com");
      assert.equal(env.DEBUG, "False");
      assert.equal(env.CELERY_TASK_ALWAYS_EAGER, "True");
      assert.equal(env.CELERY_TASK_EAGER_PROPAGATES, "True");
      assert.equal(
        env.CORS_ALLOWED_ORIGIN_REGEXES,
        "^https://webapp-dev-(?:[a-z0-9]{9}|git-[a-z0-9]+(?:-[a-z0-9]+)*)-acme\\.vercel\\.app$",
      );
      const render = String(plan.outputs.backendUrl);
      assert.deepEqual(hostVars(plan), {
        ALLOWED_HOSTS: new URL(render).host,
        CSRF_TRUSTED_ORIGINS: `https://webapp-dev.vercel.app,${render}`,
        CORS_ALLOWED_ORIGINS: `https://webapp-dev.vercel.app,${render}`,
      });
      const web = one(plan, T.webService);
      const deploys = plan.resources
        .filter((r) => r.type === T.renderEnvVar)
        .map((r) => [r.inputs.key, r.dependencies.includes(web.urn), r.inputs.deploy]);
      assert.deepEqual(deploys, [
        ["ALLOWED_HOSTS", true, false],
        ["CSRF_TRUSTED_ORIGINS", true, false],
        ["CORS_ALLOWED_ORIGINS", true, true],
      ]);
      assert.equal(env.FRONTEND_URL, "https://webapp-dev.vercel.app");
      assert.equal(env.WEB_CONCURRENCY, "2");
      assert.deepEqual(one(plan, T.webService).secretPaths, ["envVars"]);
    });

    it("hands the frontend the API's real URL and the public media settings", () => {
      const vars: Record<string, Record<string, unknown>> = Object.fromEntries(
        plan.resources.filter((r) => r.type === T.envVar).map((r) => [r.inputs.key, r.inputs]),
      );
      assert.deepEqual(Object.keys(vars).sort(), [
        "NEXT_PUBLIC_API_URL",
        "NEXT_PUBLIC_CLOUDINARY_CLOUD_NAME",
        "NEXT_PUBLIC_CLOUDINARY_UPLOAD_PRESET",
        "NEXT_PUBLIC_MEDIA_MAX_UPLOAD_BYTES",
      ]);
      assert.match(String(plan.outputs.backendUrl), /^https:\/\/webapp-dev-api-[0-9a-f]{4}\.onrender\.com$/);
      assert.equal(vars.NEXT_PUBLIC_API_URL.value, plan.outputs.backendUrl);
      assert.equal(vars.NEXT_PUBLIC_CLOUDINARY_CLOUD_NAME.value, "plan-cloud");
      assert.equal(vars.NEXT_PUBLIC_CLOUDINARY_UPLOAD_PRESET.value, "webapp-dev-uploads");
      assert.equal(vars.NEXT_PUBLIC_MEDIA_MAX_UPLOAD_BYTES.value, "10485760");
      for (const v of Object.values(vars)) {
        assert.equal(v.sensitive, false);
        assert.deepEqual(v.targets, ["production", "preview"]);
      }
    });

    it("exports every credential as a Pulumi secret and nothing else", () => {
      assert.deepEqual(plan.secretOutputs, [
        "databasePooledUrl",
        "databaseUrl",
        "redisUrl",
        "superuserPassword",
      ]);
      assert.deepEqual(report.outputs.databaseUrl, "[secret]");
      assert.equal(report.outputs.frontendUrl, "https://webapp-dev.vercel.app");
      assert.equal(report.outputs.mediaFolder, "webapp-dev");
    });

    it("prints no generated secret and no provider code", () => assertNoLeak(plan, report));

    it("protects nothing, passes every policy and costs $0.00", () => {
      assert.deepEqual(
        plan.resources.filter((r) => r.options.protect).map((r) => r.name),
        [],
      );
      assert.deepEqual(report.violations, []);
      assert.equal(report.cost.totalUsd, 0);
    });
  });

  describe("prod", () => {
    let plan: PlannedStack;
    let report: PlanReport;
    before(async () => ({ planned: plan, report } = await planStack("prod")));

    it("adds the image build and the Celery worker", () => {
      assert.deepEqual(counts(plan), {
        ...COMMON_COUNTS,
        "docker-build:index:Image": 1,
        "pulumi-nodejs:dynamic/render:BackgroundWorker": 1,
      });
    });

    it("runs a paid, autoscaled web service with a pre-deploy migration and a custom domain", () => {
      const web = one(plan, T.webService).inputs;
      assert.equal(web.plan, "standard");
      assert.deepEqual(web.autoscaling, { enabled: true, min: 2, max: 4, cpuPercent: 70 });
      assert.equal(
        web.preDeployCommand,
        `sh -c 'python manage.py migrate --noinput && ${DEFAULT_RELEASE_COMMAND}'`,
      );
      assert.equal(web.startCommand, "sh -c 'exec gunicorn core.wsgi:application --bind 0.0.0.0:$PORT'");
      assert.deepEqual(web.customDomains, ["api.example.com"]);
      assert.match(String(web.image), /^ghcr\.io\/acme\/webapp-api:prod@sha256:[0-9a-f]{64}$/);
      assert.equal(web.image, plan.outputs.imageRef);
      const worker = one(plan, T.worker).inputs;
      assert.equal(worker.plan, "starter");
      assert.equal(worker.image, web.image);
      assert.equal(worker.startCommand, "sh -c 'exec celery -A core worker --loglevel=info'");
      assert.deepEqual(Object.keys(worker.envVars as object).sort(), ENV_KEYS);
    });

    it("derives hosts and origins from the onrender.com host and the custom domains", () => {
      const env = one(plan, T.webService).inputs.envVars as Record<string, string>;
      const render = String(one(plan, T.webService).outputs.url);
      assert.match(render, /^https:\/\/webapp-prod-api-[0-9a-f]{4}\.onrender\.com$/);
      const origins = `https://www.example.com,${render},https://api.example.com`;
      const expected = {
        ALLOWED_HOSTS: `${new URL(render).host},api.example.com`,
        CSRF_TRUSTED_ORIGINS: origins,
        CORS_ALLOWED_ORIGINS: origins,
      };
      assert.deepEqual(hostVars(plan), expected);
      const workerEnv = one(plan, T.worker).inputs.envVars as Record<string, string>;
      assert.deepEqual(
        HOST_KEYS.map((k) => workerEnv[k]),
        HOST_KEYS.map((k) => expected[k as keyof typeof expected]),
      );
      assert.equal(env.CELERY_TASK_ALWAYS_EAGER, "False");
      assert.equal(env.CELERY_TASK_EAGER_PROPAGATES, "False");
      assert.equal(env.FRONTEND_URL, "https://www.example.com");
      assert.equal(plan.outputs.backendUrl, "https://api.example.com");
    });

    it("protects and retains the stateful resources", () => {
      const kept = plan.resources
        .filter((r) => r.options.protect && r.options.retainOnDelete)
        .map((r) => r.name);
      assert.deepEqual(kept.sort(), [
        "webapp-prod-cache-redis",
        "webapp-prod-database-branch",
        "webapp-prod-database-db",
        "webapp-prod-database-project",
        "webapp-prod-media-folder",
      ]);
    });

    it("exports every credential as a Pulumi secret", () => {
      assert.deepEqual(plan.secretOutputs, [
        "databasePooledUrl",
        "databaseUrl",
        "redisUrl",
        "superuserPassword",
      ]);
    });

    it("prints no generated secret and no provider code", () => assertNoLeak(plan, report));

    it("passes every policy within its budget", () => {
      assert.deepEqual(report.violations, []);
      assert.ok(report.cost.totalUsd > 0 && report.cost.totalUsd <= 250);
    });
  });
});
