/**
 * Helpers for the plain input/output objects every dynamic provider handles. Like ./http.ts, this module
 * holds no state and imports nothing from npm, so the closure serializer can copy it into the state file.
 */

/**
 * What the engine puts in place of a value that is unknown during preview (`pulumi.runtime.unknownValue`);
 * `check` must let it through rather than validate it.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Drops undefined values: the provider protocol's Struct encoding has no `undefined`. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
