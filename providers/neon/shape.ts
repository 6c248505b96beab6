/**
 * Checks Neon's answers at the boundary, so a malformed one (empty, `{}`, `null`, the object without its
 * wrapper, missing fields, wrong types) fails as one clear error naming the resource and operation instead
 * of a TypeError deep in a provider. Written here because no shared shape module exists on main yet; like
 * ../shared/http.ts it holds no state and imports nothing from npm (closure serializer).
 *
 * A shape is a type name (`"string"`, `"number"`, `"boolean"`, `"object"`), an object of shapes (a key ending
 * in `?` may be missing or null) or a one-element array (every item has that shape). Unlisted keys pass.
 */
import { ApiError } from "../shared/http";

export type Shape =
  "string" | "number" | "boolean" | "object" | { readonly [key: string]: Shape } | readonly [Shape];

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

function mismatch(value: unknown, shape: Shape, path: string): string | undefined {
  if (typeof shape === "string") {
    const ok =
      shape === "object"
        ? typeof value === "object" && value !== null && !Array.isArray(value)
        : typeof value === shape && (shape !== "number" || Number.isFinite(value));
    return ok
      ? undefined
      : `${path} is ${describeValue(value)}, expected ${shape === "object" ? "an" : "a"} ${shape}`;
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return `${path} is ${describeValue(value)}, expected a list`;
    for (let i = 0; i < value.length; i++) {
      const bad = mismatch(value[i], shape[0], `${path}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return `${path} is ${describeValue(value)}, expected an object`;
  }
  for (const [rawKey, inner] of Object.entries(shape)) {
    const optional = rawKey.endsWith("?");
    const key = optional ? rawKey.slice(0, -1) : rawKey;
    const v = (value as Record<string, unknown>)[key];
    const where = `${path}.${key}`;
    if (v === undefined || v === null) {
      if (optional) continue;
      return `${where} is missing`;
    }
    const bad = mismatch(v, inner, where);
    if (bad) return bad;
  }
  return undefined;
}

/**
 * `value` when it has `shape`; otherwise a `parse` ApiError such as
 * `neon:Project "x": create failed: unexpected answer from Neon: answer.project.id is missing`.
 */
export function checkShape<T>(what: string, value: unknown, shape: Shape): T {
  const bad = mismatch(value, shape, "answer");
  if (bad !== undefined) {
    throw new ApiError(`${what} failed: unexpected answer from Neon: ${bad}`, { kind: "parse" });
  }
  return value as T;
}

/** The shapes of the parts of Neon's answers the providers use (Neon OpenAPI v2, components.schemas). */
export const OPERATION = { id: "string", action: "string", status: "string" } as const;
export const OPERATIONS = { operations: [OPERATION] } as const;
export const ENDPOINT = {
  id: "string",
  host: "string",
  type: "string",
  branch_id: "string",
  autoscaling_limit_min_cu: "number",
  autoscaling_limit_max_cu: "number",
  "suspend_timeout_seconds?": "number",
  "name?": "string",
} as const;
export const BRANCH = {
  id: "string",
  name: "string",
  "default?": "boolean",
  "parent_id?": "string",
} as const;
export const PROJECT = {
  id: "string",
  name: "string",
  region_id: "string",
  pg_version: "number",
  history_retention_seconds: "number",
  "org_id?": "string",
  "default_endpoint_settings?": {
    "autoscaling_limit_min_cu?": "number",
    "autoscaling_limit_max_cu?": "number",
    "suspend_timeout_seconds?": "number",
  },
} as const;
export const ROLE = { name: "string", "password?": "string" } as const;
export const DATABASE = { name: "string", owner_name: "string" } as const;
