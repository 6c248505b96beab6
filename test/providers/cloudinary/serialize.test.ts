import * as assert from "node:assert/strict";
import Module from "node:module";
import * as path from "node:path";
import * as runtime from "@pulumi/pulumi/runtime";
import { cloudinaryRuntime, folderProvider, uploadPresetProvider } from "../../../providers/cloudinary";
import { useFakeCloudinary } from "./helpers";

/** Serializes a provider the way `pulumi.dynamic.Resource` does and loads it back like the engine. */
async function roundTrip<T>(provider: T): Promise<{ text: string; provider: T }> {
  const { text } = await runtime.serializeFunction(() => provider);
  const file = path.join(__dirname, "serialized.js");
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
  (mod as unknown as { _compile(code: string, file: string): void })._compile(text, file);
  return { text, provider: (mod.exports as { handler(): T }).handler() };
}

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
