import * as assert from "node:assert/strict";
import { classifyChange, dynamicProviderMap } from "../../tools/plan/classify";
import { REPLACE_ON_CHANGES } from "../../tools/plan/replace-on-change";
import { planStack } from "../../tools/plan/cli";

const UPSTASH = "upstash:index/redisDatabase:RedisDatabase";
const RANDOM = "random:index/randomPassword:RandomPassword";

describe("plan: update or replace", function () {
  this.timeout(120_000);

  it("finds a provider's own diff for every dynamic type dev and prod plan", async () => {
    const types = new Set<string>();
    for (const stack of ["dev", "prod"]) {
      for (const r of (await planStack(stack)).planned.resources) {
        if (r.type.startsWith("pulumi-nodejs:dynamic/")) types.add(r.type);
      }
    }
    assert.deepEqual([...types].sort(), [
      "pulumi-nodejs:dynamic/cloudinary:Folder",
      "pulumi-nodejs:dynamic/cloudinary:UploadPreset",
      "pulumi-nodejs:dynamic/neon:Database",
      "pulumi-nodejs:dynamic/neon:Project",
      "pulumi-nodejs:dynamic/neon:Role",
      "pulumi-nodejs:dynamic/render:BackgroundWorker",
      "pulumi-nodejs:dynamic/render:WebService",
      "pulumi-nodejs:dynamic/uptimerobot:AlertContact",
      "pulumi-nodejs:dynamic/uptimerobot:Monitor",
    ]);
    for (const t of types) assert.ok(dynamicProviderMap().has(t), t);
  });

  it("has a replace-on-change table entry, with a source, for every bridged type dev and prod plan", async () => {
    const types = new Set<string>();
    for (const stack of ["dev", "prod"]) {
      for (const r of (await planStack(stack)).planned.resources) {
        if (r.custom && !r.type.startsWith("pulumi-nodejs:dynamic/")) types.add(r.type);
      }
    }
    for (const t of types) assert.ok(REPLACE_ON_CHANGES[t], t);
    for (const rules of Object.values(REPLACE_ON_CHANGES)) {
      for (const rule of rules)
        assert.match(rule.source, /^[\w-]+\/[\w-]+ \S+\.go .*\(\w{7}, \d{4}-\d{2}-\d{2}\)/);
    }
  });

  const cases: Array<[string, string, Record<string, unknown>, Record<string, unknown>, string, string[]]> = [
    [
      "Neon region",
      "pulumi-nodejs:dynamic/neon:Project",
      { name: "a", regionId: "aws-us-east-1", pgVersion: 17 },
      { name: "a", regionId: "aws-eu-central-1", pgVersion: 17 },
      "replace",
      ["regionId"],
    ],
    [
      "Neon rename",
      "pulumi-nodejs:dynamic/neon:Project",
      { name: "a", regionId: "aws-us-east-1", pgVersion: 17 },
      { name: "b", regionId: "aws-us-east-1", pgVersion: 17 },
      "update",
      [],
    ],
    [
      "Render plan",
      "pulumi-nodejs:dynamic/render:WebService",
      { name: "a", image: "ghcr.io/a/b@sha256:" + "1".repeat(64), plan: "free", region: "oregon" },
      { name: "a", image: "ghcr.io/a/b@sha256:" + "1".repeat(64), plan: "starter", region: "oregon" },
      "update",
      [],
    ],
    [
      "Upstash tls off",
      UPSTASH,
      { databaseName: "a", tls: true },
      { databaseName: "a", tls: false },
      "replace",
      ["tls"],
    ],
    [
      "Upstash tls on",
      UPSTASH,
      { databaseName: "a", tls: false },
      { databaseName: "a", tls: true },
      "update",
      [],
    ],
    ["Upstash read regions", UPSTASH, { readRegions: [] }, { readRegions: ["us-west-2"] }, "update", []],
    ["password length", RANDOM, { length: 32 }, { length: 48 }, "replace", ["length"]],
    ["image tags", "docker-build:index:Image", { tags: ["a:1"] }, { tags: ["a:2"] }, "update", []],
  ];
  for (const [name, type, olds, news, action, replaces] of cases) {
    it(`${name}: ${action}`, async () => {
      const changed = Object.keys({ ...olds, ...news }).filter(
        (k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]),
      );
      const result = await classifyChange(type, olds, news, changed, false);
      assert.deepEqual([result.action, result.replaces], [action, replaces]);
    });
  }

  it("shows a Sentry project or key change as an update, citing the wrapped provider's schema", async () => {
    const project = "sentry:index/sentryProject:SentryProject";
    const result = await classifyChange(
      project,
      { organization: "a" },
      { organization: "b" },
      ["organization"],
      false,
    );
    assert.deepEqual(result, {
      action: "update",
      replaces: [],
      deleteBeforeReplace: false,
      basis: [
        "jianyuan/terraform-provider-sentry sentry/resource_sentry_project.go v0.11.2 (efcdc64, 2023-01-19): no ForceNew attribute, no CustomizeDiff",
      ],
    });
    const key = await classifyChange(
      "sentry:index/sentryKey:SentryKey",
      { name: "a" },
      { name: "b" },
      ["name"],
      false,
    );
    assert.match(key.basis[0], /resource_sentry_key\.go v0\.11\.2/);
  });

  it("keeps Render's delete-before-replace (service names are unique per workspace)", async () => {
    const olds = { name: "a", image: "ghcr.io/a/b@sha256:" + "1".repeat(64), plan: "free", region: "oregon" };
    const result = await classifyChange(
      "pulumi-nodejs:dynamic/render:WebService",
      olds,
      { ...olds, region: "ohio" },
      ["region"],
      false,
    );
    assert.deepEqual(result, {
      action: "replace",
      replaces: ["region"],
      deleteBeforeReplace: true,
      basis: ["the provider's own diff"],
    });
  });

  it("ignores what a provider reports for identical inputs (Render's ownerId from the environment)", async () => {
    const saved = process.env.RENDER_OWNER_ID;
    process.env.RENDER_OWNER_ID = "tea-plan";
    try {
      const olds = {
        name: "a",
        image: "ghcr.io/a/b@sha256:" + "1".repeat(64),
        plan: "free",
        region: "oregon",
      };
      const result = await classifyChange(
        "pulumi-nodejs:dynamic/render:WebService",
        olds,
        { ...olds, plan: "starter" },
        ["plan"],
        false,
      );
      assert.equal(result.action, "update");
    } finally {
      if (saved === undefined) delete process.env.RENDER_OWNER_ID;
      else process.env.RENDER_OWNER_ID = saved;
    }
  });
});
