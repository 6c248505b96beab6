/**
 * Neon, as the rest of the program needs to know it: the `database` part's config, the Free plan's limits,
 * regions, the policy facts and the plan's mock answers. Pure data: no cloud SDK is loaded with it.
 */
import { z } from "zod";
import type { Fact, Price, TargetCatalog } from "../catalog";

const dynamic = (type: string) => `pulumi-nodejs:dynamic/neon:${type}`;
export const NEON_TOKENS = {
  project: dynamic("Project"),
  branch: dynamic("Branch"),
  endpoint: dynamic("Endpoint"),
  role: dynamic("Role"),
  database: dynamic("Database"),
} as const;

/** Neon compute sizes (CU) an autoscaling range may use (Neon API: 0.25, 0.5, then whole CUs to 16). */
export const NEON_CU_SIZES = [0.25, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16] as const;

/** Neon Free: autoscaling up to 2 CU, at most 6 h of history, scale to zero after 300 s, fixed (neon.com/docs/introduction/plans). */
export const NEON_FREE = { maxCu: 2, historyRetentionSeconds: 21600 } as const;

/** Free compute: what a monitor that queries the database would spend (components/uptimerobot/keep-warm.ts). */
export const NEON_FREE_CU_HOURS: Fact<number> = {
  value: 100,
  source: "neondatabase/website content/docs/introduction/plans.md, Free: 100 CU-hours per project per month",
};

export const NEON_SUSPEND_SECONDS: Fact<number> = {
  value: 5 * 60,
  source:
    "neon.com/docs/introduction/compute-lifecycle (suspends after 5 minutes without active queries; cannot be disabled on Free)",
};

export const NEON_MIN_CU: Fact<number> = {
  value: 0.25,
  source: "Neon API spec, autoscaling_limit_min_cu >= 0.25 (the smallest compute, Free's default)",
};

/** The one statement of the compute range rule: the smallest size may not exceed the largest. */
export function cuRangeProblem(minCu: number, maxCu: number, maxName = "maxCu"): string | undefined {
  return minCu > maxCu ? `must not exceed ${maxName} (${maxCu})` : undefined;
}

/**
 * Neon's SuspendTimeoutSeconds: -1 never suspends, 0 is Neon's default (300 s), otherwise 60 to 604800
 * (Neon OpenAPI: "The minimum value is 60 seconds").
 */
const suspendTimeout = z
  .number()
  .int()
  .min(-1)
  .max(604800)
  .refine((s) => s < 1 || s > 59, "allowed: -1 (never suspend), 0 (Neon's default, 300 s) or 60 to 604800");
const cu = z.union(NEON_CU_SIZES.map((s) => z.literal(s)));

/**
 * What Neon names the database and role of a project created without names (Neon OpenAPI createProject:
 * `branch.database_name` defaults to `neondb`, `role_name` to `{database_name}_owner`): what a project made
 * in the console holds, so what an adopted project's app data is in unless the stack names others.
 */
export const NEON_CREATED_NAMES = {
  database: "neondb",
  roleOf: (database: string) => `${database}_owner`,
  source:
    "Neon OpenAPI createProject, branch.database_name (default neondb) and role_name (default {database_name}_owner)",
} as const;

// Role names are at most 63 bytes (Neon OpenAPI RoleCreateRequest), as Postgres identifiers are.
const postgresName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/,
    "must be a Postgres name such as neondb (letters, digits, _ and -, at most 63 characters)",
  );

/** Per tier: Free fits Neon Free; paid keeps the compute warm (-1: never suspend) with a 7-day restore window. */
export const NEON_DEFAULTS = {
  free: { minCu: 0.25 as const, maxCu: 2 as const, historyRetentionSeconds: 21600 },
  paid: {
    minCu: 0.5 as const,
    maxCu: 4 as const,
    historyRetentionSeconds: 604800,
    suspendTimeoutSeconds: -1,
  },
};

// Prices, each with the page it was read from and when (the cost estimate, policies/cost/estimate.ts).
/** Neon Launch plan compute, USD per CU-hour. */
export const NEON_LAUNCH_USD_PER_CU_HOUR: Price<number> = {
  value: 0.106,
  source: "https://neon.com/faqs/managed-postgres-options-ten-databases-cost",
  read: "2026-11-22",
  note: "also https://neon.com/docs/introduction/plans (2026-03 version); older copies show $0.14.",
};

/** Neon Launch plan storage, USD per GB-month. */
export const NEON_LAUNCH_USD_PER_GB_MONTH: Price<number> = {
  value: 0.35,
  source: "https://neon.com/docs/introduction/plans",
  read: "2026-11-22",
};

/** Neon Free plan, USD per month. */
export const NEON_FREE_USD: Price<number> = {
  value: 0,
  source: "https://neon.com/docs/introduction/plans",
  read: "2026-11-22",
};

export const neonCatalog: TargetCatalog & { part: "database" } = {
  part: "database",
  name: "neon",
  title:
    "Serverless Postgres on Neon (project, role and database on the root branch; pooled URL through PgBouncer)",
  schema: (tier) => ({
    postgresVersion: z.number().int().min(14).max(18).default(17),
    minCu: cu.default(NEON_DEFAULTS[tier].minCu),
    maxCu: cu.default(NEON_DEFAULTS[tier].maxCu),
    historyRetentionSeconds: z
      .number()
      .int()
      .min(0)
      .max(2592000)
      .default(NEON_DEFAULTS[tier].historyRetentionSeconds),
    // Free: scale-to-zero is fixed, so the key has no default there (and the free rule refuses it).
    suspendTimeoutSeconds:
      tier === "free"
        ? suspendTimeout.optional()
        : suspendTimeout.default(NEON_DEFAULTS.paid.suspendTimeoutSeconds),
    /** The app's database on the root branch. Default `app`; Neon's own `neondb` on an adopted project. */
    databaseName: postgresName.optional(),
    /** The role the app logs in as. Default `app`; Neon's own `<databaseName>_owner` on an adopted project. */
    roleName: postgresName.optional(),
  }),
  // An adopted project keeps the app's data in the database Neon made with it: never a new, empty one.
  resolve: (settings, _facts, adopt) => {
    if (adopt.neonProject === undefined) return settings;
    const databaseName = (settings.databaseName as string | undefined) ?? NEON_CREATED_NAMES.database;
    return {
      ...settings,
      databaseName,
      roleName: settings.roleName ?? NEON_CREATED_NAMES.roleOf(databaseName),
    };
  },
  adopt: {
    // Neon project ids are two words and a number (Neon OpenAPI examples); branch (br-) and endpoint (ep-) ids are not.
    neonProject: z
      .string()
      .regex(/^(?!(br|ep)-)[a-z]+-[a-z]+-[a-z0-9]+$/, "must be a Neon project id such as shiny-wind-028834")
      .optional(),
  },
  rules: {
    always: ({ settings: d }) => {
      const why = cuRangeProblem(d.minCu as number, d.maxCu as number, "database.maxCu");
      return why ? [{ path: "database.minCu", value: d.minCu, why, fix: "0.25" }] : [];
    },
    free: ({ settings: d }) => [
      ...((d.maxCu as number) > NEON_FREE.maxCu
        ? [
            {
              path: "database.maxCu",
              value: d.maxCu,
              why: `Neon Free autoscales up to ${NEON_FREE.maxCu} CU`,
              fix: String(NEON_FREE.maxCu),
            },
          ]
        : []),
      ...((d.historyRetentionSeconds as number) > NEON_FREE.historyRetentionSeconds
        ? [
            {
              path: "database.historyRetentionSeconds",
              value: d.historyRetentionSeconds,
              why: `Neon Free keeps at most ${NEON_FREE.historyRetentionSeconds} s (6 h) of history`,
              fix: String(NEON_FREE.historyRetentionSeconds),
            },
          ]
        : []),
      ...(d.suspendTimeoutSeconds !== undefined
        ? [
            {
              path: "database.suspendTimeoutSeconds",
              value: d.suspendTimeoutSeconds,
              why: "Neon Free scales to zero after 300 s, fixed (it cannot be changed or disabled, and Neon stores 0 whatever is sent)",
              fix: undefined,
            },
          ]
        : []),
    ],
  },
  // The nearest Neon region to each Render region (neon.com/docs/introduction/regions).
  regions: {
    "us-west": "aws-us-west-2",
    "us-central": "aws-us-east-2",
    "us-east": "aws-us-east-1",
    "eu-central": "aws-eu-central-1",
    "ap-southeast": "aws-ap-southeast-1",
  },
  // Neon regions with no twin among ours, mapped to our nearest (neon.com/docs/introduction/regions).
  nearRegions: {
    "aws-eu-west-2": "eu-central",
    "aws-ap-southeast-2": "ap-southeast",
    "aws-sa-east-1": "us-east",
    "azure-eastus2": "us-east",
    "azure-westus3": "us-west",
    "azure-gwc": "eu-central",
  },
  // Point-in-time restore reaches back as far as the project keeps history (Free at most 6 h, Launch 7 days,
  // Scale 30 days: neondatabase/website content/docs/introduction/plans.md).
  recoveryWindow: {
    [NEON_TOKENS.project]: ({ inputs }) => ({
      seconds: Number(inputs.historyRetentionSeconds ?? 0),
      basis: "Neon history retention (point-in-time restore)",
      source: "neondatabase/website content/docs/introduction/plans.md; Neon API history_retention_seconds",
    }),
  },
  resources: {
    [NEON_TOKENS.project]: { stateful: true },
    [NEON_TOKENS.branch]: {},
    [NEON_TOKENS.endpoint]: {},
    [NEON_TOKENS.role]: {},
    [NEON_TOKENS.database]: {},
  },
  mocks: {
    [NEON_TOKENS.project]: ({ inputs, hex, word, memory }) => {
      const id = `${word(hex(2))}-${word(hex(2, "b"))}-${parseInt(hex(6), 16) % 1_000_000}`;
      memory.set(`neon-region:${id}`, String(inputs.regionId));
      const region = String(inputs.regionId).replace(/^aws-/, "");
      const endpointId = `ep-${word(hex(2, "e"))}-${word(hex(2, "x"))}-${hex(8)}`;
      return {
        id,
        extra: {
          defaultBranchId: `br-${word(hex(2, "c"))}-${hex(8)}`,
          defaultEndpointId: endpointId,
          defaultHost: `${endpointId}.${region}.aws.neon.tech`,
          defaultPoolerHost: `${endpointId}-pooler.${region}.aws.neon.tech`,
        },
      };
    },
    [NEON_TOKENS.branch]: (t) => branchOrEndpoint(t, true),
    [NEON_TOKENS.endpoint]: (t) => branchOrEndpoint(t, false),
    [NEON_TOKENS.role]: ({ inputs, random }) => ({
      id: String(inputs.name),
      extra: { password: `npg_${random(9)}` },
    }),
    [NEON_TOKENS.database]: ({ inputs }) => ({ id: String(inputs.name) }),
  },
};

/** A branch's or endpoint's host names its project's region. */
function branchOrEndpoint(
  { inputs, hex, word, memory }: Parameters<NonNullable<TargetCatalog["mocks"]>[string]>[0],
  branch: boolean,
) {
  const region = (memory.get(`neon-region:${String(inputs.projectId)}`) ?? "aws-us-east-1").replace(
    /^aws-/,
    "",
  );
  const endpointId = `ep-${word(hex(2))}-${word(hex(2, "x"))}-${hex(8)}`;
  const host = `${endpointId}.${region}.aws.neon.tech`;
  const poolerHost = `${endpointId}-pooler.${region}.aws.neon.tech`;
  return branch
    ? { id: `br-${word(hex(2, "b"))}-${hex(8)}`, extra: { endpointId, host, poolerHost } }
    : { id: endpointId, extra: { host } };
}
