import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { main } from "../../tools/plan/cli";

export interface PlanRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run plan -- <args>` in this process, capturing what it prints. */
export async function runPlan(args: string[]): Promise<PlanRun> {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/**
 * Writes `Pulumi.<stack>.yaml` with the given `config:` map into a fresh temporary directory, as YAML 1.1
 * like the CLI's own writer (go-yaml v2), so a string such as "yes" stays a quoted string.
 */
export function writeStack(stack: string, config: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-stack-"));
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config }, { version: "1.1" }));
  return dir;
}

/** The repository's own stack file's config, to mutate one key at a time. */
export function stackConfig(stack: string): Record<string, unknown> {
  const file = path.join(__dirname, "..", "..", `Pulumi.${stack}.yaml`);
  return (parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> }).config;
}
