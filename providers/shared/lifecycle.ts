/**
 * The create lifecycle every dynamic resource shares: adopt an existing resource (`adoptId`), continue what
 * an interrupted run made (`find`), or create; then finish (domains, deploy waits, ...) and, when finishing
 * fails after something exists, throw the init error that carries its id so the engine records it.
 *
 * Stable API (providers import these; change only additively):
 *
 *   class ResourceInitError extends Error { id, properties, reasons }
 *       The dynamic-provider host turns a thrown error with `id` into `ErrorResourceInitFailed`
 *       (@pulumi/pulumi cmd/dynamic-provider `grpcResponseFromError`): the engine records the resource
 *       with `properties` as its outputs, and the next `pulumi up` calls `update` on it instead of
 *       creating it again. Any other throw records nothing, so whatever was created is orphaned.
 *   partiallyCreated(id, properties, cause, inputs?) -> ResourceInitError   message = the cause's message;
 *       `inputs` (the create's inputs) lends the hidden `__provider` property: the host adds it to a
 *       successful create's outputs itself but not to an init error's, and delete and refresh need it.
 *       ../shared/boundary.ts adds it to every init error leaving a guarded create or update in any case.
 *   bothFailed(cause, cleanupError, what) -> Error   names the failure and the failed cleanup, never hides the cause
 *   createOrAdopt(spec: CreateSpec) -> { id, outs }   an existing resource that fails `spec.verify` (live
 *       immutable fields against the inputs) is refused before any write
 *
 * Like ./http.ts this module holds no state and imports nothing from npm (closure serializer).
 */

import { ApiError } from "./http";

/** A resource that exists but did not finish initialising; see the header. */
export class ResourceInitError extends Error {
  readonly id: string;
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];

  constructor(message: string, id: string, properties: Record<string, unknown>, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    // See ApiError: the closure serializer turns `super` into `Error.call(this)`, which sets nothing.
    this.message = message;
    this.name = "ResourceInitError";
    if (this.stack === undefined) Error.captureStackTrace(this, ResourceInitError);
    this.id = id;
    this.properties = properties;
    this.reasons = [message];
  }

  // A prototype member keeps the prototype chain (and `instanceof Error`) after serialization.
  toString(): string {
    return `${this.name}: ${this.message}`;
  }
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The init error for a resource that exists but failed a later step. `properties` are its outputs as far as
 * they are known (undefined values dropped: the protocol's Struct has no `undefined`).
 */
export function partiallyCreated(
  id: string,
  properties: object,
  cause: unknown,
  inputs?: object,
): ResourceInitError {
  if (cause instanceof ResourceInitError) return cause;
  const provider = (inputs as { __provider?: unknown } | undefined)?.__provider;
  const props = Object.fromEntries(
    Object.entries({ ...properties, ...(provider === undefined ? {} : { __provider: provider }) }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  return new ResourceInitError(
    `${messageOf(cause)} (the resource ${JSON.stringify(id)} exists and is kept in the state; run \`pulumi up\` again to finish it)`,
    id,
    props,
    cause,
  );
}

/** A step failed and so did its cleanup: one error naming both, the original first. */
export function bothFailed(cause: unknown, cleanupError: unknown, what: string): Error {
  const message = `${messageOf(cause)}; cleaning up (${what}) also failed: ${messageOf(cleanupError)}`;
  if (cause instanceof ResourceInitError) {
    return new ResourceInitError(message, cause.id, cause.properties, cause);
  }
  return new ApiError(message, {
    kind: cause instanceof ApiError ? cause.kind : "http",
    status: cause instanceof ApiError ? cause.status : undefined,
    apiMessage: cause instanceof ApiError ? cause.apiMessage : undefined,
    cause,
  });
}

export interface CreateSpec<O extends object> {
  /** `render:WebService "webapp-dev-api"`: the start of every message. */
  label: string;
  /** The create's inputs, as the engine passed them (they carry `__provider`; see partiallyCreated). */
  inputs?: object;
  /** The `adoptId` input: take over this existing resource instead of creating one. */
  adoptId?: string;
  /**
   * Reads a resource by id: its outputs, or undefined when it does not exist (404/410). Needed only by types
   * that take an `adoptId`; types whose existing resource is found by name use `find` alone.
   */
  read?(id: string): Promise<O | undefined>;
  /**
   * Brings an existing resource to the inputs through the update endpoints and returns its outputs. It must
   * never delete what the program does not manage (env vars set by hand, branches, data).
   */
  converge(id: string, current: O): Promise<O>;
  /**
   * Finds the resource an earlier, interrupted run (or a create whose answer was lost) made, by what
   * identifies it at the API (name, owner, marker), never by the local clock. Default: none.
   */
  find?(): Promise<{ id: string; current: O } | undefined>;
  /** The create request itself, with its own lost-answer recovery. */
  create(): Promise<{ id: string; outs: O }>;
  /** Steps after the resource exists (domains, waiting for a deploy). A throw here keeps the resource. */
  finish?(id: string, outs: O): Promise<O>;
  /** Hint appended when `adoptId` names nothing, e.g. "check <the config key the caller adopts it by>". */
  adoptHint?: string;
  /**
   * Compares an existing resource (adopted or found) with the inputs on what cannot change in place (region,
   * version, type, owner): the mismatch in one sentence naming the field, the live and the requested value
   * and the fix, or undefined. A mismatch fails the create before any write; `current` must carry the live
   * values, which are what the state then records.
   */
  verify?(current: O): string | undefined;
}

/**
 * Adopt (adoptId), continue (find) or create; then finish. Whatever exists once `create` returned, or
 * once an existing resource was found, is never left unrecorded: later failures throw `partiallyCreated`.
 */
export async function createOrAdopt<O extends object>(spec: CreateSpec<O>): Promise<{ id: string; outs: O }> {
  let id: string;
  let outs: O;
  let existing: { id: string; current: O } | undefined;
  if (spec.adoptId) {
    if (!spec.read) {
      throw new ApiError(`${spec.label}: adopt failed: this resource type takes no adoptId`, {
        kind: "config",
      });
    }
    const current = await spec.read(spec.adoptId);
    if (current === undefined) {
      throw new ApiError(
        `${spec.label}: adopt failed: no resource with id ${JSON.stringify(spec.adoptId)} exists${spec.adoptHint ? `; ${spec.adoptHint}` : ""}`,
        { kind: "config", status: 404 },
      );
    }
    existing = { id: spec.adoptId, current };
  } else if (spec.find) {
    existing = await spec.find();
  }
  if (existing) {
    id = existing.id;
    const mismatch = spec.verify?.(existing.current);
    if (mismatch !== undefined) {
      throw new ApiError(`${spec.label}: ${spec.adoptId ? "adopt" : "create"} failed: ${mismatch}`, {
        kind: "config",
      });
    }
    try {
      outs = await spec.converge(id, existing.current);
    } catch (e) {
      throw partiallyCreated(id, existing.current, e, spec.inputs);
    }
  } else {
    ({ id, outs } = await spec.create());
  }
  if (!spec.finish) return { id, outs };
  try {
    return { id, outs: await spec.finish(id, outs) };
  } catch (e) {
    throw partiallyCreated(id, outs, e, spec.inputs);
  }
}
