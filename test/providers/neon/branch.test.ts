import * as assert from "node:assert/strict";
import {
  branchProvider,
  projectProvider,
  type BranchInputs,
  type BranchOutputs,
} from "../../../providers/neon";
import { PROJECT, assertRequestsMatchSpec, useFakeNeon } from "./helpers";

describe("neon:Branch provider", () => {
  const h = useFakeNeon({ operationPolls: 1 });
  let projectId: string;
  let defaultBranchId: string;
  let inputs: BranchInputs;

  beforeEach(async () => {
    const project = await projectProvider.create({ ...PROJECT, regionId: "aws-us-east-2" });
    projectId = project.id;
    defaultBranchId = project.outs!.defaultBranchId;
    inputs = { projectId, name: "app", endpoint: { minCu: 0.25, maxCu: 1, suspendTimeoutSeconds: 600 } };
    h.fake.reset();
  });

  async function created(): Promise<{ id: string; outs: BranchOutputs }> {
    const res = await branchProvider.create(inputs);
    return { id: res.id, outs: res.outs! };
  }

  it("creates the branch with its read_write compute and outputs direct and pooler hosts", async () => {
    const { id, outs } = await created();
    const endpoint = [...h.fake.projects.get(projectId)!.endpoints.values()].find((e) => e.branch_id === id)!;
    const host = endpoint.host as string;
    assert.match(host, /^ep-[a-z]+-[a-z]+-\d{7}\.us-east-2\.aws\.neon\.tech$/);
    assert.deepEqual(outs, {
      ...inputs,
      endpointId: endpoint.id,
      host,
      poolerHost: host.replace(/^(ep-[^.]+)/, "$1-pooler"),
    });
    assert.deepEqual(h.fake.bodies("POST", `/projects/${projectId}/branches`), [
      {
        branch: { name: "app" },
        endpoints: [
          {
            type: "read_write",
            autoscaling_limit_min_cu: 0.25,
            autoscaling_limit_max_cu: 1,
            suspend_timeout_seconds: 600,
          },
        ],
      },
    ]);
    // create_branch and start_compute, each running for one poll.
    assert.equal(h.fake.count("GET", /\/operations\//), 4);
    assert.equal(assertRequestsMatchSpec(h.fake), 1);
  });

  it("branches from the given parent and still gets a compute when no size is given", async () => {
    await branchProvider.create({ projectId, name: "preview", parentId: defaultBranchId });
    assert.deepEqual(h.fake.bodies("POST", `/projects/${projectId}/branches`), [
      { branch: { name: "preview", parent_id: defaultBranchId }, endpoints: [{ type: "read_write" }] },
    ]);
    assert.equal(assertRequestsMatchSpec(h.fake), 1);
  });

  it("reads the branch back into the same outputs, parent filled in", async () => {
    const { id, outs } = await created();
    assert.deepEqual(await branchProvider.read!(id, outs), {
      id,
      props: { ...outs, parentId: defaultBranchId },
    });
  });

  it("read without state (import) fails saying what is missing, before any request", async () => {
    await assert.rejects(branchProvider.read!("br-x-1234567"), {
      message: 'neon:Branch "br-x-1234567": read failed: the projectId is not in state',
    });
    assert.equal(h.fake.requests.length, 0);
  });

  it("reports a deleted branch as gone", async () => {
    const { id, outs } = await created();
    h.fake.projects.get(projectId)!.branches.delete(id);
    assert.deepEqual(await branchProvider.read!(id, outs), {});
  });

  it("diff: no change and no request for the same inputs; the read-back parent is not a change", async () => {
    const { id, outs } = await created();
    const before = h.fake.requests.length;
    assert.deepEqual(await branchProvider.diff!(id, { ...outs, parentId: defaultBranchId }, inputs), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.equal(h.fake.requests.length, before);
  });

  it("diff: a new parent replaces the branch, freeing its name first", async () => {
    const { id, outs } = await created();
    assert.deepEqual(await branchProvider.diff!(id, outs, { ...inputs, parentId: "br-other-1234567" }), {
      changes: true,
      replaces: ["parentId"],
      deleteBeforeReplace: true,
    });
  });

  it("diff: a new project replaces the branch", async () => {
    const { id, outs } = await created();
    assert.deepEqual(await branchProvider.diff!(id, outs, { ...inputs, projectId: "other-project-1" }), {
      changes: true,
      replaces: ["projectId"],
      deleteBeforeReplace: false,
    });
  });

  it("update renames the branch and resizes its compute in place", async () => {
    const { id, outs } = await created();
    const news = { ...inputs, name: "app2", endpoint: { minCu: 0.5, maxCu: 2 } };
    assert.deepEqual(await branchProvider.diff!(id, outs, news), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(await branchProvider.update!(id, outs, news), {
      outs: { ...news, endpointId: outs.endpointId, host: outs.host, poolerHost: outs.poolerHost },
    });
    assert.deepEqual(h.fake.bodies("PATCH", `/projects/${projectId}/branches/${id}`), [
      { branch: { name: "app2" } },
    ]);
    assert.deepEqual(h.fake.bodies("PATCH", `/projects/${projectId}/endpoints/${outs.endpointId}`), [
      { endpoint: { autoscaling_limit_min_cu: 0.5, autoscaling_limit_max_cu: 2 } },
    ]);
    assert.equal(assertRequestsMatchSpec(h.fake), 3);
  });

  it("deletes the branch and waits for its operations; 404 is fine", async () => {
    const { id, outs } = await created();
    h.fake.reset();
    await branchProvider.delete!(id, outs);
    assert.equal(h.fake.projects.get(projectId)!.branches.has(id), false);
    assert.equal(h.fake.count("GET", /\/operations\//), 4);
    await branchProvider.delete!(id, outs);
    assert.equal(h.fake.count("DELETE"), 2);
  });
});
