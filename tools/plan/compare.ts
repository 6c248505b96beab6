import * as fs from "node:fs";
import { classifyChange, type Classification } from "./classify";
import { typeLabel } from "./format-mermaid";
import { PlanReport, ReportResource, UNKNOWN, usd } from "./report";

/** A `--compare` file that is missing or is not a plan written by `--json`: the plan exits 2 with this line. */
export class CompareError extends Error {}

export interface ResourceChange {
  /** Dotted path into the inputs, e.g. `plan` or `autoscaling.max`; arrays compare as a whole. */
  path: string;
  /** Masked values (a secret reads `[secret]` on both sides); absent when the input was not set. */
  old?: unknown;
  new?: unknown;
}

export type Action = "create" | "update" | "replace" | "delete";

export interface ComparedResource {
  urn: string;
  type: string;
  name: string;
  action: Action;
  /** Estimated monthly cost of this resource in the new plan minus the old one (added: its cost). */
  monthlyUsdDelta: number;
}

export interface ChangedResource extends ComparedResource {
  action: "update" | "replace";
  /** The old plan's URN, when it differs (comparing two stacks: the stack is part of every URN). */
  oldUrn?: string;
  changes: ResourceChange[];
  /** Inputs that force the replacement. */
  replaces?: string[];
  /** The old resource is deleted before its replacement exists (a window without it). */
  deleteBeforeReplace?: boolean;
  /** Replaced because a resource it takes an id from is replaced (names of those resources). */
  replacedWith?: string[];
  /** What the update/replace decision rests on: the provider's own diff or cited schema entries. */
  basis: string[];
}

/** `--compare`: what the current plan adds, changes and removes relative to an earlier `--json` plan. */
export interface PlanComparison {
  /** The file as given on the command line. */
  file: string;
  /** The old plan's stack. */
  stack: string;
  summary: Record<Action, number>;
  added: ComparedResource[];
  changed: ChangedResource[];
  removed: ComparedResource[];
  /** Data a reviewer must not miss, e.g. a replaced database that is not protected. */
  warnings: string[];
  /** `ceiling`: the cost at the autoscaling maximum, present when the room above the estimate changed. */
  cost: { oldUsd: number; newUsd: number; deltaUsd: number; ceiling?: { oldUsd: number; newUsd: number } };
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
  const noFlag = doc.resources.findIndex((r: Record<string, unknown>) => typeof r.custom !== "boolean");
  if (noFlag >= 0) return `resources[${noFlag}] lacks custom`;
  if (!isObject(doc.cost) || typeof doc.cost.totalUsd !== "number" || !Array.isArray(doc.cost.lines)) {
    return "no cost with lines and totalUsd";
  }
  const line = doc.cost.lines.findIndex(
    (l) => !isObject(l) || typeof l.urn !== "string" || typeof l.monthlyUsd !== "number",
  );
  if (line >= 0) return `cost.lines[${line}] lacks urn or monthlyUsd`;
  return undefined;
}

interface Pair {
  before: ReportResource;
  after: ReportResource;
  changes: ResourceChange[];
  decision: Classification;
  replacedWith: string[];
}

/**
 * Resources are matched by URN. Across two stacks (dev's plan against prod's) the stack is part of every URN
 * and of every name the program derives from `<project>-<stack>`, so both are read as a placeholder first;
 * within one stack that changes nothing. Inputs compare as masked: a secret that changed is not visible, and a
 * value known only after deploy on both sides is no change. Each change is classified by
 * {@link classifyChange}; a resource taking an id from a replaced one gets a new id too, so it is classified
 * again with that input changed, until nothing more is replaced.
 */
export async function comparePlans(
  old: PlanReport,
  current: PlanReport,
  file: string,
): Promise<PlanComparison> {
  const oldByKey = new Map(old.resources.map((r) => [resourceKey(r.urn, old), r]));
  const newByKey = new Map(current.resources.map((r) => [resourceKey(r.urn, current), r]));
  const oldCost = costByUrn(old);
  const newCost = costByUrn(current);
  const compared = (r: ReportResource, action: Action, delta: number): ComparedResource => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    action,
    monthlyUsdDelta: cents(delta),
  });

  const added: ComparedResource[] = [];
  const pairs: Pair[] = [];
  for (const [key, after] of newByKey) {
    const before = oldByKey.get(key);
    if (!before) {
      added.push(compared(after, "create", newCost.get(after.urn) ?? 0));
      continue;
    }
    const changes = diff(before.inputs, after.inputs, "");
    pairs.push({
      before,
      after,
      changes,
      decision: await classify(before, after, after.inputs, changes),
      replacedWith: [],
    });
  }
  await cascadeReplacements(pairs);

  const changed: ChangedResource[] = pairs
    .filter((p) => p.decision.action !== "none")
    .map(({ before, after, changes, decision, replacedWith }) => ({
      ...compared(
        after,
        decision.action as "update" | "replace",
        (newCost.get(after.urn) ?? 0) - (oldCost.get(before.urn) ?? 0),
      ),
      action: decision.action as "update" | "replace",
      ...(before.urn !== after.urn ? { oldUrn: before.urn } : {}),
      changes,
      ...(decision.action === "replace"
        ? { replaces: decision.replaces, deleteBeforeReplace: decision.deleteBeforeReplace }
        : {}),
      ...(replacedWith.length ? { replacedWith } : {}),
      basis: decision.basis,
    }));
  const removed = [...oldByKey]
    .filter(([key]) => !newByKey.has(key))
    .map(([, r]) => compared(r, "delete", -(oldCost.get(r.urn) ?? 0)));
  const byName = (a: ComparedResource, b: ComparedResource) => order(a.name, b.name) || order(a.urn, b.urn);
  const count = (action: Action) =>
    [...added, ...changed, ...removed].filter((r) => r.action === action).length;
  return {
    file,
    stack: old.stack,
    summary: {
      create: count("create"),
      update: count("update"),
      replace: count("replace"),
      delete: count("delete"),
    },
    added: added.sort(byName),
    changed: changed.sort(byName),
    removed: removed.sort(byName),
    warnings: dataLossWarnings(pairs, oldByKey, newByKey),
    cost: {
      oldUsd: old.cost.totalUsd,
      newUsd: current.cost.totalUsd,
      deltaUsd: cents(current.cost.totalUsd - old.cost.totalUsd),
      ...ceilingChange(old, current),
    },
  };
}

function classify(
  before: ReportResource,
  after: ReportResource,
  news: Record<string, unknown>,
  changes: ResourceChange[],
): Promise<Classification> {
  if (!after.custom) {
    return Promise.resolve({ action: "none", replaces: [], deleteBeforeReplace: false, basis: [] });
  }
  const changedInputs = [...new Set(changes.map((c) => c.path.split(/[.[]/)[0]))];
  return classifyChange(after.type, before.inputs, news, changedInputs, after.deleteBeforeReplace === true);
}

/** An input known only after deploy that comes from a replaced resource: it changes too. */
async function cascadeReplacements(pairs: Pair[]): Promise<void> {
  const byUrn = new Map(pairs.map((p) => [p.after.urn, p]));
  for (let grew = true; grew;) {
    grew = false;
    for (const pair of pairs) {
      if (pair.decision.action === "replace") continue;
      const from = new Map<string, string[]>();
      for (const at of pair.after.unknownInputs ?? []) {
        const replaced = (pair.after.inputDependencies?.[at] ?? []).filter(
          (urn) => byUrn.get(urn)?.decision.action === "replace",
        );
        if (replaced.length > 0) from.set(at, replaced);
      }
      if (from.size === 0) continue;
      const news = structuredClone(pair.after.inputs);
      for (const at of from.keys()) setLeaf(news, at, `${UNKNOWN}: a new id`);
      const extra: ResourceChange[] = [...from.keys()].map((at) => ({
        path: at,
        old: getLeaf(pair.before.inputs, at),
        new: UNKNOWN,
      }));
      const changes = [...pair.changes, ...extra].sort((a, b) => order(a.path, b.path));
      const decision = await classify(pair.before, pair.after, news, changes);
      if (decision.action !== pair.decision.action) {
        pair.decision = decision;
        pair.changes = changes;
        pair.replacedWith = [...new Set([...from.values()].flat())]
          .map((urn) => byUrn.get(urn)!.after.name)
          .sort();
        grew = grew || decision.action === "replace";
      }
    }
  }
}

const leafKeys = (at: string) => at.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== "");

function getLeaf(tree: Record<string, unknown>, at: string): unknown {
  return leafKeys(at).reduce<unknown>(
    (node, key) => (node as Record<string, unknown> | undefined)?.[key],
    tree,
  );
}

/** Sets a leaf written as `a.b[0]` in a plain object tree. */
function setLeaf(tree: Record<string, unknown>, at: string, value: unknown): void {
  const keys = leafKeys(at);
  let node = tree as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}

/** Types that hold data which a delete destroys, and what that data is. */
export const STATEFUL: Record<string, string> = {
  "pulumi-nodejs:dynamic/neon:Project": "every branch, database and its point-in-time history",
  "pulumi-nodejs:dynamic/neon:Branch": "its databases and their point-in-time history",
  "pulumi-nodejs:dynamic/neon:Database": "its tables and rows",
  "upstash:index/redisDatabase:RedisDatabase": "every key, including queued Celery tasks",
};

/** One line per replaced or removed stateful resource: whether its data goes, and what stops it. */
function dataLossWarnings(
  pairs: Pair[],
  oldByKey: Map<string, ReportResource>,
  newByKey: Map<string, ReportResource>,
): string[] {
  const warn = (r: ReportResource, what: string): string | undefined => {
    const data = STATEFUL[r.type];
    if (!data) return undefined;
    const subject = `${r.name} (${describeType(r.type).replace(/^an? /, "")}) is ${what}`;
    if (r.protect) return `${subject}: it is protected, so pulumi up stops before deleting it.`;
    if (r.retainOnDelete)
      return `${subject}: the old one is kept (retainOnDelete) with ${data}, but the stack no longer uses it.`;
    return `${subject} and not protected: deleting it loses ${data}. Back it up first, or set webapp:protectData true to make pulumi up refuse.`;
  };
  const lines = [
    ...pairs.filter((p) => p.decision.action === "replace").map((p) => warn(p.before, "replaced")),
    ...[...oldByKey].filter(([key]) => !newByKey.has(key)).map(([, r]) => warn(r, "deleted")),
  ];
  return lines.filter((l): l is string => l !== undefined).sort();
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

/**
 * The cost at the autoscaling maximum on both sides, when the room between it and the estimate moved (an
 * autoscaling limit changed): a raised maximum leaves the estimate, which bills the minimum, as it was, so
 * only the ceiling shows what the change lets the stack spend. A plan file written before ceilings were
 * recorded has none, and then nothing is said rather than a guess.
 */
function ceilingChange(
  old: PlanReport,
  current: PlanReport,
): { ceiling?: { oldUsd: number; newUsd: number } } {
  if (!old.costCeiling || !current.costCeiling) return {};
  const room = (p: PlanReport) => cents(p.costCeiling!.totalUsd - p.cost.totalUsd);
  return room(old) === room(current)
    ? {}
    : { ceiling: { oldUsd: old.costCeiling.totalUsd, newUsd: current.costCeiling.totalUsd } };
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
  "pulumi-nodejs:dynamic/render:EnvVar": "Render environment variable",
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

/**
 * "at the autoscaling maximum $1,000.00 → $1,500.00 (+$500.00/month)" when an autoscaling limit changed,
 * else "": the estimate bills each autoscaling resource at its minimum, so this is the other half.
 */
export function ceilingWords(c: PlanComparison, arrow = "→"): string {
  const top = c.cost.ceiling;
  if (!top) return "";
  return `at the autoscaling maximum ${usd(top.oldUsd)} ${arrow} ${usd(top.newUsd)} (${monthlyDelta(cents(top.newUsd - top.oldUsd))})`;
}

/** "2 to create, 1 to update, 2 to replace, 0 to delete". */
export function summaryLine(summary: Record<Action, number>): string {
  return (["create", "update", "replace", "delete"] as const).map((a) => `${summary[a]} to ${a}`).join(", ");
}

/**
 * "delete, then create; region cannot change in place"; "in place" for an update, naming the replaced resources
 * its new values come from (its inputs read "(known after deploy)" on both sides, yet they change).
 */
export function actionDetail(r: ChangedResource): string {
  if (r.action === "update") {
    return r.replacedWith?.length
      ? `in place; takes new values from ${r.replacedWith.join(", ")} (replaced)`
      : "in place";
  }
  const order = r.deleteBeforeReplace ? "delete, then create" : "create, then delete";
  const why = r.replacedWith?.length
    ? `${r.replaces!.join(", ")} ${r.replaces!.length > 1 ? "take new ids" : "takes a new id"} from ${r.replacedWith.join(", ")} (replaced)`
    : `${r.replaces!.join(", ")} cannot change in place`;
  return `${order}; ${why}`;
}

const SIGN: Record<Action, string> = { create: "+", update: "~", replace: "+-", delete: "-" };

/** The "Changes vs <file>" section of the text format. */
export function formatComparisonText(c: PlanComparison): string {
  const cost = (r: ComparedResource) =>
    r.monthlyUsdDelta !== 0 ? `  ${monthlyDelta(r.monthlyUsdDelta)}` : "";
  const out = ["", `Changes vs ${c.file} (stack "${c.stack}"): ${summaryLine(c.summary)}`];
  for (const r of c.added) out.push(`  ${SIGN.create} ${r.type}  ${r.name}${cost(r)}`);
  for (const r of c.changed) {
    out.push(`  ${SIGN[r.action]} ${r.type}  ${r.name}${cost(r)}  [${r.action}: ${actionDetail(r)}]`);
    for (const change of r.changes)
      out.push(`      ${change.path}: ${inline(change.old)} -> ${inline(change.new)}`);
  }
  for (const r of c.removed) out.push(`  ${SIGN.delete} ${r.type}  ${r.name}${cost(r)}`);
  for (const w of c.warnings) out.push(`  warning: ${w}`);
  out.push(
    `  Estimated monthly cost: ${usd(c.cost.oldUsd)} -> ${usd(c.cost.newUsd)} (${monthlyDelta(c.cost.deltaUsd)})`,
  );
  if (c.cost.ceiling) out.push(`  Cost ${ceilingWords(c, "->")}`);
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
