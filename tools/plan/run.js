#!/usr/bin/env node
// Entry point of `npm run plan`. TypeScript is only transpiled here (sucrase strips the types);
// type-checking is `npm run typecheck`'s job. The transpiled text is cached on disk, so a repeated plan
// spends its time running the program; sucrase itself loads only on a cache miss. There is no V8 code
// cache: it saved a repeated plan less than it cost the first one (`npm run bench` measures both).
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { addHook } = require("pirates");
const { version: sucraseVersion } = require("sucrase/package.json");

// Node 20 runs ES2022 natively, as tsconfig's target says: only types and imports need rewriting.
const OPTIONS = { transforms: ["typescript", "imports"], disableESTransforms: true };
const cacheDir = path.join(__dirname, "..", "..", "node_modules", ".cache", "webapp-plan");
fs.mkdirSync(cacheDir, { recursive: true });
addHook(
  (code, filename) => {
    const key = crypto
      .createHash("sha1")
      .update(`${sucraseVersion}\0${JSON.stringify(OPTIONS)}\0${filename}\0`)
      .update(code)
      .digest("hex");
    const cached = path.join(cacheDir, `${key}.js`);
    try {
      return fs.readFileSync(cached, "utf8");
    } catch {
      const { code: js } = require("sucrase").transform(code, { ...OPTIONS, filePath: filename });
      fs.writeFileSync(cached, js);
      return js;
    }
  },
  { exts: [".ts"], ignoreNodeModules: true },
);

// process.exit drops whatever a pipe has not taken yet (a slow reader gets a cut-off plan), so exit only
// once both streams have handed their last write to the OS.
const drained = (stream) => new Promise((resolve) => stream.write("", resolve));
require("./cli")
  .main(process.argv.slice(2))
  .then((code) =>
    Promise.all([drained(process.stdout), drained(process.stderr)]).then(() => process.exit(code)),
  );
