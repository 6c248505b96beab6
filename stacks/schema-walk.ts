import type { z } from "zod";

/*
 * Walks the stack schema itself, so every key it declares, now or later, gets the same treatment:
 * scalars typed the way the SDK's typed getters read them, and the keys allowed at a path for
 * "did you mean".
 */

interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  getter?: () => Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  valueType?: Schema;
  options?: Schema[];
  values?: unknown[];
}
type Schema = z.core.$ZodType;

const def = (s: Schema) => s._zod.def as unknown as Def;

/** The schema with optional/default/pipe wrappers taken off. */
function unwrap(schema: Schema): Schema {
  let s = schema;
  for (;;) {
    const d = def(s);
    if (d.innerType) s = d.innerType;
    else if (d.type === "pipe" && d.in) s = d.in;
    else if (d.type === "lazy" && d.getter) s = d.getter();
    else return s;
  }
}

function expects(schema: Schema): "number" | "boolean" | undefined {
  const d = def(unwrap(schema));
  if (d.type === "number") return "number";
  if (d.type === "boolean") return "boolean";
  if (d.type === "literal" && d.values?.every((v) => typeof v === "number")) return "number";
  if (d.type === "union" && d.options?.length) {
    const kinds = new Set(d.options.map(expects));
    return kinds.size === 1 ? [...kinds][0] : undefined;
  }
  return undefined;
}

const NUMERIC = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * `value` with strings turned into the numbers and booleans the schema expects there.
 * `pulumi config set --path webapp:database.minCu 0.25` stores the string "0.25" (the CLI turns only
 * integers and true/false into typed values: sdk/go/common/resource/config/map.go `adjustObjectValue`),
 * and the SDK's own `Config.getNumber` / `getBoolean` accept such strings, so a stack reads them too.
 * Unlike `getNumber`'s parseFloat, a string must be a whole number literal: "12px" stays an error.
 */
export function coerceScalars(schema: Schema, value: unknown): unknown {
  const kind = expects(schema);
  if (kind === "number" && typeof value === "string" && NUMERIC.test(value)) return Number(value);
  if (kind === "boolean" && (value === "true" || value === "false")) return value === "true";
  const d = def(unwrap(schema));
  if (d.type === "object" && d.shape && isRecord(value)) {
    const shape = d.shape;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, shape[k] ? coerceScalars(shape[k], v) : v]),
    );
  }
  if (d.type === "record" && d.valueType && isRecord(value)) {
    const valueType = d.valueType;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, coerceScalars(valueType, v)]));
  }
  if (d.type === "array" && d.element && Array.isArray(value)) {
    const element = d.element;
    return value.map((v) => coerceScalars(element, v));
  }
  return value;
}

/** The keys an object at `path` may have (empty when `path` does not lead to an object). */
export function keysAt(schema: Schema, path: readonly PropertyKey[]): string[] {
  let s: Schema | undefined = unwrap(schema);
  for (const p of path) {
    const d = def(s);
    s =
      typeof p === "number"
        ? d.element
        : d.type === "object"
          ? d.shape?.[String(p)]
          : d.type === "record"
            ? d.valueType
            : undefined;
    if (!s) return [];
    s = unwrap(s);
  }
  const d = def(s);
  return d.type === "object" && d.shape ? Object.keys(d.shape) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
