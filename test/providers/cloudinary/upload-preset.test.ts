import * as assert from "node:assert/strict";
import { uploadPresetProvider, type UploadPresetOutputs } from "../../../providers/cloudinary";
import { useFakeCloudinary } from "./helpers";

const inputs: UploadPresetOutputs = {
  name: "webapp-dev-images",
  unsigned: true,
  folder: "webapp/dev",
  assetFolder: "webapp/dev",
  allowedFormats: ["jpg", "png", "webp"],
  tags: ["webapp", "dev"],
  transformation: "c_limit,w_2000,h_2000",
  overwrite: false,
  uniqueFilename: true,
  resourceType: "image",
  maxFileSizeBytes: 10_485_760,
};

describe("cloudinary:UploadPreset provider", () => {
  const h = useFakeCloudinary();

  it("creates the preset with the real upload params and never sends maxFileSizeBytes or resourceType", async () => {
    const res = await uploadPresetProvider.create(inputs);
    assert.deepEqual(res, { id: "webapp-dev-images", outs: inputs });
    assert.deepEqual(h.fake.params("POST", "/upload_presets"), [
      {
        name: "webapp-dev-images",
        unsigned: "true",
        folder: "webapp/dev",
        asset_folder: "webapp/dev",
        allowed_formats: "jpg,png,webp",
        tags: "webapp,dev",
        transformation: "c_limit,w_2000,h_2000",
        overwrite: "0",
        unique_filename: "1",
      },
    ]);
    assert.deepEqual(h.fake.presets.get("webapp-dev-images"), {
      name: "webapp-dev-images",
      unsigned: true,
      settings: {
        folder: "webapp/dev",
        asset_folder: "webapp/dev",
        allowed_formats: "jpg,png,webp",
        tags: ["webapp", "dev"],
        overwrite: false,
        unique_filename: true,
        transformation: [{ crop: "limit", width: 2000, height: 2000 }],
      },
    });
    const auth = Buffer.from(`${h.fake.apiKey}:${h.fake.apiSecret}`).toString("base64");
    assert.equal(h.fake.requests[0].authorization, `Basic ${auth}`);
  });

  it("refuses to take over a preset of this name with other settings (only adoptId takes it over)", async () => {
    h.fake.presets.set("webapp-dev-images", { name: "webapp-dev-images", unsigned: false, settings: {} });
    await assert.rejects(uploadPresetProvider.create(inputs), {
      message:
        'cloudinary:UploadPreset "webapp-dev-images": create failed: an upload preset with this name already exists with other settings; choose another name, or take it over with adoptId "webapp-dev-images" (its settings become these inputs), then run again',
    });
    assert.equal(h.fake.count("POST"), 0);
  });

  it("reads the preset back into the same outputs (transformation spelling kept)", async () => {
    await uploadPresetProvider.create(inputs);
    assert.deepEqual(await uploadPresetProvider.read!("webapp-dev-images", inputs), {
      id: "webapp-dev-images",
      props: inputs,
    });
  });

  it("reads the transformation in Cloudinary's spelling when it really changed", async () => {
    await uploadPresetProvider.create(inputs);
    const res = await uploadPresetProvider.read!("webapp-dev-images", {
      ...inputs,
      transformation: "c_fill,w_10",
    });
    assert.equal(res.props?.transformation, "c_limit,h_2000,w_2000");
  });

  it("reports a deleted preset as gone", async () => {
    assert.deepEqual(await uploadPresetProvider.read!("webapp-dev-images", inputs), {});
  });

  it("diff: unchanged inputs are no change and make no request", async () => {
    const res = await uploadPresetProvider.diff!("webapp-dev-images", inputs, { ...inputs });
    assert.deepEqual(res, { changes: false, replaces: [], deleteBeforeReplace: false });
    assert.equal(h.fake.requests.length, 0);
  });

  it("diff: a transformation spelled in another order is no change", async () => {
    const res = await uploadPresetProvider.diff!("p", inputs, {
      ...inputs,
      transformation: "w_2000,h_2000,c_limit",
    });
    assert.deepEqual(res, { changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("diff: a new name replaces the preset (create first, then delete)", async () => {
    const res = await uploadPresetProvider.diff!("p", inputs, { ...inputs, name: "webapp-dev-photos" });
    assert.deepEqual(res, { changes: true, replaces: ["name"], deleteBeforeReplace: false });
  });

  it("diff: unsetting a stored setting replaces the preset, deleting the old one first", async () => {
    const news: UploadPresetOutputs = { ...inputs };
    delete news.tags;
    const res = await uploadPresetProvider.diff!("p", inputs, news);
    assert.deepEqual(res, { changes: true, replaces: ["tags"], deleteBeforeReplace: true });
  });

  it("diff: changed settings update in place", async () => {
    const res = await uploadPresetProvider.diff!("p", inputs, {
      ...inputs,
      allowedFormats: ["jpg"],
      unsigned: false,
    });
    assert.deepEqual(res, { changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("update PUTs the new settings", async () => {
    await uploadPresetProvider.create(inputs);
    const news = { ...inputs, allowedFormats: ["jpg"], unsigned: false };
    assert.deepEqual(await uploadPresetProvider.update!("webapp-dev-images", inputs, news), { outs: news });
    // Every setting is sent again, so one changed in the console is put back too.
    assert.deepEqual(h.fake.params("PUT", "/upload_presets/webapp-dev-images"), [
      {
        unsigned: "false",
        folder: "webapp/dev",
        asset_folder: "webapp/dev",
        allowed_formats: "jpg",
        tags: "webapp,dev",
        transformation: "c_limit,w_2000,h_2000",
        overwrite: "0",
        unique_filename: "1",
      },
    ]);
    assert.equal(h.fake.presets.get("webapp-dev-images")!.unsigned, false);
    assert.equal(h.fake.presets.get("webapp-dev-images")!.settings.allowed_formats, "jpg");
  });

  it("update of maxFileSizeBytes or resourceType alone makes no request", async () => {
    const news = { ...inputs, maxFileSizeBytes: 5_000_000, resourceType: "auto" as const };
    assert.deepEqual(await uploadPresetProvider.update!("webapp-dev-images", inputs, news), { outs: news });
    assert.equal(h.fake.requests.length, 0);
  });

  it("deletes the preset; a preset already gone (404) is fine", async () => {
    await uploadPresetProvider.create(inputs);
    await uploadPresetProvider.delete!("webapp-dev-images", inputs);
    assert.equal(h.fake.presets.size, 0);
    await uploadPresetProvider.delete!("webapp-dev-images", inputs);
    assert.equal(h.fake.count("DELETE"), 2);
  });
});
