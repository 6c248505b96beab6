import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { App, stackOutputs } from "../../compose";
import { loadStackConfig } from "../../stacks";
import { planStack, planSystem } from "../../tools/plan/cli";
import { ProgramError, runUnderMocks } from "../../tools/plan/collect";
import type { UpstreamOutputs } from "../../tools/plan/mocks";
import type { PlannedStack } from "../../tools/plan/types";

const EXAMPLES = path.join(__dirname, "..", "..", "examples", "layers");
const IMAGE =
  "ghcr.io/acme/webapp-api@sha256:4c3f1b2a9d8e7f60123456789abcdef0123456789abcdef0123456789abcdef0";

/** Runs the program for a `server` stack with `config`, its StackReferences answered by `upstream`. */
function runServer(config: Record<string, unknown>, upstream: UpstreamOutputs): Promise<PlannedStack> {
  const flat = Object.fromEntries(
    Object.entries({
      "webapp:tier": "free",
      "webapp:layer": "server",
      "webapp:layers": { data: "acme/webapp/data" },
      "webapp:domains": { frontend: "www.example.com" },
      "webapp:backend": { image: IMAGE },
      ...config,
    }).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  return runUnderMocks(
    { project: "webapp", stack: "server", config: flat, secretKeys: [] },
    () => {
      const c = loadStackConfig();
      // As index.ts exports them: a part the stack has not exports nothing.
      return stackOutputs(new App(c.prefix, c).outputs);
    },
    "",
    upstream,
  );
}

async function failure(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (err) {
    if (err instanceof ProgramError) return err.message;
    throw err;
  }
  throw new Error("expected the plan to fail");
}

const web = (p: PlannedStack) =>
  p.resources.find((r) => r.type === "pulumi-nodejs:dynamic/render:WebService")!;

describe("layers: a stack deploys one layer and reads the others by StackReference", function () {
  this.timeout(60_000);

  it("plans examples/layers in deploy order, each layer fed the planned outputs of the layers below", async () => {
    const stacks = await planSystem(EXAMPLES);
    assert.deepEqual(
      stacks.map((s) => [s.stack, s.layer]),
      [
        ["layers-data", "data"],
        ["layers-server", "server"],
        ["layers-client", "client"],
      ],
    );
    for (const s of stacks)
      assert.equal(s.report.violations.filter((v) => v.enforcementLevel === "mandatory").length, 0);
    const [data, server, client] = stacks.map((s) => s.report);
    const dataSecrets = (await planStack("layers-data", { configDir: EXAMPLES })).planned.secretOutputs;
    // Each layer exports exactly its LAYER_OUTPUTS and `layer` (the server also its superuser's password).
    assert.deepEqual(Object.keys(data.outputs).sort(), [
      "databaseHost",
      "databasePooledUrl",
      "databaseUrl",
      "layer",
      "mediaAccount",
      "mediaFolder",
      "mediaMaxUploadBytes",
      "mediaUploadPreset",
      "mediaUploadSigned",
      "mediaUrl",
      "redisBrokerUrl",
      "redisHost",
      "redisUrl",
    ]);
    assert.deepEqual(Object.keys(server.outputs).sort(), [
      "backendUnmanagedEnvVars",
      "backendUrl",
      "imageRef",
      "layer",
      "superuserPassword",
    ]);
    assert.deepEqual(Object.keys(client.outputs).sort(), ["frontendUrl", "layer"]);
    assert.deepEqual(dataSecrets, [
      "databasePooledUrl",
      "databaseUrl",
      "mediaUrl",
      "redisBrokerUrl",
      "redisUrl",
    ]);
    // The backend URL is known only after the server's deploy, so the client's variable naming it is too.
    const clientPlan = (await planStack("layers-client", { configDir: EXAMPLES })).planned;
    const serverPlan = (await planStack("layers-server", { configDir: EXAMPLES })).planned;
    assert.ok(client.resources.length > 0 && server.resources.length > 0);
    const apiVar = clientPlan.resources.find((r) => r.inputs.key === "NEXT_PUBLIC_API_URL")!;
    assert.equal(apiVar.inputs.value, serverPlan.outputs.backendUrl);
    assert.deepEqual(apiVar.unknownPaths, ["projectId", "value"]);
  });

  it("keeps the data layer's secrets secret in the server's plan, and its plain values plain", async () => {
    const { planned } = await planStack("layers-server", { configDir: EXAMPLES });
    const env = web(planned);
    const dataPlan = (await planStack("layers-data", { configDir: EXAMPLES })).planned;
    assert.equal(typeof (env.inputs.envVars as Record<string, string>).DATABASE_URL, "string");
    for (const key of [
      "DATABASE_URL",
      "DATABASE_POOLED_URL",
      "REDIS_URL",
      "CELERY_BROKER_URL",
      "CLOUDINARY_URL",
    ]) {
      assert.ok(env.secretMembers?.includes(`envVars.${key}`), key);
    }
    assert.ok(!env.secretMembers?.includes("envVars.FRONTEND_URL"));
    assert.equal((env.inputs.envVars as Record<string, string>).FRONTEND_URL, "https://www.example.com");
    assert.match(String(dataPlan.outputs.databaseUrl), /^postgres/);
  });

  it("a read of a stack output the SDK marks secret stays secret; a plain one stays plain", async () => {
    const plan = await runUnderMocks(
      { project: "webapp", stack: "x", config: {}, secretKeys: [] },
      () => {
        const r = new pulumi.StackReference("r", { name: "acme/webapp/up" });
        return { plain: r.getOutput("plain"), hidden: r.getOutput("hidden") };
      },
      "",
      new Map([["webapp/up", { outputs: { plain: "a", hidden: "b" }, secretOutputs: ["hidden"] }]]),
    );
    assert.deepEqual(plan.outputs, { plain: "a", hidden: "b" });
    assert.deepEqual(plan.secretOutputs, ["hidden"]);
  });

  it("a stack not planned (missing) fails in one line naming it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "layers-"));
    fs.copyFileSync(
      path.join(EXAMPLES, "Pulumi.layers-server.yaml"),
      path.join(dir, "Pulumi.layers-server.yaml"),
    );
    await assert.rejects(planStack("layers-server", { configDir: dir }), (err: Error) => {
      assert.equal(err.message.split("\n").length, 1);
      assert.match(
        err.message,
        /^Pulumi\.layers-server\.yaml names stack acme\/webapp\/layers-data in webapp:layers, and .* has no Pulumi\.layers-data\.yaml of project webapp/,
      );
      return true;
    });
  });

  it("config: a server layer needs the data layer's stack and the site's domain; a layer reads only layers below", async () => {
    const above = await failure(runServer({ "webapp:layers": { client: "acme/webapp/client" } }, new Map()));
    assert.match(above, /^webapp:layers\.client is not a known setting/);
    const message = await failure(runServer({ "webapp:layers": {}, "webapp:domains": {} }, new Map()));
    const lines = message.split("\n");
    assert.ok(
      lines.some((l) =>
        l.startsWith("webapp:layers.data is missing; a server layer takes the database, cache, media"),
      ),
      message,
    );
    assert.ok(
      lines.some((l) =>
        l.startsWith("webapp:domains.frontend is missing; a server layer trusts the site by its domain"),
      ),
      message,
    );
  });
});
