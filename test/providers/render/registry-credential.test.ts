import * as assert from "node:assert/strict";
import {
  RegistryCredentialInputs,
  RegistryCredentialOutputs,
  registryCredentialProvider as p,
} from "../../../providers/render/registry-credential";
import { useFakeRender, validateAll } from "./harness";

const inputs: RegistryCredentialInputs = {
  name: "ghcr",
  registry: "GITHUB",
  username: "octocat",
  authToken: "ghp_token123",
};

describe("render:RegistryCredential provider", () => {
  const h = useFakeRender();

  it("creates with one POST valid per the spec; the token is kept, never read back", async () => {
    const res = await p.create(inputs);
    assert.match(res.id, /^rgc-/);
    // The name lookup first: a credential an interrupted run made is continued, not duplicated.
    assert.deepEqual(h.api.counts(), { "GET /registrycredentials": 1, "POST /registrycredentials": 1 });
    validateAll(h.api);
    assert.deepEqual(h.api.requests[1].body, { ...inputs, ownerId: h.api.ownerId });
    assert.deepEqual(res.outs, { ...inputs, ownerId: h.api.ownerId });
    h.api.clearLog();
    const read = await p.read!(res.id, res.outs);
    assert.deepEqual(read.props, res.outs);
    assert.deepEqual(h.api.counts(), { "GET /registrycredentials/{rgc}": 1 });
  });

  it("lost create response: adopts the credential it made instead of making a second", async () => {
    h.api.inject({ kind: "lost-response", method: "POST", path: "/registrycredentials" });
    const res = await p.create(inputs);
    assert.equal(h.api.credentials.size, 1);
    assert.equal(res.id, [...h.api.credentials.keys()][0]);
  });

  it("lost-create recovery reads the bare array Render answers (spec), not a wrapped page", async () => {
    h.api.inject({ kind: "status", status: 503, method: "POST", path: "/registrycredentials" });
    h.api.inject({ kind: "lost-response", method: "POST", path: "/registrycredentials" });
    const res = await p.create(inputs);
    assert.equal(h.api.credentials.size, 1);
    assert.equal(res.id, [...h.api.credentials.keys()][0]);
    assert.deepEqual(h.api.counts(), { "GET /registrycredentials": 3, "POST /registrycredentials": 2 });
  });

  it("a run killed after its create is continued: the next create finds it and sets the token, no POST", async () => {
    const first = await p.create(inputs);
    h.api.clearLog();
    const res = await p.create({ ...inputs, authToken: "ghp_new" });
    assert.equal(res.id, first.id);
    assert.deepEqual(h.api.counts(), {
      "GET /registrycredentials": 1,
      "PATCH /registrycredentials/{rgc}": 1,
    });
    assert.equal(h.api.credentials.get(first.id)!.authToken, "ghp_new");
  });

  it("adoptId: takes over the credential with a PATCH, no POST", async () => {
    const made = await p.create({ ...inputs, name: "made-by-hand" });
    h.api.clearLog();
    const res = await p.create({ ...inputs, adoptId: made.id });
    assert.equal(res.id, made.id);
    assert.deepEqual(h.api.counts(), {
      "GET /registrycredentials/{rgc}": 1,
      "PATCH /registrycredentials/{rgc}": 1,
    });
    assert.equal(h.api.credentials.get(made.id)!.name, "ghcr");
  });

  it("a different RENDER_OWNER_ID in the shell never replaces it; an explicit ownerId change does", async () => {
    const { id, outs } = await p.create(inputs);
    process.env.RENDER_OWNER_ID = "tea-someoneelse00000";
    assert.deepEqual(await p.diff!(id, outs as RegistryCredentialOutputs, inputs), { changes: false });
    assert.deepEqual(
      await p.diff!(id, outs as RegistryCredentialOutputs, { ...inputs, ownerId: "tea-someoneelse00000" }),
      { changes: true, replaces: ["ownerId"], deleteBeforeReplace: true },
    );
  });

  it("token rotation is an in-place PATCH with all four fields", async () => {
    const { id, outs } = await p.create(inputs);
    const news = { ...inputs, authToken: "ghp_rotated" };
    assert.deepEqual(await p.diff!(id, outs as RegistryCredentialOutputs, news), { changes: true });
    h.api.clearLog();
    await p.update!(id, outs as RegistryCredentialOutputs, news);
    validateAll(h.api);
    assert.deepEqual(h.api.requests[0].body, {
      registry: "GITHUB",
      name: "ghcr",
      username: "octocat",
      authToken: "ghp_rotated",
    });
    assert.equal(h.api.credentials.get(id)!.authToken, "ghp_rotated");
  });

  it("no change, no request", async () => {
    const { id, outs } = await p.create(inputs);
    h.api.clearLog();
    assert.deepEqual(await p.diff!(id, outs as RegistryCredentialOutputs, inputs), { changes: false });
    assert.equal(h.api.requests.length, 0);
  });

  it("rejects an unknown registry", async () => {
    const res = await p.check!({} as RegistryCredentialInputs, { ...inputs, registry: "QUAY" });
    assert.deepEqual(res.failures, [
      {
        property: "registry",
        reason:
          'registry "QUAY" is not one Render supports; use one of GITHUB, GITLAB, DOCKER, GOOGLE_ARTIFACT, AWS_ECR.',
      },
    ]);
  });

  it("read of a deleted credential returns no id; delete of a missing one succeeds", async () => {
    const { id, outs } = await p.create(inputs);
    await p.delete!(id, outs as RegistryCredentialOutputs);
    assert.deepEqual(await p.read!(id, outs as RegistryCredentialOutputs), {});
    await p.delete!(id, outs as RegistryCredentialOutputs);
  });
});
