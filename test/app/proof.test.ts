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
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { shellCommand } from "../../providers/render/service-body";
import { planStack } from "../../tools/plan/cli";
import type { PlannedStack } from "../../tools/plan/types";

const APP = __dirname;
const SERVERS = path.join(process.env.APP_PROOF_DIR ?? "/tmp/webapp-app-proof", "servers.json");

/**
 * What `manage.py check --deploy` may still say, and why:
 * - W021 (SECURE_HSTS_PRELOAD): preloading puts the domain on browsers' built-in HSTS lists, a commitment
 *   for every subdomain that only the domain's owner can make; it is not the program's to set.
 */
const ALLOWED_WARNINGS = ["security.W021"];

interface Servers {
  cert: string;
  postgres: { port: number; adminUser: string; adminPassword: string };
  pgbouncer: { port: number; userlist: string; pidfile: string };
  hop: { port: number; users: string };
  redis: { port: number; adminUser: string; adminPassword: string };
}

const T = {
  web: "pulumi-nodejs:dynamic/render:WebService",
  worker: "pulumi-nodejs:dynamic/render:BackgroundWorker",
  envVar: "pulumi-nodejs:dynamic/render:EnvVar",
};

const figures: string[] = [];
function timed<R>(label: string, run: () => R): R {
  const start = Date.now();
  const result = run();
  figures.push(`${label}: ${Date.now() - start} ms`);
  return result;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function availableServers(): Promise<Servers | undefined> {
  if (!fs.existsSync(SERVERS)) return undefined;
  const s = JSON.parse(fs.readFileSync(SERVERS, "utf8")) as Servers;
  const open = await Promise.all([s.postgres.port, s.pgbouncer.port, s.hop.port, s.redis.port].map(portOpen));
  return open.every(Boolean) ? s : undefined;
}

/** The URL with only its host and port replaced: scheme, user, password, database and query stay. */
function localize(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = "127.0.0.1";
  u.port = String(port);
  return u.toString();
}

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv) {
  return spawnSync(cmd, args, { cwd: APP, env: env ?? process.env, encoding: "utf8", timeout: 120_000 });
}

/** A command line as Render would run it, in a shell. */
function shell(commandLine: string, env: NodeJS.ProcessEnv) {
  const r = run("sh", ["-c", commandLine], env);
  assert.equal(r.status, 0, `${commandLine.slice(0, 60)}... failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function startShell(commandLine: string, env: NodeJS.ProcessEnv, log: string): ChildProcess {
  const out = fs.openSync(log, "w");
  return spawn("sh", ["-c", commandLine], { cwd: APP, env, detached: true, stdio: ["ignore", out, out] });
}

function stopGroup(child: ChildProcess | undefined): void {
  if (child?.pid) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

function get(port: number, pathname: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      // Render's proxy terminates TLS and says so in X-Forwarded-Proto.
      { host: "127.0.0.1", port, path: pathname, headers: { Host: host, "X-Forwarded-Proto": "https" } },
      (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

async function waitForHttp(port: number, host: string, child: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the web process exited:\n${fs.readFileSync(log, "utf8")}`);
    if (await portOpen(port)) {
      await get(port, "/healthz", host);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the web process did not listen on ${port}:\n${fs.readFileSync(log, "utf8")}`);
}

function psqlAdmin(s: Servers, sql: string): string {
  const r = run(
    "psql",
    [
      `host=127.0.0.1 port=${s.postgres.port} user=${s.postgres.adminUser} dbname=postgres sslmode=require`,
      "-v",
      "ON_ERROR_STOP=1",
      "-Atc",
      sql,
    ],
    { ...process.env, PGPASSWORD: s.postgres.adminPassword },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function redisAdmin(s: Servers, ...args: string[]): string {
  const r = run("redis-cli", [
    "--tls",
    "--cacert",
    s.cert,
    "-h",
    "127.0.0.1",
    "-p",
    String(s.redis.port),
    "--user",
    s.redis.adminUser,
    "--pass",
    s.redis.adminPassword,
    "--no-auth-warning",
    ...args,
  ]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** Gives the servers the role, database and passwords the program planned, fresh. */
function provision(s: Servers, env: Record<string, string>): void {
  const db = new URL(env.DATABASE_URL);
  const role = decodeURIComponent(db.username);
  const password = decodeURIComponent(db.password);
  const name = decodeURIComponent(db.pathname.slice(1));
  const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
  // FORCE: PgBouncer keeps server connections open in its pool.
  psqlAdmin(s, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  psqlAdmin(s, `DROP ROLE IF EXISTS "${role}"`);
  psqlAdmin(s, `CREATE ROLE "${role}" LOGIN PASSWORD ${lit(password)}`);
  psqlAdmin(s, `CREATE DATABASE "${name}" OWNER "${role}"`);
  const admin = `"${s.postgres.adminUser}" "${s.postgres.adminPassword}"`;
  fs.writeFileSync(s.pgbouncer.userlist, `${admin}\n"${role}" "${password}"\n`);
  process.kill(Number(fs.readFileSync(s.pgbouncer.pidfile, "utf8")), "SIGHUP");
  fs.writeFileSync(s.hop.users, JSON.stringify({ [role]: password }));
  const redis = new URL(env.REDIS_URL);
  redisAdmin(
    s,
    "ACL",
    "SETUSER",
    redis.username,
    "reset",
    "on",
    `>${decodeURIComponent(redis.password)}`,
    "~*",
    "&*",
    "+@all",
  );
  redisAdmin(s, "FLUSHALL");
}

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

/** The process environment: the program's variables with URLs pointed at the local servers, and PORT. */
function processEnv(s: Servers, env: Record<string, string>, home: string, port: number): NodeJS.ProcessEnv {
  return {
    // Debian's python3 and its packages (python-is-python3 provides `python`), as in a Debian-based image.
    PATH: "/usr/sbin:/usr/bin:/sbin:/bin",
    HOME: home,
    LANG: "C.UTF-8",
    PYTHONDONTWRITEBYTECODE: "1",
    // The servers' self-signed certificate is the only CA: rediss:// with ssl_cert_reqs=required verifies it.
    SSL_CERT_FILE: s.cert,
    STATIC_ROOT: path.join(home, "static"),
    PORT: String(port),
    ...env,
    DATABASE_URL: localize(env.DATABASE_URL, s.postgres.port),
    DATABASE_POOLED_URL: localize(env.DATABASE_POOLED_URL, s.hop.port),
    REDIS_URL: localize(env.REDIS_URL, s.redis.port),
    CELERY_BROKER_URL: localize(env.CELERY_BROKER_URL, s.redis.port),
    CELERY_RESULT_BACKEND: localize(env.CELERY_RESULT_BACKEND, s.redis.port),
  };
}

describe("the reference app on the program's environment (TLS PostgreSQL, PgBouncer, Redis)", function () {
  this.timeout(180_000);
  let servers: Servers;

  before(async function () {
    const found = await availableServers();
    if (!found && process.env.APP_PROOF_REQUIRED === "1") {
      throw new Error(`the reference-app servers are not running (${SERVERS}); see .ci/run`);
    }
    if (!found) {
      console.log(
        `    skipped: no reference-app servers (${SERVERS}); start them with: bash test/app/servers.sh start (.ci/run does)`,
      );
      this.skip();
    }
    servers = found!;
  });

  after(() => {
    if (figures.length)
      console.log(`    reference-app proof figures:\n${figures.map((f) => `      ${f}`).join("\n")}`);
  });

  it("refuses a plaintext connection on every server", () => {
    const url = (port: number) => `postgresql://app:x@127.0.0.1:${port}/app?sslmode=disable`;
    const refusals = [
      [
        servers.postgres.port,
        /no pg_hba\.conf entry for host "127\.0\.0\.1", user "app", database "app", no encryption/,
      ],
      [servers.pgbouncer.port, /SSL required/],
      [servers.hop.port, /TLS is required/],
    ] as const;
    for (const [port, message] of refusals) {
      const r = run("psql", [url(port), "-c", "select 1"]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, message);
    }
    const redis = run("redis-cli", ["-h", "127.0.0.1", "-p", String(servers.redis.port), "PING"]);
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
        webEnv = processEnv(servers, planned.web.env, home, port);
        timed(`${stack}: provision role, database and Redis user`, () => provision(servers, planned.web.env));
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
        const r = timed(`${stack}: check --deploy`, () =>
          run("python", ["manage.py", "check", "--deploy"], webEnv),
        );
        assert.equal(r.status, 0, r.stderr);
        const warnings = [...`${r.stdout}${r.stderr}`.matchAll(/\(([\w.]+\.[WE]\d+)\)/g)].map((m) => m[1]);
        assert.deepEqual(warnings, ALLOWED_WARNINGS);
      });

      it("ran the migrations over the direct URL, created the superuser once, and is idempotent", () => {
        const direct = webEnv.DATABASE_URL!;
        assert.equal(new URL(direct).port, String(servers.postgres.port));
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
            const workerEnv = processEnv(servers, planned.worker.env, home, port);
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
