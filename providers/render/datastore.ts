/**
 * What the Render Postgres and Key Value providers share: the IP allow list, the lost-create lookup by name,
 * the workspace check on adopt and moving an instance between environments. Holds no state (see
 * ../shared/http.ts for why).
 */

import { ApiError } from "../shared/http";
import { Shape, expectShape } from "../shared/shape";
import { RenderContext, call, listAll } from "./client";

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
export async function findByName<T extends { id: string; name: string }>(
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
