/**
 * What Render documents about its datastores (Postgres, Key Value) and projects, as data: plan lists, the
 * free plan's rules, recovery windows and the TLS facts of each connection URL. The providers validate
 * with it; the config schema, the policies and the offline plan read it instead of keeping a copy.
 * Pure: no imports, no state. Sources are named per fact; "R-OAS" is Render's OpenAPI spec
 * (../shared/reference/render/openapi.json), "R-SK" Render's own agent-skill docs (github render-oss/skills),
 * "TF-CAS" the recorded real traffic of Render's Terraform provider (render-oss/terraform-provider-render
 * `internal/provider/<type>/resource/testdata/<name>_cassette.yaml`, HEAD 033eb45).
 */

export interface Sourced<T> {
  value: T;
  source: string;
  note?: string;
}

/** R-OAS `region` (default oregon). */
export const DATASTORE_REGIONS = ["oregon", "ohio", "virginia", "frankfurt", "singapore"] as const;

/** R-OAS `postgres.plan`: every value Render lists, current and legacy. */
export const POSTGRES_PLANS = [
  "free",
  "basic_256mb",
  "basic_1gb",
  "basic_4gb",
  "pro_4gb",
  "pro_8gb",
  "pro_16gb",
  "pro_32gb",
  "pro_64gb",
  "pro_128gb",
  "pro_192gb",
  "pro_256gb",
  "pro_384gb",
  "pro_512gb",
  "accelerated_16gb",
  "accelerated_32gb",
  "accelerated_64gb",
  "accelerated_128gb",
  "accelerated_256gb",
  "accelerated_384gb",
  "accelerated_512gb",
  "accelerated_768gb",
  "accelerated_1024gb",
  "starter",
  "standard",
  "pro",
  "pro_plus",
  "custom",
] as const;

/** Legacy instance types: R-OAS lists them; moving off them is one-way (R-SK render-postgres SKILL.md). */
export const POSTGRES_LEGACY_PLANS = ["starter", "standard", "pro", "pro_plus", "custom"] as const;

/**
 * Major versions Render accepts. R-OAS (2025-09 copy) and Render's Terraform docs list 11–17; the newest
 * SDK schema (render-oss/sdk schema.ts, 2026-08) lists 11–18. Both are accepted; 16 and 17 are in both.
 */
export const POSTGRES_VERSIONS: Sourced<readonly string[]> = {
  value: ["11", "12", "13", "14", "15", "16", "17", "18"],
  source: "R-OAS postgresVersion (11–17); render-oss/sdk typescript/src/generated/schema.ts (11–18)",
};

/** High availability: Pro or Accelerated instance types and PostgreSQL 13+ (R-SK render-postgres SKILL.md). */
export const POSTGRES_HA: Sourced<{ planPrefixes: readonly string[]; minVersion: number }> = {
  value: { planPrefixes: ["pro_", "accelerated_"], minVersion: 13 },
  source: "github render-oss/skills skills/render-postgres/SKILL.md (High Availability)",
};

/** Disk: 1 GB or a multiple of 5 GB at provisioning, never shrunk (R-SK render-postgres SKILL.md). */
export const POSTGRES_DISK: Sourced<{ smallestGB: number; stepGB: number; shrinks: boolean }> = {
  value: { smallestGB: 1, stepGB: 5, shrinks: false },
  source: "github render-oss/skills skills/render-postgres/SKILL.md (Storage Management)",
};

/** The free Postgres instance type's rules. */
export const POSTGRES_FREE: Sourced<{
  perWorkspace: number;
  storageGB: number;
  expiresAfterDays: number;
  graceDays: number;
  backups: boolean;
  pointInTimeRecovery: boolean;
  connectionPooling: boolean;
}> = {
  value: {
    perWorkspace: 1,
    storageGB: 1,
    expiresAfterDays: 30,
    graceDays: 14,
    backups: false,
    pointInTimeRecovery: false,
    connectionPooling: false,
  },
  source:
    "https://render.com/docs/free (via ../shared/reference/render.md §5); R-OAS postgresDetail.expiresAt " +
    "(free only); PgBouncer paid-only: R-SK skills/render-postgres/references/connection-guide.md",
  note: "an older render.com/docs/free said 90 days; the current page (30 days) wins.",
};

/**
 * Point-in-time recovery window in days, by the workspace's plan (not the database's): none on a free
 * database; the newest ~10 minutes are never restorable. An older page required a team workspace + Pro.
 */
export const POSTGRES_PITR_DAYS: Sourced<{ hobby: number; professional: number }> = {
  value: { hobby: 3, professional: 7 },
  source: "https://render.com/docs/postgresql-backups (newer version, via ../shared/reference/targets.md §2)",
  note: "Professional and higher workspaces (Organization, Enterprise) get 7 days.",
};

/** Days of point-in-time recovery a database on `plan` gets in a workspace on `workspacePlan`. */
export function pitrWindowDays(plan: string, workspacePlan: "hobby" | "professional" | string): number {
  if (plan === "free") return 0;
  return workspacePlan === "hobby" ? POSTGRES_PITR_DAYS.value.hobby : POSTGRES_PITR_DAYS.value.professional;
}

/** R-OAS `keyValuePlan`. */
export const KEY_VALUE_PLANS = ["free", "starter", "standard", "pro", "pro_plus", "custom"] as const;

/** R-OAS `maxmemoryPolicy` (the API spells them with underscores; Blueprints with hyphens). */
export const MAXMEMORY_POLICIES = [
  "noeviction",
  "allkeys_lfu",
  "allkeys_lru",
  "allkeys_random",
  "volatile_lfu",
  "volatile_lru",
  "volatile_random",
  "volatile_ttl",
] as const;

/**
 * A Celery broker must never lose queued messages: `noeviction` makes writes fail when memory is full
 * instead of dropping keys (R-SK skills/render-keyvalue/SKILL.md, Maxmemory Policy: queue => noeviction).
 */
export const BROKER_MAXMEMORY_POLICY = "noeviction";

/** The free Key Value instance type's rules. */
export const KEY_VALUE_FREE: Sourced<{
  perWorkspace: number;
  memoryMB: number;
  maxConnections: number;
  persistence: boolean;
  upgradeKeepsData: boolean;
}> = {
  value: { perWorkspace: 1, memoryMB: 25, maxConnections: 50, persistence: false, upgradeKeepsData: false },
  source:
    "https://render.com/docs/free (one per workspace, in-memory); 25 MB / 50 connections: R-SK " +
    "render-migrate-from-heroku; no disk, upgrade loses data: R-SK skills/render-keyvalue/SKILL.md",
};

/** Key Value plans only grow: "You cannot downgrade to a smaller type" (R-SK render-keyvalue SKILL.md). */
export const KEY_VALUE_PLAN_ORDER: readonly string[] = ["free", "starter", "standard", "pro", "pro_plus"];

/** Projects: a Hobby workspace has 1 project with at most 2 environments (render.com/docs/projects). */
export const PROJECT_LIMITS: Sourced<{ hobbyProjects: number; hobbyEnvironmentsPerProject: number }> = {
  value: { hobbyProjects: 1, hobbyEnvironmentsPerProject: 2 },
  source:
    "https://render.com/docs/projects (via ../shared/reference/targets.md §4); an older page said team-only",
};

export type UrlTls = "required" | "none" | "not-required";

/** One shape of connection URL Render hands out, and whether traffic on it is encrypted. */
export interface DatastoreUrlFact {
  /** e.g. "render-postgres external". */
  name: string;
  scheme: readonly string[];
  /** The host shape this fact is scoped to (a policy exemption must never reach further). */
  host: RegExp;
  tls: UrlTls;
  /** What a client must add or use to get TLS, when it is not in the URL Render returns. */
  clientSetting?: string;
  source: string;
  note?: string;
}

/**
 * Every connection URL of Render's datastores. Hosts: TF-CAS postgres_cassette.yaml
 * (`dpg-…-a.oregon-postgres.render.com:5432` external, bare `dpg-…-a` internal) and keyvalue_cassette.yaml
 * (`rediss://red-…:PASS@oregon-keyvalue…render.com` external, `redis://red-…:6379` internal).
 */
export const DATASTORE_URLS: readonly DatastoreUrlFact[] = [
  {
    name: "render-postgres external",
    scheme: ["postgresql", "postgres"],
    host: /^dpg-[a-z0-9]+-[a-z]\.[a-z]+-postgres\.render\.com$/,
    tls: "required",
    clientSetting: "sslmode=require",
    source:
      "R-SK skills/render-postgres/references/connection-guide.md (TLS 1.2+ required, use sslmode=require); " +
      "render.com/docs/databases",
    note: "the externalConnectionString the API returns has no sslmode (TF-CAS), so the provider appends it.",
  },
  {
    name: "render-postgres internal",
    scheme: ["postgresql", "postgres"],
    host: /^dpg-[a-z0-9]+-[a-z]$/,
    tls: "not-required",
    source:
      "R-SK skills/render-postgres/references/connection-guide.md (internal: private network, same region and " +
      'workspace, "No SSL/TLS required"); R-SK skills/render-postgres/SKILL.md',
    note:
      "whether the internal endpoint also accepts TLS is not documented in any stored source (settle: connect " +
      "with sslmode=require from a Render service); the URL Render returns carries no sslmode.",
  },
  {
    name: "render-keyvalue external",
    scheme: ["rediss"],
    host: /^[a-z]+-keyvalue\.([a-z]+\.)?render\.com$/,
    tls: "required",
    source:
      "R-SK skills/render-keyvalue/SKILL.md (external rediss://, TLS + auth, disabled until IPs are allow-listed)",
  },
  {
    name: "render-keyvalue internal",
    scheme: ["redis"],
    host: /^red-[a-z0-9]+$/,
    tls: "none",
    source:
      'R-SK skills/render-keyvalue/SKILL.md (internal redis://red-xxx:6379 over the private network, "no TLS ' +
      'overhead", unauthenticated by default)',
    note:
      "no source documents TLS on the internal endpoint; the only TLS form is the external rediss:// URL, which " +
      "needs the caller's IPs in ipAllowList.",
  },
];

/** The fact for a URL's host and scheme, or undefined when it is no Render datastore URL. */
export function datastoreUrlFact(url: string): DatastoreUrlFact | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?([^/:?#]+)/i.exec(url);
  if (!m) return undefined;
  const [scheme, host] = [m[1].toLowerCase(), m[2].toLowerCase()];
  return DATASTORE_URLS.find((f) => f.scheme.includes(scheme) && f.host.test(host));
}
