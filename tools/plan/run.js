#!/usr/bin/env node
// Entry point of `npm run plan`. TypeScript is only transpiled here (sucrase strips the types in
// milliseconds); type-checking is `npm run typecheck`'s job, so a plan stays fast.
require("sucrase/register/ts");
require("./cli")
  .main(process.argv.slice(2))
  .then((code) => process.exit(code));
