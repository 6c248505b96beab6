import * as assert from "node:assert/strict";
import { backgroundWorkerProvider } from "../../../providers/render/background-worker";
import { ServiceInputs, ServiceOutputs } from "../../../providers/render/service";
import { createBody, useFakeRender, validateAll } from "./harness";

const p = backgroundWorkerProvider;
const inputs: ServiceInputs = {
  name: "webapp-prod-worker",
  image: "ghcr.io/acme/api:v1",
  plan: "starter",
  region: "frankfurt",
  startCommand: "celery -A app worker",
  envVars: { CELERY_BROKER_URL: "rediss://:pw@host:6379" },
};

describe("render:BackgroundWorker provider", () => {
  const h = useFakeRender();

  it("creates with one POST whose serviceDetails is a valid backgroundWorkerDetailsPOST", async () => {
    const res = await p.create(inputs);
    // The name lookup first: an earlier run killed after its POST is continued, not duplicated.
    assert.deepEqual(h.api.counts(), { "GET /services": 1, "POST /services": 1 });
    validateAll(h.api, "background_worker");
    assert.deepEqual(createBody(h.api).serviceDetails, {
      runtime: "image",
      plan: "starter",
      region: "frankfurt",
      numInstances: 1,
      envSpecificDetails: { dockerCommand: "/bin/sh -c 'celery -A app worker'" },
    });
    const outs = res.outs as ServiceOutputs;
    assert.equal(outs.url, undefined);
    assert.equal(outs.dashboardUrl, `https://dashboard.render.com/worker/${res.id}`);
    assert.match(outs.deployId, /^dep-/);
  });

  it("reads with 2 requests (no custom domains for workers)", async () => {
    const { id, outs } = await p.create(inputs);
    h.api.clearLog();
    const res = await p.read!(id, outs as ServiceOutputs);
    assert.deepEqual(h.api.counts(), { "GET /services/{srv}": 1, "GET /services/{srv}/env-vars": 1 });
    assert.deepEqual(res.props, outs);
  });

  it("updates plan and pre-deploy command in one PATCH valid as backgroundWorkerDetailsPATCH, then deploys", async () => {
    const { id, outs } = await p.create(inputs);
    h.api.clearLog();
    await p.update!(id, outs as ServiceOutputs, {
      ...inputs,
      plan: "standard",
      preDeployCommand: "python manage.py check",
    });
    assert.deepEqual(h.api.counts(), {
      "PATCH /services/{srv}": 1,
      "GET /services/{srv}/deploys": 1,
      "POST /services/{srv}/deploys": 1,
    });
    validateAll(h.api, "background_worker");
    assert.deepEqual(h.api.requests[0].body, {
      serviceDetails: { plan: "standard", preDeployCommand: "/bin/sh -c 'python manage.py check'" },
    });
  });

  it("refuses the free plan in check, before any request", async () => {
    const res = await p.check!({} as ServiceInputs, { ...inputs, plan: "free" });
    assert.deepEqual(res.failures, [
      {
        property: "plan",
        reason:
          "Render background workers have no free plan; use one of starter, standard, pro, pro_plus, pro_max, pro_ultra.",
      },
    ]);
    assert.equal(h.api.requests.length, 0);
  });

  it("region change replaces", async () => {
    const { id, outs } = await p.create(inputs);
    assert.deepEqual((await p.diff!(id, outs as ServiceOutputs, { ...inputs, region: "ohio" })).replaces, [
      "region",
    ]);
  });

  it("deletes; 404 is success", async () => {
    const { id, outs } = await p.create(inputs);
    await p.delete!(id, outs as ServiceOutputs);
    await p.delete!(id, outs as ServiceOutputs);
    assert.equal(h.api.counts()["DELETE /services/{srv}"], 2);
    assert.equal(h.api.services.size, 0);
  });
});
