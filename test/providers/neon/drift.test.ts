/**
 * Issue 15, item 11: a compute resized by hand (Neon console, or PATCH /projects/{id}/endpoints/{id}) shows
 * in `pulumi refresh`, and the next `pulumi up` puts it back. A project's size lives in two places at Neon:
 * `default_endpoint_settings` (for computes made later) and the running compute itself (Neon OpenAPI:
 * ProjectUpdateRequest vs EndpointUpdateRequest); a hand resize changes only the compute.
 */
import * as assert from "node:assert/strict";
import { branchProvider, endpointProvider, projectProvider } from "../../../providers/neon";
import type { ProjectOutputs } from "../../../providers/neon";
import { PROJECT, useFakeNeon } from "./helpers";

describe("neon: a compute resized by hand is seen by refresh and put back by up", () => {
  const h = useFakeNeon();

  const resizeByHand = (projectId: string, endpointId: string, min: number, max: number) => {
    const e = h.fake.projects.get(projectId)!.endpoints.get(endpointId)!;
    e.autoscaling_limit_min_cu = min;
    e.autoscaling_limit_max_cu = max;
  };

  it("Project: its default compute resized by hand", async () => {
    const { id, outs } = await projectProvider.create(PROJECT);
    const created = outs as ProjectOutputs;
    resizeByHand(id, created.defaultEndpointId, 1, 4);

    const refreshed = (await projectProvider.read!(id, created)).props as ProjectOutputs;
    assert.equal(refreshed.autoscalingMinCu, 1);
    assert.equal(refreshed.autoscalingMaxCu, 4);

    const diff = await projectProvider.diff!(id, refreshed, PROJECT);
    assert.deepEqual(diff, { changes: true, replaces: [] });

    const updated = (await projectProvider.update!(id, refreshed, PROJECT)).outs as ProjectOutputs;
    const e = h.fake.projects.get(id)!.endpoints.get(created.defaultEndpointId)!;
    assert.deepEqual([e.autoscaling_limit_min_cu, e.autoscaling_limit_max_cu], [0.25, 2]);
    assert.equal(updated.autoscalingMinCu, 0.25);
    assert.equal(updated.autoscalingMaxCu, 2);
    // Refresh again: nothing left to change.
    const again = (await projectProvider.read!(id, updated)).props as ProjectOutputs;
    assert.deepEqual(await projectProvider.diff!(id, again, PROJECT), { changes: false, replaces: [] });
  });

  it("Project: its default settings changed by hand (the compute untouched) are seen too", async () => {
    const { id, outs } = await projectProvider.create(PROJECT);
    h.fake.projects.get(id)!.project.default_endpoint_settings = {
      autoscaling_limit_min_cu: 0.5,
      autoscaling_limit_max_cu: 2,
      suspend_timeout_seconds: 300,
    };
    const refreshed = (await projectProvider.read!(id, outs as ProjectOutputs)).props as ProjectOutputs;
    assert.equal(refreshed.autoscalingMinCu, 0.5);
    assert.deepEqual(await projectProvider.diff!(id, refreshed, PROJECT), { changes: true, replaces: [] });
  });

  it("Branch and Endpoint: a hand resize is seen and put back", async () => {
    const project = await projectProvider.create(PROJECT);
    const projectId = project.id;
    const branchId = (project.outs as ProjectOutputs).defaultBranchId;
    const branchInputs = { projectId, name: "app", endpoint: { minCu: 0.25, maxCu: 1 } };
    const branch = await branchProvider.create(branchInputs);
    resizeByHand(projectId, branch.outs!.endpointId, 0.5, 2);
    const b = (await branchProvider.read!(branch.id, branch.outs!)).props!;
    assert.deepEqual(await branchProvider.diff!(branch.id, b, branchInputs), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    await branchProvider.update!(branch.id, b, branchInputs);
    const be = h.fake.projects.get(projectId)!.endpoints.get(branch.outs!.endpointId)!;
    assert.deepEqual([be.autoscaling_limit_min_cu, be.autoscaling_limit_max_cu], [0.25, 1]);

    const epInputs = {
      projectId,
      branchId,
      type: "read_only" as const,
      name: "replica",
      minCu: 0.25,
      maxCu: 1,
    };
    const ep = await endpointProvider.create(epInputs);
    resizeByHand(projectId, ep.id, 1, 2);
    const r = (await endpointProvider.read!(ep.id, ep.outs!)).props!;
    assert.deepEqual(await endpointProvider.diff!(ep.id, r, epInputs), { changes: true, replaces: [] });
    await endpointProvider.update!(ep.id, r, epInputs);
    const re = h.fake.projects.get(projectId)!.endpoints.get(ep.id)!;
    assert.deepEqual([re.autoscaling_limit_min_cu, re.autoscaling_limit_max_cu], [0.25, 1]);
  });
});
