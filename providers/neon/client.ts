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
import type { Api, Endpoint, Operation, RequestParams } from "@neondatabase/api-client";
import {
  ApiError,
  formatFailure,
  lenientRecover,
  networkFailure,
  orNotFound,
  parseFailure,
  processState,
  resourceLabel,
  retryAfterFromHeaders,
  withRetries,
  type RetryOptions,
} from "../shared/http";
import { compact } from "../shared/inputs";
import { guardedFetch } from "../shared/transport";
import { expectShape, type Shape } from "../shared/shape";
import { ENDPOINT, OPERATION, OPERATIONS } from "./answers";

export type NeonApi = Api<unknown>;

/** Per-process settings; tests shorten the waits here instead of really sleeping. */
export interface NeonRuntime {
  /** From `neon:apiKey` via the provider's `configure`; wins over NEON_API_KEY. */
  apiKey?: string;
  /** From `neon:orgId` via `configure`; wins over NEON_ORG_ID. */
  orgId?: string;
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
  const orgId = req.config.get("neon:orgId");
  if (orgId) neonRuntime().orgId = orgId;
}

/** Every Neon credential this process knows, to keep out of messages (see ../shared/boundary.ts). */
export function neonCredentials(): Array<string | undefined> {
  return [neonRuntime().apiKey, process.env.NEON_API_KEY];
}

/**
 * The organization new projects go to: `neon:orgId`, else NEON_ORG_ID. Keys of organization-scoped accounts
 * (every new Neon account) must send it on project create and list.
 */
export function neonOrgId(): string | undefined {
  return neonRuntime().orgId || process.env.NEON_ORG_ID || undefined;
}

/**
 * A client for NEON_API_URL (default Neon's v2 API) authenticated with the configured key; `what` names
 * the resource and operation for the error when there is no key.
 */
export function neonApi(what: string): NeonApi {
  const apiKey = neonRuntime().apiKey || process.env.NEON_API_KEY;
  if (!apiKey) {
    throw new ApiError(
      `${what} failed: no Neon API key; run \`pulumi config set --secret neon:apiKey <key>\` or set NEON_API_KEY`,
      { kind: "config" },
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at run time, never serialized
  const client = require("@neondatabase/api-client") as typeof import("@neondatabase/api-client");
  return client.createApiClient({
    apiKey,
    baseURL: process.env.NEON_API_URL || "https://console.neon.tech/api/v2",
    // Every request goes through the shared transport: no redirect to another origin, bounded bodies, and
    // the attempt's AbortSignal cuts a server that answers a byte at a time (../shared/transport.ts).
    adapter: "fetch",
    env: { fetch: guardedFetch },
  });
}

/** Names the resource in every message, e.g. `neon:Project "webapp-dev"`. */
export function describe(type: string, name: string): string {
  return resourceLabel(`neon:${type}`, name);
}

interface AxiosLikeError {
  response?: { status: number; data?: unknown; headers?: unknown };
  code?: string;
  message?: string;
  cause?: unknown;
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
function toApiError(what: string, err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const e = (err ?? {}) as AxiosLikeError;
  const transport = [err, e.cause].find((x): x is Error => x instanceof Error && x.name === "TransportError");
  if (transport) return new ApiError(`${what} failed: ${transport.message}`, { kind: "refused" });
  if (e.response) {
    const status = e.response.status;
    const apiMessage = apiMessageOf(e.response.data);
    return new ApiError(formatFailure(what, status, apiMessage), {
      status,
      apiMessage,
      retryAfterMs: retryAfterFromHeaders(status, headersOf(e.response.headers)),
    });
  }
  return networkFailure(what, e.code ?? e.message ?? String(err));
}

export interface CallOptions<T> {
  /**
   * For non-idempotent calls: look the result up before a retry, and after an answer that does not parse
   * or has the wrong shape (the call may have been applied), so a lost answer makes no duplicate.
   */
  recover?: () => Promise<T | undefined>;
  /** What the answer must look like (see ./shape.ts). Default: any JSON object. */
  shape?: Shape;
}

/**
 * One Neon API call with retries on 423/429/5xx/timeouts. Axios silently hands back the raw text when a
 * JSON body does not parse; that, and an answer without the fields the caller reads, becomes a `parse`
 * ApiError here instead of a TypeError later.
 */
export async function neonCall<T>(
  what: string,
  send: (params: RequestParams) => Promise<{ status: number; data: T }>,
  opts: CallOptions<T> = {},
): Promise<T> {
  const recover = opts.recover && lenientRecover(opts.recover);
  try {
    return await withRetries<T>(
      what,
      async (signal) => {
        let res: { status: number; data: T };
        try {
          res = await send({ signal });
        } catch (err) {
          throw toApiError(what, err);
        }
        if (typeof res.data === "string") throw parseFailure(what, res.status, res.data);
        return expectShape<T>(what, res.status, res.data, opts.shape ?? "object");
      },
      { ...neonRuntime().retry, recover },
    );
  } catch (err) {
    if (recover && err instanceof ApiError && err.kind === "parse") {
      const found = await recover();
      if (found !== undefined) return found;
    }
    throw err;
  }
}

/**
 * A call that starts Neon operations, then waits for them (see waitForOperations): what every create,
 * update and delete below a project does.
 */
export async function neonMutation<T extends { operations: Operation[] }>(
  api: NeonApi,
  what: string,
  projectId: string,
  send: (params: RequestParams) => Promise<{ status: number; data: T }>,
  opts: CallOptions<T> = {},
): Promise<T> {
  const res = await neonCall(what, send, { shape: OPERATIONS, ...opts });
  await waitForOperations(api, what, projectId, res.operations);
  return res;
}

/**
 * One DELETE, retried on transient answers (423, 429, 5xx, timeouts) within the call's deadline. A resource
 * already gone is done: Neon answers 204 with no body for a branch, role, database or endpoint that "doesn't
 * exist or has already been deleted" (Neon OpenAPI), and 404 or 410 elsewhere. Returns the operations the
 * delete started (none when it was already gone).
 */
export async function neonDeleteCall(
  what: string,
  send: (params: RequestParams) => Promise<{ status: number; data: unknown }>,
): Promise<Operation[]> {
  const res = await orNotFound(
    neonCall<{ operations?: Operation[] }>(
      what,
      async (p) => {
        const answer = await send(p);
        return answer.status === 204
          ? { status: 204, data: { operations: [] } }
          : (answer as { status: number; data: { operations?: Operation[] } });
      },
      { shape: { "operations?": OPERATIONS.operations } },
    ),
  );
  return res?.operations ?? [];
}

/** Deletes through `send` (see neonDeleteCall) and waits for the operations it started. */
export async function neonDelete(
  api: NeonApi,
  what: string,
  projectId: string,
  send: (params: RequestParams) => Promise<{ status: number; data: unknown }>,
): Promise<void> {
  await waitForOperations(api, what, projectId, await neonDeleteCall(what, send));
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
      const res = await neonCall(
        `${what}: wait for operation ${op.action}`,
        (p) => api.getProjectOperation(projectId, started.id, p),
        { shape: { operation: OPERATION } },
      );
      op = res.operation;
    }
    if (FAILED.includes(op.status)) {
      const detail = op.error ? `: ${JSON.stringify(op.error)}` : "";
      throw new ApiError(
        `${what} failed: Neon operation ${op.action} (${op.id}) ended ${op.status}${detail}`,
        { kind: "http" },
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

/** Operations still running on a project; used after adopting a resource whose create answer was lost. */
export async function pendingOperations(api: NeonApi, what: string, projectId: string): Promise<Operation[]> {
  const res = await neonCall(`${what}: list operations`, (p) => api.listProjectOperations({ projectId }, p), {
    shape: OPERATIONS,
  });
  return res.operations.filter((op) => !DONE.includes(op.status) && !FAILED.includes(op.status));
}

/**
 * Range checks for numeric inputs, run at preview time so a bad stack config fails before any API call.
 * Values that are not numbers yet (unknown during preview) are skipped.
 */
export function rangeFailures(
  inputs: Record<string, unknown>,
  rules: Record<string, { min: number; max: number; integer?: boolean }>,
): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
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

/** Neon's compute size limits, shared by a project's defaults, a branch's compute and a read replica. */
export const CU_RANGE = { min: 0.25, max: 56 };

/**
 * Neon's SuspendTimeoutSeconds (OpenAPI): -1 never suspends, 0 is Neon's default (300 s), otherwise 60 to
 * 604800; 1..59 is below Neon's minimum. Unknown values (preview) pass.
 */
export function suspendFailures(property: string, value: unknown): pulumi.dynamic.CheckFailure[] {
  if (typeof value !== "number") return [];
  if (value === -1 || value === 0 || (Number.isInteger(value) && value >= 60 && value <= 604_800)) return [];
  return [
    {
      property,
      reason: `${property} must be -1 (never suspend), 0 (Neon's default, 300 s) or 60 to 604800 seconds, got ${value}`,
    },
  ];
}

/** A compute's size as Branch.endpoint and Endpoint name it (Project spells them autoscalingMinCu ...). */
export interface ComputeSize {
  minCu?: number;
  maxCu?: number;
  suspendTimeoutSeconds?: number;
}

/** ComputeSize in Neon's words, for an endpoint body or a project's default_endpoint_settings. */
export function computeSettings(size: ComputeSize | undefined) {
  return compact({
    autoscaling_limit_min_cu: size?.minCu,
    autoscaling_limit_max_cu: size?.maxCu,
    suspend_timeout_seconds: size?.suspendTimeoutSeconds,
  });
}

/** A live compute's size in our words (Neon always reports both limits). */
export function computeSizeOf(
  endpoint: Endpoint,
): Required<Pick<ComputeSize, "minCu" | "maxCu">> & ComputeSize {
  return compact({
    minCu: endpoint.autoscaling_limit_min_cu,
    maxCu: endpoint.autoscaling_limit_max_cu,
    suspendTimeoutSeconds: endpoint.suspend_timeout_seconds,
  });
}

/** The computes on one branch. */
export async function branchEndpoints(
  api: NeonApi,
  what: string,
  projectId: string,
  branchId: string,
): Promise<Endpoint[]> {
  const res = await neonCall(
    `${what}: list endpoints`,
    (p) => api.listProjectBranchEndpoints(projectId, branchId, p),
    { shape: { endpoints: [ENDPOINT] } },
  );
  return res.endpoints;
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
