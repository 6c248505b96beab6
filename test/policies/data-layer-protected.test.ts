/**
 * data-layer-protected (issue 17, item 9), the pack's side: on a data-layer stack every resource that holds
 * data (the catalogs' `stateful` facts) is protected, so the engine refuses to replace or delete it, unless
 * webapp:protectData is off. The offline plan's side (a --compare that replaces or deletes one) is
 * test/plan/data-layer.test.ts.
 */
import * as assert from "assert";
import { CLOUDINARY_FOLDER, NEON_PROJECT, UPSTASH_REDIS_DATABASE } from "../../policies/lib/tokens";
import type { PlannedStack } from "../../tools/plan/types";
import { freeStack, paidStack } from "./fixtures";
import { runPolicy, urnOf, violation, withConfig } from "./harness";

const name = "data-layer-protected";
const message = (resource: string) =>
  `'${resource}' holds data on a data-layer stack but is not protected, so a plan could replace or delete it; ` +
  "`pulumi config set webapp:protectData true` (or false to replace or delete it on purpose).";
const DATA = { "webapp:layer": "data" };
const unprotected = [
  violation(name, message("db"), urnOf(NEON_PROJECT, "db")),
  violation(name, message("cache"), urnOf(UPSTASH_REDIS_DATABASE, "cache")),
  violation(name, message("media"), urnOf(CLOUDINARY_FOLDER, "media")),
];

/** `stack` with every resource protected, or none. */
const protecting = (stack: PlannedStack, protect: boolean): PlannedStack => ({
  ...stack,
  resources: stack.resources.map((r) => ({ ...r, options: { ...r.options, protect } })),
});

describe("data-layer-protected", () => {
  it("fails each unprotected data resource of a data-layer stack, free or paid (protectData defaults on)", async () => {
    assert.deepStrictEqual(
      await runPolicy(name, withConfig(protecting(freeStack(), false), DATA)),
      unprotected,
    );
    assert.deepStrictEqual(
      await runPolicy(name, withConfig(protecting(paidStack(), false), DATA)),
      unprotected,
    );
    assert.deepStrictEqual(
      await runPolicy(
        name,
        withConfig(protecting(freeStack(), false), { ...DATA, "webapp:protectData": "true" }),
      ),
      unprotected,
    );
  });

  it("passes a data-layer stack whose data resources are protected", async () => {
    assert.deepStrictEqual(await runPolicy(name, withConfig(protecting(freeStack(), true), DATA)), []);
  });

  it("does not apply with webapp:protectData off, nor to stacks of another layer or of every part", async () => {
    const stack = protecting(freeStack(), false);
    assert.deepStrictEqual(
      await runPolicy(name, withConfig(stack, { ...DATA, "webapp:protectData": "false" })),
      [],
    );
    assert.deepStrictEqual(await runPolicy(name, withConfig(stack, { "webapp:layer": "server" })), []);
    assert.deepStrictEqual(await runPolicy(name, stack), []);
  });

  it("is mandatory", async () => {
    const [first] = await runPolicy(name, withConfig(protecting(freeStack(), false), DATA));
    assert.strictEqual(first.enforcementLevel, "mandatory");
  });
});
