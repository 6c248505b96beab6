import * as assert from "node:assert/strict";
import { KeyValueInputs, KeyValueOutputs, keyValueProvider as kv } from "../../../providers/render/key-value";
import { PostgresInputs, PostgresOutputs, postgresProvider as pg } from "../../../providers/render/postgres";
import { ProjectOutputs, projectProvider as prj } from "../../../providers/render/project";
import { datastoreUrlFact, pitrWindowDays } from "../../../providers/render/datastore-facts";
import { environmentMemberProvider as member } from "../../../providers/render/environment-member";
import { ResourceInitError } from "../../../providers/shared/lifecycle";
import { useFakeRender } from "./harness";

const db: PostgresInputs = {
  name: "webapp-db",
  plan: "basic_256mb",
  version: "16",
  region: "frankfurt",
  databaseName: "app",
  databaseUser: "app",
};

describe("render:Postgres provider", () => {
  const h = useFakeRender();

  it("creates with one POST, waits until available, and hands out the URLs (external with sslmode=require)", async () => {
    const res = await pg.create(db);
    assert.match(res.id, /^dpg-[a-z0-9]+-a$/);
    assert.deepEqual(h.api.counts(), {
      "GET /postgres": 1,
      "POST /postgres": 1,
      "GET /postgres/{dpg}": 2,
      "GET /postgres/{dpg}/connection-info": 1,
    });
    const post = h.api.requests.find((r) => r.method === "POST")!;
    assert.deepEqual(post.body, {
      ...db,
      ownerId: h.api.ownerId,
      enableHighAvailability: false,
      ipAllowList: [],
    });
    const outs = res.outs as PostgresOutputs;
    assert.equal(outs.status, "available");
    assert.match(outs.liveDatabaseName, /^app_[a-z]{4}$/);
    assert.equal(outs.databaseName, "app");
    assert.match(
      outs.externalConnectionString!,
      /^postgresql:\/\/app:[^@]+@dpg-[a-z0-9]+-a\.frankfurt-postgres\.render\.com:5432\/app_[a-z]{4}\?sslmode=require$/,
    );
    assert.match(outs.internalConnectionString!, /^postgresql:\/\/app:[^@]+@dpg-[a-z0-9]+-a\/app_[a-z]{4}$/);
    assert.equal(datastoreUrlFact(outs.externalConnectionString!)?.tls, "required");
    assert.equal(datastoreUrlFact(outs.internalConnectionString!)?.tls, "not-required");
    // A read (refresh) makes the next diff empty.
    const read = await pg.read!(res.id, outs);
    assert.deepEqual(await pg.diff!(res.id, read.props as PostgresOutputs, db), { changes: false });
  });

  it("diff: region, version, database name and user replace (delete first); plan, disk, HA, allow list update", async () => {
    const { id, outs } = await pg.create(db);
    const o = outs as PostgresOutputs;
    for (const [k, v] of [
      ["region", "oregon"],
      ["version", "17"],
      ["databaseName", "other"],
      ["databaseUser", "u2"],
    ] as const) {
      assert.deepEqual(await pg.diff!(id, o, { ...db, [k]: v }), {
        changes: true,
        replaces: [k],
        deleteBeforeReplace: true,
      });
    }
    assert.deepEqual(
      await pg.diff!(id, o, { ...db, plan: "pro_4gb", highAvailability: true, diskSizeGB: 10 }),
      { changes: true },
    );
    h.api.clearLog();
    const up = await pg.update!(id, o, {
      ...db,
      plan: "pro_4gb",
      highAvailability: true,
      diskSizeGB: 10,
      ipAllowList: [{ cidrBlock: "203.0.113.0/24", description: "office" }],
    });
    assert.deepEqual(h.api.requests[0].body, {
      plan: "pro_4gb",
      diskSizeGB: 10,
      enableHighAvailability: true,
      ipAllowList: [{ cidrBlock: "203.0.113.0/24", description: "office" }],
    });
    assert.equal((up.outs as PostgresOutputs).status, "available");
    assert.equal(h.api.data.postgres.get(id)!.plan, "pro_4gb");
  });

  it("check: HA on a basic plan, a 7 GB disk, a shrink and a free disk are refused with the fix", async () => {
    const res = await pg.check!({ ...db, diskSizeGB: 10 }, { ...db, highAvailability: true, diskSizeGB: 7 });
    assert.deepEqual(res.failures, [
      {
        property: "highAvailability",
        reason:
          'high availability needs a Pro or Accelerated instance type (pro_4gb and up), not "basic_256mb".',
      },
      { property: "diskSizeGB", reason: "diskSizeGB must be 1 or a multiple of 5, not 7." },
    ]);
    const shrink = await pg.check!({ ...db, diskSizeGB: 10 }, { ...db, diskSizeGB: 5 });
    assert.deepEqual(shrink.failures, [
      {
        property: "diskSizeGB",
        reason: "Render cannot shrink a database disk (10 GB now); keep diskSizeGB at 10 or more.",
      },
    ]);
  });

  it("lost create answer: the database it made is found by name, not made twice", async () => {
    h.api.inject({ kind: "lost-response", method: "POST", path: "/postgres" });
    const res = await pg.create(db);
    assert.equal(h.api.data.postgres.size, 1);
    assert.equal(res.id, [...h.api.data.postgres.keys()][0]);
  });

  it("adopt records the LIVE region, version and names; the next diff shows the replacement", async () => {
    const live = h.api.data.seedPostgres({
      name: "by-hand",
      region: "oregon",
      version: "15",
      databaseName: "legacy",
    });
    const res = await pg.create({ ...db, adoptId: live.id as string });
    assert.equal(res.id, live.id);
    const o = res.outs as PostgresOutputs;
    assert.equal(o.region, "oregon");
    assert.equal(o.version, "15");
    assert.equal(o.databaseName, live.databaseName);
    assert.equal(h.api.data.postgres.get(live.id as string)!.name, "webapp-db");
    const d = await pg.diff!(res.id, o, db);
    assert.deepEqual(d.replaces, ["region", "version", "databaseName", "databaseUser"]);
  });

  it("adopt refuses another workspace's database and another type's id", async () => {
    const live = h.api.data.seedPostgres({ name: "theirs" });
    live.owner = { id: "tea-other0000000000", name: "x", email: "x", type: "team" };
    const err = await pg.create({ ...db, adoptId: live.id as string }).catch((e: Error) => e);
    assert.match(
      String(err),
      /adopt failed: dpg-[a-z0-9]+-a belongs to workspace tea-other0000000000, not tea-fakeowner/,
    );
    const bad = await pg.check!({} as PostgresInputs, { ...db, adoptId: "red-abc123" });
    assert.equal(bad.failures?.[0]?.property, "adoptId");
  });

  it("a database that does not become available in time is kept (init error with id); update finishes it", async () => {
    h.api.data.pollsUntilAvailable = 1000;
    const err = await pg.create({ ...db, readyTimeoutMinutes: 1 }).catch((e: unknown) => e);
    assert.ok(err instanceof ResourceInitError, String(err));
    assert.match(err.message, /still "creating" after 1 min; run `pulumi up` again/);
    assert.equal(err.id, [...h.api.data.postgres.keys()][0]);
    const partial = err.properties as unknown as PostgresOutputs;
    assert.equal(partial.externalConnectionString, undefined);
    assert.deepEqual(await pg.diff!(err.id, partial, db), { changes: true });
    h.api.data.pollsUntilAvailable = 1;
    const up = await pg.update!(err.id, partial, db);
    assert.match((up.outs as PostgresOutputs).externalConnectionString!, /sslmode=require$/);
  });

  it("a second free database is refused by Render (one per workspace); the message quotes the API", async () => {
    await pg.create({ ...db, plan: "free", name: "free-1" });
    const err = await pg.create({ ...db, plan: "free", name: "free-2" }).catch((e: Error) => e);
    assert.equal(
      String(err),
      'ApiError: render:Postgres "free-2": create failed: 400 Bad Request: "only one free database is allowed per workspace"',
    );
  });

  it("no secret of the connection info reaches an error message", async () => {
    const { id, outs } = await pg.create(db);
    const password = h.api.data.postgres.get(id)!.secret as string;
    h.api.inject({
      kind: "status",
      status: 400,
      method: "PATCH",
      message: `bad url ${(outs as PostgresOutputs).externalConnectionString}`,
    });
    const err = await pg.update!(id, outs as PostgresOutputs, { ...db, plan: "basic_1gb" }).catch(
      (e: Error) => e,
    );
    assert.ok(!String(err).includes(password), String(err));
  });
});

describe("render:KeyValue provider", () => {
  const h = useFakeRender();
  const cache = { name: "webapp-cache", plan: "starter", region: "frankfurt" };

  it("creates with noeviction by default and hands out redis:// (internal) and rediss:// (external) URLs", async () => {
    const res = await kv.create(cache);
    assert.match(res.id, /^red-/);
    const post = h.api.requests.find((r) => r.method === "POST")!;
    assert.deepEqual(post.body, {
      ...cache,
      ownerId: h.api.ownerId,
      maxmemoryPolicy: "noeviction",
      ipAllowList: [],
    });
    const o = res.outs as KeyValueOutputs;
    assert.equal(o.liveMaxmemoryPolicy, "noeviction");
    assert.equal(o.internalConnectionString, `redis://${res.id}:6379`);
    assert.match(o.externalConnectionString!, /^rediss:\/\//);
    assert.equal(datastoreUrlFact(o.internalConnectionString!)?.tls, "none");
    const read = await kv.read!(res.id, o);
    assert.deepEqual(await kv.diff!(res.id, read.props as KeyValueOutputs, cache), { changes: false });
  });

  it("region replaces; plan and policy patch; a smaller plan is refused in check", async () => {
    const { id, outs } = await kv.create(cache);
    const o = outs as KeyValueOutputs;
    assert.deepEqual(await kv.diff!(id, o, { ...cache, region: "oregon" }), {
      changes: true,
      replaces: ["region"],
      deleteBeforeReplace: true,
    });
    h.api.clearLog();
    await kv.update!(id, o, { ...cache, plan: "standard", maxmemoryPolicy: "allkeys_lru" });
    assert.deepEqual(h.api.requests[0].body, { plan: "standard", maxmemoryPolicy: "allkeys_lru" });
    const down = await kv.check!({ ...cache, plan: "standard" }, cache);
    assert.equal(down.failures?.[0]?.property, "plan");
    const hyphen = await kv.check!({} as KeyValueInputs, { ...cache, maxmemoryPolicy: "allkeys-lru" });
    assert.match(hyphen.failures![0].reason, /the API spells them with underscores/);
  });

  it("adopt records the live policy and region and converges the policy to noeviction", async () => {
    const made = await kv.create({
      ...cache,
      name: "by-hand",
      region: "oregon",
      maxmemoryPolicy: "allkeys_lru",
    });
    const res = await kv.create({ ...cache, adoptId: made.id });
    const o = res.outs as KeyValueOutputs;
    assert.equal(o.region, "oregon");
    assert.equal(
      (h.api.data.keyValues.get(made.id)!.options as { maxmemoryPolicy: string }).maxmemoryPolicy,
      "noeviction",
    );
    assert.deepEqual((await kv.diff!(res.id, o, cache)).replaces, ["region"]);
  });
});

describe("render:Project provider", () => {
  const h = useFakeRender();
  const inputs = { name: "webapp", environmentName: "production", protected: true };

  it("creates the project with its environment; datastores placed in it are listed there", async () => {
    const res = await prj.create(inputs);
    const o = res.outs as ProjectOutputs;
    assert.match(o.environmentId, /^evm-/);
    assert.equal(h.api.data.environments.get(o.environmentId)!.protectedStatus, "protected");
    const d = await pg.create({ ...db, environmentId: o.environmentId });
    assert.deepEqual(h.api.data.environments.get(o.environmentId)!.databasesIds, [d.id]);
    // Deleting the project would delete the database with it: refused while it holds one.
    const err = await prj.delete!(res.id, o).catch((e: Error) => e);
    assert.match(String(err), /delete failed: its environments still hold 1 resource\(s\)/);
    await pg.delete!(d.id, d.outs as PostgresOutputs);
    await prj.delete!(res.id, o);
    assert.equal(h.api.data.projects.size, 0);
  });

  it("a datastore moves between environments with add-resources-to-environment", async () => {
    const a = (await prj.create({ ...inputs, name: "a" })).outs as ProjectOutputs;
    const b = (await prj.create({ ...inputs, name: "b" })).outs as ProjectOutputs;
    const c = await kv.create({
      name: "c",
      plan: "starter",
      region: "oregon",
      environmentId: a.environmentId,
    });
    h.api.clearLog();
    await kv.update!(c.id, c.outs as KeyValueOutputs, {
      name: "c",
      plan: "starter",
      region: "oregon",
      environmentId: b.environmentId,
    });
    assert.deepEqual(h.api.counts(), { "POST /environments/{evm}/resources": 1 });
    assert.equal(h.api.data.keyValues.get(c.id)!.environmentId, b.environmentId);
  });

  it("lost create answer: the project is found by name; rename and environment settings patch in place", async () => {
    h.api.inject({ kind: "lost-response", method: "POST", path: "/projects" });
    const res = await prj.create(inputs);
    assert.equal(h.api.data.projects.size, 1);
    const o = res.outs as ProjectOutputs;
    assert.deepEqual(await prj.diff!(res.id, o, { ...inputs, name: "renamed" }), { changes: true });
    await prj.update!(res.id, o, { ...inputs, name: "renamed", protected: false });
    assert.equal(h.api.data.projects.get(res.id)!.name, "renamed");
    assert.equal(h.api.data.environments.get(o.environmentId)!.protectedStatus, "unprotected");
  });
});

describe("render:EnvironmentMember provider", () => {
  const h = useFakeRender();

  it("places a service in the environment, reads it there, and takes it out on delete (the service stays)", async () => {
    const env = ((await prj.create({ name: "p", environmentName: "production" })).outs as ProjectOutputs)
      .environmentId;
    const srv = h.api.seedService({ name: "api" }).id as string;
    h.api.clearLog();
    const inputs = { environmentId: env, resourceId: srv };
    const res = await member.create(inputs);
    assert.equal(res.id, `${env}/${srv}`);
    assert.deepEqual(h.api.requests[0].body, { resourceIds: [srv] });
    assert.deepEqual(h.api.data.environments.get(env)!.serviceIds, [srv]);
    assert.deepEqual((await member.read!(res.id, inputs)).props, { environmentId: env, resourceId: srv });
    await member.delete!(res.id, inputs);
    assert.equal(h.api.data.environments.get(env)!.serviceIds, null);
    assert.ok(h.api.services.has(srv));
    assert.deepEqual(await member.read!(res.id, inputs), {});
  });

  it("moving to another environment replaces the membership; bad ids fail check", async () => {
    const inputs = { environmentId: "evm-aaa", resourceId: "srv-bbb" };
    assert.deepEqual(await member.diff!("x", inputs, { ...inputs, environmentId: "evm-ccc" }), {
      changes: true,
      replaces: ["environmentId"],
    });
    const res = await member.check!(inputs, { environmentId: "prj-x", resourceId: "usr-y" });
    assert.deepEqual(
      res.failures?.map((f) => f.property),
      ["environmentId", "resourceId"],
    );
  });
});

describe("render datastore init errors", () => {
  const h = useFakeRender();

  it("a Key Value whose connection info cannot be read is kept: the init error carries its id and __provider", async () => {
    h.api.inject({
      kind: "status",
      status: 400,
      method: "GET",
      path: /\/connection-info$/,
      message: "try later",
    });
    const inputs = { name: "c", plan: "starter", region: "oregon", __provider: "serialized-provider" };
    const err = await kv.create(inputs as never).catch((e: unknown) => e);
    assert.ok(err instanceof ResourceInitError, String(err));
    assert.equal(err.id, [...h.api.data.keyValues.keys()][0]);
    assert.equal(err.properties.__provider, "serialized-provider");
    assert.match(
      err.message,
      /read connection info failed: 400 Bad Request: "try later" \(the resource "red-/,
    );
    // The next run's update fetches what is missing.
    const partial = err.properties as unknown as KeyValueOutputs;
    assert.deepEqual(await kv.diff!(err.id, partial, inputs), { changes: true });
    const up = await kv.update!(err.id, partial, inputs);
    assert.equal((up.outs as KeyValueOutputs).internalConnectionString, `redis://${err.id}:6379`);
  });
});

describe("render datastore facts", () => {
  it("point-in-time recovery: none on free, 3 days on Hobby, 7 on Professional", () => {
    assert.deepEqual(
      [
        pitrWindowDays("free", "professional"),
        pitrWindowDays("basic_256mb", "hobby"),
        pitrWindowDays("pro_4gb", "professional"),
      ],
      [0, 3, 7],
    );
  });
});
