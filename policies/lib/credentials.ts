import { PolicyConfigSchema, UnknownValueError } from "@pulumi/policy";
import type { EnvVar } from "./env-vars";
import { isUrlWithPassword } from "./urls";

/**
 * Environment variable names that carry credentials (connection strings with passwords, signing keys,
 * tokens). Regular expressions, matched against the whole key. Every credential the program sets matches one
 * (test/policies/credentials.test.ts plans dev and prod to prove it); values shaped like a URL with a
 * password count as credentials whatever their name (see {@link carriesCredential}).
 */
export const DEFAULT_CREDENTIAL_KEY_PATTERNS = [
  "^DATABASE_(\\w+_)?URL$",
  "^REDIS_URL$",
  "^CELERY_\\w*(URL|BACKEND)$",
  "^CLOUDINARY_URL$",
  "^SECRET_KEY$",
  // PGPASSWORD (libpq's environment variable) as well as DJANGO_SUPERUSER_PASSWORD.
  "PASSWORD$",
  // NEXTAUTH_SECRET, CLOUDINARY_API_SECRET.
  "(^|_)SECRET$",
  "_TOKEN$",
  "_KEY$",
];

/**
 * Prefixes that leave a variable's meaning unchanged: Django settings packages read `DJANGO_<SETTING>`
 * (django-environ and django-configurations conventions), Next.js exposes `NEXT_PUBLIC_<NAME>`. A name is
 * matched with and without its prefix, so `DJANGO_DATABASE_URL` is `DATABASE_URL` and `DJANGO_DEBUG` is `DEBUG`.
 */
const SAME_MEANING_PREFIXES = ["DJANGO_", "NEXT_PUBLIC_"];

/** Next.js inlines these into the JavaScript sent to browsers (nextjs.org/docs, "Environment Variables"). */
export const BROWSER_PREFIX = "NEXT_PUBLIC_";

/** The name, then the name without each prefix that leaves its meaning unchanged. */
export function plainNames(key: string): string[] {
  return [key, ...SAME_MEANING_PREFIXES.filter((p) => key.startsWith(p)).map((p) => key.slice(p.length))];
}

/**
 * Values shaped like a credential whatever their name, as their issuers document the shapes: Stripe secret
 * and restricted keys (docs.stripe.com/keys), GitHub tokens (github.blog 2021-04-05, "Behind GitHub's new
 * authentication token formats"), GitLab personal tokens (docs.gitlab.com, "Token overview"), Slack tokens
 * (api.slack.com/authentication/token-types), AWS access key ids (IAM user guide, "Unique identifiers"), PEM
 * private keys (RFC 7468).
 */
const CREDENTIAL_VALUE_SHAPES = [
  /^[sr]k_(live|test)_[0-9a-z]{16,}$/i,
  /^(ghp|gho|ghu|ghs|ghr)_[0-9a-z]{30,}$/i,
  /^github_pat_\w{30,}$/,
  /^glpat-[\w-]{20,}$/,
  /^xox[abpr]-[\w-]{10,}$/,
  /^(AKIA|ASIA)[0-9A-Z]{16}$/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];

/** Whether a value, whatever its name, looks like a credential: see {@link CREDENTIAL_VALUE_SHAPES}. */
export function looksLikeCredential(value: string): boolean {
  const v = value.trim();
  return isUrlWithPassword(v) || CREDENTIAL_VALUE_SHAPES.some((shape) => shape.test(v));
}

/**
 * The `keyPatterns` config property of every check that picks credentials out of environment variables,
 * so that the pack's policy and the offline plan check start from the same list.
 */
export const KEY_PATTERNS_PROPERTY: PolicyConfigSchema["properties"][string] = {
  type: "array",
  items: { type: "string" },
  default: DEFAULT_CREDENTIAL_KEY_PATTERNS,
  description: "Regular expressions for environment variable names that carry credentials.",
};

export function isCredentialKey(
  key: string,
  patterns: readonly string[] = DEFAULT_CREDENTIAL_KEY_PATTERNS,
): boolean {
  const names = plainNames(key);
  return patterns.some((p) => names.some((name) => new RegExp(p).test(name)));
}

/**
 * Whether an environment variable carries a credential: by its name (with or without a `DJANGO_` or
 * `NEXT_PUBLIC_` prefix), or by its value's shape (a URL with a password, such as a connection string under a
 * name of the app's own, or a token format of a known issuer). A value still unknown during
 * preview is judged by its name alone; the engine runs the pack again with known values on `up`.
 */
export function carriesCredential(
  envVar: EnvVar,
  patterns: readonly string[] = DEFAULT_CREDENTIAL_KEY_PATTERNS,
): boolean {
  if (isCredentialKey(envVar.key, patterns)) {
    return true;
  }
  let value: unknown;
  try {
    value = envVar.value();
  } catch (e) {
    if (e instanceof UnknownValueError) {
      return false;
    }
    throw e;
  }
  return typeof value === "string" && looksLikeCredential(value);
}
