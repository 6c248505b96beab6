import * as assert from "assert";
import {
  RENDER_WEB_SERVICE,
  UPSTASH_REDIS_DATABASE,
  VERCEL_ENV_VAR,
  VERCEL_PROJECT,
} from "../../policies/lib/tokens";
import { DATABASE_URL, SECRET_VALUES, freeStack, withBackendEnv, withVercelEnvVar } from "./fixtures";
import { UNKNOWN, assertNoSecrets, mutate, previewAdvisory, runPolicy, urnOf, violation } from "./harness";

const api = urnOf(RENDER_WEB_SERVICE, "api");

describe("postgres-urls-require-ssl", () => {
  const name = "postgres-urls-require-ssl";

  it("passes sslmode=require, verify-ca and verify-full", async () => {
    for (const mode of ["require", "verify-ca", "verify-full"]) {
      const stack = withBackendEnv(
        "DATABASE_URL",
        DATABASE_URL.replace("sslmode=require", `sslmode=${mode}`),
      );
      assert.deepStrictEqual(await runPolicy(name, stack), [], mode);
    }
  });

  const cases: [string, string, string][] = [
    [
      "no sslmode",
      DATABASE_URL.split("?")[0],
      "DATABASE_URL holds a Postgres URL without sslmode, so libpq may connect in plaintext; append ?sslmode=require and set it with `pulumi config set --secret --path webapp:backend.secretEnv.DATABASE_URL <url>?sslmode=require`.",
    ],
    [
      "sslmode=prefer",
      DATABASE_URL.replace("sslmode=require", "sslmode=prefer"),
      "DATABASE_URL holds a Postgres URL with sslmode=prefer; use sslmode=require and set it with `pulumi config set --secret --path webapp:backend.secretEnv.DATABASE_URL <url>?sslmode=require`.",
    ],
    [
      "an sslmode that is not a libpq mode",
      DATABASE_URL.replace("sslmode=require", "sslmode=Pg-s3cret-9f1"),
      "DATABASE_URL holds a Postgres URL with an unrecognised sslmode; use sslmode=require and set it with `pulumi config set --secret --path webapp:backend.secretEnv.DATABASE_URL <url>?sslmode=require`.",
    ],
    [
      "an unparsable URL",
      "postgres://app:Pg-s3cret-9f1@[bad/app",
      "DATABASE_URL holds a Postgres URL that cannot be parsed as a URL; URL-encode the password, append ?sslmode=require and set it with `pulumi config set --secret --path webapp:backend.secretEnv.DATABASE_URL <url>?sslmode=require`.",
    ],
  ];
  for (const [label, url, message] of cases) {
    it(`fails ${label}, without echoing the URL`, async () => {
      const vs = await runPolicy(name, withBackendEnv("DATABASE_URL", url));
      assert.deepStrictEqual(vs, [violation(name, message, api)]);
      assertNoSecrets(vs, SECRET_VALUES);
    });
  }

  it("checks Postgres URLs under any key and on Vercel", async () => {
    const stack = withVercelEnvVar({ key: "ANALYTICS_DB", value: DATABASE_URL.split("?")[0] });
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "ANALYTICS_DB holds a Postgres URL without sslmode, so libpq may connect in plaintext; append ?sslmode=require and set it with `pulumi config set --path webapp:frontend.env.ANALYTICS_DB <url>?sslmode=require`.",
        urnOf(VERCEL_ENV_VAR, "web-api-url"),
      ),
    ]);
  });

  it("skips exempt keys", async () => {
    const stack = withBackendEnv("DATABASE_URL", DATABASE_URL.split("?")[0]);
    assert.deepStrictEqual(await runPolicy(name, stack, { exemptKeys: ["DATABASE_URL"] }), []);
  });

  it("is advisory while the URL is unknown", async () => {
    assert.deepStrictEqual(await runPolicy(name, withBackendEnv("DATABASE_URL", UNKNOWN)), [
      previewAdvisory(name, "envVars.DATABASE_URL", api),
    ]);
  });
});

describe("redis-urls-use-tls", () => {
  const name = "redis-urls-use-tls";
  const cache = urnOf(UPSTASH_REDIS_DATABASE, "cache");

  it("passes rediss:// URLs and an Upstash database without tls: false", async () => {
    const stack = mutate(freeStack(), "cache", (i) => {
      delete i.tls;
    });
    assert.deepStrictEqual(await runPolicy(name, stack), []);
  });

  it("fails every redis:// URL, without echoing it", async () => {
    const stack = mutate(freeStack(), "api", (i) => {
      const env = i.envVars as Record<string, string>;
      env.CELERY_BROKER_URL = env.REDIS_URL.replace("rediss://", "redis://");
      env.CELERY_RESULT_BACKEND = env.CELERY_BROKER_URL;
    });
    const vs = await runPolicy(name, stack);
    assert.deepStrictEqual(vs, [
      violation(
        name,
        "CELERY_BROKER_URL is a plaintext redis:// URL; use rediss:// and set it with `pulumi config set --secret --path webapp:backend.secretEnv.CELERY_BROKER_URL rediss://...`.",
        api,
      ),
      violation(
        name,
        "CELERY_RESULT_BACKEND is a plaintext redis:// URL; use rediss:// and set it with `pulumi config set --secret --path webapp:backend.secretEnv.CELERY_RESULT_BACKEND rediss://...`.",
        api,
      ),
    ]);
    assertNoSecrets(vs, SECRET_VALUES);
  });

  it("fails an Upstash database with tls: false", async () => {
    const stack = mutate(freeStack(), "cache", (i) => {
      i.tls = false;
    });
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(name, "The Upstash database sets tls: false; remove the argument or set tls: true.", cache),
    ]);
  });

  it("is advisory while tls is unknown", async () => {
    const stack = mutate(freeStack(), "cache", (i) => {
      i.tls = UNKNOWN;
    });
    assert.deepStrictEqual(await runPolicy(name, stack), [previewAdvisory(name, "tls", cache)]);
  });
});

describe("service-urls-use-https", () => {
  const name = "service-urls-use-https";
  const web = urnOf(VERCEL_ENV_VAR, "web-api-url");

  it("fails http:// and scheme-less values, naming the list entry", async () => {
    const stack = mutate(
      withBackendEnv("CORS_ALLOWED_ORIGINS", "https://a.example.com, http://b.example.com,c.example.com"),
      "api",
      (i) => {
        (i.envVars as Record<string, string>).FRONTEND_URL = "http://webapp.vercel.app";
      },
    );
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "entry 2 of CORS_ALLOWED_ORIGINS uses http://; write it as https://<host>: set the host with `pulumi config set --path webapp:domains.frontend <host>` and let the program write https://<host>.",
        api,
      ),
      violation(
        name,
        "entry 3 of CORS_ALLOWED_ORIGINS has no scheme; write it as https://<host>: set the host with `pulumi config set --path webapp:domains.frontend <host>` and let the program write https://<host>.",
        api,
      ),
      violation(
        name,
        "FRONTEND_URL uses http://; write it as https://<host>: set the host with `pulumi config set --path webapp:domains.frontend <host>` and let the program write https://<host>.",
        api,
      ),
    ]);
  });

  it("fails a frontend API URL that is not https", async () => {
    const stack = withVercelEnvVar({ value: "ftp://webapp-api.onrender.com" });
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "NEXT_PUBLIC_API_URL uses a non-https scheme; write it as https://<host>: set the host with `pulumi config set --path webapp:domains.api <host>` and let the program write https://<host>.",
        web,
      ),
    ]);
  });

  it("checks inline Vercel project environments too", async () => {
    const stack = mutate(freeStack(), "web", (i) => {
      i.environments = [
        {
          key: "NEXT_PUBLIC_API_URL",
          value: "http://api.example.com",
          targets: ["production"],
          sensitive: false,
        },
      ];
    });
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "NEXT_PUBLIC_API_URL uses http://; write it as https://<host>: set the host with `pulumi config set --path webapp:domains.api <host>` and let the program write https://<host>.",
        urnOf(VERCEL_PROJECT, "web"),
      ),
    ]);
  });

  it("only checks the configured keys", async () => {
    const stack = withBackendEnv("FRONTEND_URL", "http://webapp.vercel.app");
    assert.deepStrictEqual(await runPolicy(name, stack, { keys: ["NEXT_PUBLIC_API_URL"] }), []);
  });

  it("is advisory while the URL is unknown", async () => {
    const stack = withVercelEnvVar({ value: UNKNOWN });
    assert.deepStrictEqual(await runPolicy(name, stack), [previewAdvisory(name, "value", web)]);
  });
});
