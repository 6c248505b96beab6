/**
 * One sticky pull-request comment for every plan and preview of a pull request. Each job that reports (the
 * offline plan of the checks job, the `pulumi preview` of each stack) owns one section of the comment, found
 * by hidden markers and replaced in place, so a push edits the comment instead of adding another and the
 * jobs' reports end up side by side. The workflow's `actions/github-script` steps call {@link postSections}
 * with the Octokit client the action hands them.
 */

/** Starts the sticky comment: the comment this program edits is the bot's one that holds it. */
export const COMMENT_MARKER = "<!-- webapp-plan-comment -->";
/** The offline plan's comment before it held sections: adopted, so an open PR keeps one comment. */
const LEGACY_MARKER = "<!-- webapp-offline-plan -->";
/** GitHub refuses comment bodies over 65,536 characters ("Create an issue comment", 422); room is kept for the markers. */
export const BODY_LIMIT = 65_000;
/** Sections are ordered by id: the offline plan first, then each stack's preview. */
const ORDER = ["offline", "preview-dev", "preview-prod"];

export interface Section {
  /** Which job's report this is, e.g. `offline`, `preview-dev`: letters, digits and dashes. */
  id: string;
  /** The workflow run number: an older run that finishes late never replaces a newer run's section. */
  run: number;
  markdown: string;
}

const SECTION =
  /<!-- webapp-plan-section id=([a-z0-9-]+) run=(\d+) -->\n([\s\S]*?)\n<!-- webapp-plan-section-end id=\1 -->/g;

/** The sections a comment body holds, in its order. */
export function sectionsOf(body: string): Section[] {
  return [...body.matchAll(SECTION)].map((m) => ({ id: m[1], run: Number(m[2]), markdown: m[3] }));
}

function render(s: Section): string {
  return `<!-- webapp-plan-section id=${s.id} run=${s.run} -->\n${s.markdown}\n<!-- webapp-plan-section-end id=${s.id} -->`;
}

const rank = (id: string) => (ORDER.includes(id) ? ORDER.indexOf(id) : ORDER.length);

/**
 * The comment body with `updates` in place of the sections of the same id (others kept as they are). A
 * section of a newer run than the update is kept. Each section is cut to its share of {@link BODY_LIMIT},
 * pointing at `fullReportUrl` (the run, whose job summary holds the whole report).
 */
export function mergeSections(
  body: string | undefined,
  updates: readonly Section[],
  fullReportUrl: string,
): string {
  const byId = new Map(sectionsOf(body ?? "").map((s) => [s.id, s]));
  for (const u of updates) {
    if (!/^[a-z0-9-]+$/.test(u.id)) {
      throw new Error(
        `Section id "${u.id}" may hold only lowercase letters, digits and dashes; e.g. preview-dev.`,
      );
    }
    const kept = byId.get(u.id);
    if (!kept || kept.run <= u.run) byId.set(u.id, u);
  }
  const sections = [...byId.values()].sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
  const share = Math.floor(BODY_LIMIT / Math.max(1, sections.length)) - 200;
  const cut = (s: Section): Section =>
    s.markdown.length <= share
      ? s
      : {
          ...s,
          markdown: `${s.markdown.slice(0, share)}\n\n_Truncated: the full report is in the [run's job summary](${fullReportUrl})._`,
        };
  return [COMMENT_MARKER, ...sections.map((s) => render(cut(s)))].join("\n\n") + "\n";
}

/** A comment as GitHub's "List issue comments" returns it (only the fields used here). */
export interface IssueComment {
  id: number;
  body?: string;
  user?: { type?: string } | null;
}

/** The three calls of GitHub's issue-comments REST API this needs, on one pull request. */
export interface CommentsApi {
  /** Every comment of the PR, oldest first (GitHub's order), all pages. */
  list(): Promise<IssueComment[]>;
  create(body: string): Promise<void>;
  update(id: number, body: string): Promise<void>;
}

/** The bot's sticky comment, or the offline plan's comment from before sections. */
function stickyOf(comments: readonly IssueComment[]): IssueComment | undefined {
  const bot = comments.filter((c) => c.user?.type === "Bot");
  return (
    bot.find((c) => c.body?.startsWith(COMMENT_MARKER)) ?? bot.find((c) => c.body?.includes(LEGACY_MARKER))
  );
}

const holds = (body: string | undefined, s: Section) =>
  sectionsOf(body ?? "").some((k) => k.id === s.id && k.run >= s.run);

/**
 * Writes `sections` into the sticky comment (creating it once). Jobs of one run write concurrently and
 * GitHub's comment update has no version check, so a writer that read before another's write can overwrite
 * it: each writer therefore waits `settleMs` after its write (longer than a read-then-write of another
 * writer), reads again, and writes again while its sections are missing.
 */
export async function upsertSections(
  api: CommentsApi,
  sections: readonly Section[],
  fullReportUrl: string,
  opts: { settleMs?: number; attempts?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<"created" | "updated"> {
  const { settleMs = 5_000, attempts = 5 } = opts;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let outcome: "created" | "updated" | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const sticky = stickyOf(await api.list());
    const body = mergeSections(
      sticky?.body?.startsWith(COMMENT_MARKER) ? sticky.body : undefined,
      sections,
      fullReportUrl,
    );
    if (sticky) {
      await api.update(sticky.id, body);
      outcome ??= "updated";
    } else {
      await api.create(body);
      outcome = "created";
    }
    await sleep(settleMs);
    const now = stickyOf(await api.list());
    if (sections.every((s) => holds(now?.body, s))) return outcome;
  }
  throw new Error(
    `The sticky plan comment still lacks section(s) ${sections.map((s) => s.id).join(", ")} after ${attempts} writes; ` +
      "re-run the job (another job kept overwriting it).",
  );
}

/** What a job's step outcome (`steps.<id>.outcome`) means for a preview, in words. */
const PREVIEW_OUTCOME: Readonly<Record<string, string>> = {
  success: "ran: the changes below are what `pulumi up` would make",
  failure: "failed: a mandatory policy violation or an error stopped it (see below and the run's log)",
  cancelled: "was cancelled before it finished",
  skipped: "did not run: an earlier step of its job failed",
};

/**
 * A stack's `pulumi preview` section: the outcome in words, then the CLI's output (what `pulumi/actions`
 * returns as its `output`) folded away, without terminal colours.
 */
export function previewMarkdown(stack: string, outcome: string, output: string, runUrl: string): string {
  // Terminal colours start with the escape character (ESC [ ... m).
  const text = output.replace(/\u001b\[[0-9;]*m/g, "").trim();
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [
    `# \`pulumi preview\` of \`${stack}\``,
    "",
    `The preview ${PREVIEW_OUTCOME[outcome] ?? `ended with outcome "${outcome}"`}; [run log](${runUrl}).`,
    "",
    text
      ? [
          "<details><summary>Preview output</summary>",
          "",
          `${fence}text`,
          text,
          fence,
          "",
          "</details>",
        ].join("\n")
      : "_The preview printed nothing._",
  ].join("\n");
}

/** What `actions/github-script` hands a script (only the fields used here). */
export interface GithubScript {
  github: {
    paginate(route: unknown, params: Record<string, unknown>): Promise<IssueComment[]>;
    rest: {
      issues: {
        listComments: unknown;
        createComment(p: Record<string, unknown>): Promise<unknown>;
        updateComment(p: Record<string, unknown>): Promise<unknown>;
      };
    };
  };
  context: {
    repo: { owner: string; repo: string };
    issue: { number: number };
    serverUrl: string;
    runId: number;
    runNumber: number;
  };
}

/**
 * The workflow's entry point: `sections` maps a section id to its Markdown (read by the step from a file or
 * a step output), written into the PR's sticky comment through the action's authenticated client.
 */
export async function postSections(
  { github, context }: GithubScript,
  sections: Readonly<Record<string, string>>,
): Promise<"created" | "updated"> {
  const { owner, repo } = context.repo;
  const issue_number = context.issue.number;
  const api: CommentsApi = {
    list: () =>
      github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 }),
    create: async (body) =>
      void (await github.rest.issues.createComment({ owner, repo, issue_number, body })),
    update: async (comment_id, body) =>
      void (await github.rest.issues.updateComment({ owner, repo, comment_id, body })),
  };
  const run = Object.entries(sections).map(([id, markdown]) => ({ id, run: context.runNumber, markdown }));
  return upsertSections(api, run, `${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}`);
}

/** A preview job's entry point: its stack's section, from the preview step's outcome and output. */
export function postPreview(
  script: GithubScript,
  stack: string,
  outcome: string,
  output: string,
): Promise<"created" | "updated"> {
  const { serverUrl, repo, runId } = script.context;
  const runUrl = `${serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${runId}`;
  return postSections(script, { [`preview-${stack}`]: previewMarkdown(stack, outcome, output, runUrl) });
}
