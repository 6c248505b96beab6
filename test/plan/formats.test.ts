import * as assert from "node:assert/strict";
import { DEFAULT_RELEASE_COMMAND } from "../../stacks/defaults";
import { plan, planStack } from "../../tools/plan/cli";
import { formatMarkdown } from "../../tools/plan/format-markdown";
import { formatMermaid } from "../../tools/plan/format-mermaid";
import { formatText } from "../../tools/plan/format-text";
import type { PlanReport, ReportResource } from "../../tools/plan/report";
import type { PlannedStack } from "../../tools/plan/types";

/** The text from heading `start` up to heading `end` (or the end); fails when a heading is missing. */
function between(md: string, start: string, end?: string): string {
  const from = md.indexOf(start);
  const to = end === undefined ? md.length : md.indexOf(end);
  assert.ok(from >= 0 && to > from, `the report has "${start}"${end ? ` followed by "${end}"` : ""}`);
  return md.slice(from, to);
}

/** Every generated secret of a plan, read from the unmasked outputs the mocks resolved. */
function secretsOf(planned: PlannedStack): string[] {
  const outputs = (type: string) => planned.resources.filter((r) => r.type === type).map((r) => r.outputs);
  const cloudinarySecret = /^cloudinary:\/\/[^:]+:([^@]+)@/.exec(process.env.CLOUDINARY_URL ?? "")?.[1];
  return [
    ...outputs("random:index/randomPassword:RandomPassword").map((o) => o.result),
    ...outputs("pulumi-nodejs:dynamic/neon:Role").map((o) => o.password),
    ...outputs("upstash:index/redisDatabase:RedisDatabase").flatMap((o) => [
      o.password,
      o.restToken,
      o.readOnlyRestToken,
    ]),
    cloudinarySecret,
  ].map(String);
}

describe("plan formats (dev)", function () {
  this.timeout(120_000);
  let planned: PlannedStack;
  let report: PlanReport;

  before(async () => {
    ({ planned, report } = await planStack("dev"));
  });

  describe("markdown", () => {
    it("opens with the stack and its exit status", () => {
      const lines = formatMarkdown(report).split("\n");
      assert.deepEqual(lines.slice(0, 4), [
        // The advisory: Vercel Hobby's terms on a free stack, which no offline check can settle.
        "## Plan of stack `dev` (webapp): exit 0, no mandatory policy violation, 1 advisory",
        "",
        "34 resources, estimated $0.00/month, 1 policy violation(s).",
        "Summary vs an empty stack: 34 to create, 0 to update, 0 to replace, 0 to delete.",
      ]);
    });

    it("has one table per component, each listing that component's resources", () => {
      const md = formatMarkdown(report);
      assert.deepEqual(
        md.split("\n").filter((l) => l.startsWith("#### ")),
        [
          "#### App `webapp-dev`",
          "#### ErrorTracking `webapp-dev-api-errors`",
          "#### BackendService `webapp-dev-backend`",
          "#### Cache `webapp-dev-cache`",
          "#### Database `webapp-dev-database`",
          "#### FrontendSite `webapp-dev-frontend`",
          "#### MediaStore `webapp-dev-media`",
          "#### Uptime `webapp-dev-uptime`",
          "#### ErrorTracking `webapp-dev-web-errors`",
          "#### Environment of `webapp-dev-backend-web`",
        ],
      );
      const cache = between(md, "#### Cache", "#### Database");
      assert.equal(
        cache,
        [
          "#### Cache `webapp-dev-cache`",
          "",
          "| name | type | key settings |",
          "| --- | --- | --- |",
          "| `webapp-dev-cache-redis` | Upstash RedisDatabase | databaseName: `webapp-dev`, region: `global`, primaryRegion: `us-east-1`, readRegions: `[]`, tls: `true`, eviction: `true` |",
          "",
          "",
        ].join("\n"),
      );
    });

    it("says none under policy violations when there are none", () => {
      assert.deepEqual(
        report.violations.map((v) => v.policyName),
        ["vercel-hobby-terms"],
      );
      assert.ok(
        formatMarkdown({ ...report, violations: [] }).includes(
          "\n### Policy violations\n\nnone\n\n### Resources\n",
        ),
      );
    });

    it("tabulates violations, one line each with pipes escaped, and reports exit 1", () => {
      const web = report.resources.find((r) => r.type === "pulumi-nodejs:dynamic/render:WebService")!;
      const md = formatMarkdown({
        ...report,
        violations: [
          {
            policyPack: "webapp-policies",
            policyName: "debug-disabled",
            enforcementLevel: "mandatory",
            message: "DEBUG is never truthy.\nenvVars.DEBUG is on | set it to False.",
            urn: web.urn,
          },
          {
            policyPack: "webapp-policies",
            policyName: "services-co-located",
            enforcementLevel: "advisory",
            message: "Services share a region.",
          },
        ],
      });
      assert.ok(
        md.startsWith(
          "## Plan of stack `dev` (webapp): exit 1, 1 mandatory policy violation(s), 1 advisory\n",
        ),
      );
      const section = between(md, "### Policy violations", "### Resources");
      assert.equal(
        section,
        [
          "### Policy violations",
          "",
          "| level | policy | resource | message |",
          "| --- | --- | --- | --- |",
          "| mandatory | debug-disabled | `webapp-dev-backend-web` | DEBUG is never truthy. envVars.DEBUG is on \\| set it to False. |",
          "| advisory | services-co-located | (stack) | Services share a region. |",
          "",
          "",
        ].join("\n"),
      );
    });

    it("prices every resource at $0.00 and totals $0.00", () => {
      const md = formatMarkdown(report);
      const section = between(md, "### Estimated monthly cost", "### Operations");
      assert.equal(
        section,
        [
          "### Estimated monthly cost",
          "",
          "| resource | basis | $/month |",
          "| --- | --- | ---: |",
          "| webapp-dev-api-errors-project | Sentry Developer plan (organization) [sentry.io/pricing: Developer $0, one user, 5k errors (via api-evangelist/sentry-system, 2026-09-20)] | $0.00 |",
          "| webapp-dev-backend-web | Render free: 1 × $0.00/instance-month | $0.00 |",
          "| webapp-dev-cache-redis | Upstash free database | $0.00 |",
          "| webapp-dev-database-project | Neon Free plan | $0.00 |",
          "| webapp-dev-frontend-project | Vercel Hobby (team) | $0.00 |",
          "| webapp-dev-media-folder | Cloudinary Free plan (account) | $0.00 |",
          "| webapp-dev-uptime-site | UptimeRobot Free plan (account): 2 monitor(s) [UptimeRobot Free plan, 50 monitors at 5 min (third-party pages in targets.md section 8; unverified)] | $0.00 |",
          "| **total** |  | **$0.00** |",
          "",
          "",
        ].join("\n"),
      );
    });

    it("lists the stack outputs with secrets masked", () => {
      const md = formatMarkdown(report);
      assert.deepEqual(between(md, "### Stack outputs").split("\n"), [
        "### Stack outputs",
        "",
        "| output | value |",
        "| --- | --- |",
        "| backendUrl | `(known after deploy)` |",
        "| frontendUrl | `(known after deploy)` |",
        "| imageRef | `ghcr.io/acme/webapp-api@sha256:4c3f1b2a9d8e7f60123456789abcdef0123456789abcdef0123456789abcdef0` |",
        "| mediaFolder | `webapp-dev` |",
        "| backendUnmanagedEnvVars | `[]` |",
        "| databaseUrl | `[secret]` |",
        "| databasePooledUrl | `[secret]` |",
        "| redisUrl | `[secret]` |",
        "| superuserPassword | `[secret]` |",
        "",
      ]);
    });
  });

  describe("the backend as a reviewer needs it", () => {
    it("lists the environment by variable name, masking each secret on its own", () => {
      const env = between(
        formatMarkdown(report),
        "#### Environment of `webapp-dev-backend-web`",
        "### Estimated",
      );
      // No custom domain: ALLOWED_HOSTS is left to the app (RENDER_EXTERNAL_HOSTNAME, docs/app-contract.md);
      // the origins name the frontend, whose Vercel URL is known only after deploy.
      assert.deepEqual(env.split("\n").slice(2), [
        "| variable | value |",
        "| --- | --- |",
        "| `CELERY_BROKER_URL` | `[secret]` |",
        "| `CELERY_RESULT_BACKEND` | `[secret]` |",
        "| `CELERY_TASK_ALWAYS_EAGER` | `True` |",
        "| `CELERY_TASK_EAGER_PROPAGATES` | `True` |",
        "| `CLOUDINARY_URL` | `[secret]` |",
        "| `CORS_ALLOWED_ORIGINS` | `(known after deploy)` |",
        "| `CORS_ALLOWED_ORIGIN_REGEXES` | `^https://webapp-dev-(?:[a-z0-9]{9}\\|git-[a-z0-9]+(?:-[a-z0-9]+)*)-acme\\.vercel\\.app$` |",
        "| `CSRF_TRUSTED_ORIGINS` | `(known after deploy)` |",
        "| `DATABASE_POOLED_URL` | `[secret]` |",
        "| `DATABASE_URL` | `[secret]` |",
        "| `DEBUG` | `False` |",
        "| `DJANGO_SUPERUSER_EMAIL` | `admin@example.com` |",
        "| `DJANGO_SUPERUSER_PASSWORD` | `[secret]` |",
        "| `DJANGO_SUPERUSER_USERNAME` | `admin` |",
        "| `FRONTEND_URL` | `(known after deploy)` |",
        "| `REDIS_URL` | `[secret]` |",
        "| `SECRET_KEY` | `[secret]` |",
        "| `SENTRY_DSN` | `[secret]` |",
        "| `SENTRY_ENVIRONMENT` | `dev` |",
        // dev runs a given image: its digest is known, so the release is too.
        "| `SENTRY_RELEASE` | `sha256:4c3f1b2a9d8e7f60123456789abcdef0123456789abcdef0123456789abcdef0` |",
        "| `WEB_CONCURRENCY` | `2` |",
        "",
        "",
      ]);
      const text = formatText(report).split("\n");
      assert.ok(text.includes("          env SECRET_KEY: [secret]"));
      assert.ok(text.includes("          env DEBUG: False"));
    });

    it("shows the start command, which migrates and releases first on the free plan", () => {
      // Dev's stack file names the app's own WSGI module (core.wsgi).
      assert.ok(
        formatText(report)
          .split("\n")
          .includes(
            `          startCommand: python manage.py migrate --noinput && ${DEFAULT_RELEASE_COMMAND} && exec gunicorn core.wsgi:application --bind 0.0.0.0:$PORT`,
          ),
      );
    });

    it("opens the text with a summary line", () => {
      assert.equal(
        formatText(report).split("\n")[1],
        "Summary vs an empty stack: 34 to create, 0 to update, 0 to replace, 0 to delete",
      );
    });
  });

  describe("values known only after deploy", () => {
    it("marks every input and output the mocks invented, and lists them in the JSON", () => {
      const byName = (name: string) => report.resources.find((r) => r.name === name)!;
      assert.equal(byName("webapp-dev-database-role").inputs.projectId, "(known after deploy)");
      assert.deepEqual(byName("webapp-dev-database-role").unknownInputs, ["branchId", "projectId"]);
      // The origins in the create env name the frontend's Vercel URL, which Vercel assigns.
      assert.deepEqual(
        byName("webapp-dev-backend-web").unknownInputs?.filter((p) => p.endsWith("_ORIGINS")),
        ["envVars.CORS_ALLOWED_ORIGINS", "envVars.CSRF_TRUSTED_ORIGINS"],
      );
      assert.equal(report.outputs.backendUrl, "(known after deploy)");
      // The default *.vercel.app name is derived from the project id Vercel assigns.
      assert.equal(byName("webapp-dev-frontend-domain").inputs.domain, "(known after deploy)");
      assert.equal(report.outputs.frontendUrl, "(known after deploy)");
      // The credentials too (generated passwords, hosts): masked as secrets first, which they stay.
      assert.deepEqual(planned.unknownOutputs, [
        "backendUrl",
        "databasePooledUrl",
        "databaseUrl",
        "frontendUrl",
        "redisUrl",
        "superuserPassword",
      ]);
      // Configured, not invented: the pinned image and the media folder stay as they are.
      assert.match(String(report.outputs.imageRef), /^ghcr\.io\/acme\/webapp-api@sha256:4c3f/);
      assert.equal(report.outputs.mediaFolder, "webapp-dev");
    });

    it("never shows an invented id or URL as if it were real, in any format", () => {
      const invented = [
        ...planned.resources.flatMap((r) => Object.values(r.outputs)).map(String),
        String(planned.outputs.backendUrl),
      ].filter((v) => /^(srv-|dep-|br-|ep-|https:\/\/webapp-dev-api-)/.test(v));
      assert.ok(invented.length >= 5, "the mocks invented Render and Neon ids and the Render URL");
      const shown = [
        formatText(report),
        JSON.stringify(report),
        formatMarkdown(report),
        formatMermaid(report),
      ];
      for (const text of shown) for (const v of invented) assert.ok(!text.includes(v), v);
    });
  });

  describe("mermaid", () => {
    it("draws the same text for every plan of the stack", async () => {
      assert.equal(formatMermaid(await plan("dev")), formatMermaid(report));
    });

    it("draws one box per component and one for the App's own secrets, with short labels", () => {
      assert.deepEqual(
        formatMermaid(report)
          .split("\n")
          .filter((l) => /^  \w+\["/.test(l)),
        [
          '  provider_random["Random<br/>RandomPassword ×2"]',
          '  webapp_dev_api_errors["ErrorTracking<br/>sentry"]',
          '  webapp_dev_backend["BackendService<br/>Render"]',
          '  webapp_dev_cache["Cache<br/>Upstash"]',
          '  webapp_dev_database["Database<br/>Neon"]',
          '  webapp_dev_frontend["FrontendSite<br/>Vercel"]',
          '  webapp_dev_media["MediaStore<br/>Cloudinary"]',
          '  webapp_dev_uptime["Uptime<br/>uptimerobot"]',
          '  webapp_dev_web_errors["ErrorTracking<br/>sentry"]',
        ],
      );
    });

    it("labels the wiring between components with the variables it carries", () => {
      assert.deepEqual(
        formatMermaid(report)
          .split("\n")
          .filter((l) => l.includes("-->")),
        [
          '  provider_random -- "DJANGO_SUPERUSER_PASSWORD<br/>SECRET_KEY" --> webapp_dev_backend',
          '  webapp_dev_api_errors -- "SENTRY_DSN" --> webapp_dev_backend',
          '  webapp_dev_backend -- "NEXT_PUBLIC_API_URL" --> webapp_dev_frontend',
          '  webapp_dev_backend -- "url" --> webapp_dev_uptime',
          '  webapp_dev_cache -- "CELERY_BROKER_URL<br/>CELERY_RESULT_BACKEND<br/>REDIS_URL" --> webapp_dev_backend',
          '  webapp_dev_database -- "DATABASE_POOLED_URL<br/>DATABASE_URL" --> webapp_dev_backend',
          // dev has no custom domain, so its create env holds only the origins, which name the frontend.
          '  webapp_dev_frontend -- "CORS_ALLOWED_ORIGINS<br/>CSRF_TRUSTED_ORIGINS<br/>FRONTEND_URL" --> webapp_dev_backend',
          '  webapp_dev_frontend -- "url" --> webapp_dev_uptime',
          '  webapp_dev_media -- "NEXT_PUBLIC_CLOUDINARY_UPLOAD_PRESET" --> webapp_dev_frontend',
          '  webapp_dev_web_errors -- "NEXT_PUBLIC_SENTRY_DSN" --> webapp_dev_frontend',
        ],
      );
    });

    it("folds resources into their box: no resource name appears, env-var resources included", () => {
      const diagram = formatMermaid(report);
      for (const r of report.resources.filter((x) => x.custom)) assert.ok(!diagram.includes(r.name), r.name);
    });

    it("keeps ids unique when two components share a name under different parents", () => {
      const resource = (
        urn: string,
        parent: string | undefined,
        type: string,
        custom: boolean,
        extra: Partial<ReportResource> = {},
      ): ReportResource => ({
        urn,
        type,
        name: urn.slice(urn.lastIndexOf("::") + 2),
        ...(parent ? { parent } : {}),
        custom,
        inputs: {},
        dependencies: [],
        ...extra,
      });
      const app = "urn:pulumi:t::p::webapp:app:App::a";
      const one = "urn:pulumi:t::p::webapp:app:App$webapp:data:One::c";
      const two = "urn:pulumi:t::p::webapp:app:App$webapp:data:Two::c";
      const x1 = "urn:pulumi:t::p::webapp:data:One$random:index/randomPassword:RandomPassword::x";
      const diagram = formatMermaid({
        project: "p",
        stack: "t",
        resources: [
          resource(app, undefined, "webapp:app:App", false),
          resource(one, app, "webapp:data:One", false),
          resource(two, app, "webapp:data:Two", false),
          resource(x1, one, "random:index/randomPassword:RandomPassword", true),
          resource(
            "urn:pulumi:t::p::webapp:data:Two$pulumi-nodejs:dynamic/render:WebService::y",
            two,
            "pulumi-nodejs:dynamic/render:WebService",
            true,
            {
              inputs: { envVars: {} },
              inputDependencies: { "envVars.TOKEN": [x1] },
              dependencies: [x1, one],
            },
          ),
        ],
        outputs: {},
        violations: [],
        cost: { lines: [], totalUsd: 0 },
      });
      const lines = diagram.split("\n");
      const ids = lines.filter((l) => l.includes('["')).map((l) => l.trim().split("[")[0]);
      assert.equal(ids.length, 2);
      for (const id of ids) assert.match(id, /^c_[0-9a-f]{8}$/);
      const one_ = lines
        .find((l) => l.includes('"One<br/>Random"'))!
        .trim()
        .split("[")[0];
      const two_ = lines
        .find((l) => l.includes('"Two<br/>Render"'))!
        .trim()
        .split("[")[0];
      // The dependency on One's resource is explained by the variable; the one on the component box is not.
      assert.deepEqual(
        lines.filter((l) => l.includes("-->")),
        [`  ${one_} -- "TOKEN" --> ${two_}`].sort(),
      );
    });
  });

  it("prints no generated secret in any format", () => {
    const secrets = secretsOf(planned);
    // Two random passwords, the Neon role's password, Upstash's password and two tokens, Cloudinary's API secret.
    assert.equal(secrets.length, 7);
    for (const s of secrets) assert.ok(s.length >= 8, "each secret was generated");
    const outputs = {
      text: formatText(report),
      json: JSON.stringify(report, null, 2),
      markdown: formatMarkdown(report),
      mermaid: formatMermaid(report),
    };
    for (const [format, text] of Object.entries(outputs)) {
      const leaked = secrets.filter((s) => text.includes(s)).length;
      assert.equal(leaked, 0, `${format} output shows ${leaked} secret value(s)`);
    }
  });
});
