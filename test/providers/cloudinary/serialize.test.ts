import * as assert from "node:assert/strict";
import { cloudinaryRuntime, folderProvider, uploadPresetProvider } from "../../../providers/cloudinary";
import { roundTrip } from "../shared";
import { useFakeCloudinary } from "./helpers";

describe("cloudinary providers serialized", () => {
  const h = useFakeCloudinary();

  for (const [name, provider] of Object.entries({ uploadPresetProvider, folderProvider })) {
    it(`${name} serializes without the configured secret and requires the SDK at run time`, async () => {
      await provider.configure!({
        config: { get: () => "cloudinary://111:cfg_SECRET_x@cloud", require: () => "" },
      });
      process.env.CLOUDINARY_URL = "cloudinary://222:env_SECRET_y@cloud";
      const { text } = await roundTrip(provider);
      cloudinaryRuntime().url = undefined;
      assert.ok(!text.includes("SECRET"), "no secret in the serialized provider");
      assert.match(text, /require\("cloudinary"\)/);
    });
  }

  it("the serialized provider works on its own against the API", async () => {
    const { provider } = await roundTrip(folderProvider);
    await provider.create({ path: "webapp/dev" });
    assert.ok(h.fake.folders.has("webapp/dev"));
  });
});
