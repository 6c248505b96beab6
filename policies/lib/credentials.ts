import { PolicyConfigSchema } from "@pulumi/policy";

/**
 * Environment variable names that carry credentials (connection strings with passwords, signing keys,
 * tokens). Regular expressions, matched against the whole key.
 */
export const DEFAULT_CREDENTIAL_KEY_PATTERNS = [
  "^DATABASE_URL$",
  "^REDIS_URL$",
  "^CELERY_",
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
