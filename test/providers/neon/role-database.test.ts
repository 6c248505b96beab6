import * as assert from "node:assert/strict";
import {
  branchProvider,
  databaseProvider,
  projectProvider,
  roleProvider,
  type DatabaseInputs,
  type RoleInputs,
} from "../../../providers/neon";
import { PROJECT, assertRequestsMatchSpec, useFakeNeon } from "./helpers";

describe("neon:Role and neon:Database providers", () => {
  const h = useFakeNeon({ operationPolls: 1 });
  let role: RoleInputs;
  let db: DatabaseInputs;

  beforeEach(async () => {
    const project = await projectProvider.create(PROJECT);
    const branch = await branchProvider.create({ projectId: project.id, name: "app" });
    role = { projectId: project.id, branchId: branch.id, name: "app" };
    db = { ...role, name: "app", ownerName: "app" };
    h.fake.reset();
  });

  function storedPassword(): string {
    return h.fake.projects.get(role.projectId)!.branches.get(role.branchId)!.roles.get("app")!.password;
  }

  it("creates a role and outputs its password", async () => {
    const res = await roleProvider.create(role);
    assert.deepEqual(res, {
      id: `${role.projectId}/${role.branchId}/app`,
      outs: { ...role, password: storedPassword() },
    });
    assert.deepEqual(h.fake.bodies("POST", /\/roles$/), [{ role: { name: "app" } }]);
    assert.equal(h.fake.count("GET", /\/operations\//), 2);
    assert.equal(assertRequestsMatchSpec(h.fake), 1);
  });

  it("reads a role with its revealed password; a deleted role is gone", async () => {
    const { id, outs } = await roleProvider.create(role);
    assert.deepEqual(await roleProvider.read!(id, outs!), {
      id,
      props: { ...role, password: storedPassword() },
    });
    assert.equal(h.fake.count("GET", /\/roles\/app\/reveal_password$/), 1);
    // Import: no state, the id alone says where the role lives.
    assert.deepEqual(await roleProvider.read!(id), { id, props: { ...role, password: storedPassword() } });
    h.fake.projects.get(role.projectId)!.branches.get(role.branchId)!.roles.delete("app");
    assert.deepEqual(await roleProvider.read!(id, outs!), {});
  });

  it("keeps the password from state when the project does not store passwords (412)", async () => {
    const { id, outs } = await roleProvider.create(role);
    h.fake.projects.get(role.projectId)!.project.store_passwords = false;
    assert.deepEqual(await roleProvider.read!(id, outs!), { id, props: outs });
  });

  it("diff: a role cannot change in place; any change replaces it, none makes no request", async () => {
    const { id, outs } = await roleProvider.create(role);
    const before = h.fake.requests.length;
    assert.deepEqual(await roleProvider.diff!(id, outs!, role), { changes: false, replaces: [] });
    assert.deepEqual(await roleProvider.diff!(id, outs!, { ...role, name: "app2" }), {
      changes: true,
      replaces: ["name"],
    });
    assert.equal(h.fake.requests.length, before);
  });

  it("deletes a role; 404 is fine", async () => {
    const { id, outs } = await roleProvider.create(role);
    await roleProvider.delete!(id, outs!);
    await roleProvider.delete!(id, outs!);
    assert.equal(h.fake.count("DELETE", /\/roles\/app$/), 2);
    assert.equal(h.fake.projects.get(role.projectId)!.branches.get(role.branchId)!.roles.has("app"), false);
  });

  it("creates, reads, updates the owner of and deletes a database", async () => {
    await roleProvider.create(role);
    await roleProvider.create({ ...role, name: "admin" });
    const { id, outs } = await databaseProvider.create(db);
    assert.equal(id, `${db.projectId}/${db.branchId}/app`);
    assert.deepEqual(outs, db);
    assert.deepEqual(h.fake.bodies("POST", /\/databases$/), [
      { database: { name: "app", owner_name: "app" } },
    ]);
    assert.deepEqual(await databaseProvider.read!(id, db), { id, props: db });

    const news = { ...db, ownerName: "admin" };
    assert.deepEqual(await databaseProvider.diff!(id, db, news), { changes: true, replaces: [] });
    assert.deepEqual(await databaseProvider.update!(id, db, news), { outs: news });
    assert.deepEqual(h.fake.bodies("PATCH", /\/databases\/app$/), [{ database: { owner_name: "admin" } }]);
    assert.equal(assertRequestsMatchSpec(h.fake), 4);

    await databaseProvider.delete!(id, news);
    await databaseProvider.delete!(id, news);
    assert.deepEqual(await databaseProvider.read!(id, news), {});
  });

  it("database diff: renaming or moving replaces; no change makes no request", async () => {
    const before = h.fake.requests.length;
    assert.deepEqual(await databaseProvider.diff!("x", db, db), { changes: false, replaces: [] });
    assert.deepEqual(await databaseProvider.diff!("x", db, { ...db, name: "app2", branchId: "br-x-1" }), {
      changes: true,
      replaces: ["branchId", "name"],
    });
    assert.equal(h.fake.requests.length, before);
  });
});
