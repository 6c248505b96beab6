import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import {
  buildContextProblems,
  organizationProblems,
  pullCredentialProblems,
  Job,
  Step,
  Workflow,
  loadWorkflows,
  parseWorkflow,
  permissionProblems,
  runLines,
  secretProblems,
  secretReferences,
  steps,
  stepsUsing,
  triggers,
  unpinnedActions,
} from "./workflow-checks";

const WORKFLOW_DIR = path.resolve(__dirname, "../../.github/workflows");

// Every cloud credential the program reads from the environment (CONTRACT.md). GHCR is logged in to by
// docker/login-action; Render's pull credential is a stack secret set from GHCR_TOKEN.
const CLOUD_SECRETS = [
  "PULUMI_ACCESS_TOKEN",
  "RENDER_API_KEY",
  "RENDER_OWNER_ID",
  "NEON_API_KEY",
  "CLOUDINARY_URL",
  "VERCEL_API_TOKEN",
  "UPSTASH_EMAIL",
  "UPSTASH_API_KEY",
];
const SECRET_ENV = Object.fromEntries(CLOUD_SECRETS.map((name) => [name, `\${{ secrets.${name} }}`]));
// Neon's organization is no secret: a repository (or environment) variable, read by providers/neon/project.ts.
const PULUMI_ENV = { ...SECRET_ENV, NEON_ORG_ID: "${{ vars.NEON_ORG_ID }}" };
/*
 * Operations (issue 19): the UptimeRobot provider reads UPTIMEROBOT_API_KEY (providers/uptimerobot/client.ts);
 * @pulumiverse/sentry 0.0.9 reads SENTRY_TOKEN in its SDK (provider.js) and documents SENTRY_AUTH_TOKEN (the
 * Terraform provider's name, provider.d.ts): one secret, both names.
 */
const OPS_ENV = {
  UPTIMEROBOT_API_KEY: "${{ secrets.UPTIMEROBOT_API_KEY }}",
  SENTRY_AUTH_TOKEN: "${{ secrets.SENTRY_AUTH_TOKEN }}",
  SENTRY_TOKEN: "${{ secrets.SENTRY_AUTH_TOKEN }}",
};
const SAME_REPO_ONLY = "github.event.pull_request.head.repo.full_name == github.repository";
// Later checks still run after a failed one, so one push shows every problem and the plan is always published.
const AFTER_INSTALL = "${{ !cancelled() && steps.install.outcome == 'success' }}";

const workflows = loadWorkflows(WORKFLOW_DIR);

/**
 * Replaces `npm` with a stub that logs its arguments to npm.log, writes `files` (paths relative to the step's
 * directory) and exits `status`: what the plan tool does, without planning.
 */
function stubNpm(workspace: string, status: number, files: Record<string, string>): void {
  const bin = path.join(workspace, "bin");
  fs.mkdirSync(bin, { recursive: true });
  const writes = Object.entries(files)
    .map(
      ([file, text]) =>
        `mkdir -p "$(dirname '${file}')"; printf '%s' '${text.replace(/\n/g, "\\n")}' | sed 's/\\\\n/\\n/g' > '${file}'`,
    )
    .join("\n");
  fs.writeFileSync(
    path.join(bin, "npm"),
    `#!/bin/bash\necho "$*" >> "${workspace}/npm.log"\n[ "$1" = ci ] && exit 0\n${writes}\nexit ${status}\n`,
    { mode: 0o755 },
  );
}

/**
 * Runs a step's `run:` script as GitHub's `shell: bash` does (`bash --noprofile --norc -eo pipefail`) in a fresh workspace (its `working-directory`
 * inside it), npm stubbed by `setup`: what it set in GITHUB_OUTPUT, called npm with, printed, and the
 * workspace's files.
 */
function runStep(
  s: Step,
  setup: (workspace: string) => void,
  workingDirectory = ".",
  env: Record<string, string> = {},
) {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "step-"));
  const cwd = path.join(workspace, workingDirectory);
  fs.mkdirSync(cwd, { recursive: true });
  setup(workspace);
  const output = path.join(workspace, "github-output");
  fs.writeFileSync(output, "");
  const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", String(s.run)], {
    cwd,
    env: { PATH: `${path.join(workspace, "bin")}:${process.env.PATH}`, GITHUB_OUTPUT: output, ...env },
    encoding: "utf8",
  });
  const npmLog = path.join(workspace, "npm.log");
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    outputs: fs.readFileSync(output, "utf8").split("\n").filter(Boolean),
    npm: fs.existsSync(npmLog) ? fs.readFileSync(npmLog, "utf8").split("\n").filter(Boolean) : [],
    files: fs
      .readdirSync(workspace)
      .filter((f) => f.startsWith("base-"))
      .sort(),
  };
}

/** `webapp:backend.build.context` of the repository's stack file, or `.` (nothing to build). */
function buildContext(stack: string): string {
  const file = path.resolve(__dirname, "../..", `Pulumi.${stack}.yaml`);
  const config = (parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> }).config;
  const backend = config["webapp:backend"] as { build?: { context?: string } } | undefined;
  return backend?.build?.context ?? ".";
}

function workflow(file: string): Workflow {
  const wf = workflows.get(file);
  assert.ok(wf, `${file} is missing from .github/workflows`);
  return wf;
}

function job(wf: Workflow, id: string): Job {
  const j = wf.jobs[id];
  assert.ok(j, `job ${id} is missing`);
  return j;
}

function step(j: Job, id: string): Step {
  const s = steps(j).find((candidate) => candidate.id === id);
  assert.ok(s, `step ${id} is missing`);
  return s;
}

/** The only pulumi/actions step of a job that runs a command (the others only install the CLI). */
function pulumiStep(j: Job): Step {
  const found = stepsUsing(j, "pulumi/actions").filter((s) => s.with?.command);
  assert.strictEqual(found.length, 1);
  return found[0];
}

describe("GitHub Actions workflows", () => {
  it("has the pull-request and deploy workflows", () => {
    assert.ok(workflows.has("pull-request.yml"));
    assert.ok(workflows.has("deploy.yml"));
  });

  for (const [file, wf] of workflows) {
    describe(file, () => {
      it("pins every action to a version tag or a commit sha", () => {
        assert.deepStrictEqual(unpinnedActions(wf), []);
      });

      it("is read-only at workflow level and elevates single scopes only where a step needs them", () => {
        assert.deepStrictEqual(wf.permissions, { contents: "read" });
        assert.deepStrictEqual(permissionProblems(wf), []);
      });

      it("hands secrets whole to single steps through env:/with:, never to a run: script", () => {
        assert.deepStrictEqual(secretProblems(wf), []);
        for (const [id, j] of Object.entries(wf.jobs)) {
          for (const s of steps(j)) {
            assert.deepStrictEqual(secretReferences(s.run ?? ""), [], `job ${id} step ${s.name ?? s.uses}`);
          }
        }
      });

      it("sets up Node 20 with the npm cache of its checkout and installs with npm ci in every job", () => {
        for (const j of Object.values(wf.jobs)) {
          const own = stepsUsing(j, "actions/checkout").find((s) => s.with?.repository === undefined)!;
          const dir = own.with?.path;
          const setup = stepsUsing(j, "actions/setup-node");
          assert.deepStrictEqual(
            setup.map((s) => s.with),
            [
              {
                "node-version": 20,
                cache: "npm",
                ...(dir ? { "cache-dependency-path": `${dir}/package-lock.json` } : {}),
              },
            ],
          );
          const install = steps(j).find((s) => s.run === "npm ci")!;
          assert.strictEqual(install["working-directory"], dir);
        }
      });
    });
  }

  describe("pull-request.yml", () => {
    const wf = workflow("pull-request.yml");
    const checks = job(wf, "checks");

    it("runs on pull_request only (never pull_request_target, which would hand fork code our secrets)", () => {
      assert.deepStrictEqual(triggers(wf), ["pull_request"]);
    });

    it("runs the checks job for every PR, forks included, without any secret", () => {
      assert.strictEqual(checks.if, undefined);
      assert.deepStrictEqual(secretReferences(checks), []);
      assert.deepStrictEqual(checks.permissions, { contents: "read", "pull-requests": "write" });
      assert.deepStrictEqual(checks.concurrency, {
        group: "pr-checks-${{ github.event.pull_request.number }}",
        "cancel-in-progress": true,
      });
    });

    it("installs, lints, typechecks, tests, plans the base branch, then plans this branch, in that order", () => {
      const lines = runLines(checks);
      const expected = [
        "npm ci",
        "npm run lint",
        "npm run typecheck",
        "npm test",
        "npm run --silent plan -- --all --out-dir ../base-plans > /dev/null 2>&1",
        "npm run --silent plan -- --all --out-dir . > plan-all.txt 2> plan-all.err",
      ];
      const positions = expected.map((command) => lines.indexOf(command));
      assert.deepStrictEqual(
        positions.map((p, i) => [expected[i], p >= 0 && (i === 0 || p > positions[i - 1])]),
        expected.map((command) => [command, true]),
      );
      assert.deepStrictEqual(
        steps(checks)
          .filter(
            (s) =>
              s.run === "npm run typecheck" || s.run === "npm test" || s.id === "plan" || s.id === "base",
          )
          .map((s) => s.if),
        [AFTER_INSTALL, AFTER_INSTALL, AFTER_INSTALL, AFTER_INSTALL],
      );
    });

    it("plans the base branch's own program from its commit, and never fails the job for it", () => {
      const base = step(checks, "base");
      assert.strictEqual(base.uses, "actions/checkout@v6");
      assert.deepStrictEqual(base.with, {
        ref: "${{ github.event.pull_request.base.sha }}",
        path: ".base",
        "persist-credentials": false,
      });
      const all = steps(checks);
      const plan = all[all.indexOf(base) + 1];
      assert.strictEqual(plan["working-directory"], ".base");
      assert.strictEqual(plan["continue-on-error"], true);
      assert.strictEqual(plan.if, "${{ !cancelled() && steps.base.outcome == 'success' }}");
      assert.deepStrictEqual(runLines({ steps: [plan] }).slice(0, 2), ["npm ci", "set +e"]);
      // Lint and tests ran before the base appeared, so they never see its files.
      assert.ok(all.indexOf(base) > all.findIndex((s) => s.run === "npm test"));
    });

    it("plans every stack and layer in one run, recording every exit code instead of stopping", () => {
      const plan = step(checks, "plan");
      assert.deepStrictEqual(runLines({ steps: [plan] }), [
        "set +e",
        "npm run --silent plan -- --all --out-dir . > plan-all.txt 2> plan-all.err",
        'echo "all=$?" >> "$GITHUB_OUTPUT"',
        "grep -E '^(dev|prod)=' plan-exit-codes.txt >> \"$GITHUB_OUTPUT\"",
        "echo \"stacks=$(tr '\\n' ' ' < plan-exit-codes.txt)\" >> \"$GITHUB_OUTPUT\"",
        "cat plan-all.err >&2",
      ]);
    });

    it("the plan step, run by bash with the plan tool's files, sets all, dev, prod and stacks", () => {
      const out = runStep(step(checks, "plan"), (dir) =>
        stubNpm(dir, 1, {
          "plan-exit-codes.txt": "dev=0\nprod=0\nrender.render-data=1\nrender.render-server=2\n",
          "plan-all.err": "error: render.render-server: a one-line error\n",
        }),
      );
      assert.deepStrictEqual(out.outputs, [
        "all=1",
        "dev=0",
        "prod=0",
        "stacks=dev=0 prod=0 render.render-data=1 render.render-server=2 ",
      ]);
      assert.deepStrictEqual(out.npm, ["run --silent plan -- --all --out-dir ."]);
      assert.strictEqual(out.stderr, "error: render.render-server: a one-line error\n");
      assert.strictEqual(out.status, 0);
    });

    it("the base plan takes every stack's plan as base-<stack>.json, or plans dev and prod on an older base", () => {
      const base = steps(checks)[steps(checks).indexOf(step(checks, "base")) + 1];
      const withAll = runStep(
        base,
        (dir) =>
          stubNpm(dir, 0, {
            "../base-plans/plan-exit-codes.txt": "dev=0\nprod=0\nlayers.layers-data=0\n",
            "../base-plans/plan-dev.json": "{}",
            "../base-plans/plan-prod.json": "{}",
            "../base-plans/plan-layers.layers-data.json": "{}",
          }),
        ".base",
      );
      assert.deepStrictEqual(withAll.files, [
        "base-dev.json",
        "base-layers.layers-data.json",
        "base-plans",
        "base-prod.json",
      ]);
      assert.deepStrictEqual(withAll.npm, ["ci", "run --silent plan -- --all --out-dir ../base-plans"]);
      // A base branch whose plan tool has no --all: a usage error and no files.
      const older = runStep(base, (dir) => stubNpm(dir, 2, {}), ".base");
      assert.deepStrictEqual(older.npm, [
        "ci",
        "run --silent plan -- --all --out-dir ../base-plans",
        "run --silent plan -- --stack dev --json ../base-dev.json",
        "run --silent plan -- --stack prod --json ../base-prod.json",
      ]);
      assert.strictEqual(older.status, 0);
    });

    it("has the plan tool write the comment against the base, publishes it, then fails on a failed plan", () => {
      const ids = steps(checks).flatMap((s) => (s.id === undefined ? [] : [s.id]));
      assert.deepStrictEqual(ids, ["install", "base", "plan", "report"]);

      const report = step(checks, "report");
      assert.strictEqual(report.if, "${{ !cancelled() && steps.plan.outcome == 'success' }}");
      assert.deepStrictEqual(runLines({ steps: [report] }), [
        'node -r sucrase/register/ts tools/plan/pr-comment.ts --head "$HEAD_SHA" --base "$BASE_SHA" dev="$DEV_EXIT" prod="$PROD_EXIT" > plan-report.md',
        'cat plan-report.md >> "$GITHUB_STEP_SUMMARY"',
      ]);
      assert.deepStrictEqual(report.env, {
        HEAD_SHA: "${{ github.event.pull_request.head.sha }}",
        BASE_SHA: "${{ github.event.pull_request.base.sha }}",
        DEV_EXIT: "${{ steps.plan.outputs.dev }}",
        PROD_EXIT: "${{ steps.plan.outputs.prod }}",
      });

      const all = steps(checks);
      const comment = all[all.indexOf(report) + 1];
      assert.strictEqual(comment.uses, "actions/github-script@v8");
      assert.strictEqual(comment["continue-on-error"], true);
      assert.strictEqual(
        comment.if,
        `\${{ !cancelled() && steps.report.outcome == 'success' && ${SAME_REPO_ONLY} }}`,
      );
      // The offline plan is the `offline` section of the one sticky comment (test/workflows/sticky-comment.test.ts).
      assert.deepStrictEqual(String(comment.with?.script).trim().split("\n"), [
        'const fs = require("fs");',
        "require(`${process.env.GITHUB_WORKSPACE}/node_modules/sucrase/register/ts`);",
        "const sticky = require(`${process.env.GITHUB_WORKSPACE}/tools/plan/sticky-comment.ts`);",
        'await sticky.postSections({ github, context }, { offline: fs.readFileSync("plan-report.md", "utf8") });',
      ]);

      const fail = all[all.length - 1];
      assert.strictEqual(all.indexOf(comment), all.length - 2);
      assert.strictEqual(fail.if, "${{ !cancelled() && steps.plan.outcome == 'success' }}");
      assert.deepStrictEqual(fail.env, {
        ALL_EXIT: "${{ steps.plan.outputs.all }}",
        STACKS: "${{ steps.plan.outputs.stacks }}",
      });
      assert.deepStrictEqual(runLines({ steps: [fail] })[0], 'if [ "$ALL_EXIT" != 0 ]; then');
      assert.ok(runLines({ steps: [fail] }).includes("exit 1"));
      for (const [all, status] of [
        ["0", 0],
        ["1", 1],
        ["2", 1],
      ] as const) {
        const run = runStep(fail, () => undefined, ".", { ALL_EXIT: all, STACKS: `dev=0 prod=${all} ` });
        assert.strictEqual(run.status, status, `ALL_EXIT=${all}`);
        if (status)
          assert.match(
            run.stdout,
            new RegExp(`^::error::Offline plan failed \\(stack=exit code: dev=0 prod=${all} ;`),
          );
      }
    });

    for (const stack of ["dev", "prod"] as const) {
      it(`previews ${stack} with the policy pack through pulumi/actions, for same-repository PRs only`, () => {
        const preview = job(wf, `preview-${stack}`);
        assert.strictEqual(preview.if, SAME_REPO_ONLY);
        assert.strictEqual(preview.needs, "checks");
        assert.deepStrictEqual(preview.concurrency, {
          group: `pr-preview-${stack}-\${{ github.event.pull_request.number }}`,
          "cancel-in-progress": false,
        });
        assert.deepStrictEqual(preview.permissions, {
          contents: "read",
          "pull-requests": "write",
          ...(stack === "prod" ? { packages: "read" } : {}),
        });
        assert.deepStrictEqual(
          preview.environment,
          stack === "prod" ? { name: "production-preview" } : undefined,
        );
        const pulumi = pulumiStep(preview);
        assert.strictEqual(pulumi.uses, "pulumi/actions@v7");
        assert.deepStrictEqual(pulumi.with, {
          command: "preview",
          "stack-name": stack,
          "work-dir": "infra",
          policyPacks: "policies",
          "comment-on-pr": false,
          "pulumi-version": "3.248.0",
        });
        // dev and prod carry operations (webapp:ops): their preview reads the same credentials as their deploy.
        assert.deepStrictEqual(pulumi.env, { ...PULUMI_ENV, ...OPS_ENV });
        assert.deepStrictEqual(buildContextProblems(preview, buildContext(stack)), []);
      });
    }
  });

  describe("deploy.yml", () => {
    const wf = workflow("deploy.yml");
    const dev = job(wf, "dev");
    const prod = job(wf, "prod");

    it("runs on push to main and on manual dispatch", () => {
      assert.deepStrictEqual(wf.on, { push: { branches: ["main"] }, workflow_dispatch: null });
    });

    it("deploys only main, whatever branch a dispatch names", () => {
      assert.strictEqual(dev.if, "github.ref == 'refs/heads/main'");
      assert.strictEqual(prod.if, "github.ref == 'refs/heads/main'");
    });

    for (const [stack, j] of [
      ["dev", dev],
      ["prod", prod],
    ] as const) {
      it(`runs pulumi up for ${stack} with the policy pack, one deploy of the stack at a time`, () => {
        const pulumi = stepsUsing(j, "pulumi/actions").find((s) => s.with?.command)!;
        assert.strictEqual(pulumi.uses, "pulumi/actions@v7");
        assert.deepStrictEqual(pulumi.with, {
          command: "up",
          "stack-name": stack,
          "work-dir": "infra",
          policyPacks: "policies",
          "pulumi-version": "3.248.0",
        });
        assert.deepStrictEqual(pulumi.env, { ...PULUMI_ENV, ...OPS_ENV });
        assert.deepStrictEqual(j.concurrency, { group: `deploy-${stack}`, "cancel-in-progress": false });
      });

      it(`${stack}: Render pulls with a stored credential, not the job's expiring GITHUB_TOKEN`, () => {
        assert.deepStrictEqual(pullCredentialProblems(j), []);
        const set = steps(j).find((s) => (s.run ?? "").includes("webapp:ghcrToken"))!;
        assert.deepStrictEqual(set.env, {
          PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
          GHCR_USERNAME: "${{ vars.GHCR_USERNAME }}",
          GHCR_TOKEN: "${{ secrets.GHCR_TOKEN }}",
        });
        // The token goes in on stdin: never on a command line, where process listings would show it.
        assert.ok(
          runLines({ steps: [set] }).includes(
            `printf '%s' "$GHCR_TOKEN" | pulumi config set --secret webapp:ghcrToken --stack ${stack}`,
          ),
        );
      });
    }

    it("builds prod from a context a checkout provides: the API repository next to infra/", () => {
      assert.deepStrictEqual(buildContextProblems(prod, buildContext("prod")), []);
      const api = stepsUsing(prod, "actions/checkout").find((s) => s.with?.repository !== undefined)!;
      assert.strictEqual(api.if, "vars.API_REPOSITORY != ''");
      assert.deepStrictEqual(api.with, {
        repository: "${{ vars.API_REPOSITORY }}",
        ref: "${{ vars.API_REF || 'main' }}",
        path: "api",
        token: "${{ secrets.API_REPOSITORY_TOKEN || github.token }}",
        "persist-credentials": false,
      });
    });

    it("pushes to GHCR logged in, with a BuildKit builder that can export the registry cache", () => {
      assert.deepStrictEqual(prod.permissions, { contents: "read", packages: "write" });
      assert.deepStrictEqual(dev.permissions, { contents: "read" });
      const all = steps(prod);
      const up = all.findIndex((s) => s.with?.command === "up");
      const login = stepsUsing(prod, "docker/login-action");
      assert.deepStrictEqual(
        login.map((s) => [s.uses, s.with]),
        [
          [
            "docker/login-action@v4",
            { registry: "ghcr.io", username: "${{ github.actor }}", password: "${{ secrets.GITHUB_TOKEN }}" },
          ],
        ],
      );
      assert.ok(all.indexOf(login[0]) < up);
      const buildx = stepsUsing(prod, "docker/setup-buildx-action");
      assert.deepStrictEqual(
        buildx.map((s) => s.uses),
        ["docker/setup-buildx-action@v4"],
      );
      assert.ok(all.indexOf(buildx[0]) < up);
    });

    it("gates prod behind the production environment, after dev", () => {
      assert.strictEqual(dev.environment, undefined);
      assert.strictEqual(prod.needs, "dev");
      assert.deepStrictEqual(prod.environment, { name: "production" });
    });
  });

  describe("the deploy checks catch today's mistakes", () => {
    const before = parseWorkflow(
      `
on: push
jobs:
  prod:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - uses: pulumi/actions@v7
        with:
          command: up
          stack-name: prod
        env:
          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}
  late:
    runs-on: ubuntu-latest
    steps:
      - uses: pulumi/actions@v7
        with:
          command: up
      - name: too late
        env:
          T: \${{ secrets.GITHUB_TOKEN }}
        run: echo "$T" | pulumi config set --secret webapp:ghcrToken
`,
      "before.yml",
    );

    it("a build context outside the workspace, or where nothing is checked out", () => {
      assert.deepStrictEqual(buildContextProblems(before.jobs.prod, "../api"), [
        "build context ../api from work-dir . is ../api, outside $GITHUB_WORKSPACE: check the program out into a subdirectory and the API next to it",
      ]);
      const nested: Job = {
        steps: [
          { uses: "actions/checkout@v6", with: { path: "infra" } },
          { uses: "pulumi/actions@v7", with: { command: "up", "work-dir": "infra" } },
        ],
      };
      assert.deepStrictEqual(buildContextProblems(nested, "../api"), [
        "build context ../api is api, which no checkout of the job provides",
      ]);
      assert.deepStrictEqual(buildContextProblems(nested, "./api"), []);
    });

    it("no pull credential, or GITHUB_TOKEN handed to Render after the fact", () => {
      assert.deepStrictEqual(pullCredentialProblems(before.jobs.prod), [
        "no step sets webapp:ghcrToken, so Render has no credential to pull with",
      ]);
      assert.deepStrictEqual(pullCredentialProblems(before.jobs.late), [
        '"too late" sets webapp:ghcrToken after the pulumi command',
        '"too late" hands Render GITHUB_TOKEN, which expires with the job',
      ]);
    });
  });

  describe("the checks themselves", () => {
    const bad = parseWorkflow(
      `
name: Bad
on: pull_request_target
permissions: write-all
env:
  TOKEN: \${{ secrets.PULUMI_ACCESS_TOKEN }}
jobs:
  build:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - uses: actions/checkout@main
      - uses: someone/action@1234567
      - uses: docker://alpine:3
      - uses: ./.github/actions/local
      - uses: actions/setup-node@v6.1.0
      - run: echo \${{ secrets.RENDER_API_KEY }}
      - uses: pulumi/actions@v7
        env:
          NEON_API_KEY: prefix-\${{ secrets.NEON_API_KEY }}
          VERCEL_API_TOKEN: \${{ SECRETS.VERCEL_API_TOKEN }}
  release:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      pull-requests: write
      packages: write
      id-token: write
    uses: org/repo/.github/workflows/release.yml@master
`,
      "bad.yml",
    );

    it("flag every unpinned action and nothing pinned or local", () => {
      assert.deepStrictEqual(unpinnedActions(bad), [
        "job build step 1: actions/checkout@main is not pinned to a version tag (@v<digits>) or a 40-hex commit sha",
        "job build step 2: someone/action@1234567 is not pinned to a version tag (@v<digits>) or a 40-hex commit sha",
        "job build step 3: docker://alpine:3 is not pinned to a version tag (@v<digits>) or a 40-hex commit sha",
        "job release: org/repo/.github/workflows/release.yml@master is not pinned to a version tag (@v<digits>) or a 40-hex commit sha",
      ]);
    });

    it("flag write-all and write scopes no step needs", () => {
      assert.deepStrictEqual(permissionProblems(bad), [
        "workflow: permissions: write-all; list read-only scopes instead (contents: read)",
        "job build: permissions: write-all; list the scopes the job needs instead",
        "job release: contents: write is not needed by any of its steps",
        "job release: pull-requests: write is not needed by any of its steps",
        "job release: packages: write is not needed by any of its steps",
        "job release: id-token: write is not needed by any of its steps",
      ]);
      assert.deepStrictEqual(permissionProblems({ ...bad, permissions: undefined, jobs: {} }), [
        "workflow: permissions are not set, so the token gets the repository default (maybe read-write)",
      ]);
      assert.deepStrictEqual(permissionProblems({ ...bad, permissions: { contents: "write" }, jobs: {} }), [
        "workflow: contents: write is not read-only",
      ]);
    });

    it("flag secrets outside a step's env:/with: and secrets inside a larger string", () => {
      assert.deepStrictEqual(secretProblems(bad), [
        "env.TOKEN: secrets may only be passed to a step through its env: or with:",
        "jobs.build.steps.5.run: secrets may only be passed to a step through its env: or with:",
        "jobs.build.steps.6.env.NEON_API_KEY: pass the secret whole (${{ secrets.NAME }}), not inside a larger string",
      ]);
      assert.deepStrictEqual(secretReferences(bad.jobs.build), [
        "steps.5.run",
        "steps.6.env.NEON_API_KEY",
        "steps.6.env.VERCEL_API_TOKEN",
      ]);
    });

    it("read the triggers of every form of on:", () => {
      assert.deepStrictEqual(triggers(bad), ["pull_request_target"]);
      assert.deepStrictEqual(triggers({ ...bad, on: ["push", "pull_request"] }), ["push", "pull_request"]);
      assert.deepStrictEqual(triggers(workflow("deploy.yml")), ["push", "workflow_dispatch"]);
    });

    it("reject YAML that is not a workflow, and duplicate keys", () => {
      assert.throws(() => parseWorkflow("name: x\n", "x.yml"), {
        message: 'x.yml: not a workflow (it needs an "on" trigger and a "jobs" map)',
      });
      assert.throws(() => parseWorkflow("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n", "y.yml"), {
        message: "y.yml: job a has neither steps nor a reusable workflow (uses)",
      });
      assert.throws(() => parseWorkflow("on: push\non: pull_request\njobs: {}\n"), /Map keys must be unique/);
    });
  });
});

describe("organization accounts", () => {
  const jobs: [string, string, string][] = [
    ["pull-request.yml", "preview-dev", "dev"],
    ["pull-request.yml", "preview-prod", "prod"],
    ["deploy.yml", "dev", "dev"],
    ["deploy.yml", "prod", "prod"],
  ];
  for (const [file, id, stack] of jobs) {
    it(`${file} ${id}: passes NEON_ORG_ID and sets vercel:team before Pulumi runs`, () => {
      assert.deepStrictEqual(organizationProblems(job(workflow(file), id), stack), []);
    });
  }

  it("the check names what an organization account is missing", () => {
    const bare: Job = {
      steps: [{ uses: "pulumi/actions@v7", with: { command: "up", "stack-name": "dev" }, env: SECRET_ENV }],
    };
    assert.deepStrictEqual(organizationProblems(bare, "dev"), [
      "the Pulumi step does not pass NEON_ORG_ID from vars.NEON_ORG_ID",
      'no step runs pulumi config set vercel:team "$VERCEL_TEAM" --stack dev',
    ]);
  });

  it("the README names the operations secrets the deploys pass", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
    const secrets = readme.split("\n").find((l) => l.startsWith("Secrets: "));
    const block = readme.slice(
      readme.indexOf("Secrets: "),
      readme.indexOf("\n\n", readme.indexOf("Secrets: ")),
    );
    assert.ok(secrets, "README has a Secrets: paragraph");
    for (const name of ["`UPTIMEROBOT_API_KEY`", "`SENTRY_AUTH_TOKEN`"])
      assert.ok(block.includes(name), name);
  });

  it("the README asks for a classic token with write:packages and read:packages, and the org variables", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
    // GitHub Packages authenticates with a personal access token (classic) only (docs.github.com, "Working
    // with the Container registry"); a fine-grained token cannot pull from or push to ghcr.io.
    assert.match(readme, /classic personal access token with `write:packages` and `read:packages`/);
    assert.doesNotMatch(readme, /fine-grained token of GHCR_USERNAME/);
    for (const variable of ["`NEON_ORG_ID`", "`VERCEL_TEAM`"]) assert.ok(readme.includes(variable), variable);
    const deploy = fs.readFileSync(path.join(WORKFLOW_DIR, "deploy.yml"), "utf8");
    assert.doesNotMatch(deploy, /fine-grained/);
  });
});

describe("backup.yml", () => {
  const wf = workflows.get("backup.yml")!;
  const backup = wf.jobs.backup;
  const drill = wf.jobs["restore-drill"];

  it("runs nightly on a schedule and on demand, one run at a time", () => {
    assert.deepStrictEqual(triggers(wf).sort(), ["schedule", "workflow_dispatch"]);
    assert.deepStrictEqual((wf.on as { schedule: unknown }).schedule, [{ cron: "17 4 * * *" }]);
    assert.deepStrictEqual(wf.concurrency, { group: "backup", "cancel-in-progress": false });
  });

  it("dumps over the direct URL with the server's pg_dump, encrypts, then uploads with a retention", () => {
    const all = steps(backup);
    const dump = all.find((s) => s.run?.includes("tools/backup/backup.sh"));
    assert.ok(dump, "no step runs tools/backup/backup.sh");
    assert.deepStrictEqual(dump.env, { DATABASE_DIRECT_URL: "${{ secrets.DATABASE_DIRECT_URL }}" });
    const encrypt = all.findIndex((s) => s.run?.includes("gpg") && s.run.includes("--symmetric"));
    const upload = stepsUsing(backup, "actions/upload-artifact");
    assert.equal(upload.length, 1);
    assert.ok(
      encrypt >= 0 && encrypt < all.indexOf(upload[0]),
      "the dump must be encrypted before the upload",
    );
    assert.equal(upload[0].with?.["retention-days"], 30);
    assert.equal(upload[0].with?.["if-no-files-found"], "error");
  });

  it("drills a restore of that dump after every backup", () => {
    assert.equal(drill.needs, "backup");
    assert.deepStrictEqual(
      stepsUsing(drill, "actions/download-artifact").map((s) => s.with?.name),
      ["database-backup"],
    );
    assert.ok(runLines(drill).some((l) => l.includes("tools/backup/restore-drill.sh")));
    // The drill never receives the production URL: it restores into its own scratch server.
    assert.deepStrictEqual(
      secretReferences(drill).filter((p) => JSON.stringify(p).includes("DATABASE")),
      [],
    );
    assert.ok(!JSON.stringify(drill).includes("DATABASE_DIRECT_URL"));
  });
});
