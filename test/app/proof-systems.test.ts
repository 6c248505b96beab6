/**
 * The app contract on the new systems (issue 17 item 11): the reference app under test/app/ runs on the
 * backend environment the program plans for the Render system (examples/render: Render Postgres, Render Key
 * Value, a Render frontend) and the single-app system (examples/single-app: the backend serves the built
 * client, one origin), against the same local TLS servers as test/app/proof.test.ts.
 *
 * What stands in for Render: the URLs' hosts and ports point at the local servers (scheme, user, password,
 * database and query as planned); commands run under `sh -c` exactly as the provider hands them to Render;
 * requests carry `X-Forwarded-Proto: https`, as Render's proxy sends them. What stands in for the image: the
 * single app's client build output is an index.html and one hashed asset in CLIENT_ROOT.
 */
import * as assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { shellCommand } from "../../providers/render/service-body";
import { planStack } from "../../tools/plan/cli";
import type { PlannedResource, PlannedStack } from "../../tools/plan/types";
import {
  ALLOWED_WARNINGS,
  T,
  deployWarnings,
  freePort,
  get,
  processEnv,
  provision,
  request,
  run,
  useServers,
  shell,
  startShell,
  stopGroup,
  timer,
  waitForHttp,
} from "./proof-helpers";

const ROOT = path.join(__dirname, "..", "..");
const figures: string[] = [];
const timed = timer(figures);

interface SystemStack {
  stack: string;
  system: "render" | "single-app";
  /** The origin the browser loads the client from. */
  clientOrigin: (renderHost: string) => string;
  /** Custom domains of the backend's web service. */
  customDomains: string[];
  worker: boolean;
}

const STACKS: SystemStack[] = [
  {
    stack: "render-paid",
    system: "render",
    clientOrigin: () => "https://shop.example.com",
    customDomains: ["api.shop.example.com"],
    worker: true,
  },
  {
    stack: "single-app-free",
    system: "single-app",
    clientOrigin: (host) => `https://${host}`,
    customDomains: [],
    worker: false,
  },
  {
    stack: "single-app-paid",
    system: "single-app",
    clientOrigin: () => "https://shop.example.com",
    customDomains: ["shop.example.com"],
    worker: false,
  },
];

interface Planned {
  env: Record<string, string>;
  startCommand: string;
  preDeployCommand?: string;
  healthCheckPath: string;
  url: string;
  customDomains: string[];
  worker?: { env: Record<string, string>; startCommand: string };
  /** The Render frontend's environment (Render system only), as Render holds it. */
  frontendEnv?: Record<string, string>;
}

/**
 * A web service's environment on its FIRST deploy, as Render holds it: the create request's envVars (nothing
 * set by another resource afterwards may be needed to pass the health check, render.com/docs/health-checks),
 * plus the variables Render itself sets for a web service at run time (render.com/docs/environment-variables).
 */
function envOf(plan: PlannedStack, web: PlannedResource): Record<string, string> {
  // Both services of these systems start from their create request alone: the API's custom domain is known
  // before either exists, so the site is created with NEXT_PUBLIC_API_URL too (one deploy per service).
  assert.deepEqual(
    plan.resources
      .filter((r) => r.type === T.envVar && (r.inputDependencies?.serviceId ?? []).includes(web.urn))
      .map((r) => r.name),
    [],
    `a variable set after ${web.name} is not in its first deploy`,
  );
  const url = String(web.outputs.url);
  return {
    ...(web.inputs.envVars as Record<string, string>),
    RENDER: "true",
    RENDER_EXTERNAL_HOSTNAME: new URL(url).host,
    RENDER_EXTERNAL_URL: url,
  };
}

function fromPlan(plan: PlannedStack): Planned {
  const named = (suffix: string) => plan.resources.find((r) => r.type === T.web && r.name.endsWith(suffix));
  const web = named("-backend-web")!;
  const frontend = named("-frontend-web");
  const worker = plan.resources.find((r) => r.type === T.worker);
  return {
    env: envOf(plan, web),
    startCommand: shellCommand(String(web.inputs.startCommand)),
    preDeployCommand:
      web.inputs.preDeployCommand === undefined
        ? undefined
        : shellCommand(String(web.inputs.preDeployCommand)),
    healthCheckPath: String(web.inputs.healthCheckPath),
    url: String(web.outputs.url),
    customDomains: web.inputs.customDomains as string[],
    worker: worker && {
      env: worker.inputs.envVars as Record<string, string>,
      startCommand: shellCommand(String(worker.inputs.startCommand)),
    },
    frontendEnv: frontend && envOf(plan, frontend),
  };
}

/** The client's build output as the single app's image holds it. */
function writeClientBuild(dir: string): { index: string; asset: string; script: string } {
  const script = 'document.getElementById("root").textContent = "shop";\n';
  const asset = "/assets/app.3f9c2a.js";
  const index = `<!doctype html><html><body><div id="root"></div><script src="${asset}"></script></body></html>\n`;
  fs.mkdirSync(path.join(dir, "assets"), { recursive: true });
  fs.writeFileSync(path.join(dir, "index.html"), index);
  fs.writeFileSync(path.join(dir, asset), script);
  return { index, asset, script };
}

const csv = (v: string | undefined) => (v ?? "").split(",").filter(Boolean);

describe("the reference app on the Render and single-app systems' environments (issue 17 item 11)", function () {
  this.timeout(300_000);
  const held = useServers("new systems' proof figures", figures);

  for (const s of STACKS) {
    describe(`${s.stack} (examples/${s.system})`, () => {
      let planned: Planned;
      let home: string;
      let port: number;
      let env: NodeJS.ProcessEnv;
      let client: ReturnType<typeof writeClientBuild> | undefined;
      let web: ChildProcess | undefined;
      let worker: ChildProcess | undefined;
      let direct: (sql: string) => string;
      let migratedBeforeServe = "";
      const renderHost = () => new URL(planned.url).host;
      const hosts = () => [renderHost(), ...planned.customDomains];

      before(async () => {
        const plan = await planStack(s.stack, { configDir: path.join(ROOT, "examples", s.system) });
        assert.deepEqual(
          plan.report.violations.filter((v) => v.enforcementLevel === "mandatory"),
          [],
          `${s.stack} plans with a mandatory violation`,
        );
        planned = fromPlan(plan.planned);
        home = fs.mkdtempSync(path.join(os.tmpdir(), `webapp-proof-${s.stack}-`));
        port = await freePort();
        env = processEnv(held.servers, planned.env, home, port);
        if (s.system === "single-app") {
          env.CLIENT_ROOT = path.join(home, "client");
          client = writeClientBuild(env.CLIENT_ROOT);
        }
        direct = (sql) => {
          const r = run("psql", [env.DATABASE_URL!, "-Atc", sql]);
          assert.equal(r.status, 0, r.stderr);
          return r.stdout.trim();
        };
        timed(`${s.stack}: provision role, database${planned.env.REDIS_URL ? " and Redis user" : ""}`, () =>
          provision(held.servers, planned.env),
        );
        if (planned.preDeployCommand) {
          const pre = planned.preDeployCommand;
          timed(`${s.stack}: pre-deploy (migrate, collectstatic, superuser)`, () => shell(pre, env));
          migratedBeforeServe = direct("select count(*) from django_migrations where app = 'shop'");
        }
        const log = path.join(home, "web.log");
        const started = Date.now();
        web = startShell(planned.startCommand, env, log);
        await waitForHttp(port, renderHost(), web, log);
        figures.push(`${s.stack}: start command until gunicorn answers: ${Date.now() - started} ms`);
      });

      after(() => {
        stopGroup(web);
        stopGroup(worker);
      });

      it("passes manage.py check --deploy with only the allowed warnings", () => {
        const warnings = timed(`${s.stack}: check --deploy`, () => deployWarnings(env));
        assert.deepEqual(warnings, ALLOWED_WARNINGS);
      });

      it(
        s.stack.endsWith("-free")
          ? "runs the migrations in the start command, before gunicorn (no pre-deploy step on free)"
          : "runs the migrations in the pre-deploy step, before the server starts",
        () => {
          const migrate = "python manage.py migrate --noinput";
          if (s.stack.endsWith("-free")) {
            assert.equal(planned.preDeployCommand, undefined);
            const [release, serve] = [
              planned.startCommand.indexOf(migrate),
              planned.startCommand.indexOf("exec gunicorn"),
            ];
            assert.ok(release >= 0 && serve > release, planned.startCommand);
          } else {
            assert.ok(planned.preDeployCommand!.includes(migrate), planned.preDeployCommand);
            assert.ok(!planned.startCommand.includes("migrate"), planned.startCommand);
            assert.equal(
              migratedBeforeServe,
              "1",
              "the pre-deploy step applied the migration before the server ran",
            );
          }
          assert.equal(direct("select count(*) from django_migrations where app = 'shop'"), "1");
          assert.equal(
            direct("select count(*) from auth_user where is_superuser and username = 'admin'"),
            "1",
          );
        },
      );

      it("answers its health check path and /health for every host it serves, 400 for another host", async () => {
        assert.deepEqual(hosts().length, 1 + s.customDomains.length);
        assert.deepEqual(planned.customDomains, s.customDomains);
        for (const host of hosts()) {
          assert.deepEqual(await get(port, planned.healthCheckPath, host), {
            status: 200,
            body: '{"status": "ok"}',
          });
          const health = await get(port, "/health", host);
          assert.equal(health.status, 200, health.body);
          assert.deepEqual(JSON.parse(health.body), {
            database: "ok",
            products: 1,
            // Render Postgres has no pooler: the pooled alias is the direct URL, and it works.
            pooled: 1,
            redis: planned.env.REDIS_URL ? "ok" : "none",
          });
        }
        assert.equal((await get(port, planned.healthCheckPath, "evil.example.com")).status, 400);
        figures.push(`${s.stack}: ${hosts().length * 2 + 1} HTTP requests answered`);
      });

      if (s.system === "render") {
        it("takes its datastores' TLS URLs: Render Postgres with sslmode=require, Key Value over rediss://", () => {
          assert.match(
            planned.env.DATABASE_URL,
            /^postgresql:\/\/[^@]+@dpg-[a-z0-9]+-a\.[a-z]+-postgres\.render\.com\/[a-z_]+\?sslmode=require$/,
          );
          assert.equal(planned.env.DATABASE_POOLED_URL, planned.env.DATABASE_URL);
          assert.match(
            planned.env.REDIS_URL,
            /^rediss:\/\/red-[a-z0-9]+:[^@]+@[a-z]+-keyvalue\.render\.com:6379$/,
          );
          assert.equal(planned.env.CELERY_BROKER_URL, `${planned.env.REDIS_URL}?ssl_cert_reqs=required`);
        });

        it("the Render frontend calls an API host the backend serves, and CORS allows the frontend's origin only", async () => {
          const apiUrl = planned.frontendEnv?.NEXT_PUBLIC_API_URL;
          assert.ok(apiUrl, "the frontend service gets NEXT_PUBLIC_API_URL");
          const apiHost = new URL(apiUrl).host;
          assert.ok(hosts().includes(apiHost), `${apiHost} is not a host the backend serves`);
          assert.equal(planned.env.FRONTEND_URL, s.clientOrigin(renderHost()));
          const cors = async (origin: string) =>
            (await request(port, { path: "/health", host: apiHost, headers: { Origin: origin } })).headers[
              "access-control-allow-origin"
            ];
          assert.equal(await cors(s.clientOrigin(renderHost())), s.clientOrigin(renderHost()));
          assert.equal(await cors("https://evil.example.com"), undefined);
        });

        it("runs a task on the Celery worker over rediss:// (Render Key Value's URL form) and returns its result", () => {
          assert.ok(planned.worker, "the paid Render system runs a worker");
          const workerEnv = processEnv(held.servers, planned.worker.env, home, port);
          worker = startShell(planned.worker.startCommand, workerEnv, path.join(home, "worker.log"));
          const out = timed(`${s.stack}: one Celery task, sent to result`, () =>
            shell("python manage.py celery_ping", env),
          );
          const result = JSON.parse(out) as { sum: number; eager: boolean; hostname: string | null };
          assert.deepEqual([result.sum, result.eager], [5, false]);
          assert.match(String(result.hostname), /^celery@/);
        });
      } else {
        it("has one origin: no CORS variables, no FRONTEND_URL, hosts and CSRF origins of its own hosts only", () => {
          assert.deepEqual(
            Object.keys(planned.env).filter((k) => k.startsWith("CORS_") || k === "FRONTEND_URL"),
            [],
          );
          // The program names the custom domains; the *.onrender.com host is Render's RENDER_EXTERNAL_HOSTNAME
          // at run time, which the app adds to both (the HTTP tests below are answered on every host).
          assert.deepEqual(csv(planned.env.ALLOWED_HOSTS), planned.customDomains);
          assert.deepEqual(
            csv(planned.env.CSRF_TRUSTED_ORIGINS).sort(),
            planned.customDomains.map((h) => `https://${h}`).sort(),
          );
          assert.equal(planned.env.RENDER_EXTERNAL_HOSTNAME, renderHost());
          assert.equal(planned.worker, undefined);
          assert.equal(planned.frontendEnv, undefined);
        });

        it("serves the built client at / and its assets, the API under /api/ on the same origin", async () => {
          for (const host of hosts()) {
            const page = await request(port, { path: "/", host });
            assert.equal(page.status, 200);
            assert.equal(page.body, client!.index);
            assert.match(String(page.headers["content-type"]), /^text\/html/);
            const asset = await request(port, { path: client!.asset, host });
            assert.deepEqual([asset.status, asset.body], [200, client!.script]);
            assert.deepEqual(await get(port, "/api/healthz", host), {
              status: 200,
              body: '{"status": "ok"}',
            });
            assert.equal((await get(port, "/api/health", host)).status, 200);
          }
          // A client from another origin gets no CORS grant: the API is the client's own.
          const other = await request(port, {
            path: "/api/healthz",
            host: renderHost(),
            headers: { Origin: "https://evil.example.com" },
          });
          assert.equal(other.headers["access-control-allow-origin"], undefined);
        });

        it("accepts a same-origin POST with its CSRF token and refuses one from another origin or without a token", async () => {
          for (const host of hosts()) {
            const first = await request(port, { path: "/api/csrf", host });
            const cookie = /csrftoken=([^;]+)/.exec(String(first.headers["set-cookie"]))?.[1];
            assert.ok(cookie, "the API sets its CSRF cookie");
            const post = (referer: string, token = cookie) =>
              request(port, {
                method: "POST",
                path: "/api/echo",
                host,
                headers: {
                  Cookie: `csrftoken=${cookie}`,
                  "X-CSRFToken": token,
                  Origin: new URL(referer).origin,
                  Referer: referer,
                  "Content-Type": "application/json",
                },
                body: '{"n": 1}',
              });
            const same = await post(`https://${host}/cart`);
            assert.deepEqual([same.status, same.body], [200, '{"echo": {"n": 1}}']);
            assert.equal((await post("https://evil.example.com/")).status, 403);
            assert.equal((await post(`https://${host}/cart`, "x".repeat(64))).status, 403);
          }
          figures.push(`${s.stack}: client, API and CSRF checked on ${hosts().length} host(s)`);
        });

        it("runs a task eagerly: no cache target, so no broker", () => {
          assert.equal(planned.env.REDIS_URL, undefined);
          const out = timed(`${s.stack}: one Celery task (eager)`, () =>
            shell("python manage.py celery_ping", env),
          );
          const result = JSON.parse(out) as { sum: number; eager: boolean };
          assert.deepEqual([result.sum, result.eager], [5, true]);
        });
      }
    });
  }
});
