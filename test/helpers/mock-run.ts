import { ProgramError, runUnderMocks } from "../../tools/plan/collect";
import type { PlannedResource, PlannedStack } from "../../tools/plan/types";

/** Runs `build` as the whole program of a `test` stack under the plan's mocks and returns what registered. */
export function runComponent(
  build: () => Record<string, unknown> | void,
  stack = "test",
): Promise<PlannedStack> {
  return runUnderMocks({ project: "webapp", stack, config: {}, secretKeys: [] }, () => build() ?? {});
}

/** The error message `build` fails with, or an assertion failure when it does not fail. */
export async function failureOf(build: () => void): Promise<string> {
  try {
    await runComponent(build);
  } catch (err) {
    if (err instanceof ProgramError) return err.message;
    throw err;
  }
  throw new Error("expected the component to fail");
}

/** `[type, name, parent's name]` of every resource but the root stack, in registration order. */
export function tree(plan: PlannedStack): Array<[string, string, string]> {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  return plan.resources
    .filter((r) => r.type !== "pulumi:pulumi:Stack")
    .map((r) => [r.type, r.name, r.parent ? (byUrn.get(r.parent)?.name ?? "?") : ""]);
}

export function byName(plan: PlannedStack, name: string): PlannedResource {
  const found = plan.resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name}`);
  return found;
}
