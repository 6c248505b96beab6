/**
 * Render REST client used by the Render dynamic providers: credentials, rate limiting, retries and the
 * handful of endpoints the providers call. Every function takes a `RenderContext` naming the resource, so
 * every error reads `render:WebService "webapp-dev-api": <operation> failed: ...`.
 */

import { paginate } from "../shared/paginate";
import { ApiError, JsonResponse, RetryOptions, processState, requestJson, withRetries } from "../shared/http";

const DEFAULT_RENDER_API_URL = "https://api.render.com/v1";

/** Knobs for tests and tools; production uses the defaults. */
export interface RenderTuning {
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  attempts?: number;
  timeoutMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest wait accepted from Retry-After or the local limiter before failing instead. Default 120 s. */
  maxWaitMs?: number;
  /** First poll interval while waiting for a deploy; grows ×1.2 up to 15 s like Render's TF provider. */
  pollIntervalMs?: number;
  /**
   * Give up waiting for a deploy after this long. Default 45 min: Render allows a pre-deploy command up to
   * 30 min and the start up to 15 min (real-world.md, terraform-provider-render `WaitForService`).
   */
  pollTimeoutMs?: number;
}

interface RenderProcessState {
  apiKey?: string;
  ownerId?: string;
  tuning: RenderTuning;
  /** Request timestamps per rate-limit bucket, oldest first. */
  windows: Map<string, number[]>;
  /** Buckets the API reported as exhausted (`Ratelimit-Remaining: 0`), until the given time. */
  blockedUntil: Map<string, number>;
}

function state(): RenderProcessState {
  return processState<RenderProcessState>("render", () => ({
    tuning: {},
    windows: new Map(),
    blockedUntil: new Map(),
  }));
}

/** Called from each provider's `configure`: the stack's `render:*` config (apiKey is a secret). */
export function configureRender(config: { get(key: string): string | undefined }): void {
  const s = state();
  s.apiKey = config.get("render:apiKey") || undefined;
  s.ownerId = config.get("render:ownerId") || undefined;
}

/** Test/tool hook: replace sleep, clock, timeouts. */
export function tuneRender(tuning: RenderTuning): void {
  state().tuning = { ...tuning };
}

/** Test hook: forget configured credentials, tuning and rate-limit history. */
export function resetRender(): void {
  const s = state();
  s.apiKey = undefined;
  s.ownerId = undefined;
  s.tuning = {};
  s.windows.clear();
  s.blockedUntil.clear();
}

export interface RenderContext {
  /** e.g. `render:WebService "webapp-dev-api"`. */
  resource: string;
  baseUrl: string;
  apiKey: string;
}

/** Every Render credential this process knows, to keep out of messages (see ../shared/boundary.ts). */
export function renderCredentials(): Array<string | undefined> {
  return [state().apiKey, process.env.RENDER_API_KEY];
}

/** Resolves credentials at call time (never at module load, so none is serialized into state). */
export function renderContext(resource: string, operation: string): RenderContext {
  const apiKey = state().apiKey ?? process.env.RENDER_API_KEY;
  if (!apiKey) {
    throw new ApiError(
      `${resource}: ${operation} failed: no Render API key; run \`pulumi config set --secret render:apiKey <key>\` or set RENDER_API_KEY`,
      { kind: "config" },
    );
  }
  return { resource, apiKey, baseUrl: process.env.RENDER_API_URL || DEFAULT_RENDER_API_URL };
}

/** The workspace: the resource's `ownerId` input, else `render:ownerId`, else RENDER_OWNER_ID. */
export function configuredOwnerId(input: string | undefined): string | undefined {
  return input || state().ownerId || process.env.RENDER_OWNER_ID || undefined;
}

export function requireOwnerId(resource: string, operation: string, input: string | undefined): string {
  const owner = configuredOwnerId(input);
  if (!owner) {
    throw new ApiError(
      `${resource}: ${operation} failed: no Render workspace; set the ownerId argument, \`pulumi config set render:ownerId <usr-…|tea-…>\` or RENDER_OWNER_ID`,
      { kind: "config" },
    );
  }
  return owner;
}

// Render's documented limits (api-docs.render.com/reference/rate-limiting) and the Ratelimit-Limit values
// seen in recorded traffic. We stay under them locally instead of discovering them through 429s, because a
// 429 on the hourly create limit cannot be waited out inside one `pulumi up`.
// Datastore creates: the documented table does not list POST /postgres or /key-value (so "all other POST",
// 30 per minute), but Render answers them `Ratelimit-Limit: 20` with a `Ratelimit-Reset` of up to 3494 s that
// ends on the hour (render-oss/terraform-provider-render postgres_cassette.yaml,
// postgres_parameter_overrides_cassette.yaml, keyvalue_cassette.yaml; ../shared/reference/render.md §1): 20
// per hour, the stricter of the two. One window for both kinds, as no recording shows them apart.
const LIMITS: Record<string, { limit: number; windowMs: number; label: string }> = {
  create: { limit: 20, windowMs: 3_600_000, label: "20 service creates per hour" },
  datastore: {
    limit: 20,
    windowMs: 3_600_000,
    label: "20 datastore creates (Postgres, Key Value) per hour",
  },
  service: { limit: 10, windowMs: 60_000, label: "10 updates/deploys per minute per service" },
  domain: { limit: 50, windowMs: 3_600_000, label: "50 custom-domain creates per hour" },
  write: { limit: 30, windowMs: 60_000, label: "30 writes per minute" },
  read: { limit: 400, windowMs: 60_000, label: "400 reads per minute" },
};

/** Which limit a request counts against. Exported for the benchmark. */
export function rateLimitBucket(method: string, path: string): string {
  if (method === "GET") return "read";
  if (method === "POST" && path === "/services") return "create";
  if (method === "POST" && (path === "/postgres" || path === "/key-value")) return "datastore";
  const service = /^\/services\/([^/]+)(\/(deploys|scale|suspend|resume))?$/.exec(path);
  if (service && (method === "PATCH" ? service[2] === undefined : method === "POST" && service[2])) {
    return `service:${service[1]}`;
  }
  if (method === "POST" && /^\/services\/[^/]+\/custom-domains$/.test(path)) return "domain";
  return "write";
}

export function rateLimitFor(bucket: string): { limit: number; windowMs: number; label: string } {
  return LIMITS[bucket.split(":")[0]];
}

async function acquire(bucket: string, what: string): Promise<void> {
  const s = state();
  const now = s.tuning.now ?? Date.now;
  const sleep = s.tuning.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxWait = s.tuning.maxWaitMs ?? 120_000;
  const { limit, windowMs, label } = rateLimitFor(bucket);
  const stamps = s.windows.get(bucket) ?? [];
  s.windows.set(bucket, stamps);
  for (;;) {
    const t = now();
    while (stamps.length > 0 && stamps[0] <= t - windowMs) stamps.shift();
    const blocked = s.blockedUntil.get(bucket) ?? 0;
    if (stamps.length < limit && t >= blocked) {
      stamps.push(t);
      return;
    }
    const wait = Math.max(blocked - t, stamps.length >= limit ? stamps[0] + windowMs - t : 0);
    if (wait > maxWait) {
      throw new ApiError(
        `${what} failed: Render allows ${label}; the next slot opens in ${Math.ceil(wait / 1000)}s, run again then`,
        { kind: "ratelimit", retryAfterMs: wait },
      );
    }
    await sleep(wait);
  }
}

/** Trust the server's own count: if it says the window is spent, wait for its reset. */
function learn(bucket: string, headers: Headers | undefined): void {
  if (!headers || headers.get("ratelimit-remaining")?.trim() !== "0") return;
  const reset = Number(headers.get("ratelimit-reset"));
  if (!Number.isFinite(reset)) return;
  const s = state();
  s.blockedUntil.set(bucket, (s.tuning.now ?? Date.now)() + reset * 1000);
}

export interface CallOptions<T> {
  query?: Record<string, string | number | string[] | undefined>;
  body?: unknown;
  /** Non-idempotent calls: how many tries in all and how to find a result the lost try already made. */
  attempts?: number;
  recover?: RetryOptions<JsonResponse<T>>["recover"];
}

/** One API call: local rate limit, bearer auth, retries with backoff; errors name resource + operation. */
export async function call<T>(
  ctx: RenderContext,
  operation: string,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  opts: CallOptions<T> = {},
): Promise<JsonResponse<T>> {
  const what = `${ctx.resource}: ${operation}`;
  const tuning = state().tuning;
  const bucket = rateLimitBucket(method, path);
  return withRetries<JsonResponse<T>>(
    what,
    async (signal) => {
      await acquire(bucket, what);
      try {
        const res = await requestJson<T>({
          what,
          baseUrl: ctx.baseUrl,
          method,
          path,
          query: opts.query,
          body: opts.body,
          bearerToken: ctx.apiKey,
          signal,
          userAgent: "webapp-pulumi-render-provider",
        });
        learn(bucket, res.headers);
        return res;
      } catch (e) {
        if (e instanceof ApiError) learn(bucket, e.headers);
        throw e;
      }
    },
    {
      attempts: opts.attempts ?? tuning.attempts,
      timeoutMs: tuning.timeoutMs,
      baseDelayMs: tuning.baseDelayMs,
      maxDelayMs: tuning.maxDelayMs,
      maxRetryAfterMs: tuning.maxWaitMs,
      random: tuning.random,
      sleep: tuning.sleep,
      recover: opts.recover,
    },
  );
}

const PAGE = 100;

/** Follows Render's cursor pagination: a bare array of `{<key>: item, cursor}`; a short page is the last. */
export async function listAll<T>(
  ctx: RenderContext,
  operation: string,
  path: string,
  key: string,
  query: Record<string, string | undefined> = {},
): Promise<T[]> {
  return paginate<T>(`${ctx.resource}: ${operation}`, async (cursor) => {
    const res = await call<unknown>(ctx, operation, "GET", path, {
      query: { ...query, limit: PAGE, cursor },
    });
    if (!Array.isArray(res.body)) {
      throw new ApiError(`${ctx.resource}: ${operation} failed: ${res.status} answer is not a list`, {
        kind: "parse",
        status: res.status,
      });
    }
    const page = res.body as Array<Record<string, unknown> | null>;
    const items = page.map((entry) => {
      const item = entry?.[key];
      if (typeof item !== "object" || item === null) {
        throw new ApiError(
          `${ctx.resource}: ${operation} failed: ${res.status} answer has an entry without \`${key}\``,
          { kind: "parse", status: res.status },
        );
      }
      return item as T;
    });
    // A short page is the last; otherwise the last entry's cursor leads on.
    const last = page[page.length - 1]?.cursor;
    return { items, next: page.length < PAGE || typeof last !== "string" ? undefined : last };
  });
}

/** Sleep/clock for polling, from the tuning hooks. */
export function pollTiming(): Required<
  Pick<RenderTuning, "sleep" | "now" | "pollIntervalMs" | "pollTimeoutMs">
> {
  const t = state().tuning;
  return {
    sleep: t.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    now: t.now ?? Date.now,
    pollIntervalMs: t.pollIntervalMs ?? 3_000,
    pollTimeoutMs: t.pollTimeoutMs ?? 45 * 60_000,
  };
}
