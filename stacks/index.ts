import * as pulumi from "@pulumi/pulumi";
import { PROGRAM_BACKEND_KEYS, PROGRAM_FRONTEND_KEYS } from "../components/environment";
import { cacheBudgetUsd, defaultStartCommand, defaultWorkerCommand, Tier } from "./defaults";
import { ConfigError, describe, fixCommand, issueToError, suggestValue } from "./errors";
import { REGIONS, RegionIds } from "./regions";
import { ParsedStackConfig, presetSchema, stackSchema } from "./schema";
import { coerceScalars } from "./schema-walk";
import { crossFieldErrors } from "./cross-field";
import { envNumberErrors } from "./env-values";
import { checkTierRules } from "./tier-rules";

export { ConfigError } from "./errors";
export { REGIONS, REGION_NAMES, regionOf } from "./regions";
export type { RegionName, RegionIds } from "./regions";
export { TIER_DEFAULTS, FREE_MEDIA_LIMIT_MB, cacheBudgetUsd } from "./defaults";
export type { Tier } from "./defaults";

/** The config namespace: the Pulumi project name. */
export const NAMESPACE = "webapp";

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
 * so the CLI prints it without a stack trace) holding one line per problem found.
 */
export function loadStackConfig(): StackConfig {
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  const raw = readNamespace(NAMESPACE);
  const setCmd = (path: string, value: string) => fixCommand(stack, path, value);

  // Every problem is reported in one run: a user fixes them all at once, not one per run.
  const errors: ConfigError[] = [];
  const check = (run: () => void) => {
    try {
      run();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      errors.push(err);
    }
  };
  const fail = () => {
    if (errors.length > 0) throw ConfigError.all(errors);
  };

  // The tier picks every other default; a bad one is reported, and the rest is checked against free's
  // schema for the errors that do not depend on the tier.
  const tierValue = raw.tier;
  const tierOk = tierValue === "free" || tierValue === "paid";
  if (!tierOk) {
    const suggestion = suggestValue(tierValue, ["free", "paid"]);
    errors.push(
      new ConfigError(
        "webapp:tier",
        `webapp:tier is ${describe(tierValue)}; allowed: free, paid${suggestion ? `; did you mean ${suggestion}?` : "."} Fix: ${setCmd("tier", suggestion ?? "free")}`,
      ),
    );
  }
  const tier: Tier = tierOk ? tierValue : "free";
  const { ghcrToken, ...rest } = raw;
  const schema = stackSchema(tier);
  const parsed = schema.safeParse(coerceScalars(schema, tierOk ? rest : { ...rest, tier }), {
    reportInput: true,
  });
  if (!parsed.success) {
    errors.push(...parsed.error.issues.map((issue) => issueToError(issue, { tier, stack, raw, schema })));
  }
  errors.push(...envNumberErrors(raw, stack));
  if (!parsed.success || !tierOk) {
    fail();
    throw new Error("unreachable: a failed parse reports at least one issue");
  }
  const cfg = parsed.data;
  check(() => checkTierRules(cfg, tier, stack));
  errors.push(...crossFieldErrors(cfg, stack));

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
    errors.push(
      new ConfigError(
        `webapp:${missing}`,
        `webapp:${missing} is missing; webapp:ghcrUsername and webapp:ghcrToken go together. Fix: ${
          missing === "ghcrToken"
            ? `pulumi config set --secret webapp:ghcrToken <github token> --stack ${stack} (a token with read:packages and write:packages)`
            : setCmd("ghcrUsername", "<github user>")
        }`,
      ),
    );
  }
  // No longer declared `secret: true` in Pulumi.yaml (that made it required), so the CLI no longer refuses
  // a plain token: the program does.
  if (ghcrToken !== undefined && !isConfigSecret("webapp:ghcrToken")) {
    errors.push(
      new ConfigError(
        "webapp:ghcrToken",
        `webapp:ghcrToken is set in plain text; it is a credential and must be a secret. Fix: pulumi config set --secret webapp:ghcrToken "$(pulumi config get webapp:ghcrToken --stack ${stack})" --stack ${stack}`,
      ),
    );
  }

  check(() => checkAppEnv(cfg, stack));
  fail();

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

/** All `<namespace>:<key>` values of the stack, objects decoded from the JSON Pulumi passes them as. */
function readNamespace(ns: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (!key.startsWith(`${ns}:`)) continue;
    out[key.slice(ns.length + 1)] = decode(value);
  }
  return out;
}

/** The SDK's own check of whether a key was set as a secret (what `Config.get`'s warning uses; typed internal). */
function isConfigSecret(key: string): boolean {
  return (pulumi.runtime as unknown as { isConfigSecret(key: string): boolean }).isConfigSecret(key);
}

function decode(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !pulumi.Output.isInstance(value)) {
    Object.values(value as object).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
