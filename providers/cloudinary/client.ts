/**
 * Internal plumbing shared by the Cloudinary dynamic providers: credentials, the Admin API request, error
 * mapping and retries.
 *
 * Why not the `cloudinary` SDK for these calls: it sends through node's `https` directly, takes no
 * AbortSignal (a timed-out attempt keeps its socket and keeps buffering), buffers a whole body of any size,
 * hides response headers (so a Retry-After is lost) and puts the API secret into the objects it rejects
 * with. Hardening it from the outside (an http.Agent counting bytes and destroying sockets) would still
 * leave the headers hidden, so the seven Admin API calls the providers make go through the shared transport
 * (`guardedFetch`: no redirect to another origin, a size cap, the attempt's signal cuts connect, headers and
 * body) instead. The request format is the one the real Admin API accepts, with its sources:
 *
 * - `https://api.cloudinary.com/v1_1/<cloud_name>/<action>`, HTTP Basic authentication with
 *   `api_key:api_secret`; reads are GET, writes POST, PUT and DELETE (cloudinary.com/documentation/
 *   admin_api_overview, "Protocol and authentication" in /admin_api).
 * - Parameters in the query string for GET and DELETE and as an `application/x-www-form-urlencoded` body for
 *   POST and PUT, each path segment percent-encoded on its own (folder `a/b` is `/folders/a%2Fb`): what the
 *   official SDK sends (cloudinary_npm 2.11 `lib/api_client/execute_request.js`, `lib/utils` `base_api_url`),
 *   and the form fields of the docs' cURL examples (`-d "name=...&unsigned=..."`).
 * - Errors answer `{"error":{"message":"..."}}`; 420 and 429 are the rate limit; a failed authentication may
 *   answer an HTML page (cloudinary.com/documentation/ts_admin_api_authentication_issues).
 *
 * Deadline: each call ends within the shared 5 min (`DEFAULT_DEADLINE_MS`, retries and waits included);
 * each attempt is cut at 30 s, the body included; a server asking to wait more than 2 min fails at once.
 *
 * Nothing here holds a credential at module level (closure serializer): the account is read per call from
 * `cloudinary:url` (set by `configure`, kept in `processState`) or CLOUDINARY_URL.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  ApiError,
  formatFailure,
  isRetryable,
  lenientRecover,
  networkFailure,
  parseFailure,
  processState,
  resourceLabel,
  retryAfterFromHeaders,
  withRetries,
  type RetryOptions,
} from "../shared/http";
import { redact } from "../shared/redact";
import { TransportError, guardedFetch } from "../shared/transport";

export interface CloudinaryRuntime {
  /** From `cloudinary:url` via the provider's `configure`; wins over CLOUDINARY_URL. */
  url?: string;
  /** Retry tuning (attempts, backoff, `sleep`, `timeoutMs`); tests shorten the waits here. */
  retry: RetryOptions;
}

export function cloudinaryRuntime(): CloudinaryRuntime {
  return processState<CloudinaryRuntime>("cloudinary", () => ({
    // The Admin API allows 500 calls an hour on Free; a 420/429 means waiting, not hammering.
    retry: { attempts: 6, baseDelayMs: 1000, maxDelayMs: 20_000 },
  }));
}

export async function configureCloudinary(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  const url = req.config.get("cloudinary:url");
  if (url) cloudinaryRuntime().url = url;
}

interface Account {
  cloudName: string;
  apiKey: string;
  apiSecret: string;
}

function parseAccount(raw: string | undefined): Account | "missing" | "malformed" {
  if (!raw) return "missing";
  const match = /^cloudinary:\/\/([^:@/]+):([^@/]+)@([^/?#]+)/.exec(raw);
  if (!match) return "malformed";
  try {
    return {
      apiKey: decodeURIComponent(match[1]),
      apiSecret: decodeURIComponent(match[2]),
      cloudName: decodeURIComponent(match[3]),
    };
  } catch {
    return "malformed";
  }
}

const configuredUrl = () => cloudinaryRuntime().url || process.env.CLOUDINARY_URL;

/**
 * Parses `cloudinary://<api_key>:<api_secret>@<cloud_name>`; the message never repeats the value, nor spells
 * the format as a URL with a password (redaction would cut it). `what` names the resource and operation.
 */
function account(what: string): Account {
  const acc = parseAccount(configuredUrl());
  if (acc === "missing") {
    throw new ApiError(
      `${what} failed: no Cloudinary credentials; run \`pulumi config set --secret cloudinary:url <url>\` or set CLOUDINARY_URL, with the API environment variable (cloudinary://...) from the API Keys page of the Cloudinary console`,
      { kind: "config" },
    );
  }
  if (acc === "malformed") {
    throw new ApiError(
      `${what} failed: the Cloudinary URL (CLOUDINARY_URL or cloudinary:url) is malformed; it is cloudinary:// followed by the API key, ":", the API secret, "@" and the cloud name, as the API Keys page of the Cloudinary console shows it`,
      { kind: "config" },
    );
  }
  return acc;
}

const basicToken = (acc: Account) => Buffer.from(`${acc.apiKey}:${acc.apiSecret}`).toString("base64");

/**
 * What no message may contain: the API secret, the Basic credential made from it, and the whole
 * `cloudinary://` URL (for `guardProvider`).
 */
export function cloudinaryCredentials(): string[] {
  const raw = configuredUrl();
  const acc = parseAccount(raw);
  if (typeof acc === "string") return raw ? [raw] : [];
  return [raw!, acc.apiSecret, basicToken(acc), `${acc.apiKey}:${acc.apiSecret}`];
}

export type Method = "GET" | "POST" | "PUT" | "DELETE";
export type Params = Record<string, string | undefined>;
/** One Admin API request below `/v1_1/<cloud_name>`; resolves to the parsed JSON answer (undefined if empty). */
export type AdminRequest = (method: Method, segments: string[], params?: Params) => Promise<unknown>;

const DEFAULT_API_URL = "https://api.cloudinary.com";

// The SDK's encoding: encodeURIComponent leaves `'` as it is, which some proxies mangle.
const encodeSegment = (s: string) => encodeURIComponent(s).replace(/'/g, "%27");

function apiMessageOf(body: unknown): string | undefined {
  const error = (body as { error?: { message?: unknown } } | null | undefined)?.error;
  return typeof error?.message === "string" ? error.message : undefined;
}

function adminRequest(what: string, acc: Account, signal: AbortSignal): AdminRequest {
  return async (method, segments, params = {}) => {
    const base = (process.env.CLOUDINARY_API_URL || DEFAULT_API_URL).replace(/\/+$/, "");
    const path = ["v1_1", acc.cloudName, ...segments].map(encodeSegment).join("/");
    const fields = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
    const form = new URLSearchParams(fields).toString();
    const hasBody = method === "POST" || method === "PUT";
    const token = basicToken(acc);
    const secrets = [acc.apiSecret, token];
    const headers: Record<string, string> = { Authorization: `Basic ${token}`, Accept: "application/json" };
    if (hasBody) headers["Content-Type"] = "application/x-www-form-urlencoded";

    let res: Response;
    let text: string;
    try {
      res = await guardedFetch(`${base}/${path}${!hasBody && form ? `?${form}` : ""}`, {
        method,
        headers,
        body: hasBody ? form : undefined,
        signal,
      });
      text = await res.text();
    } catch (e) {
      if (signal.aborted && signal.reason instanceof ApiError) throw signal.reason;
      if (e instanceof TransportError) {
        throw new ApiError(`${what} failed: ${e.message}`, { kind: "refused", cause: e });
      }
      const cause = (e as { cause?: { code?: unknown } }).cause;
      throw networkFailure(what, typeof cause?.code === "string" ? cause.code : String(e), e);
    }

    let body: unknown;
    let parsed = true;
    try {
      body = text.trim() === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = false;
    }
    if (!res.ok) {
      const raw = apiMessageOf(body);
      const apiMessage = raw === undefined ? undefined : redact(raw, secrets);
      const hint =
        res.status === 401
          ? ": check the api key and secret in cloudinary:url (or CLOUDINARY_URL) and that the key is enabled"
          : "";
      throw new ApiError(formatFailure(what, res.status, apiMessage) + hint, {
        kind: "http",
        status: res.status,
        apiMessage,
        retryAfterMs: retryAfterFromHeaders(res.status, res.headers),
        headers: res.headers,
      });
    }
    if (!parsed) throw parseFailure(what, res.status, redact(text, secrets), res.headers);
    return body;
  };
}

/** Cloudinary signals its rate limit with 420 (Enhance Your Calm) as well as 429. */
function retryableCloudinary(err: unknown): boolean {
  return isRetryable(err) || (err instanceof ApiError && err.status === 420);
}

/**
 * One Admin API operation with retries on 420/429/5xx/timeouts/network errors; `recover` looks up whether a
 * non-idempotent call that got no answer went through.
 */
export async function cloudinaryCall<T>(
  what: string,
  call: (request: AdminRequest) => Promise<T>,
  recover?: () => Promise<T | undefined>,
): Promise<T> {
  const acc = account(what);
  return withRetries<T>(what, (signal) => call(adminRequest(what, acc, signal)), {
    ...cloudinaryRuntime().retry,
    retryable: retryableCloudinary,
    recover: recover && lenientRecover(recover, retryableCloudinary),
  });
}

/** Names the resource in every message, e.g. `cloudinary:Folder "webapp/dev"`. */
export function describe(type: string, name: string): string {
  return resourceLabel(`cloudinary:${type}`, name);
}
