import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planStack } from "../../tools/plan/cli";
import { ServiceMocks } from "../../tools/plan/mocks";
import { forgetProgramModules } from "../../tools/plan/reload";
import { keydbCatalog } from "../compose/fake-target/catalog";
import { runPlan, stackConfig, writeStack } from "../helpers/run-plan";

describe("plan: the program reloaded in one process", function () {
  this.timeout(60_000);
  let root: string;
  const runs = globalThis as { planReloadRuns?: number };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-reload-"));
    runs.planReloadRuns = 0;
    // As before every plan: from here on, the `.ts` loader's output is kept.
    forgetProgramModules(root);
  });
  afterEach(() => {
    forgetProgramModules(root);
    fs.rmSync(root, { recursive: true, force: true });
    delete runs.planReloadRuns;
  });

  const write = (value: number) =>
    fs.writeFileSync(
      path.join(root, "program.ts"),
      `const g = globalThis as { planReloadRuns?: number };\ng.planReloadRuns = (g.planReloadRuns ?? 0) + 1;\nexport const value: number = ${value};\n`,
    );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = () => (require(path.join(root, "program.ts")) as { value: number }).value;

  it("runs an unchanged module afresh on every plan", () => {
    write(1);
    assert.equal(load(), 1);
    forgetProgramModules(root);
    assert.equal(load(), 1);
    assert.equal(runs.planReloadRuns, 2);
  });

  it("transpiles a changed file again, never reusing its old text", () => {
    write(1);
    assert.equal(load(), 1);
    forgetProgramModules(root);
    write(2);
    assert.equal(load(), 2);
    assert.equal(runs.planReloadRuns, 2);
  });

  it("gives errors their stack traces back after a plan, one that fails included", async () => {
    const limit = Error.stackTraceLimit;
    await planStack("dev");
    assert.equal(Error.stackTraceLimit, limit);
    const config = structuredClone(stackConfig("dev"));
    delete config["webapp:tier"];
    const failed = await runPlan(["--stack", "bad", "--config-dir", writeStack("bad", config)]);
    assert.equal(failed.code, 2);
    assert.equal(Error.stackTraceLimit, limit);
  });

  it("keeps the target registry: a target registered after a plan is the one the next plan's mocks know", async () => {
    await planStack("dev");
    // As a test file loaded after another file's plan (mocha --parallel) imports it: from the require cache.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const targets = require("../../components/targets") as typeof import("../../components/targets");
    targets.registerTarget({ catalog: keydbCatalog, load: () => assert.fail("not built here") });
    try {
      const answer = new ServiceMocks().newResource({
        type: "webapp:test:KeyDbServer",
        name: "cache",
        inputs: { region: "nyc" },
        custom: true,
      });
      assert.match(String(answer.state.host), /^keydb-[0-9a-f]{6}\.nyc\.example\.net$/);
    } finally {
      targets.unregisterTarget("cache", "keydb");
    }
  });
});
