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

export function isCredentialKey(
  key: string,
  patterns: readonly string[] = DEFAULT_CREDENTIAL_KEY_PATTERNS,
): boolean {
  return patterns.some((p) => new RegExp(p).test(key));
}
