/**
 * Structural checks for GitHub Actions workflows. Each check returns the list of problems it found (empty
 * when the workflow is fine), so the tests can assert exact messages for both real and deliberately bad input.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export type Scalar = string | number | boolean | null;

export interface Step {
  id?: string;
  "working-directory"?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, Scalar>;
  env?: Record<string, Scalar>;
  "continue-on-error"?: boolean;
}

/** `read-all` / `write-all`, or scope -> `read` | `write` | `none`. */
export type Permissions = string | Record<string, string>;

export type Concurrency = string | { group: string; "cancel-in-progress"?: boolean };

export interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  "runs-on"?: string;
  permissions?: Permissions;
  environment?: string | { name: string; url?: string };
  concurrency?: Concurrency;
  env?: Record<string, Scalar>;
  /** A reusable-workflow call instead of steps. */
  uses?: string;
  steps?: Step[];
}

export interface Workflow {
  name?: string;
  on: string | string[] | Record<string, unknown>;
  permissions?: Permissions;
  concurrency?: Concurrency;
  env?: Record<string, Scalar>;
  jobs: Record<string, Job>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses one workflow; throws on YAML errors (duplicate keys included) and on a file that is not a workflow. */
export function parseWorkflow(text: string, file = "<inline>"): Workflow {
  const doc: unknown = parse(text, { uniqueKeys: true, prettyErrors: true });
  if (!isRecord(doc) || !("on" in doc) || !isRecord(doc.jobs)) {
    throw new Error(`${file}: not a workflow (it needs an "on" trigger and a "jobs" map)`);
  }
  for (const [id, job] of Object.entries(doc.jobs)) {
    if (!isRecord(job) || (!Array.isArray(job.steps) && typeof job.uses !== "string")) {
      throw new Error(`${file}: job ${id} has neither steps nor a reusable workflow (uses)`);
    }
  }
  return doc as unknown as Workflow;
}

/** Every `*.yml` / `*.yaml` file in `dir`, parsed, keyed by file name. */
export function loadWorkflows(dir: string): Map<string, Workflow> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  return new Map(files.map((f) => [f, parseWorkflow(fs.readFileSync(path.join(dir, f), "utf8"), f)]));
}

/** The event names that trigger the workflow, in file order. */
export function triggers(wf: Workflow): string[] {
  if (typeof wf.on === "string") return [wf.on];
  if (Array.isArray(wf.on)) return [...wf.on];
  return Object.keys(wf.on);
}

export function steps(job: Job): Step[] {
  return job.steps ?? [];
}

/** Every non-empty, trimmed line of every `run:` script of the job, in order. */
export function runLines(job: Job): string[] {
  return steps(job)
    .flatMap((s) => (s.run ?? "").split("\n"))
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** The job's steps that use `action` (owner/name, any version). */
export function stepsUsing(job: Job, action: string): Step[] {
  return steps(job).filter((s) => s.uses?.split("@")[0] === action);
}

// A version tag (v7, v7.1, v7.1.2) or a full commit sha: never a branch such as main or master.
const PINNED_REF = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/;
// Docker actions must be pinned by digest: a tag can be moved.
const PINNED_DOCKER = /^docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}$/;

/** `uses:` references (steps and reusable-workflow jobs) that are not pinned to a version or a sha. */
export function unpinnedActions(wf: Workflow): string[] {
  const problems: string[] = [];
  const check = (where: string, uses: string): void => {
    // Local actions and workflows are versioned with this repository.
    if (uses.startsWith("./")) return;
    if (PINNED_REF.test(uses) || PINNED_DOCKER.test(uses)) return;
    problems.push(`${where}: ${uses} is not pinned to a version tag (@v<digits>) or a 40-hex commit sha`);
  };
  for (const [id, job] of Object.entries(wf.jobs)) {
    if (job.uses !== undefined) check(`job ${id}`, job.uses);
    steps(job).forEach((s, i) => {
      if (s.uses !== undefined) check(`job ${id} step ${i + 1}`, s.uses);
    });
  }
  return problems;
}

const READ_ONLY = new Set(["read", "none"]);

/**
 * Write scopes a job may hold, derived from what its steps do: comments need `pull-requests`, a `pulumi up`
 * pushes the backend image to GHCR and needs `packages`. Nothing here uses OIDC, so `id-token` is never allowed.
 */
function justifiedWrites(job: Job): Set<string> {
  const allowed = new Set<string>();
  for (const s of steps(job)) {
    const action = s.uses?.split("@")[0];
    if (
      action === "actions/github-script" ||
      (action === "pulumi/actions" && s.with?.["comment-on-pr"] === true)
    ) {
      allowed.add("pull-requests");
    }
    if (action === "pulumi/actions" && s.with?.command === "up") allowed.add("packages");
  }
  return allowed;
}

/** Workflow-level permissions must exist and be read-only; jobs elevate single scopes, only where needed. */
export function permissionProblems(wf: Workflow): string[] {
  const problems: string[] = [];
  if (wf.permissions === undefined) {
    problems.push(
      "workflow: permissions are not set, so the token gets the repository default (maybe read-write)",
    );
  } else if (typeof wf.permissions === "string") {
    problems.push(`workflow: permissions: ${wf.permissions}; list read-only scopes instead (contents: read)`);
  } else {
    for (const [scope, level] of Object.entries(wf.permissions)) {
      if (!READ_ONLY.has(level)) problems.push(`workflow: ${scope}: ${level} is not read-only`);
    }
  }
  for (const [id, job] of Object.entries(wf.jobs)) {
    if (job.permissions === undefined) continue;
    if (typeof job.permissions === "string") {
      problems.push(`job ${id}: permissions: ${job.permissions}; list the scopes the job needs instead`);
      continue;
    }
    const allowed = justifiedWrites(job);
    for (const [scope, level] of Object.entries(job.permissions)) {
      if (!READ_ONLY.has(level) && !allowed.has(scope)) {
        problems.push(`job ${id}: ${scope}: ${level} is not needed by any of its steps`);
      }
    }
  }
  return problems;
}

// GitHub contexts are case-insensitive: `${{ SECRETS.X }}` works too.
const SECRET_REF = /\bsecrets\./i;
// Whole, or whole with the job's own token as the fallback for an optional secret.
const WHOLE_SECRET = /^\$\{\{\s*secrets\.[A-Za-z_][A-Za-z0-9_]*(\s*\|\|\s*github\.token)?\s*\}\}$/i;

interface SecretHit {
  at: string[];
  text: string;
}

function secretHits(value: unknown, at: string[]): SecretHit[] {
  if (typeof value === "string") return SECRET_REF.test(value) ? [{ at, text: value }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => secretHits(v, [...at, String(i)]));
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => secretHits(v, [...at, k]));
  return [];
}

/** Dotted paths of every string under `value` (a workflow, a job, a step) that references a secret. */
export function secretReferences(value: unknown): string[] {
  return secretHits(value, []).map((h) => h.at.join("."));
}

/**
 * Secrets may only be handed whole to one step through its `env:` or `with:`. Anywhere else they leak further
 * than needed (job/workflow env reaches every step) or into logs and shell history (`run: echo ${{ secrets.X }}`
 * is expanded into the script before the shell runs it).
 */
export function secretProblems(wf: Workflow): string[] {
  return secretHits(wf, []).flatMap(({ at, text }) => {
    const where = at.join(".");
    const inStepInput =
      at.length === 6 && at[0] === "jobs" && at[2] === "steps" && (at[4] === "env" || at[4] === "with");
    if (!inStepInput) return [`${where}: secrets may only be passed to a step through its env: or with:`];
    if (!WHOLE_SECRET.test(text.trim())) {
      return [`${where}: pass the secret whole (\${{ secrets.NAME }}), not inside a larger string`];
    }
    return [];
  });
}

/** `a/./b/../c` -> `a/c`; a path climbing above its start keeps its leading `..`. */
function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(part);
  }
  return out.join("/") || ".";
}

/**
 * Where a build context of the program lands, relative to $GITHUB_WORKSPACE, for the job's pulumi/actions
 * step (`work-dir`), and whether a checkout of the job puts files there: the program's own checkout, or
 * another repository checked out at that path. Empty when it does.
 */
export function buildContextProblems(job: Job, context: string): string[] {
  const pulumi = stepsUsing(job, "pulumi/actions").find((s) => s.with?.command !== undefined);
  if (!pulumi) return ["the job runs no pulumi command"];
  const workDir = normalize(String(pulumi.with?.["work-dir"] ?? "."));
  const resolved = normalize(`${workDir}/${context}`);
  if (resolved === ".." || resolved.startsWith("../")) {
    return [
      `build context ${context} from work-dir ${workDir} is ${resolved}, outside $GITHUB_WORKSPACE: check the program out into a subdirectory and the API next to it`,
    ];
  }
  const inside = (dir: string, p: string) => dir === "." || p === dir || p.startsWith(`${dir}/`);
  const checkouts = stepsUsing(job, "actions/checkout").map((s) => normalize(String(s.with?.path ?? ".")));
  if (!checkouts.some((dir) => inside(dir, resolved))) {
    return [`build context ${context} is ${resolved}, which no checkout of the job provides`];
  }
  return [];
}

/**
 * Render keeps pulling the image long after the job: its registry credential (webapp:ghcrToken) must come from
 * a stored secret, set before the pulumi command, never from GITHUB_TOKEN, which expires with the job.
 */
export function pullCredentialProblems(job: Job): string[] {
  const all = steps(job);
  const command = all.findIndex((s) => s.uses?.split("@")[0] === "pulumi/actions" && s.with?.command);
  const setters = all.filter((s) => (s.run ?? "").includes("webapp:ghcrToken"));
  if (setters.length === 0)
    return ["no step sets webapp:ghcrToken, so Render has no credential to pull with"];
  const problems: string[] = [];
  for (const s of setters) {
    const secrets = Object.values(s.env ?? {})
      .map(String)
      .filter((v) => SECRET_REF.test(v));
    if (all.indexOf(s) > command) problems.push(`"${s.name}" sets webapp:ghcrToken after the pulumi command`);
    if (secrets.some((v) => /GITHUB_TOKEN/i.test(v)) || /github\.token/.test(s.run ?? "")) {
      problems.push(`"${s.name}" hands Render GITHUB_TOKEN, which expires with the job`);
    }
    if (secrets.length === 0) problems.push(`"${s.name}" sets webapp:ghcrToken from no stored secret`);
  }
  return problems;
}

/**
 * What an organization account needs in every job that runs the program against the services: Neon's
 * organization from the `NEON_ORG_ID` variable in the Pulumi step's environment (providers/neon/project.ts
 * reads it), and the Vercel team as the stack's `vercel:team`, set from the `VERCEL_TEAM` variable before the
 * Pulumi step. The Vercel provider reads the team from provider config only (@pulumiverse/vercel
 * config/vars.js: `__config.get("team")`, no environment fallback).
 */
export function organizationProblems(job: Job, stack: string): string[] {
  const all = steps(job);
  const pulumi = all.findIndex((s) => (s.uses ?? "").startsWith("pulumi/actions") && s.with?.command);
  if (pulumi === -1) return ["no pulumi/actions step runs a command"];
  const problems: string[] = [];
  if (all[pulumi].env?.NEON_ORG_ID !== "${{ vars.NEON_ORG_ID }}") {
    problems.push("the Pulumi step does not pass NEON_ORG_ID from vars.NEON_ORG_ID");
  }
  const setTeam = `pulumi config set vercel:team "$VERCEL_TEAM" --stack ${stack}`;
  const team = all.findIndex((s) => (s.run ?? "").split("\n").some((line) => line.trim() === setTeam));
  if (team === -1) {
    problems.push(`no step runs ${setTeam}`);
  } else {
    const s = all[team];
    if (team > pulumi) problems.push("vercel:team is set after the Pulumi step");
    if (s.env?.VERCEL_TEAM !== "${{ vars.VERCEL_TEAM }}")
      problems.push("VERCEL_TEAM is not vars.VERCEL_TEAM");
    if (s.if !== "vars.VERCEL_TEAM != ''")
      problems.push("the vercel:team step does not run only when VERCEL_TEAM is set");
    const cli = all.findIndex((c) => (c.uses ?? "").startsWith("pulumi/actions") && !c.with?.command);
    if (cli === -1 || cli > team) problems.push("the Pulumi CLI is not installed before vercel:team is set");
  }
  return problems;
}
