/**
 * The offline plan's speed and memory (issue 12), on this machine, interleaved so that load from anything
 * else running hits every series alike:
 * - plan of `prod` with warm caches at most 2.5x a bare `require('@pulumi/pulumi')` (medians of 7);
 * - the first plan after a fresh clone (no transpile cache) at most 1.5x a warm one;
 * - peak resident memory of any plan at most 250 MiB.
 * Run by `npm run bench`; exits 1 when a target is missed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { median, node, report, ROOT, Run, seconds } from "./measure";

const RUNS = 7;
const PLAN = ["tools/plan/run.js", "--stack", "prod"];
/** run.js's transpile cache. */
const TRANSPILE_CACHE = path.join(ROOT, "node_modules", ".cache", "webapp-plan");

/** A plan as after a fresh clone and `npm ci`: no transpile cache (the only cache run.js keeps). */
function coldPlan(): Run {
  fs.rmSync(TRANSPILE_CACHE, { recursive: true, force: true });
  return node(PLAN);
}

node(PLAN); // fills the caches the warm runs rely on
const bare: Run[] = [];
const warm: Run[] = [];
const cold: Run[] = [];
for (let i = 0; i < RUNS; i++) {
  bare.push(node(["-e", "require('@pulumi/pulumi')"]));
  warm.push(node(PLAN));
  cold.push(coldPlan());
}

const ms = (runs: Run[]) => median(runs.map((r) => r.ms));
const list = (runs: Run[]) => runs.map((r) => seconds(r.ms)).join(", ");
console.log(`bare require('@pulumi/pulumi'): median ${seconds(ms(bare))}  (${list(bare)})`);
console.log(`plan of prod, warm caches:      median ${seconds(ms(warm))}  (${list(warm)})`);
console.log(`plan of prod, fresh clone:      median ${seconds(ms(cold))}  (${list(cold)})`);
const peak = Math.max(...[...warm, ...cold].map((r) => r.peakMiB));
const bareMiB = Math.max(...bare.map((r) => r.peakMiB));
console.log(`peak memory: plan ${peak.toFixed(0)} MiB, bare SDK load ${bareMiB.toFixed(0)} MiB\n`);

const vsSdk = ms(warm) / ms(bare);
const coldVsWarm = ms(cold) / ms(warm);
report([
  { name: "plan / bare SDK load", figure: `${vsSdk.toFixed(2)}x`, limit: "<= 2.50x", met: vsSdk <= 2.5 },
  {
    name: "fresh-clone plan / warm plan",
    figure: `${coldVsWarm.toFixed(2)}x`,
    limit: "<= 1.50x",
    met: coldVsWarm <= 1.5,
  },
  { name: "plan peak memory", figure: `${peak.toFixed(0)} MiB`, limit: "<= 250 MiB", met: peak <= 250 },
]);
