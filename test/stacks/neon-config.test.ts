import * as assert from "node:assert/strict";
import { planStack } from "../../tools/plan/cli";
import { runPlan, stackConfig, writeStack } from "../helpers/run-plan";

const PROJECT = "pulumi-nodejs:dynamic/neon:Project";

async function refused(base: "dev" | "prod", suspend: unknown): Promise<string> {
  const config = structuredClone(stackConfig(base));
  config["webapp:database"] = {
    ...((config["webapp:database"] as object | undefined) ?? {}),
    suspendTimeoutSeconds: suspend,
  };
  const run = await runPlan(["--stack", "bad", "--config-dir", writeStack("bad", config)]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, "");
  return run.stderr;
}

describe("Neon suspend timeout in stack config", function () {
  this.timeout(60_000);

  for (const value of [1, 30, 59]) {
    it(`refuses ${value} s (below Neon's 60 s minimum) naming the key and the allowed values`, async () => {
      assert.equal(
        await refused("prod", value),
        `error: webapp:database.suspendTimeoutSeconds is ${value}; allowed: -1 (never suspend), 0 (Neon's default, 300 s) or 60 to 604800. Fix: pulumi config set --path webapp:database.suspendTimeoutSeconds -1 --stack bad\n`,
      );
    });
  }

  it("refuses any value on the free tier, where Neon's scale-to-zero is fixed", async () => {
    assert.equal(
      await refused("dev", 300),
      "error: webapp:database.suspendTimeoutSeconds is 300; Neon Free scales to zero after 300 s, fixed (it cannot be changed or disabled, and Neon stores 0 whatever is sent) on the free tier (webapp:tier is free). Fix: pulumi config rm --path webapp:database.suspendTimeoutSeconds --stack bad\n",
    );
  });

  it("dev sends no suspend timeout; prod keeps its compute warm with -1 (never suspend), not 0", async () => {
    const { planned: dev } = await planStack("dev");
    const devProject = dev.resources.find((r) => r.type === PROJECT)!;
    assert.equal("suspendTimeoutSeconds" in devProject.inputs, false);
    const { planned: prod } = await planStack("prod");
    assert.equal(prod.resources.find((r) => r.type === PROJECT)!.inputs.suspendTimeoutSeconds, -1);
  });
});
