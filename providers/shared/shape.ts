/**
 * Response-shape checks at the API boundary: an answer that is empty, `null`, `{}`, HTML (already a parse
 * error in ./http.ts), missing its wrapper or a field, or with a field of the wrong type, becomes one
 * `parse` ApiError naming the resource, the operation and the first field that is wrong, instead of a
 * TypeError somewhere later. Like ./http.ts this module holds no state and imports nothing from npm.
 *
 * Stable API:
 *   type Shape = { [field]: "string" | "number" | "boolean" | "object" | "array" (suffix "?" = optional,
 *                 null allowed) | Shape (a nested object) }
 *   shapeError(value, shape) -> the first mismatch as "`a.b` is missing" / "`a` is a number, not a string",
 *                               or undefined when the value fits
 *   expectShape<T>(what, status, value, shape) -> value as T, or throws `${what} failed: <status> answer ...`
 */

import { ApiError } from "./http";

type Leaf = "string" | "number" | "boolean" | "object" | "array";
export type Shape = { [field: string]: Leaf | `${Leaf}?` | Shape };

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

const article = (kind: string) => (kind === "array" || kind === "object" ? "an" : "a");

function describe(v: unknown): string {
  if (v === undefined) return "empty";
  if (v === null) return "null";
  return `${article(kindOf(v))} ${kindOf(v)}`;
}

export function shapeError(value: unknown, shape: Shape, at = ""): string | undefined {
  if (kindOf(value) !== "object")
    return `${at ? `\`${at}\`` : "the body"} is ${describe(value)}, not an object`;
  const obj = value as Record<string, unknown>;
  for (const [field, want] of Object.entries(shape)) {
    const path = at ? `${at}.${field}` : field;
    const v = obj[field];
    if (typeof want === "object") {
      const inner = shapeError(v, want, path);
      if (inner) return inner;
      continue;
    }
    const optional = want.endsWith("?");
    const leaf = (optional ? want.slice(0, -1) : want) as Leaf;
    if (v === undefined || v === null) {
      if (optional) continue;
      return `\`${path}\` is missing`;
    }
    if (kindOf(v) !== leaf) return `\`${path}\` is ${describe(v)}, not ${article(leaf)} ${leaf}`;
  }
  return undefined;
}

/** The value when it fits `shape`; otherwise a `parse` ApiError that names `what` and the wrong field. */
export function expectShape<T>(what: string, status: number, value: unknown, shape: Shape): T {
  const problem = shapeError(value, shape);
  if (problem !== undefined) {
    throw new ApiError(`${what} failed: ${status} answer is not what the API documents: ${problem}`, {
      kind: "parse",
      status,
    });
  }
  return value as T;
}
