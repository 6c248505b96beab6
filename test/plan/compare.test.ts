import * as assert from "node:assert/strict";
import { DEFAULT_RELEASE_COMMAND } from "../../stacks/defaults";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PlanComparison, comparePlans, formatComparisonText } from "../../tools/plan/compare";
import { formatMarkdown } from "../../tools/plan/format-markdown";
import { formatText } from "../../tools/plan/format-text";
import type { PlanReport } from "../../tools/plan/report";
import { runPlan, stackConfig, writeStack } from "../helpers/run-plan";

const T = {
  image: "docker-build:index:Image",
  registry: "pulumi-nodejs:dynamic/render:RegistryCredential",
  worker: "pulumi-nodejs:dynamic/render:BackgroundWorker",
};

/**
 * What turning dev into prod does to the resources both have, by the providers' own diffs and the bridged
 * schemas: ids and names the services assign compare as unknown on both sides, so e.g. the Neon role is not
 * listed; names derived from the stack force replacements where the provider cannot rename. The host
 * variables are in the web service's own environment (docs/app-contract.md), so they change with it.
 */
const CHANGED_IN_PROD = [
  // webapp:ops: Sentry names and UptimeRobot URLs follow the stack; a new alert address is a new contact.
  ["webapp-prod-api-errors-key", "update"],
  ["webapp-prod-api-errors-project", "update"],
  ["webapp-prod-backend-web", "update"],
  ["webapp-prod-cache-redis", "replace"],
  ["webapp-prod-database-project", "update"],
  ["webapp-prod-frontend-domain", "replace"],
  ["webapp-prod-frontend-project", "update"],
  ["webapp-prod-media-folder", "replace"],
  ["webapp-prod-media-preset-webapp-prod-uploads", "replace"],
  ["webapp-prod-uptime-api", "update"],
  ["webapp-prod-uptime-contact", "replace"],
  ["webapp-prod-uptime-site", "update"],
  ["webapp-prod-web-errors-key", "update"],
  ["webapp-prod-web-errors-project", "update"],
];

describe("plan --compare", function () {
  this.timeout(180_000);
  let dir: string;
  let configDir: string;
  let devFile: string;
  let prodFile: string;
  let dev: PlanReport;
  let prod: PlanReport;
  /** `--stack prod --compare dev.json --format json`'s `compare` field. */
  let devToProd: PlanComparison;
  let prodToDev: PlanComparison;

  before(async () => {
    // prod as the README deploys it: with GHCR credentials, hence a Render registry credential. The token is
    // `secure:` in a real stack file, which the offline plan reads as a placeholder secret.
    configDir = writeStack("prod", {
      ...stackConfig("prod"),
      "webapp:ghcrUsername": "acme-bot",
      "webapp:ghcrToken": { secure: "v1:placeholder" },
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-compare-"));
    devFile = path.join(dir, "dev.json");
    prodFile = path.join(dir, "prod.json");

    const devRun = await runPlan(["--stack", "dev", "--format", "json", "--json", devFile]);
    assert.equal(devRun.stderr, "");
    dev = JSON.parse(devRun.stdout) as PlanReport;
    const prodRun = await runPlan([
      "--stack",
      "prod",
      "--config-dir",
      configDir,
      "--format",
      "json",
      "--json",
      prodFile,
      "--compare",
      devFile,
    ]);
    // Comparing two stacks on purpose: the plan says so in one line (issue 15 item 17), nothing else.
    assert.equal(
      prodRun.stderr,
      `note: --compare ${devFile} is stack "dev"'s plan and this is "prod": the changes shown are between two stacks, not what an up of prod would do\n`,
    );
    assert.equal(prodRun.code, 0);
    ({ compare: devToProd, ...prod } = JSON.parse(prodRun.stdout) as PlanReport & {
      compare: PlanComparison;
    });
    const backRun = await runPlan(["--stack", "dev", "--format", "json", "--compare", prodFile]);
    assert.match(backRun.stderr, /^note: --compare \S+ is stack "prod"'s plan and this is "dev": [^\n]+\n$/);
    prodToDev = (JSON.parse(backRun.stdout) as { compare: PlanComparison }).compare;
  });

  after(() => {
    for (const d of [dir, configDir]) fs.rmSync(d, { recursive: true, force: true });
  });

  it("dev -> prod creates the image build, the registry credential and the background worker", () => {
    assert.deepEqual(
      devToProd.added.map((r) => [r.type, r.name, r.action, r.monthlyUsdDelta]),
      [
        [T.image, "webapp-prod-backend-image", "create", 0],
        [T.registry, "webapp-prod-backend-registry", "create", 0],
        [T.worker, "webapp-prod-backend-worker", "create", 7],
      ],
    );
    assert.deepEqual(devToProd.removed, []);
    assert.deepEqual(devToProd.summary, { create: 3, update: 9, replace: 5, delete: 0 });
    assert.equal(devToProd.file, devFile);
    assert.equal(devToProd.stack, "dev");
  });

  it("dev -> prod matches resources across the stacks and classifies each change", () => {
    assert.deepEqual(
      devToProd.changed.map((r) => [r.name, r.action]),
      CHANGED_IN_PROD,
    );
    const web = devToProd.changed.find((r) => r.name === "webapp-prod-backend-web")!;
    assert.equal(web.oldUrn, dev.resources.find((r) => r.name === "webapp-dev-backend-web")!.urn);
    // Two standard instances ($25 each) and the Professional workspace's seat ($19).
    assert.equal(web.monthlyUsdDelta, 69);
    assert.deepEqual(web.basis, ["the provider's own diff"]);
    assert.deepEqual(
      web.changes.map((c) => c.path),
      [
        "autoscaling",
        "customDomains",
        "envVars.ALLOWED_HOSTS",
        "envVars.CELERY_TASK_ALWAYS_EAGER",
        "envVars.CELERY_TASK_EAGER_PROPAGATES",
        "envVars.CORS_ALLOWED_ORIGINS",
        "envVars.CORS_ALLOWED_ORIGIN_REGEXES",
        "envVars.CSRF_TRUSTED_ORIGINS",
        "envVars.DJANGO_SUPERUSER_EMAIL",
        "envVars.FRONTEND_URL",
        "envVars.SENTRY_ENVIRONMENT",
        "envVars.SENTRY_RELEASE",
        "envVars.WEB_CONCURRENCY",
        "image",
        "name",
        "numInstances",
        "plan",
        "preDeployCommand",
        "registryCredentialId",
        "startCommand",
        "waitForLive",
      ],
    );
    assert.deepEqual(
      web.changes.find((c) => c.path === "plan"),
      { path: "plan", old: "free", new: "standard" },
    );
    assert.deepEqual(
      web.changes.find((c) => c.path === "preDeployCommand"),
      {
        path: "preDeployCommand",
        new: `python manage.py migrate --noinput && ${DEFAULT_RELEASE_COMMAND}`,
      },
    );
    // The built image's digest exists only after the build: it is marked, not invented.
    assert.equal(web.changes.find((c) => c.path === "image")!.new, "(known after deploy)");
    // Configured, not invented: prod's own frontend domain is shown as it is.
    assert.deepEqual(
      web.changes.find((c) => c.path === "envVars.FRONTEND_URL"),
      { path: "envVars.FRONTEND_URL", old: "(known after deploy)", new: "https://www.example.com" },
    );
    assert.equal(prod.outputs.frontendUrl, "https://www.example.com");
    // The custom domain enters the create env; dev's origin is its Vercel URL, known only after deploy.
    assert.deepEqual(
      web.changes.filter((c) =>
        ["ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"].some((k) => c.path === `envVars.${k}`),
      ),
      [
        { path: "envVars.ALLOWED_HOSTS", new: "api.example.com" },
        {
          path: "envVars.CSRF_TRUSTED_ORIGINS",
          old: "(known after deploy)",
          new: "https://www.example.com,https://api.example.com",
        },
      ],
    );
    const redis = devToProd.changed.find((r) => r.name === "webapp-prod-cache-redis")!;
    assert.deepEqual(redis.replaces, ["databaseName"]);
    assert.equal(redis.deleteBeforeReplace, false);
    assert.match(redis.basis[0], /^databaseName: upstash\/terraform-provider-upstash .*ForceNew: true$/);
  });

  it("compares secrets as masks: no secret variable of the backend reads changed", () => {
    const web = devToProd.changed.find((r) => r.name === "webapp-prod-backend-web")!;
    for (const name of ["DATABASE_URL", "REDIS_URL", "SECRET_KEY", "CLOUDINARY_URL"]) {
      assert.equal(
        web.changes.find((c) => c.path === `envVars.${name}`),
        undefined,
      );
    }
  });

  it("prices the difference exactly", () => {
    // dev autoscales nothing; prod's web service (2-4 instances) and Neon compute (0.5-4 CU) do, so the ceiling
    // at their maxima is named too: $264.04 + 2 × $25 + (4 × 730 h × $0.106 + $0.35 - $39.04) = $584.87.
    const ceiling = { oldUsd: 0, newUsd: 584.87 };
    assert.deepEqual(devToProd.cost, { oldUsd: 0, newUsd: 264.04, deltaUsd: 264.04, ceiling });
    assert.deepEqual(prodToDev.cost, {
      oldUsd: 264.04,
      newUsd: 0,
      deltaUsd: -264.04,
      ceiling: { oldUsd: 584.87, newUsd: 0 },
    });
    const perResource = [...devToProd.added, ...devToProd.changed].reduce(
      (sum, r) => sum + r.monthlyUsdDelta,
      0,
    );
    assert.equal(Math.round(perResource * 100) / 100, 264.04);
  });

  it("prod -> dev deletes what dev -> prod created", () => {
    assert.deepEqual(prodToDev.added, []);
    assert.deepEqual(
      prodToDev.removed.map((r) => [r.type, r.name, r.action, r.monthlyUsdDelta]),
      [
        [T.image, "webapp-prod-backend-image", "delete", 0],
        [T.registry, "webapp-prod-backend-registry", "delete", 0],
        [T.worker, "webapp-prod-backend-worker", "delete", -7],
      ],
    );
    assert.equal(prodToDev.changed.length, CHANGED_IN_PROD.length);
  });

  it("finds nothing to report between two plans of one stack, invented values included", async () => {
    const again = JSON.parse((await runPlan(["--stack", "dev", "--format", "json"])).stdout) as PlanReport;
    assert.deepEqual(await comparePlans(dev, again, devFile), {
      file: devFile,
      stack: "dev",
      summary: { create: 0, update: 0, replace: 0, delete: 0 },
      added: [],
      changed: [],
      removed: [],
      warnings: [],
      cost: { oldUsd: 0, newUsd: 0, deltaUsd: 0 },
    });
  });

  it("markdown opens with the summary and the changes, and folds the full plan", () => {
    const md = formatMarkdown(prod, { comparison: devToProd });
    const lines = md.split("\n");
    assert.deepEqual(lines.slice(0, 3), [
      "## Plan of stack `prod` (webapp): exit 0, no mandatory policy violation",
      "",
      `**3 to create, 9 to update, 5 to replace, 0 to delete** compared with \`${devFile}\` (stack \`dev\`); estimated cost $0.00 → $264.04 per month (+$264.04/month), at the autoscaling maximum $0.00 → $584.87 (+$584.87/month).`,
    ]);
    const section = md.slice(md.indexOf("### Changes"), md.indexOf("### Policy violations")).split("\n");
    assert.deepEqual(section.slice(0, 8), [
      "### Changes",
      "",
      "> [!WARNING]",
      "> - webapp-dev-cache-redis (Upstash Redis database) is replaced and not protected: deleting it loses every key, including queued Celery tasks. Back it up first, or set webapp:protectData true to make pulumi up refuse.",
      "",
      // Severity first (issue 15 item 18): the replaced database before everything else, creates last.
      "- replaces an Upstash Redis database (webapp-prod-cache-redis), +$30.00/month: create, then delete; databaseName cannot change in place",
      "  - `budget`: `1` → `30`",
      "  - `databaseName`: `webapp-dev` → `webapp-prod`",
    ]);
    const verbs = section.filter((l) => l.startsWith("- ")).map((l) => l.split(" ")[1]);
    const rank = { replaces: 0, updates: 1, creates: 2 } as Record<string, number>;
    assert.deepEqual(
      verbs.slice(1),
      [...verbs.slice(1)].sort((a, b) => rank[a] - rank[b]),
    );
    assert.equal(verbs.at(-1), "creates");
    assert.ok(
      section.includes("- updates a Render web service (webapp-prod-backend-web) in place, +$69.00/month"),
    );
    assert.ok(section.includes("  - `envVars.ALLOWED_HOSTS`: `(unset)` → `api.example.com`"));
    assert.ok(section.includes("  - `plan`: `free` → `standard`"));
    assert.ok(
      section.includes(
        `  - \`preDeployCommand\`: \`(unset)\` → \`python manage.py migrate --noinput && ${DEFAULT_RELEASE_COMMAND}\``,
      ),
    );
    assert.ok(
      section.includes(
        "- replaces a Cloudinary folder (webapp-prod-media-folder), +$99.00/month: create, then delete; path cannot change in place",
      ),
    );
    const fold = md.indexOf("<details>");
    assert.ok(fold > md.indexOf("### Policy violations"));
    assert.ok(
      md.indexOf("### Resources") > fold && md.indexOf("</details>") > md.indexOf("### Stack outputs"),
    );
  });

  it("text has a Changes vs <file> section with the summary", () => {
    const lines = formatComparisonText(prodToDev).split("\n");
    assert.deepEqual(lines.slice(0, 2), [
      "",
      `Changes vs ${prodFile} (stack "prod"): 0 to create, 9 to update, 5 to replace, 3 to delete`,
    ]);
    assert.deepEqual(lines.slice(-7), [
      `  - ${T.image}  webapp-prod-backend-image`,
      `  - ${T.registry}  webapp-prod-backend-registry`,
      `  - ${T.worker}  webapp-prod-backend-worker  -$7.00/month`,
      "  warning: webapp-prod-cache-redis (Upstash Redis database) is replaced: it is protected, so pulumi up stops before deleting it.",
      "  Estimated monthly cost: $264.04 -> $0.00 (-$264.04/month)",
      "  Cost at the autoscaling maximum $584.87 -> $0.00 (-$584.87/month)",
      "",
    ]);
  });

  it("shows prod's start, migrate and worker commands", () => {
    const text = formatText(prod).split("\n");
    // Prod's stack file names the app's own WSGI module (core.wsgi); the Render provider runs each command under /bin/sh -c.
    assert.ok(
      text.includes("          startCommand: exec gunicorn core.wsgi:application --bind 0.0.0.0:$PORT"),
    );
    assert.ok(
      text.includes(
        `          preDeployCommand: python manage.py migrate --noinput && ${DEFAULT_RELEASE_COMMAND}`,
      ),
    );
    assert.ok(text.includes("          startCommand: exec celery -A core worker --loglevel=info"));
    const worker = prod.resources.find((r) => r.type === T.worker)!;
    assert.equal(worker.inputs.startCommand, "exec celery -A core worker --loglevel=info");
  });

  it("never shows the registry token", () => {
    const shown = [
      JSON.stringify(devToProd),
      formatComparisonText(devToProd),
      formatMarkdown(prod, { comparison: devToProd }),
    ];
    for (const text of shown) assert.ok(!text.includes("plan-placeholder-secret"));
    const registry = devToProd.added.find((r) => r.type === T.registry)!;
    assert.equal(prod.resources.find((r) => r.urn === registry.urn)!.inputs.authToken, "[secret]");
  });

  describe("a bad compare file exits 2 with one line, before planning", () => {
    const cases: Array<[string, string | undefined, (file: string) => string]> = [
      [
        "missing",
        undefined,
        (f) => `--compare ${f}: no such file; write one with npm run plan -- --stack <name> --json ${f}`,
      ],
      [
        "not JSON (quoting none of it)",
        "SECRET_KEY=hunter2-very-secret",
        (f) => `--compare ${f}: not valid JSON; write one with npm run plan -- --stack <name> --json ${f}`,
      ],
      [
        "not a plan",
        JSON.stringify({
          project: "webapp",
          stack: "dev",
          resources: [{ urn: "u" }],
          cost: { lines: [], totalUsd: 0 },
        }),
        (f) =>
          `--compare ${f}: not a plan written by --json (resources[0] lacks urn, type, name or inputs); write one with npm run plan -- --stack <name> --json ${f}`,
      ],
    ];
    for (const [name, content, message] of cases) {
      it(name, async () => {
        const file = path.join(dir, `${name.replace(/ /g, "-")}.json`);
        if (content !== undefined) fs.writeFileSync(file, content);
        // A stack that does not exist either: the compare file is the first thing read, so it is what fails.
        const run = await runPlan(["--stack", "no-such-stack", "--compare", file]);
        assert.deepEqual(run, { code: 2, stdout: "", stderr: `error: ${message(file)}\n` });
      });
    }
  });
});
