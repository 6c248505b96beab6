import * as assert from "node:assert/strict";
import { backgroundWorkerProvider } from "../../../providers/render/background-worker";
import { ServiceInputs, ServiceOutputs } from "../../../providers/render/service";
import { serviceProvider } from "../../../providers/render/service";
import { webServiceProvider } from "../../../providers/render/web-service";

/** The provider as the program's component builds it: the adopt hint (its config key) comes from the caller. */
const hinted = serviceProvider({
  typeName: "WebService",
  serviceType: "web_service",
  adoptConfigKey: "webapp:adopt.backendService",
});
import { ApiError } from "../../../providers/shared/http";
import { useFakeRender, validateAll } from "./harness";

const DIGEST = "sha256:" + "b".repeat(64);

/** The seed team's hand-made deployment: a web service and a worker with env vars set in the dashboard. */
function seedDeployment(h: ReturnType<typeof useFakeRender>) {
  const web = h.api.seedService({
    name: "modestwear-api",
    plan: "starter",
    imagePath: "ghcr.io/acme/api:old",
  });
  const worker = h.api.seedService({
    name: "modestwear-worker",
    type: "background_worker",
    plan: "starter",
    imagePath: "ghcr.io/acme/api:old",
  });
  const webRec = h.api.services.get(web.id as string)!;
  webRec.envVars.push(
    { key: "EMAIL_HOST_PASSWORD", value: "hand-set-secret" },
    { key: "GOOGLE_CLIENT_ID", value: "hand-set-client" },
    { key: "DEBUG", value: "True" },
  );
  webRec.domains.push({ id: "cdm-byhand0000000001", name: "legacy.example.com" });
  h.api.services.get(worker.id as string)!.envVars.push({ key: "FLOWER_PASSWORD", value: "hand-set" });
  h.api.clearLog();
  return { webId: web.id as string, workerId: worker.id as string };
}

const webInputs = (adoptId: string): ServiceInputs => ({
  name: "modestwear-api",
  adoptId,
  image: `ghcr.io/acme/api@${DIGEST}`,
  plan: "starter",
  region: "oregon",
  startCommand: "gunicorn core.wsgi --bind 0.0.0.0:$PORT",
  envVars: { DEBUG: "False", SECRET_KEY: "generated" },
  customDomains: ["api.example.com"],
});

describe("adopting an existing Render deployment", () => {
  const h = useFakeRender();

  it("web service: no create POST, converges with the update endpoints, deletes nothing it does not manage", async () => {
    const { webId } = seedDeployment(h);
    const res = await webServiceProvider.create(webInputs(webId));
    assert.equal(res.id, webId);
    assert.deepEqual(h.api.counts(), {
      "GET /services/{srv}": 1,
      "GET /services/{srv}/env-vars": 1,
      "GET /services/{srv}/custom-domains": 1,
      "PATCH /services/{srv}": 1,
      "PUT /services/{srv}/env-vars/DEBUG": 1,
      "PUT /services/{srv}/env-vars/SECRET_KEY": 1,
      "POST /services/{srv}/custom-domains": 1,
      "GET /services/{srv}/deploys": 1,
      "POST /services/{srv}/deploys": 1,
    });
    validateAll(h.api, "web_service");
    assert.equal(h.api.requests.filter((r) => r.method === "DELETE").length, 0);
    const rec = h.api.services.get(webId)!;
    assert.deepEqual(Object.fromEntries(rec.envVars.map((e) => [e.key, e.value])), {
      EMAIL_HOST_PASSWORD: "hand-set-secret",
      GOOGLE_CLIENT_ID: "hand-set-client",
      DEBUG: "False",
      SECRET_KEY: "generated",
    });
    assert.deepEqual(
      rec.domains.map((d) => d.name),
      ["legacy.example.com", "api.example.com"],
    );
    const outs = res.outs as ServiceOutputs;
    assert.deepEqual(outs.unmanagedEnvVarKeys, ["EMAIL_HOST_PASSWORD", "GOOGLE_CLIENT_ID"]);
    assert.deepEqual(outs.envVars, { DEBUG: "False", SECRET_KEY: "generated" });
    assert.ok(!JSON.stringify(outs).includes("hand-set"), "no unmanaged value in the outputs");
    assert.equal(
      (rec.service.serviceDetails as { envSpecificDetails: { dockerCommand: string } }).envSpecificDetails
        .dockerCommand,
      "/bin/sh -c 'gunicorn core.wsgi --bind 0.0.0.0:$PORT'",
    );

    // Afterwards the adopted service is ordinary: a read matches the inputs, an update keeps hand-set keys.
    h.api.clearLog();
    const read = await webServiceProvider.read!(res.id, outs);
    assert.deepEqual(await webServiceProvider.diff!(res.id, read.props!, webInputs(webId)), {
      changes: false,
    });
    await webServiceProvider.update!(res.id, read.props!, {
      ...webInputs(webId),
      envVars: { DEBUG: "False" },
    });
    assert.deepEqual(
      rec.envVars.map((e) => e.key),
      ["EMAIL_HOST_PASSWORD", "GOOGLE_CLIENT_ID", "DEBUG"],
    );
  });

  it("worker: adopted the same way, hand-set env vars stay", async () => {
    const { workerId } = seedDeployment(h);
    const res = await backgroundWorkerProvider.create({
      name: "modestwear-worker",
      adoptId: workerId,
      image: `ghcr.io/acme/api@${DIGEST}`,
      plan: "starter",
      region: "oregon",
      startCommand: "celery -A core worker",
      envVars: { CELERY_TASK_ALWAYS_EAGER: "False" },
    });
    assert.equal(res.id, workerId);
    assert.equal(h.api.counts()["POST /services"], undefined);
    assert.equal(h.api.requests.filter((r) => r.method === "DELETE").length, 0);
    assert.deepEqual(
      h.api.services.get(workerId)!.envVars.map((e) => e.key),
      ["FLOWER_PASSWORD", "CELERY_TASK_ALWAYS_EAGER"],
    );
    assert.deepEqual((res.outs as ServiceOutputs).unmanagedEnvVarKeys, ["FLOWER_PASSWORD"]);
  });

  it("an adoptId that names nothing is one line pointing at the caller's config key", async () => {
    await assert.rejects(hinted.create(webInputs("srv-missing000000000")), {
      message:
        'render:WebService "modestwear-api": adopt failed: no resource with id "srv-missing000000000" exists; check webapp:adopt.backendService',
    });
    // Without a hint the provider names no program's key.
    await assert.rejects(webServiceProvider.create(webInputs("srv-missing000000000")), {
      message:
        'render:WebService "modestwear-api": adopt failed: no resource with id "srv-missing000000000" exists',
    });
    assert.equal(h.api.counts()["POST /services"], undefined);
  });

  it("an already adopted service with nothing to change: reads only", async () => {
    const { webId } = seedDeployment(h);
    const first = await webServiceProvider.create(webInputs(webId));
    h.api.clearLog();
    const again = await webServiceProvider.create(webInputs(webId));
    assert.equal(again.id, first.id);
    assert.deepEqual(h.api.counts(), {
      "GET /services/{srv}": 1,
      "GET /services/{srv}/env-vars": 1,
      "GET /services/{srv}/custom-domains": 1,
    });
  });
});

describe("Render refusing free-plan creates (terraform-provider-render#44)", () => {
  const h = useFakeRender({ refuseFreeCreates: true });

  it("the error says how to create it once in the dashboard and adopt it", async () => {
    const err = await hinted
      .create({ name: "webapp-dev-api", image: "ghcr.io/acme/api:v1", plan: "free", region: "oregon" })
      .catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(
      err.message,
      'render:WebService "webapp-dev-api": create failed: 400 Bad Request: "free tier services cannot be created through the API"; Render does not create free services through its API: create "webapp-dev-api" once in the Render dashboard (New > Web Service > Existing Image "ghcr.io/acme/api:v1", region oregon, instance type Free), then adopt it with `pulumi config set --path webapp:adopt.backendService srv-…` (its id) and run `pulumi up` again',
    );
    assert.equal(h.api.services.size, 0);
  });

  it("paid plans are still created", async () => {
    const res = await webServiceProvider.create({
      name: "webapp-prod-api",
      image: "ghcr.io/acme/api:v1",
      plan: "starter",
      region: "oregon",
    });
    assert.match(res.id, /^srv-/);
  });
});

describe("the workspace (owner) kept in the state", () => {
  const h = useFakeRender();
  const inputs: ServiceInputs = { name: "webapp-dev-api", image: "nginx", plan: "starter", region: "oregon" };

  it("a different RENDER_OWNER_ID in the shell never replaces the service", async () => {
    const { id, outs } = await webServiceProvider.create(inputs);
    process.env.RENDER_OWNER_ID = "tea-someoneelse00000";
    const o = outs as ServiceOutputs;
    assert.deepEqual(await webServiceProvider.diff!(id, o, inputs), { changes: false });
    const upd = await webServiceProvider.update!(id, o, { ...inputs, image: "nginx:1.27" });
    assert.equal(upd.outs!.ownerId, h.api.ownerId);
    const patch = h.api.requests.find((r) => r.method === "PATCH")!.body as { image: { ownerId: string } };
    assert.equal(patch.image.ownerId, h.api.ownerId);
  });

  it("an explicit ownerId input change still replaces", async () => {
    const { id, outs } = await webServiceProvider.create(inputs);
    assert.deepEqual(
      (await webServiceProvider.diff!(id, outs as ServiceOutputs, { ...inputs, ownerId: "tea-other" }))
        .replaces,
      ["ownerId"],
    );
  });
});
