import * as assert from "node:assert/strict";
import { planStack } from "../../tools/plan/cli";
import { formatPrComment, MARKER } from "../../tools/plan/pr-comment";
import type { PlanReport } from "../../tools/plan/report";

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
      "| `dev` | ✅ exit 0: no mandatory policy violation, 1 advisory | 0 to create, 0 to update, 0 to replace, 0 to delete | $0.00 → $0.00 (+$0.00/month) |",
      "| `prod` | ❌ exit 2: bad config or program error | not planned | unknown |",
    ]);
    assert.ok(lines.includes("No changes."));
    assert.ok(lines.includes("## Plan of stack `prod`: exit 2, bad config or program error"));
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
        `| \`dev\` | ✅ exit 0: no mandatory policy violation, 1 advisory | no base plan: ${dev.resources.length} to create | $0.00 |`,
      ),
    );
    assert.ok(comment.includes("_No plan of the base branch for `dev` to compare with: everything is new._"));
    assert.ok(comment.includes("<details>"));
  });
});
