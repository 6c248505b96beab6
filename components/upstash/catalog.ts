/**
 * Upstash Redis, as the rest of the program needs to know it: the `cache` part's config, its free-tier
 * rule, regions, the policy facts, the plan's mock answer and the bridged provider's replace-on-change
 * entries. Pure data: no cloud SDK is loaded with it.
 */
import { z } from "zod";
import type { ConfigProblem, Price, ReplaceRule, TargetCatalog } from "../catalog";
import type { RegionName } from "../../contracts";

export const UPSTASH_TOKENS = { redisDatabase: "upstash:index/redisDatabase:RedisDatabase" } as const;

/** Upstash regions a global database may replicate reads to (Upstash Developer API `read_regions`, AWS). */
// Global database primary regions nearest each Render region (upstash docs `primary_region`).
const UPSTASH_REGIONS: Readonly<Record<RegionName, string>> = {
  "us-west": "us-west-2",
  "us-central": "us-east-2",
  "us-east": "us-east-1",
  "eu-central": "eu-central-1",
  "ap-southeast": "ap-southeast-1",
};

export const UPSTASH_READ_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "sa-east-1",
  "ap-south-1",
  "ap-northeast-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "af-south-1",
] as const;

/**
 * The Upstash database's `budget` when `webapp:cache.budget` is unset: a tenth of `webapp:monthlyBudget`,
 * rounded down to whole USD (Upstash budgets are whole dollars), and at least $1. Upstash throttles the
 * database once a month's bill reaches it, so Redis never takes more than a tenth of the stack's budget;
 * a free stack ($0 budget) gets $1, which only binds if the account turns the database into pay-as-you-go.
 */
export function cacheBudgetUsd(monthlyBudget: number): number {
  return Math.max(1, Math.floor(monthlyBudget / 10));
}

const SOURCE = "upstash/terraform-provider-upstash upstash/redis/database/resource.go (a8c50b1, 2025-08-21)";
const forceNew = (property: string, flag = "ForceNew: true"): ReplaceRule => ({
  property,
  source: `${SOURCE}: ${flag}`,
});
const turnedOff = (old: unknown, current: unknown) => old === true && current !== true;

// Prices, each with the page it was read from and when (the cost estimate, policies/cost/estimate.ts).
/** Upstash Redis free database, USD per month. */
export const UPSTASH_FREE_USD: Price<number> = {
  value: 0,
  source: "https://upstash.com/docs/redis/overall/billing",
  read: "2026-11-22",
};

/**
 * Upstash pay-as-you-go budget when the database sets none: the Terraform provider's default `budget`.
 * A pay-as-you-go database is throttled at its budget, so the budget is its worst-case monthly bill.
 */
export const UPSTASH_DEFAULT_BUDGET_USD: Price<number> = {
  value: 20,
  source: "https://github.com/upstash/terraform-provider-upstash",
  read: "2026-11-22",
  note: "schema default of `budget` (HEAD a8c50b1), which @upstash/pulumi 0.5.0 bridges unchanged.",
};

/** Upstash Prod Pack add-on, USD per database-month. */
export const UPSTASH_PROD_PACK_USD: Price<number> = {
  value: 200,
  source: "https://upstash.com/docs/redis/overall/billing",
  read: "2026-11-22",
};

export const upstashCatalog: TargetCatalog & { part: "cache" } = {
  part: "cache",
  name: "upstash",
  title: "Redis on Upstash (one global database: cache, Celery broker and results; TLS)",
  schema: () => ({
    readRegions: z.array(z.enum(UPSTASH_READ_REGIONS)).default([]),
    /** Default: off when a worker consumes the broker queue, else on (see `resolve`). */
    eviction: z.boolean().optional(),
    /** USD a month at which Upstash throttles the database. Default: see {@link cacheBudgetUsd}. */
    budget: z.number().int().min(1).optional(),
    /** The database's name in the Upstash console. Default: the stack's prefix. */
    databaseName: z.string().trim().min(1).optional(),
  }),
  adopt: {
    // The Upstash database id is a UUID (`databaseId`, the bridged provider's import id).
    upstashDatabase: z
      .string()
      .regex(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        "must be an Upstash database id (a UUID from the database's details page)",
      )
      .optional(),
  },
  rules: {
    always: ({ settings, worker, region, adopt }) => {
      const problems: ConfigProblem[] = [];
      // An imported database whose name differs from the program's is replaced, data and all: the
      // provider's databaseName forces a new database (replaceOnChanges below). Only the user knows the name.
      if (adopt.upstashDatabase !== undefined && settings.databaseName === undefined) {
        problems.push({
          path: "cache.databaseName",
          value: undefined,
          why: "webapp:adopt.upstashDatabase imports a database by id, and a name other than its own would replace it and lose its data: give the name the Upstash console shows",
          fix: "<database name>",
        });
      }
      if (worker && settings.eviction === true) {
        problems.push({
          path: "cache.eviction",
          value: true,
          why: "the database carries the Celery broker of backend.worker, and eviction drops queued tasks (they have no TTL)",
          fix: undefined,
        });
      }
      // The Upstash provider refuses a read region equal to the primary ("Primary region ... can not be in
      // the list of read regions"; reference/real-world.md, Upstash).
      const primary = UPSTASH_REGIONS[region];
      const at = ((settings.readRegions as string[] | undefined) ?? []).indexOf(primary);
      if (at >= 0) {
        problems.push({
          path: `cache.readRegions[${at}]`,
          value: primary,
          why: `it is the primary region of webapp:region ${region}, which Upstash refuses as a read region`,
          fix: `pulumi config rm --path 'webapp:cache.readRegions[${at}]'`,
        });
      }
      return problems;
    },
    free: ({ settings }) =>
      (settings.readRegions as string[]).length > 0
        ? [
            {
              path: "cache.readRegions",
              value: settings.readRegions,
              why: "Upstash read regions are billed per replicated command",
              fix: undefined,
            },
          ]
        : [],
  },
  resolve: (settings, facts) => ({
    ...settings,
    // Celery queues live in this database and have no TTL: eviction would drop queued tasks. Without a
    // worker the app runs tasks eagerly and nothing queues, so the cache may evict.
    eviction: settings.eviction ?? !facts.worker,
    budget: settings.budget ?? cacheBudgetUsd(facts.monthlyBudget),
  }),
  regions: UPSTASH_REGIONS,
  resources: { [UPSTASH_TOKENS.redisDatabase]: { stateful: true } },
  mocks: {
    [UPSTASH_TOKENS.redisDatabase]: ({ hex, word, random }) => {
      const id = uuid(hex(32));
      return {
        id,
        extra: {
          databaseId: id,
          endpoint: `${word(hex(2))}-${word(hex(2, "a"))}-${parseInt(hex(5), 16) % 100000}.upstash.io`,
          port: 6379,
          password: random(24),
          restToken: random(32),
          readOnlyRestToken: random(32),
          state: "active",
          databaseType: "Pay as You Go",
        },
      };
    },
  },
  replaceOnChanges: {
    [UPSTASH_TOKENS.redisDatabase]: [
      forceNew("databaseName"),
      forceNew("region"),
      forceNew("primaryRegion"),
      { ...forceNew("tls", "CustomizeDiff ForceNewIfChange (true -> false only)"), when: turnedOff },
      { ...forceNew("consistent", "CustomizeDiff ForceNewIfChange (true -> false only)"), when: turnedOff },
    ],
  },
};

function uuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
