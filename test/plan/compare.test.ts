import * as assert from "node:assert/strict";
import { DEFAULT_RELEASE_COMMAND } from "../../stacks/defaults";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PlanComparison, comparePlans, formatComparisonText } from "../../tools/plan/compare";
import { formatMarkdown } from "../../tools/plan/format-markdown";
import type { PlanReport } from "../../tools/plan/report";
import { runPlan, stackConfig, writeStack } from "../helpers/run-plan";

const T = {
  image: "docker-build:index:Image",
  registry: "pulumi-nodejs:dynamic/render:RegistryCredential",
  worker: "pulumi-nodejs:dynamic/render:BackgroundWorker",
};

/** Every resource both stacks have: all of them differ (names, ids, plans) except the stack, App and components. */
const CHANGED_IN_PROD = [
  "webapp-prod-backend-env-allowed-hosts",
  "webapp-prod-backend-env-cors-allowed-origins",
  "webapp-prod-backend-env-csrf-trusted-origins",
  "webapp-prod-backend-web",
  "webapp-prod-cache-redis",
  "webapp-prod-database-db",
  "webapp-prod-database-project",
  "webapp-prod-database-role",
  "webapp-prod-frontend-domain",
  "webapp-prod-frontend-env-next-public-api-url",
  "webapp-prod-frontend-env-next-public-cloudinary-cloud-name",
  "webapp-prod-frontend-env-next-public-cloudinary-upload-preset",
  "webapp-prod-frontend-env-next-public-cloudinary-upload-signed",
  "webapp-prod-frontend-env-next-public-media-max-upload-bytes",
  "webapp-prod-frontend-project",
  "webapp-prod-media-folder",
  "webapp-prod-media-preset-webapp-prod-uploads",
];

describe("plan --compare", function () {
  this.timeout(30_000);
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
    assert.equal(prodRun.stderr, "");
    assert.equal(prodRun.code, 0);
    ({ compare: devToProd, ...prod } = JSON.parse(prodRun.stdout) as PlanReport & {
      compare: PlanComparison;
    });
    const backRun = await runPlan(["--stack", "dev", "--format", "json", "--compare", prodFile]);
    assert.equal(backRun.stderr, "");
    prodToDev = (JSON.parse(backRun.stdout) as { compare: PlanComparison }).compare;
  });

  after(() => {
    for (const d of [dir, configDir]) fs.rmSync(d, { recursive: true, force: true });
  });

  it("dev -> prod adds the image build, the registry credential and the background worker", () => {
    assert.deepEqual(
      devToProd.added.map((r) => [r.type, r.name, r.monthlyUsdDelta]),
      [
        [T.image, "webapp-prod-backend-image", 0],
        [T.registry, "webapp-prod-backend-registry", 0],
        [T.worker, "webapp-prod-backend-worker", 7],
      ],
    );
    assert.deepEqual(devToProd.removed, []);
    assert.equal(devToProd.file, devFile);
    assert.equal(devToProd.stack, "dev");
  });

  it("dev -> prod matches resources across the stacks and lists what changed", () => {
    assert.deepEqual(
      devToProd.changed.map((r) => r.name),
      CHANGED_IN_PROD,
    );
    const web = devToProd.changed.find((r) => r.name === "webapp-prod-backend-web")!;
    assert.equal(web.oldUrn, dev.resources.find((r) => r.name === "webapp-dev-backend-web")!.urn);
    assert.equal(web.monthlyUsdDelta, 69);
    assert.deepEqual(
      web.changes.map((c) => c.path),
      [
        "autoscaling",
        "customDomains",
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
        new: `sh -c 'python manage.py migrate --noinput && ${DEFAULT_RELEASE_COMMAND}'`,
      },
    );
  });

  it("compares secrets as masks: the backend's env vars read unchanged", () => {
    const web = devToProd.changed.find((r) => r.name === "webapp-prod-backend-web")!;
    assert.equal(
      web.changes.find((c) => c.path.startsWith("envVars")),
      undefined,
    );
  });

  it("prices the difference exactly", () => {
    assert.deepEqual(devToProd.cost, { oldUsd: 0, newUsd: 264.04, deltaUsd: 264.04 });
    assert.deepEqual(prodToDev.cost, { oldUsd: 264.04, newUsd: 0, deltaUsd: -264.04 });
    const perResource = [...devToProd.added, ...devToProd.changed].reduce(
      (sum, r) => sum + r.monthlyUsdDelta,
      0,
    );
    assert.equal(Math.round(perResource * 100) / 100, 264.04);
  });

  it("prod -> dev removes what dev -> prod added", () => {
    assert.deepEqual(prodToDev.added, []);
    assert.deepEqual(
      prodToDev.removed.map((r) => [r.type, r.name, r.monthlyUsdDelta]),
      [
        [T.image, "webapp-prod-backend-image", 0],
        [T.registry, "webapp-prod-backend-registry", 0],
        [T.worker, "webapp-prod-backend-worker", -7],
      ],
    );
    assert.equal(prodToDev.changed.length, CHANGED_IN_PROD.length);
  });

  it("finds nothing to report between two plans of one stack", () => {
    assert.deepEqual(comparePlans(dev, dev, devFile), {
      file: devFile,
      stack: "dev",
      added: [],
      changed: [],
      removed: [],
      cost: { oldUsd: 0, newUsd: 0, deltaUsd: 0 },
    });
  });

  it("markdown has a Changes section in words", () => {
    const md = formatMarkdown(prod, { comparison: devToProd });
    const section = md.slice(md.indexOf("### Changes"), md.indexOf("### Resources")).split("\n");
    assert.deepEqual(section.slice(0, 7), [
      "### Changes",
      "",
      `Compared with \`${devFile}\` (stack \`dev\`): 3 added, 17 changed, 0 removed.`,
      "",
      "- adds a Docker image build (webapp-prod-backend-image)",
      "- adds a Render registry credential (webapp-prod-backend-registry)",
      "- adds a Render background worker (webapp-prod-backend-worker), +$7.00/month",
    ]);
    assert.ok(section.includes("- changes a Render web service (webapp-prod-backend-web), +$69.00/month"));
    assert.ok(section.includes("  - `plan`: `free` → `standard`"));
    assert.ok(
      section.includes(
        `  - \`preDeployCommand\`: \`(unset)\` → \`sh -c 'python manage.py migrate --noinput && ${DEFAULT_RELEASE_COMMAND}'\``,
      ),
    );
    assert.equal(section.at(-3), "- estimated cost $0.00 → $264.04 per month (+$264.04/month)");
  });

  it("text has a Changes vs <file> section", () => {
    const lines = formatComparisonText(prodToDev).split("\n");
    assert.deepEqual(lines.slice(0, 2), [
      "",
      `Changes vs ${prodFile} (stack "prod"): 0 added, 17 changed, 3 removed`,
    ]);
    assert.deepEqual(lines.slice(-5), [
      `  - ${T.image}  webapp-prod-backend-image`,
      `  - ${T.registry}  webapp-prod-backend-registry`,
      `  - ${T.worker}  webapp-prod-backend-worker  -$7.00/month`,
      "  Estimated monthly cost: $264.04 -> $0.00 (-$264.04/month)",
      "",
    ]);
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
