#!/usr/bin/env node
// Entry point of `npm run plan`: compile TypeScript on the fly without type-checking (that is
// `npm run typecheck`'s job), then run the CLI.
require("ts-node").register({ transpileOnly: true, project: require("node:path").join(__dirname, "..", "..", "tsconfig.json") });
require("./cli")
  .main(process.argv.slice(2))
  .then((code) => process.exit(code));
