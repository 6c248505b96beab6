/**
 * `npm run plan -- --all`: every stack of the repository in one run, so the program's modules load once. The
 * stacks are the root folder's (`dev`, `prod`) and each `examples/<system>/` folder's, every folder planned
 * as `--system` plans it (layers in deploy order, each fed the plans of the layers below). This module names
 * the folders and the stacks, and writes the per-stack files the pull-request workflow reads.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlanReport } from "./report";
import { listStacks } from "./stack-file";

/** One folder of stacks: the root (`system` undefined) or `examples/<system>`. */
export interface StackFolder {
  dir: string;
  system?: string;
}

/** One stack of an `--all` run: its report, or the one-line errors that stopped its plan (exit 2). */
export interface AllResult {
  /** `dev` for a root stack, `<system>.<stack>` for an example's (stack names repeat across systems). */
  key: string;
  stack: string;
  system?: string;
  layer?: string;
  exitCode: number;
  report?: PlanReport;
  errors: string[];
}

/** The root folder, then every `examples/<system>/` that holds a stack file, by name. */
export function stackFolders(root: string): StackFolder[] {
  const examples = path.join(root, "examples");
  const systems = fs.existsSync(examples)
    ? fs
        .readdirSync(examples, { withFileTypes: true })
        .filter((d) => d.isDirectory() && listStacks(path.join(examples, d.name)).length > 0)
        .map((d) => d.name)
        .sort()
    : [];
  return [{ dir: root }, ...systems.map((system) => ({ dir: path.join(examples, system), system }))];
}

export const stackKey = (stack: string, system?: string): string => (system ? `${system}.${stack}` : stack);

/**
 * `--out-dir <dir>`: per stack `plan-<key>.json` (when it planned), `plan-<key>.txt` (its report as printed)
 * and `plan-<key>.err` (its errors; empty when none), and `plan-exit-codes.txt` with one `<key>=<exit code>`
 * line per stack, in the order planned: the names and shapes `tools/plan/pr-comment.ts` reads.
 */
export function writeAllResults(
  dir: string,
  results: AllResult[],
  rendered: (report: PlanReport) => string,
): void {
  for (const r of results) {
    const file = (ext: string) => path.join(dir, `plan-${r.key}.${ext}`);
    if (r.report) {
      fs.writeFileSync(file("json"), JSON.stringify(r.report, null, 2) + "\n");
      fs.writeFileSync(file("txt"), rendered(r.report));
    }
    fs.writeFileSync(file("err"), r.errors.map((line) => `error: ${line}\n`).join(""));
  }
  fs.writeFileSync(
    path.join(dir, "plan-exit-codes.txt"),
    results.map((r) => `${r.key}=${r.exitCode}\n`).join(""),
  );
}

const MEANING: Record<number, string> = {
  0: "passes",
  1: "mandatory policy violations",
  2: "did not plan (config or program error)",
};

/** The closing table: one line per stack with its layer and exit code, then the count that failed. */
export function allSummary(results: AllResult[]): string {
  const width = Math.max(...results.map((r) => r.key.length));
  const lines = results.map(
    (r) =>
      `  ${r.key.padEnd(width)}  ${(r.layer ?? "all").padEnd(6)}  exit ${r.exitCode}  ${MEANING[r.exitCode]}`,
  );
  const failed = results.filter((r) => r.exitCode !== 0).length;
  return [
    `Planned ${results.length} stacks (stack, layer, exit code):`,
    ...lines,
    failed ? `${failed} of ${results.length} stacks failed` : "every stack passes",
    "",
  ].join("\n");
}
