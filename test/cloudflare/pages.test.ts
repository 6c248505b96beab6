import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { parse } from "yaml";
import { cloudflarePagesCatalog, CLOUDFLARE_TOKENS } from "../../components/cloudflare/catalog";
import { previewOriginRegex } from "../../components/cloudflare/pages-site";
import { findTarget, targetNames } from "../../components/targets";
import { findPlainCredentials } from "../../policies/offline/credential-values-are-secrets";
import { envVarsOf } from "../../policies/lib/env-vars";
import { planStack } from "../../tools/plan/cli";
import type { PlannedResource } from "../../tools/plan/types";
import { runPlan, writeStack } from "../helpers/run-plan";
import { plannedStack, resource, runPolicy } from "../policies/harness";

type Vars = Record<string, { type: string; value: string }>;
const project = (r: PlannedResource[]) => r.find((x) => x.type === CLOUDFLARE_TOKENS.pagesProject)!;
const varsOf = (p: PlannedResource, env: "production" | "preview") =>
  (p.inputs.deploymentConfigs as Record<string, { envVars: Vars }>)[env].envVars;

/** The credential policy's messages on one Pages project with these inputs. */
async function sensitivePolicy(inputs: Record<string, unknown>): Promise<string[]> {
  const stack = plannedStack([resource(CLOUDFLARE_TOKENS.pagesProject, "site", inputs)], {
    "webapp:tier": "free",
  });
  return (await runPolicy("credential-env-vars-sensitive", stack)).map((v) => v.message);
}

describe("cloudflare-pages frontend target", function () {
  this.timeout(60_000);

  it("is a frontend target beside vercel; loading the catalogs leaves @pulumi/cloudflare unloaded", () => {
    assert.ok(targetNames("frontend").includes("cloudflare-pages"));
    assert.equal(findTarget("frontend", "cloudflare-pages")!.catalog, cloudflarePagesCatalog);
    // A fresh process, as stacks/, the policy pack and the plan load the registry.
    const loaded = execFileSync(
      process.execPath,
      [
        "-r",
        "sucrase/register/ts",
        "-e",
        'require("./components/targets");' +
          'console.log(Object.keys(require.cache).filter((m) => m.includes("@pulumi/cloudflare/")).length)',
      ],
      { encoding: "utf8" },
    );
    assert.equal(loaded.trim(), "0");
  });

  describe("examples/pages", () => {
    for (const stack of ["production", "staging"]) {
      it(`plans ${stack} with exit 0`, async () => {
        const run = await runPlan(["--stack", stack, "--config-dir", "examples/pages"]);
        // The only notes are the SDK's about the outputs a stack without a backend leaves undefined.
        assert.deepEqual(
          run.stderr.split("\n").filter((l) => l && !/^warning: \[runtime\] Undefined value \(\w+\)/.test(l)),
          [],
        );
        assert.equal(run.code, 0);
        assert.match(run.stdout, /Policy violations: 0 mandatory, 0 advisory/);
      });
    }

    it("production: a full-stack site, the data URLs as secret_text in production and preview, no API", async () => {
      const { planned } = await planStack("production", { configDir: "examples/pages" });
      const types = planned.resources.map((r) => r.type);
      assert.ok(!types.some((t) => t.includes("render:") || t.startsWith("vercel:")));
      const p = project(planned.resources);
      assert.deepEqual(
        {
          name: p.inputs.name,
          accountId: p.inputs.accountId,
          productionBranch: p.inputs.productionBranch,
          buildConfig: p.inputs.buildConfig,
          source: p.inputs.source,
        },
        {
          name: "acme-shop",
          accountId: "0123456789abcdef0123456789abcdef",
          productionBranch: "main",
          buildConfig: {
            buildCommand: "npx @cloudflare/next-on-pages@1",
            destinationDir: ".vercel/output/static",
            rootDir: "web",
          },
          source: undefined,
        },
      );
      for (const env of ["production", "preview"] as const) {
        const vars = varsOf(p, env);
        assert.deepEqual(Object.keys(vars).sort(), ["DATABASE_POOLED_URL", "DATABASE_URL", "REDIS_URL"]);
        for (const [key, v] of Object.entries(vars)) {
          assert.equal(v.type, "secret_text", key);
          // The plan sees the whole of deploymentConfigs as one secret (a secret inside makes it so).
          const path = `deploymentConfigs.${env}.envVars.${key}.value`;
          assert.ok(
            p.secretPaths.some((s) => path === s || path.startsWith(`${s}.`)),
            key,
          );
        }
        assert.match(vars.DATABASE_URL.value, /^postgres(ql)?:\/\/[^:]+:[^@]+@/);
        assert.match(vars.REDIS_URL.value, /^rediss:\/\//);
      }
      const domain = planned.resources.find((r) => r.type === CLOUDFLARE_TOKENS.pagesDomain)!;
      assert.deepEqual(domain.inputs, {
        accountId: "0123456789abcdef0123456789abcdef",
        projectName: "acme-shop",
        name: "www.example.com",
      });
      assert.deepEqual(findPlainCredentials(planned.resources), []);
    });

    it("staging has data of its own: its own Pages project, Neon project and Upstash database", async () => {
      // One at a time: a plan run owns the SDK's global mock state.
      const prod = await planStack("production", { configDir: "examples/pages" });
      const staging = await planStack("staging", { configDir: "examples/pages" });
      const names = (p: typeof prod, type: string) =>
        p.planned.resources
          .filter((r) => r.type === type)
          .map((r) => JSON.stringify(r.inputs.name ?? r.inputs.databaseName));
      for (const type of [
        CLOUDFLARE_TOKENS.pagesProject,
        "pulumi-nodejs:dynamic/neon:Project",
        "upstash:index/redisDatabase:RedisDatabase",
      ]) {
        const s = names(staging, type);
        assert.equal(s.length, 1, type);
        assert.ok(!names(prod, type).includes(s[0]), type);
      }
      assert.equal(project(staging.planned.resources).inputs.productionBranch, "staging");
      assert.equal(staging.report.cost.totalUsd, 0);
    });
  });

  it("examples/managed: staging of the managed system plans with exit 0 at $0.00", async () => {
    const run = await runPlan(["--stack", "staging", "--config-dir", "examples/managed"]);
    assert.equal(run.stderr, "");
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Estimated monthly cost: \$0\.00/);
    assert.match(run.stdout, /Policy violations: 0 mandatory/);
  });

  describe("credential policies read the Pages variables", () => {
    const props = (type: string, value: string) => ({
      deploymentConfigs: { production: { envVars: { DATABASE_URL: { type, value } } }, preview: {} },
    });

    it("reads each environment's variables with their path and secret_text as sensitive", () => {
      const vars = envVarsOf(CLOUDFLARE_TOKENS.pagesProject, props("plain_text", "x"));
      assert.deepEqual(
        vars.map((v) => [v.key, v.path, v.value(), v.sensitive!()]),
        [["DATABASE_URL", "deploymentConfigs.production.envVars.DATABASE_URL.value", "x", false]],
      );
    });

    it("refuses a credential as plain_text and passes it as secret_text", async () => {
      const url = "postgresql://app:pw@ep-x.us-east-1.aws.neon.tech/app";
      const plain = await sensitivePolicy(props("plain_text", url));
      assert.equal(plain.length, 1);
      assert.match(plain[0], /DATABASE_URL carries a credential but is not sensitive/);
      assert.ok(!plain[0].includes("pw@"));
      assert.deepEqual(await sensitivePolicy(props("secret_text", url)), []);
    });

    it("the offline check finds a credential that was not a Pulumi secret", () => {
      const r = {
        urn: "urn:x",
        type: CLOUDFLARE_TOKENS.pagesProject,
        name: "site",
        inputs: props("secret_text", "postgresql://app:pw@h/app"),
        secretPaths: [],
      };
      assert.equal(findPlainCredentials([r]).length, 1);
      assert.deepEqual(
        findPlainCredentials([
          { ...r, secretPaths: ["deploymentConfigs.production.envVars.DATABASE_URL.value"] },
        ]),
        [],
      );
    });
  });

  it("trusts only this project's preview origins", () => {
    const re = new RegExp(previewOriginRegex("acme-shop"));
    assert.ok(re.test("https://3f2a1b9c.acme-shop.pages.dev"));
    assert.ok(re.test("https://feature-x.acme-shop.pages.dev"));
    assert.ok(!re.test("https://acme-shop.pages.dev.evil.com"));
    assert.ok(!re.test("https://x.other-acme-shop.pages.dev"));
  });

  it("config: a bad account id is one line naming the key, what it must be and the fix", async () => {
    const config = parse(fs.readFileSync("examples/pages/Pulumi.staging.yaml", "utf8")) as {
      config: Record<string, Record<string, unknown>>;
    };
    config.config["webapp:frontend"].accountId = "acme";
    const run = await runPlan(["--stack", "bad", "--config-dir", writeStack("bad", config.config)]);
    assert.equal(run.code, 2);
    assert.equal(run.stderr.trimEnd().split("\n").length, 1);
    assert.match(run.stderr, /webapp:frontend\.accountId/);
    assert.match(run.stderr, /32 hex digits/);
    assert.match(
      run.stderr,
      /Fix: pulumi config set --path webapp:frontend\.accountId '<32-hex-digit account id>' --stack bad$/m,
    );
  });
});
