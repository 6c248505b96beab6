import * as assert from "node:assert/strict";
import { registerTarget, targetNames, unregisterTarget } from "../../components/targets";
import { App, stackOutputs } from "../../compose";
import { loadStackConfig } from "../../stacks";
import { runUnderMocks } from "../../tools/plan/collect";
import type { PlannedStack } from "../../tools/plan/types";
import { stackConfig } from "../helpers/run-plan";
import { keydbCatalog } from "./fake-target/catalog";

const CLOUDINARY = "cloudinary://key:secret@demo";

/** Plans the program (stacks -> compose) for `dev`'s stack file with some keys replaced. */
function planDev(changes: Record<string, unknown>): Promise<PlannedStack> {
  const config = Object.fromEntries(
    Object.entries({ ...stackConfig("dev"), ...changes, "cloudinary:url": CLOUDINARY })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  return runUnderMocks({ project: "webapp", stack: "dev", config, secretKeys: ["cloudinary:url"] }, () => {
    const c = loadStackConfig();
    // As index.ts exports them: a part the stack has not exports nothing.
    return stackOutputs(new App(c.prefix, c).outputs);
  });
}

const typesOf = (p: PlannedStack) => p.resources.map((r) => r.type);
const webEnv = (p: PlannedStack) =>
  p.resources.find((r) => r.type === "pulumi-nodejs:dynamic/render:WebService")!.inputs.envVars as Record<
    string,
    string
  >;

describe("targets: a new one plugs in by adding files", function () {
  this.timeout(30_000);
  before(() =>
    // The one line a new target adds (for a built-in one, in components/targets.ts).
    registerTarget({
      catalog: keydbCatalog,
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a stack uses it, as the built-in targets are
      load: () => (require("./fake-target/build") as typeof import("./fake-target/build")).keydbBuilder,
    }),
  );
  after(() => unregisterTarget("cache", "keydb"));

  it("is a choice of webapp:cache.target beside today's vendor and none", () =>
    assert.deepEqual(targetNames("cache"), ["upstash", "docker", "render-keyvalue", "keydb"]));

  it("builds the cache on the test's target and hands its contract to the backend", async () => {
    const plan = await planDev({ "webapp:cache": { target: "keydb", maxMemoryMb: 200 } });
    assert.ok(!typesOf(plan).includes("upstash:index/redisDatabase:RedisDatabase"));
    const server = plan.resources.find((r) => r.type === "webapp:test:KeyDbServer")!;
    assert.equal(server.name, "webapp-dev-cache-server");
    assert.equal(server.parent, "urn:pulumi:dev::webapp::pulumi:pulumi:Stack$webapp:app:App::webapp-dev");
    assert.deepEqual(
      { region: server.inputs.region, port: server.inputs.port, maxMemoryMb: server.inputs.maxMemoryMb },
      { region: "nyc", port: 6379, maxMemoryMb: 200 },
    );
    // The host comes from the catalog's mock answer; the URL from the contract, through environment.ts.
    const env = webEnv(plan);
    assert.match(env.REDIS_URL, /^redis:\/\/:[\w-]{32}@keydb-[0-9a-f]{6}\.nyc\.example\.net:6379\/0$/);
    assert.equal(env.CELERY_BROKER_URL, env.REDIS_URL);
    // The other parts stay on their targets.
    assert.ok(typesOf(plan).includes("pulumi-nodejs:dynamic/neon:Project"));
  });

  it("brings its own config schema, defaults and tier rules", async () => {
    const plan = await planDev({ "webapp:cache": { target: "keydb" } });
    assert.equal(plan.resources.find((r) => r.type === "webapp:test:KeyDbServer")!.inputs.maxMemoryMb, 128);
    await assert.rejects(planDev({ "webapp:cache": { target: "keydb", maxMemoryMb: 512 } }), {
      message:
        "webapp:cache.maxMemoryMb is 512; the free host has 256 MB on the free tier (webapp:tier is free). Fix: pulumi config set --path webapp:cache.maxMemoryMb 256 --stack dev",
    });
    await assert.rejects(planDev({ "webapp:cache": { target: "keydb", readRegions: [] } }), {
      message:
        "webapp:cache.readRegions is not a known setting; known under webapp:cache: port, maxMemoryMb, target. Fix: pulumi config rm --path webapp:cache.readRegions --stack dev",
    });
  });

  it("refuses a second target of the same name for the same part", () =>
    assert.throws(
      () => registerTarget({ catalog: keydbCatalog, load: () => ({ build: () => assert.fail() }) }),
      {
        message: 'A cache target named "keydb" is already registered.',
      },
    ));
});

describe("targets: choosing and leaving out parts", function () {
  this.timeout(30_000);

  it("refuses a target nobody registered, with the choices and a fix", async () => {
    await assert.rejects(planDev({ "webapp:cache": { target: "memcached" } }), {
      message:
        'webapp:cache.target is "memcached"; allowed: upstash, docker, render-keyvalue, none. Fix: pulumi config set --path webapp:cache.target upstash --stack dev',
    });
    await assert.rejects(planDev({ "webapp:database": { target: "neno" } }), {
      message:
        'webapp:database.target is "neno"; allowed: neon, docker, render-postgres, none; did you mean neon? Fix: pulumi config set --path webapp:database.target neon --stack dev',
    });
  });

  it("names today's vendor when a stack says so explicitly: the same resources as leaving it out", async () => {
    const implicit = await planDev({});
    const explicit = await planDev({
      "webapp:database": { target: "neon" },
      "webapp:cache": { target: "upstash" },
      "webapp:media": { target: "cloudinary" },
      "webapp:backend": { ...(stackConfig("dev")["webapp:backend"] as object), target: "render" },
      "webapp:frontend": { ...(stackConfig("dev")["webapp:frontend"] as object), target: "vercel" },
    });
    assert.deepEqual(
      explicit.resources.map((r) => [r.type, r.name]),
      implicit.resources.map((r) => [r.type, r.name]),
    );
  });

  it("leaves out the media and the frontend: no Cloudinary or Vercel resource, no variable naming them", async () => {
    const plan = await planDev({ "webapp:media": { target: "none" }, "webapp:frontend": { target: "none" } });
    assert.deepEqual(
      typesOf(plan).filter((t) => /cloudinary|vercel/.test(t)),
      [],
    );
    const env = webEnv(plan);
    for (const key of ["CLOUDINARY_URL", "FRONTEND_URL", "CORS_ALLOWED_ORIGIN_REGEXES"]) {
      assert.equal(env[key], undefined, key);
    }
    assert.equal(env.DATABASE_URL.startsWith("postgresql://"), true);
    assert.deepEqual([plan.outputs.frontendUrl, plan.outputs.mediaFolder], [undefined, undefined]);
  });

  it("leaves out the cache: no Upstash database, Celery runs tasks eagerly", async () => {
    const plan = await planDev({ "webapp:cache": { target: "none" } });
    assert.ok(!typesOf(plan).includes("upstash:index/redisDatabase:RedisDatabase"));
    const env = webEnv(plan);
    assert.deepEqual(
      [env.REDIS_URL, env.CELERY_BROKER_URL, env.CELERY_TASK_ALWAYS_EAGER],
      [undefined, undefined, "True"],
    );
  });

  it("refuses settings for a part it leaves out", async () => {
    await assert.rejects(planDev({ "webapp:media": { target: "none", folder: "x" } }), (err: Error) =>
      err.message.startsWith("webapp:media.folder is not a known setting"),
    );
  });
});
