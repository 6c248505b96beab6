/**
 * Render's free database (issue 17, item 1): on a free stack an advisory names its 30-day expiry (+14 days'
 * grace) and its missing backups, and the plan shows it; on a paid stack a database that cannot be restored
 * is a mandatory violation of recovery-window-minimum, which now reads Render Postgres's window from its
 * catalog (point-in-time recovery per plan and workspace; none on free).
 */
import * as assert from "assert";
import { RENDER_TOKENS } from "../../components/render/catalog";
import { planStack } from "../../tools/plan/cli";
import { plannedStack, resource, runPolicy, urnOf, violation } from "./harness";

const ADVISORY = "render-free-database";
const WINDOW = "recovery-window-minimum";
const postgres = (plan: string) => resource(RENDER_TOKENS.postgres, "db", { name: "webapp-dev", plan });
const stack = (plan: string, tier: string, config: Record<string, string> = {}) =>
  plannedStack([postgres(plan)], { "webapp:tier": tier, ...config });
const FREE_MESSAGE = (name: string) =>
  `'${name}' is on Render's free plan: it expires 30 days after creation and is deleted with its data 14 days ` +
  "later unless upgraded, and it has no backups and no point-in-time recovery (render.com/docs/free). Upgrade " +
  "before then: `pulumi config set --path webapp:database.plan basic_1gb` (a paid plan; webapp:tier paid).";

describe("render-free-database", () => {
  it("is advisory on a free Render Postgres, naming the expiry, the grace and the missing backups", async () => {
    const found = await runPolicy(ADVISORY, stack("free", "free"));
    assert.deepStrictEqual(found, [
      violation(ADVISORY, FREE_MESSAGE("db"), urnOf(RENDER_TOKENS.postgres, "db")),
    ]);
    assert.strictEqual(found[0].enforcementLevel, "advisory");
  });

  it("leaves a paid plan alone", async () => {
    assert.deepStrictEqual(await runPolicy(ADVISORY, stack("basic_1gb", "free")), []);
  });

  it("is in the plan of every free Render system stack that has the database", async function () {
    this.timeout(60_000);
    for (const name of ["render-free", "render-data"]) {
      const { report } = await planStack(name, { configDir: "examples/render" });
      const advisories = report.violations.filter((v) => v.policyName === ADVISORY);
      assert.deepStrictEqual(
        advisories.map((v) => [v.enforcementLevel, v.message.split("\n")[1]]),
        [["advisory", FREE_MESSAGE(`webapp-${name}-database-postgres`)]],
        name,
      );
    }
  });
});

describe("recovery-window-minimum on Render Postgres (backups mandatory on paid stacks)", () => {
  it("fails a paid stack's free database: it has no backups", async () => {
    assert.deepStrictEqual(await runPolicy(WINDOW, stack("free", "paid")), [
      violation(
        WINDOW,
        "db cannot be restored (Render free plan: no backups, no point-in-time recovery); a paid stack needs at least 1 day " +
          "(https://render.com/docs/free (via ../shared/reference/render.md §5); R-OAS postgresDetail.expiresAt " +
          "(free only); PgBouncer paid-only: R-SK skills/render-postgres/references/connection-guide.md).",
        urnOf(RENDER_TOKENS.postgres, "db"),
      ),
    ]);
  });

  it("passes a paid plan: 3 days of point-in-time recovery on Hobby, 7 on Professional", async () => {
    assert.deepStrictEqual(await runPolicy(WINDOW, stack("basic_1gb", "paid")), []);
    const professional = { "webapp:render": JSON.stringify({ workspace: "professional" }) };
    assert.deepStrictEqual(await runPolicy(WINDOW, stack("basic_1gb", "paid", professional)), []);
    // 4 days asked: Hobby's 3 fall short, Professional's 7 do not.
    const fourDays = { minimumSeconds: 4 * 86400 };
    assert.strictEqual((await runPolicy(WINDOW, stack("basic_1gb", "paid"), fourDays)).length, 1);
    assert.deepStrictEqual(await runPolicy(WINDOW, stack("basic_1gb", "paid", professional), fourDays), []);
  });
});
