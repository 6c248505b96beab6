import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import {
  freshReadme,
  freshSample,
  README,
  SAMPLE_FILE,
  readmeSample,
  sampleBlock,
  sampleComment,
  withDiagram,
  withSample,
} from "../../tools/plan/update-readme";

describe("README architecture diagram and sample PR comment", function () {
  this.timeout(180_000);

  it("are what the plan draws and the comment tool writes now", async () => {
    const readme = fs.readFileSync(README, "utf8");
    assert.ok(
      readme === (await freshReadme(readme)),
      "README.md's dev diagram differs from what the plan produces: run `npm run diagram`",
    );
    const page = fs.readFileSync(SAMPLE_FILE, "utf8");
    assert.ok(
      page === (await freshSample(page)),
      "docs/pr-comment-sample.md differs from what the comment tool writes: run `npm run diagram`",
    );
  });

  it("shows in its fold, byte for byte, the comment the tool writes", async () => {
    assert.equal(readmeSample(fs.readFileSync(SAMPLE_FILE, "utf8")), await sampleComment());
  });

  it("keeps the 300-line sample out of the README and links to it (issue 15 item 19)", () => {
    const readme = fs.readFileSync(README, "utf8");
    assert.ok(!readme.includes("<!-- pr-comment:sample:start -->"));
    assert.ok(!readme.includes("<!-- webapp-offline-plan -->"));
    assert.ok(readme.includes("[docs/pr-comment-sample.md](docs/pr-comment-sample.md)"));
  });

  it("the sample is a real comment: the marker, both stacks, the region change's replacements and warnings", () => {
    const sample = readmeSample(fs.readFileSync(SAMPLE_FILE, "utf8"))!;
    assert.ok(sample.startsWith("<!-- webapp-offline-plan -->\n# Offline plan\n"));
    assert.ok(sample.includes("## Plan of stack `dev` (webapp): passes"));
    assert.ok(sample.includes("## Plan of stack `prod` (webapp): passes"));
    assert.ok(
      sample.includes(
        "- replaces a Neon project (webapp-dev-database-project): create, then delete; regionId cannot change in place",
      ),
    );
    assert.ok(
      sample.includes(
        "- replaces a Render web service (webapp-dev-backend-web): delete, then create; region cannot change in place",
      ),
    );
    assert.ok(sample.includes("> [!WARNING]"));
    assert.equal(sample.split("<details>").length - 1, 2);
  });

  it("keeps the sample's headings out of the README's outline", () => {
    const readme = fs.readFileSync(README, "utf8");
    let fenced: string | undefined;
    const outline: string[] = [];
    for (const line of readme.split("\n")) {
      const fence = /^(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence && fenced === undefined) fenced = fence;
      else if (fence && fence.startsWith(fenced!) && line.trim() === fence) fenced = undefined;
      else if (fenced === undefined && /^#{1,6} /.test(line)) outline.push(line);
    }
    assert.equal(fenced, undefined, "every fence in the README is closed");
    assert.deepEqual(
      outline.filter((h) =>
        /Offline plan|Plan of stack|^#{3,} (Changes|Resources|Policy violations)/.test(h),
      ),
      [],
    );
    assert.ok(outline.includes("### Reading the plan"));
  });

  it("keeps the sample between its markers, folded below its summary table", async () => {
    const comment = "<!-- m -->\n# Offline plan\n\n| stack | a |\n| --- | --- |\n| `dev` | b |\n\n## Plan\n";
    const readme = "# t\n\n<!-- pr-comment:sample:start -->\nold\n<!-- pr-comment:sample:end -->\n";
    const once = await withSample(readme, comment);
    assert.ok(once.includes("<!-- pr-comment:sample:start -->\n\nThe comment a pull request gets"));
    assert.ok(!once.includes("old"));
    assert.ok(
      once.includes(
        [
          "Its summary, as the pull request shows it:",
          "",
          "| stack | a   |",
          "| ----- | --- |",
          "| `dev` | b   |",
          "",
          "<details>",
          "<summary>The whole comment: 8 lines of markdown, as posted</summary>",
          "",
          "<!-- prettier-ignore-start -->",
          "```markdown",
          ...comment.trimEnd().split("\n"),
          "```",
          "<!-- prettier-ignore-end -->",
          "",
          "</details>",
          "",
          "<!-- pr-comment:sample:end -->",
          "",
        ].join("\n"),
      ),
    );
    assert.equal(readmeSample(once), comment);
    assert.equal(await withSample(once, comment), once);
  });

  it("fences the sample with more backticks than any run inside it", () => {
    const comment = "| stack |\n\n```text\nerror: webapp:tier is missing\n```\n";
    const block = sampleBlock(comment).split("\n");
    assert.ok(block.includes("````markdown"));
    assert.equal(block[block.indexOf("<!-- prettier-ignore-end -->") - 1], "````");
  });

  it("refuses a comment without a summary table", () => {
    assert.throws(() => sampleBlock("# Offline plan\n"), {
      message: "the sample comment has no summary table (a line starting with | stack |)",
    });
  });

  it("replaces only what lies between the markers, the same way every time", () => {
    const readme = "# t\n\nbefore\n\n<!-- diagram:dev:start -->\nold\n<!-- diagram:dev:end -->\n\nafter\n";
    const once = withDiagram(readme, "flowchart LR\n  a --> b\n");
    assert.equal(
      once,
      [
        "# t",
        "",
        "before",
        "",
        "<!-- diagram:dev:start -->",
        "",
        "Architecture of the `dev` stack, drawn by `npm run plan -- --stack dev --format mermaid` from the planned resource graph; `npm run diagram` refreshes it.",
        "",
        "```mermaid",
        "flowchart LR",
        "  a --> b",
        "```",
        "",
        "<!-- diagram:dev:end -->",
        "",
        "after",
        "",
      ].join("\n"),
    );
    assert.equal(withDiagram(once, "flowchart LR\n  a --> b\n"), once);
  });

  it("refuses a README without the markers", () => {
    assert.throws(() => withDiagram("# t\n", "flowchart LR\n"), {
      message:
        "README.md lacks the markers <!-- diagram:dev:start --> and <!-- diagram:dev:end --> (in that order); add them where the section goes",
    });
  });
});
