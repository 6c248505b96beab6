import * as assert from "node:assert/strict";
import {
  branchProvider,
  databaseProvider,
  endpointProvider,
  neonRuntime,
  projectProvider,
  roleProvider,
} from "../../../providers/neon";
import { PROJECT as project, useFakeNeon } from "./helpers";

describe("neon providers under faults", () => {
  const h = useFakeNeon();

  it("honours Retry-After on a 429", async () => {
    h.fake.fail({
      method: "POST",
      path: "/projects",
      fault: { kind: "status", status: 429, headers: { "Retry-After": "7" } },
    });
    await projectProvider.create(project);
    assert.deepEqual(h.sleeps, [7000]);
    assert.equal(h.fake.projects.size, 1);
  });

  for (const status of [500, 503]) {
    it(`retries a ${status} and, before re-sending the create, checks it did not happen`, async () => {
      h.fake.fail({ method: "POST", path: "/projects", times: 2, fault: { kind: "status", status } });
      await projectProvider.create(project);
      assert.equal(h.fake.count("POST", "/projects"), 3);
      // One look-up before the first create (a killed run's project), one before each re-send.
      assert.equal(h.fake.count("GET", "/projects"), 3);
      assert.equal(h.fake.projects.size, 1);
    });
  }

  it("retries Neon's 423 Locked", async () => {
    const { id } = await projectProvider.create(project);
    h.fake.fail({ method: "POST", path: `/projects/${id}/branches`, times: 3, fault: { kind: "locked" } });
    await branchProvider.create({ projectId: id, name: "app" });
    assert.equal(h.fake.count("POST", `/projects/${id}/branches`), 4);
    assert.equal(h.fake.projects.get(id)!.branches.size, 2);
  });

  it("waits for running operations instead of running into 423", async () => {
    h.fake.operationPolls = 3;
    const { id } = await projectProvider.create(project);
    // The fake really locks a project while an operation runs...
    const post = (name: string) =>
      fetch(`${process.env.NEON_API_URL}/projects/${id}/branches`, {
        method: "POST",
        headers: { Authorization: "Bearer neon-test-key", "Content-Type": "application/json" },
        body: JSON.stringify({ branch: { name } }),
      });
    assert.equal((await post("first")).status, 201);
    const locked = await post("second");
    assert.equal(locked.status, 423);
    assert.deepEqual(await locked.json(), {
      code: "",
      message: "project already has running conflicting operations, scheduling of new ones is prohibited",
    });
    for (const op of h.fake.projects.get(id)!.operations.values()) op.pollsLeft = 0;
    // ...so a chain of creates with no retry proves each waited for the last: every sleep is a 1s poll,
    // none a backoff (which the harness makes 0ms).
    h.sleeps.length = 0;
    const branch = await branchProvider.create({ projectId: id, name: "app" });
    const role = await roleProvider.create({ projectId: id, branchId: branch.id, name: "app" });
    await databaseProvider.create({
      projectId: id,
      branchId: branch.id,
      name: "app",
      ownerName: role.outs!.name,
    });
    // 2 branch operations + 1 role + 1 database, each polled 4 times (3 running, then finished).
    assert.deepEqual(h.sleeps, new Array(16).fill(1000));
  });

  it("fails clearly when an operation fails", async () => {
    const { id, outs } = await projectProvider.create(project);
    h.fake.failNextOperation("failed", "compute failed to start: out of capacity", "start_compute");
    await assert.rejects(
      branchProvider.create({ projectId: id, name: "app", parentId: outs!.defaultBranchId }),
      {
        message:
          /^neon:Branch "app": create failed: Neon operation start_compute \([0-9a-f-]{36}\) ended failed: "compute failed to start: out of capacity" \(the resource "br-[a-z0-9-]+" exists and is kept in the state; run `pulumi up` again to finish it\)$/,
      },
    );
  });

  it("gives up on an operation that never finishes", async () => {
    h.fake.operationPolls = 1000;
    neonRuntime().maxPolls = 5;
    await assert.rejects(projectProvider.create(project), {
      message:
        /^neon:Project "webapp-dev": create failed: Neon operation create_timeline \([0-9a-f-]{36}\) still running after 5 polls \(the resource "[a-z0-9-]+" exists and is kept in the state; run `pulumi up` again to finish it\)$/,
    });
  });

  it("retries a call that timed out", async () => {
    const { id } = await projectProvider.create(project);
    h.fake.fail({ method: "GET", path: `/projects/${id}`, fault: { kind: "timeout" } });
    const res = await projectProvider.read!(id);
    assert.equal(res.id, id);
    assert.equal(h.fake.count("GET", `/projects/${id}`), 2);
  });

  it("a lost create answer makes no duplicate project", async () => {
    h.fake.fail({ method: "POST", path: "/projects", fault: { kind: "lost" } });
    const { id, outs } = await projectProvider.create(project);
    assert.equal(h.fake.projects.size, 1);
    assert.equal(h.fake.count("POST", "/projects"), 1);
    const stored = h.fake.projects.get(id)!;
    assert.equal(outs!.defaultBranchId, [...stored.branches.keys()][0]);
    assert.equal(outs!.defaultEndpointId, [...stored.endpoints.keys()][0]);
  });

  it("a lost create answer never adopts a hand-made project of the same name, however recent", async () => {
    // Made a second ago, same name, region and Postgres version: only the marker tells it apart.
    const older = h.fake.seedProject({ name: project.name, createdAt: new Date().toISOString() });
    h.fake.fail({ method: "POST", path: "/projects", fault: { kind: "lost" } });
    const { id } = await projectProvider.create(project);
    assert.notEqual(id, older.projectId);
    assert.equal(h.fake.projects.size, 2);
    assert.equal(h.fake.count("POST", "/projects"), 1);
  });

  it("lost create answers make no duplicate branch, role, database or compute", async () => {
    const { id: projectId } = await projectProvider.create(project);
    h.fake.fail({ method: "POST", path: /\/branches$/, fault: { kind: "lost" } });
    const branch = await branchProvider.create({ projectId, name: "app" });
    h.fake.fail({ method: "POST", path: /\/roles$/, fault: { kind: "lost" } });
    const role = await roleProvider.create({ projectId, branchId: branch.id, name: "app" });
    h.fake.fail({ method: "POST", path: /\/databases$/, fault: { kind: "lost" } });
    await databaseProvider.create({ projectId, branchId: branch.id, name: "app", ownerName: "app" });
    h.fake.fail({ method: "POST", path: /\/endpoints$/, fault: { kind: "lost" } });
    const replica = await endpointProvider.create({
      projectId,
      branchId: branch.id,
      type: "read_only",
      name: "replica",
      minCu: 0.25,
      maxCu: 1,
    });

    const stored = h.fake.projects.get(projectId)!;
    const fb = stored.branches.get(branch.id)!;
    assert.equal(stored.branches.size, 2);
    assert.deepEqual([...fb.roles.keys()], ["app"]);
    assert.equal(role.outs!.password, fb.roles.get("app")!.password);
    assert.deepEqual([...fb.databases.keys()], ["app"]);
    assert.deepEqual(
      [...stored.endpoints.values()].filter((e) => e.branch_id === branch.id).map((e) => e.type),
      ["read_write", "read_only"],
    );
    assert.equal(replica.id, [...stored.endpoints.keys()][2]);
    for (const path of [/\/branches$/, /\/roles$/, /\/databases$/, /\/endpoints$/]) {
      assert.equal(h.fake.count("POST", path), 1, String(path));
    }
  });

  it("turns a body that is not JSON into a clear, unretried error", async () => {
    const { id } = await projectProvider.create(project);
    h.fake.fail({ method: "GET", path: `/projects/${id}`, fault: { kind: "malformed" } });
    await assert.rejects(projectProvider.read!(id), {
      name: "ApiError",
      message:
        'neon:Project "' +
        id +
        '": read failed: 200 response is not valid JSON (19 bytes, starts "{\\"project\\": {\\"id\\": ")',
    });
    assert.equal(h.fake.count("GET", `/projects/${id}`), 1);
  });

  it("surfaces a 400 with Neon's message and does not retry it", async () => {
    h.fake.fail({
      method: "POST",
      path: "/projects",
      fault: {
        kind: "status",
        status: 400,
        message: "history_retention_seconds exceeds the plan limit of 21600",
      },
    });
    await assert.rejects(projectProvider.create(project), {
      message:
        'neon:Project "webapp-dev": create failed: 400 Bad Request: "history_retention_seconds exceeds the plan limit of 21600"',
    });
    assert.equal(h.fake.count("POST", "/projects"), 1);
  });

  it("gives up after the configured attempts, naming the resource", async () => {
    h.fake.fail({
      method: "GET",
      path: /^\/projects\/[^/]+$/,
      times: 10,
      fault: { kind: "status", status: 502 },
    });
    await assert.rejects(projectProvider.read!("silent-river-1234567", { ...project } as never), {
      message:
        'neon:Project "webapp-dev": read failed: 502 Bad Gateway: "Bad Gateway" (gave up after 6 attempts)',
    });
  });
});
