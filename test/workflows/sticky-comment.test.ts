import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  BODY_LIMIT,
  COMMENT_MARKER,
  IssueComment,
  mergeSections,
  previewMarkdown,
  sectionsOf,
  upsertSections,
  type CommentsApi,
} from "../../tools/plan/sticky-comment";
import { loadWorkflows, steps, stepsUsing } from "./workflow-checks";

const ROOT = path.resolve(__dirname, "../..");
const RUN_URL = "https://github.com/acme/webapp/actions/runs/99";

/**
 * GitHub's issue-comments REST API for one pull request, as docs.github.com/en/rest/issues/comments states it:
 * "List issue comments" answers every comment in ascending order of creation (ids grow), "Create an issue
 * comment" appends one, "Update an issue comment" replaces its whole body (no version check, so the last
 * write wins), and a body over 65,536 characters is refused with 422. Comments made with a workflow's
 * GITHUB_TOKEN are the github-actions[bot] user, whose `type` is "Bot". Every call yields once, so writers
 * running side by side interleave as separate jobs' requests do.
 */
class FakeComments {
  comments: IssueComment[] = [];
  creates = 0;
  updates = 0;
  private next = 1;

  api(user = "Bot"): CommentsApi {
    return {
      list: async () => {
        await Promise.resolve();
        return this.comments.map((c) => ({ ...c }));
      },
      create: async (body) => {
        await Promise.resolve();
        this.check(body);
        this.creates += 1;
        this.comments.push({ id: this.next++, body, user: { type: user } });
      },
      update: async (id, body) => {
        await Promise.resolve();
        this.check(body);
        this.updates += 1;
        const c = this.comments.find((x) => x.id === id);
        if (!c) throw new Error(`404: no comment ${id}`);
        c.body = body;
      },
    };
  }

  private check(body: string): void {
    if (body.length > 65_536) throw new Error("422: body is too long (maximum is 65536 characters)");
  }
}

/** Lets the other writers' pending requests finish, as the real wait does (no real time passes). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const ids = (body: string | undefined) => sectionsOf(body ?? "").map((s) => `${s.id}@${s.run}`);

describe("sticky PR comment: every plan and preview in one comment", () => {
  describe("mergeSections", () => {
    it("starts the comment with its marker and holds each job's report as a section", () => {
      const body = mergeSections(undefined, [{ id: "offline", run: 7, markdown: "# Offline plan" }], RUN_URL);
      assert.equal(
        body,
        `${COMMENT_MARKER}\n\n<!-- webapp-plan-section id=offline run=7 -->\n# Offline plan\n<!-- webapp-plan-section-end id=offline -->\n`,
      );
    });

    it("replaces a section in place, keeps the others, and orders offline, dev, prod", () => {
      let body = mergeSections(undefined, [{ id: "preview-prod", run: 7, markdown: "prod v1" }], RUN_URL);
      body = mergeSections(body, [{ id: "offline", run: 7, markdown: "offline v1" }], RUN_URL);
      body = mergeSections(body, [{ id: "preview-dev", run: 7, markdown: "dev v1" }], RUN_URL);
      body = mergeSections(body, [{ id: "preview-prod", run: 8, markdown: "prod v2" }], RUN_URL);
      assert.deepEqual(sectionsOf(body), [
        { id: "offline", run: 7, markdown: "offline v1" },
        { id: "preview-dev", run: 7, markdown: "dev v1" },
        { id: "preview-prod", run: 8, markdown: "prod v2" },
      ]);
    });

    it("keeps a newer run's section when an older run finishes late", () => {
      const body = mergeSections(undefined, [{ id: "preview-dev", run: 9, markdown: "new" }], RUN_URL);
      const late = mergeSections(body, [{ id: "preview-dev", run: 8, markdown: "old" }], RUN_URL);
      assert.deepEqual(sectionsOf(late), [{ id: "preview-dev", run: 9, markdown: "new" }]);
    });

    it("cuts each section to its share of GitHub's limit and points at the run for the rest", () => {
      const huge = "x".repeat(70_000);
      const body = mergeSections(
        undefined,
        [
          { id: "offline", run: 1, markdown: huge },
          { id: "preview-dev", run: 1, markdown: "short" },
        ],
        RUN_URL,
      );
      assert.ok(body.length <= BODY_LIMIT, `${body.length}`);
      const [offline, dev] = sectionsOf(body);
      assert.ok(
        offline.markdown.endsWith(`_Truncated: the full report is in the [run's job summary](${RUN_URL})._`),
      );
      assert.equal(dev.markdown, "short");
    });

    it("refuses a section id the markers cannot carry", () =>
      assert.throws(() => mergeSections(undefined, [{ id: "Preview dev", run: 1, markdown: "" }], RUN_URL), {
        message:
          'Section id "Preview dev" may hold only lowercase letters, digits and dashes; e.g. preview-dev.',
      }));
  });

  describe("upsertSections against GitHub's comments API", () => {
    it("creates the comment once, then every push and job edits that same comment", async () => {
      const gh = new FakeComments();
      const write = (id: string, run: number, markdown: string) =>
        upsertSections(gh.api(), [{ id, run, markdown }], RUN_URL, { sleep: settle });
      assert.equal(await write("offline", 7, "plan 1"), "created");
      assert.equal(await write("preview-dev", 7, "dev 1"), "updated");
      assert.equal(await write("offline", 8, "plan 2"), "updated");
      assert.equal(gh.comments.length, 1);
      assert.equal(gh.creates, 1);
      assert.deepEqual(ids(gh.comments[0].body), ["offline@8", "preview-dev@7"]);
    });

    it("lands the offline plan and both previews in one comment when the previews write at the same time", async () => {
      const gh = new FakeComments();
      await upsertSections(gh.api(), [{ id: "offline", run: 7, markdown: "plan" }], RUN_URL, {
        sleep: settle,
      });
      // preview-dev and preview-prod run as parallel jobs: both read before either writes, so the second
      // write drops the first's section; its writer sees that after the wait and writes again.
      await Promise.all(
        ["preview-dev", "preview-prod"].map((id) =>
          upsertSections(gh.api(), [{ id, run: 7, markdown: id }], RUN_URL, { sleep: settle }),
        ),
      );
      assert.equal(gh.comments.length, 1);
      assert.deepEqual(ids(gh.comments[0].body), ["offline@7", "preview-dev@7", "preview-prod@7"]);
      assert.equal(
        gh.updates,
        3,
        "two concurrent writes, then one write again by the writer that was dropped",
      );
    });

    it("gives up with a one-line error when its section keeps being overwritten", async () => {
      const gh = new FakeComments();
      const api = gh.api();
      const clobber: CommentsApi = {
        ...api,
        update: async (id, body) => {
          await api.update(id, body);
          await api.update(id, `${COMMENT_MARKER}\n`);
        },
      };
      await api.create(`${COMMENT_MARKER}\n`);
      await assert.rejects(
        upsertSections(clobber, [{ id: "preview-dev", run: 1, markdown: "x" }], RUN_URL, { sleep: settle }),
        {
          message:
            "The sticky plan comment still lacks section(s) preview-dev after 5 writes; re-run the job (another job kept overwriting it).",
        },
      );
    });

    it("adopts the offline plan's comment from before sections, and ignores a person's comment quoting the marker", async () => {
      const gh = new FakeComments();
      await gh.api("User").create(`Why does ${COMMENT_MARKER} show up?`);
      await gh.api().create("<!-- webapp-offline-plan -->\n# Offline plan (old format)");
      await upsertSections(gh.api(), [{ id: "offline", run: 3, markdown: "new" }], RUN_URL, {
        sleep: settle,
      });
      assert.equal(gh.comments.length, 2);
      assert.equal(gh.comments[0].body, `Why does ${COMMENT_MARKER} show up?`);
      assert.deepEqual(ids(gh.comments[1].body), ["offline@3"]);
      assert.ok(!gh.comments[1].body!.includes("old format"));
    });
  });

  describe("previewMarkdown", () => {
    it("says the outcome in words and folds the output, without terminal colours", () => {
      assert.equal(
        previewMarkdown(
          "dev",
          "success",
          "\u001b[1mPreviewing update (dev)\u001b[0m\n  ~ 1 to update\n",
          RUN_URL,
        ),
        [
          "# `pulumi preview` of `dev`",
          "",
          `The preview ran: the changes below are what \`pulumi up\` would make; [run log](${RUN_URL}).`,
          "",
          "<details><summary>Preview output</summary>",
          "",
          "```text",
          "Previewing update (dev)\n  ~ 1 to update",
          "```",
          "",
          "</details>",
        ].join("\n"),
      );
    });

    it("fences output that holds backticks with a longer fence, and names a failed or silent preview", () => {
      const md = previewMarkdown("prod", "failure", "error: ```boom```", RUN_URL);
      assert.ok(md.includes("The preview failed: a mandatory policy violation or an error stopped it"));
      assert.ok(md.includes("````text\nerror: ```boom```\n````"));
      assert.ok(previewMarkdown("prod", "skipped", "", RUN_URL).endsWith("_The preview printed nothing._"));
    });
  });

  describe("pull-request.yml writes only through the sticky comment", () => {
    const wf = loadWorkflows(path.join(ROOT, ".github/workflows")).get("pull-request.yml")!;
    const comments = Object.entries(wf.jobs).flatMap(([job, j]) =>
      stepsUsing(j, "actions/github-script").map((s) => ({ job, step: s })),
    );

    it("has no other comment writer: pulumi/actions' own PR comments are off", () => {
      for (const j of Object.values(wf.jobs)) {
        for (const s of stepsUsing(j, "pulumi/actions")) assert.notEqual(s.with?.["comment-on-pr"], true);
      }
      assert.deepEqual(
        comments.map((c) => c.job),
        ["checks", "preview-dev", "preview-prod"],
      );
      for (const { step } of comments) assert.equal(step["continue-on-error"], true);
    });

    it("runs each job's comment step as written, and the three reports end in one comment", async () => {
      // Each job's GITHUB_WORKSPACE: the checks job checks out at its root, the preview jobs into infra/.
      const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "sticky-"));
      fs.symlinkSync(ROOT, path.join(workspace, "infra"));
      const gh = new FakeComments();
      const api = gh.api();
      let runId = 100;
      const github = {
        paginate: () => api.list(),
        rest: {
          issues: {
            listComments: {},
            createComment: (p: { body: string }) => api.create(p.body),
            updateComment: (p: { comment_id: number; body: string }) => api.update(p.comment_id, p.body),
          },
        },
      };
      const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "sticky-report-"));
      fs.writeFileSync(
        path.join(reportDir, "plan-report.md"),
        "<!-- webapp-offline-plan -->\n# Offline plan",
      );
      const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
        ...args: string[]
      ) => (...args: unknown[]) => Promise<unknown>;
      // The real wait is 5 s; here a timer fires once the other jobs' pending requests are done.
      const realSetTimeout = global.setTimeout;
      const cwd = process.cwd();
      try {
        (global as { setTimeout: unknown }).setTimeout = (fn: () => void) => setImmediate(fn);
        const runStep = async (job: string, step: (typeof comments)[number]["step"]) => {
          const context = {
            repo: { owner: "acme", repo: "webapp" },
            issue: { number: 12 },
            serverUrl: "https://github.com",
            runId: runId++,
            runNumber: 7,
          };
          const env = {
            ...process.env,
            GITHUB_WORKSPACE: job === "checks" ? ROOT : workspace,
            OUTCOME: step.env ? "success" : undefined,
            OUTPUT: step.env ? `Previewing update (${job.slice("preview-".length)})` : undefined,
          };
          // The suite has registered sucrase already; a second registration would transform twice.
          const requireInStep = (id: string) =>
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- the step's own require, as github-script gives it
            id.endsWith("/sucrase/register/ts") ? {} : require(id);
          const script = String(step.with?.script);
          await new AsyncFunction("require", "github", "context", "process", script)(
            requireInStep,
            github,
            context,
            { ...process, env },
          );
        };
        process.chdir(reportDir);
        await runStep("checks", comments[0].step);
        await Promise.all(comments.slice(1).map((c) => runStep(c.job, c.step)));
      } finally {
        process.chdir(cwd);
        (global as { setTimeout: unknown }).setTimeout = realSetTimeout;
        fs.rmSync(workspace, { recursive: true, force: true });
        fs.rmSync(reportDir, { recursive: true, force: true });
      }
      assert.equal(gh.comments.length, 1);
      const [offline, dev, prod] = sectionsOf(gh.comments[0].body!);
      assert.deepEqual([offline.id, dev.id, prod.id], ["offline", "preview-dev", "preview-prod"]);
      assert.equal(offline.markdown, "<!-- webapp-offline-plan -->\n# Offline plan");
      assert.ok(dev.markdown.startsWith("# `pulumi preview` of `dev`"));
      assert.ok(dev.markdown.includes("Previewing update (dev)"));
      assert.ok(prod.markdown.includes("Previewing update (prod)"));
      assert.equal(
        steps(wf.jobs.checks).filter((s) => s.uses?.startsWith("actions/github-script")).length,
        1,
      );
    });
  });
});
