import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { PROGRAM_BACKEND_KEYS, PROGRAM_FRONTEND_KEYS } from "../components/environment";
import {
  cacheBudgetUsd,
  defaultStartCommand,
  defaultWorkerCommand,
  FREE_MEDIA_LIMIT_MB,
  TIER_DEFAULTS,
  Tier,
} from "./defaults";
import { REGION_NAMES, REGIONS, RegionIds, regionForProviderName } from "./regions";
import { ParsedStackConfig, presetSchema, stackSchema } from "./schema";
import { coerceScalars, keysAt } from "./schema-walk";
import { nearest } from "./suggest";

export { REGIONS, REGION_NAMES, regionOf } from "./regions";
export type { RegionName, RegionIds } from "./regions";
export { TIER_DEFAULTS, FREE_MEDIA_LIMIT_MB, cacheBudgetUsd } from "./defaults";
export type { Tier } from "./defaults";

/** The config namespace: the Pulumi project name. */
export const NAMESPACE = "webapp";

/** A bad stack config: one line naming the key, the bad value, what is allowed and the command that fixes it. */
export class ConfigError extends pulumi.RunError {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

export interface MediaPreset {
  readonly name: string;
  readonly unsigned: boolean;
  readonly resourceType: "image" | "video" | "raw" | "auto";
  readonly allowedFormats: readonly string[];
  readonly maxFileSizeBytes: number;
  readonly transformation?: string;
  readonly tags: readonly string[];
}

type DeepReadonly<T> =
  T extends pulumi.Output<unknown>
    ? T
    : T extends (infer U)[]
      ? readonly DeepReadonly<U>[]
      : T extends object
        ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
        : T;

/** One stack's validated configuration: every default filled in, every name derived, frozen. */
export type StackConfig = DeepReadonly<
  Omit<ParsedStackConfig, "media" | "cache" | "ghcrUsername" | "backend"> & {
    backend: Omit<ParsedStackConfig["backend"], "secretEnv" | "startCommand" | "workerCommand"> & {
      /** The app's own secrets, each a Pulumi secret. */
      secretEnv: Record<string, pulumi.Output<string>>;
      startCommand: string;
      workerCommand: string;
    };
    project: string;
    stack: string;
    /** `<project>-<stack>` (lowercase, `.`/`_` as `-`): the prefix of every name a service sees. */
    prefix: string;
    regionIds: RegionIds;
    media: { folder: string; presets: MediaPreset[] };
    cache: { readRegions: ParsedStackConfig["cache"]["readRegions"]; eviction: boolean; budget: number };
    /** Credentials to push to and pull from GHCR; absent when the ambient Docker login / a public image is used. */
    ghcr?: { username: string; token: pulumi.Output<string> };
  }
>;

/**
 * Reads and validates the stack's `webapp:*` config once. Throws a {@link ConfigError} (a Pulumi RunError,
 * so the CLI prints the line without a stack trace) on the first problem found.
 */
export function loadStackConfig(): StackConfig {
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  const raw = readNamespace(NAMESPACE);
  const setCmd = (path: string, value: string) => fixCommand(stack, path, value);

  // The tier picks every other default, so it is checked before the schema can be built.
  const tierValue = raw.tier;
  if (tierValue !== "free" && tierValue !== "paid") {
    const suggestion = suggestValue(tierValue, ["free", "paid"]);
    throw new ConfigError(
      "webapp:tier",
      `webapp:tier is ${describe(tierValue)}; allowed: free, paid${suggestion ? `; did you mean ${suggestion}?` : "."} Fix: ${setCmd("tier", suggestion ?? "free")}`,
    );
  }
  const tier: Tier = tierValue;
  const { ghcrToken, ...rest } = raw;
  const schema = stackSchema(tier);
  const parsed = schema.safeParse(coerceScalars(schema, rest), { reportInput: true });
  if (!parsed.success) {
    throw issueToError(parsed.error.issues[0], { tier, stack, raw, schema });
  }
  const cfg = parsed.data;
  checkTierRules(cfg, tier, stack);

  // Pulumi stack names may hold capitals, `.` and `_`; the prefix also becomes a Vercel project name and
  // `<prefix>.vercel.app` host, and a Cloudinary preset name, which take only lowercase letters, digits and -.
  const prefix = `${project}-${stack}`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  const presets: MediaPreset[] = (
    cfg.media.presets ?? [presetSchema.parse({ name: `${prefix}-uploads` })]
  ).map(({ maxFileSizeMb, ...p }) => ({ ...p, maxFileSizeBytes: Math.round(maxFileSizeMb * 1024 * 1024) }));
  const ghcrSecret = new pulumi.Config(NAMESPACE).getSecret("ghcrToken");
  const ghcrUser = cfg.ghcrUsername;
  if ((ghcrToken === undefined) !== (ghcrUser === undefined)) {
    const missing = ghcrUser === undefined ? "ghcrUsername" : "ghcrToken";
    throw new ConfigError(
      `webapp:${missing}`,
      `webapp:${missing} is missing; webapp:ghcrUsername and webapp:ghcrToken go together. Fix: ${
        missing === "ghcrToken"
          ? `pulumi config set --secret webapp:ghcrToken <github token> --stack ${stack} (a token with read:packages and write:packages)`
          : setCmd("ghcrUsername", "<github user>")
      }`,
    );
  }

  checkAppEnv(cfg, stack);

  const { ghcrUsername: _username, media, cache, backend, ...settings } = cfg;
  return deepFreeze({
    ...settings,
    backend: {
      ...backend,
      startCommand: backend.startCommand ?? defaultStartCommand(backend.wsgiModule),
      workerCommand: backend.workerCommand ?? defaultWorkerCommand(backend.wsgiModule),
      secretEnv: Object.fromEntries(Object.entries(backend.secretEnv).map(([k, v]) => [k, pulumi.secret(v)])),
    },
    project,
    stack,
    prefix,
    regionIds: REGIONS[cfg.region],
    media: { folder: media.folder ?? cfg.adopt.mediaFolder ?? prefix, presets },
    cache: {
      readRegions: cache.readRegions,
      // Celery queues live in this database and have no TTL: eviction would drop queued tasks. Without a
      // worker the app runs tasks eagerly and nothing queues, so the cache may evict.
      eviction: cache.eviction ?? !cfg.backend.worker,
      budget: cache.budget ?? cacheBudgetUsd(cfg.monthlyBudget),
    },
    ...(ghcrUser && ghcrSecret ? { ghcr: { username: ghcrUser, token: ghcrSecret } } : {}),
  }) as StackConfig;
}

/**
 * The app's own variables may not reuse a name the program sets (the program's value would silently win or
 * lose), nor be both plain and secret.
 */
function checkAppEnv(cfg: ParsedStackConfig, stack: string): void {
  const rm = (path: string) => `pulumi config rm --path webapp:${path} --stack ${stack}`;
  const reserved: Array<[string, Record<string, string>, readonly string[]]> = [
    ["backend.env", cfg.backend.env, PROGRAM_BACKEND_KEYS],
    ["backend.secretEnv", cfg.backend.secretEnv, PROGRAM_BACKEND_KEYS],
    ["frontend.env", cfg.frontend.env, PROGRAM_FRONTEND_KEYS],
  ];
  for (const [path, env, keys] of reserved) {
    const taken = Object.keys(env).find((k) => keys.includes(k));
    if (taken) {
      throw new ConfigError(
        `webapp:${path}.${taken}`,
        `webapp:${path}.${taken} is a variable the program sets itself; give the app's variable another name. Fix: ${rm(`${path}.${taken}`)}`,
      );
    }
  }
  const both = Object.keys(cfg.backend.env).find((k) => k in cfg.backend.secretEnv);
  if (both) {
    throw new ConfigError(
      `webapp:backend.env.${both}`,
      `webapp:backend.env.${both} is also in webapp:backend.secretEnv; keep one. Fix: ${rm(`backend.env.${both}`)}`,
    );
  }
}

/** Config keys that exist only on paid plans, and what the free-tier service says about them. */
function checkTierRules(cfg: ParsedStackConfig, tier: Tier, stack: string): void {
  const fail = (path: string, value: unknown, why: string, fix: string): never => {
    throw new ConfigError(`webapp:${path}`, `webapp:${path} is ${describe(value)}; ${why}. Fix: ${fix}`);
  };
  const b = cfg.backend;
  if (b.image !== undefined && b.build !== undefined) {
    throw new ConfigError(
      "webapp:backend",
      `webapp:backend sets both backend.image and backend.build; keep one: remove backend.build to deploy the prebuilt image, or backend.image to build from source. Fix: pulumi config rm --path webapp:backend.build --stack ${stack}`,
    );
  }
  if (b.image === undefined && b.build === undefined) {
    fail(
      "backend.image",
      undefined,
      "set backend.image (a prebuilt image pinned by digest) or backend.build (context + GHCR repository)",
      fixCommand(stack, "backend.image", "ghcr.io/<owner>/<name>@sha256:<digest>"),
    );
  }
  if (b.autoscaling && b.autoscaling.max < b.autoscaling.min) {
    fail(
      "backend.autoscaling.max",
      b.autoscaling.max,
      `must be at least backend.autoscaling.min (${b.autoscaling.min})`,
      fixCommand(stack, "backend.autoscaling.max", String(b.autoscaling.min)),
    );
  }
  if (b.worker && cfg.cache.eviction === true) {
    fail(
      "cache.eviction",
      true,
      "the database carries the Celery broker of backend.worker, and eviction drops queued tasks (they have no TTL)",
      `pulumi config rm --path webapp:cache.eviction --stack ${stack}`,
    );
  }
  const adoptedFolder = cfg.adopt.mediaFolder;
  if (adoptedFolder !== undefined && cfg.media.folder !== undefined && cfg.media.folder !== adoptedFolder) {
    fail(
      "adopt.mediaFolder",
      adoptedFolder,
      `the adopted folder is the stack's media folder, but webapp:media.folder is ${describe(cfg.media.folder)}`,
      `pulumi config rm --path webapp:media.folder --stack ${stack}`,
    );
  }
  const d = cfg.database;
  if (d.minCu > d.maxCu) {
    fail(
      "database.minCu",
      d.minCu,
      `must not exceed database.maxCu (${d.maxCu})`,
      fixCommand(stack, "database.minCu", "0.25"),
    );
  }
  if (tier === "paid") {
    if (b.plan === "free") {
      fail(
        "backend.plan",
        b.plan,
        "a paid stack runs on a paid Render plan (starter, standard, pro, ...)",
        fixCommand(stack, "backend.plan", "standard"),
      );
    }
    if (b.autoscaling && cfg.render.workspace === "hobby") {
      fail(
        "backend.autoscaling",
        b.autoscaling,
        "Render autoscales only in a Professional workspace or higher (webapp:render.workspace is hobby)",
        fixCommand(stack, "render.workspace", "professional"),
      );
    }
    return;
  }
  // What each free plan refuses: [key, value, refused?, why, value that fixes it (undefined: remove the key)].
  const freeRules: Array<[string, unknown, boolean, string, string | undefined]> = [
    ["backend.plan", b.plan, b.plan !== "free", "Render bills every plan but free", "free"],
    ["backend.instances", b.instances, b.instances !== 1, "Render free web services run one instance", "1"],
    [
      "backend.autoscaling",
      b.autoscaling,
      !!b.autoscaling,
      "Render free web services cannot autoscale",
      undefined,
    ],
    ["backend.worker", b.worker, b.worker, "Render has no free background workers", "false"],
    ["database.maxCu", d.maxCu, d.maxCu > 2, "Neon Free autoscales up to 2 CU", "2"],
    [
      "database.historyRetentionSeconds",
      d.historyRetentionSeconds,
      d.historyRetentionSeconds > 21600,
      "Neon Free keeps at most 21600 s (6 h) of history",
      "21600",
    ],
    [
      "database.suspendTimeoutSeconds",
      d.suspendTimeoutSeconds,
      d.suspendTimeoutSeconds !== undefined,
      "Neon Free scales to zero after 300 s, fixed (it cannot be changed or disabled, and Neon stores 0 whatever is sent)",
      undefined,
    ],
    [
      "cache.readRegions",
      cfg.cache.readRegions,
      cfg.cache.readRegions.length > 0,
      "Upstash read regions are billed per replicated command",
      undefined,
    ],
    ...(cfg.media.presets ?? []).map((p, i): [string, unknown, boolean, string, string] => {
      const limit = FREE_MEDIA_LIMIT_MB[p.resourceType];
      return [
        `media.presets[${i}].maxFileSizeMb`,
        p.maxFileSizeMb,
        p.maxFileSizeMb > limit,
        `Cloudinary Free accepts ${p.resourceType} uploads up to ${limit} MB`,
        String(limit),
      ];
    }),
  ];
  const broken = freeRules.find(([, , refused]) => refused);
  if (broken) {
    const [path, value, , why, fixValue] = broken;
    fail(
      path,
      value,
      `${why} on the free tier (webapp:tier is free)`,
      fixValue === undefined
        ? `pulumi config rm --path webapp:${path} --stack ${stack}`
        : fixCommand(stack, path, fixValue),
    );
  }
}

/** All `<namespace>:<key>` values of the stack, objects decoded from the JSON Pulumi passes them as. */
function readNamespace(ns: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (!key.startsWith(`${ns}:`)) continue;
    out[key.slice(ns.length + 1)] = decode(value);
  }
  return out;
}

function decode(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
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
function suggestValue(input: unknown, allowed: string[]): string | undefined {
  if (typeof input !== "string") return undefined;
  if (REGION_NAMES.every((r) => allowed.includes(r))) {
    const region = regionForProviderName(input);
    if (region) return region;
  }
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

function fixCommand(stack: string, path: string, value: string): string {
  const quoted = /^[\w@:./<>,-]+$/.test(value) ? value : `'${value}'`;
  const flag = path.includes(".") || path.includes("[") ? "--path " : "";
  return `pulumi config set ${flag}webapp:${path} ${quoted} --stack ${stack}`;
}

function describe(value: unknown): string {
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
function issueToError(issue: z.core.$ZodIssue, { tier, stack, raw, schema }: IssueContext): ConfigError {
  const path = pathText(issue.path);
  const key = `webapp:${path}`;
  const input = (issue as { input?: unknown }).input;
  const example = exampleFor(path, tier);
  const fix = fixCommand(stack, path, example);
  switch (issue.code) {
    case "unrecognized_keys":
      return unknownKeyError(issue.path, issue.keys, { stack, raw, schema });
    case "invalid_value": {
      const allowed = issue.values.map(String);
      const suggestion = suggestValue(input, allowed);
      const fixValue = suggestion ?? (allowed.includes(example) ? example : allowed[0]);
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
  return path.endsWith("Cu") ? "0.25, 0.5 or a whole number of CU from 1 to 16" : "see README.md";
}

const EXAMPLES: Record<string, string> = {
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
  "database.postgresVersion": "17",
  "media.folder": "webapp-dev",
  "cache.budget": "25",
  "adopt.backendService": "srv-<20 letters and digits>",
  "adopt.backendWorker": "srv-<20 letters and digits>",
  "adopt.neonProject": "<word>-<word>-<number>",
  "adopt.mediaFolder": "<folder path>",
  "adopt.upstashDatabase": "<database uuid>",
  "adopt.vercelProject": "prj_<id>",
};

/** A value to show in the fix command: the tier's default where there is one. */
function exampleFor(path: string, tier: Tier): string {
  const generic = path.replace(/\[\d+\]/g, "");
  if (EXAMPLES[generic]) return EXAMPLES[generic];
  const d = TIER_DEFAULTS[tier] as unknown as Record<string, Record<string, unknown>>;
  const [section, leaf] = generic.split(".");
  const value = leaf ? d[section]?.[leaf] : (d as Record<string, unknown>)[section];
  if (value !== undefined && typeof value !== "object") return String(value);
  if (generic.endsWith("Percent")) return "70";
  if (generic.startsWith("backend.autoscaling")) return "2";
  return "<value>";
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !pulumi.Output.isInstance(value)) {
    Object.values(value as object).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
