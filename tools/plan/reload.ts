import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";

/* eslint-disable-next-line @typescript-eslint/no-require-imports -- the loader table is Node-internal, untyped */
const Module = require("node:module") as {
  _extensions: Record<string, Loader>;
  _cache: Record<string, unknown>;
  _resolveFilename(request: string, parent: LoadingModule, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: LoadingModule): string[] | null;
};

interface LoadingModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(code: string, filename: string): unknown;
}
type Loader = ((mod: LoadingModule, filename: string) => unknown) & { keepsTranspiled?: true };
/** A CommonJS module body as Node wraps it: called once per load, it runs the module afresh. */
type ModuleBody = (
  exports: unknown,
  require: NodeJS.Require,
  module: LoadingModule,
  filename: string,
  dirname: string,
) => unknown;

/**
 * Per file: the TypeScript source last loaded, what the `.ts` loader made of it, and (once reloaded) that text
 * compiled into a function.
 */
const transpiled = new Map<string, { source: string; js: string; body?: ModuleBody }>();

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
 * hands to the compiler is kept per file, and used again while the file's source is the same: compiled once
 * into the module's body function, which each reload calls anew (V8 compiling the program's modules again on
 * every plan was a fifth of an in-process plan's time).
 */
function keepTranspiled(): void {
  const load = Module._extensions[".ts"];
  if (!load || load.keepsTranspiled) return;
  const wrapped: Loader = (mod, filename) => {
    const source = fs.readFileSync(filename, "utf8");
    const kept = transpiled.get(filename);
    if (kept?.source === source) return runBody(mod, filename, kept);
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

/** What `Module.prototype._compile` does with the text, but with the body compiled only once per text. */
function runBody(mod: LoadingModule, filename: string, kept: { js: string; body?: ModuleBody }): unknown {
  kept.body ??= vm.compileFunction(kept.js, ["exports", "require", "module", "__filename", "__dirname"], {
    filename,
  }) as ModuleBody;
  return kept.body.call(mod.exports, mod.exports, requireFor(mod), mod, filename, path.dirname(filename));
}

/** The `require` Node hands a module body (its internal makeRequireFunction, lib/internal/modules/helpers.js). */
function requireFor(mod: LoadingModule): NodeJS.Require {
  const require = ((id: string) => mod.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: { paths?: string[] }) =>
    Module._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => Module._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = Module._extensions as unknown as NodeJS.RequireExtensions;
  require.cache = Module._cache as NodeJS.Dict<NodeModule>;
  return require;
}
