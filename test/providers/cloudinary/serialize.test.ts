import * as assert from "node:assert/strict";
import { cloudinaryRuntime, folderProvider, uploadPresetProvider } from "../../../providers/cloudinary";
import { roundTrip } from "../shared";
import { useFakeCloudinary } from "./helpers";

describe("cloudinary providers serialized", () => {
  const h = useFakeCloudinary();

  for (const [name, provider, usesSdk] of [
    ["uploadPresetProvider", uploadPresetProvider, true],
    ["folderProvider", folderProvider, false],
  ] as const) {
    it(`${name} serializes without the configured secret${usesSdk ? ", requiring the SDK at run time" : " and without the SDK"}`, async () => {
      await provider.configure!({
        config: { get: () => "cloudinary://111:cfg_SECRET_x@cloud", require: () => "" },
      });
      process.env.CLOUDINARY_URL = "cloudinary://222:env_SECRET_y@cloud";
      const { text } = await roundTrip(provider);
      cloudinaryRuntime().url = undefined;
      for (const secret of ["cfg_SECRET_x", "env_SECRET_y"]) assert.ok(!text.includes(secret), secret);
      // The SDK only turns a stored transformation back into URL syntax; it never makes a request.
      assert.equal(/require\("cloudinary"\)/.test(text), usesSdk);
    });
  }

  it("the serialized providers work on their own against the API", async () => {
    const { provider: folders } = await roundTrip(folderProvider);
    await folders.create({ path: "webapp/dev" });
    assert.ok(h.fake.folders.has("webapp/dev"));
    const { provider: presets } = await roundTrip(uploadPresetProvider);
    await presets.create({ name: "webapp-dev-images", transformation: "c_limit,w_100" });
    const read = await presets.read!("webapp-dev-images", { name: "webapp-dev-images", unsigned: false });
    assert.deepEqual(read, {
      id: "webapp-dev-images",
      props: { name: "webapp-dev-images", unsigned: false, transformation: "c_limit,w_100" },
    });
  });
});
