import * as assert from "node:assert/strict";
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
  this.timeout(30_000);
  let planned: PlannedStack;
  let report: PlanReport;

  before(async () => {
    ({ planned, report } = await planStack("dev"));
  });

  describe("markdown", () => {
    it("opens with the stack and its exit status", () => {
      const lines = formatMarkdown(report).split("\n");
      assert.deepEqual(lines.slice(0, 3), [
        "## Plan of stack `dev` (webapp): exit 0, no mandatory policy violation",
        "",
        `26 resources, estimated $0.00/month, ${report.violations.length} policy violation(s).`,
      ]);
    });

    it("has one table per component, each listing that component's resources", () => {
      const md = formatMarkdown(report);
      assert.deepEqual(
        md.split("\n").filter((l) => l.startsWith("#### ")),
        [
          "#### App `webapp-dev`",
          "#### BackendService `webapp-dev-backend`",
          "#### Cache `webapp-dev-cache`",
          "#### Database `webapp-dev-database`",
          "#### FrontendSite `webapp-dev-frontend`",
          "#### MediaStore `webapp-dev-media`",
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
      assert.ok(
        formatMarkdown({ ...report, violations: [] }).includes(
          "\n### Policy violations\n\nnone\n\n### Estimated monthly cost\n",
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
      assert.ok(md.startsWith("## Plan of stack `dev` (webapp): exit 1, 1 mandatory policy violation(s)\n"));
      const section = between(md, "### Policy violations", "### Estimated monthly cost");
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
      const section = between(md, "### Estimated monthly cost", "### Stack outputs");
      assert.equal(
        section,
        [
          "### Estimated monthly cost",
          "",
          "| resource | basis | $/month |",
          "| --- | --- | ---: |",
          "| webapp-dev-backend-web | Render free: 1 × $0.00/instance-month | $0.00 |",
          "| webapp-dev-cache-redis | Upstash free database | $0.00 |",
          "| webapp-dev-database-project | Neon Free plan | $0.00 |",
          "| webapp-dev-frontend-project | Vercel Hobby (team) | $0.00 |",
          "| webapp-dev-media-folder | Cloudinary Free plan (account) | $0.00 |",
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
        "| backendUrl | `https://webapp-dev-api-a9e9.onrender.com` |",
        "| frontendUrl | `https://webapp-dev-f8c969.vercel.app` |",
        "| imageRef | `ghcr.io/acme/webapp-api@sha256:4c3f1b2a9d8e7f60123456789abcdef0123456789abcdef0123456789abcdef0` |",
        "| mediaFolder | `webapp-dev` |",
        "| databaseUrl | `[secret]` |",
        "| databasePooledUrl | `[secret]` |",
        "| redisUrl | `[secret]` |",
        "| superuserPassword | `[secret]` |",
        "",
      ]);
    });
  });

  describe("mermaid", () => {
    it("draws the same text for every plan of the stack", async () => {
      assert.equal(formatMermaid(await plan("dev")), formatMermaid(report));
    });

    it("draws one subgraph per component of the App", () => {
      assert.deepEqual(
        formatMermaid(report)
          .split("\n")
          .filter((l) => l.trimStart().startsWith("subgraph ")),
        [
          '  subgraph webapp_BackendService__webapp_dev_backend["BackendService<br/>webapp-dev-backend"]',
          '  subgraph webapp_Cache__webapp_dev_cache["Cache<br/>webapp-dev-cache"]',
          '  subgraph webapp_Database__webapp_dev_database["Database<br/>webapp-dev-database"]',
          '  subgraph webapp_FrontendSite__webapp_dev_frontend["FrontendSite<br/>webapp-dev-frontend"]',
          '  subgraph webapp_MediaStore__webapp_dev_media["MediaStore<br/>webapp-dev-media"]',
        ],
      );
    });

    it("draws the wiring between components from the planned dependencies", () => {
      assert.deepEqual(
        formatMermaid(report)
          .split("\n")
          .filter((l) => l.includes(" --> ")),
        [
          "  render_EnvVar__webapp_dev_backend_env_allowed_hosts --> vercel_ProjectDomain__webapp_dev_frontend_domain",
          "  render_EnvVar__webapp_dev_backend_env_cors_allowed_origins --> vercel_ProjectDomain__webapp_dev_frontend_domain",
          "  render_EnvVar__webapp_dev_backend_env_csrf_trusted_origins --> vercel_ProjectDomain__webapp_dev_frontend_domain",
          "  render_WebService__webapp_dev_backend_web --> neon_Database__webapp_dev_database_db",
          "  render_WebService__webapp_dev_backend_web --> neon_Project__webapp_dev_database_project",
          "  render_WebService__webapp_dev_backend_web --> neon_Role__webapp_dev_database_role",
          "  render_WebService__webapp_dev_backend_web --> random_RandomPassword__webapp_dev_secret_key",
          "  render_WebService__webapp_dev_backend_web --> random_RandomPassword__webapp_dev_superuser_password",
          "  render_WebService__webapp_dev_backend_web --> upstash_RedisDatabase__webapp_dev_cache_redis",
          "  render_WebService__webapp_dev_backend_web --> vercel_ProjectDomain__webapp_dev_frontend_domain",
          "  vercel_ProjectEnvironmentVariable__webapp_dev_frontend_env_next_public_api_url --> render_WebService__webapp_dev_backend_web",
          "  vercel_ProjectEnvironmentVariable__webapp_dev_frontend_env_next_public_cloudinary_upload_preset --> cloudinary_UploadPreset__webapp_dev_media_preset_webapp_dev_uploads",
        ],
      );
    });

    it("draws every custom resource once, inside its component or beside them", () => {
      const lines = formatMermaid(report).split("\n");
      const nodes = lines.filter((l) => /^ +\w+\["/.test(l) && !l.trimStart().startsWith("subgraph "));
      assert.equal(nodes.length, report.resources.filter((r) => r.custom).length);
      assert.ok(
        lines.includes('    neon_Role__webapp_dev_database_role["Neon Role<br/>webapp-dev-database-role"]'),
      );
      assert.ok(
        lines.includes(
          '  random_RandomPassword__webapp_dev_secret_key["Random RandomPassword<br/>webapp-dev-secret-key"]',
        ),
      );
    });

    it("keeps ids unique when two resources share a type and a name under different parents", () => {
      const resource = (
        urn: string,
        parent: string | undefined,
        type: string,
        custom: boolean,
      ): ReportResource => ({
        urn,
        type,
        name: urn.slice(urn.lastIndexOf("::") + 2),
        ...(parent ? { parent } : {}),
        custom,
        inputs: {},
        dependencies: [],
      });
      const app = "urn:pulumi:t::p::webapp:app:App::a";
      const one = "urn:pulumi:t::p::webapp:app:App$webapp:data:One::c1";
      const two = "urn:pulumi:t::p::webapp:app:App$webapp:data:Two::c2";
      const diagram = formatMermaid({
        project: "p",
        stack: "t",
        resources: [
          resource(app, undefined, "webapp:app:App", false),
          resource(one, app, "webapp:data:One", false),
          resource(two, app, "webapp:data:Two", false),
          resource(
            "urn:pulumi:t::p::webapp:data:One$random:index/randomPassword:RandomPassword::x",
            one,
            "random:index/randomPassword:RandomPassword",
            true,
          ),
          resource(
            "urn:pulumi:t::p::webapp:data:Two$random:index/randomPassword:RandomPassword::x",
            two,
            "random:index/randomPassword:RandomPassword",
            true,
          ),
        ],
        outputs: {},
        violations: [],
        cost: { lines: [], totalUsd: 0 },
      });
      const ids = diagram
        .split("\n")
        .filter((l) => l.includes("Random RandomPassword"))
        .map((l) => l.trim().split("[")[0]);
      assert.equal(ids.length, 2);
      assert.notEqual(ids[0], ids[1]);
      for (const id of ids) assert.match(id, /^random_RandomPassword__x_[0-9a-f]{8}$/);
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
