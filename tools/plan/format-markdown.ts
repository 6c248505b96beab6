import {
  actionDetail,
  type ChangedResource,
  type ComparedResource,
  describeType,
  inline,
  ceilingWords,
  monthlyDelta,
  PlanComparison,
  STATEFUL,
  summaryLine,
} from "./compare";
import { typeLabel } from "./format-mermaid";
import { operationsLines } from "./operations";
import { KEY_INPUTS, PlanReport, ReportResource, usd } from "./report";

/** The violations that would stop `pulumi up`. */
function blockingViolations(report: PlanReport) {
  return report.violations.filter(
    (v) => v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate",
  );
}

/** What `npm run plan` exits with for this report: 1 when a violation blocks `pulumi up`, else 0. */
export function planExitCode(report: PlanReport): 0 | 1 {
  return blockingViolations(report).length > 0 ? 1 : 0;
}

export interface MarkdownOptions {
  /**
   * `--compare`: the report opens with what changed (the pull-request view) and folds the full plan into a
   * `<details>` block.
   */
  comparison?: PlanComparison;
  /** Fold the full plan into `<details>`; default: when comparing. */
  fold?: boolean;
  /** The heading says "passes"/"blocked" instead of the exit code (the pull-request comment). */
  words?: boolean;
}

/** "no mandatory policy violation" / "2 mandatory policy violation(s)", plus the advisory count. */
function verdict(report: PlanReport): string {
  const blocking = blockingViolations(report).length;
  const advisory = report.violations.length - blocking;
  const head = blocking === 0 ? "no mandatory policy violation" : `${blocking} mandatory policy violation(s)`;
  return advisory > 0 ? `${head}, ${advisory} advisory` : head;
}

/**
 * The pull-request report: status, changes, resources per component, violations, cost and outputs. Printed
 * from the report only, whose secrets are already masked.
 */
export function formatMarkdown(report: PlanReport, options: MarkdownOptions = {}): string {
  const code = planExitCode(report);
  const c = options.comparison;
  const status = options.words ? (code === 0 ? "passes" : "blocked") : `exit ${code}`;
  const out = [`## Plan of stack \`${report.stack}\` (${report.project}): ${status}, ${verdict(report)}`, ""];
  if (c) {
    out.push(
      `**${summaryLine(c.summary)}** compared with ${c.file === "the base branch" ? c.file : `\`${c.file}\``} (stack \`${c.stack}\`); estimated cost ${usd(c.cost.oldUsd)} → ${usd(c.cost.newUsd)} per month (${monthlyDelta(c.cost.deltaUsd)})${c.cost.ceiling ? `, ${ceilingWords(c)}` : ""}.`,
      "",
      ...changes(c),
    );
  } else {
    out.push(
      `${report.resources.length} resources, estimated ${usd(report.cost.totalUsd)}/month, ${report.violations.length} policy violation(s).`,
      `Summary vs an empty stack: ${report.resources.length} to create, 0 to update, 0 to replace, 0 to delete.`,
    );
  }
  out.push("", "### Policy violations", "", ...violations(report), "");
  if (options.fold ?? c !== undefined) {
    out.push(
      "<details>",
      `<summary>Full plan of <code>${report.stack}</code>: ${report.resources.length} resources, ${usd(report.cost.totalUsd)}/month</summary>`,
      "",
      ...fullPlan(report),
      "",
      "</details>",
    );
  } else {
    out.push(...fullPlan(report));
  }
  return out.join("\n") + "\n";
}

/** Resources, environments, cost and outputs. */
function fullPlan(report: PlanReport): string[] {
  const out = ["### Resources", ...resources(report), ...environments(report)];
  out.push("", "### Estimated monthly cost", "", "| resource | basis | $/month |", "| --- | --- | ---: |");
  for (const line of [...report.cost.lines].sort((a, b) => order(a.name, b.name))) {
    out.push(row([line.name, line.basis, usd(line.monthlyUsd)]));
  }
  out.push(row(["**total**", "", `**${usd(report.cost.totalUsd)}**`]));
  const ops = report.operations ? operationsLines(report.operations) : [];
  if (ops.length) out.push("", "### Operations", "", ...ops.map((l) => `- ${l}`));
  out.push("", "### Stack outputs", "", "| output | value |", "| --- | --- |");
  for (const [key, value] of Object.entries(report.outputs)) out.push(row([key, codeSpan(inline(value))]));
  return out;
}

/** A variable kept as its own resource on a service (`render:EnvVar`), set once the service exists. */
const SEPARATE_VARIABLE = "pulumi-nodejs:dynamic/render:EnvVar";

/**
 * One table per resource with an `envVars` map: each variable by name, each secret masked on its own. The
 * variables kept as their own resources join the table of the service they take their id from, and are named.
 */
function environments(report: PlanReport): string[] {
  const separate = new Map<string, ReportResource[]>();
  for (const v of report.resources) {
    if (v.type !== SEPARATE_VARIABLE || typeof v.inputs.key !== "string") continue;
    for (const urn of v.inputDependencies?.serviceId ?? [])
      separate.set(urn, [...(separate.get(urn) ?? []), v]);
  }
  const out: string[] = [];
  for (const r of report.resources) {
    const env = r.inputs.envVars;
    if (env === undefined) continue;
    out.push("", `#### Environment of \`${r.name}\``, "");
    if (!env || typeof env !== "object") {
      out.push(`All of it: ${codeSpan(inline(env))}`);
      continue;
    }
    const own = (separate.get(r.urn) ?? []).sort((a, b) => order(String(a.inputs.key), String(b.inputs.key)));
    const rows: Array<[string, unknown]> = [
      ...Object.entries(env),
      ...own.map((v): [string, unknown] => [String(v.inputs.key), v.inputs.value]),
    ];
    out.push("| variable | value |", "| --- | --- |");
    for (const [k, v] of rows.sort(([a], [b]) => order(a, b)))
      out.push(row([codeSpan(k), codeSpan(inline(v))]));
    if (own.length > 0) {
      out.push(
        "",
        `Set by their own resources once the service exists: ${own.map((v) => `${codeSpan(String(v.inputs.key))} (${codeSpan(v.name)})`).join(", ")}.`,
      );
    }
  }
  return out;
}

function changes(c: PlanComparison): string[] {
  const cost = (delta: number) => (delta !== 0 ? `, ${monthlyDelta(delta)}` : "");
  const out = ["### Changes", ""];
  if (c.warnings.length > 0) out.push("> [!WARNING]", ...c.warnings.map((w) => `> - ${w}`), "");
  if (c.added.length + c.changed.length + c.removed.length === 0) out.push("No changes.");
  const all: Array<ComparedResource | ChangedResource> = [...c.added, ...c.changed, ...c.removed].sort(
    (a, b) => severity(a) - severity(b) || order(a.name, b.name),
  );
  for (const r of all) {
    const what = `${describeType(r.type)} (${r.name})`;
    if (r.action === "create") out.push(`- creates ${what}${cost(r.monthlyUsdDelta)}`);
    if (r.action === "delete") out.push(`- deletes ${what}${cost(r.monthlyUsdDelta)}`);
    if (r.action !== "update" && r.action !== "replace") continue;
    const changed = r as ChangedResource;
    out.push(
      r.action === "replace"
        ? `- replaces ${what}${cost(r.monthlyUsdDelta)}: ${actionDetail(changed)}`
        : `- updates ${what} ${actionDetail(changed)}${cost(r.monthlyUsdDelta)}`,
    );
    for (const change of changed.changes) {
      out.push(
        `  - ${codeSpan(change.path)}: ${codeSpan(inline(change.old))} → ${codeSpan(inline(change.new))}`,
      );
    }
  }
  return out;
}

/**
 * What a reviewer must read first: a replace or delete of a resource that holds data, then other deletes and
 * replaces, then updates, then creates.
 */
function severity(r: { type: string; action: string }): number {
  const destructive = r.action === "delete" || r.action === "replace";
  if (destructive && STATEFUL[r.type] !== undefined) return 0;
  return { delete: 1, replace: 2, update: 3, create: 4 }[r.action] ?? 5;
}

/** One table per component (the `webapp:*` ones, and any other parent of custom resources), outermost first. */
function resources(report: PlanReport): string[] {
  const byUrn = new Map(report.resources.map((r) => [r.urn, r]));
  const depth = (r: ReportResource): number =>
    r.parent && byUrn.has(r.parent) ? 1 + depth(byUrn.get(r.parent)!) : 0;
  const children = (parent: ReportResource) =>
    report.resources.filter((r) => r.custom && r.parent === parent.urn).sort((a, b) => order(a.name, b.name));
  const groups = report.resources
    .filter((r) => !r.custom && (r.type.startsWith("webapp:") || children(r).length > 0))
    .sort((a, b) => depth(a) - depth(b) || order(a.name, b.name));
  const out: string[] = [];
  for (const group of groups) {
    out.push("", `#### ${group.type.split(":").pop()} \`${group.name}\``, "");
    const members = children(group);
    if (members.length === 0) {
      out.push("No resources of its own; its components follow.");
      continue;
    }
    out.push("| name | type | key settings |", "| --- | --- | --- |");
    for (const r of members) out.push(row([codeSpan(r.name), typeLabel(r.type), settings(r)]));
  }
  return out;
}

function settings(r: ReportResource): string {
  const flags = [r.protect ? "protected" : "", r.retainOnDelete ? "retained on delete" : ""].filter(Boolean);
  const values = (KEY_INPUTS[r.type] ?? [])
    .filter((key) => r.inputs[key] !== undefined)
    .map((key) => `${key}: ${codeSpan(inline(r.inputs[key]))}`);
  return [...values, ...flags].join(", ");
}

function violations(report: PlanReport): string[] {
  if (report.violations.length === 0) return ["none"];
  return [
    "| level | policy | resource | message |",
    "| --- | --- | --- | --- |",
    ...report.violations.map((v) =>
      row([
        v.enforcementLevel,
        v.policyName,
        v.urn ? codeSpan(v.urn.slice(v.urn.lastIndexOf("::") + 2)) : "(stack)",
        v.message,
      ]),
    ),
  ];
}

/** A table row; a cell keeps to one line and its pipes are escaped (GFM splits cells on them, even in code). */
function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\r?\n/g, " ").replace(/\|/g, "\\|")).join(" | ")} |`;
}

/** An inline code span that survives backticks in the value. */
function codeSpan(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
