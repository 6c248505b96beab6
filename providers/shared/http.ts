/**
 * Shared HTTP machinery for the dynamic providers (Render, Neon, Cloudinary).
 *
 * Stable API (other providers import these; change only additively):
 *
 *   class ApiError extends Error
 *     status?: number          HTTP status, when the API answered
 *     apiMessage?: string      the API's own `message`, quoted verbatim in `message`
 *     retryAfterMs?: number    server-requested wait (Retry-After / Ratelimit-Reset), on 429/503
 *     kind: "http" | "timeout" | "network" | "parse" | "config" | "ratelimit" | "deploy" | "refused"
 *                              (ratelimit = a client-side limiter refused; deploy = the API accepted the change
 *                              but the rollout failed; refused = the transport refused the answer: a redirect
 *                              elsewhere, an oversized body; none of these is retried)
 *     headers?: Headers        response headers, when the API answered
 *   resourceLabel(token, name) -> `render:WebService "webapp-dev-api"`, the start of every message
 *   formatFailure(what, status?, apiMessage?) -> `${what} failed: 400 Bad Request: "<apiMessage>"`
 *   networkFailure(what, reason, cause?), parseFailure(what, status, text, headers?) -> ApiError, same format
 *   isNotFound(err); orNotFound(promise) -> its value, or undefined on a 404 or 410 (read: gone; delete: done)
 *   isRetryable(err) -> boolean         429, 408, 423, 5xx, timeouts, network errors; also plain errors with
 *                                       `status`/`statusCode`/`http_code`/`response.status` or a socket `code`
 *   retryAfterFromHeaders(status, headers, now?) -> ms | undefined   Retry-After (seconds or HTTP-date, read
 *                                       against the answer's own Date) on any status; Ratelimit-Reset
 *                                       (seconds) only on 429
 *   backoffDelayMs(attempt, err, opts?) -> ms   exponential backoff with full jitter, at least `retryAfterMs`
 *   withRetries(what, attempt: (signal) => Promise<T>, opts?: RetryOptions) -> Promise<T>
 *   lenientRecover(recover, retryable?) -> a `recover` whose lookup failing for a retryable reason means
 *                                       "send the original call again" instead of failing the operation
 *   requestJson<T>(req: JsonRequest) -> Promise<JsonResponse<T>>   guardedFetch (./transport.ts) + bearer auth +
 *                                       JSON + ApiError; the API's message is redacted (./redact.ts) of the
 *                                       token, `req.secrets` and every secret-bearing value of the body
 *   DEFAULT_DEADLINE_MS                 5 min: the most one call may take, retries and waits included
 *
 * Deadlines: every call ends within `deadlineMs` (default 5 min) whatever the server does: each attempt is
 * cut at `timeoutMs` (30 s, the body included), no backoff or Retry-After wait runs past the deadline, and
 * a server asking to wait longer than `maxRetryAfterMs` (2 min) fails the call at once. Waits for a
 * rollout have their own documented limits in the provider that polls (Render deploys, Neon operations).
 *   processState(key, init) -> T        per-process mutable state that the closure serializer never captures
 *
 * Why this shape: dynamic providers are serialized into the state file by Pulumi's closure serializer, which
 * copies every module-level value a provider method reaches by value. So nothing here holds credentials or
 * mutable state at module level; per-process state lives on `globalThis` (see `processState`), and this
 * module imports nothing from npm: only Node built-ins, which the serializer emits as `require(...)`.
 */

import { STATUS_CODES } from "node:http";
import { redact, secretsIn } from "./redact";
import { TransportError, guardedFetch } from "./transport";

/** What went wrong, so callers can decide without parsing messages. */
export type ApiErrorKind =
  "http" | "timeout" | "network" | "parse" | "config" | "ratelimit" | "deploy" | "refused";

export interface ApiErrorDetails {
  kind?: ApiErrorKind;
  status?: number;
  apiMessage?: string;
  retryAfterMs?: number;
  headers?: Headers;
  cause?: unknown;
}

/**
 * An API call that failed. `message` names the resource and operation and quotes the API's own message;
 * it must never contain a credential or a request body (env var values are secrets).
 */
export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status?: number;
  readonly apiMessage?: string;
  readonly retryAfterMs?: number;
  readonly headers?: Headers;

  constructor(message: string, details: ApiErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    // The closure serializer rewrites `super(...)` into `Error.call(this, ...)`, which returns a fresh
    // Error and leaves `this` bare; set what Error would have set so the deserialized provider still
    // reports a readable message and stack.
    this.message = message;
    this.name = "ApiError";
    if (this.stack === undefined) Error.captureStackTrace(this, ApiError);
    this.kind = details.kind ?? "http";
    this.status = details.status;
    this.apiMessage = details.apiMessage;
    this.retryAfterMs = details.retryAfterMs;
    this.headers = details.headers;
  }

  // A prototype member makes the closure serializer emit ApiError.prototype chained to Error.prototype,
  // so `instanceof Error` (and Pulumi's error reporting) keeps working after deserialization.
  toString(): string {
    return `${this.name}: ${this.message}`;
  }
}

/** Names a resource at the start of every message, e.g. `neon:Project "webapp-dev"`. */
export function resourceLabel(token: string, name: string | undefined): string {
  return `${token} ${JSON.stringify(name ?? "")}`;
}

/**
 * The one message format every provider uses, e.g.
 * `render:WebService "webapp-dev-api": create failed: 400 Bad Request: "maintenance mode ..."`.
 */
export function formatFailure(what: string, status?: number, apiMessage?: string): string {
  let text = `${what} failed`;
  if (status !== undefined) {
    const reason = STATUS_CODES[status];
    text += `: ${status}${reason ? ` ${reason}` : ""}`;
  }
  if (apiMessage !== undefined && apiMessage !== "") {
    text += `: ${JSON.stringify(apiMessage)}`;
  }
  return text;
}

/** A call that got no answer; `reason` is a socket code such as ECONNRESET, never request data. */
export function networkFailure(what: string, reason: string, cause?: unknown): ApiError {
  return new ApiError(`${what} failed: network error: ${reason}`, { kind: "network", cause });
}

/**
 * A 2xx answer whose body is not JSON: its length and first characters, never the whole body. A cut JSON
 * answer may hold a value nobody told us is secret (a revealed password), so the values of JSON strings are
 * masked; keys (followed by `:`) and anything outside strings (an HTML page) are shown.
 */
export function parseFailure(what: string, status: number, text: string, headers?: Headers): ApiError {
  const start = text
    .slice(0, 40)
    .replace(/"(?:[^"\\]|\\.)*("|$)(\s*:)?/g, (m: string, close: string, colon?: string) =>
      colon ? m : `"…${close}`,
    );
  return new ApiError(
    `${what} failed: ${status} response is not valid JSON (${text.length} bytes, starts ${JSON.stringify(start)})`,
    { kind: "parse", status, headers },
  );
}

/** Whether an error is the API's 404 or 410 Gone (read: resource gone; delete: already done). */
export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 404 || err.status === 410);
}

/** The call's answer, or undefined when the API answered 404. */
export async function orNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

const RETRYABLE_SOCKET_CODES = [
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
];

function statusOf(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as {
    status?: unknown;
    statusCode?: unknown;
    http_code?: unknown;
    response?: { status?: unknown };
  };
  for (const candidate of [e.status, e.statusCode, e.http_code, e.response?.status]) {
    if (typeof candidate === "number") return candidate;
  }
  return undefined;
}

function isRetryableStatus(status: number): boolean {
  // 423: Neon answers "project is locked" while another operation runs; it clears by itself.
  return status === 408 || status === 423 || status === 429 || (status >= 500 && status !== 501);
}

/** Whether trying the same request again can succeed (the caller still decides if it is safe to). */
export function isRetryable(err: unknown): boolean {
  if (err instanceof ApiError) {
    if (err.kind === "timeout" || err.kind === "network") return true;
    return err.kind === "http" && err.status !== undefined && isRetryableStatus(err.status);
  }
  const status = statusOf(err);
  if (status !== undefined) return isRetryableStatus(status);
  if (typeof err === "object" && err !== null) {
    const e = err as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof e.code === "string" && RETRYABLE_SOCKET_CODES.includes(e.code)) return true;
    if (e.name === "TimeoutError") return true;
    // fetch() reports socket failures as `TypeError: fetch failed` with the socket error as `cause`.
    if (e.cause !== undefined && e.cause !== err) return isRetryable(e.cause);
  }
  return false;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/**
 * How long the server asked us to wait. `Retry-After` is honoured on any status (seconds or HTTP-date);
 * `Ratelimit-Reset` (seconds until the window resets; Render sends it on every response) only on a 429,
 * where it is the only hint. An HTTP-date is a time on the server's clock, so it is read against the same
 * answer's `Date` (RFC 9110 §10.2.3), never the local clock, which may be skewed and is later than when the
 * server wrote it; `now` (or, without it, the local clock) is used only when the answer has no valid `Date`.
 */
export function retryAfterFromHeaders(
  status: number,
  headers: HeaderSource,
  now?: number,
): number | undefined {
  const retryAfter = header(headers, "retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) {
      const serverNow = Date.parse(header(headers, "date") ?? "");
      return Math.max(0, at - (Number.isNaN(serverNow) ? (now ?? Date.now()) : serverNow));
    }
  }
  if (status === 429) {
    const reset = header(headers, "ratelimit-reset")?.trim();
    if (reset && /^\d+(\.\d+)?$/.test(reset)) return Math.round(Number(reset) * 1000);
  }
  return undefined;
}

export interface BackoffOptions {
  /** First backoff ceiling in ms; doubles per attempt. Default 500. */
  baseDelayMs?: number;
  /** Cap on the exponential ceiling in ms. Default 20000. */
  maxDelayMs?: number;
  /** Source of randomness in [0, 1); injectable so tests are deterministic. Default Math.random. */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (1 = first retry): full jitter, i.e. uniform in
 * [0, min(max, base * 2^(attempt-1))] as AWS's backoff study recommends (Render asks for backoff with
 * jitter), but never shorter than what the server asked for.
 */
export function backoffDelayMs(attempt: number, err: unknown, opts: BackoffOptions = {}): number {
  const base = opts.baseDelayMs ?? 500;
  const max = opts.maxDelayMs ?? 20_000;
  const random = opts.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  const asked = err instanceof ApiError ? err.retryAfterMs : undefined;
  return asked === undefined ? jittered : Math.max(asked, jittered);
}

export interface RetryOptions<T = unknown> extends BackoffOptions {
  /** Total tries including the first. Default 5. */
  attempts?: number;
  /** Per-attempt timeout in ms; the attempt's AbortSignal fires when it elapses. Default 30000. */
  timeoutMs?: number;
  /**
   * Longest server-requested wait we accept before giving up instead (a Render create limit resets hourly;
   * sleeping that long inside `pulumi up` would look like a hang). Default 120000.
   */
  maxRetryAfterMs?: number;
  /** The most the whole call may take, attempts and waits included. Default DEFAULT_DEADLINE_MS. */
  deadlineMs?: number;
  /** Injectable sleep so tests never really wait. Default: setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable clock for the deadline. Default Date.now. */
  now?: () => number;
  /** Override the retry classifier (e.g. never retry a non-idempotent call on 5xx). Default isRetryable. */
  retryable?: (err: unknown) => boolean;
  /**
   * Runs before each retry of a non-idempotent call: if the first try may have been applied (lost
   * response, timeout, 5xx), look the result up and return it to stop retrying; return undefined to retry.
   */
  recover?: (err: unknown) => Promise<T | undefined>;
  /** Observer for logging; receives no request data. */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/** See the header: the most one call may take, retries and waits included. */
export const DEFAULT_DEADLINE_MS = 5 * 60_000;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, a non-retryable error occurs, or the attempts run out. Each attempt gets
 * its own AbortSignal that fires after `timeoutMs`; attempts that ignore the signal are still abandoned.
 */
export async function withRetries<T>(
  what: string,
  attempt: (signal: AbortSignal) => Promise<T>,
  opts: RetryOptions<T> = {},
): Promise<T> {
  const attempts = Math.max(1, opts.attempts ?? 5);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 120_000;
  const deadlineMs = opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const sleep = opts.sleep ?? defaultSleep;
  const now = opts.now ?? Date.now;
  const retryable = opts.retryable ?? isRetryable;
  const deadline = now() + deadlineMs;

  for (let n = 1; ; n++) {
    let err: unknown;
    try {
      return await runWithTimeout(what, attempt, Math.max(1, Math.min(timeoutMs, deadline - now())));
    } catch (e) {
      err = e;
    }
    if (!retryable(err)) throw err;
    if (n >= attempts) throw attempts === 1 ? err : gaveUp(err, `gave up after ${attempts} attempts`);
    const asked = err instanceof ApiError ? err.retryAfterMs : undefined;
    if (asked !== undefined && asked > maxRetryAfterMs) {
      throw gaveUp(err, `the API asked to wait ${Math.ceil(asked / 1000)}s; try again later`);
    }
    const delay = backoffDelayMs(n, err, opts);
    if (now() + delay >= deadline) {
      throw gaveUp(
        err,
        `gave up: the call's ${Math.round(deadlineMs / 1000)}s deadline would pass before the next try`,
      );
    }
    opts.onRetry?.(err, n, delay);
    await sleep(delay);
    // A sleep may return late (a loaded or suspended machine): nothing is sent once the deadline has passed.
    if (now() >= deadline) {
      throw gaveUp(
        err,
        `gave up: the call's ${Math.round(deadlineMs / 1000)}s deadline passed while waiting`,
      );
    }
    if (opts.recover) {
      const found = await opts.recover(err);
      if (found !== undefined) return found;
    }
  }
}

/**
 * For clients whose own lookups retry (SDK-based ones): a `recover` lookup that fails for a retryable reason
 * means "send the original call again" rather than failing the operation, since the lookup only guards
 * against duplicates.
 */
export function lenientRecover<T>(
  recover: () => Promise<T | undefined>,
  retryable: (err: unknown) => boolean = isRetryable,
): () => Promise<T | undefined> {
  return async () => {
    try {
      return await recover();
    } catch (err) {
      if (retryable(err)) return undefined;
      throw err;
    }
  };
}

function gaveUp(err: unknown, why: string): Error {
  if (err instanceof ApiError) {
    return new ApiError(`${err.message} (${why})`, {
      kind: err.kind,
      status: err.status,
      apiMessage: err.apiMessage,
      retryAfterMs: err.retryAfterMs,
      headers: err.headers,
      cause: err,
    });
  }
  return err instanceof Error ? err : new Error(String(err));
}

async function runWithTimeout<T>(
  what: string,
  attempt: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new ApiError(`${what} failed: timed out after ${timeoutMs}ms`, { kind: "timeout" });
      controller.abort(err);
      reject(err);
    }, timeoutMs);
  });
  try {
    return await Promise.race([attempt(controller.signal), timeout]);
  } catch (e) {
    // fetch rejects with the abort reason or an AbortError; either way the cause is our timeout.
    if (controller.signal.aborted && controller.signal.reason instanceof ApiError)
      throw controller.signal.reason;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

export interface JsonRequest {
  /** Names the resource and operation for error messages, e.g. `render:WebService "api": create`. */
  what: string;
  baseUrl: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  /** Repeated keys use arrays; undefined values are dropped. */
  query?: Record<string, string | number | string[] | undefined>;
  body?: unknown;
  /** Sent as `Authorization: Bearer <token>`; never echoed in errors. */
  bearerToken?: string;
  signal?: AbortSignal;
  userAgent?: string;
  /** Values to keep out of error messages besides the token and the body's secret-bearing values. */
  secrets?: string[];
}

export interface JsonResponse<T> {
  status: number;
  headers: Headers;
  /** Parsed JSON; undefined for an empty body (204, 202 "Queued"). */
  body: T;
}

/** Builds `baseUrl + path + ?query` without losing a base path such as `/v1`. */
export function buildUrl(baseUrl: string, path: string, query?: JsonRequest["query"]): string {
  const url = new URL(baseUrl.replace(/\/+$/, "") + path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
  }
  return url.toString();
}

/**
 * One HTTP call with a JSON body and JSON answer. Non-2xx answers become an ApiError quoting the API's
 * `message`; an unparseable body becomes a `parse` ApiError instead of a raw SyntaxError.
 */
export async function requestJson<T = unknown>(req: JsonRequest): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (req.bearerToken) headers.Authorization = `Bearer ${req.bearerToken}`;
  if (req.userAgent) headers["User-Agent"] = req.userAgent;
  if (req.body !== undefined) headers["Content-Type"] = "application/json";
  const secrets = [req.bearerToken, ...(req.secrets ?? []), ...secretsIn(req.body)];

  let res: Response;
  let text: string;
  try {
    res = await guardedFetch(buildUrl(req.baseUrl, req.path, req.query), {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: req.signal,
    });
    text = await res.text();
  } catch (e) {
    if (req.signal?.aborted && req.signal.reason instanceof ApiError) throw req.signal.reason;
    if (e instanceof TransportError) {
      throw new ApiError(`${req.what} failed: ${e.message}`, { kind: "refused", cause: e });
    }
    throw networkFailure(req.what, networkReason(e), e);
  }

  let parsed: unknown = undefined;
  let parseFailed = false;
  if (text.trim() !== "") {
    try {
      parsed = JSON.parse(text);
    } catch {
      parseFailed = true;
    }
  }

  if (!res.ok) {
    // Redact before cutting, so no secret survives in part at the cut.
    const raw =
      messageOf(parsed) ??
      (parseFailed ? redact(text.trim(), secrets, { short: true }).slice(0, 200) : undefined);
    const apiMessage = raw === undefined ? undefined : redact(raw, secrets, { short: true });
    throw new ApiError(formatFailure(req.what, res.status, apiMessage), {
      kind: "http",
      status: res.status,
      apiMessage,
      retryAfterMs: retryAfterFromHeaders(res.status, res.headers),
      headers: res.headers,
    });
  }
  if (parseFailed) throw parseFailure(req.what, res.status, redact(text, secrets), res.headers);
  return { status: res.status, headers: res.headers, body: parsed as T };
}

function messageOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as { message?: unknown; error?: unknown };
  if (typeof b.message === "string") return b.message;
  if (typeof b.error === "string") return b.error;
  if (
    typeof b.error === "object" &&
    b.error !== null &&
    typeof (b.error as { message?: unknown }).message === "string"
  ) {
    return (b.error as { message: string }).message;
  }
  return undefined;
}

function networkReason(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === "string") return cause.code;
  if (cause && typeof cause.message === "string") return cause.message;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Per-process mutable state (configured credentials, rate-limit windows). Kept on `globalThis` under a
 * registered symbol because the closure serializer would otherwise snapshot module-level values into the
 * state file, credentials included; `globalThis` is emitted as a reference, never copied.
 */
export function processState<T>(key: string, init: () => T): T {
  const slot = Symbol.for(`webapp.providers.${key}`);
  const g = globalThis as unknown as Record<symbol, T | undefined>;
  let value = g[slot];
  if (value === undefined) {
    value = init();
    g[slot] = value;
  }
  return value;
}
