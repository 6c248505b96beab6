import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { collectPlan, ProgramError } from "./collect";
import { CompareError, comparePlans, formatComparisonText, PlanComparison, readPlanFile } from "./compare";
import { formatMarkdown, planExitCode } from "./format-markdown";
import { formatMermaid } from "./format-mermaid";
import { formatText } from "./format-text";
import { buildReport, PlanReport } from "./report";
import { readStackFile, StackFileError } from "./stack-file";
import type { PlannedStack } from "./types";
import { evaluatePolicies } from "./policy";
import { estimateMonthlyCost } from "../../policies/cost/estimate";

const ROOT = path.resolve(__dirname, "..", "..");
const FORMATS = ["text", "json", "markdown", "mermaid"] as const;
type Format = (typeof FORMATS)[number];

/** A wrong command line: exit 2 with this line. */
class UsageError extends Error {}

const USAGE =
  "npm run plan -- --stack dev [--format text|json|markdown|mermaid] [--json plan.json] [--compare old.json] [--config-dir dir]";

/**
 * `npm run plan -- --stack <name> [--format text|json|markdown|mermaid] [--json <file>] [--compare <old.json>]`:
 * the offline plan; `--compare` adds what changed since an earlier `--json` plan.
 * Exit 0: no mandatory violation; 1: mandatory violations; 2: bad config, bad usage or a program error.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        stack: { type: "string" },
        format: { type: "string", default: "text" },
        json: { type: "string" },
        compare: { type: "string" },
        "config-dir": { type: "string" },
      },
      strict: true,
    });
    if (!values.stack) throw new UsageError(`--stack is required. Usage: ${USAGE}`);
    const format = values.format as Format;
    if (!FORMATS.includes(format)) {
      throw new UsageError(`--format ${values.format} is not supported; allowed: ${FORMATS.join(", ")}`);
    }
    // Read before planning: a bad file fails at once, not after the program ran.
    const old =
      values.compare !== undefined ? { file: values.compare, plan: readPlanFile(values.compare) } : undefined;
    const report = await plan(values.stack, { configDir: values["config-dir"] });
    if (values.json) fs.writeFileSync(values.json, JSON.stringify(report, null, 2) + "\n");
    const comparison = old && (await comparePlans(old.plan, report, old.file));
    process.stdout.write(render(report, format, comparison));
    return planExitCode(report);
  } catch (err) {
    if (
      err instanceof ProgramError ||
      err instanceof StackFileError ||
      err instanceof UsageError ||
      err instanceof CompareError
    ) {
      process.stderr.write(`error: ${err.message}\n`);
    } else {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`error: the plan failed: ${message.split("\n")[0]}\n`);
    }
    return 2;
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
  // The plan talks to no service; the program still hands the backend a CLOUDINARY_URL, so give it an
  // obviously fake one when the user has none configured.
  if (!process.env.CLOUDINARY_URL && !file.config["cloudinary:url"]) {
    process.env.CLOUDINARY_URL = "cloudinary://plan-api-key:plan-api-secret@plan-cloud";
  }
  const planned = await collectPlan({ root, ...file, stack });
  const violations = await evaluatePolicies(planned);
  const tier = planned.config["webapp:tier"] === "paid" ? "paid" : "free";
  const cost = estimateMonthlyCost(
    planned.resources
      .filter((r) => r.custom)
      .map((r) => ({ urn: r.urn, type: r.type, name: r.name, props: r.inputs })),
    tier,
  );
  return { planned, report: buildReport(planned, violations, cost) };
}
