/**
 * Env vars of a Render service, one key at a time: the program owns only the keys it sets, so variables
 * added by hand in the dashboard survive every update. Holds no state (see ../shared/http.ts).
 */

import { orNotFound } from "../shared/http";
import { expectShape } from "../shared/shape";
import { RenderContext, call } from "./client";

/** Names Render accepts for env vars. */
export const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Splits a service's live env vars into the ones the program manages (the keys of `managedBefore`, with
 * their live values) and the names of the others, sorted. Values of unmanaged keys never leave this
 * function: they may be secrets the program never saw.
 */
export function managedEnv(
  live: Array<{ key: string; value: string }>,
  managedBefore: Record<string, string> | undefined,
): { managed: Record<string, string>; unmanaged: string[] } {
  const keys = new Set(Object.keys(managedBefore ?? {}));
  const managed: Record<string, string> = {};
  const unmanaged: string[] = [];
  for (const e of live) {
    if (keys.has(e.key)) managed[e.key] = e.value;
    else unmanaged.push(e.key);
  }
  return { managed, unmanaged: unmanaged.sort() };
}

const keyPath = (serviceId: string, key: string) =>
  `/services/${encodeURIComponent(serviceId)}/env-vars/${encodeURIComponent(key)}`;

/**
 * Brings the managed keys from `before` to `after` with the per-key endpoints (openapi.json
 * update-env-var / delete-env-var): PUT each key whose value differs, DELETE each key the program managed
 * and no longer does. Never the whole-list PUT, which would drop every variable set by hand. Returns
 * whether anything changed (the change takes effect at the next deploy).
 */
export async function syncEnv(
  ctx: RenderContext,
  serviceId: string,
  before: Record<string, string> | undefined,
  after: Record<string, string> | undefined,
): Promise<{ changed: boolean }> {
  const was = before ?? {};
  const now = after ?? {};
  let changed = false;
  for (const [key, value] of Object.entries(now)) {
    if (was[key] === value) continue;
    const res = await call<unknown>(ctx, `set env var ${key}`, "PUT", keyPath(serviceId, key), {
      body: { value },
    });
    expectShape(`${ctx.resource}: set env var ${key}`, res.status, res.body, {
      key: "string",
      value: "string",
    });
    changed = true;
  }
  for (const key of Object.keys(was)) {
    if (key in now) continue;
    await orNotFound(call(ctx, `remove env var ${key}`, "DELETE", keyPath(serviceId, key)));
    changed = true;
  }
  return { changed };
}
