// Preloaded (`node -r`) into every process the bench times: writes the process's peak resident memory,
// in KiB, to fd 3 as it exits, so the bench reads it without a platform-specific `time` binary.
const fs = require("node:fs");

process.on("exit", () => {
  try {
    fs.writeSync(3, String(process.resourceUsage().maxRSS));
  } catch {
    // Not started by the bench (no fd 3): nothing to report to.
  }
});
