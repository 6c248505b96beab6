/**
 * Vercel, as the rest of the program needs to know it: the `frontend` part's config, regions, the policy
 * facts, the plan's mock answers and the bridged provider's replace-on-change entries. Pure data: no cloud
 * SDK is loaded with it.
 */
import { z } from "zod";
import type { ConfigProblem, Price, ReplaceRule, TargetCatalog } from "../catalog";
import { PROGRAM_FRONTEND_KEYS } from "../../contracts";

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
    /** The Vercel project's name. Default: the stack's prefix; an imported project's own name is required. */
    projectName: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9._-]{0,99}$/,
        "must be a Vercel project name: lowercase letters, digits, . _ and -, at most 100 characters",
      )
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
    /**
     * The imported project's variables the program sets, by key: each one's Vercel id, the last segment of
     * the import id `[team_…/]prj_…/<id>` (projectEnvironmentVariable.d.ts, Import), which the provider's
     * conflict error names (terraform-provider-vercel client/environment_variable.go, c8a6711).
     */
    vercelEnvVars: z.record(z.string(), z.string().min(1)).optional(),
    /** A domain already on the imported project: the site's domain, imported as `[team_…/]prj_…/<domain>` (projectDomain.d.ts, Import). */
    vercelDomain: z
      .string()
      .regex(
        /^(?=.{1,253}$)(?!-)([a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/,
        "must be a lowercase DNS hostname such as www.example.com (no scheme, no path)",
      )
      .optional(),
  },
  rules: { always: adoptProblems },
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

/** A project variable's id, e.g. `FdT2e1E5Of6Cihmt` (projectEnvironmentVariable.d.ts, Import). */
const VARIABLE_ID = /^[A-Za-z0-9]+$/;

/**
 * What an adopt of a Vercel project must say: the project's own name (another one renames it on import), and
 * its variables and domain only beside the project, for variables the program sets (it leaves the others as
 * they are, so an id of one it does not set would adopt nothing).
 */
function adoptProblems({
  settings,
  adopt,
}: {
  settings: Record<string, unknown>;
  adopt: Record<string, unknown>;
}) {
  const problems: ConfigProblem[] = [];
  const project = adopt.vercelProject;
  if (project !== undefined && settings.projectName === undefined) {
    problems.push({
      path: "frontend.projectName",
      value: undefined,
      why: "webapp:adopt.vercelProject imports a project by id, and a name other than its own would rename it: give the name its Vercel settings show",
      fix: "<project name>",
    });
  }
  for (const key of ["vercelEnvVars", "vercelDomain"] as const) {
    if (project === undefined && adopt[key] !== undefined) {
      problems.push({
        path: `adopt.${key}`,
        value: adopt[key],
        why: "it imports from the adopted Vercel project, and webapp:adopt.vercelProject is not set",
        fix: undefined,
      });
    }
  }
  const owned = new Set<string>([...PROGRAM_FRONTEND_KEYS, ...Object.keys((settings.env as object) ?? {})]);
  for (const [key, id] of Object.entries((adopt.vercelEnvVars as Record<string, string>) ?? {})) {
    const path = `adopt.vercelEnvVars.${key}`;
    if (!owned.has(key)) {
      problems.push({
        path,
        value: id,
        why: `the program sets no variable ${key} on the site, and leaves the project's other variables as they are`,
        fix: undefined,
      });
    } else if (!VARIABLE_ID.test(id)) {
      // The provider's conflict error prints the whole import id (terraform-provider-vercel
      // client/environment_variable.go findConflictingEnvID, c8a6711): its last part is the variable's.
      const last = id.split("/").pop()!;
      problems.push({
        path,
        value: id,
        why: "must be the variable's own Vercel id such as FdT2e1E5Of6Cihmt, the last part of its import id",
        fix: VARIABLE_ID.test(last) ? last : undefined,
      });
    }
  }
  return problems;
}
