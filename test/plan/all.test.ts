/**
 * `npm run plan -- --all` (issue 17, item 8): every stack and layer of the repository in one run, as the
 * pull-request workflow plans them, with the files its comment step reads; a stack that fails does not stop
 * the others, and a layer reading it fails in one line naming it.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planSystem } from "../../tools/plan/cli";
import { stackFolders } from "../../tools/plan/all";
import { runPlan } from "../helpers/run-plan";

const ROOT = path.join(__dirname, "..", "..");
const RENDER = path.join(ROOT, "examples", "render");

/** Every stack file of the repository as `<system>.<stack>` (root ones bare), in the order --all plans them. */
const EXPECTED = [
  "dev",
  "prod",
  "layers.layers-data",
  "layers.layers-server",
  "layers.layers-client",
  "managed.staging",
  "pages.production",
  "pages.staging",
  "render.render-free",
  "render.render-paid",
  "render.render-data",
  "render.render-server",
  "render.render-client",
  "self-hosted.local",
  "self-hosted.vps",
  "single-app.single-app-free",
  "single-app.single-app-paid",
];

describe("plan --all: every stack and layer of the repository in one run", function () {
  this.timeout(60_000);

  it("finds the root's stacks and every examples/<system>/ folder holding a stack file", () => {
    const found = stackFolders(ROOT).flatMap(({ dir, system }) =>
      fs
        .readdirSync(dir)
        .flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? [])
        .map((s) => (system ? `${system}.${s}` : s)),
    );
    assert.deepEqual([...found].sort(), [...EXPECTED].sort());
  });

  it("plans all of them with exit 0 and writes each stack's plan, report, errors and exit code", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-all-"));
    const run = await runPlan(["--all", "--out-dir", out]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      fs.readFileSync(path.join(out, "plan-exit-codes.txt"), "utf8"),
      EXPECTED.map((k) => `${k}=0\n`).join(""),
    );
    for (const key of EXPECTED) {
      assert.equal(fs.readFileSync(path.join(out, `plan-${key}.err`), "utf8"), "", key);
      const report = JSON.parse(fs.readFileSync(path.join(out, `plan-${key}.json`), "utf8"));
      assert.equal(report.stack, key.split(".").pop(), key);
      assert.match(fs.readFileSync(path.join(out, `plan-${key}.txt`), "utf8"), /^Plan of stack /, key);
    }
    const client = JSON.parse(fs.readFileSync(path.join(out, "plan-render.render-client.json"), "utf8"));
    assert.equal(client.outputs.layer, "client");
    assert.match(run.stdout, /^=== dev ===\n/);
    assert.match(run.stdout, /=== render\.render-server \(server layer\) ===\n/);
    assert.match(
      run.stdout,
      /Planned 17 stacks \(stack, layer, exit code\):\n[\s\S]*\nevery stack passes\n$/,
    );
  });

  it("a failed layer does not stop the others; the layers reading it fail in one line naming it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-all-"));
    for (const stack of ["render-data", "render-server", "render-client"]) {
      fs.copyFileSync(path.join(RENDER, `Pulumi.${stack}.yaml`), path.join(dir, `Pulumi.${stack}.yaml`));
    }
    const data = path.join(dir, "Pulumi.render-data.yaml");
    fs.writeFileSync(
      data,
      fs.readFileSync(data, "utf8").replace("webapp:region: eu-central", "webapp:region: mars"),
    );
    const results = await planSystem(dir, { keepGoing: true });
    assert.deepEqual(
      results.map((r) => [r.stack, r.report === undefined, r.errors?.length]),
      [
        ["render-data", true, 1],
        ["render-server", true, 1],
        ["render-client", true, 1],
      ],
    );
    assert.match(results[0].errors![0], /^webapp:region is "mars"; allowed: /);
    for (const r of results.slice(1)) {
      assert.match(
        r.errors![0],
        new RegExp(
          `^Pulumi\\.${r.stack}\\.yaml names stack acme/webapp/render-data in webapp:layers, whose plan failed \\(webapp:region is "mars"; .*\\)\\. Fix: that stack's error first$`,
        ),
      );
    }
  });

  for (const [args, error] of [
    [["--all", "--stack", "dev"], /^error: --all plans every stack of the repository; it takes no --stack /],
    [["--all", "--json", "x.json"], /^error: --all plans every stack of the repository; it takes no --json /],
    [["--stack", "dev", "--out-dir", "."], /^error: --out-dir goes with --all\. Usage: /],
    [
      ["--all", "--out-dir", "/nonexistent/plans"],
      /^error: --out-dir \/nonexistent\/plans is not a folder; create it first \(mkdir -p \/nonexistent\/plans\)/,
    ],
  ] as const) {
    it(`refuses ${args.join(" ")} in one line`, async () => {
      const run = await runPlan([...args]);
      assert.equal(run.code, 2);
      assert.equal(run.stderr.split("\n").filter(Boolean).length, 1, run.stderr);
      assert.match(run.stderr, error);
    });
  }
});
