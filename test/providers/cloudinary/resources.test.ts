import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";

interface Registered {
  type: string;
  inputs: Record<string, unknown>;
}

describe("cloudinary resource classes", () => {
  const registered: Registered[] = [];
  let cloudinary: typeof import("../../../providers/cloudinary");

  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, inputs: args.inputs });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      "webapp",
      "dev",
    );
    // Imported after setMocks, as Pulumi's testing guide asks.
    cloudinary = await import("../../../providers/cloudinary");
  });

  function withoutProvider(inputs: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(inputs).filter(([k]) => k !== "__provider"));
  }

  it("registers Folder and UploadPreset under their contract tokens with the inputs as given", async () => {
    const folder = new cloudinary.Folder("media-folder", { path: "webapp/dev" });
    const preset = new cloudinary.UploadPreset("media-preset", {
      name: "webapp-dev-images",
      unsigned: true,
      folder: folder.path,
      allowedFormats: ["jpg", pulumi.output("png")],
      maxFileSizeBytes: 10_485_760,
    });
    await Promise.all([folder, preset].map((r) => new Promise((resolve) => r.id.apply(resolve))));
    const types = registered.map((r) => r.type);
    assert.deepEqual(types, [
      "pulumi-nodejs:dynamic/cloudinary:Folder",
      "pulumi-nodejs:dynamic/cloudinary:UploadPreset",
    ]);
    assert.deepEqual(withoutProvider(registered[0].inputs), { path: "webapp/dev" });
    assert.deepEqual(withoutProvider(registered[1].inputs), {
      name: "webapp-dev-images",
      unsigned: true,
      folder: "webapp/dev",
      allowedFormats: ["jpg", "png"],
      maxFileSizeBytes: 10_485_760,
    });
  });
});
