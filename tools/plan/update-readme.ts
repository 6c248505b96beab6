import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as prettier from "prettier";
import { parse, stringify } from "yaml";
import { planStack } from "./cli";
import { planExitCode } from "./format-markdown";
import { formatMermaid } from "./format-mermaid";
import { formatPrComment } from "./pr-comment";

/** `npm run diagram`: redraws the README's architecture diagram and the sample pull-request comment. */

export const README = path.resolve(__dirname, "..", "..", "README.md");
const ROOT = path.dirname(README);
/** The sample comment lives in its own page, linked from the README: it is over 300 lines. */
export const SAMPLE_FILE = path.join(ROOT, "docs", "pr-comment-sample.md");

interface Section {
  start: string;
  end: string;
  intro: string;
}

const DIAGRAM: Section = {
  start: "<!-- diagram:dev:start -->",
  end: "<!-- diagram:dev:end -->",
  intro:
    "Architecture of the `dev` stack, drawn by `npm run plan -- --stack dev --format mermaid` from the planned " +
    "resource graph; `npm run diagram` refreshes it.",
};

const SAMPLE: Section = {
  start: "<!-- pr-comment:sample:start -->",
  end: "<!-- pr-comment:sample:end -->",
  intro:
    "The comment a pull request gets that moves `dev` to `eu-central` and raises `prod`'s database ceiling " +
    "(`webapp:region: eu-central` in Pulumi.dev.yaml, `webapp:database.maxCu: 8` in Pulumi.prod.yaml), written by " +
    "`tools/plan/pr-comment.ts` from the real plans of both branches; `npm run diagram` refreshes it too.",
};

/** The config changes of the sample pull request, per stack. */
const SAMPLE_CHANGES: Record<string, (config: Record<string, unknown>) => void> = {
  dev: (c) => {
    c["webapp:region"] = "eu-central";
  },
  prod: (c) => {
    (c["webapp:database"] as Record<string, unknown>).maxCu = 8;
  },
};

function replaceSection(readme: string, section: Section, body: string, file = "README.md"): string {
  const start = readme.indexOf(section.start);
  const end = readme.indexOf(section.end);
  if (start < 0 || end < start) {
    throw new Error(
      `${file} lacks the markers ${section.start} and ${section.end} (in that order); add them where the section goes`,
    );
  }
  // Blank lines around the block, as prettier lays markdown out (`npm run lint` checks the README).
  return `${readme.slice(0, start)}${section.start}\n\n${section.intro}\n\n${body}\n${readme.slice(end)}`;
}

/** `readme` with everything between the diagram markers replaced by `mermaid` and its one-sentence intro. */
export function withDiagram(readme: string, mermaid: string): string {
  return replaceSection(readme, DIAGRAM, `\`\`\`mermaid\n${mermaid}\`\`\`\n`);
}

/**
 * The sample as the README shows it: the comment's summary table rendered, then the whole comment folded,
 * byte for byte as the tool writes it, in a fenced block. Fenced, its headings stay out of the README's
 * outline; fenced with more backticks than any run inside it, so a code block in the comment cannot close it.
 * Prettier leaves the fold as it is (`prettier-ignore-start`), so the block is exactly the tool's output.
 */
export function sampleBlock(comment: string): string {
  const lines = comment.trimEnd().split("\n");
  const head = lines.findIndex((l) => l.startsWith("| stack |"));
  if (head < 0) throw new Error("the sample comment has no summary table (a line starting with | stack |)");
  const end = lines.findIndex((l, i) => i > head && !l.startsWith("|"));
  const table = lines.slice(head, end < 0 ? lines.length : end);
  const fence = "`".repeat(Math.max(3, ...(comment.match(/`+/g) ?? []).map((run) => run.length + 1)));
  return [
    "Its summary, as the pull request shows it:",
    "",
    ...table,
    "",
    "<details>",
    `<summary>The whole comment: ${lines.length} lines of markdown, as posted</summary>`,
    "",
    "<!-- prettier-ignore-start -->",
    `${fence}markdown`,
    comment.trimEnd(),
    fence,
    "<!-- prettier-ignore-end -->",
    "",
    "</details>",
    "",
  ].join("\n");
}

/** `page` (docs/pr-comment-sample.md) with the sample comment ({@link sampleBlock}), laid out by prettier. */
export async function withSample(page: string, comment: string): Promise<string> {
  const text = replaceSection(page, SAMPLE, sampleBlock(comment), "docs/pr-comment-sample.md");
  return prettier.format(text, { ...(await prettier.resolveConfig(SAMPLE_FILE)), filepath: SAMPLE_FILE });
}

/** The comment inside the README's sample fold, as it stands; undefined when there is none. */
export function readmeSample(readme: string): string | undefined {
  const section = readme.slice(readme.indexOf(SAMPLE.start), readme.indexOf(SAMPLE.end));
  const block =
    /<!-- prettier-ignore-start -->\n(`{3,})markdown\n([\s\S]*?)\n\1\n<!-- prettier-ignore-end -->/.exec(
      section,
    );
  return block ? `${block[2]}\n` : undefined;
}

/** The dev stack's diagram as the plan draws it now. */
export async function devDiagram(): Promise<string> {
  return formatMermaid((await planStack("dev")).report);
}

/** The sample comment: the repository's stack files as the base, the same files with {@link SAMPLE_CHANGES} as the head. */
export async function sampleComment(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-sample-"));
  try {
    const stacks = [];
    for (const stack of Object.keys(SAMPLE_CHANGES)) {
      const file = path.join(ROOT, `Pulumi.${stack}.yaml`);
      const doc = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
      SAMPLE_CHANGES[stack](doc.config);
      fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify(doc));
      const base = (await planStack(stack)).report;
      const report = (await planStack(stack, { configDir: dir })).report;
      stacks.push({ stack, exitCode: planExitCode(report), report, base, errors: "" });
    }
    return await formatPrComment({ headCommit: "<head sha>", baseCommit: "<base sha>", stacks });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The README as `npm run diagram` would write it now. */
export async function freshReadme(readme: string): Promise<string> {
  return withDiagram(readme, await devDiagram());
}

/** docs/pr-comment-sample.md as `npm run diagram` would write it now. */
export async function freshSample(page: string): Promise<string> {
  return withSample(page, await sampleComment());
}

async function main(): Promise<number> {
  try {
    for (const [file, fresh] of [
      [README, freshReadme],
      [SAMPLE_FILE, freshSample],
    ] as const) {
      const text = fs.readFileSync(file, "utf8");
      const updated = await fresh(text);
      const name = path.relative(ROOT, file);
      if (updated === text) {
        process.stdout.write(`${name}: up to date\n`);
      } else {
        fs.writeFileSync(file, updated);
        process.stdout.write(`${name}: redrawn\n`);
      }
    }
    return 0;
  } catch (err) {
    process.stderr.write(`error: ${(err instanceof Error ? err.message : String(err)).split("\n")[0]}\n`);
    return 1;
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code));
}
