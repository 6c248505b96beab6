/**
 * Every price the cost estimate uses, with where it was read. One module so a price change is one edit and
 * the plan's cost report and the `monthly-budget` policy can never disagree.
 *
 * "read" is the date the figure was taken from a stored copy of the named page or from the team's research
 * notes that cite it (no live web here). Figures marked "brief" come from the issue 5 price table: the stored
 * copies did not include that page, so re-check those at the source when prices move.
 */
export interface Price<T> {
  value: T;
  /** Public page the figure comes from. */
  source: string;
  /** ISO date the figure was read. */
  read: string;
  note?: string;
}

/** Hours in an average month (365 × 24 / 12), the figure providers use for "per month" equivalents. */
export const HOURS_PER_MONTH = 730;

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

/** Cloudinary Image & Video API plans, USD per month (Plus billed monthly). */
export const CLOUDINARY_PLAN_USD_PER_MONTH: Price<{ free: number; plus: number }> = {
  value: { free: 0, plus: 99 },
  source: "https://cloudinary.com/pricing",
  read: "2026-11-22",
  note:
    "brief; secondary copies give $89 (billed yearly) to $99 (billed monthly) for Plus, and the monthly price " +
    "is used. Free: 25 credits/month (https://cloudinary.com/documentation/billing_and_plans).",
};

/** Vercel plans, USD per seat-month. */
export const VERCEL_PLAN_USD_PER_SEAT_MONTH: Price<{ hobby: number; pro: number }> = {
  value: { hobby: 0, pro: 20 },
  source: "https://vercel.com/pricing",
  read: "2026-11-22",
  note:
    "brief; Pro includes $20 of monthly usage credit (https://vercel.com/docs/plans/pro-plan), and usage " +
    "beyond it is not estimated.",
};
