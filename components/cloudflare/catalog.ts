/**
 * Cloudflare Pages, as the rest of the program needs to know it: the `frontend` part's config, its free-tier
 * limits and prices (with sources), the policy facts, the plan's mock answers and the bridged provider's
 * replace-on-change entries. Pure data: `@pulumi/cloudflare` is loaded only by a stack whose frontend
 * target is `cloudflare-pages` (components/targets.ts).
 */
import { z } from "zod";
import type { ReplaceRule, TargetCatalog } from "../catalog";

export const CLOUDFLARE_TOKENS = {
  pagesProject: "cloudflare:index/pagesProject:PagesProject",
  pagesDomain: "cloudflare:index/pagesDomain:PagesDomain",
} as const;

/** A fact with where it was read; `disputed` when sources disagree (every reading is kept). */
export interface PagesFact<T> {
  value: T;
  source: string;
  disputed?: string;
}

/**
 * Free-plan limits of a Pages site. Static asset requests are free and unlimited on every plan; requests
 * that run Pages Functions (server-side code: a full-stack site's API routes and SSR) count toward the
 * Workers Free plan's 100,000 requests a day, shared with the account's Workers, reset at 00:00 UTC.
 */
export const PAGES_FREE_LIMITS = {
  functionRequestsPerDay: {
    value: 100_000,
    source: "https://developers.cloudflare.com/pages/functions/pricing (Free Plan)",
  },
  buildsPerMonth: {
    value: 500,
    source: "../shared/reference/targets.md §11; https://developers.cloudflare.com/pages/platform/limits",
    disputed:
      "secondary sources say 500 builds a month; others say 500 build minutes a month (gist lukas-h " +
      "b80d93e8ccf3b3d63963c526d5d3dd05, 2021; github dennislwm/playradar wiki CloudflarePages, 2026): " +
      "count both, a build of over a minute uses the minutes first",
  },
} as const satisfies Record<string, PagesFact<number>>;

/**
 * Monthly prices. The Pages project itself is free; server-side requests past the free quota need the
 * Workers Paid plan (Pages Functions are billed as Workers requests).
 */
export const PAGES_PRICES_USD_PER_MONTH = {
  free: { value: 0, source: "https://developers.cloudflare.com/pages/functions/pricing" },
  workersPaid: {
    value: 5,
    source:
      "https://developers.cloudflare.com/workers/platform/pricing (not in the stored reference; read from a " +
      "secondary copy: github knowtific/helppuff wiki 'Cloudflare Free Plan', 2026-10): re-check at the source",
  },
} as const satisfies Record<string, PagesFact<number>>;

/**
 * Next.js on Pages builds with `@cloudflare/next-on-pages` into `.vercel/output/static` and needs the
 * `nodejs_compat` flag (developers.cloudflare.com/pages/framework-guides/nextjs/ssr/get-started;
 * ../shared/reference/targets.md §11).
 */
export const NEXT_ON_PAGES = {
  buildCommand: "npx @cloudflare/next-on-pages@1",
  destinationDir: ".vercel/output/static",
  compatibilityFlags: ["nodejs_compat"],
} as const;

/** `webapp:frontend` as this catalog's schema returns it. */
export interface PagesSettings {
  accountId: string;
  projectName?: string;
  productionBranch: string;
  buildCommand: string;
  destinationDir: string;
  rootDir?: string;
  /** GitHub `owner/name`; absent: a Direct Upload project deployed by CI (docs/pages.md). */
  repository?: string;
  compatibilityDate: string;
}

const relativePath = z
  .string()
  .min(1)
  .regex(/^(?!\/)(?!.*(^|\/)\.\.($|\/))[^\0]*$/, "must be a path relative to the repository root");

// TF provider internal/services/<resource>/schema.go (ba5e3f3 / 09fd819); the Node SDK in
// node_modules/@pulumi/cloudflare carries no schema, and its resource classes set no replaceOnChanges.
// The date is the day the stored copy was read (the commit dates were not in it).
const SOURCE = "cloudflare/terraform-provider-cloudflare internal/services";
const replaces = (resource: string, commit: string, property: string): ReplaceRule => ({
  property,
  source: `${SOURCE}/${resource}/schema.go (${commit}, 2026-12-02): stringplanmodifier.RequiresReplace()`,
});

export const cloudflarePagesCatalog: TargetCatalog & { part: "frontend" } = {
  part: "frontend",
  name: "cloudflare-pages",
  title: "The site as a Cloudflare Pages project, its production and preview variables and its domain",
  schema: () => ({
    // Cloudflare account ids are 32 hex digits (dashboard: Workers & Pages, Account details).
    accountId: z
      .string()
      .regex(
        /^[0-9a-f]{32}$/,
        "must be a Cloudflare account id: 32 hex digits from the dashboard's Account details",
      ),
    // The SDK's rule for `projectName` (pagesDomain.d.ts): a lowercase letter or digit first, then
    // lowercase letters, digits and hyphens. Default: the stack's prefix.
    projectName: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]*$/,
        "must start with a lowercase letter or digit and hold only a-z, 0-9 and -",
      )
      .optional(),
    productionBranch: z.string().min(1).default("main"),
    buildCommand: z.string().min(1).default(NEXT_ON_PAGES.buildCommand),
    destinationDir: relativePath.default(NEXT_ON_PAGES.destinationDir),
    rootDir: relativePath.optional(),
    repository: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "must be a GitHub repository owner/name")
      .optional(),
    compatibilityDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
      .default("2024-09-23"),
  }),
  // Pages runs at every Cloudflare location: no region to choose (`regions` absent).
  resources: {
    // The variables live inside the project, per environment (`deploymentConfigs.<env>.envVars`).
    [CLOUDFLARE_TOKENS.pagesProject]: { env: "deployment-configs" },
    [CLOUDFLARE_TOKENS.pagesDomain]: {},
  },
  mocks: {
    // `subdomain` is `<name>.pages.dev`; Cloudflare adds a suffix when the name is taken, which a plan
    // cannot know (the URL a stack exports comes from the real output after `up`).
    [CLOUDFLARE_TOKENS.pagesProject]: ({ inputs, hex }) => ({
      id: String(inputs.name),
      extra: {
        subdomain: `${String(inputs.name)}.pages.dev`,
        domains: [`${String(inputs.name)}.pages.dev`],
        createdOn: "2026-01-01T00:00:00Z",
        latestDeployment: { id: hex(8) },
      },
    }),
    [CLOUDFLARE_TOKENS.pagesDomain]: ({ hex }) => ({
      id: hex(8),
      extra: { domainId: hex(8), status: "pending", zoneTag: hex(32) },
    }),
  },
  replaceOnChanges: {
    [CLOUDFLARE_TOKENS.pagesProject]: [
      replaces("pages_project", "ba5e3f3", "accountId"),
      replaces("pages_project", "ba5e3f3", "name"),
    ],
    [CLOUDFLARE_TOKENS.pagesDomain]: [
      replaces("pages_domain", "09fd819", "accountId"),
      replaces("pages_domain", "09fd819", "projectName"),
      replaces("pages_domain", "09fd819", "name"),
    ],
  },
};
