import * as fs from "node:fs";
import * as path from "node:path";

/* eslint-disable-next-line @typescript-eslint/no-require-imports -- the loader table is Node-internal, untyped */
const Module = require("node:module") as { _extensions: Record<string, Loader> };

interface LoadingModule {
  _compile(code: string, filename: string): unknown;
}
type Loader = ((mod: LoadingModule, filename: string) => unknown) & { keepsTranspiled?: true };

/** Per file: the TypeScript source last loaded and what the `.ts` loader made of it. */
const transpiled = new Map<string, { source: string; js: string }>();

/**
 * A program registers its resources when its module first runs; drop the program's own modules (not its
 * packages, not the plan's) from the require cache so each plan in one process runs it afresh, as the engine
 * would. Their transpiled text stays: reloaded, an unchanged file is compiled from it without transpiling
 * again, which was a third of an in-process plan (the test suite plans a few hundred times).
 */
export function forgetProgramModules(root: string): void {
  keepTranspiled();
  const nodeModules = path.join(root, "node_modules");
  for (const file of Object.keys(require.cache)) {
    if (
      file.startsWith(root) &&
      !file.startsWith(nodeModules) &&
      !file.includes(`${path.sep}tools${path.sep}plan${path.sep}`)
    ) {
      delete require.cache[file];
    }
  }
}

/**
 * Wraps whatever loads `.ts` files (run.js's hook, or `sucrase/register` under mocha) so that the text it
 * hands to the compiler is kept per file, and used again while the file's source is the same.
 */
function keepTranspiled(): void {
  const load = Module._extensions[".ts"];
  if (!load || load.keepsTranspiled) return;
  const wrapped: Loader = (mod, filename) => {
    const source = fs.readFileSync(filename, "utf8");
    const kept = transpiled.get(filename);
    if (kept?.source === source) return mod._compile(kept.js, filename);
    const compile = mod._compile;
    // The transpiling hook calls the module's _compile with its output: note it on the way through.
    mod._compile = function (js: string, file: string) {
      mod._compile = compile;
      transpiled.set(filename, { source, js });
      return compile.call(this, js, file);
    };
    return load(mod, filename);
  };
  wrapped.keepsTranspiled = true;
  Module._extensions[".ts"] = wrapped;
}
