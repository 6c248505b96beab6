import * as assert from "node:assert/strict";
import {
  folderProvider,
  uploadPresetProvider,
  type UploadPresetOutputs,
} from "../../../providers/cloudinary";
import { cloudinaryRuntime } from "../../../providers/cloudinary/client";
import { useFakeCloudinary } from "./helpers";

const preset: UploadPresetOutputs = { name: "webapp-dev-images", unsigned: true, allowedFormats: ["jpg"] };

describe("cloudinary providers under faults", () => {
  const h = useFakeCloudinary();

  for (const status of [420, 429, 500, 503]) {
    it(`retries a ${status} with backoff and succeeds`, async () => {
      h.fake.fail({ method: "POST", path: "/folders/webapp", times: 2, fault: { kind: "status", status } });
      await folderProvider.create({ path: "webapp" });
      assert.equal(h.fake.count("POST"), 3);
      // Half of the 100ms, then 200ms ceilings (the SDK hides Retry-After, so backoff alone paces us).
      assert.deepEqual(h.sleeps, [50, 100]);
      assert.ok(h.fake.folders.has("webapp"));
    });
  }

  it("gives up after the configured attempts, quoting the API's message", async () => {
    h.fake.fail({
      method: "POST",
      path: "/folders/webapp",
      times: 10,
      fault: { kind: "status", status: 420, message: "Rate Limit Exceeded" },
    });
    await assert.rejects(folderProvider.create({ path: "webapp" }), {
      message:
        'cloudinary:Folder "webapp": create failed: 420: "Rate Limit Exceeded" (gave up after 5 attempts)',
    });
    assert.equal(h.fake.count("POST"), 5);
  });

  it("surfaces a 400 with Cloudinary's message and does not retry it", async () => {
    await assert.rejects(uploadPresetProvider.create({ ...preset, transformation: "z_9" }), {
      message:
        'cloudinary:UploadPreset "webapp-dev-images": create failed: 400 Bad Request: "Invalid transformation component - z_9"',
    });
    assert.equal(h.fake.count("POST"), 1);
  });

  it("retries a timed-out call", async () => {
    h.fake.fail({ method: "POST", path: "/folders/webapp", fault: { kind: "timeout" } });
    await folderProvider.create({ path: "webapp" });
    assert.equal(h.fake.count("POST"), 2);
  });

  it("a lost create answer makes no second preset: the retry finds the first", async () => {
    h.fake.fail({ method: "POST", path: "/upload_presets", fault: { kind: "lost" } });
    const res = await uploadPresetProvider.create(preset);
    assert.deepEqual(res, { id: "webapp-dev-images", outs: preset });
    assert.equal(h.fake.count("POST", "/upload_presets"), 1);
    assert.equal(h.fake.presets.size, 1);
  });

  it("turns a body that is not JSON into a clear, unretried error", async () => {
    h.fake.fail({ method: "GET", path: "/upload_presets/webapp-dev-images", fault: { kind: "malformed" } });
    await assert.rejects(uploadPresetProvider.read!("webapp-dev-images", preset), {
      message:
        'cloudinary:UploadPreset "webapp-dev-images": read failed: 200 response is not valid JSON (27 bytes, starts "<html>upstream error</html>")',
    });
    assert.equal(h.fake.count("GET"), 1);
  });

  it("names CLOUDINARY_URL and the config key when no credentials are set", async () => {
    delete process.env.CLOUDINARY_URL;
    await assert.rejects(folderProvider.create({ path: "webapp" }), {
      message:
        'cloudinary:Folder "webapp": look up failed: no Cloudinary credentials; run `pulumi config set --secret cloudinary:url <url>` or set CLOUDINARY_URL, with the API environment variable (cloudinary://...) from the API Keys page of the Cloudinary console',
    });
    assert.equal(h.fake.requests.length, 0);
  });

  it("rejects a malformed CLOUDINARY_URL without echoing it", async () => {
    process.env.CLOUDINARY_URL = "https://key:very-secret@cloud";
    const err = await folderProvider.create({ path: "webapp" }).catch((e: Error) => e);
    assert.ok(err instanceof Error);
    assert.equal(
      err.message,
      'cloudinary:Folder "webapp": look up failed: the Cloudinary URL (CLOUDINARY_URL or cloudinary:url) is malformed; it is cloudinary:// followed by the API key, ":", the API secret, "@" and the cloud name, as the API Keys page of the Cloudinary console shows it',
    );
    assert.ok(!JSON.stringify({ ...err, stack: err.stack }).includes("very-secret"));
  });

  it("wrong credentials (answered as an HTML page) say which key to check and quote no secret", async () => {
    process.env.CLOUDINARY_URL = `cloudinary://${h.fake.apiKey}:wrong-secret-value@${h.fake.cloudName}`;
    const err = await uploadPresetProvider.create(preset).catch((e: Error) => e);
    assert.ok(err instanceof Error);
    assert.equal(
      err.message,
      'cloudinary:UploadPreset "webapp-dev-images": look up failed: 401 Unauthorized: check the api key and secret in cloudinary:url (or CLOUDINARY_URL) and that the key is enabled',
    );
    assert.equal(h.fake.requests.length, 1, "a 401 is not retried");
  });

  it("uses cloudinary:url from stack config over CLOUDINARY_URL", async () => {
    process.env.CLOUDINARY_URL = "cloudinary://wrong:wrong@demo-cloud";
    await folderProvider.configure!({
      config: {
        get: (k: string) => (k === "cloudinary:url" ? h.fake.cloudinaryUrl : undefined),
        require: () => "",
      },
    });
    await folderProvider.create({ path: "webapp" });
    assert.ok(h.fake.folders.has("webapp"));
    cloudinaryRuntime().url = undefined;
  });

  it("never puts the API secret in an error message", async () => {
    h.fake.fail({ path: /.*/, times: 10, fault: { kind: "status", status: 500 } });
    const err = await folderProvider.create({ path: "webapp" }).catch((e: Error) => e);
    assert.ok(err instanceof Error);
    assert.equal(
      err.message,
      'cloudinary:Folder "webapp": look up failed: 500 Internal Server Error: "Internal Server Error" (gave up after 5 attempts)',
    );
    assert.ok(!JSON.stringify({ ...err, message: err.message, stack: err.stack }).includes(h.fake.apiSecret));
  });
});
