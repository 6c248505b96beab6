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
  "_PASSWORD$",
  "_TOKEN$",
  "_KEY$",
];

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
  return patterns.some((p) => new RegExp(p).test(key));
}

/**
 * Whether an environment variable carries a credential: by its name, or by its value's shape (a URL with a
 * password, such as a connection string under a name of the app's own). A value still unknown during
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
  return typeof value === "string" && isUrlWithPassword(value);
}
