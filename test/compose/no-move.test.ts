import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { STATEFUL, comparePlans, readPlanFile } from "../../tools/plan/compare";
import { plan } from "../../tools/plan/cli";
import type { PlanReport, ReportResource } from "../../tools/plan/report";

const BASELINE = path.join(__dirname, "..", "fixtures", "baseline");
/** dev and prod as they were before `webapp:ops` (issue 19): the stack files minus their ops keys (checked below). */
const WITHOUT_OPS = path.join(__dirname, "..", "fixtures", "no-ops");

const T = {
  web: "pulumi-nodejs:dynamic/render:WebService",
  worker: "pulumi-nodejs:dynamic/render:BackgroundWorker",
  envVar: "pulumi-nodejs:dynamic/render:EnvVar",
  contact: "pulumi-nodejs:dynamic/uptimerobot:AlertContact",
  monitor: "pulumi-nodejs:dynamic/uptimerobot:Monitor",
  sentryProject: "sentry:index/sentryProject:SentryProject",
  sentryKey: "sentry:index/sentryKey:SentryKey",
  errorTracking: "webapp:ops:ErrorTracking",
  uptime: "webapp:ops:Uptime",
  vercelEnv: "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
};
const SENTRY_KEYS = ["SENTRY_DSN", "SENTRY_ENVIRONMENT", "SENTRY_RELEASE"];

/** What `--json` writes: only what the file can hold is compared. */
const roundTrip = (r: PlanReport) => JSON.parse(JSON.stringify(r)) as PlanReport;

/** Every difference allowed between a plan from before and today's; anything else fails. */
interface Moves {
  /** Resources created, `[type, name]`. */
  created: Array<[string, string]>;
  /** Resources deleted, `[type, name]`. */
  deleted: Array<[string, string]>;
  /** Resources updated in place, by name: the `envVars` keys added to them (none changed or removed). */
  envAdded: Record<string, string[]>;
  /** Resources, by name, that become protected and retained on delete: an option, no change to the resource. */
  kept: string[];
}

/** `r` less what the listed `envVars` keys brought: their values, unknown marks and edges, and edges to new resources. */
function withoutAdded(r: ReportResource, keys: readonly string[], added: Set<string>): ReportResource {
  const listed = (p: string) => keys.some((k) => p === `envVars.${k}`);
  const env = r.inputs.envVars as Record<string, unknown> | undefined;
  const unknown = r.unknownInputs?.filter((p) => !listed(p));
  const deps = r.inputDependencies
    ? Object.fromEntries(Object.entries(r.inputDependencies).filter(([p]) => !listed(p)))
    : undefined;
  return {
    ...r,
    inputs: env
      ? { ...r.inputs, envVars: Object.fromEntries(Object.entries(env).filter(([k]) => !keys.includes(k))) }
      : r.inputs,
    ...(unknown ? { unknownInputs: unknown } : {}),
    ...(deps ? { inputDependencies: deps } : {}),
    dependencies: r.dependencies.filter((u) => !added.has(u)),
  };
}

/**
 * `now` differs from `before` by exactly `moves`: `--compare` counts and names them (nothing replaced, no
 * warning), every other resource is the same whole, no stateful resource or Render service is created or
 * deleted, and the outputs and policy violations are the same.
 */
async function assertOnly(before: PlanReport, now: PlanReport, moves: Moves, file: string): Promise<void> {
  const c = await comparePlans(before, now, file);
  assert.deepEqual(c.summary, {
    create: moves.created.length,
    update: Object.keys(moves.envAdded).length,
    replace: 0,
    delete: moves.deleted.length,
  });
  assert.deepEqual(c.warnings, []);
  const byName = (a: [string, string], b: [string, string]) => a[1].localeCompare(b[1]);
  assert.deepEqual(
    c.added.map((r): [string, string] => [r.type, r.name]).sort(byName),
    [...moves.created].sort(byName),
  );
  assert.deepEqual(
    c.removed.map((r): [string, string] => [r.type, r.name]).sort(byName),
    [...moves.deleted].sort(byName),
  );
  for (const [type] of [...moves.created, ...moves.deleted]) {
    assert.ok(
      !(type in STATEFUL) && type !== T.web && type !== T.worker,
      `${type} holds data or runs the app`,
    );
  }
  assert.deepEqual(
    c.changed.map((r) => [r.name, r.action, r.changes.map((ch) => [ch.path, ch.old])]),
    Object.entries(moves.envAdded).map(([name, keys]) => [
      name,
      "update",
      [...keys].sort().map((k) => [`envVars.${k}`, undefined]),
    ]),
  );

  const old = new Map(before.resources.map((r) => [r.urn, r]));
  const added = new Set(now.resources.filter((r) => !old.has(r.urn)).map((r) => r.urn));
  for (const r of now.resources.filter((x) => old.has(x.urn))) {
    const keys = moves.envAdded[r.name] ?? [];
    const was = old.get(r.urn)!;
    const kept = moves.kept.includes(r.name);
    if (kept)
      assert.deepEqual(
        [was.protect, was.retainOnDelete, r.protect, r.retainOnDelete],
        [undefined, undefined, true, true],
      );
    assert.deepEqual(
      withoutAdded(r, keys, added),
      kept ? { ...was, protect: true, retainOnDelete: true } : was,
      `${r.name} changed beyond ${keys.join(", ")}`,
    );
  }
  assert.deepEqual(now.outputs, before.outputs);
  assert.deepEqual(now.violations, before.violations);
}

const hostVariable = (stack: string, key: string): [string, string] => [
  T.envVar,
  `webapp-${stack}-backend-env-${key.toLowerCase().replace(/_/g, "-")}`,
];

/**
 * Issue 15 item 2: the three host-variable EnvVars set after the service are gone, and their keys are in the web
 * service's own (create) env, an update in place: dev has no custom domain, so no ALLOWED_HOSTS (the app adds
 * RENDER_EXTERNAL_HOSTNAME, docs/app-contract.md).
 */
function firstDeployMoves(stack: string): Moves {
  return {
    created: [],
    kept: [],
    deleted: [
      hostVariable(stack, "ALLOWED_HOSTS"),
      hostVariable(stack, "CSRF_TRUSTED_ORIGINS"),
      hostVariable(stack, "CORS_ALLOWED_ORIGINS"),
    ],
    envAdded: {
      [`webapp-${stack}-backend-web`]:
        stack === "prod"
          ? ["ALLOWED_HOSTS", "CORS_ALLOWED_ORIGINS", "CSRF_TRUSTED_ORIGINS"]
          : ["CORS_ALLOWED_ORIGINS", "CSRF_TRUSTED_ORIGINS"],
    },
  };
}

/**
 * Issue 15 item 13: prod's Neon role owns the retained database and Neon refuses to delete such a role, so it
 * is protected and retained with it (test/components/teardown.test.ts). An option only: `--compare` shows no
 * change, and nothing is sent to Neon.
 */
function teardownMoves(stack: string): Moves {
  return {
    created: [],
    deleted: [],
    envAdded: {},
    kept: stack === "prod" ? ["webapp-prod-database-role"] : [],
  };
}

/**
 * Issue 19 (`webapp:ops`): an alert contact and a monitor per public endpoint (UptimeRobot), a Sentry project
 * and key per part, the site's NEXT_PUBLIC_SENTRY_DSN variable, and SENTRY_* in the backend's services' env.
 */
function opsMoves(stack: string): Moves {
  const p = `webapp-${stack}`;
  return {
    created: [
      [T.errorTracking, `${p}-api-errors`],
      [T.sentryProject, `${p}-api-errors-project`],
      [T.sentryKey, `${p}-api-errors-key`],
      [T.errorTracking, `${p}-web-errors`],
      [T.sentryProject, `${p}-web-errors-project`],
      [T.sentryKey, `${p}-web-errors-key`],
      [T.uptime, `${p}-uptime`],
      [T.contact, `${p}-uptime-contact`],
      [T.monitor, `${p}-uptime-api`],
      [T.monitor, `${p}-uptime-site`],
      [T.vercelEnv, `${p}-frontend-env-next-public-sentry-dsn`],
    ],
    deleted: [],
    kept: [],
    envAdded: {
      [`${p}-backend-web`]: SENTRY_KEYS,
      ...(stack === "prod" ? { [`${p}-backend-worker`]: SENTRY_KEYS } : {}),
    },
  };
}

function all(...moves: Moves[]): Moves {
  const env: Record<string, string[]> = {};
  for (const m of moves) {
    for (const [name, keys] of Object.entries(m.envAdded)) env[name] = [...(env[name] ?? []), ...keys];
  }
  return {
    created: moves.flatMap((m) => m.created),
    deleted: moves.flatMap((m) => m.deleted),
    envAdded: env,
    kept: moves.flatMap((m) => m.kept),
  };
}

/*
 * Existing stacks do not move. test/fixtures/baseline/<stack>.before-first-deploy.plan.json are the plans of
 * `dev` and `prod` written with `--json` before the app model was split into parts and targets (issue 16);
 * <stack>.plan.json is the plan since issue 15 item 2. Today's plans compare with them as `--compare` does, and
 * resources and outputs are also compared whole, so a renamed parent or a changed input that `--compare`
 * would classify as harmless still fails here.
 */
for (const stack of ["dev", "prod"]) {
  describe(`no move: ${stack} against its plans from before`, function () {
    this.timeout(120_000);
    const file = path.join(BASELINE, `${stack}.plan.json`);
    const original = path.join(BASELINE, `${stack}.before-first-deploy.plan.json`);

    it("test/fixtures/no-ops holds the stack file as committed, less its webapp:ops key", () => {
      const read = (dir: string) =>
        parse(fs.readFileSync(path.join(dir, `Pulumi.${stack}.yaml`), "utf8")) as {
          config: Record<string, unknown>;
        };
      const committed = read(path.join(__dirname, "..", ".."));
      assert.ok("webapp:ops" in committed.config);
      delete committed.config["webapp:ops"];
      assert.deepEqual(read(WITHOUT_OPS), committed);
    });

    it("without ops: --compare shows no change, and resources, outputs, violations and cost are the same", async () => {
      const before = readPlanFile(file);
      const now = await plan(stack, { configDir: WITHOUT_OPS });
      const comparison = await comparePlans(before, now, file);
      assert.deepEqual(comparison.summary, { create: 0, update: 0, replace: 0, delete: 0 });
      assert.deepEqual(comparison.warnings, []);
      const now2 = roundTrip(now);
      assert.deepEqual(now2.outputs, before.outputs);
      assert.deepEqual(now2.resources, before.resources);
      assert.deepEqual(now2.violations, before.violations);
      assert.deepEqual(now2.cost, before.cost);
    });

    it("without ops, against the plan from before the app model: only the host variables move (and prod's role is kept)", async () => {
      const now = roundTrip(await plan(stack, { configDir: WITHOUT_OPS }));
      await assertOnly(
        readPlanFile(original),
        now,
        all(firstDeployMoves(stack), teardownMoves(stack)),
        original,
      );
    });

    it("as committed (with ops), against the plan from before the app model: the host variables and the ops additions only", async () => {
      const now = roundTrip(await plan(stack));
      await assertOnly(
        readPlanFile(original),
        now,
        all(firstDeployMoves(stack), teardownMoves(stack), opsMoves(stack)),
        original,
      );
    });
  });
}
