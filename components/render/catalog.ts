/**
 * Render, as the rest of the program needs to know it: the `backend` part's Render keys, the free plan's
 * limits (stated here once: the config rules, the component and the `render-free-tier` policy read them),
 * regions, the policy facts and the plan's mock answers. Pure data: no cloud SDK is loaded with it.
 */
import { z } from "zod";
import { PAID_PLANS, WEB_PLANS } from "../../providers/render/service-types";
import type { Fact, Price, TargetCatalog } from "../catalog";

const dynamic = (type: string) => `pulumi-nodejs:dynamic/render:${type}`;
export const RENDER_TOKENS = {
  webService: dynamic("WebService"),
  backgroundWorker: dynamic("BackgroundWorker"),
  envVar: dynamic("EnvVar"),
  registryCredential: dynamic("RegistryCredential"),
  postgres: dynamic("Postgres"),
  keyValue: dynamic("KeyValue"),
  project: dynamic("Project"),
  environmentMember: dynamic("EnvironmentMember"),
} as const;

// Render's plan enums (openapi.json `plan` for web services, the narrower `paidPlan` for workers) live with
// the Render provider, which checks them too; config accepts exactly what the provider sends. `custom` is a
// plan Render negotiates per workspace: the cost estimate cannot price it and says so.
export const RENDER_PLANS = WEB_PLANS;
export const RENDER_WORKER_PLANS = PAID_PLANS;
/** Render workspace plans; autoscaling needs `professional` or higher (render.com/docs/scaling). */
export const RENDER_WORKSPACES = ["hobby", "professional"] as const;

/**
 * `webapp:render`, shared by every Render target (backend, database, cache, frontend): one statement, so the
 * stack schema gets the same key whichever of them a stack uses. `project`: the Render project (and its
 * environment, named after the stack) every Render service and datastore of the stack is placed in; absent:
 * none (the dashboard's ungrouped list, as today's stacks have it).
 */
export const RENDER_OWN = {
  render: z
    .strictObject({
      workspace: z.enum(RENDER_WORKSPACES).default("hobby"),
      project: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,62}$/, "must be a Render project name such as acme-shop")
        .optional(),
    })
    .prefault({}),
};

/** `webapp:render` as {@link RENDER_OWN} returns it. */
export interface RenderOwn {
  workspace: (typeof RENDER_WORKSPACES)[number];
  project?: string;
}

/**
 * What Render's free instances cannot do (render.com/docs/free): the one statement of these limits. Each
 * entry: the setting, whether a value breaks the limit, why, and the value that fixes it (undefined: remove).
 */
export const RENDER_FREE = {
  plan: "free",
  instances: { why: "Render free web services run one instance", fix: "1" },
  autoscaling: { why: "Render free web services cannot autoscale", fix: undefined },
  worker: { why: "Render has no free background workers", fix: "false" },
} as const;

/** The first free-plan limit the web service's settings break, as a sentence; undefined: none. */
export function freePlanProblem(s: {
  instances?: number;
  autoscaling?: unknown;
  worker?: unknown;
}): string | undefined {
  if ((s.instances ?? 1) > 1) return RENDER_FREE.instances.why;
  if (s.autoscaling) return RENDER_FREE.autoscaling.why;
  if (s.worker) return RENDER_FREE.worker.why;
  return undefined;
}

/** Free instance hours: the pool every free web service of a workspace runs on (keep-warm spends it). */
export const RENDER_FREE_INSTANCE_HOURS: Fact<number> = {
  value: 750,
  source: "render.com/docs/free, Free instance hours (per workspace per calendar month; no rollover)",
};

export const RENDER_SPIN_DOWN_SECONDS: Fact<number> = {
  value: 15 * 60,
  source: "render.com/docs/free, Spinning down on idle (15 minutes without inbound traffic)",
};

/** Per tier: the free plan, or two standard instances. */
export const RENDER_DEFAULTS = {
  free: { plan: "free" as const, instances: 1 },
  paid: { plan: "standard" as const, instances: 2 },
};

// Prices, each with the page it was read from and when (the cost estimate, policies/cost/estimate.ts).
/** Render instance plans, USD per instance-month (web services and background workers alike). */
export const RENDER_PLAN_USD_PER_MONTH: Price<Record<string, number>> = {
  value: { free: 0, starter: 7, standard: 25, pro: 85, pro_plus: 175, pro_max: 225, pro_ultra: 450 },
  source: "https://render.com/pricing",
  read: "2026-11-22",
  note:
    "brief (issue 5); Render bills per second, so these are full-month equivalents. Workspace fees are " +
    "RENDER_WORKSPACE_USD_PER_USER_MONTH; bandwidth overage is not included. starter_plus and standard_plus " +
    "(listed in Render's OpenAPI `plan`) have no published price here, so the estimate reports them unpriced.",
};

/** Render workspace plans, USD per workspace member a month (billed beside the instances). */
export const RENDER_WORKSPACE_USD_PER_USER_MONTH: Price<Record<string, number>> = {
  value: { hobby: 0, professional: 19 },
  source: "https://render.com/pricing",
  read: "2026-12-01",
  note:
    "not in the stored reference copies (../shared/reference/render.md names the Professional workspace, " +
    "which autoscaling needs, but not its price); $19 per user is Render's published Professional price, " +
    "re-check it at the source.",
};

export const renderCatalog: TargetCatalog & { part: "backend" } = {
  part: "backend",
  name: "render",
  title: "The API as an image-backed Render web service (+ a background worker), pinned by digest",
  schema: (tier) => ({
    plan: z.enum(RENDER_PLANS).default(RENDER_DEFAULTS[tier].plan),
    instances: z.number().int().min(1).max(100).default(RENDER_DEFAULTS[tier].instances),
    autoscaling: z
      .strictObject({
        min: z.number().int().min(1).max(100),
        max: z.number().int().min(1).max(100),
        cpuPercent: z.number().int().min(1).max(90).default(70),
        memoryPercent: z.number().int().min(1).max(90).optional(),
      })
      .optional(),
    workerPlan: z.enum(RENDER_WORKER_PLANS).default("starter"),
  }),
  adopt: {
    // Render service ids are `srv-` and 20 lowercase letters or digits (recorded API traffic in test/fixtures/render).
    backendService: z
      .string()
      .regex(/^srv-[a-z0-9]{20}$/, "must be a Render service id such as srv-ct6vn35j0q5s700ckga0")
      .optional(),
    backendWorker: z
      .string()
      .regex(/^srv-[a-z0-9]{20}$/, "must be a Render service id such as srv-ct6vn35j0q5s700ckga1")
      .optional(),
  },
  own: RENDER_OWN,
  rules: {
    always: ({ settings: b }) => {
      const a = b.autoscaling as { min: number; max: number } | undefined;
      return a && a.max < a.min
        ? [
            {
              path: "backend.autoscaling.max",
              value: a.max,
              why: `must be at least backend.autoscaling.min (${a.min})`,
              fix: String(a.min),
            },
          ]
        : [];
    },
    paid: ({ settings: b, own }) => [
      ...(b.plan === RENDER_FREE.plan
        ? [
            {
              path: "backend.plan",
              value: b.plan,
              why: "a paid stack runs on a paid Render plan (starter, standard, pro, ...)",
              fix: "standard",
            },
          ]
        : []),
      ...(b.autoscaling && (own.render as { workspace: string }).workspace === "hobby"
        ? [
            {
              path: "backend.autoscaling",
              value: b.autoscaling,
              why: "Render autoscales only in a Professional workspace or higher (webapp:render.workspace is hobby)",
              fix: "pulumi config set --path webapp:render.workspace professional",
            },
          ]
        : []),
    ],
    free: ({ settings: b, worker }) => [
      ...(b.plan !== RENDER_FREE.plan
        ? [
            {
              path: "backend.plan",
              value: b.plan,
              why: "Render bills every plan but free",
              fix: RENDER_FREE.plan,
            },
          ]
        : []),
      ...(b.instances !== 1
        ? [{ path: "backend.instances", value: b.instances, ...RENDER_FREE.instances }]
        : []),
      ...(b.autoscaling
        ? [{ path: "backend.autoscaling", value: b.autoscaling, ...RENDER_FREE.autoscaling }]
        : []),
      ...(worker ? [{ path: "backend.worker", value: worker, ...RENDER_FREE.worker }] : []),
    ],
  },
  // Render's five regions (render.md §4); the other vendors' columns pick their nearest region to each.
  regions: {
    "us-west": "oregon",
    "us-central": "ohio",
    "us-east": "virginia",
    "eu-central": "frankfurt",
    "ap-southeast": "singapore",
  },
  resources: {
    [RENDER_TOKENS.webService]: { env: "envVars-map" },
    [RENDER_TOKENS.backgroundWorker]: { env: "envVars-map" },
    // One variable of a Render service set on its own (the hosts and origins known once Render named the host).
    [RENDER_TOKENS.envVar]: { env: "key-value" },
    [RENDER_TOKENS.registryCredential]: {},
    [RENDER_TOKENS.project]: {},
    [RENDER_TOKENS.environmentMember]: {},
  },
  mocks: {
    [RENDER_TOKENS.webService]: ({ inputs, hex }) => {
      const slug = `${String(inputs.name)}-${hex(4)}`;
      const id = `srv-${hex(20)}`;
      return {
        id,
        extra: {
          url: `https://${slug}.onrender.com`,
          slug,
          dashboardUrl: `https://dashboard.render.com/web/${id}`,
          deployId: `dep-${hex(20, "deploy")}`,
          unmanagedEnvVarKeys: unmanagedKeys(inputs, hex(6)),
        },
      };
    },
    [RENDER_TOKENS.backgroundWorker]: ({ inputs, hex }) => {
      const id = `srv-${hex(20)}`;
      return {
        id,
        extra: {
          slug: `${String(inputs.name)}-${hex(4)}`,
          dashboardUrl: `https://dashboard.render.com/worker/${id}`,
          deployId: `dep-${hex(20, "deploy")}`,
          unmanagedEnvVarKeys: unmanagedKeys(inputs, hex(6)),
        },
      };
    },
    [RENDER_TOKENS.registryCredential]: ({ hex }) => ({ id: `rgc-${hex(20)}` }),
    // R-OAS create-project: `prj-…`, its environments `evm-…`.
    [RENDER_TOKENS.project]: ({ hex }) => ({
      id: `prj-${hex(20)}`,
      extra: { environmentId: `evm-${hex(20, "environment")}` },
    }),
    [RENDER_TOKENS.environmentMember]: ({ inputs }) => ({
      id: `${String(inputs.environmentId)}/${String(inputs.resourceId)}`,
    }),
  },
};

/**
 * A service the program creates has no variable it did not set (the provider's create answers []); one it
 * adopts has whatever was set on it by hand, which only the deploy reads: an invented name, hence marked
 * known after deploy.
 */
function unmanagedKeys(inputs: Record<string, unknown>, hex: string): string[] {
  return inputs.adoptId ? [`SET_BY_HAND_${hex.toUpperCase()}`] : [];
}
