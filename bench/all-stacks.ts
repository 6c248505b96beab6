/**
 * The pull request's plan of every stack (issue 17, item 8): `npm run plan -- --all` plans every stack and
 * layer of the repository (dev, prod and each examples/<system>/ stack) in one process, so the program's
 * modules load once. Target: its wall time at most 3x one plan of `prod` (medians of 5, interleaved so that
 * load from anything else running hits both series alike, warm caches). Exits 1 on a miss.
 */
import { median, node, report, Run, seconds } from "./measure";

const RUNS = 5;
const PROD = ["tools/plan/run.js", "--stack", "prod"];
const ALL = ["tools/plan/run.js", "--all"];

node(PROD); // fills the transpile cache both series rely on
const prod: Run[] = [];
const all: Run[] = [];
for (let i = 0; i < RUNS; i++) {
  prod.push(node(PROD));
  all.push(node(ALL));
}

const ms = (runs: Run[]) => median(runs.map((r) => r.ms));
const list = (runs: Run[]) => runs.map((r) => seconds(r.ms)).join(", ");
console.log(`plan of prod:                    median ${seconds(ms(prod))}  (${list(prod)})`);
console.log(`plan of every stack and layer:   median ${seconds(ms(all))}  (${list(all)})`);
const ratio = ms(all) / ms(prod);
report([{ name: "every stack / prod", figure: `${ratio.toFixed(2)}x`, limit: "<= 3.00x", met: ratio <= 3 }]);
