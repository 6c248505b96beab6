import * as assert from "node:assert/strict";
import { defaultVercelDomain } from "../../components/vercel/frontend-site";
import { DEFAULT_RELEASE_COMMAND } from "../../stacks/defaults";
import { planStack } from "../../tools/plan/cli";
import { formatText } from "../../tools/plan/format-text";
import type { PlanReport } from "../../tools/plan/report";
import type { PlannedResource, PlannedStack } from "../../tools/plan/types";
import { stackConfig, writeStack } from "../helpers/run-plan";

const T = {
  webService: "pulumi-nodejs:dynamic/render:WebService",
  worker: "pulumi-nodejs:dynamic/render:BackgroundWorker",
  envVar: "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
  renderEnvVar: "pulumi-nodejs:dynamic/render:EnvVar",
  password: "random:index/randomPassword:RandomPassword",
  role: "pulumi-nodejs:dynamic/neon:Role",
  redis: "upstash:index/redisDatabase:RedisDatabase",
  vercelProject: "vercel:index/project:Project",
  domain: "vercel:index/projectDomain:ProjectDomain",
  neonProject: "pulumi-nodejs:dynamic/neon:Project",
  folder: "pulumi-nodejs:dynamic/cloudinary:Folder",
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
  "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable": 6,
  "upstash:index/redisDatabase:RedisDatabase": 1,
  "pulumi-nodejs:dynamic/cloudinary:Folder": 1,
  "pulumi-nodejs:dynamic/cloudinary:UploadPreset": 1,
  "pulumi-nodejs:dynamic/neon:Project": 1,
  "pulumi-nodejs:dynamic/neon:Role": 1,
  "pulumi-nodejs:dynamic/neon:Database": 1,
  "pulumi-nodejs:dynamic/render:WebService": 1,
  // webapp:ops (issue 19): UptimeRobot on the API and the site, a Sentry project and key per part.
  "webapp:ops:Uptime": 1,
  "pulumi-nodejs:dynamic/uptimerobot:AlertContact": 1,
  "pulumi-nodejs:dynamic/uptimerobot:Monitor": 2,
  "webapp:ops:ErrorTracking": 2,
  "sentry:index/sentryProject:SentryProject": 2,
  "sentry:index/sentryKey:SentryKey": 2,
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
  "SENTRY_DSN",
  "SENTRY_ENVIRONMENT",
  "SENTRY_RELEASE",
  "WEB_CONCURRENCY",
];

/**
 * The advisory notes a compliant stack still gets: Vercel Hobby's terms on a free stack (not checkable
 * offline), and one per unsigned upload preset (a public write endpoint).
 */
function expectedNotes(plan: PlannedStack, free: boolean): [string, string][] {
  const presets = plan.resources.filter(
    (r) => r.type === "pulumi-nodejs:dynamic/cloudinary:UploadPreset" && r.inputs.unsigned === true,
  );
  const project = plan.resources.filter((r) => r.type === "vercel:index/project:Project");
  return [
    ...(free ? project.map((r): [string, string] => ["vercel-hobby-terms", r.urn]) : []),
    ...presets.map((r): [string, string] => ["cloudinary-unsigned-presets", r.urn]),
  ];
}

const notesOf = (report: PlanReport) =>
  report.violations.map((v) => {
    assert.equal(v.enforcementLevel, "advisory", v.policyName);
    return [v.policyName, v.urn];
  });

const HOST_KEYS = ["ALLOWED_HOSTS", "CORS_ALLOWED_ORIGINS", "CSRF_TRUSTED_ORIGINS"];
/**
 * dev's web service keys: no custom domain, so no ALLOWED_HOSTS in its create env (the app adds its
 * onrender.com host from RENDER_EXTERNAL_HOSTNAME, docs/app-contract.md).
 */
const WEB_ENV_KEYS = ENV_KEYS.filter((k) => k !== "ALLOWED_HOSTS");

/** The host variables in the web service's own (create) env; no per-key resources set them afterwards. */
function hostVars(plan: PlannedStack): Record<string, unknown> {
  assert.deepEqual(
    plan.resources.filter((r) => r.type === T.renderEnvVar),
    [],
  );
  const env = one(plan, T.webService).inputs.envVars as Record<string, unknown>;
  return Object.fromEntries(HOST_KEYS.filter((k) => k in env).map((k) => [k, env[k]]));
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
        `python manage.py migrate --noinput && ${DEFAULT_RELEASE_COMMAND} && exec gunicorn core.wsgi:application --bind 0.0.0.0:$PORT`,
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
      const site = `https://${defaultVercelDomain("webapp-dev", String(one(plan, T.domain).inputs.projectId))}`;
      assert.match(site, /^https:\/\/webapp-dev-[0-9a-f]{6}\.vercel\.app$/);
      assert.equal(env.CELERY_TASK_ALWAYS_EAGER, "True");
      assert.equal(env.CELERY_TASK_EAGER_PROPAGATES, "True");
      assert.equal(
        env.CORS_ALLOWED_ORIGIN_REGEXES,
        "^https://webapp-dev-(?:[a-z0-9]{9}|git-[a-z0-9]+(?:-[a-z0-9]+)*)-acme\\.vercel\\.app$",
      );
      assert.deepEqual(hostVars(plan), { CSRF_TRUSTED_ORIGINS: site, CORS_ALLOWED_ORIGINS: site });
      assert.equal(env.FRONTEND_URL, site);
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
        "NEXT_PUBLIC_CLOUDINARY_UPLOAD_SIGNED",
        "NEXT_PUBLIC_MEDIA_MAX_UPLOAD_BYTES",
        "NEXT_PUBLIC_SENTRY_DSN",
      ]);
      assert.match(String(plan.outputs.backendUrl), /^https:\/\/webapp-dev-api-[0-9a-f]{4}\.onrender\.com$/);
      assert.equal(vars.NEXT_PUBLIC_API_URL.value, plan.outputs.backendUrl);
      assert.equal(vars.NEXT_PUBLIC_CLOUDINARY_CLOUD_NAME.value, "plan-cloud");
      assert.equal(vars.NEXT_PUBLIC_CLOUDINARY_UPLOAD_PRESET.value, "webapp-dev-uploads");
      assert.equal(vars.NEXT_PUBLIC_CLOUDINARY_UPLOAD_SIGNED.value, "true");
      assert.equal(vars.NEXT_PUBLIC_MEDIA_MAX_UPLOAD_BYTES.value, "10485760");
      const dsn = plan.resources.find((r) => r.name === "webapp-dev-web-errors-key")!.outputs.dsnPublic;
      assert.equal(vars.NEXT_PUBLIC_SENTRY_DSN.value, dsn);
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
      // The default domain comes from the project id Vercel assigns: derived in the plan, shown as unknown.
      assert.equal(
        plan.outputs.frontendUrl,
        `https://${defaultVercelDomain("webapp-dev", String(one(plan, T.domain).inputs.projectId))}`,
      );
      assert.equal(report.outputs.frontendUrl, "(known after deploy)");
      assert.equal(report.outputs.mediaFolder, "webapp-dev");
    });

    it("prints no generated secret and no provider code", () => assertNoLeak(plan, report));

    it("lets the cache evict (no worker queues tasks) under a $1 budget, and adopts nothing", () => {
      const redis = one(plan, T.redis);
      assert.deepEqual([redis.inputs.eviction, redis.inputs.budget], [true, 1]);
      assert.deepEqual(
        plan.resources.filter((r) => r.inputs.adoptId !== undefined || r.options.import).map((r) => r.name),
        [],
      );
    });

    it("signs the default upload preset", () => {
      const preset = one(plan, "pulumi-nodejs:dynamic/cloudinary:UploadPreset").inputs;
      assert.deepEqual([preset.name, preset.unsigned], ["webapp-dev-uploads", false]);
    });

    it("protects nothing, passes every policy and costs $0.00", () => {
      assert.deepEqual(
        plan.resources.filter((r) => r.options.protect).map((r) => r.name),
        [],
      );
      assert.deepEqual(notesOf(report), expectedNotes(plan, true));
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
      assert.equal(web.preDeployCommand, `python manage.py migrate --noinput && ${DEFAULT_RELEASE_COMMAND}`);
      assert.equal(web.startCommand, "exec gunicorn core.wsgi:application --bind 0.0.0.0:$PORT");
      assert.deepEqual(web.customDomains, ["api.example.com"]);
      assert.match(String(web.image), /^ghcr\.io\/acme\/webapp-api:prod@sha256:[0-9a-f]{64}$/);
      assert.equal(web.image, plan.outputs.imageRef);
      const worker = one(plan, T.worker).inputs;
      assert.equal(worker.plan, "starter");
      assert.equal(worker.image, web.image);
      assert.equal(worker.startCommand, "exec celery -A core worker --loglevel=info");
      assert.deepEqual(Object.keys(worker.envVars as object).sort(), ENV_KEYS);
    });

    it("derives hosts and origins from the custom domains (create env) and all hosts (worker)", () => {
      const env = one(plan, T.webService).inputs.envVars as Record<string, string>;
      const render = String(one(plan, T.webService).outputs.url);
      assert.match(render, /^https:\/\/webapp-prod-api-[0-9a-f]{4}\.onrender\.com$/);
      assert.deepEqual(hostVars(plan), {
        ALLOWED_HOSTS: "api.example.com",
        CSRF_TRUSTED_ORIGINS: "https://www.example.com,https://api.example.com",
        CORS_ALLOWED_ORIGINS: "https://www.example.com,https://api.example.com",
      });
      const origins = `https://www.example.com,${render},https://api.example.com`;
      const expected = {
        ALLOWED_HOSTS: `${new URL(render).host},api.example.com`,
        CSRF_TRUSTED_ORIGINS: origins,
        CORS_ALLOWED_ORIGINS: origins,
      };
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
        "webapp-prod-database-db",
        "webapp-prod-database-project",
        // The database's owner: Neon refuses to delete it while the retained database exists.
        "webapp-prod-database-role",
        "webapp-prod-media-folder",
      ]);
    });

    it("protects the web service and rolls the worker out after it, so migrations run first", () => {
      const web = one(plan, T.webService);
      const worker = one(plan, T.worker);
      assert.deepEqual(web.options, { protect: true, additionalSecretOutputs: ["envVars"] });
      assert.ok(worker.dependencies.includes(web.urn));
      assert.equal(worker.options.protect, undefined);
    });

    it("runs the broker's database without eviction, on a tenth of the stack's budget", () => {
      const redis = one(plan, T.redis).inputs;
      assert.deepEqual([redis.eviction, redis.budget], [false, 30]);
    });

    it("prices the Professional workspace Render autoscaling needs", () => {
      const web = report.cost.lines.find((l) => l.type === T.webService)!;
      assert.deepEqual(
        [web.monthlyUsd, web.basis],
        [
          69,
          "Render standard: 2 × $25.00/instance-month (autoscaling 2-4, minimum billed) + professional workspace: 1 user(s) × $19.00",
        ],
      );
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
      assert.deepEqual(notesOf(report), expectedNotes(plan, false));
      assert.ok(report.cost.totalUsd > 0 && report.cost.totalUsd <= 300);
    });
  });

  describe("a stack that adopts an existing deployment", () => {
    const ids = {
      backendService: "srv-ct6vn35j0q5s700ckga0",
      backendWorker: "srv-ct6vn35j0q5s700ckgb0",
      neonProject: "shiny-wind-028834",
      mediaFolder: "modestwear/media",
      upstashDatabase: "0f9e8d7c-6b5a-4321-8fed-cba987654321",
      vercelProject: "team_acme/prj_Q1w2E3r4T5y6U7i8O9p0",
    };
    let plan: PlannedStack;
    before(async () => {
      const config = structuredClone(stackConfig("prod"));
      config["webapp:adopt"] = ids;
      delete (config["webapp:media"] as Record<string, unknown>).folder;
      // An import states the imported resource's own name (stacks/: a different one would replace or rename it).
      (config["webapp:cache"] as Record<string, unknown>).databaseName = "modestwear-cache";
      (config["webapp:frontend"] as Record<string, unknown>).projectName = "modestwear-web";
      ({ planned: plan } = await planStack("adopt", { configDir: writeStack("adopt", config) }));
    });

    it("hands each dynamic resource its adoptId and imports the bridged ones", () => {
      const adopted = plan.resources
        .filter((r) => r.inputs.adoptId !== undefined)
        .map((r) => [r.type, r.inputs.adoptId])
        .sort();
      assert.deepEqual(adopted, [
        [T.folder, ids.mediaFolder],
        [T.neonProject, ids.neonProject],
        [T.worker, ids.backendWorker],
        [T.webService, ids.backendService],
      ]);
      const imported = plan.resources
        .filter((r) => r.options.import)
        .map((r) => [r.type, r.options.import])
        .sort();
      assert.deepEqual(imported, [
        [T.redis, ids.upstashDatabase],
        [T.vercelProject, ids.vercelProject],
      ]);
    });

    it("keeps media in the adopted folder", () => {
      assert.equal(one(plan, T.folder).inputs.path, ids.mediaFolder);
      assert.equal(plan.outputs.mediaFolder, ids.mediaFolder);
    });
  });
});
