/** The lower-case scheme of a URL-looking string (`postgresql`, `rediss`, `https`), or undefined. */
export function schemeOf(value: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value.trim());
  return match ? match[1].toLowerCase() : undefined;
}

/**
 * Every scheme dj-database-url hands to a Postgres-protocol backend: the schemes it registers with its
 * Postgres `currentSchema` handling (jazzband/dj-database-url `dj_database_url/__init__.py`, v3.1.2;
 * `SCHEMES_WITH_SEARCH_PATH` in 1.x/2.x). It registers no `+` variant for Postgres in any release (its only
 * `+` scheme was `mongodb+srv`), so a `postgresql+psycopg://` URL makes it raise UnknownSchemeError and
 * never connects at all.
 */
export const POSTGRES_SCHEMES = [
  "postgres",
  "postgresql",
  "pgsql",
  "postgis",
  "redshift",
  "timescale",
  "timescalegis",
];

/** libpq `sslmode` values that refuse a plaintext connection. */
export const SECURE_SSL_MODES = ["require", "verify-ca", "verify-full"];

/**
 * The `sslmode` query parameter of a Postgres URL: a string, `undefined` when absent, or `null` when the URL
 * cannot be parsed at all. Only the query is returned to callers, never the URL (it holds a password).
 *
 * A repeated parameter counts by its last value: libpq stores each URI parameter over the previous one
 * (fe-connect.c `conninfo_uri_parse_params`) and dj-database-url 1.x/2.x keeps `values[-1]`, so
 * `sslmode=require&sslmode=disable` connects in plaintext.
 */
export function postgresSslMode(url: string): string | undefined | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  return parsed.searchParams.getAll("sslmode").at(-1);
}

/**
 * The items of a URL list: kombu splits a Celery broker URL on `;` into failover brokers
 * (celery/kombu `kombu/connection.py`, `Connection.__init__`), and settings files commonly split on `,`.
 */
export function urlListItems(value: string): string[] {
  return value
    .split(/[;,]/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** The entries of an origin list, separated by commas, semicolons or whitespace as settings files split them. */
export function originEntries(value: string): string[] {
  return value.split(/[\s,;]+/).filter((entry) => entry !== "");
}

/**
 * Whether a string is a URL carrying a password in its userinfo (`scheme://user:password@host`, the user may
 * be empty) or in a `password` query parameter: the shape of a connection string, whatever the variable is
 * called.
 */
export function isUrlWithPassword(value: string): boolean {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(value.trim());
  if (match) {
    const colon = match[1].indexOf(":");
    if (colon !== -1 && colon < match[1].length - 1) return true;
  }
  return hasPasswordParameter(value);
}

/**
 * A non-empty `password` query parameter, in any case: libpq takes `?password=` as a connection parameter
 * (postgresql.org/docs/current/libpq-connect.html, "Connection URIs"), and so do many webhook and driver URLs.
 */
function hasPasswordParameter(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return false;
  }
  return [...url.searchParams].some(([k, v]) => k.toLowerCase() === "password" && v !== "");
}
