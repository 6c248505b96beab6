import { summaryLine, type PlanComparison } from "./compare";
import { operationsLines } from "./operations";
import { KEY_INPUTS, PlanReport, ReportResource, usd } from "./report";

/**
 * The plan as a tree. Without an earlier plan everything is to create; `--compare` adds its own section with
 * the classified changes.
 */
export function formatText(report: PlanReport, comparison?: PlanComparison): string {
  const out: string[] = [];
  const children = new Map<string | undefined, ReportResource[]>();
  for (const r of report.resources) {
    const list = children.get(r.parent) ?? [];
    list.push(r);
    children.set(r.parent, list);
  }
  // An imported resource is taken over as it is, not created (Pulumi's preview shows it as `= import`).
  const imports = report.resources.filter((r) => r.import).length;
  out.push(
    `Plan of stack "${report.stack}" (project ${report.project}): ${report.resources.length} resources`,
    comparison
      ? `Summary vs ${comparison.file}: ${summaryLine(comparison.summary)}`
      : `Summary vs an empty stack: ${report.resources.length - imports} to create${imports ? `, ${imports} to import` : ""}, 0 to update, 0 to replace, 0 to delete`,
    "",
  );
  const walk = (parent: string | undefined, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      const flags = [r.protect ? "protected" : "", r.retainOnDelete ? "retained on delete" : ""].filter(
        Boolean,
      );
      if (r.import) flags.unshift(`import ${r.import}`);
      const op = r.import ? "=" : "+";
      out.push(
        `${"  ".repeat(depth)}${op} ${r.type}  ${r.name}${flags.length ? `  (${flags.join(", ")})` : ""}`,
      );
      for (const key of KEY_INPUTS[r.type] ?? []) {
        if (r.inputs[key] === undefined) continue;
        out.push(`${"  ".repeat(depth + 2)}${key}: ${inline(r.inputs[key])}`);
      }
      // Secret members are masked one by one (see PlannedResource.secretPaths), so the rest stay readable.
      const env = r.inputs.envVars;
      if (env && typeof env === "object") {
        for (const [k, v] of Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
          out.push(`${"  ".repeat(depth + 2)}env ${k}: ${inline(v)}`);
      } else if (env !== undefined) {
        out.push(`${"  ".repeat(depth + 2)}envVars: ${inline(env)}`);
      }
      walk(r.urn, depth + 1);
    }
  };
  walk(undefined, 0);

  out.push("", "Outputs:");
  for (const [k, v] of Object.entries(report.outputs)) out.push(`  ${k}: ${inline(v)}`);

  out.push("", `Estimated monthly cost: ${usd(report.cost.totalUsd)}`);
  for (const line of report.cost.lines.filter((l) => l.monthlyUsd > 0 || l.basis)) {
    out.push(`  ${usd(line.monthlyUsd).padStart(9)}  ${line.name}  (${line.basis})`);
  }

  const ops = report.operations ? operationsLines(report.operations) : [];
  if (ops.length) out.push("", "Operations:", ...ops.map((l) => `  ${l}`));

  const mandatory = report.violations.filter((v) => v.enforcementLevel === "mandatory");
  out.push(
    "",
    `Policy violations: ${mandatory.length} mandatory, ${report.violations.length - mandatory.length} advisory`,
  );
  for (const v of report.violations) {
    out.push(
      `  [${v.enforcementLevel}] ${v.policyName}${v.urn ? ` (${v.urn.split("::").pop()})` : ""}: ${v.message.replace(/\n/g, " ")}`,
    );
  }
  return out.join("\n") + "\n";
}

function inline(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
