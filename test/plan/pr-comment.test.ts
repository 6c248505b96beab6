import * as assert from "node:assert/strict";
import { plan, planStack } from "../../tools/plan/cli";
import { formatPrComment, MARKER } from "../../tools/plan/pr-comment";
import type { PlanReport } from "../../tools/plan/report";
import { stackConfig, writeStack } from "../helpers/run-plan";

describe("plan: the pull-request comment", function () {
  this.timeout(120_000);
  let dev: PlanReport;

  before(async () => {
    dev = (await planStack("dev")).report;
  });

  it("opens with the marker and one summary row per stack: verdict, changes, cost delta", async () => {
    const comment = await formatPrComment({
      headCommit: "abc",
      baseCommit: "def",
      stacks: [
        { stack: "dev", exitCode: 0, report: dev, base: dev, errors: "" },
        { stack: "prod", exitCode: 2, errors: "error: webapp:tier is missing\n" },
      ],
    });
    const lines = comment.split("\n");
    assert.deepEqual(lines.slice(0, 9), [
      MARKER,
      "# Offline plan",
      "",
      "Commit `abc` against the base branch at `def`, planned under mocks with the policy pack; no cloud credentials were used.",
      "",
      "| stack | policy verdict | changes against the base branch | estimated cost per month |",
      "| --- | --- | --- | --- |",
      // Dev's advisory: Vercel Hobby's terms, which no offline check settles; it does not fail the plan.
      "| `dev` | ✅ passes: no mandatory policy violation, 1 advisory | 0 to create, 0 to update, 0 to replace, 0 to delete | $0.00 → $0.00 (+$0.00/month) |",
      "| `prod` | ❌ config error: the plan did not run; fix the config (see below) | not planned | unknown |",
    ]);
    assert.ok(lines.includes("No changes."));
    assert.ok(
      lines.includes(
        "## Plan of stack `prod`: config error: the plan did not run; fix the config (see below)",
      ),
    );
    assert.ok(comment.endsWith("```text\nerror: webapp:tier is missing\n```\n"));
    // Changes only up front; the full plan is folded.
    assert.ok(comment.indexOf("<details>") < comment.indexOf("### Resources"));
  });

  it("says when there is no base plan to compare with", async () => {
    const comment = await formatPrComment({
      headCommit: "abc",
      stacks: [{ stack: "dev", exitCode: 0, report: dev, errors: "" }],
    });
    assert.ok(
      comment.includes(
        `| \`dev\` | ✅ passes: no mandatory policy violation, 1 advisory | no base plan: ${dev.resources.length} to create | $0.00 |`,
      ),
    );
    assert.ok(comment.includes("_No plan of the base branch for `dev` to compare with: everything is new._"));
    assert.ok(comment.includes("<details>"));
  });

  // Issue 15 item 18: a reviewer reads the summary row first; data loss must be named there, first.
  const NEON = "pulumi-nodejs:dynamic/neon:";
  const stateful = (type: string) => type.startsWith(NEON) && /:(Project|Branch|Database)$/.test(type);

  it("names the data loss in the summary row and lists stateful deletes before every other change", async () => {
    // The PR drops the database component's Neon resources and adds nothing else: base has them, head not.
    const head: PlanReport = { ...dev, resources: dev.resources.filter((r) => !stateful(r.type)) };
    const lost = dev.resources.filter((r) => stateful(r.type) && !r.protect && !r.retainOnDelete);
    assert.ok(lost.length > 0);
    const base: PlanReport = {
      ...dev,
      resources: dev.resources.filter((r) => r.type !== "random:index/randomPassword:RandomPassword"),
    };
    const comment = await formatPrComment({
      headCommit: "abc",
      stacks: [{ stack: "dev", exitCode: 0, report: head, base, errors: "" }],
    });
    const row = comment.split("\n").find((l) => l.startsWith("| `dev` |"))!;
    assert.ok(!row.includes("warning(s)"), row);
    const names = lost
      .map((r) => `\`${r.name}\``)
      .sort()
      .join(", ");
    assert.ok(row.includes(`⚠️ data loss: ${names}`), row);
    // Plain words, no exit codes, in the summary row and in the stack heading.
    assert.ok(row.startsWith("| `dev` | ✅ passes: no mandatory policy violation, 1 advisory |"), row);
    assert.ok(!/exit \d/.test(comment), "an exit code is printed");
    const changes = comment.split("\n").filter((l) => /^- (creates|updates|replaces|deletes) /.test(l));
    const firstOther = changes.findIndex((l) => !l.startsWith("- deletes a Neon"));
    assert.ok(firstOther >= lost.length, changes.join("\n"));
    assert.ok(
      changes.slice(firstOther).every((l) => !l.startsWith("- deletes a Neon")),
      changes.join("\n"),
    );
  });

  it("says what a failed plan means in words", async () => {
    const comment = await formatPrComment({
      headCommit: "abc",
      stacks: [
        { stack: "dev", exitCode: 2, errors: "error: webapp:tier is missing\n" },
        { stack: "prod", exitCode: 1, errors: "" },
      ],
    });
    assert.ok(
      comment.includes(
        "| `dev` | ❌ config error: the plan did not run; fix the config (see below) | not planned | unknown |",
      ),
    );
    assert.ok(
      comment.includes(
        "| `prod` | ❌ blocked: mandatory policy violations stop pulumi up | not planned | unknown |",
      ),
    );
    assert.ok(
      comment.includes(
        "## Plan of stack `dev`: config error: the plan did not run; fix the config (see below)",
      ),
    );
  });

  // Issue 15 item 18: raising an autoscaling maximum leaves the estimate (the minimum billed) as it was, so the
  // row names what the stack may now spend at the maximum.
  it("shows the ceiling when autoscaling limits change, and only then", async () => {
    const prod = stackConfig("prod");
    const raised = (backendMax: number, maxCu: number) =>
      plan("prod", {
        configDir: writeStack("prod", {
          ...prod,
          "webapp:backend": {
            ...(prod["webapp:backend"] as object),
            autoscaling: { min: 2, max: backendMax, cpuPercent: 70 },
          },
          "webapp:database": { ...(prod["webapp:database"] as object), maxCu },
        }),
      });
    const base = await raised(4, 4);
    const head = await raised(8, 8);
    const row = async (b: PlanReport, h: PlanReport) =>
      (
        await formatPrComment({
          headCommit: "abc",
          stacks: [{ stack: "prod", exitCode: 0, report: h, base: b, errors: "" }],
        })
      )
        .split("\n")
        .find((l) => l.startsWith("| `prod` |"))!;
    // 4 -> 8 Render standard instances ($25 each) and 4 -> 8 CU of Neon all month ($0.106/CU-h × 730 h).
    const up = 4 * 25 + 4 * 0.106 * 730;
    const floor = base.cost.totalUsd;
    const top = base.costCeiling!.totalUsd;
    assert.equal(head.cost.totalUsd, floor);
    assert.equal(Math.round((head.costCeiling!.totalUsd - top) * 100), Math.round(up * 100));
    const usd = (n: number) =>
      `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    assert.ok(
      (await row(base, head)).endsWith(
        `| ${usd(floor)} → ${usd(floor)} (+$0.00/month); at the autoscaling maximum ${usd(top)} → ${usd(head.costCeiling!.totalUsd)} (+${usd(up)}/month) |`,
      ),
      await row(base, head),
    );
    assert.ok((await row(base, base)).endsWith(`| ${usd(floor)} → ${usd(floor)} (+$0.00/month) |`));
    // A base plan file written before ceilings were recorded: nothing is guessed.
    const { costCeiling: _, ...older } = base;
    assert.ok((await row(older, head)).endsWith(`| ${usd(floor)} → ${usd(floor)} (+$0.00/month) |`));
  });
});
