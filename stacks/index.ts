import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { PROGRAM_BACKEND_KEYS, PROGRAM_FRONTEND_KEYS } from "../components/environment";
import {
  defaultStartCommand,
  defaultWorkerCommand,
  FREE_MEDIA_LIMIT_MB,
  TIER_DEFAULTS,
  Tier,
} from "./defaults";
import { REGIONS, RegionIds } from "./regions";
import { ParsedStackConfig, presetSchema, stackSchema } from "./schema";

export { REGIONS, REGION_NAMES, regionOf } from "./regions";
export type { RegionName, RegionIds } from "./regions";
export { TIER_DEFAULTS, FREE_MEDIA_LIMIT_MB } from "./defaults";
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
  Omit<ParsedStackConfig, "media" | "ghcrUsername" | "backend"> & {
    backend: Omit<ParsedStackConfig["backend"], "secretEnv" | "startCommand" | "workerCommand"> & {
      /** The app's own secrets, each a Pulumi secret. */
      secretEnv: Record<string, pulumi.Output<string>>;
      startCommand: string;
      workerCommand: string;
    };
    project: string;
    stack: string;
    /** `<project>-<stack>`: the prefix of every name a service sees. */
    prefix: string;
    regionIds: RegionIds;
    media: { folder: string; presets: MediaPreset[] };
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
    throw new ConfigError(
      "webapp:tier",
      `webapp:tier is ${describe(tierValue)}; allowed: free, paid. Fix: ${setCmd("tier", "free")}`,
    );
  }
  const tier: Tier = tierValue;
  const { ghcrToken, ...rest } = raw;
  const parsed = stackSchema(tier).safeParse(rest, { reportInput: true });
  if (!parsed.success) {
    throw issueToError(parsed.error.issues[0], tier, stack);
  }
  const cfg = parsed.data;
  checkTierRules(cfg, tier, stack);

  const prefix = `${project}-${stack}`;
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
          ? `pulumi config set --secret webapp:ghcrToken <token with read:packages, write:packages> --stack ${stack}`
          : setCmd("ghcrUsername", "<github user>")
      }`,
    );
  }

  checkAppEnv(cfg, stack);

  const { ghcrUsername: _username, media, backend, ...settings } = cfg;
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
    media: { folder: media.folder ?? prefix, presets },
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
  if ((b.image === undefined) === (b.build === undefined)) {
    fail(
      "backend",
      b.image ?? b.build ?? {},
      "set exactly one of backend.image (a prebuilt image pinned by digest) or backend.build (context + GHCR repository)",
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
      d.suspendTimeoutSeconds === -1,
      "Neon Free always scales to zero",
      "300",
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

function fixCommand(stack: string, path: string, value: string): string {
  const quoted = /^[\w@:./<>,-]+$/.test(value) ? value : `'${value}'`;
  const flag = path.includes(".") || path.includes("[") ? "--path " : "";
  return `pulumi config set ${flag}webapp:${path} ${quoted} --stack ${stack}`;
}

function describe(value: unknown): string {
  return value === undefined ? "missing" : `${JSON.stringify(value)}`;
}

/** Turns zod's first issue into the one-line error. */
function issueToError(issue: z.core.$ZodIssue, tier: Tier, stack: string): ConfigError {
  const path = issue.path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
  const key = `webapp:${path}`;
  const input = (issue as { input?: unknown }).input;
  const example = exampleFor(path, tier);
  const fix = fixCommand(stack, path, example);
  switch (issue.code) {
    case "unrecognized_keys": {
      const unknown = issue.keys.map((k) => (path ? `${key}.${k}` : `webapp:${k}`));
      return new ConfigError(
        unknown[0],
        `${unknown.join(", ")} is not a known setting; see the configuration table in README.md. Fix: pulumi config rm ${
          path ? "--path " : ""
        }${unknown[0]} --stack ${stack}`,
      );
    }
    case "invalid_value":
      return new ConfigError(
        key,
        `${key} is ${describe(input)}; allowed: ${issue.values.map(String).join(", ")}. Fix: ${fixCommand(stack, path, String(issue.values[0]))}`,
      );
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
