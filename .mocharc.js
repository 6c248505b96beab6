// Mocha's configuration for `npm test` (and `npm run bench`, .ci/run). The suite runs in one worker process per
// core (at least 2): each worker takes the next test file when it finishes one, and keeps its module cache
// (the SDK and the program load once per worker, not once per file). Files that take long start first, so
// none of them starts last and leaves the other core idle at the end; every other file follows in path order.
// Tests must not share state across files: temporary directories come from mkdtemp, servers listen on port 0.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

// The longest files, longest first (per-file wall time of a full run: docs/test-speed.md tells how to measure).
// A file missing here only runs later; a name that no longer exists is skipped.
const SLOW_FIRST = [
  // The two reference-app proofs share the local servers and take them one at a time (holdServers in
  // test/app/proof-helpers.ts): the first starts at once, the second after the slow files below, by when the
  // first has given the servers back, so no worker waits. Without the servers both skip at once.
  "test/app/proof.test.ts",
  "test/policies/pack.test.ts", // starts a ts-node type check in a child process when it loads
  "test/stacks/bad-config.test.ts",
  "test/plan/stack-file-safety.test.ts",
  "test/providers/serialized-providers.test.ts",
  "test/providers/render/datastores-spec.test.ts",
  "test/cloudflare/pages.test.ts",
  "test/hostile/neon.test.ts",
  "test/hostile/cloudinary.test.ts",
  "test/hostile/render-data.test.ts",
  "test/providers/neon/credentials.test.ts",
  "test/hostile/render.test.ts",
  "test/providers/cloudinary/serialize.test.ts",
  "test/app/proof-systems.test.ts",
];

// Every temporary file of a run (the tests' mkdtemp directories, their child processes' files) goes into one
// directory, removed when the run ends: os.tmpdir() reads TMPDIR, and the workers inherit it. Before, each run
// left a few hundred directories in /tmp.
if (!process.env.WEBAPP_TEST_TMPDIR) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-test-"));
  process.env.WEBAPP_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
}

const all = fs
  .readdirSync(path.join(__dirname, "test"), { recursive: true })
  .map((file) => path.join("test", file))
  .filter((file) => file.endsWith(".test.ts"))
  .sort();
const first = SLOW_FIRST.filter((file) => all.includes(file));

module.exports = {
  require: ["sucrase/register/ts"],
  extension: ["ts"],
  spec: [...first, ...all.filter((file) => !first.includes(file))],
  parallel: true,
  jobs: Math.max(2, os.availableParallelism()),
  timeout: 20000,
  reporter: "spec",
};
