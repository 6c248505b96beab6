/** Item 2 (adopt an existing deployment) and item 19 (signed by default) for the Cloudinary resources. */
import * as assert from "node:assert/strict";
import {
  cloudinaryFolderProvider,
  folderProvider,
  uploadPresetProvider,
  type UploadPresetOutputs,
} from "../../../providers/cloudinary";
import { useFakeCloudinary } from "./helpers";

const inputs: UploadPresetOutputs = {
  name: "webapp-dev-images",
  unsigned: true,
  assetFolder: "webapp/dev",
  allowedFormats: ["jpg", "png"],
  tags: ["webapp"],
};

describe("cloudinary: adopting what exists, signed presets by default", () => {
  const h = useFakeCloudinary();

  /** The seed team's hand-made media store: a folder holding assets, their preset, another app's preset. */
  function seedExisting(): void {
    h.fake.folders.add("webapp");
    h.fake.folders.add("webapp/dev");
    h.fake.folders.add("webapp/dev/avatars");
    h.fake.putAsset("webapp/dev");
    h.fake.presets.set("webapp-dev-images", {
      name: "webapp-dev-images",
      unsigned: false,
      settings: { asset_folder: "webapp/dev", tags: ["by-hand"], overwrite: true },
    });
    h.fake.presets.set("marketing-site", { name: "marketing-site", unsigned: true, settings: {} });
  }

  it("Folder adoptId: takes over the folder with zero create requests and deletes nothing in it", async () => {
    seedExisting();
    const res = await folderProvider.create({ path: "webapp/dev", adoptId: "webapp/dev" });
    assert.deepEqual(res, { id: "webapp/dev", outs: { path: "webapp/dev" } });
    assert.deepEqual(
      h.fake.requests.map((r) => `${r.method} ${r.path}`),
      ["GET /folders/webapp/dev"],
    );
    assert.equal(h.fake.assets.get("webapp/dev"), 1);
    assert.ok(h.fake.folders.has("webapp/dev/avatars"));
  });

  it("Folder adoptId naming no folder fails, naming the caller's config key to check", async () => {
    const keyed = cloudinaryFolderProvider("webapp:adopt.mediaFolder");
    await assert.rejects(keyed.create({ path: "webapp/dev", adoptId: "webapp/dev" }), {
      name: "ApiError",
      message:
        'cloudinary:Folder "webapp/dev": adopt failed: no resource with id "webapp/dev" exists; check webapp:adopt.mediaFolder (the folder\'s path, as the Media Library shows it)',
    });
    assert.equal(h.fake.count("POST"), 0);
  });

  it("Folder without a caller's key names its own adoptId: the provider knows no program's config", async () => {
    await assert.rejects(folderProvider.create({ path: "webapp/dev", adoptId: "webapp/dev" }), {
      message:
        'cloudinary:Folder "webapp/dev": adopt failed: no resource with id "webapp/dev" exists; check the adoptId (the folder\'s path, as the Media Library shows it)',
    });
  });

  it("Folder adoptId other than the path is refused by check and by create", async () => {
    const res = await folderProvider.check!({ path: "x" }, { path: "webapp/dev", adoptId: "webapp/prod" });
    const reason =
      'adoptId "webapp/prod" must equal path "webapp/dev": a Cloudinary folder\'s id is its path';
    assert.deepEqual(res.failures, [{ property: "adoptId", reason }]);
    await assert.rejects(folderProvider.create({ path: "webapp/dev", adoptId: "webapp/prod" }), {
      message: `cloudinary:Folder "webapp/dev": adopt failed: ${reason}`,
    });
    assert.equal(h.fake.requests.length, 0);
  });

  it("Folder: one an interrupted run made is continued without a create request", async () => {
    h.fake.folders.add("webapp");
    h.fake.folders.add("webapp/dev");
    assert.deepEqual(await folderProvider.create({ path: "webapp/dev" }), {
      id: "webapp/dev",
      outs: { path: "webapp/dev" },
    });
    assert.equal(h.fake.count("POST"), 0);
  });

  it("UploadPreset adoptId: converges the preset through PUT, no create, other presets untouched", async () => {
    seedExisting();
    const res = await uploadPresetProvider.create({ ...inputs, adoptId: "webapp-dev-images" });
    assert.deepEqual(res, { id: "webapp-dev-images", outs: inputs });
    assert.equal(h.fake.count("POST"), 0);
    assert.equal(h.fake.count("DELETE"), 0);
    assert.deepEqual(h.fake.params("PUT", "/upload_presets/webapp-dev-images"), [
      { unsigned: "true", asset_folder: "webapp/dev", allowed_formats: "jpg,png", tags: "webapp" },
    ]);
    // A setting the inputs leave out stays as it was: the Admin API cannot clear it.
    assert.deepEqual(h.fake.presets.get("webapp-dev-images"), {
      name: "webapp-dev-images",
      unsigned: true,
      settings: { asset_folder: "webapp/dev", tags: ["webapp"], overwrite: true, allowed_formats: "jpg,png" },
    });
    assert.deepEqual(h.fake.presets.get("marketing-site"), {
      name: "marketing-site",
      unsigned: true,
      settings: {},
    });
  });

  it("UploadPreset adoptId of a preset already as asked makes no write at all", async () => {
    await uploadPresetProvider.create(inputs);
    h.fake.requests.length = 0;
    await uploadPresetProvider.create({ ...inputs, adoptId: "webapp-dev-images" });
    assert.deepEqual(
      h.fake.requests.map((r) => r.method),
      ["GET"],
    );
  });

  it("UploadPreset adoptId naming no preset fails; one other than the name is refused", async () => {
    await assert.rejects(uploadPresetProvider.create({ ...inputs, adoptId: "webapp-dev-images" }), {
      message:
        'cloudinary:UploadPreset "webapp-dev-images": adopt failed: no resource with id "webapp-dev-images" exists; an upload preset\'s id is its name, as Settings > Upload in the Cloudinary console lists it',
    });
    const reason =
      'adoptId "old-images" must equal name "webapp-dev-images": an upload preset\'s id is its name';
    const res = await uploadPresetProvider.check!({ name: "x" }, { ...inputs, adoptId: "old-images" });
    assert.deepEqual(res.failures, [{ property: "adoptId", reason }]);
    assert.equal(h.fake.count("POST"), 0);
  });

  it("item 19: a preset is signed unless unsigned: true is asked, and the request says so", async () => {
    const res = await uploadPresetProvider.create({ name: "webapp-dev-docs", allowedFormats: ["pdf"] });
    assert.deepEqual(res, {
      id: "webapp-dev-docs",
      outs: { name: "webapp-dev-docs", unsigned: false, allowedFormats: ["pdf"] },
    });
    assert.deepEqual(h.fake.params("POST", "/upload_presets"), [
      { name: "webapp-dev-docs", unsigned: "false", allowed_formats: "pdf" },
    ]);
    assert.equal(h.fake.presets.get("webapp-dev-docs")!.unsigned, false);
  });

  it("item 19: dropping unsigned: true turns the preset signed in place, not by replacing it", async () => {
    await uploadPresetProvider.create(inputs);
    const news = { ...inputs, unsigned: undefined };
    assert.deepEqual(await uploadPresetProvider.diff!("webapp-dev-images", inputs, news), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(await uploadPresetProvider.update!("webapp-dev-images", inputs, news), {
      outs: { ...inputs, unsigned: false },
    });
    assert.equal(h.fake.params("PUT", "/upload_presets/webapp-dev-images")[0].unsigned, "false");
    assert.equal(h.fake.presets.get("webapp-dev-images")!.unsigned, false);
  });
});
