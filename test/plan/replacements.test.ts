import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PlanComparison } from "../../tools/plan/compare";
import { runPlan, stackConfig, writeStack } from "../helpers/run-plan";

describe("plan --compare: a region change on a copy of dev", function () {
  this.timeout(180_000);
  let dir: string;
  let configDir: string;
  let c: PlanComparison;
  let markdown: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-region-"));
    const before = path.join(dir, "before.json");
    configDir = writeStack("copy", stackConfig("dev"));
    assert.equal((await runPlan(["--stack", "copy", "--config-dir", configDir, "--json", before])).code, 0);
    fs.rmSync(configDir, { recursive: true, force: true });
    configDir = writeStack("copy", { ...stackConfig("dev"), "webapp:region": "eu-central" });
    const args = ["--stack", "copy", "--config-dir", configDir, "--compare", before];
    const json = await runPlan([...args, "--format", "json"]);
    assert.equal(json.stderr, "");
    c = (JSON.parse(json.stdout) as { compare: PlanComparison }).compare;
    markdown = (await runPlan([...args, "--format", "markdown"])).stdout;
  });

  after(() => {
    for (const d of [dir, configDir]) fs.rmSync(d, { recursive: true, force: true });
  });

  it("replaces the Neon project and the Render service, and what takes their ids", () => {
    const byName = Object.fromEntries(
      c.changed.map((r) => [r.name, [r.action, r.replaces ?? [], r.deleteBeforeReplace ?? false]]),
    );
    // The region itself: the Render service goes first (delete, then create), the Neon project does not.
    assert.deepEqual(byName["webapp-copy-backend-web"], ["replace", ["region"], true]);
    assert.deepEqual(byName["webapp-copy-database-project"], ["replace", ["regionId"], false]);
    assert.deepEqual(byName, {
      "webapp-copy-backend-web": ["replace", ["region"], true],
      "webapp-copy-cache-redis": ["replace", ["primaryRegion"], false],
      // The role and the database live on the project's root branch: they take the new project's ids.
      "webapp-copy-database-db": ["replace", ["branchId", "projectId"], false],
      "webapp-copy-database-project": ["replace", ["regionId"], false],
      "webapp-copy-database-role": ["replace", ["branchId", "projectId"], false],
      // The frontend's API URL is the new service's: an update in place.
      "webapp-copy-frontend-env-next-public-api-url": ["update", [], false],
      "webapp-copy-frontend-project": ["update", [], false],
      // The monitor follows the new service's URL.
      "webapp-copy-uptime-api": ["update", [], false],
    });
    assert.deepEqual(c.summary, { create: 0, update: 3, replace: 5, delete: 0 });
    const role = c.changed.find((r) => r.name === "webapp-copy-database-role")!;
    assert.deepEqual(role.replacedWith, ["webapp-copy-database-project"]);
    const apiUrl = c.changed.find((r) => r.name === "webapp-copy-frontend-env-next-public-api-url")!;
    assert.deepEqual(apiUrl.replacedWith, ["webapp-copy-backend-web"]);
    const web = c.changed.find((r) => r.name === "webapp-copy-backend-web")!;
    assert.deepEqual(web.changes, [{ path: "region", old: "virginia", new: "frankfurt" }]);
    const project = c.changed.find((r) => r.name === "webapp-copy-database-project")!;
    assert.deepEqual(project.changes, [{ path: "regionId", old: "aws-us-east-1", new: "aws-eu-central-1" }]);
  });

  it("warns that each unprotected stateful resource replaced loses its data", () => {
    assert.deepEqual(c.warnings, [
      "webapp-copy-cache-redis (Upstash Redis database) is replaced and not protected: deleting it loses every key, including queued Celery tasks. Back it up first, or set webapp:protectData true to make pulumi up refuse.",
      "webapp-copy-database-db (Neon database) is replaced and not protected: deleting it loses its tables and rows. Back it up first, or set webapp:protectData true to make pulumi up refuse.",
      "webapp-copy-database-project (Neon project) is replaced and not protected: deleting it loses every branch, database and its point-in-time history. Back it up first, or set webapp:protectData true to make pulumi up refuse.",
    ]);
  });

  it("says so in the pull-request markdown, delete-before-replace included", () => {
    const lines = markdown.split("\n");
    assert.ok(lines.includes("> [!WARNING]"));
    assert.ok(
      lines.includes(
        "- replaces a Render web service (webapp-copy-backend-web): delete, then create; region cannot change in place",
      ),
    );
    assert.ok(
      lines.includes(
        "- replaces a Neon project (webapp-copy-database-project): create, then delete; regionId cannot change in place",
      ),
    );
    assert.ok(
      lines.includes(
        "- replaces a Neon database (webapp-copy-database-db): create, then delete; branchId, projectId take new ids from webapp-copy-database-project (replaced)",
      ),
    );
    assert.ok(
      lines.includes(
        "- updates a Vercel environment variable (webapp-copy-frontend-env-next-public-api-url) in place; takes new values from webapp-copy-backend-web (replaced)",
      ),
    );
  });
});
