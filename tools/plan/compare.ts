import * as fs from "node:fs";
import { typeLabel } from "./format-mermaid";
import { PlanReport, ReportResource, usd } from "./report";

/** A `--compare` file that is missing or is not a plan written by `--json`: the plan exits 2 with this line. */
export class CompareError extends Error {}

export interface ResourceChange {
  /** Dotted path into the inputs, e.g. `plan` or `autoscaling.max`; arrays compare as a whole. */
  path: string;
  /** Masked values (a secret reads `[secret]` on both sides); absent when the input was not set. */
  old?: unknown;
  new?: unknown;
}

export interface ComparedResource {
  urn: string;
  type: string;
  name: string;
  /** Estimated monthly cost of this resource in the new plan minus the old one (added: its cost). */
  monthlyUsdDelta: number;
}

export interface ChangedResource extends ComparedResource {
  /** The old plan's URN, when it differs (comparing two stacks: the stack is part of every URN). */
  oldUrn?: string;
  changes: ResourceChange[];
}

/** `--compare`: what the current plan adds, changes and removes relative to an earlier `--json` plan. */
export interface PlanComparison {
  /** The file as given on the command line. */
  file: string;
  /** The old plan's stack. */
  stack: string;
  added: ComparedResource[];
  changed: ChangedResource[];
  removed: ComparedResource[];
  cost: { oldUsd: number; newUsd: number; deltaUsd: number };
}

/** Reads an earlier `--json` plan; any problem is one {@link CompareError} line naming the file. */
export function readPlanFile(file: string): PlanReport {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CompareError(
      `--compare ${file}: ${code === "ENOENT" ? "no such file" : `cannot read it (${code ?? "unknown error"})`}; write one with npm run plan -- --stack <name> --json ${file}`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // Not V8's message: it quotes the file's opening text, and a wrong file may hold credentials.
    throw new CompareError(
      `--compare ${file}: not valid JSON; write one with npm run plan -- --stack <name> --json ${file}`,
    );
  }
  const missing = missingField(doc);
  if (missing) {
    throw new CompareError(
      `--compare ${file}: not a plan written by --json (${missing}); write one with npm run plan -- --stack <name> --json ${file}`,
    );
  }
  return doc as PlanReport;
}

/** The first field a `--json` plan must have that `doc` lacks, or undefined when it has them all. */
function missingField(doc: unknown): string | undefined {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(doc)) return "expected a JSON object";
  if (typeof doc.project !== "string") return "no project";
  if (typeof doc.stack !== "string") return "no stack";
  if (!Array.isArray(doc.resources)) return "no resources list";
  const bad = doc.resources.findIndex(
    (r) =>
      !isObject(r) ||
      typeof r.urn !== "string" ||
      typeof r.type !== "string" ||
      typeof r.name !== "string" ||
      !isObject(r.inputs),
  );
  if (bad >= 0) return `resources[${bad}] lacks urn, type, name or inputs`;
  if (!isObject(doc.cost) || typeof doc.cost.totalUsd !== "number" || !Array.isArray(doc.cost.lines)) {
    return "no cost with lines and totalUsd";
  }
  return undefined;
}

/**
 * Resources are matched by URN. Across two stacks (dev's plan against prod's) the stack is part of every URN
 * and of every name the program derives from `<project>-<stack>`, so both are read as a placeholder first;
 * within one stack that changes nothing. Inputs compare as masked: a secret that changed is not visible.
 */
export function comparePlans(old: PlanReport, current: PlanReport, file: string): PlanComparison {
  const oldByKey = new Map(old.resources.map((r) => [resourceKey(r.urn, old), r]));
  const newByKey = new Map(current.resources.map((r) => [resourceKey(r.urn, current), r]));
  const oldCost = costByUrn(old);
  const newCost = costByUrn(current);
  const compared = (r: ReportResource, delta: number): ComparedResource => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    monthlyUsdDelta: cents(delta),
  });

  const added: ComparedResource[] = [];
  const changed: ChangedResource[] = [];
  for (const [key, r] of newByKey) {
    const before = oldByKey.get(key);
    if (!before) {
      added.push(compared(r, newCost.get(r.urn) ?? 0));
      continue;
    }
    const changes = diff(before.inputs, r.inputs, "");
    const delta = (newCost.get(r.urn) ?? 0) - (oldCost.get(before.urn) ?? 0);
    if (changes.length > 0 || cents(delta) !== 0) {
      changed.push({
        ...compared(r, delta),
        ...(before.urn !== r.urn ? { oldUrn: before.urn } : {}),
        changes,
      });
    }
  }
  const removed = [...oldByKey]
    .filter(([key]) => !newByKey.has(key))
    .map(([, r]) => compared(r, -(oldCost.get(r.urn) ?? 0)));
  const byName = (a: ComparedResource, b: ComparedResource) => order(a.name, b.name) || order(a.urn, b.urn);
  return {
    file,
    stack: old.stack,
    added: added.sort(byName),
    changed: changed.sort(byName),
    removed: removed.sort(byName),
    cost: {
      oldUsd: old.cost.totalUsd,
      newUsd: current.cost.totalUsd,
      deltaUsd: cents(current.cost.totalUsd - old.cost.totalUsd),
    },
  };
}

/**
 * A URN with its stack, and each `<project>-<stack>` part of its name (`webapp-dev-media-preset-webapp-dev-uploads`
 * has two), replaced by a placeholder. Whole dash-separated words only: stack `dev` leaves `webapp-devices` alone.
 */
function resourceKey(urn: string, plan: PlanReport): string {
  const at = urn.lastIndexOf("::");
  const head = urn.slice(0, at).replace(`urn:pulumi:${plan.stack}::`, "urn:pulumi:{stack}::");
  const prefix = `${plan.project}-${plan.stack}`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const name = urn
    .slice(at + 2)
    .replace(new RegExp(`(?<=^|-)${prefix}(?=-|$)`, "g"), `${plan.project}-{stack}`);
  return `${head}::${name}`;
}

function costByUrn(plan: PlanReport): Map<string, number> {
  const costs = new Map<string, number>();
  for (const line of plan.cost.lines) costs.set(line.urn, (costs.get(line.urn) ?? 0) + line.monthlyUsd);
  return costs;
}

/** Leaf paths whose values differ; plain objects are walked, everything else compares as JSON. */
function diff(old: unknown, current: unknown, at: string): ResourceChange[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObject(old) && isObject(current)) {
    const keys = [...new Set([...Object.keys(old), ...Object.keys(current)])].sort(order);
    return keys.flatMap((k) => diff(old[k], current[k], at ? `${at}.${k}` : k));
  }
  if (JSON.stringify(old) === JSON.stringify(current)) return [];
  return [
    { path: at, ...(old !== undefined ? { old } : {}), ...(current !== undefined ? { new: current } : {}) },
  ];
}

/** "a Render background worker": how the change lines name a resource's type. */
const DESCRIPTIONS: Record<string, string> = {
  "pulumi-nodejs:dynamic/render:WebService": "Render web service",
  "pulumi-nodejs:dynamic/render:BackgroundWorker": "Render background worker",
  "pulumi-nodejs:dynamic/render:RegistryCredential": "Render registry credential",
  "pulumi-nodejs:dynamic/neon:Project": "Neon project",
  "pulumi-nodejs:dynamic/neon:Branch": "Neon branch",
  "pulumi-nodejs:dynamic/neon:Role": "Neon role",
  "pulumi-nodejs:dynamic/neon:Database": "Neon database",
  "pulumi-nodejs:dynamic/neon:Endpoint": "Neon read replica",
  "pulumi-nodejs:dynamic/cloudinary:UploadPreset": "Cloudinary upload preset",
  "pulumi-nodejs:dynamic/cloudinary:Folder": "Cloudinary folder",
  "upstash:index/redisDatabase:RedisDatabase": "Upstash Redis database",
  "vercel:index/project:Project": "Vercel project",
  "vercel:index/projectDomain:ProjectDomain": "Vercel domain",
  "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable": "Vercel environment variable",
  "docker-build:index:Image": "Docker image build",
  "random:index/randomPassword:RandomPassword": "random password",
};

/** "a Render background worker", "an Upstash Redis database". */
export function describeType(type: string): string {
  const noun = DESCRIPTIONS[type] ?? typeLabel(type);
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

/** "+$7.00/month", "-$7.00/month". */
export function monthlyDelta(amount: number): string {
  return `${amount < 0 ? "-" : "+"}${usd(Math.abs(amount))}/month`;
}

/** The "Changes vs <file>" section of the text format. */
export function formatComparisonText(c: PlanComparison): string {
  const cost = (r: ComparedResource) =>
    r.monthlyUsdDelta !== 0 ? `  ${monthlyDelta(r.monthlyUsdDelta)}` : "";
  const out = [
    "",
    `Changes vs ${c.file} (stack "${c.stack}"): ${c.added.length} added, ${c.changed.length} changed, ${c.removed.length} removed`,
  ];
  for (const r of c.added) out.push(`  + ${r.type}  ${r.name}${cost(r)}`);
  for (const r of c.changed) {
    out.push(`  ~ ${r.type}  ${r.name}${cost(r)}`);
    for (const change of r.changes)
      out.push(`      ${change.path}: ${inline(change.old)} -> ${inline(change.new)}`);
  }
  for (const r of c.removed) out.push(`  - ${r.type}  ${r.name}${cost(r)}`);
  out.push(
    `  Estimated monthly cost: ${usd(c.cost.oldUsd)} -> ${usd(c.cost.newUsd)} (${monthlyDelta(c.cost.deltaUsd)})`,
  );
  return out.join("\n") + "\n";
}

/** A value as the change lines show it; `(unset)` for an input one side does not have. */
export function inline(value: unknown): string {
  if (value === undefined) return "(unset)";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Rounded to cents; `|| 0` turns a removed free resource's -0 into 0. */
function cents(amount: number): number {
  return Math.round(amount * 100) / 100 || 0;
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
