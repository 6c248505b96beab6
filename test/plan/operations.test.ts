import * as assert from "node:assert/strict";
import { planStack } from "../../tools/plan/cli";
import { formatMarkdown } from "../../tools/plan/format-markdown";
import { operationsLines } from "../../tools/plan/operations";

const NEON_SOURCE =
  "neondatabase/website content/docs/introduction/plans.md; Neon API history_retention_seconds";

describe("plan: operations of dev and prod (issue 19)", function () {
  this.timeout(120_000);

  it("prod: monitors on /healthz and the site, Sentry projects with masked DSNs, 7 days of history, the backup schedule", async () => {
    const { report, planned } = await planStack("prod");
    assert.deepEqual(operationsLines(report.operations!), [
      "monitor webapp-prod-uptime-api: KEYWORD https://api.example.com/healthz every 300 s",
      "monitor webapp-prod-uptime-site: HTTP https://www.example.com every 300 s",
      "alerts to: ops@example.com",
      "error tracking: Sentry project webapp-prod-api (python-django), DSN [secret]",
      "error tracking: Sentry project webapp-prod-web (javascript-nextjs), DSN [secret]",
      `recovery window webapp-prod-database-project: 7 days (Neon history retention (point-in-time restore)) [${NEON_SOURCE}]`,
      'backups: nightly logical dump, cron "17 4 * * *" (UTC), kept 30 days [.github/workflows/backup.yml]',
    ]);
    const web = report.resources.find((r) => r.name === "webapp-prod-backend-web")!;
    const env = web.inputs.envVars as Record<string, string>;
    assert.deepEqual(
      [env.SENTRY_DSN, env.SENTRY_ENVIRONMENT, env.SENTRY_RELEASE],
      ["[secret]", "prod", "(known after deploy)"],
    );
    // The worker reports to the API's project too.
    const worker = report.resources.find((r) => r.name === "webapp-prod-backend-worker")!;
    assert.equal((worker.inputs.envVars as Record<string, string>).SENTRY_DSN, "[secret]");
    // The DSN the mocks made never leaves the plan unmasked.
    const key = planned.resources.find((r) => r.name === "webapp-prod-api-errors-key")!;
    const dsn = String(key.outputs.dsnPublic);
    assert.match(dsn, /^https:\/\/[0-9a-f]{32}@o0\.ingest\.sentry\.io\/\d+$/);
    assert.ok(!formatMarkdown(report).includes(dsn));
    assert.match(formatMarkdown(report), /### Operations\n\n- monitor webapp-prod-uptime-api: KEYWORD/);
    assert.deepEqual(
      report.cost.lines.filter((l) => l.monthlyUsd === 0).map((l) => l.name),
      ["webapp-prod-api-errors-project", "webapp-prod-uptime-api"],
    );
  });

  it("dev: keep-warm fits the free quotas (744 of 750 Render hours, Neon untouched), release = the pinned digest", async () => {
    const { report } = await planStack("dev");
    assert.deepEqual(
      report.operations!.keepWarm.map((q) => [q.quota, q.used, q.limit, q.over]),
      [
        ["render free instance hours", 744, 750, false],
        ["neon free compute hours", 0, 100, false],
        ["uptimerobot free monitors", 2, 50, false],
        ["uptimerobot free minimum interval", 600, 300, false],
      ],
    );
    const env = report.resources.find((r) => r.name === "webapp-dev-backend-web")!.inputs.envVars as Record<
      string,
      string
    >;
    assert.equal(
      env.SENTRY_RELEASE,
      "sha256:4c3f1b2a9d8e7f60123456789abcdef0123456789abcdef0123456789abcdef0",
    );
    const site = report.resources.find((r) => r.name === "webapp-dev-frontend-env-next-public-sentry-dsn")!;
    assert.deepEqual([site.inputs.value, site.inputs.sensitive], ["[secret]", false]);
    assert.equal(report.violations.filter((v) => v.enforcementLevel === "mandatory").length, 0);
  });
});
