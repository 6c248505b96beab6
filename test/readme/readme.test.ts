import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { targetNames } from "../../components/targets";
import { PARTS } from "../../contracts";

const ROOT = path.resolve(__dirname, "../..");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/** The README's `## ` sections, in order, outside code fences, with their text. */
function sections(): { title: string; text: string }[] {
  const out: { title: string; text: string }[] = [];
  let fence: string | undefined;
  for (const line of readme.split("\n")) {
    const f = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (f && fence === undefined) fence = f;
    else if (f && line.trim() === fence) fence = undefined;
    if (fence === undefined && line.startsWith("## ")) out.push({ title: line.slice(3), text: "" });
    else if (out.length) out[out.length - 1].text += `${line}\n`;
  }
  return out;
}

const section = (title: string) => {
  const found = sections().find((s) => s.title === title);
  assert.ok(found, `README has no "## ${title}" section`);
  return found.text;
};
const titles = () => sections().map((s) => s.title);

// Issue 15 item 19 and issue 16 item 6: the README is read top down by someone deploying for the first time,
// and it names what the tree holds now.
describe("README", () => {
  it("keeps the Quickstart at exactly two commands", () => {
    const block = /```bash\n([\s\S]*?)```/.exec(section("Quickstart"))![1];
    assert.deepEqual(block.trim().split("\n"), [
      "npm ci && npm run plan -- --stack dev",
      "npm ci && npm test",
    ]);
  });

  it("puts the configuration table before the long examples, in the Pulumi template's order", () => {
    const at = (t: string) => {
      const i = titles().findIndex((x) => x.startsWith(t));
      assert.ok(i >= 0, t);
      return i;
    };
    const order = [
      "Prerequisites",
      "Quickstart",
      "Layout",
      "Configuration",
      "Deploy",
      "Policies",
      "Teardown",
    ];
    assert.deepEqual(
      order.map(at),
      [...order.map(at)].sort((a, b) => a - b),
    );
    for (const long of [
      "The offline plan",
      "The app contract",
      "Adopt an existing deployment",
      "Reliability",
      "Speed",
    ]) {
      assert.ok(at("Configuration") < at(long), `Configuration comes before ${long}`);
    }
  });

  it('"Systems and targets" lists every registered target of every part', () => {
    const table = section("Systems and targets")
      .split("\n")
      .filter((l) => /^\| `(database|cache|media|backend|frontend)` /.test(l));
    assert.equal(table.length, PARTS.length);
    for (const part of PARTS) {
      const row = table.find((l) => l.startsWith(`| \`${part}\` `))!;
      const listed = [...row.split("|")[2].matchAll(/`([a-z-]+)`/g)].map((m) => m[1]);
      assert.deepEqual(listed, targetNames(part), `${part}: ${row}`);
    }
  });

  it('"Layout" names every example system, every doc and every vendor folder', () => {
    const layout = section("Layout");
    for (const dir of fs.readdirSync(path.join(ROOT, "examples"))) {
      assert.ok(layout.includes(`${dir}/`), `examples/${dir}`);
    }
    for (const doc of fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md"))) {
      assert.ok(layout.includes(doc), `docs/${doc}`);
    }
    const vendors = fs
      .readdirSync(path.join(ROOT, "components"), { withFileTypes: true })
      .filter((d) => d.isDirectory());
    for (const d of vendors) assert.ok(layout.includes(`${d.name}/`), `components/${d.name}/`);
    for (const d of fs.readdirSync(path.join(ROOT, "providers"))) {
      assert.ok(layout.includes(`${d}/`), `providers/${d}/`);
    }
    for (const wf of fs.readdirSync(path.join(ROOT, ".github/workflows"))) {
      assert.ok(layout.includes(wf), `.github/workflows/${wf}`);
    }
  });

  it("every docs/*.md file and examples/* folder it links to exists", () => {
    for (const m of readme.matchAll(/\]\(((?:docs|examples)\/[^)#]+)/g)) {
      assert.ok(fs.existsSync(path.join(ROOT, m[1])), m[1]);
    }
  });

  it("says when and where its speed figures were measured", () => {
    assert.match(section("Speed"), /Measured with `npm run bench` on \d{4}-\d{2}-\d{2}/);
  });
});
