/**
 * The app contract, proven: the reference Django + Celery app under test/app/ runs on the environment the
 * program plans for `dev` and `prod`, against real TLS-only servers on 127.0.0.1 (test/app/servers.sh, which
 * `.ci/run` starts): PostgreSQL, PgBouncer in transaction mode, and Redis.
 *
 * Channel binding: the pooled URL keeps `channel_binding=require`. Debian's PgBouncer 1.18 cannot offer it,
 * so the pooled URL's host and port point at test/app/pg_hop.py, a TLS + SCRAM-SHA-256-PLUS hop in front of
 * PgBouncer (as Neon's proxy is): the product's URL is not weakened, and PgBouncer is on the path.
 */
import * as assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { shellCommand } from "../../providers/render/service-body";
import { planStack } from "../../tools/plan/cli";
import type { PlannedStack } from "../../tools/plan/types";
import {
  ALLOWED_WARNINGS,
  T,
  deployWarnings,
  freePort,
  get,
  processEnv,
  provision,
  run,
  useServers,
  shell,
  startShell,
  stopGroup,
  timer,
  waitForHttp,
} from "./proof-helpers";

const figures: string[] = [];
const timed = timer(figures);

interface Planned {
  web: { env: Record<string, string>; startCommand: string; preDeployCommand?: string; url: string };
  worker?: { env: Record<string, string>; startCommand: string };
  customDomains: string[];
}

function fromPlan(plan: PlannedStack): Planned {
  const web = plan.resources.find((r) => r.type === T.web)!;
  // The environment of the FIRST deploy: Render starts it from the create request alone, so nothing set by
  // another resource afterwards may be needed to pass its health check (render.com/docs/health-checks).
  assert.deepEqual(
    plan.resources.filter((r) => r.type === T.envVar).map((r) => r.name),
    [],
    "a host variable set after the service is not in its first deploy",
  );
  const url = String(web.outputs.url);
  const worker = plan.resources.find((r) => r.type === T.worker);
  return {
    web: {
      // As Render holds them for the first deploy: the create request's envVars, plus the variables Render
      // itself sets for a web service at run time (render.com/docs/environment-variables).
      env: {
        ...(web.inputs.envVars as Record<string, string>),
        RENDER: "true",
        RENDER_EXTERNAL_HOSTNAME: new URL(url).host,
        RENDER_EXTERNAL_URL: url,
      },
      // Exactly what Render holds: the provider's /bin/sh -c form of each command line.
      startCommand: shellCommand(String(web.inputs.startCommand)),
      preDeployCommand:
        web.inputs.preDeployCommand === undefined
          ? undefined
          : shellCommand(String(web.inputs.preDeployCommand)),
      url,
    },
    worker: worker && {
      env: worker.inputs.envVars as Record<string, string>,
      startCommand: shellCommand(String(worker.inputs.startCommand)),
    },
    customDomains: web.inputs.customDomains as string[],
  };
}

describe("the reference app on the program's environment (TLS PostgreSQL, PgBouncer, Redis)", function () {
  this.timeout(180_000);
  const held = useServers("reference-app proof figures", figures);

  it("refuses a plaintext connection on every server", () => {
    const url = (port: number) => `postgresql://app:x@127.0.0.1:${port}/app?sslmode=disable`;
    const refusals = [
      [
        held.servers.postgres.port,
        /no pg_hba\.conf entry for host "127\.0\.0\.1", user "app", database "app", no encryption/,
      ],
      [held.servers.pgbouncer.port, /SSL required/],
      [held.servers.hop.port, /TLS is required/],
    ] as const;
    for (const [port, message] of refusals) {
      const r = run("psql", [url(port), "-c", "select 1"]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, message);
    }
    const redis = run("redis-cli", ["-h", "127.0.0.1", "-p", String(held.servers.redis.port), "PING"]);
    assert.ok(!redis.stdout.includes("PONG"), "Redis answered a plaintext PING");
  });

  for (const stack of ["dev", "prod"] as const) {
    describe(stack, () => {
      let planned: Planned;
      let home: string;
      let port: number;
      let webEnv: NodeJS.ProcessEnv;
      let web: ChildProcess | undefined;
      let worker: ChildProcess | undefined;
      const renderHost = () => new URL(planned.web.url).host;

      before(async () => {
        planned = fromPlan((await planStack(stack)).planned);
        home = fs.mkdtempSync(path.join(os.tmpdir(), `webapp-proof-${stack}-`));
        port = await freePort();
        webEnv = processEnv(held.servers, planned.web.env, home, port);
        timed(`${stack}: provision role, database and Redis user`, () =>
          provision(held.servers, planned.web.env),
        );
        if (planned.web.preDeployCommand) {
          const pre = planned.web.preDeployCommand;
          timed(`${stack}: pre-deploy (migrate, collectstatic, superuser)`, () => shell(pre, webEnv));
        }
        const log = path.join(home, "web.log");
        const started = Date.now();
        web = startShell(planned.web.startCommand, webEnv, log);
        await waitForHttp(port, renderHost(), web, log);
        figures.push(`${stack}: start command until gunicorn answers: ${Date.now() - started} ms`);
      });

      after(() => {
        stopGroup(web);
        stopGroup(worker);
      });

      it("passes manage.py check --deploy with only the allowed warnings", () => {
        const warnings = timed(`${stack}: check --deploy`, () => deployWarnings(webEnv));
        assert.deepEqual(warnings, ALLOWED_WARNINGS);
      });

      it("ran the migrations over the direct URL, created the superuser once, and is idempotent", () => {
        const direct = webEnv.DATABASE_URL!;
        assert.equal(new URL(direct).port, String(held.servers.postgres.port));
        const query = (sql: string) => {
          const r = run("psql", [direct, "-Atc", sql]);
          assert.equal(r.status, 0, r.stderr);
          return r.stdout.trim();
        };
        assert.equal(query("select count(*) from django_migrations where app = 'shop'"), "1");
        const superusers = "select count(*) from auth_user where is_superuser and username = 'admin'";
        assert.equal(query(superusers), "1");
        // The release step again (every free-tier start runs it): it must neither fail nor duplicate.
        const release =
          planned.web.preDeployCommand ?? planned.web.startCommand.replace(/ && exec gunicorn.*'$/, "'");
        timed(`${stack}: release step again`, () => shell(release, webEnv));
        assert.equal(query(superusers), "1");
        assert.equal(shell("python manage.py ensure_superuser", webEnv), "exists\n");
      });

      it("answers /healthz and /health on its first deploy's environment for every Host Render's check sends, 400 for others", async () => {
        const hosts = [renderHost(), ...planned.customDomains];
        assert.equal(hosts.length, stack === "prod" ? 2 : 1);
        for (const host of hosts) {
          assert.deepEqual(await get(port, "/healthz", host), { status: 200, body: '{"status": "ok"}' });
          const health = await get(port, "/health", host);
          assert.equal(health.status, 200, health.body);
          assert.deepEqual(JSON.parse(health.body), { database: "ok", products: 1, pooled: 1, redis: "ok" });
        }
        for (const pathname of ["/healthz", "/health"]) {
          assert.equal((await get(port, pathname, "evil.example.com")).status, 400);
        }
        figures.push(`${stack}: ${hosts.length * 2 + 2} HTTP requests answered`);
      });

      it(
        stack === "prod"
          ? "runs a task on the Celery worker over rediss:// and returns its result"
          : "runs a task eagerly (no worker on the free tier)",
        () => {
          if (planned.worker) {
            const workerEnv = processEnv(held.servers, planned.worker.env, home, port);
            worker = startShell(planned.worker.startCommand, workerEnv, path.join(home, "worker.log"));
          }
          assert.equal(webEnv.CELERY_BROKER_URL!.startsWith("rediss://"), true);
          const out = timed(`${stack}: one Celery task, sent to result`, () =>
            shell("python manage.py celery_ping", webEnv),
          );
          const result = JSON.parse(out) as { sum: number; eager: boolean; hostname: string | null };
          assert.equal(result.sum, 5);
          assert.equal(result.eager, stack === "dev");
          if (stack === "prod") assert.match(String(result.hostname), /^celery@/);
        },
      );
    });
  }
});
