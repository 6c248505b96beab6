/**
 * Internal plumbing shared by the Neon dynamic providers: credentials, the API client, error mapping, retries
 * and waiting for Neon operations.
 *
 * Why it looks like this: Pulumi's closure serializer copies every module-level value a provider method
 * reaches into the state file. So this module holds no credential and no mutable state at module level (the
 * configured API key lives in `processState`, on `globalThis`), and the npm client is `require`d inside
 * functions so the serialized provider loads it from node_modules at run time instead of inlining it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Api, Operation, RequestParams } from "@neondatabase/api-client";
import {
  ApiError,
  formatFailure,
  isRetryable,
  processState,
  retryAfterFromHeaders,
  withRetries,
  type RetryOptions,
} from "../shared/http";

export type NeonApi = Api<unknown>;

/** Per-process settings; tests shorten the waits here instead of really sleeping. */
export interface NeonRuntime {
  /** From `neon:apiKey` via the provider's `configure`; wins over NEON_API_KEY. */
  apiKey?: string;
  /** Retry tuning for every Neon call (attempts, backoff, `sleep`). */
  retry: RetryOptions;
  /** Pause between two polls of a running operation. */
  pollIntervalMs: number;
  /** How many polls of one operation before giving up (default: 10 minutes' worth). */
  maxPolls: number;
}

export function neonRuntime(): NeonRuntime {
  return processState<NeonRuntime>("neon", () => ({
    // A 423 lasts as long as another operation on the project (parallel resources on one branch do this),
    // so allow more and longer retries than the shared defaults.
    retry: { attempts: 10, baseDelayMs: 1000, maxDelayMs: 15_000 },
    pollIntervalMs: 1000,
    maxPolls: 600,
  }));
}

/** The `configure` every Neon provider object uses: stack config `neon:apiKey` beats the environment. */
export async function configureNeon(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  const key = req.config.get("neon:apiKey");
  if (key) neonRuntime().apiKey = key;
}

export const MISSING_KEY =
  "Neon API key missing: set NEON_API_KEY or run `pulumi config set --secret neon:apiKey <key>`";

/** A client for NEON_API_URL (default Neon's v2 API) authenticated with the configured key. */
export function neonApi(): NeonApi {
  const apiKey = neonRuntime().apiKey || process.env.NEON_API_KEY;
  if (!apiKey) throw new ApiError(MISSING_KEY, { kind: "config" });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at run time, never serialized
  const client = require("@neondatabase/api-client") as typeof import("@neondatabase/api-client");
  return client.createApiClient({
    apiKey,
    baseURL: process.env.NEON_API_URL || "https://console.neon.tech/api/v2",
  });
}

/** Names the resource in every message, e.g. `neon:Project "webapp-dev"`. */
export function describe(type: string, name: string | undefined): string {
  return name === undefined ? `neon:${type}` : `neon:${type} ${JSON.stringify(name)}`;
}

interface AxiosLikeError {
  response?: { status: number; data?: unknown; headers?: unknown };
  code?: string;
  message?: string;
}

function headersOf(raw: unknown): Record<string, string> {
  if (typeof raw !== "object" || raw === null) return {};
  const plain =
    typeof (raw as { toJSON?: unknown }).toJSON === "function"
      ? (raw as { toJSON(): unknown }).toJSON()
      : raw;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(plain as Record<string, unknown>)) {
    if (typeof v === "string" || typeof v === "number") out[k] = String(v);
  }
  return out;
}

function apiMessageOf(data: unknown): string | undefined {
  if (typeof data === "string") return data.trim() === "" ? undefined : data.trim().slice(0, 200);
  if (
    typeof data === "object" &&
    data !== null &&
    typeof (data as { message?: unknown }).message === "string"
  ) {
    return (data as { message: string }).message;
  }
  return undefined;
}

/**
 * Turns an axios failure into an ApiError that quotes Neon's `message`. The axios error itself is never kept
 * as `cause`: its `config.headers` carry the bearer token and would show up wherever the error is inspected.
 */
export function toApiError(what: string, err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const e = (err ?? {}) as AxiosLikeError;
  if (e.response) {
    const status = e.response.status;
    const apiMessage = apiMessageOf(e.response.data);
    return new ApiError(formatFailure(what, status, apiMessage), {
      status,
      apiMessage,
      retryAfterMs: retryAfterFromHeaders(status, headersOf(e.response.headers)),
    });
  }
  const reason = e.code ?? e.message ?? String(err);
  return new ApiError(`${what} failed: network error: ${reason}`, { kind: "network" });
}

export interface CallOptions<T> {
  /** For non-idempotent calls: look the result up before a retry so a lost answer makes no duplicate. */
  recover?: () => Promise<T | undefined>;
}

/**
 * One Neon API call with retries on 423/429/5xx/timeouts. Axios silently hands back the raw text when a
 * JSON body does not parse; that becomes a `parse` ApiError here instead of a confusing `undefined` later.
 */
export async function neonCall<T>(
  what: string,
  send: (params: RequestParams) => Promise<{ status: number; data: T }>,
  opts: CallOptions<T> = {},
): Promise<T> {
  const rt = neonRuntime();
  const recover = opts.recover;
  return withRetries<T>(
    what,
    async (signal) => {
      let res: { status: number; data: T };
      try {
        res = await send({ signal });
      } catch (err) {
        throw toApiError(what, err);
      }
      if (typeof res.data !== "object" || res.data === null) {
        const text = typeof res.data === "string" ? res.data : "";
        throw new ApiError(
          `${what} failed: ${res.status} response is not valid JSON (${text.length} bytes, starts ${JSON.stringify(text.slice(0, 40))})`,
          { kind: "parse", status: res.status },
        );
      }
      return res.data;
    },
    {
      ...rt.retry,
      recover: recover
        ? async () => {
            try {
              return await recover();
            } catch (err) {
              // A lookup that fails for a retryable reason just means "try the original call again".
              if (isRetryable(err)) return undefined;
              throw err;
            }
          }
        : undefined,
    },
  );
}

/** Like neonCall, but a 404 answers `undefined` (read of a deleted resource, delete of a gone one). */
export async function neonCallOr404<T>(
  what: string,
  send: (params: RequestParams) => Promise<{ status: number; data: T }>,
): Promise<T | undefined> {
  try {
    return await neonCall(what, send);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

const DONE = ["finished", "skipped"];
const FAILED = ["failed", "error", "cancelled"];

/**
 * Waits until every operation a call started has finished: Neon answers 423 to the next mutation while one
 * runs, and a compute is not reachable before its start operation ends. A failed operation is an error.
 */
export async function waitForOperations(
  api: NeonApi,
  what: string,
  projectId: string,
  operations: readonly Operation[] | undefined,
): Promise<void> {
  const rt = neonRuntime();
  const sleep = rt.retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (const started of operations ?? []) {
    let op = started;
    for (let polls = 0; !DONE.includes(op.status) && !FAILED.includes(op.status); polls++) {
      if (polls >= rt.maxPolls) {
        throw new ApiError(
          `${what} failed: Neon operation ${op.action} (${op.id}) still ${op.status} after ${polls} polls`,
          { kind: "timeout" },
        );
      }
      await sleep(rt.pollIntervalMs);
      const res = await neonCall(`${what}: wait for operation ${op.action}`, (p) =>
        api.getProjectOperation(projectId, started.id, p),
      );
      op = res.operation;
    }
    if (FAILED.includes(op.status)) {
      const detail = op.error ? `: ${JSON.stringify(op.error)}` : "";
      throw new ApiError(
        `${what} failed: Neon operation ${op.action} (${op.id}) ended ${op.status}${detail}`,
        {
          kind: "http",
        },
      );
    }
  }
}

/**
 * Whether an input changed. An input left unset means "Neon's default, not managed here", so unset is never a
 * change; objects compare key by key under the same rule.
 */
export function changed(oldValue: unknown, newValue: unknown): boolean {
  if (newValue === undefined) return false;
  if (typeof newValue === "object" && newValue !== null && !Array.isArray(newValue)) {
    if (typeof oldValue !== "object" || oldValue === null) return true;
    return Object.entries(newValue).some(([k, v]) => changed((oldValue as Record<string, unknown>)[k], v));
  }
  return JSON.stringify(oldValue) !== JSON.stringify(newValue);
}

export function changedKeys<T extends object>(olds: T, news: T, keys: readonly (keyof T)[]): string[] {
  return keys.filter((k) => changed(olds[k], news[k])).map(String);
}

/** Drops undefined values: the provider protocol's Struct encoding has no `undefined`. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Operations still running on a project; used after adopting a resource whose create answer was lost. */
export async function pendingOperations(api: NeonApi, what: string, projectId: string): Promise<Operation[]> {
  const res = await neonCall(`${what}: list operations`, (p) => api.listProjectOperations({ projectId }, p));
  return res.operations.filter((op) => !DONE.includes(op.status) && !FAILED.includes(op.status));
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * Range checks for numeric inputs, run at preview time so a bad stack config fails before any API call.
 * Values that are not numbers yet (unknown during preview) are skipped.
 */
export function rangeFailures(
  inputs: Record<string, unknown>,
  rules: Record<string, { min: number; max: number; integer?: boolean }>,
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const [property, rule] of Object.entries(rules)) {
    const value = inputs[property];
    if (typeof value !== "number") continue;
    if (value < rule.min || value > rule.max || (rule.integer && !Number.isInteger(value))) {
      const kind = rule.integer ? "an integer" : "a number";
      failures.push({
        property,
        reason: `${property} must be ${kind} from ${rule.min} to ${rule.max}, got ${value}`,
      });
    }
  }
  return failures;
}

/**
 * Roles and databases are addressed by project, branch and name, so their id is `projectId/branchId/name`;
 * `read` falls back to it when no state is passed (import). Project and branch ids never contain `/`.
 */
export function branchChildId(projectId: string, branchId: string, name: string): string {
  return `${projectId}/${branchId}/${name}`;
}

export function parseBranchChildId(id: string): { projectId: string; branchId: string; name: string } {
  const [projectId, branchId, ...rest] = id.split("/");
  return { projectId, branchId, name: rest.join("/") };
}
