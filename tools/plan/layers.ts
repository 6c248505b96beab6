/**
 * Planning a layered system (docs/layers.md): the stacks of one folder in deploy order (a stack deploying every
 * part first, then data, server, client), each layer's StackReferences answered with the plans of the layers
 * below it. Which layer a stack deploys and which stacks it reads come from its stack file.
 */
import { LAYERS } from "../../contracts";
import type { StackFile } from "./stack-file";

/** `webapp:layer` of a stack file, or undefined (every part, or a value the program will refuse). */
export function layerOfStack(file: Pick<StackFile, "config" | "project">): string | undefined {
  return file.config[`${file.project}:layer`];
}

/**
 * The stacks a stack file names in `webapp:layers`, as `<project>/<stack>` (the plan knows no organization),
 * with the full name given.
 */
export function upstreamOf(
  file: Pick<StackFile, "config" | "project">,
): Array<{ key: string; name: string }> {
  const raw = file.config[`${file.project}:layers`];
  if (raw === undefined) return [];
  let layers: unknown;
  try {
    layers = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!layers || typeof layers !== "object") return [];
  return Object.values(layers as Record<string, unknown>).flatMap((name) => {
    const parts = typeof name === "string" ? name.split("/") : [];
    return parts.length === 3 ? [{ key: `${parts[1]}/${parts[2]}`, name: name as string }] : [];
  });
}

/** Deploy order: stacks without a layer first, then data, server, client; by name within each. */
export function deployOrder<T extends { stack: string; layer?: string }>(stacks: T[]): T[] {
  const rank = (layer: string | undefined) => (layer === undefined ? -1 : LAYERS.indexOf(layer as never));
  return [...stacks].sort((a, b) => rank(a.layer) - rank(b.layer) || a.stack.localeCompare(b.stack));
}
