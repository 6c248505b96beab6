/**
 * Vercel, as the rest of the program needs to know it: the `frontend` part's config, regions, the policy
 * facts, the plan's mock answers and the bridged provider's replace-on-change entries. Pure data: no cloud
 * SDK is loaded with it.
 */
import { z } from "zod";
import type { Price, ReplaceRule, TargetCatalog } from "../catalog";

export const VERCEL_TOKENS = {
  project: "vercel:index/project:Project",
  projectDomain: "vercel:index/projectDomain:ProjectDomain",
  envVar: "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
} as const;

/** Vercel framework presets this program knows how to front (`vercel.Project.framework` slugs). */
export const VERCEL_FRAMEWORKS = ["nextjs", "vite", "remix", "astro", "sveltekit", "nuxtjs"] as const;

const relativePath = z
  .string()
  .min(1)
  .regex(/^(?!\/)(?!.*(^|\/)\.\.($|\/.*\/\.\.))[^\0]*$/, "must be a path relative to the program directory");

const SOURCE = "vercel/terraform-provider-vercel";
const replaces = (file: string, property: string, flag = "RequiresReplace()"): ReplaceRule => ({
  property,
  source: `${SOURCE} vercel/${file} (c8a6711, 2026-08-07): ${flag}`,
});

// Prices, each with the page it was read from and when (the cost estimate, policies/cost/estimate.ts).
/** Vercel plans, USD per seat-month. */
export const VERCEL_PLAN_USD_PER_SEAT_MONTH: Price<{ hobby: number; pro: number }> = {
  value: { hobby: 0, pro: 20 },
  source: "https://vercel.com/pricing",
  read: "2026-11-22",
  note:
    "brief; Pro includes $20 of monthly usage credit (https://vercel.com/docs/plans/pro-plan), and usage " +
    "beyond it is not estimated.",
};

export const vercelCatalog: TargetCatalog & { part: "frontend" } = {
  part: "frontend",
  name: "vercel",
  title: "The site as a Vercel project built from Git, its domain and its environment",
  schema: () => ({
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
  }),
  adopt: {
    // The Vercel provider imports `prj_…` or `team_…/prj_…`.
    vercelProject: z
      .string()
      .regex(
        /^(team_[A-Za-z0-9]+\/)?prj_[A-Za-z0-9]+$/,
        "must be a Vercel project id such as prj_abc123 (or team_xyz/prj_abc123 for a team project)",
      )
      .optional(),
  },
  // Vercel function regions nearest each Render region (vercel.com/docs/regions).
  regions: {
    "us-west": "pdx1",
    "us-central": "cle1",
    "us-east": "iad1",
    "eu-central": "fra1",
    "ap-southeast": "sin1",
  },
  resources: {
    [VERCEL_TOKENS.project]: { env: "environments-list" },
    [VERCEL_TOKENS.projectDomain]: {},
    [VERCEL_TOKENS.envVar]: { env: "key-value-sensitive" },
  },
  mocks: {
    [VERCEL_TOKENS.project]: ({ hex }) => ({ id: `prj_${hex(28)}`, extra: { teamId: "team_plan" } }),
    [VERCEL_TOKENS.projectDomain]: ({ inputs }) => ({ id: String(inputs.domain), extra: { verified: true } }),
    [VERCEL_TOKENS.envVar]: ({ hex }) => ({ id: hex(16) }),
  },
  replaceOnChanges: {
    [VERCEL_TOKENS.project]: [replaces("resource_project.go", "teamId", "RequiresReplaceIfConfigured()")],
    [VERCEL_TOKENS.projectDomain]: [
      replaces("resource_project_domain.go", "projectId"),
      replaces("resource_project_domain.go", "domain"),
      replaces("resource_project_domain.go", "teamId", "RequiresReplaceIfConfigured()"),
    ],
    [VERCEL_TOKENS.envVar]: [
      replaces("resource_project_environment_variable.go", "projectId"),
      replaces("resource_project_environment_variable.go", "key"),
      replaces("resource_project_environment_variable.go", "sensitive"),
      replaces("resource_project_environment_variable.go", "customEnvironmentIds"),
      replaces("resource_project_environment_variable.go", "teamId", "RequiresReplaceIfConfigured()"),
    ],
  },
};
