/**
 * Issue 15, item 6: a create that made something and then failed is recorded by the engine with the init
 * error's properties as its outputs, and `pulumi destroy` / `pulumi refresh` then load the provider from
 * `outputs.__provider` (@pulumi/pulumi cmd/dynamic-provider: `grpcResponseFromError` packs `e.properties`
 * into ErrorResourceInitFailed; `delete` and `read` call `getProvider(props)`, which needs the text). Each
 * case goes through the SDK's real host: Create ends in an init failure, then Read and Delete get exactly
 * what the engine would send them.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { PROJECT, useFakeNeon } from "./neon/helpers";
import { useFakeCloudinary } from "./cloudinary/helpers";
import { useFakeRender } from "./render/harness";
import { DynamicHost, providerText } from "./dynamic-host";

const PROVIDERS = path.resolve(__dirname, "..", "..", "providers");

async function throughHost(
  host: DynamicHost,
  file: string,
  exportName: string,
  inputs: Record<string, unknown>,
): Promise<{ id: string; outputs: Record<string, unknown> }> {
  const __provider = providerText(path.join(PROVIDERS, file), exportName);
  const created = await host.create({ ...inputs, __provider });
  assert.equal(created.ok, false, "the create was meant to fail part-way");
  assert.ok(!created.ok && created.initFailed, `not an init failure: ${!created.ok && created.message}`);
  const { id, properties } = created.initFailed;
  assert.equal(properties.__provider, __provider, "the recorded outputs carry the provider");
  // `pulumi refresh`: the recorded outputs as properties; the resource is still there.
  const read = await host.read(id, properties, { ...inputs, __provider });
  assert.equal(read.id, id);
  assert.equal(read.properties.__provider, __provider);
  // `pulumi destroy`.
  await host.delete(id, properties, { ...inputs, __provider });
  return { id, outputs: properties };
}

describe("init errors through the SDK's dynamic-provider host: refresh and destroy work", () => {
  let host: DynamicHost;
  before(async () => {
    host = new DynamicHost();
    await host.configure();
  });

  describe("Neon: the create's operation fails after the resource exists", () => {
    const h = useFakeNeon();
    const failNext = () => h.fake.failNextOperation("failed", "compute failed to start");

    it("neon:Project", async () => {
      failNext();
      const { id } = await throughHost(host, "neon/project.ts", "projectProvider", { ...PROJECT });
      assert.equal(h.fake.projects.has(id), false, "destroy deleted it");
    });

    describe("below a project", () => {
      let projectId: string;
      let branchId: string;
      beforeEach(async () => {
        const { projectProvider } = await import("../../providers/neon");
        const p = await projectProvider.create({ ...PROJECT, name: "parent" });
        projectId = p.id;
        branchId = (p.outs as { defaultBranchId: string }).defaultBranchId;
      });

      it("neon:Branch", async () => {
        failNext();
        const { id } = await throughHost(host, "neon/branch.ts", "branchProvider", {
          projectId,
          name: "app",
        });
        assert.equal(h.fake.projects.get(projectId)!.branches.has(id), false);
      });

      it("neon:Endpoint", async () => {
        failNext();
        const { id } = await throughHost(host, "neon/endpoint.ts", "endpointProvider", {
          projectId,
          branchId,
          type: "read_only",
          name: "replica",
          minCu: 0.25,
          maxCu: 1,
        });
        assert.equal(h.fake.projects.get(projectId)!.endpoints.has(id), false);
      });

      it("neon:Role", async () => {
        failNext();
        await throughHost(host, "neon/role.ts", "roleProvider", { projectId, branchId, name: "app" });
        assert.equal(h.fake.projects.get(projectId)!.branches.get(branchId)!.roles.has("app"), false);
      });

      it("neon:Database", async () => {
        failNext();
        await throughHost(host, "neon/database.ts", "databaseProvider", {
          projectId,
          branchId,
          name: "appdb",
          ownerName: "neondb_owner",
        });
        assert.equal(h.fake.projects.get(projectId)!.branches.get(branchId)!.databases.has("appdb"), false);
      });
    });
  });

  describe("Render: the first deploy fails, or a continued resource cannot be brought up to date", () => {
    const h = useFakeRender({ deployOutcome: "build_failed" });
    const service = {
      name: "webapp-dev-api",
      image: "ghcr.io/acme/api@sha256:" + "a".repeat(64),
      plan: "starter",
      region: "oregon",
      waitForLive: true,
    };

    it("render:WebService", async () => {
      const { id } = await throughHost(host, "render/web-service.ts", "webServiceProvider", service);
      assert.equal(h.api.services.has(id), false);
    });

    it("render:BackgroundWorker", async () => {
      const { id } = await throughHost(host, "render/background-worker.ts", "backgroundWorkerProvider", {
        ...service,
        name: "webapp-dev-worker",
      });
      assert.equal(h.api.services.has(id), false);
    });

    it("render:EnvVar", async () => {
      const serviceId = h.api.seedService({ name: "owner" }).id as string;
      h.api.inject({ kind: "status", status: 400, method: "POST", path: /\/deploys$/, message: "no" });
      await throughHost(host, "render/env-var.ts", "envVarProvider", {
        serviceId,
        key: "DEBUG",
        value: "False",
      });
      assert.deepEqual(h.api.services.get(serviceId)!.envVars, []);
    });

    it("render:RegistryCredential", async () => {
      const inputs = {
        name: "ghcr",
        registry: "GITHUB",
        username: "octocat",
        authToken: "ghp_0123456789abcdef",
      };
      const { registryCredentialProvider } = await import("../../providers/render/registry-credential");
      // A killed run made it; the next create finds it by name and its update is refused.
      await registryCredentialProvider.create(inputs);
      h.api.inject({
        kind: "status",
        status: 400,
        method: "PATCH",
        path: /^\/registrycredentials\//,
        message: "no",
      });
      const { id } = await throughHost(
        host,
        "render/registry-credential.ts",
        "registryCredentialProvider",
        inputs,
      );
      assert.equal(h.api.credentials.has(id), false);
    });
  });

  describe("Cloudinary: an adopted upload preset cannot be brought up to date", () => {
    const h = useFakeCloudinary();

    it("cloudinary:UploadPreset", async () => {
      const name = "webapp-dev-images";
      h.fake.presets.set(name, { name, unsigned: false, settings: { tags: ["by-hand"] } });
      h.fake.fail({ method: "PUT", path: `/upload_presets/${name}`, fault: { kind: "status", status: 400 } });
      await throughHost(host, "cloudinary/upload-preset.ts", "uploadPresetProvider", {
        name,
        unsigned: true,
        tags: ["webapp"],
        adoptId: name,
      });
      assert.equal(h.fake.presets.has(name), false);
    });
  });
});
