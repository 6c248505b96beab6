import * as assert from "node:assert/strict";
import { backgroundWorkerProvider } from "../../../providers/render/background-worker";
import { registryCredentialProvider } from "../../../providers/render/registry-credential";
import { ServiceOutputs } from "../../../providers/render/service";
import { webServiceProvider } from "../../../providers/render/web-service";
import { roundTrip } from "../shared";
import { useFakeRender } from "./harness";

describe("serialized Render providers", () => {
  const h = useFakeRender();
  const configuredKey = "rnd_configured_secret_key_123";

  for (const [name, provider] of [
    ["webServiceProvider", webServiceProvider],
    ["backgroundWorkerProvider", backgroundWorkerProvider],
    ["registryCredentialProvider", registryCredentialProvider],
  ] as const) {
    it(`${name} carries no API key, even after configure() and with the key in the environment`, async () => {
      await provider.configure!({
        config: {
          get: (k: string) => (k === "render:apiKey" ? configuredKey : undefined),
          require: () => "",
        },
      });
      const { text } = await roundTrip(provider);
      assert.ok(text.length > 1000, "serialized something real");
      for (const secret of [configuredKey, h.api.apiKey])
        assert.ok(!text.includes(secret), `serialized text contains ${secret}`);
      assert.ok(!/rnd_[A-Za-z0-9]/.test(text), "no Render key pattern");
    });
  }

  it("the deserialized provider works end to end against the API", async () => {
    const { provider: p } = await roundTrip(webServiceProvider);
    const res = await p.create({ name: "webapp-dev-api", image: "nginx", plan: "free", region: "oregon" });
    assert.match(res.id, /^srv-/);
    assert.deepEqual(
      await p.diff!(res.id, res.outs as ServiceOutputs, {
        name: "webapp-dev-api",
        image: "nginx",
        plan: "free",
        region: "oregon",
      }),
      {
        changes: false,
      },
    );
    h.api.inject({ kind: "status", status: 400, method: "DELETE", message: "service is suspended" });
    // Errors survive serialization as real Errors with their message (Pulumi prints `${e}`).
    const err = await p.delete!(res.id, res.outs as ServiceOutputs).catch((e: unknown) => e);
    assert.ok(err instanceof Error);
    assert.equal(
      String(err),
      'ApiError: render:WebService "webapp-dev-api": delete failed: 400 Bad Request: "service is suspended"',
    );
  });
});
