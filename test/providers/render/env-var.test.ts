import * as assert from "node:assert/strict";
import { EnvVarInputs, EnvVarOutputs, envVarProvider as p } from "../../../providers/render/env-var";
import { ResourceInitError } from "../../../providers/shared/lifecycle";
import { roundTrip } from "../shared";
import { useFakeRender, validateAll } from "./harness";

describe("render:EnvVar provider", () => {
  const h = useFakeRender({}, { timeoutMs: 200 });
  let serviceId: string;
  let inputs: EnvVarInputs;

  beforeEach(() => {
    serviceId = h.api.seedService({ name: "webapp-dev-api" }).id as string;
    h.api.services.get(serviceId)!.envVars.push({ key: "BY_HAND", value: "kept" });
    inputs = { serviceId, key: "ALLOWED_HOSTS", value: "webapp-dev-api-x1y2.onrender.com" };
    h.api.clearLog();
  });

  const env = () => h.api.services.get(serviceId)!.envVars;

  it("create: one PUT of that key, then one deploy; other keys untouched", async () => {
    const res = await p.create(inputs);
    assert.equal(res.id, `${serviceId}/ALLOWED_HOSTS`);
    assert.deepEqual(h.api.counts(), {
      "PUT /services/{srv}/env-vars/ALLOWED_HOSTS": 1,
      // The deploys before ours: how a lost answer is resolved without any clock (deploys.ts).
      "GET /services/{srv}/deploys": 1,
      "POST /services/{srv}/deploys": 1,
    });
    validateAll(h.api);
    assert.deepEqual(h.api.requests[0].body, { value: "webapp-dev-api-x1y2.onrender.com" });
    assert.deepEqual(h.api.requests[2].body, {});
    assert.deepEqual(env(), [
      { key: "BY_HAND", value: "kept" },
      { key: "ALLOWED_HOSTS", value: "webapp-dev-api-x1y2.onrender.com" },
    ]);
    const deploys = h.api.services.get(serviceId)!.deploys;
    assert.equal(res.outs!.deployId, deploys[deploys.length - 1].id);
  });

  it("deploy: false sets the value without deploying", async () => {
    const res = await p.create({ ...inputs, deploy: false });
    assert.deepEqual(h.api.counts(), { "PUT /services/{srv}/env-vars/ALLOWED_HOSTS": 1 });
    assert.equal(res.outs!.deployId, "");
  });

  it("a lost deploy answer is found among the deploys, not sent twice", async () => {
    h.api.inject({ kind: "lost-response", method: "POST", path: `/services/${serviceId}/deploys` });
    const before = h.api.services.get(serviceId)!.deploys.length;
    const res = await p.create(inputs);
    const deploys = h.api.services.get(serviceId)!.deploys;
    assert.equal(deploys.length, before + 1);
    assert.equal(res.outs!.deployId, deploys[deploys.length - 1].id);
    assert.deepEqual(h.api.counts(), {
      "PUT /services/{srv}/env-vars/ALLOWED_HOSTS": 1,
      "POST /services/{srv}/deploys": 1,
      "GET /services/{srv}/deploys": 2,
    });
  });

  it("a failed deploy keeps the value recorded (init error with deployPending) and update deploys again", async () => {
    h.api.inject({ kind: "status", status: 400, method: "POST", path: `/services/${serviceId}/deploys` });
    const err = await p.create(inputs).catch((e: unknown) => e);
    assert.ok(err instanceof ResourceInitError);
    assert.equal(err.id, `${serviceId}/ALLOWED_HOSTS`);
    assert.equal((err.properties as unknown as EnvVarOutputs).deployPending, true);
    const olds = err.properties as unknown as EnvVarOutputs;
    assert.deepEqual(await p.diff!(err.id, olds, inputs), { changes: true });
    h.api.clearLog();
    const res = await p.update!(err.id, olds, inputs);
    assert.deepEqual(h.api.counts(), {
      "PUT /services/{srv}/env-vars/ALLOWED_HOSTS": 1,
      "GET /services/{srv}/deploys": 1,
      "POST /services/{srv}/deploys": 1,
    });
    assert.equal(res.outs!.deployPending, undefined);
    assert.deepEqual(await p.diff!(err.id, res.outs!, inputs), { changes: false });
  });

  it("diff: key or serviceId change replaces; value change updates", async () => {
    const { id, outs } = await p.create(inputs);
    const o = outs as EnvVarOutputs;
    assert.deepEqual(await p.diff!(id, o, { ...inputs, key: "OTHER" }), { changes: true, replaces: ["key"] });
    assert.deepEqual(await p.diff!(id, o, { ...inputs, serviceId: "srv-other" }), {
      changes: true,
      replaces: ["serviceId"],
    });
    assert.deepEqual(await p.diff!(id, o, { ...inputs, value: "x" }), { changes: true });
    assert.deepEqual(await p.diff!(id, o, inputs), { changes: false });
  });

  it("read: GET of that key; a value changed by hand is drift; a missing key is gone", async () => {
    const { id, outs } = await p.create(inputs);
    env().find((e) => e.key === "ALLOWED_HOSTS")!.value = "changed.example.com";
    h.api.clearLog();
    const res = await p.read!(id, outs as EnvVarOutputs);
    assert.deepEqual(h.api.counts(), { "GET /services/{srv}/env-vars/ALLOWED_HOSTS": 1 });
    assert.equal(res.props!.value, "changed.example.com");
    env().splice(
      env().findIndex((e) => e.key === "ALLOWED_HOSTS"),
      1,
    );
    assert.deepEqual(await p.read!(id, outs as EnvVarOutputs), {});
  });

  it("delete: DELETE of that key only, once it is gone nothing more", async () => {
    const { id, outs } = await p.create(inputs);
    h.api.clearLog();
    await p.delete!(id, outs as EnvVarOutputs);
    await p.delete!(id, outs as EnvVarOutputs);
    assert.deepEqual(h.api.counts(), {
      "GET /services/{srv}/env-vars/ALLOWED_HOSTS": 2,
      "DELETE /services/{srv}/env-vars/ALLOWED_HOSTS": 1,
    });
    assert.deepEqual(env(), [{ key: "BY_HAND", value: "kept" }]);
  });

  it("delete keeps a value set since by someone else (the service's own envVars took the key over)", async () => {
    const { id, outs } = await p.create(inputs);
    // What the web service's update does first when the program moves the key into its create env.
    env().find((e) => e.key === "ALLOWED_HOSTS")!.value = "api.example.com";
    h.api.clearLog();
    await p.delete!(id, outs as EnvVarOutputs);
    assert.deepEqual(h.api.counts(), { "GET /services/{srv}/env-vars/ALLOWED_HOSTS": 1 });
    assert.equal(env().find((e) => e.key === "ALLOWED_HOSTS")?.value, "api.example.com");
  });

  for (const [what, body] of [
    ["empty", ""],
    ["{}", "{}"],
    ["null", "null"],
    ["HTML", "<html>bad gateway</html>"],
    ["a wrong type", '{"key":"ALLOWED_HOSTS","value":7}'],
  ] as const) {
    it(`a malformed PUT answer (${what}) is an error naming the resource and operation`, async () => {
      h.api.inject({ kind: "body", method: "PUT", body });
      await assert.rejects(p.create(inputs), (e: Error) => {
        assert.ok(!(e instanceof TypeError), String(e));
        assert.match(e.message, /^render:EnvVar "ALLOWED_HOSTS": set failed: 200 /);
        return true;
      });
    });
  }

  it("check: rejects an invalid key", async () => {
    const res = await p.check!({} as EnvVarInputs, { ...inputs, key: "1BAD KEY" });
    assert.deepEqual(res.failures, [{ property: "key", reason: '"1BAD KEY" is not a valid variable name.' }]);
  });

  it("the serialized provider carries no secret and works", async () => {
    const { text, provider } = await roundTrip(p);
    assert.ok(!text.includes(h.api.apiKey));
    const res = await provider.create({ ...inputs, deploy: false });
    assert.equal(res.id, `${serviceId}/ALLOWED_HOSTS`);
  });
});
