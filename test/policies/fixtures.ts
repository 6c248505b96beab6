import {
  CLOUDINARY_FOLDER,
  CLOUDINARY_UPLOAD_PRESET,
  DOCKER_BUILD_IMAGE,
  NEON_BRANCH,
  NEON_PROJECT,
  RENDER_BACKGROUND_WORKER,
  RENDER_WEB_SERVICE,
  UPSTASH_REDIS_DATABASE,
  VERCEL_ENV_VAR,
  VERCEL_PROJECT,
} from "../../policies/lib/tokens";
import { PlannedStack } from "../../tools/plan/types";
import { mutate, plannedStack, resource, urnOf } from "./harness";

/** Secret values used by the fixtures; tests assert none of them reaches a violation. */
export const SECRETS = {
  dbPassword: "Pg-s3cret-9f1",
  redisPassword: "Rd-s3cret-77a",
  cloudinarySecret: "Cl-s3cret-42b",
  secretKey: "dj-s3cret-key-0c3",
  superuserPassword: "Su-s3cret-5d5",
};
export const SECRET_VALUES = Object.values(SECRETS);

export const DATABASE_URL =
  `postgresql://app:${SECRETS.dbPassword}@ep-calm-1.us-west-2.aws.neon.tech/app` +
  "?sslmode=require&channel_binding=require";
export const REDIS_URL = `rediss://default:${SECRETS.redisPassword}@calm-1.upstash.io:6379`;
export const DIGEST_IMAGE = `ghcr.io/acme/api@sha256:${"a".repeat(64)}`;

const CREDENTIAL_ENV = {
  DATABASE_URL,
  REDIS_URL,
  CELERY_BROKER_URL: REDIS_URL,
  CELERY_RESULT_BACKEND: REDIS_URL,
  CLOUDINARY_URL: `cloudinary://1234:${SECRETS.cloudinarySecret}@demo`,
  SECRET_KEY: SECRETS.secretKey,
  DJANGO_SUPERUSER_PASSWORD: SECRETS.superuserPassword,
};

const backendEnv = {
  ...CREDENTIAL_ENV,
  DJANGO_SUPERUSER_USERNAME: "admin",
  DJANGO_SUPERUSER_EMAIL: "admin@example.com",
  DEBUG: "False",
  ALLOWED_HOSTS: "webapp-api.onrender.com",
  CORS_ALLOWED_ORIGINS: "https://webapp.vercel.app,https://www.example.com",
  CSRF_TRUSTED_ORIGINS: "https://webapp.vercel.app",
  FRONTEND_URL: "https://webapp.vercel.app",
  DJANGO_SETTINGS_MODULE: "config.settings",
  WEB_CONCURRENCY: "2",
};

const credentialPaths = Object.keys(CREDENTIAL_ENV).map((k) => `envVars.${k}`);

export const FREE_CONFIG = { "webapp:tier": "free", "webapp:monthlyBudget": "0" };
export const PAID_CONFIG = { "webapp:tier": "paid", "webapp:monthlyBudget": "500" };

/** A dev stack that satisfies every policy: free plans everywhere, one region (us-west). */
export function freeStack(): PlannedStack {
  return plannedStack(
    [
      resource(DOCKER_BUILD_IMAGE, "api-image", { tags: ["ghcr.io/acme/api:3f2a1bc"], push: true }),
      resource(
        RENDER_WEB_SERVICE,
        "api",
        {
          name: "webapp-dev-api",
          image: DIGEST_IMAGE,
          plan: "free",
          region: "oregon",
          numInstances: 1,
          healthCheckPath: "/healthz",
          startCommand: "python manage.py migrate && gunicorn config.wsgi",
          envVars: backendEnv,
        },
        { secretPaths: credentialPaths },
      ),
      resource(NEON_PROJECT, "db", {
        name: "webapp-dev",
        regionId: "aws-us-west-2",
        pgVersion: 17,
        historyRetentionSeconds: 21600,
        autoscalingMinCu: 0.25,
        autoscalingMaxCu: 2,
        suspendTimeoutSeconds: 0,
      }),
      resource(
        NEON_BRANCH,
        "db-branch",
        { projectId: "proj-calm-1", name: "app", endpoint: { minCu: 0.25, maxCu: 2 } },
        { dependencies: [urnOf(NEON_PROJECT, "db")] },
      ),
      resource(UPSTASH_REDIS_DATABASE, "cache", {
        databaseName: "webapp-dev",
        region: "global",
        primaryRegion: "us-west-2",
        readRegions: [],
        tls: true,
        eviction: true,
      }),
      resource(VERCEL_PROJECT, "web", {
        name: "webapp",
        framework: "nextjs",
        vercelAuthentication: { deploymentType: "standardProtectionNew" },
      }),
      resource(VERCEL_ENV_VAR, "web-api-url", {
        projectId: "prj_1",
        key: "NEXT_PUBLIC_API_URL",
        value: "https://webapp-api.onrender.com",
        targets: ["production", "preview"],
        sensitive: false,
      }),
      resource(CLOUDINARY_FOLDER, "media", { path: "webapp/dev" }),
      resource(CLOUDINARY_UPLOAD_PRESET, "uploads", {
        name: "webapp-dev-uploads",
        unsigned: false,
        resourceType: "image",
        maxFileSizeBytes: 10 * 1024 * 1024,
      }),
    ],
    FREE_CONFIG,
  );
}

/** A prod-like stack that satisfies every policy: paid plans, a worker, protected data, within budget. */
export function paidStack(): PlannedStack {
  const stack = freeStack();
  stack.config = { ...PAID_CONFIG };
  const byName = (name: string) =>
    stack.resources.find((r) => r.name === name) as (typeof stack.resources)[number];
  Object.assign(byName("api").inputs, {
    plan: "standard",
    numInstances: 2,
    preDeployCommand: "python manage.py migrate",
  });
  Object.assign(byName("db").inputs, {
    historyRetentionSeconds: 86400,
    autoscalingMinCu: 0.5,
    autoscalingMaxCu: 4,
    suspendTimeoutSeconds: -1,
  });
  Object.assign(byName("db-branch").inputs, {
    endpoint: { minCu: 0.5, maxCu: 4, suspendTimeoutSeconds: 300 },
  });
  Object.assign(byName("cache").inputs, { readRegions: ["us-east-1"], budget: 50 });
  for (const name of ["db", "cache", "media"]) {
    byName(name).options = { protect: true, retainOnDelete: true };
  }
  stack.resources.splice(
    2,
    0,
    resource(
      RENDER_BACKGROUND_WORKER,
      "worker",
      {
        name: "webapp-prod-worker",
        image: DIGEST_IMAGE,
        plan: "starter",
        region: "oregon",
        startCommand: "celery -A config worker",
        envVars: CREDENTIAL_ENV,
      },
      { secretPaths: credentialPaths },
    ),
  );
  for (const r of stack.resources) {
    r.outputs = structuredClone(r.inputs);
  }
  return stack;
}

/** The free stack with one backend (Render `api`) environment variable set. */
export function withBackendEnv(key: string, value: string): PlannedStack {
  return mutate(freeStack(), "api", (i) => {
    (i.envVars as Record<string, string>)[key] = value;
  });
}

/** The free stack with fields of its Vercel environment variable (`web-api-url`) replaced. */
export function withVercelEnvVar(fields: {
  key?: string;
  value?: string;
  sensitive?: boolean | string;
}): PlannedStack {
  return mutate(freeStack(), "web-api-url", (i) => {
    Object.assign(i, fields);
  });
}
