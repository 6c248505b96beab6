import * as fs from "node:fs";
import {
  ceilingWords,
  comparePlans,
  monthlyDelta,
  readPlanFile,
  STATEFUL,
  summaryLine,
  type PlanComparison,
} from "./compare";
import { formatMarkdown, planExitCode } from "./format-markdown";
import { usd, type PlanReport } from "./report";

/** Marks the sticky comment, so each push edits it instead of adding another. */
export const MARKER = "<!-- webapp-offline-plan -->";

export interface StackResult {
  stack: string;
  /** What `npm run plan` exited with: 0, 1 (mandatory violations) or 2 (bad config, program error). */
  exitCode: number;
  /** The `--json` plan; absent when the plan failed before writing one. */
  report?: PlanReport;
  /** The base branch's `--json` plan of the same stack; absent when there is none. */
  base?: PlanReport;
  /** What the plan printed on stderr. */
  errors: string;
}

export interface CommentInput {
  headCommit: string;
  baseCommit?: string;
  stacks: StackResult[];
}

/** What each exit code of `npm run plan` means, in words a reviewer reads without the README. */
const EXIT_MEANING: Record<number, string> = {
  0: "passes: no mandatory policy violation",
  1: "blocked: mandatory policy violations stop pulumi up",
  2: "config error: the plan did not run; fix the config (see below)",
};

/**
 * The pull-request comment: one summary table (changes against the base branch, cost delta, policy verdict
 * per stack), then each stack's changes with its full plan folded into `<details>`.
 */
export async function formatPrComment(input: CommentInput): Promise<string> {
  const compared = await Promise.all(
    input.stacks.map(async (s) => ({
      ...s,
      comparison: s.report && s.base ? await comparePlans(s.base, s.report, "the base branch") : undefined,
    })),
  );
  const against = input.baseCommit ? ` against the base branch at \`${input.baseCommit}\`` : "";
  const out = [
    MARKER,
    "# Offline plan",
    "",
    `Commit \`${input.headCommit}\`${against}, planned under mocks with the policy pack; no cloud credentials were used.`,
    "",
    "| stack | policy verdict | changes against the base branch | estimated cost per month |",
    "| --- | --- | --- | --- |",
    ...compared.map(
      (s) =>
        `| \`${s.stack}\` | ${verdictCell(s)} | ${changesCell(s.comparison, s)} | ${costCell(s.comparison, s.report)} |`,
    ),
  ];
  for (const s of compared) {
    out.push("");
    if (s.report) {
      if (!s.comparison) {
        out.push(`_No plan of the base branch for \`${s.stack}\` to compare with: everything is new._`, "");
      }
      out.push(formatMarkdown(s.report, { comparison: s.comparison, fold: true, words: true }).trimEnd());
    } else {
      out.push(`## Plan of stack \`${s.stack}\`: ${meaning(s.exitCode)}`);
    }
    if (s.errors.trim() !== "") out.push("", "```text", s.errors.trimEnd(), "```");
  }
  return out.join("\n") + "\n";
}

function meaning(code: number): string {
  return EXIT_MEANING[code] ?? "failed: the plan tool stopped unexpectedly (see below)";
}

function verdictCell(s: StackResult): string {
  const mandatory = s.report ? planExitCode(s.report) === 1 : false;
  const icon = s.exitCode === 0 && !mandatory ? "✅" : "❌";
  const advisory = s.report?.violations.filter((v) => v.enforcementLevel === "advisory").length ?? 0;
  return `${icon} ${meaning(s.exitCode)}${advisory ? `, ${advisory} advisory` : ""}`;
}

/**
 * The summary, then every stateful resource the change replaces or deletes, by name and by what happens to its
 * data: lost (not protected), kept (retainOnDelete) or safe because `pulumi up` stops (protected).
 */
function changesCell(c: PlanComparison | undefined, s: StackResult): string {
  if (!c) return s.report ? `no base plan: ${s.report.resources.length} to create` : "not planned";
  const before = new Map((s.base?.resources ?? []).map((r) => [r.urn, r]));
  const going = [
    ...c.changed.filter((r) => r.action === "replace").map((r) => r.oldUrn ?? r.urn),
    ...c.removed.map((r) => r.urn),
  ]
    .map((urn) => before.get(urn))
    .filter((r) => r !== undefined && STATEFUL[r.type] !== undefined);
  const names = (pick: (r: (typeof going)[number]) => boolean) =>
    going
      .filter(pick)
      .map((r) => `\`${r!.name}\``)
      .sort()
      .join(", ");
  const notes = [
    ["⚠️ data loss", names((r) => !r!.protect && !r!.retainOnDelete)],
    ["🛑 pulumi up stops (protected)", names((r) => r!.protect === true)],
    ["kept but no longer used (retainOnDelete)", names((r) => !r!.protect && r!.retainOnDelete === true)],
  ]
    .filter(([, list]) => list !== "")
    .map(([label, list]) => `${label}: ${list}`);
  return [summaryLine(c.summary), ...notes].join(", ");
}

function costCell(c: PlanComparison | undefined, report: PlanReport | undefined): string {
  if (c) {
    const ceiling = c.cost.ceiling ? `; ${ceilingWords(c)}` : "";
    return `${usd(c.cost.oldUsd)} → ${usd(c.cost.newUsd)} (${monthlyDelta(c.cost.deltaUsd)})${ceiling}`;
  }
  return report ? usd(report.cost.totalUsd) : "unknown";
}

/**
 * `node -r sucrase/register/ts tools/plan/pr-comment.ts --head <sha> [--base <sha>] dev=0 prod=1`: reads
 * `plan-<stack>.json`, `plan-<stack>.err` and (if present) `base-<stack>.json` from the working directory and
 * prints the comment.
 */
async function main(argv: string[]): Promise<number> {
  const flag = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const headCommit = flag("--head");
  const pairs = argv.filter((a) => /^[\w.-]+=\d+$/.test(a));
  if (!headCommit || pairs.length === 0) {
    process.stderr.write("usage: pr-comment.ts --head <sha> [--base <sha>] <stack>=<exit code>...\n");
    return 2;
  }
  const optional = (file: string) => (fs.existsSync(file) ? readPlanFile(file) : undefined);
  const stacks = pairs.map((pair) => {
    const [stack, code] = pair.split("=");
    return {
      stack,
      exitCode: Number(code),
      report: optional(`plan-${stack}.json`),
      base: optional(`base-${stack}.json`),
      errors: fs.existsSync(`plan-${stack}.err`) ? fs.readFileSync(`plan-${stack}.err`, "utf8") : "",
    };
  });
  process.stdout.write(await formatPrComment({ headCommit, baseCommit: flag("--base"), stacks }));
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`error: ${(err instanceof Error ? err.message : String(err)).split("\n")[0]}\n`);
      process.exit(2);
    },
  );
}
