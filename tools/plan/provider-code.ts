/**
 * Every dynamic resource serializes its provider's code into its `__provider` input when it is
 * constructed: Pulumi's closure serializer walks the provider's closure through the V8 inspector and
 * parses each function with `typescript`, more than half of an offline plan's time. The plan never shows
 * that input nor runs that code, so it skips the work; what serialization would prove (no secret
 * captured, the code loads on its own) is checked on every dynamic resource type by
 * test/providers/serialized-providers.test.ts.
 */

/* eslint-disable-next-line @typescript-eslint/no-require-imports -- the serializer is SDK-internal, untyped */
const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure");

/** What a dynamic resource's `__provider` input holds in the offline plan. */
export const UNSERIALIZED_PROVIDER = "(provider code: not serialized by the offline plan)";

/**
 * Skips dynamic-resource provider serialization until the returned function is called.
 * `pulumi.dynamic.Resource` looks the serializer up on its module at each construction;
 * `pulumi.runtime.serializeFunction`, copied when the SDK loaded, stays the real one.
 */
export function skipProviderSerialization(): () => void {
  const serialize = closure.serializeFunction;
  // No secret in the text, as the real serializer reports for every provider (that test checks it).
  closure.serializeFunction = async () => ({ text: UNSERIALIZED_PROVIDER, containsSecrets: false });
  return () => {
    closure.serializeFunction = serialize;
  };
}
