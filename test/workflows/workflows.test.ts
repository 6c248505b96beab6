import * as assert from "assert";
import * as path from "path";
import {
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

// Every cloud credential the program reads from the environment (CONTRACT.md), plus GITHUB_TOKEN for GHCR.
const CLOUD_SECRETS = [
  "PULUMI_ACCESS_TOKEN",
  "RENDER_API_KEY",
  "RENDER_OWNER_ID",
  "NEON_API_KEY",
  "CLOUDINARY_URL",
  "VERCEL_API_TOKEN",
  "UPSTASH_EMAIL",
  "UPSTASH_API_KEY",
  "GITHUB_TOKEN",
];
const SECRET_ENV = Object.fromEntries(CLOUD_SECRETS.map((name) => [name, `\${{ secrets.${name} }}`]));
const SAME_REPO_ONLY = "github.event.pull_request.head.repo.full_name == github.repository";
const PLAN_MARKER = "<!-- webapp-offline-plan -->";
// Later checks still run after a failed one, so one push shows every problem and the plan is always published.
const AFTER_INSTALL = "${{ !cancelled() && steps.install.outcome == 'success' }}";

const workflows = loadWorkflows(WORKFLOW_DIR);

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

/** The only pulumi/actions step of a job. */
function pulumiStep(j: Job): Step {
  const found = stepsUsing(j, "pulumi/actions");
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

      it("sets up Node 20 with the npm cache and installs with npm ci in every job", () => {
        for (const j of Object.values(wf.jobs)) {
          const setup = stepsUsing(j, "actions/setup-node");
          assert.deepStrictEqual(
            setup.map((s) => s.with),
            [{ "node-version": 20, cache: "npm" }],
          );
          assert.strictEqual(runLines(j).filter((l) => l === "npm ci").length, 1);
        }
      });
    });
  }

  describe("pull-request.yml", () => {
    const wf = workflow("pull-request.yml");
    const checks = job(wf, "checks");
    const preview = job(wf, "preview");

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

    it("installs, lints, typechecks, tests and plans dev and prod as Markdown, in that order", () => {
      const lines = runLines(checks);
      const expected = [
        "npm ci",
        "npm run lint",
        "npm run typecheck",
        "npm test",
        "npm run --silent plan -- --stack dev --format markdown > plan-dev.md 2> plan-dev.err",
        "npm run --silent plan -- --stack prod --format markdown > plan-prod.md 2> plan-prod.err",
      ];
      const positions = expected.map((command) => lines.indexOf(command));
      assert.deepStrictEqual(
        positions.map((p, i) => [expected[i], p >= 0 && (i === 0 || p > positions[i - 1])]),
        expected.map((command) => [command, true]),
      );
      assert.deepStrictEqual(
        steps(checks)
          .filter((s) => s.run === "npm run typecheck" || s.run === "npm test" || s.id === "plan")
          .map((s) => s.if),
        [AFTER_INSTALL, AFTER_INSTALL, AFTER_INSTALL],
      );
    });

    it("records both plan exit codes instead of stopping at the first failed plan", () => {
      const plan = step(checks, "plan");
      assert.deepStrictEqual(runLines({ steps: [plan] }), [
        "set +e",
        "npm run --silent plan -- --stack dev --format markdown > plan-dev.md 2> plan-dev.err",
        'echo "dev=$?" >> "$GITHUB_OUTPUT"',
        "npm run --silent plan -- --stack prod --format markdown > plan-prod.md 2> plan-prod.err",
        'echo "prod=$?" >> "$GITHUB_OUTPUT"',
        "cat plan-dev.err plan-prod.err >&2",
      ]);
    });

    it("publishes the report to the job summary, then the PR comment, then fails the job on a failed plan", () => {
      const ids = steps(checks).flatMap((s) => (s.id === undefined ? [] : [s.id]));
      assert.deepStrictEqual(ids, ["install", "plan", "report"]);

      const report = step(checks, "report");
      assert.strictEqual(report.if, "${{ !cancelled() && steps.plan.outcome == 'success' }}");
      const reportLines = runLines({ steps: [report] });
      assert.ok(reportLines.includes(`echo "${PLAN_MARKER}"`));
      assert.ok(reportLines.includes('section dev "$DEV_EXIT"'));
      assert.ok(reportLines.includes('section prod "$PROD_EXIT"'));
      assert.strictEqual(reportLines[reportLines.length - 1], 'cat plan-report.md >> "$GITHUB_STEP_SUMMARY"');

      const all = steps(checks);
      const comment = all[all.indexOf(report) + 1];
      assert.strictEqual(comment.uses, "actions/github-script@v8");
      assert.strictEqual(comment["continue-on-error"], true);
      assert.strictEqual(
        comment.if,
        `\${{ !cancelled() && steps.report.outcome == 'success' && ${SAME_REPO_ONLY} }}`,
      );
      const script = String(comment.with?.script);
      assert.ok(script.includes(`const marker = "${PLAN_MARKER}";`));
      assert.ok(script.includes("github.rest.issues.updateComment("));
      assert.ok(script.includes("github.rest.issues.createComment("));

      const fail = all[all.length - 1];
      assert.strictEqual(all.indexOf(comment), all.length - 2);
      assert.strictEqual(fail.if, "${{ !cancelled() && steps.plan.outcome == 'success' }}");
      assert.deepStrictEqual(fail.env, {
        DEV_EXIT: "${{ steps.plan.outputs.dev }}",
        PROD_EXIT: "${{ steps.plan.outputs.prod }}",
      });
      assert.deepStrictEqual(
        runLines({ steps: [fail] })[0],
        'if [ "$DEV_EXIT" != 0 ] || [ "$PROD_EXIT" != 0 ]; then',
      );
      assert.ok(runLines({ steps: [fail] }).includes("exit 1"));
    });

    it("previews dev with the policy pack through pulumi/actions, for same-repository PRs only", () => {
      assert.strictEqual(preview.if, SAME_REPO_ONLY);
      assert.strictEqual(preview.needs, "checks");
      assert.deepStrictEqual(preview.concurrency, {
        group: "pr-preview-${{ github.event.pull_request.number }}",
        "cancel-in-progress": false,
      });
      assert.deepStrictEqual(preview.permissions, {
        contents: "read",
        "pull-requests": "write",
        packages: "read",
      });
      const pulumi = pulumiStep(preview);
      assert.strictEqual(pulumi.uses, "pulumi/actions@v7");
      assert.deepStrictEqual(pulumi.with, {
        command: "preview",
        "stack-name": "dev",
        policyPacks: "policies",
        "comment-on-pr": true,
        "pulumi-version": "3.248.0",
      });
      assert.deepStrictEqual(pulumi.env, SECRET_ENV);
    });
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
        const pulumi = pulumiStep(j);
        assert.strictEqual(pulumi.uses, "pulumi/actions@v7");
        assert.deepStrictEqual(pulumi.with, {
          command: "up",
          "stack-name": stack,
          policyPacks: "policies",
          "pulumi-version": "3.248.0",
        });
        assert.deepStrictEqual(pulumi.env, SECRET_ENV);
        assert.deepStrictEqual(j.concurrency, { group: `deploy-${stack}`, "cancel-in-progress": false });
        assert.deepStrictEqual(j.permissions, { contents: "read", packages: "write" });
      });
    }

    it("gates prod behind the production environment, after dev", () => {
      assert.strictEqual(dev.environment, undefined);
      assert.strictEqual(prod.needs, "dev");
      assert.deepStrictEqual(prod.environment, { name: "production" });
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
