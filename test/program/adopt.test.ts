/**
 * Issue 15, items 3 and 5: a stack that adopts a hand-made deployment. The Vercel project's existing variables
 * and domain are imported by the provider's own import ids (creating them again fails with ENV_ALREADY_EXISTS:
 * pulumiverse/pulumi-vercel#118), the adopted data is the data the app already uses (Neon's `neondb` /
 * `neondb_owner`, the Upstash and Vercel names as the consoles show them), and SECRET_KEY is the one the
 * deployment already has.
 */
import * as assert from "node:assert/strict";
import { planStack } from "../../tools/plan/cli";
import { formatText } from "../../tools/plan/format-text";
import type { PlanReport } from "../../tools/plan/report";
import type { PlannedResource, PlannedStack } from "../../tools/plan/types";
import { stackConfig, writeStack } from "../helpers/run-plan";

const T = {
  envVar: "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
  domain: "vercel:index/projectDomain:ProjectDomain",
  vercelProject: "vercel:index/project:Project",
  redis: "upstash:index/redisDatabase:RedisDatabase",
  role: "pulumi-nodejs:dynamic/neon:Role",
  database: "pulumi-nodejs:dynamic/neon:Database",
  password: "random:index/randomPassword:RandomPassword",
  webService: "pulumi-nodejs:dynamic/render:WebService",
};

const PROJECT = "team_acme/prj_Q1w2E3r4T5y6U7i8O9p0";
const VARIABLES = {
  NEXT_PUBLIC_API_URL: "FdT2e1E5Of6Cihmt",
  NEXT_PUBLIC_CLOUDINARY_CLOUD_NAME: "Xk3Lm9Pq2Rs7Tu1V",
};

/**
 * The provider's import id parser: `team_id/project_id/<second>` or `project_id/<second>`
 * (terraform-provider-vercel vercel/split.go `splitInto2Or3`, c8a6711), used by both the variable's and the
 * domain's ImportState; its team and project must be the adopted project's.
 */
function splitInto2Or3(id: string): { team: string; project: string; second: string } | undefined {
  const parts = id.split("/");
  if (parts.length === 2) return { team: "", project: parts[0], second: parts[1] };
  if (parts.length === 3) return { team: parts[0], project: parts[1], second: parts[2] };
  return undefined;
}

const of = (plan: PlannedStack, type: string) => plan.resources.filter((r) => r.type === type);
const one = (plan: PlannedStack, type: string): PlannedResource => {
  const found = of(plan, type);
  assert.equal(found.length, 1, `${type}: ${found.length}`);
  return found[0];
};

function adoptConfig(): Record<string, unknown> {
  const config = structuredClone(stackConfig("prod"));
  config["webapp:adopt"] = {
    neonProject: "shiny-wind-028834",
    upstashDatabase: "0f9e8d7c-6b5a-4321-8fed-cba987654321",
    vercelProject: PROJECT,
    vercelEnvVars: VARIABLES,
    vercelDomain: "www.example.com",
  };
  (config["webapp:cache"] as Record<string, unknown>).databaseName = "modestwear-cache";
  (config["webapp:frontend"] as Record<string, unknown>).projectName = "modestwear-web";
  (config["webapp:backend"] as Record<string, unknown>).secretKey = { secure: "v1:ZW5jcnlwdGVk" };
  return config;
}

describe("adopting a hand-made deployment: the offline plan", function () {
  this.timeout(60_000);
  let plan: PlannedStack;
  let report: PlanReport;
  before(async () => {
    ({ planned: plan, report } = await planStack("adopt", {
      configDir: writeStack("adopt", adoptConfig()),
    }));
  });

  it("imports the project's existing variables by the provider's import id, and creates the others", () => {
    const vars = of(plan, T.envVar);
    const byKey = Object.fromEntries(vars.map((v) => [String(v.inputs.key), v.options.import]));
    assert.deepEqual(byKey, {
      NEXT_PUBLIC_API_URL: `${PROJECT}/FdT2e1E5Of6Cihmt`,
      NEXT_PUBLIC_CLOUDINARY_CLOUD_NAME: `${PROJECT}/Xk3Lm9Pq2Rs7Tu1V`,
      NEXT_PUBLIC_CLOUDINARY_UPLOAD_PRESET: undefined,
      NEXT_PUBLIC_CLOUDINARY_UPLOAD_SIGNED: undefined,
      NEXT_PUBLIC_MEDIA_MAX_UPLOAD_BYTES: undefined,
      // prod tracks errors (webapp:ops), so the site gets a variable the hand-made project never had.
      NEXT_PUBLIC_SENTRY_DSN: undefined,
    });
  });

  it("imports the domain already on the project as the site's domain", () => {
    const domain = one(plan, T.domain);
    assert.equal(domain.inputs.domain, "www.example.com");
    assert.equal(domain.options.import, `${PROJECT}/www.example.com`);
    assert.equal(plan.outputs.frontendUrl, "https://www.example.com");
  });

  it("gives every Vercel import id the provider's exact format, on the adopted project", () => {
    const ids = [T.vercelProject, T.domain, T.envVar].flatMap((t) =>
      of(plan, t).flatMap((r) => (r.options.import ? [r.options.import] : [])),
    );
    assert.equal(ids.length, 4);
    assert.equal(ids[0], PROJECT);
    for (const id of ids.slice(1)) {
      assert.deepEqual(
        { ...splitInto2Or3(id), second: undefined },
        { team: "team_acme", project: "prj_Q1w2E3r4T5y6U7i8O9p0", second: undefined },
        id,
      );
      assert.match(splitInto2Or3(id)!.second, /^([A-Za-z0-9]{16}|www\.example\.com)$/);
    }
  });

  it("prints the imports as Pulumi's preview does (= import), apart from the creates", () => {
    const text = formatText(report).split("\n");
    const total = report.resources.length;
    assert.equal(
      text[1],
      `Summary vs an empty stack: ${total - 5} to create, 5 to import, 0 to update, 0 to replace, 0 to delete`,
    );
    const imported = text.filter((l) => /^\s*= /.test(l)).map((l) => l.trim());
    assert.deepEqual(imported.sort(), [
      `= ${T.redis}  webapp-adopt-cache-redis  (import 0f9e8d7c-6b5a-4321-8fed-cba987654321, protected, retained on delete)`,
      `= ${T.vercelProject}  webapp-adopt-frontend-project  (import ${PROJECT})`,
      `= ${T.domain}  webapp-adopt-frontend-domain  (import ${PROJECT}/www.example.com)`,
      `= ${T.envVar}  webapp-adopt-frontend-env-next-public-api-url  (import ${PROJECT}/FdT2e1E5Of6Cihmt)`,
      `= ${T.envVar}  webapp-adopt-frontend-env-next-public-cloudinary-cloud-name  (import ${PROJECT}/Xk3Lm9Pq2Rs7Tu1V)`,
    ]);
    const created = report.resources.filter((r) => r.type === T.envVar && !r.import);
    assert.equal(created.length, 4);
    for (const r of created) assert.ok(text.some((l) => l.trim() === `+ ${T.envVar}  ${r.name}`));
  });

  it("imports the Vercel project and the Upstash database under the names they already have", () => {
    assert.equal(one(plan, T.vercelProject).inputs.name, "modestwear-web");
    const redis = one(plan, T.redis);
    assert.equal(redis.inputs.databaseName, "modestwear-cache");
    assert.equal(redis.options.import, "0f9e8d7c-6b5a-4321-8fed-cba987654321");
  });

  it("points the app at the adopted project's own database and role, Neon's neondb / neondb_owner", () => {
    assert.equal(one(plan, T.role).inputs.name, "neondb_owner");
    assert.deepEqual(
      [one(plan, T.database).inputs.name, one(plan, T.database).inputs.ownerName],
      ["neondb", "neondb_owner"],
    );
  });

  it("keeps the adopted SECRET_KEY (a secret) and generates none", () => {
    assert.deepEqual(
      of(plan, T.password).map((r) => r.name),
      ["webapp-adopt-superuser-password"],
    );
    const web = one(plan, T.webService);
    const env = web.inputs.envVars as Record<string, string>;
    assert.equal(env.SECRET_KEY, "plan-placeholder-secret-key-of-fifty-or-more-characters");
    assert.ok(web.secretPaths.some((p) => p === "envVars" || p === "envVars.SECRET_KEY"));
    assert.ok(!formatText(report).includes("plan-placeholder-secret-key"));
    assert.ok(!JSON.stringify(report).includes("plan-placeholder-secret-key"));
  });
});

describe("adopting: names the stack states itself", function () {
  this.timeout(60_000);

  it("an adopted Neon project with its own database and role names uses those", async () => {
    const config = adoptConfig();
    Object.assign(config["webapp:database"] as object, { databaseName: "shop", roleName: "shop_app" });
    const { planned } = await planStack("adopt", { configDir: writeStack("adopt", config) });
    assert.equal(one(planned, T.role).inputs.name, "shop_app");
    assert.equal(one(planned, T.database).inputs.name, "shop");
  });

  it("a database name alone takes Neon's owner rule for the role: <database>_owner", async () => {
    const config = adoptConfig();
    Object.assign(config["webapp:database"] as object, { databaseName: "shop" });
    const { planned } = await planStack("adopt", { configDir: writeStack("adopt", config) });
    assert.equal(one(planned, T.role).inputs.name, "shop_owner");
  });

  it("a stack that adopts nothing keeps the program's own names and its generated SECRET_KEY", async () => {
    const { planned } = await planStack("prod");
    assert.equal(one(planned, T.role).inputs.name, "app");
    assert.equal(one(planned, T.database).inputs.name, "app");
    assert.deepEqual(
      of(planned, T.password)
        .map((r) => r.urn.split("::").pop())
        .sort(),
      ["webapp-prod-secret-key", "webapp-prod-superuser-password"],
    );
    assert.deepEqual(
      planned.resources.filter((r) => r.options.import).map((r) => r.name),
      [],
    );
  });
});
