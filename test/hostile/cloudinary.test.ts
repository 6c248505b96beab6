/** The hostile-API harness against both Cloudinary resource types, through the proxy in front of the fake. */
import * as assert from "node:assert/strict";
import { folderProvider, uploadPresetProvider } from "../../providers/cloudinary";
import { cloudinaryRuntime } from "../../providers/cloudinary/client";
import type { UploadPresetInputs } from "../../providers/cloudinary";
import { ApiError } from "../../providers/shared/http";
import { FakeCloudinaryApi } from "../fakes/cloudinary-api";
import { ANSWERED_TIMEOUT_MS, saveEnv } from "../providers/shared";
import { HostileProxy, startHostileProxy } from "./proxy";
import { HUNG_TIMEOUT_MS, Target, hostileSuite } from "./suite";

const CLOUD = "/v1_1/demo-cloud";

function tune(overrides: { attempts?: number; timeoutMs?: number } = {}): void {
  cloudinaryRuntime().retry = {
    attempts: 3,
    timeoutMs: ANSWERED_TIMEOUT_MS,
    random: () => 0,
    sleep: async () => undefined,
    ...overrides,
  };
}

/** The fake behind the proxy, the environment pointing at the proxy, fast retries. */
function useCloudinary() {
  const ctx = {} as { fake: FakeCloudinaryApi; restore: () => void };
  return {
    ctx,
    async setup(proxyOrigin: string) {
      ctx.fake = new FakeCloudinaryApi();
      await ctx.fake.start();
      ctx.restore = saveEnv(["CLOUDINARY_URL", "CLOUDINARY_API_URL"]);
      process.env.CLOUDINARY_URL = ctx.fake.cloudinaryUrl;
      process.env.CLOUDINARY_API_URL = proxyOrigin;
      cloudinaryRuntime().url = undefined;
      tune();
    },
    async teardown() {
      await ctx.fake.stop();
      ctx.restore();
    },
  };
}

function cloudinaryTarget(
  type: string,
  name: string,
  drive: (
    fake: FakeCloudinaryApi,
  ) => Pick<Target, "create" | "read" | "createRoute" | "readRoute" | "existing">,
): Target {
  const env = useCloudinary();
  return {
    type,
    name,
    setup: (origin) => env.setup(origin),
    upstream: () => env.ctx.fake.baseUrl,
    teardown: () => env.teardown(),
    quick: () => tune({ attempts: 2, timeoutMs: HUNG_TIMEOUT_MS }),
    create: () => drive(env.ctx.fake).create(),
    read: () => drive(env.ctx.fake).read(),
    get createRoute() {
      return drive(env.ctx.fake).createRoute;
    },
    get readRoute() {
      return drive(env.ctx.fake).readRoute;
    },
    existing: () => drive(env.ctx.fake).existing(),
    // The API secret, and the Basic credential the proxy echoes back.
    get secrets() {
      const f = env.ctx.fake;
      return [f.apiSecret, Buffer.from(`${f.apiKey}:${f.apiSecret}`).toString("base64")];
    },
  };
}

const preset: UploadPresetInputs = {
  name: "hostile-preset",
  folder: "webapp/hostile",
  allowedFormats: ["jpg", "png"],
  transformation: "c_limit,w_2000",
};
const FOLDER = "webapp/hostile";

hostileSuite(
  cloudinaryTarget("cloudinary:UploadPreset", preset.name, (fake) => ({
    create: () => uploadPresetProvider.create(preset),
    read: () => uploadPresetProvider.read!(preset.name, { ...preset, unsigned: false }),
    createRoute: { method: "POST", path: new RegExp(`^${CLOUD}/upload_presets$`) },
    readRoute: { method: "GET", path: new RegExp(`^${CLOUD}/upload_presets/${preset.name}$`) },
    existing: () => [...fake.presets.keys()],
  })),
);

hostileSuite(
  cloudinaryTarget("cloudinary:Folder", FOLDER, (fake) => ({
    create: () => folderProvider.create({ path: FOLDER }),
    read: () => folderProvider.read!(FOLDER, { path: FOLDER }),
    createRoute: { method: "POST", path: new RegExp(`^${CLOUD}/folders/webapp%2Fhostile$`) },
    readRoute: { method: "GET", path: new RegExp(`^${CLOUD}/folders/webapp%2Fhostile$`) },
    // Creating `webapp/hostile` makes its parent too; only the folder itself is the resource.
    existing: () => [...fake.folders].filter((f) => f === FOLDER),
  })),
);

describe("hostile API: cloudinary beyond the shared cases", () => {
  const env = useCloudinary();
  let proxy: HostileProxy;
  beforeEach(async () => {
    proxy = await startHostileProxy(() => env.ctx.fake.baseUrl);
    await env.setup(proxy.origin);
  });
  afterEach(async () => {
    await proxy.close();
    await env.teardown();
  });

  it("1. a create applied whose answer is malformed returns the preset it made", async () => {
    proxy.rules.push({
      method: "POST",
      path: `${CLOUD}/upload_presets`,
      times: 1,
      act: { kind: "rewrite", rewrite: () => ({ message: "created" }) },
    });
    const res = await uploadPresetProvider.create(preset);
    assert.equal(res.id, preset.name);
    assert.deepEqual([...env.ctx.fake.presets.keys()], [preset.name]);
    assert.equal(env.ctx.fake.count("POST", "/upload_presets"), 1);
  });

  it("1. a folder create applied whose answer is unwrapped HTML returns the folder", async () => {
    proxy.rules.push({
      method: "POST",
      path: /\/folders\//,
      times: 1,
      act: { kind: "rewrite", rewrite: () => "<html>ok</html>" },
    });
    assert.deepEqual(await folderProvider.create({ path: FOLDER }), { id: FOLDER, outs: { path: FOLDER } });
  });

  it("2. the next run adopts the preset a killed run made, with no create request", async () => {
    env.ctx.fake.presets.set(preset.name, {
      name: preset.name,
      unsigned: false,
      settings: {
        folder: "webapp/hostile",
        allowed_formats: "jpg,png",
        transformation: [{ crop: "limit", width: 2000 }],
      },
    });
    const res = await uploadPresetProvider.create(preset);
    assert.deepEqual(res, {
      id: preset.name,
      outs: { ...preset, unsigned: false },
    });
    assert.equal(env.ctx.fake.count("POST"), 0);
    assert.equal(env.ctx.fake.count("PUT"), 0);
  });

  it("6. a malformed create answer whose verifying lookup fails too names both", async () => {
    proxy.rules.push(
      {
        method: "POST",
        path: `${CLOUD}/upload_presets`,
        times: 1,
        act: { kind: "answer", status: 200, body: "[]" },
      },
      {
        method: "GET",
        path: `${CLOUD}/upload_presets/${preset.name}`,
        act: { kind: "answer", status: 403, body: '{"error":{"message":"Forbidden"}}' },
      },
    );
    // The first lookup (is there a preset to continue?) answers 404 through the fake; later ones 403.
    proxy.rules.unshift({
      method: "GET",
      path: `${CLOUD}/upload_presets/${preset.name}`,
      times: 1,
      act: { kind: "answer", status: 404, body: '{"error":{"message":"Upload preset not found"}}' },
    });
    const err = await uploadPresetProvider.create(preset).catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(
      err.message,
      'cloudinary:UploadPreset "hostile-preset": create failed: the API\'s answer did not have the expected shape (expected a JSON object, got an array); cleaning up (looking up whether the create went through; if it did, the next run finds it by its name) also failed: cloudinary:UploadPreset "hostile-preset": look up failed: 403 Forbidden: "Forbidden"',
    );
  });

  it("4. every request carries the Basic credential and reaches only the configured origin", async () => {
    await uploadPresetProvider.create(preset);
    await folderProvider.create({ path: FOLDER });
    const auth = `Basic ${Buffer.from(`${env.ctx.fake.apiKey}:${env.ctx.fake.apiSecret}`).toString("base64")}`;
    assert.ok(env.ctx.fake.requests.every((r) => r.authorization === auth));
    assert.deepEqual(proxy.reachedElsewhere, []);
  });
});
