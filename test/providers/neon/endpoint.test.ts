import * as assert from "node:assert/strict";
import {
  branchProvider,
  endpointProvider,
  projectProvider,
  type EndpointInputs,
  type EndpointOutputs,
} from "../../../providers/neon";
import { assertRequestsMatchSpec, useFakeNeon } from "./helpers";

describe("neon:Endpoint provider", () => {
  const h = useFakeNeon({ operationPolls: 1 });
  let inputs: EndpointInputs;

  beforeEach(async () => {
    const project = await projectProvider.create({
      name: "webapp-prod",
      regionId: "aws-eu-central-1",
      pgVersion: 17,
      historyRetentionSeconds: 604800,
      autoscalingMinCu: 0.5,
      autoscalingMaxCu: 4,
      suspendTimeoutSeconds: 0,
    });
    const branch = await branchProvider.create({ projectId: project.id, name: "app" });
    inputs = {
      projectId: project.id,
      branchId: branch.id,
      type: "read_only",
      name: "replica",
      minCu: 0.25,
      maxCu: 2,
    };
    h.fake.reset();
  });

  async function created(): Promise<{ id: string; outs: EndpointOutputs }> {
    const res = await endpointProvider.create(inputs);
    return { id: res.id, outs: res.outs! };
  }

  it("creates a read_only compute on the branch and outputs its host", async () => {
    const { id, outs } = await created();
    const endpoint = h.fake.projects.get(inputs.projectId)!.endpoints.get(id)!;
    assert.equal(endpoint.type, "read_only");
    assert.deepEqual(outs, { ...inputs, host: `${id}.eu-central-1.aws.neon.tech` });
    assert.deepEqual(h.fake.bodies("POST", `/projects/${inputs.projectId}/endpoints`), [
      {
        endpoint: {
          branch_id: inputs.branchId,
          type: "read_only",
          name: "replica",
          autoscaling_limit_min_cu: 0.25,
          autoscaling_limit_max_cu: 2,
        },
      },
    ]);
    assert.equal(h.fake.count("GET", /\/operations\//), 2);
    assert.equal(assertRequestsMatchSpec(h.fake), 1);
  });

  it("read without state (import) fails saying what is missing, before any request", async () => {
    await assert.rejects(endpointProvider.read!("ep-x-1234567"), {
      message: 'neon:Endpoint "ep-x-1234567": read failed: the projectId is not in state',
    });
    assert.equal(h.fake.requests.length, 0);
  });

  it("reads the compute back; a deleted one is gone", async () => {
    const { id, outs } = await created();
    // Neon fills in the suspend timeout the project defaults to.
    assert.deepEqual(await endpointProvider.read!(id, outs), {
      id,
      props: { ...outs, suspendTimeoutSeconds: 0 },
    });
    h.fake.projects.get(inputs.projectId)!.endpoints.delete(id);
    assert.deepEqual(await endpointProvider.read!(id, outs), {});
  });

  it("diff: sizes update in place, branch or type replace, nothing changed makes no request", async () => {
    const { id, outs } = await created();
    const before = h.fake.requests.length;
    assert.deepEqual(await endpointProvider.diff!(id, outs, inputs), { changes: false, replaces: [] });
    assert.deepEqual(await endpointProvider.diff!(id, outs, { ...inputs, maxCu: 4 }), {
      changes: true,
      replaces: [],
    });
    assert.deepEqual(await endpointProvider.diff!(id, outs, { ...inputs, branchId: "br-other-1" }), {
      changes: true,
      replaces: ["branchId"],
    });
    assert.equal(h.fake.requests.length, before);
  });

  it("update PATCHes the sizes and waits", async () => {
    const { id, outs } = await created();
    const news = { ...inputs, maxCu: 4, suspendTimeoutSeconds: 900 };
    assert.deepEqual(await endpointProvider.update!(id, outs, news), { outs: { ...news, host: outs.host } });
    assert.deepEqual(h.fake.bodies("PATCH", `/projects/${inputs.projectId}/endpoints/${id}`), [
      {
        endpoint: {
          name: "replica",
          autoscaling_limit_min_cu: 0.25,
          autoscaling_limit_max_cu: 4,
          suspend_timeout_seconds: 900,
        },
      },
    ]);
    assert.equal(assertRequestsMatchSpec(h.fake), 2);
  });

  it("deletes the compute; 404 is fine", async () => {
    const { id, outs } = await created();
    await endpointProvider.delete!(id, outs);
    await endpointProvider.delete!(id, outs);
    assert.equal(h.fake.projects.get(inputs.projectId)!.endpoints.has(id), false);
    assert.equal(h.fake.count("DELETE"), 2);
  });

  it("check lets a type that is unknown during preview through", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9" as "read_only";
    assert.deepEqual((await endpointProvider.check!(inputs, { ...inputs, type: unknown })).failures, []);
  });

  it("check refuses a read_write type, which belongs to Branch", async () => {
    const res = await endpointProvider.check!(inputs, { ...inputs, type: "read_write" as "read_only" });
    assert.deepEqual(res.failures, [
      {
        property: "type",
        reason:
          'type must be "read_only", got "read_write": a branch\'s read_write compute is Branch.endpoint',
      },
    ]);
  });
});
