/**
 * The whole test suite's wall time, as `npm test` runs it (issue 12: under 60 s on this machine, with
 * headroom for suites still to come). Run by `npm run bench`; exits 1 when it is slower or fails. Also prints
 * the suite's CPU time and the slowest test files (wall and CPU, from bench/file-times.js), where to look
 * when it gets slower.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { report, ROOT, seconds } from "./measure";

const LIMIT_MS = 60_000;
const SLOWEST = 10;

/** CPU seconds of the child processes this process waited for (Linux /proc; 0 elsewhere). */
function childrenCpuS(): number {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return 0;
  }
}

const times = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "webapp-bench-")), "file-times.jsonl");
const cpuBefore = childrenCpuS();
const start = process.hrtime.bigint();
const run = spawnSync(
  process.execPath,
  [
    path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js"),
    "--require",
    path.join(__dirname, "file-times.js"),
  ],
  {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    // The Docker proof is a step of its own in .ci/run (it builds and starts containers for about a minute),
    // so the suite is timed without it, as .ci/run runs it; DOCKER_PROOF=on times it in.
    env: { ...process.env, FILE_TIMES: times, DOCKER_PROOF: process.env.DOCKER_PROOF ?? "off" },
  },
);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const cpuS = childrenCpuS() - cpuBefore;
const count = (word: string) => Number(new RegExp(`^ +(\\d+) ${word}\\b`, "m").exec(run.stdout)?.[1] ?? 0);
console.log(
  `test suite: ${count("passing")} passing, ${count("failing")} failing in ${seconds(ms)}` +
    ` (CPU ${cpuS.toFixed(1)} s on ${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(1)} at the end)`,
);
interface FileTime {
  files: string[];
  wallS: number;
  cpuS: number;
  childrenCpuS: number;
}
const files: FileTime[] = fs.existsSync(times)
  ? fs
      .readFileSync(times, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as FileTime)
  : [];
fs.rmSync(path.dirname(times), { recursive: true, force: true });
console.log(`slowest test files (wall, CPU of the worker, CPU of its child processes):`);
for (const f of files.sort((a, b) => b.wallS - a.wallS).slice(0, SLOWEST)) {
  const name = f.files.map((file) => path.relative(ROOT, file)).join(", ");
  console.log(
    `  ${f.wallS.toFixed(1).padStart(6)} s  ${f.cpuS.toFixed(1).padStart(5)} s  ${f.childrenCpuS.toFixed(1).padStart(5)} s  ${name}`,
  );
}
console.log();
if (run.status !== 0) {
  console.log(
    `the suite failed (exit ${run.status}); its last output:\n${(run.stdout + run.stderr).slice(-4000)}`,
  );
  process.exitCode = 1;
}
report([
  { name: "test suite wall time", figure: seconds(ms), limit: `< ${seconds(LIMIT_MS)}`, met: ms < LIMIT_MS },
]);
