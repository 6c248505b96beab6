/**
 * `npm run bench`: how long an offline plan of `prod` takes next to loading the Pulumi SDK alone.
 * Target (issue 2): the plan's median at most 3 s and at most 4x the bare load, on a 2-core machine.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(args: string[]): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0)
    throw new Error(`node ${args.join(" ")} exited ${run.status}: ${run.stderr.toString().trim()}`);
  return ms;
}

const bare: number[] = [];
const plan: number[] = [];
for (let i = 0; i < RUNS; i++) {
  bare.push(time(["-e", "require('@pulumi/pulumi')"]));
  plan.push(time(["tools/plan/run.js", "--stack", "prod"]));
}
const bareMs = median(bare);
const planMs = median(plan);
const ratio = planMs / bareMs;
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`offline plan of prod, median of ${RUNS}: ${fmt(planMs)}  (runs: ${plan.map(fmt).join(", ")})`);
console.log(
  `bare require('@pulumi/pulumi'), median of ${RUNS}: ${fmt(bareMs)}  (runs: ${bare.map(fmt).join(", ")})`,
);
console.log(`ratio: ${ratio.toFixed(2)}x`);
console.log(`target (<= 3.00 s and <= 4.0x): ${planMs <= 3000 && ratio <= 4 ? "met" : "NOT met"}`);
