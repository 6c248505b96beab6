/**
 * The self-hosted system as a configuration of the app model: examples/self-hosted's stacks plan with exit 0
 * (no mandatory violation), the targets mix only where one part can reach the other, and the policies and
 * the cost estimate read the Docker catalog.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { App, stackOutputs } from "../../compose";
import { loadStackConfig } from "../../stacks";
import { planStack } from "../../tools/plan/cli";
import { ProgramError, runUnderMocks } from "../../tools/plan/collect";
import { readStackFile } from "../../tools/plan/stack-file";
import type { PlannedStack } from "../../tools/plan/types";
import { formatText } from "../../tools/plan/format-text";
import { estimateMonthlyCost } from "../../policies/cost/estimate";

const ROOT = path.resolve(__dirname, "..", "..");
const DIR = path.join(ROOT, "examples", "self-hosted");
const CONTAINER = "docker:index/container:Container";

/** The `local` example's config with some `webapp:*` objects changed (undefined: the key removed). */
function planLocal(changes: Record<string, unknown>): Promise<PlannedStack> {
  const file = readStackFile(ROOT, "local", DIR);
  const config: Record<string, string> = { ...file.config };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete config[k];
    else config[k] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return runUnderMocks({ project: "webapp", stack: "local", config, secretKeys: file.secretKeys }, () => {
    const c = loadStackConfig();
    // As index.ts exports them: a part the stack has not exports nothing.
    return stackOutputs(new App(c.prefix, c).outputs);
  });
}

async function failureOf(changes: Record<string, unknown>): Promise<string> {
  try {
    await planLocal(changes);
  } catch (err) {
    if (err instanceof ProgramError) return err.message;
    throw err;
  }
  throw new Error("expected the plan to fail");
}

const local = () => JSON.parse(readStackFile(ROOT, "local", DIR).config["webapp:backend"]) as object;

describe("self-hosted: examples/self-hosted", function () {
  this.timeout(30_000);

  for (const stack of ["local", "vps"]) {
    it(`plans the ${stack} stack with no mandatory violation (exit 0), the release step visible`, async () => {
      const { planned, report } = await planStack(stack, { configDir: DIR });
      assert.deepEqual(
        report.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.message),
        [],
      );
      const names = planned.resources.filter((r) => r.type === CONTAINER).map((r) => r.name);
      assert.deepEqual(names.sort(), [
        `webapp-${stack}-backend-release`,
        `webapp-${stack}-backend-web`,
        `webapp-${stack}-backend-worker`,
        `webapp-${stack}-cache-redis`,
        `webapp-${stack}-database-backup-job`,
        `webapp-${stack}-database-postgres`,
        `webapp-${stack}-frontend-web`,
        `webapp-${stack}-proxy-nginx`,
      ]);
      assert.match(
        formatText(report),
        new RegExp(`\\+ docker:index/container:Container  webapp-${stack}-backend-release`),
      );
    });
  }

  it("drives the vps stack's engine over ssh and prices it at the host's monthly price", async () => {
    const { planned, report } = await planStack("vps", { configDir: DIR });
    const provider = planned.resources.find((r) => r.type === "pulumi:providers:docker")!;
    assert.equal(provider.inputs.host, "ssh://deploy@vps.example.com");
    // Provider inputs reach the engine as strings: a list as its JSON.
    assert.deepEqual(JSON.parse(String(provider.inputs.sshOpts)), ["-o", "StrictHostKeyChecking=yes"]);
    assert.equal(report.cost.totalUsd, 12);
    // A paid stack keeps every volume.
    for (const v of planned.resources.filter((r) => r.type === "docker:index/volume:Volume")) {
      assert.equal(v.options.protect, true, v.name);
    }
  });

  it("runs the release step (migrate, then collectstatic and the superuser) before the web container", async () => {
    const plan = await planLocal({});
    const release = plan.resources.find((r) => r.name === "webapp-local-backend-release")!;
    assert.deepEqual(release.inputs.command, [
      "sh",
      "-c",
      "python3 manage.py migrate --noinput && python3 manage.py collectstatic --noinput && python3 manage.py ensure_superuser",
    ]);
    const web = plan.resources.find((r) => r.name === "webapp-local-backend-web")!;
    assert.ok(web.dependencies.includes(release.urn));
    const envs = web.inputs.envs as string[];
    assert.ok(envs.includes("ALLOWED_HOSTS=shop.example.test"));
    assert.ok(envs.includes("CSRF_TRUSTED_ORIGINS=https://shop.example.test"));
    assert.ok(envs.includes("CELERY_TASK_ALWAYS_EAGER=False"));
    assert.ok(envs.some((e) => /^DATABASE_URL=postgres:\/\/shop:[^@]+@db:5432\/shop$/.test(e)));
  });

  it("hands the backend the media volume as MEDIA_ROOT/MEDIA_URL, with no CLOUDINARY_URL and no pooled URL", async () => {
    const plan = await planLocal({});
    for (const name of [
      "webapp-local-backend-web",
      "webapp-local-backend-worker",
      "webapp-local-backend-release",
    ]) {
      const envs = plan.resources.find((r) => r.name === name)!.inputs.envs as string[];
      const keys = envs.map((e) => e.slice(0, e.indexOf("=")));
      assert.ok(envs.includes("MEDIA_ROOT=/app/media") && envs.includes("MEDIA_URL=/media/"), name);
      assert.ok(!keys.includes("CLOUDINARY_URL"), `${name} has CLOUDINARY_URL`);
      assert.ok(keys.includes("DATABASE_URL") && !keys.includes("DATABASE_POOLED_URL"), name);
    }
  });

  it("shows the Docker database's recovery window from its backup job's schedule and retention", async () => {
    const local = await planStack("local", { configDir: DIR });
    // examples/self-hosted/Pulumi.local.yaml: hourly dumps, 3 kept.
    assert.deepEqual(
      local.report.operations?.recoveryWindows.map((w) => [w.name, w.window, w.basis]),
      [
        [
          "webapp-local-database-backup-job",
          "2 h",
          "pg_dump every 1 h, newest 3 kept: restore points 1 h apart, the oldest at least 2 h back",
        ],
      ],
    );
    assert.match(
      formatText(local.report),
      /recovery window webapp-local-database-backup-job: 2 h \(pg_dump every 1 h/,
    );
    // vps (paid): the defaults, daily and 7 kept, pass the 1-day minimum; daily with 1 kept does not.
    const vps = await planStack("vps", { configDir: DIR });
    assert.deepEqual(
      vps.report.operations?.recoveryWindows.map((w) => w.window),
      ["6 days"],
    );
  });

  it("refuses a Render backend with a database on the Docker host, with the fix", async () => {
    const message = await failureOf({ "webapp:backend": { ...local(), target: "render" } });
    assert.ok(
      message.includes(
        'webapp:database.target is "docker"; a render backend cannot reach the database on the Docker host\'s internal network (it is never published). Fix: pulumi config set --path webapp:backend.target docker --stack local',
      ),
      message,
    );
  });

  it("refuses a docker backend using Neon without the egress network, and plans it with egress", async () => {
    const docker = JSON.parse(readStackFile(ROOT, "local", DIR).config["webapp:docker"]) as object;
    const message = await failureOf({ "webapp:database": { target: "neon" } });
    assert.ok(
      message.includes(
        "webapp:docker.egress is false; the docker backend calls database on neon off the host, which an internal network cannot reach. Fix: pulumi config set --path webapp:docker.egress true --stack local",
      ),
      message,
    );
    const plan = await planLocal({
      "webapp:database": { target: "neon" },
      "webapp:docker": { ...docker, egress: true },
    });
    const web = plan.resources.find((r) => r.name === "webapp-local-backend-web")!;
    const networks = (web.inputs.networksAdvanced as { name: string }[]).map((n) => n.name);
    assert.deepEqual(networks, ["webapp-local-internal", "webapp-local-egress"]);
    assert.ok(plan.resources.some((r) => r.type.startsWith("pulumi-nodejs:dynamic/neon")));
  });

  it("refuses a docker backend behind Vercel, and nginx without a domain", async () => {
    const vercel = await failureOf({ "webapp:frontend": { target: "vercel", repository: "acme/web" } });
    assert.match(
      vercel,
      /webapp:backend\.target is "docker"; the docker backend is reached only through the host's nginx proxy, and the frontend target is vercel\. Fix: pulumi config set --path webapp:frontend\.target nginx --stack local/,
    );
    const noDomain = await failureOf({ "webapp:domains": {} });
    assert.match(
      noDomain,
      /webapp:domains\.frontend is missing; .* Fix: pulumi config set --path webapp:domains\.frontend shop\.example\.com --stack local/,
    );
  });

  it("prices the host once, and says so when its price is unknown", () => {
    const c = (name: string) => ({ urn: `urn:${name}`, type: CONTAINER, name, props: {} });
    const both = [c("a"), c("b")];
    assert.deepEqual(estimateMonthlyCost(both, "paid", { dockerHostMonthlyUsd: 6 }).totalUsd, 6);
    const unknown = estimateMonthlyCost(both, "paid", {});
    assert.equal(unknown.totalUsd, 0);
    assert.deepEqual(
      unknown.unpriced.map((u) => u.reason),
      ["Docker host (VPS): webapp:docker.hostMonthlyUsd is not set"],
    );
  });
});
