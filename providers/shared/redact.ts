/**
 * Keeps secrets out of every message a provider emits. APIs echo requests in their errors ("invalid value
 * 'hunter2' for key DATABASE_URL"), so quoting the API's message is only safe after the values we sent are
 * taken out again.
 *
 * Stable API:
 *   REDACTED = "[redacted]"
 *   redact(text, secrets, opts?) -> text without any secret (also JSON-escaped or URL-encoded forms),
 *                            bearer/basic credentials, or a password inside a URL; `opts.short` also takes
 *                            out secrets under 6 characters standing as whole tokens (for the API's words)
 *   secretsIn(value) -> the string values under secret-bearing keys (value, token, password, secret, …)
 *   redactError(err, secrets) -> the same kind of error with a redacted message (ids and properties kept);
 *                            its `apiMessage`, and that quote in the message, also without short secrets
 *
 * Like ./http.ts this module holds no state and imports nothing from npm (closure serializer).
 */

export const REDACTED = "[redacted]";

// Shorter values are too likely to be ordinary words ("true", "8000") to cut out of messages.
const MIN_NEEDLE_LENGTH = 6;

/** Keys whose values the providers send as secrets (env var values, registry tokens, passwords, URLs). */
const SENSITIVE_KEY = /^(value|.*(token|password|secret|apikey|api_key|credential|url).*)$/i;

/** String values under secret-bearing keys, at any depth (env var lists are `[{key, value}]`). */
export function secretsIn(value: unknown, underSecretKey = false): string[] {
  if (typeof value === "string") return underSecretKey ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => secretsIn(v, underSecretKey));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => secretsIn(v, underSecretKey || SENSITIVE_KEY.test(k)));
  }
  return [];
}

function forms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const parts = [secret, json, encodeURIComponent(secret)];
  // A URL's password is a secret on its own, wherever the rest of the URL went.
  const password = /^[a-z][a-z0-9+.-]*:\/\/[^/:@\s]*:([^@\s/]+)@/i.exec(secret)?.[1];
  if (password) parts.push(password, decodeURIComponentSafe(password));
  return parts;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export interface RedactOptions {
  /**
   * Also take out secrets shorter than 6 characters wherever they stand as a whole token (not inside a
   * longer word or number). For text the API wrote (its echo of what we sent), where a short env value is
   * as secret as a long one; our own text is left alone, where "1" or "true" would maim ids and counts.
   */
  short?: boolean;
}

/** `text` with every secret and credential-shaped substring replaced by {@link REDACTED}. */
export function redact(
  text: string,
  secrets: Iterable<string | undefined> = [],
  opts: RedactOptions = {},
): string {
  const needles = [...new Set([...secrets].flatMap((s) => (typeof s === "string" ? forms(s) : [])))]
    .filter((s) => s.length >= (opts.short ? 1 : MIN_NEEDLE_LENGTH))
    // Longest first, so a secret that contains another is removed whole.
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const needle of needles) {
    const pattern =
      needle.length >= MIN_NEEDLE_LENGTH
        ? escapeRegExp(needle)
        : `(?<![A-Za-z0-9])${escapeRegExp(needle)}(?![A-Za-z0-9])`;
    out = out.replace(new RegExp(pattern, "g"), REDACTED);
  }
  return out
    .replace(/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`)
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^/:@\s"']*):[^@\s"'/]+@/gi, `$1:${REDACTED}@`);
}

/**
 * The same error with its message redacted. Errors are rebuilt on their own prototype so `instanceof`,
 * `kind`, `status`, and an init error's `id` and `properties` survive.
 */
export function redactError(err: unknown, secrets: Iterable<string | undefined>): unknown {
  const list = [...secrets];
  if (!(err instanceof Error)) return new Error(redact(String(err), list));
  const apiMessage = (err as { apiMessage?: unknown }).apiMessage;
  // The API's own words (quoted in the message as JSON) may echo a short value: see RedactOptions.short.
  const apiRedacted = typeof apiMessage === "string" ? redact(apiMessage, list, { short: true }) : undefined;
  let message = err.message;
  if (typeof apiMessage === "string" && apiRedacted !== apiMessage) {
    message = message.split(JSON.stringify(apiMessage)).join(JSON.stringify(apiRedacted));
  }
  message = redact(message, list);
  if (message === err.message && apiRedacted === apiMessage) return err;
  const copy = Object.create(Object.getPrototypeOf(err)) as Error & Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(err)) {
    if (key !== "stack" && key !== "cause") copy[key] = (err as unknown as Record<string, unknown>)[key];
  }
  copy.message = message;
  if (apiRedacted !== undefined) copy.apiMessage = apiRedacted;
  if (Array.isArray(copy.reasons))
    copy.reasons = (copy.reasons as unknown[]).map((r) => redact(String(r), list));
  copy.stack = `${err.name}: ${message}`;
  return copy;
}
