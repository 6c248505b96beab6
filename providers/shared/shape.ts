/**
 * Response-shape checks at the API boundary: an answer that is empty, `null`, `{}`, a list, missing its
 * wrapper or a field, or with a field of the wrong type becomes one `parse` ApiError naming the resource,
 * the operation and the first field that is wrong, instead of a TypeError somewhere later. Each provider
 * only writes down its API's shapes; this is the one checker. Like ./http.ts this module holds no state and
 * imports nothing from npm (closure serializer).
 *
 * Stable API:
 *   type Shape = "string" | "number" | "boolean" | "object" | "array"
 *              | { [key]: Shape }      an object; a key ending in "?" may be missing or null; unlisted keys pass
 *              | [Shape]               a list whose every item has that shape
 *   shapeError(value, shape, path?) -> the first mismatch, e.g. "`answer.project.id` is missing" or
 *                                      "`answer.id` is a number, expected a string"; undefined when it fits
 *   expectShape<T>(what, status, value, shape) -> value as T, or throws
 *                                      `${what} failed: <status> answer is not what the API documents: <mismatch>`
 */

import { ApiError } from "./http";

export type Shape =
  "string" | "number" | "boolean" | "object" | "array" | { readonly [key: string]: Shape } | readonly [Shape];

function describeValue(value: unknown): string {
  if (value === undefined) return "empty";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);

export function shapeError(value: unknown, shape: Shape, path = "answer"): string | undefined {
  const at = `\`${path}\``;
  if (typeof shape === "string") {
    const ok =
      shape === "object"
        ? isObject(value)
        : shape === "array"
          ? Array.isArray(value)
          : typeof value === shape && (shape !== "number" || Number.isFinite(value));
    const article = shape === "object" || shape === "array" ? "an" : "a";
    return ok
      ? undefined
      : `${at} is ${describeValue(value)}, expected ${article} ${shape === "array" ? "list" : shape}`;
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return `${at} is ${describeValue(value)}, expected a list`;
    for (let i = 0; i < value.length; i++) {
      const bad = shapeError(value[i], shape[0], `${path}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (!isObject(value)) return `${at} is ${describeValue(value)}, expected an object`;
  for (const [rawKey, inner] of Object.entries(shape as { [key: string]: Shape })) {
    const optional = rawKey.endsWith("?");
    const key = optional ? rawKey.slice(0, -1) : rawKey;
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || v === null) {
      if (optional) continue;
      return `\`${path}.${key}\` is missing`;
    }
    const bad = shapeError(v, inner, `${path}.${key}`);
    if (bad) return bad;
  }
  return undefined;
}

/** The value when it fits `shape`; otherwise a `parse` ApiError that names `what` and the wrong field. */
export function expectShape<T>(what: string, status: number | undefined, value: unknown, shape: Shape): T {
  const problem = shapeError(value, shape);
  if (problem !== undefined) {
    throw new ApiError(
      `${what} failed: ${status === undefined ? "" : `${status} `}answer is not what the API documents: ${problem}`,
      { kind: "parse", status },
    );
  }
  return value as T;
}
