// Mocha root hooks for `npm run bench` (bench/suite.ts): per test file, the wall time and the CPU time of the
// process that ran it (its own, and its waited child processes', from /proc/self/stat), appended as one JSON
// line to $FILE_TIMES. Under --parallel the root hooks run once per file in its worker; run serially
// (--no-parallel) the whole run is one line.
const fs = require("node:fs");

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

/** CPU seconds of this process (self) and of its children it waited for (children). */
function cpu() {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { self: (+f[11] + +f[12]) / TICKS_PER_SECOND, children: (+f[13] + +f[14]) / TICKS_PER_SECOND };
  } catch {
    const { user, system } = process.cpuUsage();
    return { self: (user + system) / 1e6, children: 0 };
  }
}

let start;
exports.mochaHooks = {
  beforeAll() {
    start = { at: process.hrtime.bigint(), cpu: cpu() };
  },
  afterAll() {
    const files = new Set();
    const walk = (suite) => {
      if (suite.file) files.add(suite.file);
      suite.suites.forEach(walk);
    };
    walk(this.test.parent);
    const end = cpu();
    const line = {
      files: [...files],
      wallS: Number(process.hrtime.bigint() - start.at) / 1e9,
      cpuS: end.self - start.cpu.self,
      childrenCpuS: end.children - start.cpu.children,
    };
    if (process.env.FILE_TIMES) fs.appendFileSync(process.env.FILE_TIMES, JSON.stringify(line) + "\n");
  },
};
