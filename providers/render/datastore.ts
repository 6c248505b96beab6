/**
 * What the Render Postgres and Key Value providers share: the IP allow list, the lost-create lookup by name,
 * the workspace check on adopt, moving an instance between environments, and the provider itself (create or
 * adopt, read, update, delete), each kind adding only its own steps. Holds no state (see ../shared/http.ts
 * for why).
 */

import type * as pulumi from "@pulumi/pulumi";
import { guardProvider } from "../shared/boundary";
import { ApiError, orNotFound, resourceLabel } from "../shared/http";
import { createOrAdopt } from "../shared/lifecycle";
import { Shape, expectShape } from "../shared/shape";
import {
  RenderContext,
  call,
  configureRender,
  listAll,
  renderContext,
  renderCredentials,
  requireOwnerId,
} from "./client";

/** R-OAS `cidrBlockAndDescription`: both fields required. */
export interface CidrBlock {
  cidrBlock: string;
  description: string;
}

export const CIDR_SHAPE: Shape = { cidrBlock: "string", description: "string" };

/**
 * The allow list as Render holds it. Render answers `null` for an empty list (TF-CAS postgres_cassette.yaml,
 * keyvalue_cassette.yaml: `"ipAllowList":[]` sent, `"ipAllowList":null` returned).
 */
export function allowList(live: CidrBlock[] | null | undefined): CidrBlock[] {
  return (live ?? []).map((c) => ({ cidrBlock: c.cidrBlock, description: c.description }));
}

const key = (c: CidrBlock) => `${c.cidrBlock}\u0000${c.description}`;

/** Order does not matter to Render's allow list. */
export function sameAllowList(a: CidrBlock[] | undefined, b: CidrBlock[] | undefined): boolean {
  const x = (a ?? []).map(key).sort();
  const y = (b ?? []).map(key).sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** `0.0.0.0/0`-style blocks; a `/n` is optional (Render accepts single addresses). */
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/(\d|[12]\d|3[0-2]))?$/;

export function cidrProblem(c: unknown): string | undefined {
  const block = (c as Partial<CidrBlock> | null)?.cidrBlock;
  const description = (c as Partial<CidrBlock> | null)?.description;
  if (typeof block !== "string" || typeof description !== "string") {
    return "each ipAllowList entry needs a cidrBlock and a description (Render requires both).";
  }
  const m = CIDR.exec(block);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255)) {
    return `ipAllowList cidrBlock ${JSON.stringify(block)} is not an IPv4 CIDR block such as 203.0.113.0/24.`;
  }
  return undefined;
}

/**
 * The one instance with this exact name in the workspace (`GET /postgres` or `/key-value` filtered by name
 * and ownerId, R-OAS list-postgres / list-key-value), for a create whose answer was lost or a run killed
 * after its create. Two of the same name are an error: which one is ours cannot be told.
 */
async function findByName<T extends { id: string; name: string }>(
  ctx: RenderContext,
  path: "/postgres" | "/key-value",
  itemKey: "postgres" | "keyValue",
  shape: Shape,
  name: string,
  ownerId: string,
): Promise<T | undefined> {
  const found = await listAll<unknown>(ctx, "look up by name", path, itemKey, { name, ownerId });
  const exact = found
    .map((x) => expectShape<T>(`${ctx.resource}: look up by name`, 200, x, shape))
    .filter((x) => x.name === name);
  if (exact.length > 1) {
    throw new ApiError(
      `${ctx.resource}: create failed: ${exact.length} instances named ${JSON.stringify(name)} exist in the workspace; adopt the right one with adoptId`,
      { kind: "config" },
    );
  }
  return exact[0];
}

/** Adopting something from another workspace would manage (and later delete) what the stack does not own. */
export function refuseOtherWorkspace(
  ctx: RenderContext,
  id: string,
  liveOwner: string | undefined,
  ownerId: string,
): void {
  if (liveOwner !== undefined && liveOwner !== ownerId) {
    throw new ApiError(
      `${ctx.resource}: adopt failed: ${id} belongs to workspace ${liveOwner}, not ${ownerId}; set ownerId (or render:ownerId) to ${liveOwner} to manage it from this stack`,
      { kind: "config" },
    );
  }
}

/**
 * Moves an instance into `to` (or out of `from` when `to` is unset) with R-OAS add-resources-to-environment /
 * remove-resources-from-environment, the calls Render's Terraform provider makes (TF-CAS postgres_cassette.yaml).
 */
export async function moveToEnvironment(
  ctx: RenderContext,
  id: string,
  from: string | undefined,
  to: string | undefined,
): Promise<void> {
  if (from === to) return;
  if (to) {
    await call(ctx, "move to environment", "POST", `/environments/${encodeURIComponent(to)}/resources`, {
      body: { resourceIds: [id] },
    });
  } else if (from) {
    await call(
      ctx,
      "remove from environment",
      "DELETE",
      `/environments/${encodeURIComponent(from)}/resources`,
      {
        query: { resourceIds: [id] },
      },
    );
  }
}

/** A URL's host, or undefined for one that does not parse. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The instance's two connection strings (R-OAS retrieve-postgres-connection-info /
 * retrieve-key-value-connection-info); `shape` is the kind's answer, which holds at least these two.
 */
export async function readConnectionStrings(
  ctx: RenderContext,
  path: "/postgres" | "/key-value",
  id: string,
  shape: Shape,
): Promise<{ internalConnectionString: string; externalConnectionString: string }> {
  const res = await call<unknown>(
    ctx,
    "read connection info",
    "GET",
    `${path}/${encodeURIComponent(id)}/connection-info`,
  );
  return expectShape(`${ctx.resource}: read connection info`, res.status, res.body, shape);
}

/** A datastore as Render answers it, as far as the shared lifecycle reads it. */
export interface LiveDatastore {
  id: string;
  name: string;
  owner?: { id: string };
}

/** The inputs every datastore has. */
export interface DatastoreInputs {
  name: string;
  ownerId?: string;
  adoptId?: string;
}

/** The outputs every datastore has; the connection strings are its secrets. */
export interface DatastoreOutputs extends DatastoreInputs {
  ownerId: string;
  internalConnectionString?: string;
  externalConnectionString?: string;
}

/** One kind of Render datastore (Postgres, Key Value): its paths and shape, and the steps of its own. */
export interface DatastoreKind<
  I extends DatastoreInputs,
  O extends DatastoreOutputs & I,
  L extends LiveDatastore,
> {
  /** `render:Postgres`, `render:KeyValue`. */
  token: string;
  path: "/postgres" | "/key-value";
  /** The list item's key in R-OAS list-postgres / list-key-value. */
  itemKey: "postgres" | "keyValue";
  shape: Shape;
  /** The fix named when an adoptId is not found, e.g. "check the adoptId (dpg-…) and the workspace". */
  adoptHint: string;
  parse(ctx: RenderContext, operation: string, status: number, body: unknown): L;
  toOutputs(live: L, old: Partial<O>, ownerId: string): O;
  createBody(inputs: I, ownerId: string): Record<string, unknown>;
  /** Refuses a live instance this provider must not adopt (Postgres: a read replica). */
  refuseAdopt?(ctx: RenderContext, id: string, live: L): void;
  converge(ctx: RenderContext, id: string, olds: O, news: I): Promise<O>;
  connectionInfo(ctx: RenderContext, id: string): Promise<Partial<O>>;
  /** After a create or adopt: whatever the kind waits for, then its connection strings. */
  finish(ctx: RenderContext, id: string, outs: O): Promise<O>;
  check(olds: Partial<I>, news: I): pulumi.dynamic.CheckFailure[];
  diff(olds: O, news: I): pulumi.dynamic.DiffResult;
}

/** The instance, or undefined when Render no longer has it (R-OAS retrieve-postgres / retrieve-key-value). */
export async function getDatastore<L extends LiveDatastore>(
  ctx: RenderContext,
  kind: Pick<DatastoreKind<never, never, L>, "path" | "parse">,
  id: string,
): Promise<L | undefined> {
  const res = await orNotFound(call<unknown>(ctx, "read", "GET", `${kind.path}/${encodeURIComponent(id)}`));
  return res && kind.parse(ctx, "read", res.status, res.body);
}

async function createDatastore<
  I extends DatastoreInputs,
  O extends DatastoreOutputs & I,
  L extends LiveDatastore,
>(kind: DatastoreKind<I, O, L>, inputs: I): Promise<pulumi.dynamic.CreateResult> {
  const ctx = renderContext(resourceLabel(kind.token, inputs.name), "create");
  const owner = () => requireOwnerId(ctx.resource, "create", inputs.ownerId);
  const lookUp = (ownerId: string) =>
    findByName<L>(ctx, kind.path, kind.itemKey, kind.shape, inputs.name, ownerId);
  // The inputs are the outputs' own first fields (O extends I): the program's side of a fresh instance.
  const fromLive = (live: L, ownerId: string) =>
    kind.toOutputs(live, { ...inputs } as unknown as Partial<O>, ownerId);
  const res = await createOrAdopt<O>({
    label: ctx.resource,
    inputs,
    adoptId: inputs.adoptId,
    adoptHint: kind.adoptHint,
    async read(id) {
      const ownerId = owner();
      const live = await getDatastore(ctx, kind, id);
      if (!live) return undefined;
      refuseOtherWorkspace(ctx, id, live.owner?.id, ownerId);
      kind.refuseAdopt?.(ctx, id, live);
      return fromLive(live, ownerId);
    },
    converge: (id, current) => kind.converge(ctx, id, current, inputs),
    async find() {
      const ownerId = owner();
      const live = await lookUp(ownerId);
      return live && { id: live.id, current: fromLive(live, ownerId) };
    },
    async create() {
      const ownerId = owner();
      let live: L;
      try {
        const made = await call<unknown>(ctx, "create", "POST", kind.path, {
          body: kind.createBody(inputs, ownerId),
          attempts: 3,
          // A 429 was refused before anything happened; anything else may have created the instance.
          recover: async (err) => {
            if (err instanceof ApiError && err.status === 429) return undefined;
            const found = await lookUp(ownerId);
            return found ? { status: 201, headers: new Headers(), body: found } : undefined;
          },
        });
        live = kind.parse(ctx, "create", made.status, made.body);
      } catch (e) {
        if (!(e instanceof ApiError && e.kind === "parse")) throw e;
        // A 2xx with a broken body may still have created it: find it, never orphan it.
        const found = await lookUp(ownerId);
        if (!found) throw e;
        live = found;
      }
      return { id: live.id, outs: fromLive(live, ownerId) };
    },
    finish: (id, outs) => kind.finish(ctx, id, outs),
  });
  return { id: res.id, outs: res.outs };
}

/** The dynamic provider of one datastore kind: the lifecycle is shared, the kind adds its own steps. */
export function datastoreProvider<
  I extends DatastoreInputs,
  O extends DatastoreOutputs & I,
  L extends LiveDatastore,
>(kind: DatastoreKind<I, O, L>): pulumi.dynamic.ResourceProvider<I, O> {
  const label = (name: string | undefined) => resourceLabel(kind.token, name);
  return guardProvider<pulumi.dynamic.ResourceProvider<I, O>>(
    kind.token,
    {
      async configure(req) {
        configureRender(req.config);
      },
      async check(olds, news) {
        const failures = kind.check(olds ?? {}, news);
        return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
      },
      async diff(_id, olds, news) {
        return kind.diff(olds, news);
      },
      async create(inputs) {
        return createDatastore(kind, inputs);
      },
      async read(id, props) {
        const ctx = renderContext(label(props?.name), "read");
        const live = await getDatastore(ctx, kind, id);
        if (!live) return {};
        const outs = kind.toOutputs(live, props ?? {}, props?.ownerId ?? live.owner?.id ?? "");
        return { id, props: { ...outs, ...(await kind.connectionInfo(ctx, id)) } };
      },
      async update(id, olds, news) {
        return { outs: await kind.converge(renderContext(label(news.name), "update"), id, olds, news) };
      },
      async delete(id, props) {
        const ctx = renderContext(label(props?.name), "delete");
        await orNotFound(call(ctx, "delete", "DELETE", `${kind.path}/${encodeURIComponent(id)}`));
      },
    },
    {
      secrets: (props) =>
        [props?.internalConnectionString, props?.externalConnectionString].filter(
          (v): v is string => typeof v === "string",
        ),
      credentials: renderCredentials,
    },
  );
}
