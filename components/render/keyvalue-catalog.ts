/**
 * Render Key Value as the `cache` part: its keys, the broker's eviction rule, the free plan's limits
 * (providers/render/datastore-facts.ts states them once), regions, policy facts and the plan's mock answer.
 * Pure data: no cloud SDK is loaded with it.
 */
import { z } from "zod";
import {
  BROKER_MAXMEMORY_POLICY,
  KEY_VALUE_FREE,
  KEY_VALUE_PLANS,
  MAXMEMORY_POLICIES,
} from "../../providers/render/datastore-facts";
import type { TargetCatalog } from "../catalog";
import { RENDER_OWN, RENDER_TOKENS, renderCatalog } from "./catalog";
import { ipAllowList } from "./datastore-settings";

/** Per tier: the free instance, or the smallest paid one (it persists to disk; free does not). */
export const RENDER_KEYVALUE_DEFAULTS = { free: "free", paid: "starter" } as const;

/** A cache alone evicts its least recently used keys (R-SK skills/render-keyvalue/SKILL.md: cache => allkeys-lru). */
export const CACHE_MAXMEMORY_POLICY = "allkeys_lru";

export const renderKeyValueCatalog: TargetCatalog & { part: "cache" } = {
  part: "cache",
  name: "render-keyvalue",
  title: "Render Key Value (Valkey) through its API: cache, Celery broker and results (external TLS URL)",
  schema: (tier) => ({
    plan: z.enum(KEY_VALUE_PLANS).default(RENDER_KEYVALUE_DEFAULTS[tier]),
    /** Default: `noeviction` while a worker consumes the broker queue, else `allkeys_lru` (see `resolve`). */
    maxmemoryPolicy: z.enum(MAXMEMORY_POLICIES).optional(),
    ipAllowList,
    /** USD a month from the team's dashboard: no stored source prices Render datastores (policies/cost). */
    monthlyUsd: z.number().min(0).optional(),
  }),
  adopt: {
    // Render Key Value ids are `red-` + lowercase letters/digits (TF-CAS keyvalue_cassette.yaml).
    renderKeyValue: z
      .string()
      .regex(/^red-[a-z0-9]+$/, "must be a Render Key Value id such as red-d1u0ub3uibrs73f8v6lg")
      .optional(),
  },
  own: RENDER_OWN,
  rules: {
    always: ({ settings: c, worker }) =>
      worker && c.maxmemoryPolicy !== undefined && c.maxmemoryPolicy !== BROKER_MAXMEMORY_POLICY
        ? [
            {
              path: "cache.maxmemoryPolicy",
              value: c.maxmemoryPolicy,
              why: `a Celery worker consumes the broker queue in this instance, and queued tasks have no TTL: eviction would drop them (${BROKER_MAXMEMORY_POLICY} makes writes fail instead)`,
              fix: BROKER_MAXMEMORY_POLICY,
            },
          ]
        : [],
    free: ({ settings: c }) =>
      c.plan !== "free"
        ? [
            {
              path: "cache.plan",
              value: c.plan,
              why: "Render bills every Key Value plan but free",
              fix: "free",
            },
          ]
        : [],
    paid: ({ settings: c, worker }) =>
      c.plan === "free" && worker
        ? [
            {
              path: "cache.plan",
              value: c.plan,
              why: `Render's free Key Value keeps nothing on disk (a restart loses the queued tasks) and holds ${KEY_VALUE_FREE.value.memoryMB} MB`,
              fix: RENDER_KEYVALUE_DEFAULTS.paid,
            },
          ]
        : [],
  },
  resolve: (settings, facts) => ({
    ...settings,
    maxmemoryPolicy:
      settings.maxmemoryPolicy ?? (facts.worker ? BROKER_MAXMEMORY_POLICY : CACHE_MAXMEMORY_POLICY),
  }),
  regions: renderCatalog.regions,
  resources: {
    [RENDER_TOKENS.keyValue]: { stateful: true },
    [RENDER_TOKENS.project]: {},
    [RENDER_TOKENS.environmentMember]: {},
  },
  mocks: {
    // Shapes of TF-CAS keyvalue_cassette.yaml: internal `redis://red-…:6379`, external
    // `rediss://red-…:PASS@<region>-keyvalue.render.com:6379`.
    [RENDER_TOKENS.keyValue]: ({ inputs, hex, random }) => {
      const id = String(inputs.adoptId ?? `red-${hex(20)}`);
      return {
        id,
        extra: {
          ownerId: `tea-${hex(20, "owner")}`,
          liveMaxmemoryPolicy: String(inputs.maxmemoryPolicy ?? BROKER_MAXMEMORY_POLICY),
          version: "8.1.4",
          status: "available",
          internalHost: id,
          internalConnectionString: `redis://${id}:6379`,
          externalConnectionString: `rediss://${id}:${random(24)}@${String(inputs.region)}-keyvalue.render.com:6379`,
        },
      };
    },
  },
};
