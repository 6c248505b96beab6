/** The lower-case scheme of a URL-looking string (`postgresql`, `rediss`, `https`), or undefined. */
export function schemeOf(value: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value.trim());
  return match ? match[1].toLowerCase() : undefined;
}

export const POSTGRES_SCHEMES = ["postgres", "postgresql"];

/** libpq `sslmode` values that refuse a plaintext connection. */
export const SECURE_SSL_MODES = ["require", "verify-ca", "verify-full"];

/**
 * The `sslmode` query parameter of a Postgres URL: a string, `undefined` when absent, or `null` when the URL
 * cannot be parsed at all. Only the query is returned to callers, never the URL (it holds a password).
 */
export function postgresSslMode(url: string): string | undefined | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  return parsed.searchParams.get("sslmode") ?? undefined;
}
