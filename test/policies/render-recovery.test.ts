import * as assert from "node:assert/strict";
import { RENDER_TOKENS } from "../../components/render/catalog";
import { operationsOf } from "../../tools/plan/operations";
import { plannedStack, resource, runPolicy, violation, urnOf } from "./harness";

const WINDOW = "recovery-window-minimum";
const SOURCE =
  "https://render.com/docs/postgresql-backups (newer version, via ../shared/reference/targets.md §2)";
const FREE_SOURCE =
  "https://render.com/docs/free (via ../shared/reference/render.md §5); R-OAS postgresDetail.expiresAt " +
  "(free only); PgBouncer paid-only: R-SK skills/render-postgres/references/connection-guide.md";
const pg = (plan: string) => resource(RENDER_TOKENS.postgres, "db", { name: "db", plan, version: "17" });
const config = (tier: string, workspace?: string) => ({
  "webapp:tier": tier,
  ...(workspace ? { "webapp:render": JSON.stringify({ workspace }) } : {}),
});

describe("Render Postgres recovery window (issue 19 item 3)", () => {
  it("the plan shows point-in-time recovery per workspace plan: Hobby 3 days, Professional 7, free none", () => {
    const lines = (plan: string, tier: string, workspace?: string) =>
      operationsOf([pg(plan)], config(tier, workspace), "/nonexistent").recoveryWindows;
    assert.deepEqual(lines("basic_1gb", "paid"), [
      {
        name: "db",
        window: "3 days",
        basis: "Render point-in-time recovery, hobby workspace; the newest ~10 minutes are not restorable",
        source: SOURCE,
      },
    ]);
    assert.equal(lines("pro_4gb", "paid", "professional")[0].window, "7 days");
    assert.deepEqual(lines("free", "free"), [
      {
        name: "db",
        window: "none",
        basis: "Render free plan: no backups, no point-in-time recovery",
        source: FREE_SOURCE,
      },
    ]);
  });

  it("the minimum-window policy passes Hobby's 3 days at the default 1 day, fails it at 4 days, passes Professional's 7", async () => {
    const hobby = plannedStack([pg("basic_1gb")], config("paid"));
    assert.deepEqual(await runPolicy(WINDOW, hobby), []);
    assert.deepEqual(await runPolicy(WINDOW, hobby, { minimumSeconds: 4 * 86400 }), [
      violation(
        WINDOW,
        `db can be restored 3 days back (Render point-in-time recovery, hobby workspace; the newest ~10 minutes are not restorable); a paid stack needs at least 4 days (${SOURCE}).`,
        urnOf(RENDER_TOKENS.postgres, "db"),
      ),
    ]);
    const pro = plannedStack([pg("pro_4gb")], config("paid", "professional"));
    assert.deepEqual(await runPolicy(WINDOW, pro, { minimumSeconds: 7 * 86400 }), []);
  });

  it("a free-plan database on a paid stack has no window: a violation even at a 1-second minimum", async () => {
    const s = plannedStack([pg("free")], config("paid"));
    assert.deepEqual(await runPolicy(WINDOW, s, { minimumSeconds: 1 }), [
      violation(
        WINDOW,
        `db cannot be restored (Render free plan: no backups, no point-in-time recovery); a paid stack needs at least 1 s (${FREE_SOURCE}).`,
        urnOf(RENDER_TOKENS.postgres, "db"),
      ),
    ]);
    assert.deepEqual(await runPolicy(WINDOW, plannedStack([pg("free")], config("free"))), []);
  });
});
