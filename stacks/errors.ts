/**
 * The one-line config errors: what a key's problem is, what is allowed, and the `pulumi config set` that fixes
 * it (with "did you mean" for near misses). `index.ts` validates; this file only words what went wrong.
 */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { TIER_DEFAULTS, Tier } from "./defaults";
import { REGION_NAMES, RegionName, regionForProviderName, regionIds } from "./regions";
import type { stackSchema } from "./schema";
import { keysAt } from "./schema-walk";
import { nearest, nearestRegion, nearestTier } from "./suggest";

/** A bad stack config: one line naming the key, the bad value, what is allowed and the command that fixes it. */
export class ConfigError extends pulumi.RunError {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }

  /** Several problems reported at once: one line each, the first one's key. */
  static all(errors: readonly ConfigError[]): ConfigError {
    if (errors.length === 1) return errors[0];
    return new ConfigError(errors[0].key, errors.map((e) => e.message).join("\n"));
  }
}

/**
 * A key the schema does not have. Three likely causes, each with its own fix: a nested key written at
 * the top level (`pulumi config set webapp:backend.plan` without `--path`), a typo of a key that exists,
 * or a key that does not exist at all.
 */
function unknownKeyError(
  at: readonly PropertyKey[],
  keys: string[],
  { stack, raw, schema }: Omit<IssueContext, "tier">,
): ConfigError {
  const parent = pathText(at);
  const full = (k: string) => `webapp:${parent ? `${parent}.` : ""}${k}`;
  const first = keys[0];
  const topKey = `webapp:${String(at[0] ?? first)}`;
  // A secret's value never goes into a message: the fix names the value instead and keeps it secret.
  // `isConfigSecret` is the SDK's own check (what `Config.get`'s secret warning uses), typed internal.
  const secret = (pulumi.runtime as unknown as { isConfigSecret(key: string): boolean }).isConfigSecret(
    topKey,
  );
  const value = secret ? "<secret value>" : valueAt(raw, [...at, first]);
  const setFix = (path: string, v: string) =>
    secret
      ? fixCommand(stack, path, v).replace("pulumi config set ", "pulumi config set --secret ")
      : fixCommand(stack, path, v);
  const rm = `pulumi config rm ${parent ? "--path " : ""}${full(first)} --stack ${stack}`;
  const topSegment = /^[^.[]+/.exec(first)?.[0] ?? first;
  const known = keysAt(schema, at).concat(at.length === 0 ? ["ghcrToken"] : []);
  if (at.length === 0 && topSegment !== first && known.includes(topSegment)) {
    const set = isScalar(value) ? ` && ${setFix(first, String(value))}` : "";
    return new ConfigError(
      full(first),
      `${full(first)} is one top-level key named "${first}", which the program never reads; a nested setting is set with --path. Fix: ${rm}${set}`,
    );
  }
  const suggestion = nearest(first, known);
  const others = keys.length > 1 ? ` (also ${keys.slice(1).map(full).join(", ")})` : "";
  if (!suggestion) {
    return new ConfigError(
      full(first),
      `${full(first)}${others} is not a known setting; known ${parent ? `under webapp:${parent}` : "webapp settings"}: ${known.join(", ")}. Fix: ${rm}`,
    );
  }
  const target = full(suggestion);
  const move = isScalar(value)
    ? `${rm} && ${setFix(`${parent ? `${parent}.` : ""}${suggestion}`, String(value))}`
    : `rename ${full(first)} to ${target} in Pulumi.${stack}.yaml`;
  return new ConfigError(
    full(first),
    `${full(first)}${others} is not a known setting; did you mean ${target}? Fix: ${move}`,
  );
}

/** The allowed value a written one most likely meant; a provider's own region name maps to ours. */
export function suggestValue(input: unknown, allowed: string[]): string | undefined {
  if (typeof input !== "string") return undefined;
  if (REGION_NAMES.every((r) => allowed.includes(r))) {
    return regionForProviderName(input) ?? nearestRegion(input, allowed);
  }
  if (allowed.length === 2 && allowed.includes("free") && allowed.includes("paid")) return nearestTier(input);
  return nearest(input, allowed);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) v = v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

function isScalar(value: unknown): value is string | number | boolean {
  return ["string", "number", "boolean"].includes(typeof value);
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}

/** The SDK's own check of whether a config key was set as a secret (typed internal). */
function isSecretKey(key: string): boolean {
  return (pulumi.runtime as unknown as { isConfigSecret(key: string): boolean }).isConfigSecret(key);
}

/** Paths whose value the program keeps secret: each is set with `--secret`, whatever else the key holds. */
function isSecretPath(path: string): boolean {
  return /^backend\.secretEnv(\.|$)/.test(path) || path === "ghcrToken" || path === "backend.secretKey";
}

/** A secret's shape without its content. */
function describeSecret(value: unknown): string {
  if (Array.isArray(value)) return "a list (value hidden: the key holds a secret)";
  if (value && typeof value === "object") return "an object (value hidden: the key holds a secret)";
  return `a ${typeof value} (value hidden: the key holds a secret)`;
}

function secretFixCommand(stack: string, path: string, value: string): string {
  return plainFixCommand(stack, path, value).replace("pulumi config set ", "pulumi config set --secret ");
}

const plainFixCommand = (stack: string, path: string, value: string) => fixCommand(stack, path, value);
const describeValue = (value: unknown) => describe(value);

export function fixCommand(stack: string, path: string, value: string): string {
  const quoted = /^[\w@:./<>,-]+$/.test(value) ? value : `'${value}'`;
  const flag = path.includes(".") || path.includes("[") ? "--path " : "";
  // `[0]` is a shell glob (zsh refuses it unmatched): list paths are quoted, as Pulumi's own help shows them.
  const key = path.includes("[") ? `'webapp:${path}'` : `webapp:${path}`;
  return `pulumi config set ${flag}${key} ${quoted} --stack ${stack}`;
}

export function describe(value: unknown): string {
  return value === undefined ? "missing" : `${JSON.stringify(value)}`;
}

interface IssueContext {
  tier: Tier;
  stack: string;
  /** The namespace's values as the stack sets them, before defaults. */
  raw: Record<string, unknown>;
  schema: ReturnType<typeof stackSchema>;
}

/** Turns zod's first issue into the one-line error. */
export function issueToError(
  issue: z.core.$ZodIssue,
  { tier, stack, raw, schema }: IssueContext,
): ConfigError {
  const path = pathText(issue.path);
  const key = `webapp:${path}`;
  // A key holding a secret anywhere is decrypted as a whole: none of its values may show in a message.
  const secret = isSecretKey(`webapp:${String(issue.path[0])}`);
  const describe = (value: unknown) =>
    secret && value !== undefined ? describeSecret(value) : describeValue(value);
  const input = (issue as { input?: unknown }).input;
  const expected = issue.code === "invalid_type" ? issue.expected : undefined;
  // A boolean's fix is a real boolean; a key with no example value is removed (its default applies, or the
  // next run names what it needs): never a `<value>` to guess.
  const example = exampleFor(
    path,
    tier,
    expected === "boolean" ? (path === "protectData" ? String(tier === "paid") : "false") : undefined,
  );
  const fixCommand = (st: string, p: string, v: string) =>
    isSecretPath(p) ? secretFixCommand(st, p, v) : plainFixCommand(st, p, v);
  const quotedKey = path.includes("[") ? `'${key}'` : key;
  const fix = example.includes("<value>")
    ? `pulumi config rm ${/[.[]/.test(path) ? "--path " : ""}${quotedKey} --stack ${stack}`
    : fixCommand(stack, path, example);
  switch (issue.code) {
    case "unrecognized_keys":
      return unknownKeyError(issue.path, issue.keys, { stack, raw, schema });
    case "invalid_value": {
      const allowed = issue.values.map(String);
      const suggestion = suggestValue(input, allowed);
      // A read region must not be the primary (Upstash's catalog rule): suggest the first one that is not.
      const primary = path.startsWith("cache.readRegions")
        ? regionIds(
            REGION_NAMES.includes(raw.region as RegionName)
              ? (raw.region as RegionName)
              : TIER_DEFAULTS[tier].region,
          ).upstash
        : undefined;
      const candidates = allowed.filter((a) => a !== primary);
      const fixValue = suggestion ?? (candidates.includes(example) ? example : candidates[0]);
      return new ConfigError(
        key,
        `${key} is ${describe(input)}; allowed: ${allowed.join(", ")}${
          suggestion ? `; did you mean ${suggestion}?` : "."
        } Fix: ${fixCommand(stack, path, fixValue)}`,
      );
    }
    case "invalid_type": {
      if (input === undefined) {
        const leaf = REQUIRED_LEAF[path];
        return new ConfigError(
          key,
          leaf
            ? `${key} is missing; it is required, with at least webapp:${leaf}. Fix: ${fixCommand(stack, leaf, exampleFor(leaf, tier))}`
            : `${key} is missing; it is required. Fix: ${fix}`,
        );
      }
      return new ConfigError(
        key,
        `${key} is ${describe(input)}; expected ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}. Fix: ${fix}`,
      );
    }
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const word = issue.code === "too_small" ? "at least" : "at most";
      const what = issue.origin === "string" ? ` characters` : issue.origin === "array" ? " items" : "";
      return new ConfigError(
        key,
        `${key} is ${describe(input)}; must be ${word} ${String(bound)}${what}. Fix: ${fix}`,
      );
    }
    case "invalid_union":
      return new ConfigError(key, `${key} is ${describe(input)}; allowed: ${unionValues(path)}. Fix: ${fix}`);
    default:
      return new ConfigError(key, `${key} is ${describe(input)}; ${issue.message}. Fix: ${fix}`);
  }
}

/** Required objects, and the key inside them a user sets first. */
const REQUIRED_LEAF: Record<string, string> = { frontend: "frontend.repository" };

const EXPECTED: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  array: "a list",
  object: "an object",
  boolean: "true or false",
  string: "a string",
};

function unionValues(path: string): string {
  if (/\.(env|secretEnv)\./.test(path)) return "a string (or a whole number, or true/false)";
  return path.endsWith("Cu") ? "0.25, 0.5 or a whole number of CU from 1 to 16" : "see README.md";
}

const EXAMPLES: Record<string, string> = {
  tier: "free",
  region: "us-east",
  monthlyBudget: "0",
  "domains.api": "api.example.com",
  "domains.frontend": "www.example.com",
  "backend.image": "ghcr.io/<owner>/<name>@sha256:<digest>",
  "backend.build.context": "../api",
  "backend.build.repository": "ghcr.io/<owner>/<name>",
  "backend.healthCheckPath": "/healthz",
  "backend.adminEmail": "admin@example.com",
  "backend.settingsModule": "core.settings",
  "backend.wsgiModule": "core.wsgi",
  "frontend.vercelScope": "acme",
  "backend.debug": "false",
  "frontend.repository": "<owner>/<repo>",
  "frontend.rootDirectory": "frontend",
  "frontend.accountId": "<32-hex-digit account id>",
  "frontend.projectName": "acme-shop",
  "database.postgresVersion": "17",
  "media.folder": "webapp-dev",
  "media.presets.name": "webapp-uploads",
  "cache.budget": "25",
  "adopt.backendService": "srv-<20 letters and digits>",
  "adopt.backendWorker": "srv-<20 letters and digits>",
  "adopt.neonProject": "<word>-<word>-<number>",
  "adopt.mediaFolder": "<folder path>",
  "adopt.upstashDatabase": "<database uuid>",
  "adopt.vercelProject": "prj_<id>",
  "adopt.vercelDomain": "www.example.com",
  "backend.secretKey": "<secret value>",
  "cache.databaseName": "<database name>",
  "database.databaseName": "neondb",
  "database.roleName": "neondb_owner",
};

/** A value to show in the fix command: the tier's default where there is one. */
export function exampleFor(path: string, tier: Tier, fallback?: string): string {
  const generic = path.replace(/\[\d+\]/g, "");
  if (EXAMPLES[generic]) return EXAMPLES[generic];
  if (fallback !== undefined) return fallback;
  if (/^backend\.secretEnv\./.test(generic)) return "<secret value>";
  if (/^(backend|frontend)\.env\./.test(generic)) return "text";
  const d = TIER_DEFAULTS[tier] as unknown as Record<string, Record<string, unknown>>;
  const [section, leaf] = generic.split(".");
  const value = leaf ? d[section]?.[leaf] : (d as Record<string, unknown>)[section];
  if (value !== undefined && typeof value !== "object") return String(value);
  if (generic.endsWith("Percent")) return "70";
  if (generic.startsWith("backend.autoscaling")) return "2";
  return "<value>";
}
