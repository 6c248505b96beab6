import { z } from "zod";
import { PAID_PLANS, WEB_PLANS } from "../providers/render/service-check";
import { REGION_NAMES, UPSTASH_READ_REGIONS } from "./regions";
import {
  DEFAULT_MIGRATE_COMMAND,
  DEFAULT_RELEASE_COMMAND,
  DEFAULT_WSGI_MODULE,
  TIER_DEFAULTS,
  Tier,
} from "./defaults";

// Render's plan enums (openapi.json `plan` for web services, the narrower `paidPlan` for workers) live with
// the Render provider, which checks them too; config accepts exactly what the provider sends. `custom` is a
// plan Render negotiates per workspace: the cost estimate cannot price it and says so.
export const RENDER_PLANS = WEB_PLANS;
export const RENDER_WORKER_PLANS = PAID_PLANS;
/** Render workspace plans; autoscaling needs `professional` or higher (render.com/docs/scaling). */
export const RENDER_WORKSPACES = ["hobby", "professional"] as const;
/** Neon compute sizes (CU) an autoscaling range may use (Neon API: 0.25, 0.5, then whole CUs to 16). */
export const NEON_CU_SIZES = [0.25, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16] as const;
/**
 * Neon's SuspendTimeoutSeconds: -1 never suspends, 0 is Neon's default (300 s), otherwise 60 to 604800
 * (Neon OpenAPI: "The minimum value is 60 seconds").
 */
const neonSuspendTimeout = z
  .number()
  .int()
  .min(-1)
  .max(604800)
  .refine((s) => s < 1 || s > 59, "allowed: -1 (never suspend), 0 (Neon's default, 300 s) or 60 to 604800");
/** Vercel framework presets this program knows how to front (`vercel.Project.framework` slugs). */
export const VERCEL_FRAMEWORKS = ["nextjs", "vite", "remix", "astro", "sveltekit", "nuxtjs"] as const;
/** Cloudinary upload resource types. */
export const MEDIA_RESOURCE_TYPES = ["image", "video", "raw", "auto"] as const;

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
const mediaFolder = z
  .string()
  .regex(/^[^/?&#\\%<>]+(\/[^/?&#\\%<>]+)*$/, "must be a folder path without leading or trailing /");
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

/** Ids of resources made by hand that the stack takes over instead of creating (README "Adopt an existing deployment"). */
export const adoptSchema = z
  .strictObject({
    // Render service ids are `srv-` and 20 lowercase letters or digits (recorded API traffic in test/fixtures/render).
    backendService: z
      .string()
      .regex(/^srv-[a-z0-9]{20}$/, "must be a Render service id such as srv-ct6vn35j0q5s700ckga0"),
    backendWorker: z
      .string()
      .regex(/^srv-[a-z0-9]{20}$/, "must be a Render service id such as srv-ct6vn35j0q5s700ckga1"),
    // Neon project ids are two words and a number (Neon OpenAPI examples); branch (br-) and endpoint (ep-) ids are not.
    neonProject: z
      .string()
      .regex(/^(?!(br|ep)-)[a-z]+-[a-z]+-[a-z0-9]+$/, "must be a Neon project id such as shiny-wind-028834"),
    mediaFolder,
    // The Upstash database id is a UUID (`databaseId`, the bridged provider's import id).
    upstashDatabase: z
      .string()
      .regex(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        "must be an Upstash database id (a UUID from the database's details page)",
      ),
    // The Vercel provider imports `prj_…` or `team_…/prj_…`.
    vercelProject: z
      .string()
      .regex(
        /^(team_[A-Za-z0-9]+\/)?prj_[A-Za-z0-9]+$/,
        "must be a Vercel project id such as prj_abc123 (or team_xyz/prj_abc123 for a team project)",
      ),
  })
  .partial();

/** One Cloudinary upload preset; every key but the name has a default. */
export const presetSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "must use letters, digits, - and _ only"),
  // An unsigned preset is a public write endpoint: anyone with the cloud and preset names can upload.
  unsigned: z.boolean().default(false),
  resourceType: z.enum(MEDIA_RESOURCE_TYPES).default("image"),
  allowedFormats: z.array(z.string().regex(/^[a-z0-9]+$/)).default(["jpg", "jpeg", "png", "webp", "gif"]),
  maxFileSizeMb: z.number().positive().default(10),
  transformation: z.string().min(1).optional(),
  tags: z.array(z.string().min(1)).default([]),
});

/** The schema of one stack's `webapp:*` config, with the tier's defaults filled in. */
export function stackSchema(tier: Tier) {
  const d = TIER_DEFAULTS[tier];
  return z.strictObject({
    tier: z.enum(["free", "paid"]),
    region: z.enum(REGION_NAMES).default(d.region),
    monthlyBudget: z.number().min(0).default(d.monthlyBudget),
    protectData: z.boolean().default(tier === "paid"),
    adopt: adoptSchema.default({}),
    render: z.strictObject({ workspace: z.enum(RENDER_WORKSPACES).default("hobby") }).prefault({}),
    domains: z.strictObject({ api: hostname.optional(), frontend: hostname.optional() }).default({}),
    backend: z
      .strictObject({
        image: imageReference.optional(),
        build: z
          .strictObject({
            context: relativePath,
            dockerfile: relativePath.optional(),
            repository: ghcrRepository,
          })
          .optional(),
        plan: z.enum(RENDER_PLANS).default(d.backend.plan),
        instances: z.number().int().min(1).max(100).default(d.backend.instances),
        autoscaling: z
          .strictObject({
            min: z.number().int().min(1).max(100),
            max: z.number().int().min(1).max(100),
            cpuPercent: z.number().int().min(1).max(90).default(70),
            memoryPercent: z.number().int().min(1).max(90).optional(),
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
        workerPlan: z.enum(RENDER_WORKER_PLANS).default("starter"),
        workerCommand: command.optional(),
        settingsModule: pythonModule.optional(),
        env: envMap,
        secretEnv: envMap,
        adminEmail: email.default("admin@example.com"),
        /** Django's DEBUG; the `debug-disabled` policy refuses it, so only a pack config can allow it. */
        debug: z.boolean().default(false),
      })
      .prefault({}),
    frontend: z.strictObject({
      repository: z
        .string()
        .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "must be a GitHub repository owner/name"),
      framework: z.enum(VERCEL_FRAMEWORKS).default("nextjs"),
      rootDirectory: relativePath.optional(),
      productionBranch: z.string().min(1).default("main"),
      /** The Vercel team or user slug in preview URLs; absent: previews are not CORS-allowed. */
      vercelScope: z
        .string()
        .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "must be a Vercel team or user slug such as acme")
        .optional(),
      env: envMap,
    }),
    database: z
      .strictObject({
        postgresVersion: z.number().int().min(14).max(18).default(17),
        minCu: z.union(NEON_CU_SIZES.map((s) => z.literal(s))).default(d.database.minCu),
        maxCu: z.union(NEON_CU_SIZES.map((s) => z.literal(s))).default(d.database.maxCu),
        historyRetentionSeconds: z
          .number()
          .int()
          .min(0)
          .max(2592000)
          .default(d.database.historyRetentionSeconds),
        // Free: scale-to-zero is fixed, so the key has no default there (and checkTierRules refuses it).
        suspendTimeoutSeconds:
          tier === "free"
            ? neonSuspendTimeout.optional()
            : neonSuspendTimeout.default(TIER_DEFAULTS.paid.database.suspendTimeoutSeconds),
      })
      .prefault({}),
    cache: z
      .strictObject({
        readRegions: z.array(z.enum(UPSTASH_READ_REGIONS)).default([]),
        /** Default: off when a worker consumes the broker queue, else on (resolved in `loadStackConfig`). */
        eviction: z.boolean().optional(),
        /** USD a month at which Upstash throttles the database. Default: see `cacheBudgetFor`. */
        budget: z.number().int().min(1).optional(),
      })
      .prefault({}),
    media: z
      .strictObject({
        folder: mediaFolder.optional(),
        presets: z.array(presetSchema).optional(),
      })
      .prefault({}),
    ghcrUsername: z.string().min(1).optional(),
  });
}

export type StackConfigInput = z.input<ReturnType<typeof stackSchema>>;
export type ParsedStackConfig = z.output<ReturnType<typeof stackSchema>>;
