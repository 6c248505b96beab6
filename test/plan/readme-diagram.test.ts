import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { freshReadme, README, withDiagram, withSample } from "../../tools/plan/update-readme";

describe("README architecture diagram and sample PR comment", function () {
  this.timeout(180_000);

  it("are what the plan draws and the comment tool writes now", async () => {
    const readme = fs.readFileSync(README, "utf8");
    assert.ok(
      readme === (await freshReadme(readme)),
      "README.md's dev diagram or sample comment differs from what the plan produces: run `npm run diagram`",
    );
  });

  it("the sample is a real comment: the marker, both stacks, the region change's replacements and warnings", () => {
    const readme = fs.readFileSync(README, "utf8");
    const sample = readme.slice(
      readme.indexOf("<!-- pr-comment:sample:start -->"),
      readme.indexOf("<!-- pr-comment:sample:end -->"),
    );
    assert.ok(sample.includes("<!-- webapp-offline-plan -->"));
    assert.ok(sample.includes("## Plan of stack `dev` (webapp): exit 0"));
    assert.ok(sample.includes("## Plan of stack `prod` (webapp): exit 0"));
    assert.ok(
      sample.includes(
        "- replaces a Neon project (webapp-dev-database-project): create, then delete; regionId cannot change in place",
      ),
    );
    assert.ok(sample.includes("> [!WARNING]"));
    assert.equal(sample.split("<details>").length - 1, 2);
  });

  it("keeps the sample between its markers", async () => {
    const readme = "# t\n\n<!-- pr-comment:sample:start -->\nold\n<!-- pr-comment:sample:end -->\n";
    const once = await withSample(readme, "new comment\n");
    assert.ok(once.includes("<!-- pr-comment:sample:start -->\n\nThe comment a pull request gets"));
    assert.ok(once.includes("\n\nnew comment\n\n<!-- pr-comment:sample:end -->\n"));
    assert.ok(!once.includes("old"));
    assert.equal(await withSample(once, "new comment\n"), once);
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
