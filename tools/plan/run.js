#!/usr/bin/env node
// Entry point of `npm run plan`. TypeScript is only transpiled here (sucrase strips the types);
// type-checking is `npm run typecheck`'s job. Both the transpiled text and V8's compiled code are
// cached on disk, so a repeated plan spends its time running the program, not compiling it.
require("v8-compile-cache");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { addHook } = require("pirates");
const { transform } = require("sucrase");
const { version: sucraseVersion } = require("sucrase/package.json");

const cacheDir = path.join(__dirname, "..", "..", "node_modules", ".cache", "webapp-plan");
fs.mkdirSync(cacheDir, { recursive: true });
addHook(
  (code, filename) => {
    const key = crypto
      .createHash("sha1")
      .update(`${sucraseVersion}\0${filename}\0`)
      .update(code)
      .digest("hex");
    const cached = path.join(cacheDir, `${key}.js`);
    try {
      return fs.readFileSync(cached, "utf8");
    } catch {
      const { code: js } = transform(code, { transforms: ["typescript", "imports"], filePath: filename });
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
