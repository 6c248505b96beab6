/**
 * Internal plumbing shared by the UptimeRobot dynamic providers: credentials, one API call with retries,
 * and the rate limit.
 *
 * Why API v3 and not v2: v2 (form-encoded POSTs to `/v2/<method>` with `api_key` in the body, answering
 * `{"stat":"fail"}` with HTTP 200 on errors) is frozen; v3 (2025-09-25) is plain REST: JSON bodies, Bearer
 * key, real HTTP statuses, cursor pagination (uptimerobot.com blog "Introducing the UptimeRobot v3 API";
 * ../../../shared/reference/targets.md section 8). v3 is what UptimeRobot's own Terraform provider speaks
 * (github uptimerobot/terraform-provider-uptimerobot `internal/client/client.go`, base
 * `https://api.uptimerobot.com/v3`), so it goes through the shared JSON transport (`requestJson`) like Render.
 *
 * Rate limit: Free allows 10 requests a minute; past it the API answers 429 with `Retry-After` (seconds) and
 * `X-RateLimit-Reset` (epoch seconds at which the window ends) (uptimerobot.com/api/v3, "Rate limits").
 * A 429 is retried after the wait the server names (Retry-After, else X-RateLimit-Reset against the answer's
 * own `Date`), so one `pulumi up` with a few monitors waits out a window instead of failing. The window is a
 * minute, so a server asking for more than 2 min fails at once (shared `maxRetryAfterMs`).
 *
 * Deadline: each call ends within the shared 5 min (`DEFAULT_DEADLINE_MS`, retries and waits included);
 * each attempt is cut at 30 s, the body included.
 *
 * Nothing here holds a credential at module level (closure serializer): the key is read per call from
 * `uptimerobot:apiKey` (set by `configure`, kept in `processState`) or UPTIMEROBOT_API_KEY, the variable
 * the official Terraform provider reads.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  ApiError,
  isRetryable,
  lenientRecover,
  processState,
  requestJson,
  resourceLabel,
  withRetries,
  type JsonRequest,
  type RetryOptions,
} from "../shared/http";

export interface UptimeRobotRuntime {
  /** From `uptimerobot:apiKey` via the provider's `configure`; wins over UPTIMEROBOT_API_KEY. */
  apiKey?: string;
  /** Retry tuning (attempts, backoff, `sleep`, `timeoutMs`); tests shorten the waits here. */
  retry: RetryOptions;
}

export function uptimeRobotRuntime(): UptimeRobotRuntime {
  return processState<UptimeRobotRuntime>("uptimerobot", () => ({
    // A rate-limit window is a minute: six tries ride out one full window and a 5xx or two.
    retry: { attempts: 6, baseDelayMs: 1000, maxDelayMs: 20_000 },
  }));
}

export async function configureUptimeRobot(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  const key = req.config.get("uptimerobot:apiKey");
  if (key) uptimeRobotRuntime().apiKey = key;
}

const configuredKey = () => uptimeRobotRuntime().apiKey || process.env.UPTIMEROBOT_API_KEY;

/** What no message may contain (for `guardProvider`). */
export function uptimeRobotCredentials(): string[] {
  const key = configuredKey();
  return key ? [key] : [];
}

function apiKey(what: string): string {
  const key = configuredKey();
  if (!key) {
    throw new ApiError(
      `${what} failed: no UptimeRobot API key; run \`pulumi config set --secret uptimerobot:apiKey <key>\` or set UPTIMEROBOT_API_KEY, with the account's Main API key from Integrations > API in the UptimeRobot dashboard`,
      { kind: "config" },
    );
  }
  return key;
}

const DEFAULT_API_URL = "https://api.uptimerobot.com/v3";

/**
 * A 429's wait when it sent no Retry-After: `X-RateLimit-Reset` is an epoch time in seconds, measured
 * against the server's own `Date` so a skewed local clock neither hammers nor stalls.
 */
export function rateLimitWaitMs(headers: Headers, now: number = Date.now()): number | undefined {
  const reset = headers.get("x-ratelimit-reset")?.trim();
  if (!reset || !/^\d+$/.test(reset)) return undefined;
  const serverNow = Date.parse(headers.get("date") ?? "");
  return Math.max(0, Number(reset) * 1000 - (Number.isNaN(serverNow) ? now : serverNow));
}

export type Call = <T>(
  method: JsonRequest["method"],
  path: string,
  opts?: { body?: unknown; query?: JsonRequest["query"] },
) => Promise<{ status: number; body: T }>;

function request(what: string, key: string, signal: AbortSignal): Call {
  return async (method, path, opts = {}) => {
    try {
      return await requestJson({
        what,
        baseUrl: process.env.UPTIMEROBOT_API_URL || DEFAULT_API_URL,
        method,
        path,
        query: opts.query,
        body: opts.body,
        bearerToken: key,
        signal,
      });
    } catch (e) {
      if (e instanceof ApiError && e.status === 429 && e.retryAfterMs === undefined && e.headers) {
        throw new ApiError(e.message, {
          kind: e.kind,
          status: e.status,
          apiMessage: e.apiMessage,
          headers: e.headers,
          retryAfterMs: rateLimitWaitMs(e.headers),
          cause: e,
        });
      }
      if (e instanceof ApiError && e.status === 401) {
        throw new ApiError(
          `${e.message}: check uptimerobot:apiKey (or UPTIMEROBOT_API_KEY): it must be the Main API key, not a read-only or monitor-specific one`,
          { kind: e.kind, status: 401, apiMessage: e.apiMessage, headers: e.headers, cause: e },
        );
      }
      throw e;
    }
  };
}

/**
 * One API operation with retries on 429/5xx/timeouts/network errors; `recover` looks up whether a create
 * that got no answer went through.
 */
export async function uptimeRobotCall<T>(
  what: string,
  call: (request: Call) => Promise<T>,
  recover?: () => Promise<T | undefined>,
): Promise<T> {
  const key = apiKey(what);
  return withRetries<T>(what, (signal) => call(request(what, key, signal)), {
    ...uptimeRobotRuntime().retry,
    recover: recover && lenientRecover(recover, isRetryable),
  });
}

/** Names the resource in every message, e.g. `uptimerobot:Monitor "webapp-dev-api"`. */
export function describe(type: string, name: string | undefined): string {
  return resourceLabel(`uptimerobot:${type}`, name);
}
