/**
 * The self-hosted system, proven on a real Docker engine: the stack's planned Docker resources (the
 * components under the plan's mocks, test/docker/stack.ts) applied by test/docker/applier.ts to the engine
 * on /var/run/docker.sock, with images from test/docker/build.sh (Debian stand-ins for the official images;
 * the build script says which for which). Then probes, each printing its figures.
 *
 * Runs when the engine answers and the images are built; skips otherwise, unless DOCKER_PROOF_REQUIRED=1
 * (set by .ci/run's proof step), which turns a missing engine or image into a failure. DOCKER_PROOF=off
 * skips it (.ci/run, inside `npm test`, having run it as its own step).
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { TLSSocket } from "node:tls";
import type { PlannedStack } from "../../tools/plan/types";
import { apply, type AppliedState, Engine, teardown } from "./applier";
import { keepGenerated, planSelfHosted, type ProofStackOptions } from "./stack";

const IMAGES = process.env.DOCKER_PROOF_IMAGES ?? "/tmp/webapp-selfhosted-images.json";
const REQUIRED = process.env.DOCKER_PROOF_REQUIRED === "1";
/** examples/self-hosted/Pulumi.local.yaml: its stack name and webapp:domains.frontend. */
const STACK = "webapp-local";
const DOMAIN = "shop.example.test";
const figures: string[] = [];
const say = (line: string) => figures.push(line);

interface Built {
  backend: string;
  backend2: string;
  postgres: string;
  redis: string;
  nginx: string;
  nginx2: string;
  buildSeconds: number;
}

function sh(cmd: string, args: string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", input, timeout: 120_000 });
  assert.equal(r.status, 0, `${cmd} ${args.slice(0, 4).join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer().once("error", () => resolve(false));
    s.listen(port, "0.0.0.0", () => s.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "0.0.0.0", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 1000 });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("timeout", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", () => resolve(false));
  });
}

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  fingerprint?: string;
}

describe("self-hosted system on a real Docker engine", function () {
  this.timeout(600_000);
  const engine = new Engine();
  let images: Built;
  let options: ProofStackOptions;
  let plan: PlannedStack;
  let state: AppliedState = new Map();
  let ports: { http: number; https: number };
  let agent: https.Agent;
  let certPem: string;
  // The example's stack (examples/self-hosted/Pulumi.local.yaml): its names are `<project>-<stack>-...`.
  const prefix = STACK;
  const started = Date.now();
  const made: string[] = [];
  const track = (a: { id: string }) => made.push(a.id);

  const container = (pulumiName: string): string => {
    const found = [...state.values()].find((a) => a.urn.endsWith(`::${pulumiName}`));
    if (!found) throw new Error(`no applied resource ${pulumiName}`);
    return found.name;
  };
  const dockerExec = (pulumiName: string, ...args: string[]) =>
    sh("docker", ["exec", container(pulumiName), ...args]);
  const psql = (sql: string, db = "shop") =>
    dockerExec(
      `${STACK}-database-postgres`,
      "sh",
      "-c",
      `PGPASSWORD="$POSTGRES_PASSWORD" psql -h 127.0.0.1 -U shop -d ${db} -v ON_ERROR_STOP=1 -Atc "${sql}"`,
    ).trim();

  const request = (scheme: "http" | "https", pathname: string, method = "GET"): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const lib = scheme === "https" ? https : http;
      const req = lib.request(
        {
          host: "127.0.0.1",
          port: scheme === "https" ? ports.https : ports.http,
          path: pathname,
          method,
          headers: { Host: DOMAIN },
          ...(scheme === "https" ? { agent, servername: DOMAIN } : {}),
        },
        (res) => {
          const fingerprint =
            scheme === "https" ? (res.socket as TLSSocket).getPeerCertificate?.()?.fingerprint256 : undefined;
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, body, headers: res.headers, fingerprint }),
          );
        },
      );
      req.setTimeout(15_000, () => req.destroy(new Error("timeout")));
      req.on("error", reject);
      req.end();
    });

  const planWith = async (o: ProofStackOptions) =>
    plan ? keepGenerated(plan, await planSelfHosted(o)) : planSelfHosted(o);
  const log = (line: string) => say(`  apply: ${line}`);

  before(async function () {
    // .ci/run runs the proof as its own step and turns it off inside the timed unit suite.
    if (process.env.DOCKER_PROOF === "off" && !REQUIRED) this.skip();
    const up = await engine.ping();
    if (!up || !fs.existsSync(IMAGES)) {
      if (REQUIRED)
        throw new Error(
          `DOCKER_PROOF_REQUIRED=1 but ${up ? `no ${IMAGES} (run test/docker/build.sh)` : "no Docker engine on /var/run/docker.sock"}`,
        );
      this.skip();
    }
    images = JSON.parse(fs.readFileSync(IMAGES, "utf8")) as Built;
    say(`images built in ${images.buildSeconds} s (test/docker/build.sh)`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-proof-tls-"));
    sh("openssl", [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-subj",
      `/CN=${DOMAIN}`,
      "-addext",
      `subjectAltName=DNS:${DOMAIN}`,
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
    ]);
    certPem = fs.readFileSync(path.join(dir, "cert.pem"), "utf8");
    const keyPem = fs.readFileSync(path.join(dir, "key.pem"), "utf8");
    fs.rmSync(dir, { recursive: true });
    agent = new https.Agent({ ca: certPem, keepAlive: true, maxSockets: 8 });
    // 80 and 443 when this host has them free; otherwise free ports (a CI runner may serve 80 itself).
    ports =
      (await portFree(80)) && (await portFree(443))
        ? { http: 80, https: 443 }
        : { http: await freePort(), https: await freePort() };
    options = {
      images,
      frontendImage: images.nginx,
      certificatePem: certPem,
      privateKeyPem: keyPem,
      httpPort: ports.http,
      httpsPort: ports.https,
    };
    plan = await planWith(options);
    // Fixed names (the example's): whatever an interrupted earlier run left goes first.
    await teardown(engine, prefix, []);
    const t = Date.now();
    state = await apply(engine, plan.resources, state, log, track);
    say(
      `first apply: ${plan.resources.filter((r) => r.custom).length} planned Docker resources in ${Date.now() - t} ms (ports ${ports.http}/${ports.https})`,
    );
  });

  after(async () => {
    agent?.destroy();
    if (images && process.env.DOCKER_PROOF_KEEP !== "1") await teardown(engine, prefix, made);
    say(`proof total: ${Math.round((Date.now() - started) / 1000)} s`);
    if (figures.length) console.log(`\n${figures.join("\n")}\n`);
  });

  it("plans every container with a restart policy and a health check, images by digest, ports only on the proxy", () => {
    const containers = plan.resources.filter((r) => r.type === "docker:index/container:Container");
    for (const c of containers) {
      const i = c.inputs as {
        restart?: string;
        healthcheck?: unknown;
        image: string;
        ports?: unknown[];
        labels: { value: string }[];
      };
      const role = i.labels[0].value;
      assert.match(i.image, /^sha256:[0-9a-f]{64}$/, c.name);
      if (role !== "release") {
        assert.equal(i.restart, "unless-stopped", c.name);
        assert.ok(i.healthcheck, `${c.name} has no health check`);
      }
      assert.equal((i.ports ?? []).length > 0, role === "proxy", c.name);
    }
    say(
      `plan: ${containers.length} containers, each with restart + health check (the release step runs once, restart no)`,
    );
  });

  it("serves the frontend over https on the configured certificate, with HSTS; 80 only redirects", async () => {
    const home = await request("https", "/");
    assert.equal(home.status, 200);
    assert.match(home.body, /webapp frontend \(built\)/);
    assert.equal(home.fingerprint, new X509Certificate(certPem).fingerprint256);
    assert.equal(home.headers["strict-transport-security"], "max-age=31536000; includeSubDomains");
    const plain = await request("http", "/api/healthz?x=1");
    assert.equal(plain.status, 301);
    assert.equal(plain.headers.location, `https://${DOMAIN}/api/healthz?x=1`);
    say(
      `https ${ports.https}: / 200 (frontend), cert sha256 ${home.fingerprint?.slice(0, 23)}... = configured; http ${ports.http}: 301 -> ${plain.headers.location}`,
    );
  });

  it("reaches Django through the proxy at /api/ and /admin/, and serves /static/ from the release step", async () => {
    assert.deepEqual(await request("https", "/api/healthz").then((a) => [a.status, a.body]), [
      200,
      '{"status": "ok"}',
    ]);
    const health = await request("https", "/api/health");
    assert.equal(health.status, 200, health.body);
    // The Docker database has no pooler: its contract hands no pooled URL, the app gets no DATABASE_POOLED_URL,
    // and so defines no "pooled" alias (test/app/core/settings.py); everything goes over DATABASE_URL.
    assert.deepEqual(JSON.parse(health.body), { database: "ok", products: 1, redis: "ok" });
    const admin = await request("https", "/admin/");
    assert.equal(admin.status, 302);
    assert.match(String(admin.headers.location), /^\/admin\/login\/\?next=\/admin\/$/);
    const login = await request("https", "/admin/login/");
    assert.equal(login.status, 200);
    assert.match(login.body, /Django/);
    const css = await request("https", "/static/admin/css/base.css");
    assert.equal(css.status, 200);
    say(
      `/api/healthz 200, /api/health ${health.body}, /admin/ 302 -> login 200, /static/admin/css/base.css 200 (${css.body.length} B)`,
    );
  });

  it("keeps uploads in the media volume, served at /media/; the app takes MEDIA_ROOT or CLOUDINARY_URL, and starts with neither (no media part)", async () => {
    const web = container(`${STACK}-backend-web`);
    const env = JSON.parse(sh("docker", ["inspect", web]))[0].Config.Env as string[];
    assert.ok(env.includes("MEDIA_ROOT=/app/media") && env.includes("MEDIA_URL=/media/"), env.join(" "));
    assert.ok(!env.some((e) => e.startsWith("CLOUDINARY_URL=")), "the volume target hands a CLOUDINARY_URL");
    assert.ok(!env.some((e) => e.startsWith("DATABASE_POOLED_URL=")), "no pooler, yet a pooled URL");
    const stored = JSON.parse(dockerExec(`${STACK}-backend-web`, "python3", "manage.py", "media_check")) as {
      mode: string;
      url: string;
      content: string;
    };
    assert.equal(stored.mode, "files");
    const served = await request("https", stored.url);
    assert.deepEqual([served.status, served.body], [200, stored.content]);
    // The same image and settings with a media service's URL instead (the cloudinary target), and with neither.
    const mode = (...vars: string[]) =>
      spawnSync(
        "docker",
        [
          "exec",
          ...vars.flatMap((v) => ["-e", v]),
          web,
          "python3",
          "manage.py",
          "media_check",
          "--mode-only",
        ],
        { encoding: "utf8" },
      );
    const service = mode("CLOUDINARY_URL=cloudinary://key:secret@demo", "MEDIA_ROOT=");
    assert.equal(service.status, 0, service.stderr);
    assert.deepEqual(JSON.parse(service.stdout), { mode: "service" });
    // A stack with no media part (`webapp:media.target: none`) hands neither: the app starts, with no uploads.
    const neither = mode("MEDIA_ROOT=");
    assert.equal(neither.status, 0, neither.stderr);
    assert.deepEqual(JSON.parse(neither.stdout), { mode: "none" });
    say(
      `media: MEDIA_ROOT=/app/media, MEDIA_URL=/media/, no CLOUDINARY_URL; stored ${stored.url}, served 200 through the proxy; with CLOUDINARY_URL the settings choose the service; with neither the app starts with no media store`,
    );
  });

  it("runs a Celery task on the worker through Redis", () => {
    const out = JSON.parse(dockerExec(`${STACK}-backend-web`, "python3", "manage.py", "celery_ping")) as {
      sum: number;
      eager: boolean;
      hostname: string;
    };
    assert.equal(out.sum, 5);
    assert.equal(out.eager, false);
    assert.match(out.hostname, /^celery@/);
    say(`celery task ran on ${out.hostname}`);
  });

  it("publishes no database, cache or backend port on the host", async () => {
    // The host's own addresses, not the bridges Docker made (root on the host reaches bridge networks anyway).
    const own = Object.entries(os.networkInterfaces())
      .filter(([name]) => !/^(docker|br-|veth)/.test(name))
      .flatMap(([, list]) => list ?? [])
      .filter((a) => a.family === "IPv4")
      .map((a) => a.address);
    const addresses = ["127.0.0.1", ...own];
    const probed: string[] = [];
    for (const host of [...new Set(addresses)]) {
      for (const port of [5432, 6379, 8000]) {
        assert.equal(await portOpen(host, port), false, `${host}:${port} is open`);
        probed.push(`${host}:${port}`);
      }
    }
    for (const name of [
      `${STACK}-database-postgres`,
      `${STACK}-cache-redis`,
      `${STACK}-backend-web`,
      `${STACK}-backend-worker`,
      `${STACK}-frontend-web`,
      `${STACK}-database-backup-job`,
    ]) {
      const inspect = JSON.parse(sh("docker", ["inspect", container(name)]))[0];
      assert.deepEqual(
        Object.values(inspect.NetworkSettings.Ports ?? {}).filter(Boolean),
        [],
        `${name} publishes a port`,
      );
      const nets = Object.keys(inspect.NetworkSettings.Networks);
      assert.deepEqual(nets, [`${prefix}-internal`], `${name} networks`);
    }
    const internal = JSON.parse(sh("docker", ["network", "inspect", `${prefix}-internal`]))[0];
    assert.equal(internal.Internal, true);
    say(
      `closed from the host: ${probed.join(", ")}; db, cache, backend, worker, frontend, backup only on ${prefix}-internal (internal: true)`,
    );
  });

  it("passes manage.py check --deploy (only W021, HSTS preload, which is the domain owner's call)", () => {
    const r = spawnSync(
      "docker",
      ["exec", container(`${STACK}-backend-web`), "python3", "manage.py", "check", "--deploy"],
      { encoding: "utf8" },
    );
    assert.equal(r.status, 0, r.stderr);
    const warnings = [...`${r.stdout}${r.stderr}`.matchAll(/\(([\w.]+\.[WE]\d+)\)/g)].map((m) => m[1]);
    assert.deepEqual(warnings, ["security.W021"]);
    say(`check --deploy: exit 0, warnings ${warnings.join(", ")}`);
  });

  it("ran the migrations once, in the release step, before the web container", () => {
    const release = [...state.values()].find((a) => a.urn.endsWith(`::${STACK}-backend-release`))!;
    assert.equal(release.exitCode, 0, release.logs);
    assert.equal(release.logs?.match(/Applying shop\.0001_initial\.\.\. OK/g)?.length, 1, release.logs);
    assert.equal(psql("select count(*) from django_migrations where app = 'shop'"), "1");
    const web = JSON.parse(sh("docker", ["inspect", container(`${STACK}-backend-web`)]))[0];
    const rel = JSON.parse(sh("docker", ["inspect", release.name]))[0];
    assert.ok(
      Date.parse(rel.State.FinishedAt) <= Date.parse(web.State.StartedAt),
      "web started before the release step finished",
    );
    say(
      `release step exit 0, shop.0001_initial applied once, finished ${rel.State.FinishedAt} <= web start ${web.State.StartedAt}`,
    );
  });

  it("keeps the data when every container restarts, and the backup job's dump restores with the same rows", async () => {
    psql("insert into shop_product (name, created) select 'row-' || g, now() from generate_series(1, 250) g");
    const before = psql("select count(*) || ':' || md5(string_agg(name, ',' order by id)) from shop_product");
    const containers = [...state.values()].filter(
      (a) => a.type.endsWith(":Container") && !a.urn.endsWith(`::${STACK}-backend-release`),
    );
    const t = Date.now();
    for (const c of containers) await engine.ok("POST", `/containers/${c.id}/restart?t=30`);
    for (const c of containers) {
      for (let i = 0; ; i++) {
        const s = JSON.parse(await engine.ok("GET", `/containers/${c.id}/json`)).State;
        if (
          s.Running &&
          (!s.Health ||
            s.Health.Status === "healthy" ||
            c.urn.endsWith(`::${STACK}-backend-worker`) ||
            c.urn.endsWith(`::${STACK}-database-backup-job`))
        )
          break;
        assert.ok(i < 240, `${c.name} did not come back: ${JSON.stringify(s.Health?.Log?.slice(-1))}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    say(`restarted ${containers.length} containers, all running/healthy again in ${Date.now() - t} ms`);
    assert.equal(
      psql("select count(*) || ':' || md5(string_agg(name, ',' order by id)) from shop_product"),
      before,
    );
    assert.equal((await request("https", "/api/health")).status, 200);

    // The backup job dumps when it starts: its restart above wrote a dump holding the 250 rows.
    let dumps: string[] = [];
    for (let i = 0; i < 120 && dumps.length === 0; i++) {
      dumps = dockerExec(
        `${STACK}-database-backup-job`,
        "sh",
        "-c",
        "ls -1t /backups/db-*.dump 2>/dev/null || true",
      )
        .split("\n")
        .filter(Boolean);
      if (!dumps.length) await new Promise((r) => setTimeout(r, 250));
    }
    // Two dumps within one second share a name; the newest is the one after the rows went in.
    const newest = dumps[0];
    assert.ok(newest, "the backup job wrote no dump");
    assert.ok(dumps.length <= 3, `retention keeps 3, found ${dumps.length}`);
    const size = dockerExec(`${STACK}-database-backup-job`, "stat", "-c", "%s", newest).trim();
    psql("create database restorecheck owner shop", "postgres");
    const rt = Date.now();
    dockerExec(
      `${STACK}-database-backup-job`,
      "sh",
      "-c",
      `pg_restore --no-owner -d "$(echo "$BACKUP_DATABASE_URL" | sed 's#/shop$#/restorecheck#')" ${newest}`,
    );
    const restored = psql(
      "select count(*) || ':' || md5(string_agg(name, ',' order by id)) from shop_product",
      "restorecheck",
    );
    assert.equal(restored, before);
    say(
      `data kept across restarts (${before}); backup ${newest} (${size} B, ${dumps.length} kept) restored into a fresh database in ${Date.now() - rt} ms with the same rows`,
    );
  });

  it("updates the backend and frontend images under a steady request stream without losing a request", async () => {
    let ok = 0;
    const failures: string[] = [];
    let running = true;
    const stream = async (pathname: string) => {
      while (running) {
        try {
          const a = await request("https", pathname);
          if (a.status === 200) ok++;
          else failures.push(`${pathname} ${a.status}`);
        } catch (err) {
          failures.push(`${pathname} ${(err as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const streams = [stream("/api/healthz"), stream("/api/healthz"), stream("/api/health"), stream("/")];
    await new Promise((r) => setTimeout(r, 1000));
    const oldWeb = container(`${STACK}-backend-web`);
    const next = await planWith({
      ...options,
      images: { ...images, backend: images.backend2 },
      frontendImage: images.nginx2,
    });
    const t = Date.now();
    const steps: string[] = [];
    state = await apply(
      engine,
      next.resources,
      state,
      (line) => {
        steps.push(line);
        log(line);
      },
      track,
    );
    const applyMs = Date.now() - t;
    // In the engine's order (applier.ts): the release step, the web and worker containers and the frontend are
    // stated create-first, so nothing is deleted ahead of them and the old ones go last.
    const replaced = ["backend-image", "backend-release", "backend-web", "backend-worker", "frontend-image"];
    assert.deepEqual(
      steps.filter((l) => l.startsWith("replace")).sort(),
      [...replaced, "frontend-web"].map((n) => `replace (create first) ${STACK}-${n}`),
    );
    assert.deepEqual(
      steps.filter((l) => / ahead of /.test(l)),
      [],
    );
    const lastCreate = steps.map((l) => l.startsWith("replace")).lastIndexOf(true);
    const firstDelete = steps.findIndex((l) => l.startsWith("delete"));
    assert.ok(
      firstDelete > lastCreate,
      `a replaced container went before the last create:\n${steps.join("\n")}`,
    );
    await new Promise((r) => setTimeout(r, 2000));
    running = false;
    await Promise.all(streams);
    const newWeb = container(`${STACK}-backend-web`);
    assert.notEqual(newWeb, oldWeb);
    const image = JSON.parse(sh("docker", ["inspect", newWeb]))[0].Image;
    assert.equal(image, images.backend2);
    const release = [...state.values()].find((a) => a.urn.endsWith(`::${STACK}-backend-release`))!;
    assert.equal(release.exitCode, 0);
    assert.match(release.logs ?? "", /No migrations to apply/);
    assert.equal(psql("select count(*) from django_migrations where app = 'shop'"), "1");
    say(
      `update: ${oldWeb} -> ${newWeb} (release step ran again: no migrations to apply) in ${applyMs} ms, ${steps.filter((l) => l.startsWith("replace")).length} replaced create-first, old ones deleted last; requests answered 200: ${ok}, lost: ${failures.length}`,
    );
    assert.deepEqual(failures, []);
    assert.ok(ok > 100, `only ${ok} requests in the stream`);
  });
});
