import * as assert from "assert";
import { carriesCredential } from "../../policies/lib/credentials";
import { envVarsOf } from "../../policies/lib/env-vars";
import {
  RENDER_BACKGROUND_WORKER,
  RENDER_ENV_VAR,
  RENDER_WEB_SERVICE,
  VERCEL_ENV_VAR,
} from "../../policies/lib/tokens";
import { planStack } from "../../tools/plan/cli";
import {
  DATABASE_URL,
  DIGEST_IMAGE,
  freeStack,
  REDIS_URL,
  SECRET_VALUES,
  SECRETS,
  withBackendEnv,
  withVercelEnvVar,
} from "./fixtures";
import { UNKNOWN, assertNoSecrets, mutate, resource, runPolicy, urnOf, violation } from "./harness";

/*
 * Values that look safe to a naive check but are not (or look unsafe but are not): each case states what the
 * consumer (libpq, dj-database-url, kombu, Django settings, the Render provider) actually does with it.
 */

const api = urnOf(RENDER_WEB_SERVICE, "api");
const web = urnOf(VERCEL_ENV_VAR, "web-api-url");
const HOST = "ep-calm-1.us-west-2.aws.neon.tech/app";
const PG = (scheme: string, query: string) => `${scheme}://app:${SECRETS.dbPassword}@${HOST}${query}`;
const SET_PG =
  "`pulumi config set --secret --path webapp:backend.secretEnv.DATABASE_URL <url>?sslmode=require`";

describe("policies see through disguises", () => {
  describe("postgres-urls-require-ssl", () => {
    const name = "postgres-urls-require-ssl";
    const disable = `DATABASE_URL holds a Postgres URL with sslmode=disable; use sslmode=require and set it with ${SET_PG}.`;
    const missing =
      "DATABASE_URL holds a Postgres URL without sslmode, so libpq may connect in plaintext; append " +
      `?sslmode=require and set it with ${SET_PG}.`;
    const cases: [string, string, string | undefined][] = [
      [
        "a repeated sslmode counts by its last value",
        PG("postgresql", "?sslmode=require&sslmode=disable"),
        disable,
      ],
      [
        "a repeated sslmode whose last value is secure",
        PG("postgresql", "?sslmode=disable&sslmode=require"),
        undefined,
      ],
      ["a percent-encoded repeated key", PG("postgresql", "?sslmode=require&ssl%6Dode=disable"), disable],
      ["dj-database-url's pgsql scheme", PG("pgsql", ""), missing],
      [
        "dj-database-url's postgis scheme",
        PG("postgis", "?sslmode=prefer"),
        disable.replace("disable", "prefer"),
      ],
      ["dj-database-url's redshift scheme", PG("redshift", ""), missing],
      ["dj-database-url's timescale scheme", PG("timescale", ""), missing],
      ["dj-database-url's timescalegis scheme", PG("timescalegis", ""), missing],
      ["an upper-case scheme", PG("POSTGRES", ""), missing],
      ["surrounding whitespace around a secure URL", `  ${DATABASE_URL}\n`, undefined],
    ];
    for (const [label, url, message] of cases) {
      it(`${message ? "fails" : "passes"} ${label}`, async () => {
        const vs = await runPolicy(name, withBackendEnv("DATABASE_URL", url));
        assert.deepStrictEqual(vs, message ? [violation(name, message, api)] : []);
        assertNoSecrets(vs, SECRET_VALUES);
      });
    }
  });

  describe("redis-urls-use-tls", () => {
    const name = "redis-urls-use-tls";
    const plain = REDIS_URL.replace("rediss://", "redis://");
    const fix =
      "use rediss:// and set it with `pulumi config set --secret --path webapp:backend.secretEnv.CELERY_BROKER_URL rediss://...`.";
    const cases: [string, string, string | undefined][] = [
      [
        "a ';' failover list with a plaintext second broker",
        `${REDIS_URL};${plain}`,
        `item 2 of CELERY_BROKER_URL is a plaintext redis:// URL; ${fix}`,
      ],
      [
        "a ',' list with a plaintext second broker",
        `${REDIS_URL}, ${plain}`,
        `item 2 of CELERY_BROKER_URL is a plaintext redis:// URL; ${fix}`,
      ],
      ["a list of TLS brokers", `${REDIS_URL};${REDIS_URL}`, undefined],
      [
        "an upper-case scheme behind whitespace",
        `  ${plain.replace("redis://", "REDIS://")}`,
        `CELERY_BROKER_URL is a plaintext redis:// URL; ${fix}`,
      ],
    ];
    for (const [label, url, message] of cases) {
      it(`${message ? "fails" : "passes"} ${label}`, async () => {
        const vs = await runPolicy(name, withBackendEnv("CELERY_BROKER_URL", url));
        assert.deepStrictEqual(vs, message ? [violation(name, message, api)] : []);
        assertNoSecrets(vs, SECRET_VALUES);
      });
    }
  });

  describe("service-urls-use-https", () => {
    const name = "service-urls-use-https";
    const fix =
      "write it as https://<host>: set the host with `pulumi config set --path webapp:domains.frontend <host>` " +
      "and let the program write https://<host>.";
    const cases: [string, string, string | undefined][] = [
      [
        "origins separated by spaces",
        "https://a.example.com http://b.example.com",
        `entry 2 of CORS_ALLOWED_ORIGINS uses http://; ${fix}`,
      ],
      [
        "origins separated by ';'",
        "https://a.example.com;http://b.example.com",
        `entry 2 of CORS_ALLOWED_ORIGINS uses http://; ${fix}`,
      ],
      ["origins separated by tabs and newlines", "https://a.example.com\thttps://b.example.com\n", undefined],
    ];
    for (const [label, origins, message] of cases) {
      it(`${message ? "fails" : "passes"} ${label}`, async () => {
        const vs = await runPolicy(name, withBackendEnv("CORS_ALLOWED_ORIGINS", origins));
        assert.deepStrictEqual(vs, message ? [violation(name, message, api)] : []);
      });
    }

    it("checks origins the program sets as their own Render env var resources", async () => {
      const stack = freeStack();
      const hosts = resource(RENDER_ENV_VAR, "api-env-cors-allowed-origins", {
        serviceId: "srv-1",
        key: "CORS_ALLOWED_ORIGINS",
        value: "https://a.example.com,http://b.example.com",
      });
      stack.resources.push(hosts);
      assert.deepStrictEqual(await runPolicy(name, stack), [
        violation(name, `entry 2 of CORS_ALLOWED_ORIGINS uses http://; ${fix}`, hosts.urn),
      ]);
    });
  });

  describe("credentials by name and by value shape", () => {
    const sensitive = "credential-env-vars-sensitive";
    const secrets = "credential-values-are-secrets";
    const SENTRY_DSN = `https://pub:${SECRETS.secretKey}@o1.ingest.sentry.io/1`;
    const vercelFix = (key: string) =>
      `${key} carries a credential but is not sensitive; remove webapp:frontend.env.${key} and keep it on the ` +
      `backend with \`pulumi config set --secret --path webapp:backend.secretEnv.${key} <value>\`.`;
    const vercelCases: [string, string, string, boolean][] = [
      ["DATABASE_DIRECT_URL by name", "DATABASE_DIRECT_URL", DATABASE_URL, true],
      ["a URL with a password under any name", "SENTRY_DSN", SENTRY_DSN, true],
      ["a URL with a password and an empty user", "CACHE", `rediss://:${SECRETS.redisPassword}@h:6379`, true],
      ["a URL with a user and no password", "NEXT_PUBLIC_API_URL", "https://deploy@api.example.com", false],
      ["a URL without userinfo", "NEXT_PUBLIC_API_URL", "https://api.example.com/a:b@c", false],
    ];
    for (const [label, key, value, flagged] of vercelCases) {
      it(`${sensitive}: ${flagged ? "fails" : "passes"} ${label}`, async () => {
        const vs = await runPolicy(sensitive, withVercelEnvVar({ key, value, sensitive: false }));
        assert.deepStrictEqual(vs, flagged ? [violation(sensitive, vercelFix(key), web)] : []);
        assertNoSecrets(vs, SECRET_VALUES);
      });
    }

    it(`${sensitive}: judges an unknown value by its name alone, with no preview note`, async () => {
      assert.deepStrictEqual(await runPolicy(sensitive, withVercelEnvVar({ value: UNKNOWN })), []);
    });

    const plainCases: [string, string, string][] = [
      ["DATABASE_DIRECT_URL", "DATABASE_DIRECT_URL", DATABASE_URL],
      ["a URL with a password under any name", "ANALYTICS_DSN", `postgres://u:${SECRETS.dbPassword}@h/db`],
    ];
    for (const [label, key, value] of plainCases) {
      it(`${secrets}: fails a plain ${label}`, async () => {
        const vs = await runPolicy(secrets, withBackendEnv(key, value));
        assert.deepStrictEqual(vs, [
          violation(
            secrets,
            `${key} (input envVars.${key} of 'api') is a plain value; set it with \`pulumi config set --secret ` +
              `--path webapp:backend.secretEnv.${key} <value>\` instead of webapp:backend.env.${key}.`,
            api,
          ),
        ]);
        assertNoSecrets(vs, SECRET_VALUES);
      });
    }

    it(`${secrets}: passes the same values when they are Pulumi secrets`, async () => {
      const stack = mutate(
        withBackendEnv("ANALYTICS_DSN", `postgres://u:${SECRETS.dbPassword}@h/db`),
        "api",
        (_i, r) => {
          r.secretPaths.push("envVars.ANALYTICS_DSN");
        },
      );
      assert.deepStrictEqual(await runPolicy(secrets, stack), []);
    });

    /** The program's plain settings, reviewed: none carries a credential. Any other key it sets must be one. */
    const PLAIN_SETTINGS = [
      "ALLOWED_HOSTS",
      "CELERY_TASK_ALWAYS_EAGER",
      "CELERY_TASK_EAGER_PROPAGATES",
      "CORS_ALLOWED_ORIGIN_REGEXES",
      "CORS_ALLOWED_ORIGINS",
      "CSRF_TRUSTED_ORIGINS",
      "DEBUG",
      "DJANGO_SETTINGS_MODULE",
      "DJANGO_SUPERUSER_EMAIL",
      "DJANGO_SUPERUSER_USERNAME",
      "FRONTEND_URL",
      // A DSN lets a client only send events (docs.sentry.io "Data Source Name"; docs/operations.md); the
      // program still hands SENTRY_DSN over as a Pulumi secret.
      "SENTRY_DSN",
      "SENTRY_ENVIRONMENT",
      "SENTRY_RELEASE",
      "WEB_CONCURRENCY",
    ];
    for (const stack of ["dev", "prod"]) {
      it(`recognises by name every credential the program hands the ${stack} services`, async function () {
        this.timeout(30_000);
        const { planned } = await planStack(stack);
        const keys = new Set(
          planned.resources
            .filter((r) => r.type === RENDER_WEB_SERVICE || r.type === RENDER_BACKGROUND_WORKER)
            .flatMap((r) => envVarsOf(r.type, r.inputs).map((v) => v.key)),
        );
        assert.ok(keys.has("DATABASE_POOLED_URL"));
        // An empty value: the name alone must give each credential away.
        const byName = (key: string) => carriesCredential({ key, path: key, value: () => "" });
        assert.deepStrictEqual(
          [...keys].filter((key) => byName(key) === PLAIN_SETTINGS.includes(key)),
          [],
        );
      });
    }
  });

  describe("images-pinned-by-digest", () => {
    const name = "images-pinned-by-digest";
    const cases: [string, string][] = [
      [
        "an upper-case digest (the Render provider lower-cases it)",
        DIGEST_IMAGE.replace(/a{64}/, "A".repeat(64)),
      ],
      ["surrounding whitespace (the Render provider trims it)", ` ${DIGEST_IMAGE}\n`],
    ];
    for (const [label, image] of cases) {
      it(`passes ${label}`, async () => {
        assert.deepStrictEqual(
          await runPolicy(
            name,
            mutate(withBackendEnv("DEBUG", "False"), "api", (i) => (i.image = image)),
          ),
          [],
        );
      });
    }

    it("still sees a latest tag behind whitespace", async () => {
      const stack = mutate(
        withBackendEnv("DEBUG", "False"),
        "api",
        (i) => (i.image = ` ${DIGEST_IMAGE.replace("@", ":latest@")} `),
      );
      assert.deepStrictEqual(await runPolicy(name, stack), [
        violation(
          name,
          "The service image carries the moving tag 'latest'; drop the tag and keep the digest: " +
            "`pulumi config set --path webapp:backend.image <repository>@sha256:<digest>`.",
          api,
        ),
      ]);
    });
  });
});
