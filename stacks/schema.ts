import { z } from "zod";
import { Layer, LAYERS, NO_TARGET, PARTS, Part } from "../contracts";
import type { TargetCatalog } from "../components/catalog";
import { findTarget } from "../components/targets";
import { opsSchema } from "./ops";
import { REGION_NAMES } from "./regions";
import {
  DEFAULT_MIGRATE_COMMAND,
  DEFAULT_RELEASE_COMMAND,
  DEFAULT_WSGI_MODULE,
  TIER_DEFAULTS,
  Tier,
} from "./defaults";

/*
 * The common schema: the keys every stack has whatever its targets (tier, region, budget, domains, the app's
 * own backend and frontend settings). Each part's other keys, and the `adopt` ids and top-level keys a target
 * owns, come from that target's catalog (components/<vendor>/catalog.ts).
 */

const hostname = z
  .string()
  .regex(
    /^(?=.{1,253}$)(?!-)([a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/,
    "must be a lowercase DNS hostname such as api.example.com (no scheme, no path)",
  );
// Any image reference is valid config; pinning by digest is the `images-pinned-by-digest` policy's call.
const imageReference = z
  .string()
  .regex(
    /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/,
    "must be an image reference such as ghcr.io/acme/api@sha256:<64 hex digits>",
  );
const ghcrRepository = z
  .string()
  .regex(
    /^ghcr\.io\/[a-z0-9-]+(\/[a-z0-9._-]+)+$/,
    "must be a lowercase GHCR repository such as ghcr.io/acme/api (no tag)",
  );
const relativePath = z
  .string()
  .min(1)
  .regex(/^(?!\/)(?!.*(^|\/)\.\.($|\/.*\/\.\.))[^\0]*$/, "must be a path relative to the program directory");
const command = z.string().trim().min(1, "must not be empty");
const pythonModule = z
  .string()
  .regex(/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/, "must be a Python module path such as core.settings");
/** The app's own variables: `KEY: value`; numbers and booleans as YAML or `--path` store them. */
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name (letters, digits, _)");
const envValue = z
  .union([z.string(), z.number(), z.boolean()])
  // Python-style booleans: what Django settings compare against (`== "True"`), like DEBUG here.
  .transform((v) => (typeof v === "boolean" ? (v ? "True" : "False") : String(v)));
const envMap = z.record(envName, envValue).default({});
const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/, "must be an email address");

/** The app's own backend settings, whatever runs it. */
function backendAppShape(tier: Tier): z.core.$ZodShape {
  const d = TIER_DEFAULTS[tier];
  return {
    image: imageReference.optional(),
    build: z
      .strictObject({
        context: relativePath,
        dockerfile: relativePath.optional(),
        repository: ghcrRepository,
      })
      .optional(),
    healthCheckPath: z
      .string()
      .regex(/^\/\S*$/, "must be a URL path starting with /")
      .default("/healthz"),
    wsgiModule: pythonModule.default(DEFAULT_WSGI_MODULE),
    startCommand: command.optional(),
    migrateCommand: command.default(DEFAULT_MIGRATE_COMMAND),
    releaseCommand: command.default(DEFAULT_RELEASE_COMMAND),
    worker: z.boolean().default(d.backend.worker),
    workerCommand: command.optional(),
    settingsModule: pythonModule.optional(),
    env: envMap,
    secretEnv: envMap,
    /** Django's SECRET_KEY, adopted from an existing deployment (a secret); unset: the program generates one. */
    secretKey: z.string().optional(),
    adminEmail: email.default("admin@example.com"),
    /** Django's DEBUG; the `debug-disabled` policy refuses it, so only a pack config can allow it. */
    debug: z.boolean().default(false),
  };
}

/** The app's own frontend settings, whatever builds it. */
const frontendAppShape: z.core.$ZodShape = { env: envMap };

/** The catalog of each part's chosen target; absent: the part is left out (`target: none`). */
export type ChosenTargets = Readonly<Record<Part, TargetCatalog | undefined>>;

/** The catalogs of the targets named (every name already checked against the registry). */
export function chosenTargets(targets: Readonly<Record<Part, string>>): ChosenTargets {
  return Object.fromEntries(
    PARTS.map((p) => [p, targets[p] === NO_TARGET ? undefined : findTarget(p, targets[p])?.catalog]),
  ) as Record<Part, TargetCatalog | undefined>;
}

/** The order `webapp:adopt`'s keys are listed in (errors name them): the services first, as the README does. */
const ADOPT_ORDER: readonly Part[] = ["backend", "database", "media", "cache", "frontend"];

/** `<org>/<project>/<stack>`: the form the Pulumi Cloud backend requires of a stack reference's name. */
const stackReferenceName = z
  .string()
  .regex(
    /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/,
    "must be a stack's full name such as acme/webapp/data",
  );

/**
 * The schema of one stack's `webapp:*` config for its tier and targets, with the defaults filled in. `others`:
 * the parts another layer's stack deploys (`webapp:layer`), which say here at most `target` (`none`: left out).
 */
export function stackSchema(tier: Tier, chosen: ChosenTargets, others: readonly Part[] = [], layer?: Layer) {
  const d = TIER_DEFAULTS[tier];
  const used = PARTS.flatMap((p) => (chosen[p] ? [chosen[p]] : []));
  const common: Partial<Record<Part, z.core.$ZodShape>> = {
    backend: backendAppShape(tier),
    frontend: frontendAppShape,
  };
  const part = (p: Part) => {
    const c = chosen[p];
    if (others.includes(p)) return z.strictObject({ target: z.string().optional() }).optional();
    if (!c) return z.strictObject({ target: z.literal(NO_TARGET) }).optional();
    const shape = z.strictObject({ ...common[p], ...c.schema(tier), target: z.string().optional() });
    // A part whose every key has a default may be left out of the stack file.
    return shape.safeParse({}).success ? shape.prefault({}) : shape;
  };
  return z.strictObject({
    tier: z.enum(["free", "paid"]),
    region: z.enum(REGION_NAMES).default(d.region),
    monthlyBudget: z.number().min(0).default(d.monthlyBudget),
    // A data layer's stack deploys on its own and holds what every other layer reads: protected by default.
    protectData: z.boolean().default(tier === "paid" || layer === "data"),
    layer: z.enum(LAYERS).optional(),
    layers: z
      .strictObject({ data: stackReferenceName.optional(), server: stackReferenceName.optional() })
      .default({}),
    adopt: z.strictObject(Object.assign({}, ...ADOPT_ORDER.map((p) => chosen[p]?.adopt ?? {}))).default({}),
    ...Object.assign({}, ...used.map((c) => c.own ?? {})),
    domains: z.strictObject({ api: hostname.optional(), frontend: hostname.optional() }).default({}),
    backend: part("backend"),
    frontend: part("frontend"),
    database: part("database"),
    cache: part("cache"),
    media: part("media"),
    ghcrUsername: z.string().min(1).optional(),
    ops: opsSchema.default({}),
  });
}

export type StackSchema = ReturnType<typeof stackSchema>;
