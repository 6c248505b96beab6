import * as fs from "node:fs";
import * as path from "node:path";
import { REPLACE_ON_CHANGES, UPDATE_ONLY } from "./replace-on-change";

/** What the engine would do to a resource both plans have. */
export interface Classification {
  action: "update" | "replace" | "none";
  /** Inputs that force the replacement. */
  replaces: string[];
  /** The old resource goes before the new one is made (provider's answer or the resource option). */
  deleteBeforeReplace: boolean;
  /** Where the decision comes from: the provider's own diff, or the table's source lines. */
  basis: string[];
}

interface DiffResult {
  changes?: boolean;
  replaces?: string[];
  deleteBeforeReplace?: boolean;
}
interface DynamicProvider {
  diff(id: string, olds: unknown, news: unknown): Promise<DiffResult>;
}

const PROVIDERS_DIR = path.resolve(__dirname, "..", "..", "providers");
const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/";

let dynamicProviders: Map<string, DynamicProvider> | undefined;

/**
 * Every dynamic provider object, by the type token its resource class registers: `providers/<dir>/index.ts`
 * exports `fooBarProvider` next to the class `FooBar`, whose token is `pulumi-nodejs:dynamic/<dir>:FooBar`.
 */
export function dynamicProviderMap(): Map<string, DynamicProvider> {
  if (dynamicProviders) return dynamicProviders;
  dynamicProviders = new Map();
  for (const dir of fs.readdirSync(PROVIDERS_DIR).sort()) {
    const index = path.join(PROVIDERS_DIR, dir, "index.ts");
    if (!fs.existsSync(index)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(index) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) {
      const match = /^(\w+)Provider$/.exec(name);
      const diff = (value as Partial<DynamicProvider> | null)?.diff;
      if (!match || typeof diff !== "function") continue;
      const className = match[1][0].toUpperCase() + match[1].slice(1);
      dynamicProviders.set(`${DYNAMIC_PREFIX}${dir}:${className}`, value as DynamicProvider);
    }
  }
  return dynamicProviders;
}

/**
 * Classifies a change the way the engine would: a dynamic resource asks its provider's own `diff`, a bridged
 * one looks its changed inputs up in {@link REPLACE_ON_CHANGES}. `changed` are the top-level inputs whose
 * values differ; `olds`/`news` are the plans' (masked) inputs.
 */
export async function classifyChange(
  type: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  changed: string[],
  deleteBeforeReplaceOption: boolean,
): Promise<Classification> {
  const provider = type.startsWith(DYNAMIC_PREFIX) ? dynamicProviderMap().get(type) : undefined;
  if (provider) return fromProvider(provider, olds, news, changed, deleteBeforeReplaceOption);
  const rules = REPLACE_ON_CHANGES[type];
  if (changed.length === 0) return { action: "none", replaces: [], deleteBeforeReplace: false, basis: [] };
  if (rules === undefined) {
    return {
      action: "update",
      replaces: [],
      deleteBeforeReplace: false,
      basis: [`no replace-on-change table for ${type}: shown as an update`],
    };
  }
  const hits = rules.filter(
    (rule) =>
      changed.includes(rule.property) && (rule.when?.(olds[rule.property], news[rule.property]) ?? true),
  );
  if (hits.length === 0) {
    const basis = UPDATE_ONLY[type] ? [UPDATE_ONLY[type]] : [];
    return { action: "update", replaces: [], deleteBeforeReplace: false, basis };
  }
  return {
    action: "replace",
    replaces: hits.map((h) => h.property),
    deleteBeforeReplace: deleteBeforeReplaceOption,
    basis: hits.map((h) => `${h.property}: ${h.source}`),
  };
}

/**
 * The plan has inputs, not the state a provider normally diffs against, so whatever the provider reports for
 * identical inputs (e.g. Render's `ownerId`, filled in on create from the environment) is not a change.
 */
async function fromProvider(
  provider: DynamicProvider,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  changed: string[],
  deleteBeforeReplaceOption: boolean,
): Promise<Classification> {
  const basis = ["the provider's own diff"];
  let result: DiffResult;
  let baseline: DiffResult;
  try {
    baseline = await provider.diff("(planned)", news, news);
    result = await provider.diff("(planned)", olds, news);
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).split("\n")[0];
    return {
      action: changed.length > 0 ? "update" : "none",
      replaces: [],
      deleteBeforeReplace: false,
      basis: [`the provider's diff failed on the planned inputs (${why}): shown as an update`],
    };
  }
  const spurious = new Set(baseline.replaces ?? []);
  const replaces = (result.replaces ?? []).filter((p) => !spurious.has(p)).sort();
  if (replaces.length > 0) {
    return {
      action: "replace",
      replaces,
      deleteBeforeReplace: deleteBeforeReplaceOption || result.deleteBeforeReplace === true,
      basis,
    };
  }
  const reportsChanges = baseline.changes ? changed.length > 0 : result.changes === true;
  return {
    action: reportsChanges && changed.length > 0 ? "update" : "none",
    replaces: [],
    deleteBeforeReplace: false,
    basis,
  };
}
