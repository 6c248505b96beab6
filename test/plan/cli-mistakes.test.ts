import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runPlan } from "../helpers/run-plan";

const ROOT = path.join(__dirname, "..", "..");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "webapp-cli-"));

/** A plan file as --json writes it, minimal, for `stack`. */
const planJson = (stack: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    project: "webapp",
    stack,
    resources: [],
    cost: { totalUsd: 0, lines: [] },
    ...extra,
  });

function file(text: string): string {
  const f = path.join(tmp(), "old.json");
  fs.writeFileSync(f, text);
  return f;
}

// Mistakes a new user makes on the command line that used to pass silently or fail unclearly (issue 15,
// item 17): each gives exit 2 and one line naming it, with the way out.
const MISTAKES: Array<{ name: string; args: () => string[]; error: RegExp }> = [
  {
    name: "--stack given twice",
    args: () => ["--stack", "dev", "--stack", "prod"],
    error: /^error: --stack is given 2 times; give it once\./,
  },
  {
    name: "--stack=… given twice",
    args: () => ["--stack=dev", "--stack=prod"],
    error: /^error: --stack is given 2 times/,
  },
  {
    name: "a transposed stack name",
    args: () => ["--stack", "prdo"],
    error:
      /^error: stack "prdo" has no Pulumi\.prdo\.yaml; known stacks: dev, prod; did you mean prod\? Fix: npm run plan -- --stack prod$/,
  },
  {
    name: "the long name of a stack",
    args: () => ["--stack", "production"],
    error: /did you mean prod\? Fix: npm run plan -- --stack prod$/,
  },
  {
    name: "--json into a folder that does not exist",
    args: () => ["--stack", "dev", "--json", path.join(tmp(), "missing", "plan.json")],
    error: /^error: --json \S+: the folder \S+ does not exist; create it first \(mkdir -p \S+\)/,
  },
  {
    name: "--json naming a folder",
    args: () => ["--stack", "dev", "--json", tmp()],
    error: /^error: --json \S+ is a folder; name a file/,
  },
  {
    name: "--config-dir naming the stack file",
    args: () => ["--stack", "dev", "--config-dir", path.join(ROOT, "Pulumi.dev.yaml")],
    error:
      /^error: --config-dir \S+ is a file, not a directory\. Fix: npm run plan -- --stack dev --config-dir \S+$/,
  },
  {
    name: "--compare file whose cost lines are not cost lines",
    args: () => [
      "--stack",
      "dev",
      "--compare",
      file(planJson("dev", { cost: { totalUsd: 0, lines: [{}] } })),
    ],
    error: /^error: --compare \S+: not a plan written by --json \(cost\.lines\[0\] lacks urn or monthlyUsd\)/,
  },
  {
    name: "--compare file whose resources lack custom",
    args: () => [
      "--stack",
      "dev",
      "--compare",
      file(planJson("dev", { resources: [{ urn: "u", type: "t", name: "n", inputs: {} }] })),
    ],
    error: /^error: --compare \S+: not a plan written by --json \(resources\[0\] lacks custom\)/,
  },
];

describe("offline plan: command-line mistakes", function () {
  this.timeout(60_000);

  for (const m of MISTAKES) {
    it(`${m.name}: exit 2, one clear line`, async () => {
      const run = await runPlan(m.args());
      assert.equal(run.code, 2);
      assert.equal(run.stdout, "");
      assert.equal(run.stderr.split("\n").filter(Boolean).length, 1, run.stderr);
      assert.match(run.stderr.trimEnd(), m.error);
    });
  }

  it("--compare against another stack's plan says so in one line", async () => {
    const run = await runPlan(["--stack", "dev", "--compare", file(planJson("prod"))]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /^note: --compare \S+ is stack "prod"'s plan and this is "dev": the changes shown are between two stacks/m,
    );
  });

  it(`tried ${MISTAKES.length + 1} mistakes`, () => assert.ok(MISTAKES.length >= 9));
});
