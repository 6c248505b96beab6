/** Timing helpers shared by the bench scripts: run a command, take its wall time and peak memory. */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..");
const PEAK_MEMORY = path.join(__dirname, "peak-memory.js");

export interface Run {
  ms: number;
  /** Peak resident memory of the node process, MiB. */
  peakMiB: number;
}

/** Runs `node <args>` in the repository, output discarded; throws with its stderr if it fails. */
export function node(args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["-r", PEAK_MEMORY, ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "ignore", "pipe", "pipe"],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) {
    throw new Error(`node ${args.join(" ")} exited ${run.status}: ${String(run.stderr).trim()}`);
  }
  return { ms, peakMiB: Number(String(run.output[3])) / 1024 };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export interface Target {
  name: string;
  figure: string;
  limit: string;
  met: boolean;
}

/** Prints one line per target; sets a failing exit code when any is missed. */
export function report(targets: Target[]): void {
  const width = Math.max(...targets.map((t) => t.name.length));
  for (const t of targets) {
    console.log(`${t.met ? "met    " : "MISSED "} ${t.name.padEnd(width)}  ${t.figure}  (target ${t.limit})`);
  }
  if (targets.some((t) => !t.met)) process.exitCode = 1;
}
