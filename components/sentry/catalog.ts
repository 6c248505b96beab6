/**
 * Sentry's facts for the program, the plan and the policies: pure data, each with its source
 * (../../../shared/reference/targets.md section 9 quotes them).
 */

/** Resource types of `@pulumiverse/sentry` 0.0.9 the component creates. */
export const PROJECT_TYPE = "sentry:index/sentryProject:SentryProject";
export const KEY_TYPE = "sentry:index/sentryKey:SentryKey";

/** Sentry platform slugs per part (the project's `platform`). */
export const PLATFORMS = { backend: "python-django", frontend: "javascript-nextjs" } as const;

/** Provider configuration the deploy needs: `sentry:token` (or SENTRY_TOKEN / SENTRY_AUTH_TOKEN). */
export const TOKEN_CONFIG = "sentry:token";

/**
 * Not to be created through the package: issue alerts. The legacy `/projects/{org}/{project}/rules/`
 * endpoint the Terraform provider reads is deprecated with 410 brownouts (github jikig-ai/soleur PR #7598;
 * fixed per terraform-provider-sentry#885, still reading /rules/ per soleur PR #7693: sources disagree).
 */
export const AVOID_TYPES = [
  "sentry:index/sentryIssueAlert:SentryIssueAlert",
  "sentry:index/sentryRule:SentryRule",
];

/**
 * The Developer plan is $0 a month: one user, 5k errors (sentry.io/pricing as transcribed 2026-09-20 in github
 * api-evangelist/sentry-system plans/sentry-system-plans-pricing.yml; GitHub Marketplace "Sentry": Free, 5,000
 * events/month, 1 member). Team is $26/month billed annually (same source). Not in ../shared/reference.
 */
export const FREE_PLAN_MONTHLY_USD = {
  value: 0,
  source:
    "sentry.io/pricing: Developer $0, one user, 5k errors (via api-evangelist/sentry-system, 2026-09-20)",
};

/** Outputs a plan's mocks give a key, shaped like the real answer (`dsnPublic` https://<key>@o<org>.ingest...). */
export function mockKeyOutputs(name: string, hash: string): Record<string, string> {
  const key = hash.padEnd(32, "0").slice(0, 32);
  return {
    dsnPublic: `https://${key}@o0.ingest.sentry.io/${name.length}`,
    dsnCsp: `https://o0.ingest.sentry.io/api/${name.length}/security/?sentry_key=${key}`,
  };
}
