import * as pulumi from "@pulumi/pulumi";
import {
  Layer,
  NO_TARGET,
  PARTS,
  Part,
  PROGRAM_BACKEND_KEYS,
  PROGRAM_FRONTEND_KEYS,
  RegionName,
} from "../contracts";
import type { StackFacts } from "../components/catalog";
import { DEFAULT_TARGETS, targetNames } from "../components/targets";
import { defaultStartCommand, defaultWorkerCommand, Tier, TIER_DEFAULTS } from "./defaults";
import { ConfigError, describe, fixCommand, issueToError, suggestValue } from "./errors";
import { chosenTargets, stackSchema } from "./schema";
import { coerceScalars } from "./schema-walk";
import { crossFieldErrors } from "./cross-field";
import { combinationErrors } from "./combinations";
import { envNumberErrors } from "./env-values";
import { checkTierRules } from "./tier-rules";
import { readSecrets } from "./credentials";
import type { OpsConfig } from "./ops";
import { layerErrors, layerOf, partsOutside } from "./layers";

export { ConfigError } from "./errors";
export { REGION_NAMES, regionOf, regionIds } from "./regions";
export type { RegionName, RegionIds } from "./regions";
export { TIER_DEFAULTS } from "./defaults";
export type { Tier } from "./defaults";
export type { OpsConfig } from "./ops";

/** The config namespace: the Pulumi project name. */
export const NAMESPACE = "webapp";

/** One part's validated settings: its target's keys (and the app's own, for backend and frontend). */
export type PartConfig = Readonly<{ target: string } & Record<string, unknown>>;

/** The app's own backend settings, whatever target runs it. */
export interface BackendAppConfig {
  readonly target: string;
  readonly image?: string;
  readonly healthCheckPath: string;
  readonly wsgiModule: string;
  readonly startCommand: string;
  readonly migrateCommand: string;
  readonly releaseCommand: string;
  readonly worker: boolean;
  readonly workerCommand: string;
  readonly settingsModule?: string;
  readonly env: Readonly<Record<string, string>>;
  /** The app's own secrets, each a Pulumi secret. */
  readonly secretEnv: Readonly<Record<string, pulumi.Output<string>>>;
  /** `webapp:backend.secretKey`: an existing SECRET_KEY (a Pulumi secret) kept instead of a generated one. */
  readonly secretKey?: pulumi.Output<string>;
  readonly adminEmail: string;
  readonly debug: boolean;
  readonly [key: string]: unknown;
}

/** One stack's validated configuration: every default filled in, every name derived, frozen. */
export interface StackConfig {
  readonly tier: Tier;
  readonly region: RegionName;
  readonly monthlyBudget: number;
  readonly protectData: boolean;
  /** `webapp:layer`: the one layer this stack deploys; absent: every part. */
  readonly layer?: Layer;
  /** `webapp:layers`: the stacks (`org/project/stack`) of the layers this one reads. */
  readonly layers: Readonly<{ data?: string; server?: string }>;
  readonly project: string;
  readonly stack: string;
  /** `<project>-<stack>` (lowercase, `.`/`_` as `-`): the prefix of every name a service sees. */
  readonly prefix: string;
  readonly domains: Readonly<{ api?: string; frontend?: string }>;
  /** `webapp:adopt`: ids of resources made by hand that the stack takes over. */
  readonly adopt: Readonly<Record<string, unknown>>;
  /** The target of each part; `none`: the system has no such part (another layer's part: only whether it has it). */
  readonly targets: Readonly<Record<Part, string>>;
  /** Each used part's settings (absent: left out). */
  readonly backend?: BackendAppConfig;
  readonly frontend?: PartConfig & { readonly env: Readonly<Record<string, string>> };
  readonly database?: PartConfig;
  readonly cache?: PartConfig;
  readonly media?: PartConfig;
  /** Top-level keys a target owns (e.g. `render`), by key. */
  readonly own: Readonly<Record<string, unknown>>;
  /** Credentials to push to and pull from GHCR; absent when the ambient Docker login / a public image is used. */
  readonly ghcr?: { readonly username: string; readonly token: pulumi.Output<string> };
  /** Each used part's target's credentials (its catalog's `secrets`), by name. */
  readonly secrets: Readonly<Partial<Record<Part, Readonly<Record<string, pulumi.Output<string>>>>>>;
  /** `webapp:ops`: uptime monitors and error tracking, each absent unless the stack sets it. */
  readonly ops: OpsConfig;
  /** What targets may know of the stack: never the whole config. */
  readonly facts: StackFacts;
}

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
  // The targets pick the parts' schemas, so they are checked before it too.
  const targets = Object.fromEntries(
    PARTS.map((p) => {
      try {
        return [p, targetOf(raw, p, stack)];
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        errors.push(err);
        return [p, DEFAULT_TARGETS[p]];
      }
    }),
  ) as Record<Part, string>;
  // A stack deploying one layer validates its own parts only; the others are another stack's business.
  const others = partsOutside(layerOf(raw.layer));
  const chosen = Object.fromEntries(
    Object.entries(chosenTargets(targets)).map(([p, c]) => [p, others.includes(p as Part) ? undefined : c]),
  ) as ReturnType<typeof chosenTargets>;
  const { ghcrToken, ...rest } = raw;
  const schema = stackSchema(tier, chosen, others, layerOf(raw.layer));
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
  const cfg = parsed.data as Record<string, unknown> & {
    region: RegionName;
    monthlyBudget: number;
    protectData: boolean;
    layer?: Layer;
    layers: { data?: string; server?: string };
    adopt: Record<string, unknown>;
    domains: { api?: string; frontend?: string };
    ghcrUsername?: string;
    ops: OpsConfig;
    backend?: Record<string, unknown> & {
      env: Record<string, string>;
      secretEnv: Record<string, string>;
      secretKey?: string;
      wsgiModule: string;
      startCommand?: string;
      workerCommand?: string;
      worker: boolean;
    };
    frontend?: Record<string, unknown> & { env: Record<string, string> };
  };
  // A part left out (`target: none`) holds nothing but its target.
  for (const p of PARTS) if (!chosen[p]) delete cfg[p];
  check(() => checkTierRules(cfg, tier, stack, chosen));
  errors.push(...crossFieldErrors(cfg as Parameters<typeof crossFieldErrors>[0], stack));
  errors.push(...combinationErrors(targets, cfg as Parameters<typeof combinationErrors>[1], stack));
  errors.push(...layerErrors(cfg, targets, stack));

  // Pulumi stack names may hold capitals, `.` and `_`; the prefix also becomes a Vercel project name and
  // `<prefix>.vercel.app` host, and a Cloudinary preset name, which take only lowercase letters, digits and -.
  const prefix = `${project}-${stack}`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
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

  errors.push(...secretKeyErrors(cfg.backend?.secretKey, stack));
  check(() => checkAppEnv(cfg, stack));
  fail();
  const secrets = Object.fromEntries(
    PARTS.flatMap((p) => (chosen[p]?.secrets ? [[p, readSecrets(chosen[p].secrets, stack)]] : [])),
  );

  const backend = cfg.backend;
  const facts: StackFacts = {
    stack,
    prefix,
    tier,
    region: cfg.region,
    monthlyBudget: cfg.monthlyBudget,
    protectData: cfg.protectData,
    // A data layer's stack has no backend settings: it assumes the tier's worker, as the server's would.
    worker: backend?.worker ?? (cfg.layer === "data" ? TIER_DEFAULTS[tier].backend.worker : false),
  };
  const parts = Object.fromEntries(
    PARTS.flatMap((p) => {
      const c = chosen[p];
      const settings = cfg[p] as Record<string, unknown> | undefined;
      if (!c || !settings) return [];
      const resolved = c.resolve ? c.resolve(settings, facts, cfg.adopt) : settings;
      return [[p, { ...resolved, target: targets[p] }]];
    }),
  );
  const own = Object.fromEntries(
    PARTS.flatMap((p) => Object.keys(chosen[p]?.own ?? {})).map((k) => [k, cfg[k]]),
  );
  return deepFreeze({
    tier,
    region: cfg.region,
    monthlyBudget: cfg.monthlyBudget,
    protectData: cfg.protectData,
    ...(cfg.layer ? { layer: cfg.layer } : {}),
    layers: cfg.layers,
    project,
    stack,
    prefix,
    domains: cfg.domains,
    adopt: cfg.adopt,
    targets,
    ...parts,
    ...(backend
      ? {
          backend: {
            ...parts.backend,
            startCommand: backend.startCommand ?? defaultStartCommand(backend.wsgiModule),
            workerCommand: backend.workerCommand ?? defaultWorkerCommand(backend.wsgiModule),
            secretEnv: Object.fromEntries(
              Object.entries(backend.secretEnv).map(([k, v]) => [k, pulumi.secret(v)]),
            ),
            secretKey: backend.secretKey === undefined ? undefined : pulumi.secret(backend.secretKey),
          },
        }
      : {}),
    own,
    ...(ghcrUser && ghcrSecret ? { ghcr: { username: ghcrUser, token: ghcrSecret } } : {}),
    secrets,
    ops: cfg.ops,
    facts,
  }) as StackConfig;
}

/**
 * An adopted SECRET_KEY must be a secret, and one Django's `check --deploy` accepts: at least 50 characters,
 * at least 5 of them different, without the `django-insecure-` prefix of a development key (security.W009,
 * docs.djangoproject.com/en/stable/ref/checks/#security). The value is never in a message.
 */
function secretKeyErrors(secretKey: string | undefined, stack: string): ConfigError[] {
  if (secretKey === undefined) return [];
  const key = "webapp:backend.secretKey";
  if (!isConfigSecret("webapp:backend")) {
    return [
      new ConfigError(
        key,
        `${key} is set in plain text; it signs the app's sessions and must be a secret. Fix: pulumi config set --secret --path ${key} "$(pulumi config get --path ${key} --stack ${stack})" --stack ${stack}`,
      ),
    ];
  }
  const weak =
    secretKey.length < 50 || new Set(secretKey).size < 5 || secretKey.startsWith("django-insecure-");
  return weak
    ? [
        new ConfigError(
          key,
          `${key} is too weak for Django's check --deploy (security.W009: at least 50 characters, 5 of them different, and no django-insecure- prefix); keep a strong one, or let the program generate one (sessions signed with the old key end). Fix: pulumi config rm --path ${key} --stack ${stack}`,
        ),
      ]
    : [];
}

/** `webapp:<part>.target`: a registered target of the part, `none`, or (unset) today's vendor. */
function targetOf(raw: Record<string, unknown>, part: Part, stack: string): string {
  const section = raw[part];
  const value =
    section && typeof section === "object" ? (section as Record<string, unknown>).target : undefined;
  if (value === undefined) return DEFAULT_TARGETS[part];
  const allowed = [...targetNames(part), NO_TARGET];
  if (typeof value === "string" && allowed.includes(value)) return value;
  const suggestion = suggestValue(value, allowed);
  throw new ConfigError(
    `webapp:${part}.target`,
    `webapp:${part}.target is ${describe(value)}; allowed: ${allowed.join(", ")}${suggestion ? `; did you mean ${suggestion}?` : "."} Fix: ${fixCommand(stack, `${part}.target`, suggestion ?? DEFAULT_TARGETS[part])}`,
  );
}

/**
 * The app's own variables may not reuse a name the program sets (the program's value would silently win or
 * lose), nor be both plain and secret.
 */
function checkAppEnv(
  cfg: {
    backend?: { env: Record<string, string>; secretEnv: Record<string, string> };
    frontend?: { env: Record<string, string> };
  },
  stack: string,
): void {
  const rm = (path: string) => `pulumi config rm --path webapp:${path} --stack ${stack}`;
  const reserved: Array<readonly [string, Record<string, string>, readonly string[]]> = [
    ...(cfg.backend
      ? ([
          ["backend.env", cfg.backend.env, PROGRAM_BACKEND_KEYS],
          ["backend.secretEnv", cfg.backend.secretEnv, PROGRAM_BACKEND_KEYS],
        ] as const)
      : []),
    ...(cfg.frontend ? ([["frontend.env", cfg.frontend.env, PROGRAM_FRONTEND_KEYS]] as const) : []),
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
  const both = cfg.backend && Object.keys(cfg.backend.env).find((k) => k in cfg.backend!.secretEnv);
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
