/**
 * What the reference-app proofs share (test/app/proof.test.ts for dev and prod, proof-systems.test.ts for the
 * Render and single-app systems): the local TLS servers test/app/servers.sh starts, running the app's
 * commands as Render runs them, HTTP against it, and giving the servers the role, database and Redis user a
 * plan names.
 */
import * as assert from "node:assert/strict";
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";

export const APP = __dirname;
export const SERVERS = path.join(process.env.APP_PROOF_DIR ?? "/tmp/webapp-app-proof", "servers.json");

/**
 * What `manage.py check --deploy` may still say, and why:
 * - W021 (SECURE_HSTS_PRELOAD): preloading puts the domain on browsers' built-in HSTS lists, a commitment
 *   for every subdomain that only the domain's owner can make; it is not the program's to set.
 */
export const ALLOWED_WARNINGS = ["security.W021"];

export interface Servers {
  cert: string;
  postgres: { port: number; adminUser: string; adminPassword: string };
  pgbouncer: { port: number; userlist: string; pidfile: string };
  hop: { port: number; users: string };
  redis: { port: number; adminUser: string; adminPassword: string };
}

export const T = {
  web: "pulumi-nodejs:dynamic/render:WebService",
  worker: "pulumi-nodejs:dynamic/render:BackgroundWorker",
  envVar: "pulumi-nodejs:dynamic/render:EnvVar",
};

/** `timed(label, run)`: runs `run` and adds "<label>: <ms> ms" to `figures`. */
export function timer(figures: string[]) {
  return function timed<R>(label: string, run: () => R): R {
    const start = Date.now();
    const result = run();
    figures.push(`${label}: ${Date.now() - start} ms`);
    return result;
  };
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * For a `before` hook: the running servers; without them the suite is skipped with a message, or fails
 * under `.ci/run`'s proof step (APP_PROOF_REQUIRED=1), where they must run. APP_PROOF=off skips it even with
 * the servers up (.ci/run, inside `npm test`, runs the proofs as a step of their own).
 */
export async function serversOrSkip(ctx: Mocha.Context): Promise<Servers> {
  const required = process.env.APP_PROOF_REQUIRED === "1";
  if (process.env.APP_PROOF === "off" && !required) ctx.skip();
  const found = await availableServers();
  if (!found && required) {
    throw new Error(`the reference-app servers are not running (${SERVERS}); see .ci/run`);
  }
  if (!found) {
    console.log(
      `    skipped: no reference-app servers (${SERVERS}); start them with: bash test/app/servers.sh start (.ci/run does)`,
    );
    ctx.skip();
  }
  return found!;
}

/**
 * The servers hold one set of roles, databases, PgBouncer users and Redis data, and each proof file provisions
 * them afresh (`provision` drops the database, rewrites the user lists, flushes Redis), while `npm test` runs
 * files in parallel workers: a proof file takes the servers for itself in its `before` hook and gives them
 * back in its `after` hook. The lock is a directory (mkdir is atomic) holding the owner's pid; one whose owner
 * is gone is taken over. Waits at most `waitMs`.
 */
export async function holdServers(waitMs = 240_000): Promise<() => void> {
  const lock = path.join(path.dirname(SERVERS), "servers.lock");
  const owner = path.join(lock, "pid");
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(owner, String(process.pid));
      return () => fs.rmSync(lock, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const pid = Number(fs.existsSync(owner) ? fs.readFileSync(owner, "utf8") : NaN);
    let alive = true;
    if (Number.isInteger(pid)) {
      try {
        process.kill(pid, 0);
      } catch {
        alive = false;
      }
    }
    if (!alive) fs.rmSync(lock, { recursive: true, force: true });
    else if (Date.now() > deadline)
      throw new Error(`the reference-app servers stayed taken (${lock}, pid ${pid})`);
    else await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * A proof file's set-up, stated once: before its tests the running servers (or a skip, see
 * {@link serversOrSkip}), taken for this file alone ({@link holdServers}); after them the servers given back
 * and `figures` printed under `title`. Read `servers` inside hooks and tests.
 */
export function useServers(title: string, figures: string[]): { servers: Servers } {
  const held = {} as { servers: Servers };
  let release: (() => void) | undefined;
  before(async function () {
    held.servers = await serversOrSkip(this);
    release = await holdServers();
  });
  after(() => {
    release?.();
    if (figures.length) console.log(`    ${title}:\n${figures.map((f) => `      ${f}`).join("\n")}`);
  });
  return held;
}

/** `manage.py check --deploy` must pass; the warnings it still prints, e.g. `security.W021`. */
export function deployWarnings(env: NodeJS.ProcessEnv): string[] {
  const r = run("python", ["manage.py", "check", "--deploy"], env);
  assert.equal(r.status, 0, r.stderr);
  return [...`${r.stdout}${r.stderr}`.matchAll(/\(([\w.]+\.[WE]\d+)\)/g)].map((m) => m[1]);
}

export async function availableServers(): Promise<Servers | undefined> {
  if (!fs.existsSync(SERVERS)) return undefined;
  const s = JSON.parse(fs.readFileSync(SERVERS, "utf8")) as Servers;
  const open = await Promise.all([s.postgres.port, s.pgbouncer.port, s.hop.port, s.redis.port].map(portOpen));
  return open.every(Boolean) ? s : undefined;
}

/** The URL with only its host and port replaced: scheme, user, password, database and query stay. */
export function localize(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = "127.0.0.1";
  u.port = String(port);
  return u.toString();
}

export function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv) {
  return spawnSync(cmd, args, { cwd: APP, env: env ?? process.env, encoding: "utf8", timeout: 120_000 });
}

/** A command line as Render would run it, in a shell. */
export function shell(commandLine: string, env: NodeJS.ProcessEnv) {
  const r = run("sh", ["-c", commandLine], env);
  assert.equal(r.status, 0, `${commandLine.slice(0, 60)}... failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export function startShell(commandLine: string, env: NodeJS.ProcessEnv, log: string): ChildProcess {
  const out = fs.openSync(log, "w");
  return spawn("sh", ["-c", commandLine], { cwd: APP, env, detached: true, stdio: ["ignore", out, out] });
}

export function stopGroup(child: ChildProcess | undefined): void {
  if (child?.pid) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

export interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** One request as Render's proxy forwards it: TLS terminated in front, so `X-Forwarded-Proto: https`. */
export function request(
  port: number,
  o: { method?: string; path: string; host: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: o.method ?? "GET",
        path: o.path,
        headers: { Host: o.host, "X-Forwarded-Proto": "https", ...o.headers },
      },
      (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end(o.body);
  });
}

export async function get(
  port: number,
  pathname: string,
  host: string,
): Promise<{ status: number; body: string }> {
  const { status, body } = await request(port, { path: pathname, host });
  return { status, body };
}

export async function waitForHttp(
  port: number,
  host: string,
  child: ChildProcess,
  log: string,
): Promise<void> {
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

export function psqlAdmin(s: Servers, sql: string): string {
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

export function redisAdmin(s: Servers, ...args: string[]): string {
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
export function provision(s: Servers, env: Record<string, string>): void {
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
  // A stack without a cache hands no REDIS_URL.
  if (!env.REDIS_URL) return;
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

/** The process environment: the program's variables with URLs pointed at the local servers, and PORT. */
export function processEnv(
  s: Servers,
  env: Record<string, string>,
  home: string,
  port: number,
): NodeJS.ProcessEnv {
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
    // A pooler host of its own (Neon's -pooler) goes through PgBouncer; the direct host (a database with no
    // pooler, e.g. Render Postgres, hands its direct URL as the pooled one) stays on PostgreSQL itself.
    DATABASE_POOLED_URL: localize(
      env.DATABASE_POOLED_URL,
      new URL(env.DATABASE_POOLED_URL).host === new URL(env.DATABASE_URL).host ? s.postgres.port : s.hop.port,
    ),
    ...Object.fromEntries(
      ["REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"]
        .filter((k) => env[k] !== undefined)
        .map((k) => [k, localize(env[k], s.redis.port)]),
    ),
  };
}
