/**
 * Every request the Postgres, Key Value and Project providers send matches its body schema in Render's spec
 * (no undeclared keys either: Render ignores them silently), and the providers serialize without the API key.
 */
import Ajv from "ajv";
import addFormats from "ajv-formats";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { resetRender } from "../../../providers/render/client";
import { KeyValueOutputs, keyValueProvider } from "../../../providers/render/key-value";
import { PostgresOutputs, postgresProvider } from "../../../providers/render/postgres";
import { ProjectOutputs, projectProvider } from "../../../providers/render/project";
import { roundTrip } from "../shared";
import { FIXTURES, useFakeRender } from "./harness";

const spec = JSON.parse(fs.readFileSync(path.join(FIXTURES, "openapi.json"), "utf8"));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec, "render");

/** R-OAS request body schema per route. */
const BODIES: Array<[string, RegExp, string]> = [
  ["POST", /^\/postgres$/, "postgresPOSTInput"],
  ["PATCH", /^\/postgres\/dpg-[a-z0-9]+-a$/, "postgresPATCHInput"],
  ["POST", /^\/key-value$/, "keyValuePOSTInput"],
  ["PATCH", /^\/key-value\/red-[a-z0-9]+$/, "keyValuePATCHInput"],
  ["POST", /^\/projects$/, "projectPOSTInput"],
  ["PATCH", /^\/projects\/prj-[a-z0-9]+$/, "projectPATCHInput"],
  ["POST", /^\/environments$/, "environmentPOSTInput"],
  ["PATCH", /^\/environments\/evm-[a-z0-9]+$/, "environmentPATCHInput"],
  ["POST", /^\/environments\/evm-[a-z0-9]+\/resources$/, "environmentResourcesPOSTInput"],
];

describe("render datastores against Render's spec", () => {
  const h = useFakeRender();

  it("create, update, move and delete send only bodies the spec declares", async () => {
    const a = (await projectProvider.create({ name: "a", environmentName: "production" }))
      .outs as ProjectOutputs;
    const b = await projectProvider.create({ name: "b", environmentName: "staging", networkIsolation: true });
    await projectProvider.update!(b.id, b.outs as ProjectOutputs, { name: "b2", environmentName: "stage" });
    const db = { name: "db", plan: "pro_4gb", version: "16", region: "ohio", environmentId: a.environmentId };
    const pg = await postgresProvider.create({ ...db, databaseName: "app", diskSizeGB: 10 });
    await postgresProvider.update!(pg.id, pg.outs as PostgresOutputs, {
      ...db,
      databaseName: "app",
      diskSizeGB: 15,
      highAvailability: true,
      environmentId: (b.outs as ProjectOutputs).environmentId,
      ipAllowList: [{ cidrBlock: "198.51.100.7/32", description: "ci" }],
    });
    const kv = await keyValueProvider.create({ name: "kv", plan: "starter", region: "ohio" });
    await keyValueProvider.update!(kv.id, kv.outs as KeyValueOutputs, {
      name: "kv",
      plan: "pro",
      region: "ohio",
      maxmemoryPolicy: "volatile_lru",
      environmentId: a.environmentId,
    });
    await keyValueProvider.delete!(kv.id, kv.outs as KeyValueOutputs);
    await postgresProvider.delete!(pg.id, pg.outs as PostgresOutputs);

    let checked = 0;
    for (const req of h.api.requests) {
      if (req.method === "GET" || req.method === "DELETE") {
        assert.equal(req.body, undefined, `${req.method} ${req.path} sends no body`);
        continue;
      }
      const hit = BODIES.find(([m, re]) => m === req.method && re.test(req.path));
      assert.ok(hit, `${req.method} ${req.path}: no body schema listed`);
      const name = hit[2];
      const validate = ajv.compile({ $ref: `render#/components/schemas/${name}` });
      assert.ok(
        validate(req.body),
        `${req.method} ${req.path} vs ${name}: ${JSON.stringify(validate.errors)}`,
      );
      const declared = Object.keys(spec.components.schemas[name].properties ?? {});
      for (const k of Object.keys(req.body as object)) assert.ok(declared.includes(k), `${name} has no ${k}`);
      checked += 1;
    }
    assert.equal(checked, 10);
  });

  for (const [name, provider] of [
    ["postgresProvider", postgresProvider],
    // One round trip costs seconds; the Key Value and Project providers are built from the same modules.
  ] as const) {
    it(`${name} serializes without the API key${name === "postgresProvider" ? "; the loaded copy works" : ""}`, async () => {
      const configured = "rnd_configured_data_key_123";
      await provider.configure!({
        config: { get: (k: string) => (k === "render:apiKey" ? configured : undefined), require: () => "" },
      });
      const { text, provider: loaded } = await roundTrip(provider);
      for (const secret of [configured, h.api.apiKey])
        assert.ok(!text.includes(secret), `contains ${secret}`);
      assert.ok(!/rnd_[A-Za-z0-9]/.test(text));
      if (name !== "postgresProvider") return;
      // Back to the fake's key (from RENDER_API_KEY); the configured one was only there to be looked for.
      resetRender();
      // The loaded copy has its own module state, so none of the harness's virtual sleeps: it would poll the
      // creating database at Render's real 3 s interval. Its polling has tests of its own; here the database
      // is available at once.
      h.api.data.pollsUntilAvailable = 0;
      await createAndRead(loaded as typeof postgresProvider);
    });
  }
});

/** The deserialized provider still works end to end: create, read, and an empty diff after the read. */
async function createAndRead(p: typeof postgresProvider): Promise<void> {
  const inputs = { name: "rt", plan: "basic_256mb", version: "17", region: "oregon" };
  const res = await p.create(inputs);
  assert.match(res.id, /^dpg-/);
  const read = await p.read!(res.id, res.outs as PostgresOutputs);
  assert.deepEqual(await p.diff!(res.id, read.props as PostgresOutputs, inputs), { changes: false });
}
