import * as assert from "node:assert/strict";
import { projectProvider, type ProjectInputs, type ProjectOutputs } from "../../../providers/neon";
import { PROJECT as inputs, assertRequestsMatchSpec, schema, useFakeNeon } from "./helpers";

describe("neon:Project provider", () => {
  const h = useFakeNeon({ operationPolls: 2 });

  async function created(): Promise<{ id: string; outs: ProjectOutputs }> {
    const res = await projectProvider.create(inputs);
    return { id: res.id, outs: res.outs as ProjectOutputs };
  }

  it("creates the project with the settings sent in Neon's shape and waits for its operations", async () => {
    const { id, outs } = await created();
    const project = h.fake.projects.get(id)!;
    const branch = [...project.branches.values()][0].branch;
    const endpoint = [...project.endpoints.values()][0];
    assert.deepEqual(outs, {
      ...inputs,
      defaultBranchId: branch.id,
      defaultEndpointId: endpoint.id,
      defaultHost: `${endpoint.id}.us-east-1.aws.neon.tech`,
      defaultPoolerHost: `${endpoint.id}-pooler.us-east-1.aws.neon.tech`,
    });
    assert.deepEqual(h.fake.bodies("POST", "/projects"), [
      {
        project: {
          name: "webapp-dev",
          region_id: "aws-us-east-1",
          pg_version: 17,
          history_retention_seconds: 21600,
          default_endpoint_settings: {
            autoscaling_limit_min_cu: 0.25,
            autoscaling_limit_max_cu: 2,
            suspend_timeout_seconds: 300,
          },
          branch: { annotations: { "pulumi-neon-project": "webapp-dev" } },
          store_passwords: true,
        },
      },
    ]);
    // Two operations, each `running` for two polls and `finished` on the third.
    assert.equal(h.fake.count("GET", /\/operations\//), 6);
    assert.equal(h.fake.requests[0].authorization, "Bearer neon-test-key");
    assert.equal(assertRequestsMatchSpec(h.fake), 1);
  });

  it("sends org_id when set", async () => {
    await projectProvider.create({ ...inputs, orgId: "org-quiet-sun-12345678" });
    const [body] = h.fake.bodies("POST", "/projects") as { project: { org_id: string } }[];
    assert.equal(body.project.org_id, "org-quiet-sun-12345678");
    assert.equal(assertRequestsMatchSpec(h.fake), 1);
  });

  it("answers like Neon's spec (the fake's create answer validates against CreatedProject's parts)", async () => {
    await created();
    const answer = await fetch(`${process.env.NEON_API_URL}/projects`, {
      method: "POST",
      headers: { Authorization: "Bearer neon-test-key", "Content-Type": "application/json" },
      body: JSON.stringify({ project: { name: "spec-check" } }),
    }).then((r) => r.json());
    for (const part of [
      "ProjectResponse",
      "ConnectionURIsResponse",
      "RolesResponse",
      "DatabasesResponse",
      "OperationsResponse",
      "BranchResponse",
      "EndpointsResponse",
    ]) {
      const validate = schema(part);
      assert.ok(validate(answer), `${part}: ${JSON.stringify(validate.errors)}`);
    }
  });

  it("reads the live project back into the same outputs", async () => {
    const { id, outs } = await created();
    const read = await projectProvider.read!(id, outs);
    assert.deepEqual(read, { id, props: outs });
  });

  it("reports a project deleted outside Pulumi as gone (no id)", async () => {
    const { id, outs } = await created();
    h.fake.projects.delete(id);
    assert.deepEqual(await projectProvider.read!(id, outs), {});
  });

  it("diff: unchanged inputs are no change and make no request", async () => {
    const { id, outs } = await created();
    const before = h.fake.requests.length;
    assert.deepEqual(await projectProvider.diff!(id, outs, inputs), { changes: false, replaces: [] });
    assert.equal(h.fake.requests.length, before);
  });

  for (const [key, value] of [
    ["regionId", "aws-eu-central-1"],
    ["pgVersion", 16],
    ["orgId", "org-other-12345678"],
  ] as const) {
    it(`diff: changing ${key} replaces the project`, async () => {
      const { id, outs } = await created();
      outs.orgId = "org-quiet-sun-12345678";
      assert.deepEqual(await projectProvider.diff!(id, outs, { ...inputs, [key]: value }), {
        changes: true,
        replaces: [key],
      });
    });
  }

  for (const [key, value] of [
    ["name", "webapp-renamed"],
    ["historyRetentionSeconds", 3600],
    ["autoscalingMaxCu", 1],
  ] as const) {
    it(`diff: changing ${key} is an in-place update`, async () => {
      const { id, outs } = await created();
      assert.deepEqual(await projectProvider.diff!(id, outs, { ...inputs, [key]: value }), {
        changes: true,
        replaces: [],
      });
    });
  }

  it("update PATCHes the project and resizes the default compute when the CU range changes", async () => {
    const { id, outs } = await created();
    const news = { ...inputs, name: "webapp-renamed", autoscalingMaxCu: 1 };
    const res = await projectProvider.update!(id, outs, news);
    assert.deepEqual(res, {
      outs: {
        ...news,
        defaultBranchId: outs.defaultBranchId,
        defaultEndpointId: outs.defaultEndpointId,
        defaultHost: outs.defaultHost,
        defaultPoolerHost: outs.defaultPoolerHost,
      },
    });
    assert.deepEqual(h.fake.bodies("PATCH", `/projects/${id}`), [
      {
        project: {
          name: "webapp-renamed",
          history_retention_seconds: 21600,
          default_endpoint_settings: {
            autoscaling_limit_min_cu: 0.25,
            autoscaling_limit_max_cu: 1,
            suspend_timeout_seconds: 300,
          },
        },
      },
    ]);
    assert.deepEqual(h.fake.bodies("PATCH", `/projects/${id}/endpoints/${outs.defaultEndpointId}`), [
      {
        endpoint: {
          autoscaling_limit_min_cu: 0.25,
          autoscaling_limit_max_cu: 1,
          suspend_timeout_seconds: 300,
        },
      },
    ]);
    assert.equal(h.fake.projects.get(id)!.project.name, "webapp-renamed");
    assert.equal(h.fake.projects.get(id)!.endpoints.get(outs.defaultEndpointId)!.autoscaling_limit_max_cu, 1);
    assert.equal(assertRequestsMatchSpec(h.fake), 3);
  });

  it("update of the name alone leaves the compute alone", async () => {
    const { id, outs } = await created();
    await projectProvider.update!(id, outs, { ...inputs, name: "webapp-renamed" });
    assert.equal(h.fake.count("PATCH", /\/endpoints\//), 0);
  });

  it("deletes the project; deleting it again (404) is fine", async () => {
    const { id, outs } = await created();
    await projectProvider.delete!(id, outs);
    assert.equal(h.fake.projects.has(id), false);
    await projectProvider.delete!(id, outs);
    assert.equal(h.fake.count("DELETE", `/projects/${id}`), 2);
  });

  it("check rejects out-of-range settings with the property named", async () => {
    const res = await projectProvider.check!({} as ProjectInputs, {
      ...inputs,
      pgVersion: 13,
      autoscalingMinCu: 4,
      autoscalingMaxCu: 2,
    });
    assert.deepEqual(res.failures, [
      { property: "pgVersion", reason: "pgVersion must be an integer from 14 to 18, got 13" },
      { property: "autoscalingMaxCu", reason: "autoscalingMaxCu (2) must be at least autoscalingMinCu (4)" },
    ]);
  });
});
