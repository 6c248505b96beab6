import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { collectPlanRuns, ProgramError } from "./collect";
import { deployOrder, layerOfStack, upstreamOf } from "./layers";
import { CompareError, comparePlans, formatComparisonText, PlanComparison, readPlanFile } from "./compare";
import { formatMarkdown, planExitCode } from "./format-markdown";
import { operationsOf } from "./operations";
import { formatMermaid } from "./format-mermaid";
import { formatText } from "./format-text";
import { buildReport, PlanReport } from "./report";
import { listStacks, readStackFile, StackFileError } from "./stack-file";
import { nearest } from "../../stacks/suggest";
import type { PlannedStack } from "./types";
import { evaluatePolicies } from "./policy";
import { dataLayerLosses } from "./data-layer";
import { AllResult, allSummary, stackFolders, stackKey, writeAllResults } from "./all";
import { costSettingsOf, estimateMonthlyCost } from "../../policies/cost/estimate";

const ROOT = path.resolve(__dirname, "..", "..");
const FORMATS = ["text", "json", "markdown", "mermaid"] as const;
type Format = (typeof FORMATS)[number];

/** A wrong command line: exit 2 with this line, which ends with the usage. */
class UsageError extends Error {
  constructor(problem: string) {
    super(`${problem}${problem.endsWith("?") ? "" : "."} Usage: ${USAGE}`);
  }
}

const USAGE =
  "npm run plan -- --stack dev | --system examples/layers | --all [--format text|json|markdown|mermaid] [--json plan.json] [--compare old.json] [--config-dir dir] [--out-dir dir]";

const OPTIONS = {
  stack: { type: "string" },
  format: { type: "string", default: "text" },
  json: { type: "string" },
  compare: { type: "string" },
  "config-dir": { type: "string" },
  system: { type: "string" },
  all: { type: "boolean" },
  "out-dir": { type: "string" },
} as const;

/**
 * `npm run plan -- --stack <name> [--format text|json|markdown|mermaid] [--json <file>] [--compare <old.json>]`:
 * the offline plan; `--compare` adds what changed since an earlier `--json` plan.
 * Exit 0: no mandatory violation; 1: mandatory violations; 2: bad config, bad usage or a program error.
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const values = parseCommandLine(argv, env);
    const format = values.format as Format;
    if (!FORMATS.includes(format)) {
      const near = nearest(values.format, FORMATS);
      throw new UsageError(
        `--format ${values.format} is not supported; allowed: ${FORMATS.join(", ")}${near ? `; did you mean ${near}?` : ""}`,
      );
    }
    // Read before planning: a bad file fails at once, not after the program ran.
    const old =
      values.compare !== undefined ? { file: values.compare, plan: readPlanFile(values.compare) } : undefined;
    if (values.json !== undefined) checkJsonTarget(values.json);
    if (values.all) return await mainAll(format, values["out-dir"]);
    if (values.system !== undefined) return await mainSystem(values.system, format, values.json);
    const { planned, report } = await planStack(values.stack, { configDir: values["config-dir"] });
    if (old && old.plan.stack !== report.stack) {
      process.stderr.write(
        `note: --compare ${old.file} is stack "${old.plan.stack}"'s plan and this is "${report.stack}": the changes shown are between two stacks, not what an up of ${report.stack} would do\n`,
      );
    }
    const comparison = old && (await comparePlans(old.plan, report, old.file));
    if (comparison) report.violations.push(...dataLayerLosses(comparison, old.plan, planned.config));
    if (values.json) fs.writeFileSync(values.json, JSON.stringify(report, null, 2) + "\n");
    process.stdout.write(render(report, format, comparison));
    return planExitCode(report);
  } catch (err) {
    for (const line of errorLines(err)) process.stderr.write(`error: ${line}\n`);
    return 2;
  }
}

/** What a failed plan prints: our errors whole (one line per mistake), anything else as its first line. */
function errorLines(err: unknown): string[] {
  if (
    err instanceof ProgramError ||
    err instanceof StackFileError ||
    err instanceof UsageError ||
    err instanceof CompareError
  ) {
    return err.message.split("\n");
  }
  const message = err instanceof Error ? err.message : String(err);
  return [`the plan failed: ${message.split("\n")[0]}`];
}

/**
 * The options, or a {@link UsageError} naming the mistake. `npm run plan --stack dev` (no `--`) hands
 * `--stack` to npm, which keeps it as its own config (`npm_config_stack`) and passes only `dev` on.
 */
function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv) {
  for (const arg of argv) {
    if (arg === "--") break;
    const name = /^--?([^=]+)/.exec(arg)?.[1];
    if (name !== undefined && !(name in OPTIONS)) {
      const near = nearest(name, Object.keys(OPTIONS));
      throw new UsageError(`unknown option ${arg.split("=")[0]}${near ? `; did you mean --${near}?` : ""}`);
    }
  }
  // parseArgs keeps the last of a repeated option: `--stack dev --stack prod` would plan prod silently.
  for (const option of Object.keys(OPTIONS)) {
    const given = argv
      .slice(0, argv.includes("--") ? argv.indexOf("--") : argv.length)
      .filter((a) => a === `--${option}` || a.startsWith(`--${option}=`));
    if (given.length > 1) throw new UsageError(`--${option} is given ${given.length} times; give it once`);
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (err) {
    const code = (err as { code?: string }).code;
    const option = /'(--?[\w-]+)/.exec((err as Error).message)?.[1];
    throw new UsageError(
      code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option
        ? `${option} needs a value`
        : (err as Error).message,
    );
  }
  const eaten = Object.keys(OPTIONS).filter((o) => env[`npm_config_${o.replace(/-/g, "_")}`] !== undefined);
  if (parsed.positionals.length > 0 || (!parsed.values.stack && eaten.length > 0)) {
    const lost = eaten.length > 0 ? `npm kept ${eaten.map((o) => `--${o}`).join(", ")} for itself` : "";
    const args = parsed.positionals.map((p) => JSON.stringify(p)).join(" ");
    throw new UsageError(
      `${[args && `unexpected argument ${args}`, lost].filter(Boolean).join("; ")}: put -- between npm run plan and the plan's options`,
    );
  }
  const { stack, system, compare, all } = parsed.values;
  if (all) {
    const other = ["stack", "system", "compare", "config-dir", "json"].filter(
      (o) => parsed.values[o as keyof typeof parsed.values] !== undefined,
    );
    if (other.length > 0) {
      throw new UsageError(
        `--all plans every stack of the repository; it takes no ${other.map((o) => `--${o}`).join(", ")} (--out-dir writes each stack's files)`,
      );
    }
    return { ...parsed.values, stack: "" };
  }
  if (parsed.values["out-dir"] !== undefined) throw new UsageError("--out-dir goes with --all");
  if (stack !== undefined && system !== undefined) throw new UsageError("give --stack or --system, not both");
  if (system !== undefined && (compare !== undefined || parsed.values["config-dir"] !== undefined)) {
    throw new UsageError(`--system plans every stack of ${system}; it takes no --compare or --config-dir`);
  }
  if (!stack && system === undefined) {
    throw new UsageError("--stack (or --system <folder>, or --all) is required");
  }
  return { ...parsed.values, stack: stack ?? "" };
}

/** `--system <folder>`: every stack of the folder in deploy order, one report each; the worst exit code. */
async function mainSystem(folder: string, format: Format, json: string | undefined): Promise<number> {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new UsageError(
      `--system ${folder} is not a folder; name the folder holding the system's Pulumi.<stack>.yaml files`,
    );
  }
  const stacks = await planSystem(folder);
  if (stacks.length === 0) throw new UsageError(`--system ${folder} holds no Pulumi.<stack>.yaml`);
  if (json) fs.writeFileSync(json, JSON.stringify({ system: folder, stacks }, null, 2) + "\n");
  if (format === "json") {
    process.stdout.write(JSON.stringify({ system: folder, stacks }, null, 2) + "\n");
  } else {
    for (const { stack, layer, report } of stacks) {
      const title = `${stack}${layer ? ` (${layer} layer)` : ""}`;
      process.stdout.write(format === "markdown" ? `## ${title}\n\n` : `=== ${title} ===\n`);
      process.stdout.write(render(report, format, undefined) + "\n");
    }
  }
  return Math.max(...stacks.map(({ report }) => planExitCode(report)));
}

/**
 * `--all`: every stack of the repository (the root's and each `examples/<system>/`'s), each folder planned as
 * `--system` plans it, in this one process, so the program's modules load once. A stack that fails to plan
 * is reported and the others still plan. Exit code: the worst of the stacks'.
 */
async function mainAll(format: Format, outDir: string | undefined): Promise<number> {
  if (outDir !== undefined && (!fs.existsSync(outDir) || !fs.statSync(outDir).isDirectory())) {
    throw new UsageError(`--out-dir ${outDir} is not a folder; create it first (mkdir -p ${outDir})`);
  }
  const results: AllResult[] = [];
  for (const { dir, system } of stackFolders(ROOT)) {
    for (const s of await planSystem(dir, { keepGoing: true })) {
      results.push({
        key: stackKey(s.stack, system),
        stack: s.stack,
        ...(system ? { system } : {}),
        ...(s.layer ? { layer: s.layer } : {}),
        exitCode: s.report ? planExitCode(s.report) : 2,
        ...(s.report ? { report: s.report } : {}),
        errors: s.errors ?? [],
      });
    }
  }
  if (outDir !== undefined) writeAllResults(outDir, results, (report) => render(report, format, undefined));
  if (format === "json") {
    process.stdout.write(JSON.stringify({ stacks: results }, null, 2) + "\n");
  } else {
    for (const r of results) {
      const title = `${r.key}${r.layer ? ` (${r.layer} layer)` : ""}`;
      process.stdout.write(format === "markdown" ? `## ${title}\n\n` : `=== ${title} ===\n`);
      if (r.report) process.stdout.write(render(r.report, format, undefined) + "\n");
      for (const line of r.errors) process.stderr.write(`error: ${r.key}: ${line}\n`);
    }
    process.stdout.write(allSummary(results));
  }
  return Math.max(...results.map((r) => r.exitCode));
}

/** `--json <file>` must be writable before the plan runs, not after: its folder exists and it is no folder. */
function checkJsonTarget(file: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new UsageError(
      `--json ${file}: the folder ${path.dirname(file)} does not exist; create it first (mkdir -p ${path.dirname(file)}) or write the plan elsewhere`,
    );
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    throw new UsageError(`--json ${file} is a folder; name a file such as ${path.join(file, "plan.json")}`);
  }
}

/** The report in the chosen format; `--compare`'s changes go into text, markdown and json (`compare`). */
function render(report: PlanReport, format: Format, comparison: PlanComparison | undefined): string {
  switch (format) {
    case "json":
      return JSON.stringify(comparison ? { ...report, compare: comparison } : report, null, 2) + "\n";
    case "markdown":
      return formatMarkdown(report, { comparison });
    case "mermaid":
      return formatMermaid(report);
    case "text":
      return formatText(report, comparison) + (comparison ? formatComparisonText(comparison) : "");
  }
}

export interface PlanOptions {
  /** Where `Pulumi.<stack>.yaml` lives (Pulumi's `stackConfigDir`). Default: next to Pulumi.yaml. */
  configDir?: string;
  /**
   * The stacks already planned in this run, by `<project>/<stack>` (both runs of each): the other layers a
   * stack reads. A stack's upstream layers found in its folder are planned first and added here.
   */
  planned?: Map<string, PlannedRuns>;
}

/** One stack's plan and its second (differently salted) run: what the next layer's two runs read. */
export interface PlannedRuns {
  planned: PlannedStack;
  second: PlannedStack;
  report?: PlanReport;
}

/** Runs the program for one stack, evaluates the policy pack on it and prices it. */
export async function plan(stack: string, options: PlanOptions = {}): Promise<PlanReport> {
  return (await planStack(stack, options)).report;
}

/** {@link plan}, also returning the unmasked plan (tests look for leaked secrets with it). */
export async function planStack(
  stack: string,
  options: PlanOptions = {},
): Promise<{ planned: PlannedStack; report: PlanReport }> {
  const root = ROOT;
  const file = readStackFile(root, stack, options.configDir ? path.resolve(options.configDir) : root);
  if (file.environments.length > 0) {
    process.stderr.write(
      `note: ${file.fileName} imports Pulumi ESC environment ${file.environments.join(", ")}; the offline plan cannot open it, so config it sets is missing here\n`,
    );
  }
  // The plan talks to no service; the program still hands the backend a CLOUDINARY_URL, so give it an
  // obviously fake one when the user has none configured.
  if (!process.env.CLOUDINARY_URL && !file.config["cloudinary:url"]) {
    process.env.CLOUDINARY_URL = "cloudinary://plan-api-key:plan-api-secret@plan-cloud";
  }
  const done = options.planned ?? new Map<string, PlannedRuns>();
  // The layers this stack reads are planned first, from the same folder, so its StackReferences read their
  // planned outputs; a stack named there that the folder has not fails the read, naming it (mocks.ts).
  const configDir = options.configDir ? path.resolve(options.configDir) : root;
  const key = `${file.project}/${file.stack}`;
  for (const up of upstreamOf(file)) {
    const [project, name] = up.key.split("/");
    if (
      done.has(up.key) ||
      project !== file.project ||
      up.key === key ||
      !listStacks(configDir).includes(name)
    ) {
      continue;
    }
    await planStack(name, { ...options, planned: done });
  }
  // The engine fails the read of a stack it cannot find, naming it: so does the plan, before running anything.
  const missing = upstreamOf(file).find((up) => !done.has(up.key));
  if (missing) {
    throw new StackFileError(
      `${file.fileName} names stack ${missing.name} in webapp:layers, and ${path.relative(process.cwd(), configDir) || "."} has no Pulumi.${missing.key.split("/")[1]}.yaml of project ${missing.key.split("/")[0]} to plan it from. Fix: plan the system's folder: npm run plan -- --system <folder holding every layer's stack file>`,
    );
  }
  const view = (run: "planned" | "second") =>
    new Map([...done].map(([k, v]) => [k, { outputs: v[run].outputs, secretOutputs: v[run].secretOutputs }]));
  const runs = await collectPlanRuns({
    root,
    ...file,
    upstream: { first: view("planned"), second: view("second") },
  });
  const planned = runs.planned;
  const violations = await evaluatePolicies(planned);
  const tier = planned.config["webapp:tier"] === "paid" ? "paid" : "free";
  const { ceiling, ...cost } = estimateMonthlyCost(
    planned.resources
      .filter((r) => r.custom)
      .map((r) => ({ urn: r.urn, type: r.type, name: r.name, props: r.inputs })),
    tier,
    costSettingsOf(planned.config),
  );
  const report = buildReport(planned, violations, cost);
  // Recorded when nothing autoscales too (the estimate itself), so `--compare` tells that from an older file.
  report.costCeiling = ceiling ?? { lines: [], totalUsd: cost.totalUsd };
  report.operations = operationsOf(report.resources, planned.config, root);
  done.set(key, { ...runs, report });
  return { planned, report };
}

/**
 * Every stack of a folder in one run, in deploy order: the layers of a system each fed the planned outputs
 * of the layers below it, so a change to the data layer shows in the server's and the client's plans too.
 */
export async function planSystem(configDir: string): Promise<SystemPlan[]>;
/**
 * `keepGoing`: a stack that fails to plan gets its error lines instead of a report, and the others still plan;
 * a stack reading a failed one fails in one line naming it (as the engine would, reading a failed deploy).
 */
export async function planSystem(
  configDir: string,
  options: { keepGoing: true },
): Promise<Array<Partial<SystemPlan> & { stack: string; layer?: string; errors?: string[] }>>;
export async function planSystem(
  configDir: string,
  options: { keepGoing?: boolean } = {},
): Promise<Array<Partial<SystemPlan> & { stack: string; layer?: string; errors?: string[] }>> {
  const dir = path.resolve(configDir);
  const files = listStacks(dir).map((stack) => {
    const file = readStackFile(ROOT, stack, dir);
    return { stack, layer: layerOfStack(file), key: `${file.project}/${file.stack}`, up: upstreamOf(file) };
  });
  const done = new Map<string, PlannedRuns>();
  const failed = new Map<string, string>();
  const out: Array<Partial<SystemPlan> & { stack: string; layer?: string; errors?: string[] }> = [];
  for (const f of deployOrder(files)) {
    const layer = f.layer ? { layer: f.layer } : {};
    try {
      const broken = f.up.find((up) => failed.has(up.key));
      if (broken) {
        throw new StackFileError(
          `Pulumi.${f.stack}.yaml names stack ${broken.name} in webapp:layers, whose plan failed (${failed.get(broken.key)}). Fix: that stack's error first`,
        );
      }
      const report = done.get(f.key)?.report ?? (await plan(f.stack, { configDir: dir, planned: done }));
      out.push({ stack: f.stack, ...layer, report });
    } catch (err) {
      if (!options.keepGoing) throw err;
      const errors = errorLines(err);
      failed.set(f.key, errors[0]);
      out.push({ stack: f.stack, ...layer, errors });
    }
  }
  return out;
}

/** One stack of a system as {@link planSystem} planned it. */
export interface SystemPlan {
  stack: string;
  layer?: string;
  report: PlanReport;
}
