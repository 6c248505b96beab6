import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { devDiagram, README, withDiagram } from "../../tools/plan/update-readme";

describe("README architecture diagram", function () {
  this.timeout(30_000);

  it("is the diagram the dev plan draws now", async () => {
    const readme = fs.readFileSync(README, "utf8");
    const fresh = withDiagram(readme, await devDiagram());
    assert.ok(
      readme === fresh,
      "README.md's dev diagram differs from the planned resource graph: run `npm run diagram`",
    );
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
        "README.md lacks the markers <!-- diagram:dev:start --> and <!-- diagram:dev:end --> (in that order); add them where the diagram goes",
    });
  });
});
