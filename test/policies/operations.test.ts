import * as assert from "node:assert/strict";
import { BACKUP_LABELS, DOCKER_TYPES, ROLE_LABEL } from "../../components/docker/catalog";
import { MONITOR_TYPE } from "../../components/uptimerobot/catalog";
import { NEON_TOKENS } from "../../components/neon/catalog";
import { RENDER_TOKENS } from "../../components/render/catalog";
import { plannedStack, resource, runPolicy, violation, urnOf } from "./harness";
import type { PlannedResource } from "../../tools/plan/types";

const web = (name: string, plan = "free") => resource(RENDER_TOKENS.webService, name, { name, plan });
const monitor = (name: string, interval: number) =>
  resource(MONITOR_TYPE, name, { friendlyName: name, url: `https://${name}.example.com/healthz`, interval });
const neon = (historyRetentionSeconds: number) =>
  resource(NEON_TOKENS.project, "db", { name: "db", historyRetentionSeconds });

function stack(resources: PlannedResource[], tier: string, ops?: object) {
  return plannedStack(resources, {
    "webapp:tier": tier,
    ...(ops ? { "webapp:ops": JSON.stringify(ops) } : {}),
  });
}

const KEEP_WARM = "keep-warm-within-free-quotas";
const RENDER_SOURCE =
  "render.com/docs/free, Free instance hours (per workspace per calendar month; no rollover)";
const NEON_SOURCE =
  "neondatabase/website content/docs/introduction/plans.md, Free: 100 CU-hours per project per month";

describe("keep-warm-within-free-quotas", () => {
  const uptime = (u: object) => ({ uptime: { alertEmail: "a@example.com", ...u } });

  it("passes one free service kept warm: 744 of Render's 750 hours", async () => {
    const s = stack([web("api"), monitor("api", 600), neon(21600)], "free", uptime({ keepWarm: true }));
    assert.deepEqual(await runPolicy(KEEP_WARM, s), []);
  });

  it("passes at the Render quota (750 h in a 31-day month is not reached by one service) and fails two", async () => {
    const two = stack(
      [web("api"), web("site"), monitor("api", 600), monitor("site", 600)],
      "free",
      uptime({}),
    );
    assert.deepEqual(await runPolicy(KEEP_WARM, two), [
      violation(
        KEEP_WARM,
        `render free instance hours: 2 kept-warm free service(s) use 1488 of 750 workspace hours a month; once spent, Render suspends every free service of the workspace until the month ends: keep at most one free service warm (${RENDER_SOURCE}).`,
      ),
    ]);
    // Two services checked hourly are awake a quarter of the time each: 2 x 186 h = 372 h, under 750.
    const hourly = stack([web("api"), web("site"), monitor("api", 3600)], "free", uptime({ interval: 3600 }));
    assert.deepEqual(await runPolicy(KEEP_WARM, hourly), []);
  });

  it("fails a monitored path that queries Neon (186 CU-h > 100) but not /healthz, and at 100 CU-h exactly passes", async () => {
    const health = stack([web("api"), monitor("api", 600), neon(21600)], "free", uptime({ path: "/health" }));
    // Every 10 min past a 5-min suspend: awake half the month, 0.25 CU x 372 h = 93 CU-h: under the quota.
    assert.deepEqual(await runPolicy(KEEP_WARM, health), []);
    const often = stack(
      [web("api"), monitor("api", 300), neon(21600)],
      "free",
      uptime({ path: "/health", interval: 300 }),
    );
    assert.deepEqual(await runPolicy(KEEP_WARM, often), [
      violation(
        KEEP_WARM,
        `neon free compute hours: the monitor's endpoint queries the database, so the 0.25 CU compute stays awake and uses 186 of 100 CU-hours a month; point the monitor at /healthz, which does not touch the database (${NEON_SOURCE}).`,
      ),
    ]);
    // Without a Neon database the Neon quota is not the stack's.
    const noNeon = stack(
      [web("api"), monitor("api", 300)],
      "free",
      uptime({ path: "/health", interval: 300 }),
    );
    assert.deepEqual(await runPolicy(KEEP_WARM, noNeon), []);
  });

  it("passes the free plan's 300 s floor and fails 299 s", async () => {
    const at = stack([web("api"), monitor("api", 300)], "free", uptime({ interval: 300 }));
    assert.deepEqual(await runPolicy(KEEP_WARM, at), []);
    const under = stack([web("api"), monitor("api", 299)], "free", uptime({ interval: 299 }));
    const v = await runPolicy(KEEP_WARM, under);
    assert.equal(v.length, 1);
    assert.match(
      v[0].message,
      /uptimerobot free minimum interval: an interval of 299 s is shorter than the free plan's 300 s/,
    );
  });

  it("passes 50 monitors and fails 51", async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => monitor(`m${i}`, 600));
    assert.deepEqual(await runPolicy(KEEP_WARM, stack(many(50), "free", uptime({}))), []);
    const v = await runPolicy(KEEP_WARM, stack(many(51), "free", uptime({})));
    assert.equal(v.length, 1);
    assert.match(v[0].message, /uptimerobot free monitors: 51 monitors exceed the free plan's 50/);
  });

  it("does not apply to paid stacks or stacks without monitors", async () => {
    const two = [web("api"), web("site"), monitor("api", 600)];
    assert.deepEqual(await runPolicy(KEEP_WARM, stack(two, "paid", uptime({}))), []);
    assert.deepEqual(await runPolicy(KEEP_WARM, stack([web("api"), web("site")], "free")), []);
  });
});

const WINDOW = "recovery-window-minimum";

describe("recovery-window-minimum", () => {
  it("passes a paid Neon database keeping 1 day of history and fails 23 h", async () => {
    assert.deepEqual(await runPolicy(WINDOW, stack([neon(86400)], "paid")), []);
    assert.deepEqual(await runPolicy(WINDOW, stack([neon(82800)], "paid")), [
      violation(
        WINDOW,
        "db can be restored 23 h back (Neon history retention (point-in-time restore)); a paid stack needs at least 1 day (neondatabase/website content/docs/introduction/plans.md; Neon API history_retention_seconds).",
        urnOf(NEON_TOKENS.project, "db"),
      ),
    ]);
  });

  it("takes the minimum from the pack's config, and leaves free stacks alone", async () => {
    assert.equal(
      (await runPolicy(WINDOW, stack([neon(604800)], "paid"), { minimumSeconds: 604801 })).length,
      1,
    );
    assert.deepEqual(await runPolicy(WINDOW, stack([neon(0)], "free")), []);
  });

  it("reads a Docker database's window from its backup job: dumps every interval, keep − 1 intervals back", async () => {
    const container = (name: string, role: string, intervalSeconds: number, keep: number) =>
      resource(DOCKER_TYPES.container, name, {
        labels: [
          { label: ROLE_LABEL, value: role },
          { label: BACKUP_LABELS.intervalSeconds, value: String(intervalSeconds) },
          { label: BACKUP_LABELS.keep, value: String(keep) },
        ],
      });
    // Daily, 2 kept: the older dump is at least a day old at every moment.
    assert.deepEqual(await runPolicy(WINDOW, stack([container("job", "backup", 86400, 2)], "paid")), []);
    assert.deepEqual(
      await runPolicy(
        WINDOW,
        stack([container("job", "backup", 43200, 2), container("web", "backend", 60, 1)], "paid"),
      ),
      [
        violation(
          WINDOW,
          "job can be restored 12 h back (pg_dump every 12 h, newest 2 kept: restore points 12 h apart, the oldest at least 12 h back); a paid stack needs at least 1 day (components/docker/backup.ts (webapp:database.backup.intervalSeconds × (keep − 1))).",
          urnOf(DOCKER_TYPES.container, "job"),
        ),
      ],
    );
  });
});
