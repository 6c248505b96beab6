/**
 * Shape checks for Admin API answers. A broken proxy or a changed API answers `{}`, `null`, an array or the
 * wrong types; each ends here in an error that names the resource and the operation instead of a TypeError
 * deep in a provider, or a wrong value in the state. Unknown extra fields are fine: Cloudinary says it may
 * add fields to any answer (cloudinary.com/documentation/admin_api_overview).
 */
import { ApiError } from "../shared/http";
import { bothFailed } from "../shared/lifecycle";

export type Json = Record<string, unknown>;

function shown(value: unknown): string {
  if (value === undefined) return "an empty body";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** The error for an answer without the expected shape; `detail` says what was wrong. */
export function malformed(what: string, detail: string): ApiError {
  return new ApiError(`${what} failed: the API's answer did not have the expected shape (${detail})`, {
    kind: "parse",
  });
}

export function objectAnswer(what: string, value: unknown): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw malformed(what, `expected a JSON object, got ${shown(value)}`);
  }
  return value as Json;
}

/** `obj[key]` when it is a string (or absent and `optional`); anything else is malformed. */
export function stringField(what: string, obj: Json, key: string, optional = false): string | undefined {
  const v = obj[key];
  if (typeof v === "string") return v;
  if (v === undefined && optional) return undefined;
  throw malformed(what, `"${key}" should be a string, got ${shown(v)}`);
}

/** A boolean field; the Admin API answers JSON booleans, form-style "true"/"1" are accepted too. */
export function boolField(what: string, obj: Json, key: string, optional = false): boolean | undefined {
  const v = obj[key];
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "1" || v === 1) return true;
  if (v === "false" || v === "0" || v === 0) return false;
  if (v === undefined && optional) return undefined;
  throw malformed(what, `"${key}" should be a boolean, got ${shown(v)}`);
}

/** A list the API answers as a comma-separated string or an array of strings. */
export function listField(what: string, obj: Json, key: string): string[] | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v === "" ? [] : v.split(",");
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  throw malformed(what, `"${key}" should be a list of strings, got ${shown(v)}`);
}

/**
 * A create whose answer could not be read (kind "parse") may still have been applied, so `lookUp` asks the
 * API: found means the create went through; not found leaves the parse error as it is. When the lookup
 * fails too, the error names both; the resource, if it was made, is found by its name on the next run.
 */
export async function confirmCreate<T>(err: unknown, lookUp: () => Promise<T | undefined>): Promise<T> {
  if (!(err instanceof ApiError) || err.kind !== "parse") throw err;
  let found: T | undefined;
  try {
    found = await lookUp();
  } catch (lookupErr) {
    throw bothFailed(
      err,
      lookupErr,
      "looking up whether the create went through; if it did, the next run finds it by its name",
    );
  }
  if (found === undefined) throw err;
  return found;
}
