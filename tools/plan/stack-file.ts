import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export interface StackFile {
  project: string;
  config: Record<string, string>;
  secretKeys: string[];
}

/** Thrown for a missing or unreadable stack file: the plan exits 2 with this one line. */
export class StackFileError extends Error {}

/** Stacks are the `Pulumi.<name>.yaml` files next to Pulumi.yaml. */
export function listStacks(root: string): string[] {
  return fs
    .readdirSync(root)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/**
 * Reads the project and stack files the way the engine merges them: the project's declared defaults first,
 * then the stack's values; keys without a namespace belong to the project; objects are passed as JSON.
 * Encrypted (`secure:`) values cannot be decrypted offline and become a placeholder secret.
 */
export function readStackFile(root: string, stack: string, configDir = root): StackFile {
  const projectFile = path.join(root, "Pulumi.yaml");
  const project = parse(fs.readFileSync(projectFile, "utf8")) as {
    name: string;
    config?: Record<string, { default?: unknown; value?: unknown } | unknown>;
  };
  const stackPath = ["yaml", "yml"]
    .map((ext) => path.join(configDir, `Pulumi.${stack}.${ext}`))
    .find(fs.existsSync);
  if (!stackPath) {
    const known = listStacks(configDir);
    throw new StackFileError(
      `stack "${stack}" has no Pulumi.${stack}.yaml; known stacks: ${known.join(", ") || "none"}. Fix: npm run plan -- --stack ${known[0] ?? "dev"}`,
    );
  }
  let stackDoc: { config?: Record<string, unknown> } | null;
  try {
    stackDoc = parse(fs.readFileSync(stackPath, "utf8")) as { config?: Record<string, unknown> } | null;
  } catch (err) {
    const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new StackFileError(`${path.basename(stackPath)} is not valid YAML: ${reason}`);
  }

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  const qualify = (key: string) => (key.includes(":") ? key : `${project.name}:${key}`);
  for (const [key, decl] of Object.entries(project.config ?? {})) {
    const d = decl as { default?: unknown; value?: unknown } | null;
    const value = d && typeof d === "object" && !Array.isArray(d) ? (d.value ?? d.default) : decl;
    if (value !== undefined) config[qualify(key)] = encode(value);
  }
  for (const [key, value] of Object.entries(stackDoc?.config ?? {})) {
    const k = qualify(key);
    if (value && typeof value === "object" && "secure" in (value as object)) {
      config[k] = "plan-placeholder-secret";
      secretKeys.push(k);
    } else {
      config[k] = encode(value);
    }
  }
  return { project: project.name, config, secretKeys };
}

function encode(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
