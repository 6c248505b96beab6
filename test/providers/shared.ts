/** Set-up the Render, Neon and Cloudinary provider suites share. */
import Module from "node:module";
import * as path from "node:path";
import * as runtime from "@pulumi/pulumi/runtime";

/**
 * Serializes a provider as `pulumi.dynamic.Resource` does (`allowSecrets`, as Pulumi passes it) and loads the
 * text back as a module the way the dynamic-provider host does, resolving `require`s from node_modules.
 */
export async function roundTrip<T>(provider: T): Promise<{ text: string; provider: T }> {
  const { text } = await runtime.serializeFunction(() => provider, { allowSecrets: true });
  const file = path.join(__dirname, "serialized.js");
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
  (mod as unknown as { _compile(code: string, file: string): void })._compile(text, file);
  return { text, provider: (mod.exports as { handler(): T }).handler() };
}

/** Remembers the current values of `names`; the returned function puts them back (unset stays unset). */
export function saveEnv(names: readonly string[]): () => void {
  const saved = names.map((name) => [name, process.env[name]] as const);
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/**
 * A per-attempt timeout no answered request meets, even on a loaded machine: a GC pause or a busy CPU can hold
 * a local fake's answer for hundreds of ms, and a 200-300 ms timeout then retried a request that had been
 * answered, so the test saw one request too many or a different error (issue 15 item 20).
 */
export const ANSWERED_TIMEOUT_MS = 10_000;

/**
 * Keeps the providers' per-attempt timeout at {@link ANSWERED_TIMEOUT_MS} until the test makes `fake` never
 * answer (a fault of kind `hang`), and only then shortens it to `hungMs` (`retune`): only a test of the
 * timeout itself waits for it, and it waits briefly.
 */
export function shortenTimeoutOnHang<Rule>(
  fake: { fail(rule: Rule): void },
  kindOf: (rule: Rule) => string,
  retune: () => void,
  hang = "timeout",
): void {
  const fail = fake.fail.bind(fake);
  fake.fail = (rule: Rule) => {
    if (kindOf(rule) === hang) retune();
    fail(rule);
  };
}
