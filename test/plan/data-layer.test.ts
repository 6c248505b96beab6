/**
 * data-layer-protected (issue 17, item 9), the offline plan's side: `--compare` of a data-layer stack whose
 * plan replaces or deletes a resource that holds data is a mandatory violation (exit 1), unless
 * webapp:protectData is off; other stacks are left to stateful-resources-protected and the PR comment.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runPlan } from "../helpers/run-plan";
import type { PlanReport } from "../../tools/plan/report";

const RENDER = path.join(__dirname, "..", "..", "examples", "render");
const POLICY = "data-layer-protected";

/** A folder holding examples/render's `stack` file with `edit` applied to its text. */
function edited(stack: string, edit: (text: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "data-layer-"));
  const text = fs.readFileSync(path.join(RENDER, `Pulumi.${stack}.yaml`), "utf8");
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), edit(text));
  return dir;
}

describe("plan --compare: a data-layer stack's plan may not replace or delete its data", function () {
  this.timeout(60_000);
  let oldPlan: string;

  before(async () => {
    oldPlan = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "data-layer-")), "old.json");
    const run = await runPlan(["--stack", "render-data", "--config-dir", RENDER, "--json", oldPlan]);
    assert.equal(run.code, 0, run.stderr);
  });

  const compare = async (dir: string) => {
    const run = await runPlan([
      "--stack",
      "render-data",
      "--config-dir",
      dir,
      "--compare",
      oldPlan,
      "--format",
      "json",
    ]);
    const report = JSON.parse(run.stdout) as PlanReport;
    return {
      code: run.code,
      found: report.violations
        .filter((v) => v.policyName === POLICY)
        .map((v) => [v.enforcementLevel, v.message.split("\n")[1]]),
    };
  };

  it("a replacement of the database and the cache (another region) is mandatory, and exits 1", async () => {
    const { code, found } = await compare(edited("render-data", (t) => t.replace("eu-central", "us-west")));
    assert.equal(code, 1);
    assert.deepEqual(found.sort(), [
      [
        "mandatory",
        "'webapp-render-data-cache-keyvalue' holds data on a data-layer stack and this plan replaces it; back it up and run `pulumi config set webapp:protectData false` to do so on purpose, or undo the change.",
      ],
      [
        "mandatory",
        "'webapp-render-data-database-postgres' holds data on a data-layer stack and this plan replaces it; back it up and run `pulumi config set webapp:protectData false` to do so on purpose, or undo the change.",
      ],
    ]);
  });

  it("a deletion (the cache left out) is mandatory", async () => {
    const dir = edited("render-data", (t) => t.replace("    target: render-keyvalue", "    target: none"));
    const { code, found } = await compare(dir);
    assert.equal(code, 1);
    assert.deepEqual(found, [
      [
        "mandatory",
        "'webapp-render-data-cache-keyvalue' holds data on a data-layer stack and this plan deletes it; back it up and run `pulumi config set webapp:protectData false` to do so on purpose, or undo the change.",
      ],
    ]);
  });

  it("with webapp:protectData off the same replacement passes", async () => {
    const dir = edited("render-data", (t) =>
      t
        .replace("eu-central", "us-west")
        .replace("webapp:layer: data", "webapp:layer: data\n  webapp:protectData: false"),
    );
    assert.deepEqual(await compare(dir), { code: 0, found: [] });
  });

  it("an unchanged data layer passes", async () => {
    assert.deepEqual(await compare(RENDER), { code: 0, found: [] });
  });
});
