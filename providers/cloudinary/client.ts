/**
 * Internal plumbing shared by the Cloudinary dynamic providers: credentials, per-call SDK options, error
 * mapping and retries.
 *
 * The SDK is `require`d inside functions and configured per call (never through `cloudinary.config()`), so
 * the serialized provider captures no credential and two stacks in one process cannot leak into each other.
 */
import * as http from "node:http";
import type * as pulumi from "@pulumi/pulumi";
import {
  ApiError,
  formatFailure,
  isRetryable,
  lenientRecover,
  networkFailure,
  processState,
  resourceLabel,
  withRetries,
  type RetryOptions,
} from "../shared/http";

export interface CloudinaryRuntime {
  /** From `cloudinary:url` via the provider's `configure`; wins over CLOUDINARY_URL. */
  url?: string;
  /** Retry tuning (attempts, backoff, `sleep`); tests shorten the waits here. */
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

/**
 * Parses `cloudinary://<api_key>:<api_secret>@<cloud_name>`; the message never repeats the value. `what`
 * names the resource and operation, as in every other message.
 */
function account(what: string): Account {
  const raw = cloudinaryRuntime().url || process.env.CLOUDINARY_URL;
  if (!raw) {
    throw new ApiError(
      `${what} failed: no Cloudinary credentials; run \`pulumi config set --secret cloudinary:url cloudinary://<api_key>:<api_secret>@<cloud_name>\` or set CLOUDINARY_URL`,
      { kind: "config" },
    );
  }
  const match = /^cloudinary:\/\/([^:@/]+):([^@/]+)@([^/?#]+)/.exec(raw);
  if (!match) {
    throw new ApiError(
      `${what} failed: the Cloudinary URL is malformed; it must look like cloudinary://<api_key>:<api_secret>@<cloud_name> (CLOUDINARY_URL or cloudinary:url)`,
      { kind: "config" },
    );
  }
  return {
    apiKey: decodeURIComponent(match[1]),
    apiSecret: decodeURIComponent(match[2]),
    cloudName: decodeURIComponent(match[3]),
  };
}

/**
 * Credentials and endpoint for one SDK call. CLOUDINARY_API_URL becomes the SDK's `upload_prefix`; for a
 * plain-http base (a proxy or a local fake) an http agent is passed, because the SDK picks `https` once at
 * load time and would refuse an `http:` URL otherwise.
 */
function sdkOptions(acc: Account): Record<string, unknown> {
  const options: Record<string, unknown> = {
    cloud_name: acc.cloudName,
    api_key: acc.apiKey,
    api_secret: acc.apiSecret,
  };
  const base = process.env.CLOUDINARY_API_URL;
  if (base) {
    options.upload_prefix = base.replace(/\/+$/, "");
    if (base.startsWith("http:")) options.agent = new http.Agent();
  }
  return options;
}

/** The part of `cloudinary.v2.api` the providers use (the SDK's own typings answer `any`). */
export interface AdminApi {
  upload_preset(name: string, options: Record<string, unknown>): Promise<Record<string, unknown>>;
  create_upload_preset(options: Record<string, unknown>): Promise<Record<string, unknown>>;
  update_upload_preset(name: string, options: Record<string, unknown>): Promise<Record<string, unknown>>;
  delete_upload_preset(name: string, options: Record<string, unknown>): Promise<Record<string, unknown>>;
  create_folder(path: string, options: Record<string, unknown>): Promise<Record<string, unknown>>;
  sub_folders(path: string, options: Record<string, unknown>): Promise<Record<string, unknown>>;
  delete_folder(path: string, options: Record<string, unknown>): Promise<Record<string, unknown>>;
}

interface SdkError {
  error?: { message?: unknown; http_code?: unknown };
  message?: unknown;
  http_code?: unknown;
  code?: unknown;
}

/**
 * The SDK rejects with `{ error: { message, http_code } }` for the statuses it knows, `{ message, http_code }`
 * for others and a socket Error on network failures. Those objects carry `request_options` with the API
 * secret, so only status and message are kept, never the object itself.
 */
function toApiError(what: string, err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const e = (err ?? {}) as SdkError;
  const inner = typeof e.error === "object" && e.error !== null ? e.error : e;
  const status = typeof inner.http_code === "number" ? inner.http_code : undefined;
  const message = typeof inner.message === "string" ? inner.message : undefined;
  if (status !== undefined) {
    // A 200 whose body is not JSON arrives as an error with the 200 status.
    const kind = status < 300 ? "parse" : "http";
    return new ApiError(formatFailure(what, status, message), { kind, status, apiMessage: message });
  }
  return networkFailure(what, typeof e.code === "string" ? e.code : (message ?? String(err)));
}

/** Cloudinary signals its rate limit with 420 (Enhance Your Calm) as well as 429. */
function retryableCloudinary(err: unknown): boolean {
  return isRetryable(err) || (err instanceof ApiError && err.status === 420);
}

/**
 * One Admin API call with retries on 420/429/5xx/timeouts. The SDK does not surface response headers on
 * errors, so a Retry-After cannot be honoured; backoff with jitter stands in for it.
 */
export async function cloudinaryCall<T>(
  what: string,
  call: (api: AdminApi, options: Record<string, unknown>) => Promise<T>,
  recover?: () => Promise<T | undefined>,
): Promise<T> {
  const options = sdkOptions(account(what));
  return withRetries<T>(
    what,
    async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at run time, never serialized
      const sdk = require("cloudinary") as { v2: { api: AdminApi } };
      try {
        return await call(sdk.v2.api, options);
      } catch (err) {
        throw toApiError(what, err);
      }
    },
    {
      ...cloudinaryRuntime().retry,
      retryable: retryableCloudinary,
      recover: recover && lenientRecover(recover, retryableCloudinary),
    },
  );
}

/** Names the resource in every message, e.g. `cloudinary:Folder "webapp/dev"`. */
export function describe(type: string, name: string): string {
  return resourceLabel(`cloudinary:${type}`, name);
}
