import * as assert from "node:assert/strict";
import { runPlan, stackConfig, writeStack } from "../helpers/run-plan";

/** prod with `webapp:monthlyBudget` set to `budget` (undefined: not set). */
async function planProd(budget: number | undefined) {
  const config = structuredClone(stackConfig("prod"));
  if (budget === undefined) delete config["webapp:monthlyBudget"];
  else config["webapp:monthlyBudget"] = budget;
  const run = await runPlan(["--stack", "prod", "--config-dir", writeStack("prod", config)]);
  return { ...run, budgetLines: run.stdout.split("\n").filter((l) => l.includes("monthly-budget:")) };
}

// Issue 15 item 16: the Upstash budget cap is a tenth of webapp:monthlyBudget, so the figure an over-budget
// message names must pass once set, with the cache budget it brings.
describe("offline plan: the budget figure the error names passes", function () {
  this.timeout(60_000);

  it("names the least budget that passes: it passes, one dollar less does not", async () => {
    const over = await planProd(150);
    assert.equal(over.code, 1);
    assert.equal(over.budgetLines.length, 1);
    const named = Number(/pulumi config set webapp:monthlyBudget (\d+)$/.exec(over.budgetLines[0])?.[1]);
    assert.ok(named > 150, over.budgetLines[0]);
    const ok = await planProd(named);
    assert.deepEqual(ok.budgetLines, []);
    assert.equal(ok.code, 0, ok.stdout);
    const short = await planProd(named - 1);
    assert.equal(short.budgetLines.length, 1);
    // The bare estimate at the old budget is not enough: its own cache budget would push it over.
    const estimate = Number(/Estimated monthly cost is \$([\d.]+)/.exec(over.budgetLines[0])?.[1]);
    assert.ok(named > Math.ceil(estimate), `${named} vs ${estimate}`);
  });

  it("a paid stack without a budget says so in one line, with the figure that passes", async () => {
    const run = await planProd(undefined);
    assert.equal(run.code, 1);
    assert.equal(run.budgetLines.length, 1);
    assert.match(
      run.budgetLines[0],
      /No monthly budget is set on this paid stack \(webapp:monthlyBudget is 0\); the estimate is \$[\d.]+\. Fix: pulumi config set webapp:monthlyBudget \d+$/,
    );
  });
});
