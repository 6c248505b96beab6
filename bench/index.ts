/** `npm run bench`: every bench script in turn; exits 1 when any missed a target (each says which). */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const SCRIPTS = ["plan.ts", "all-stacks.ts", "suite.ts", "providers.ts"];

let failed = 0;
for (const script of SCRIPTS) {
  console.log(`--- bench/${script}`);
  const run = spawnSync(process.execPath, ["-r", "sucrase/register/ts", path.join(__dirname, script)], {
    stdio: "inherit",
  });
  if (run.status !== 0) failed += 1;
  console.log();
}
console.log(failed ? `${failed} of ${SCRIPTS.length} bench scripts missed a target` : "every target met");
process.exitCode = failed ? 1 : 0;
