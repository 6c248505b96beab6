import * as assert from "node:assert/strict";
import {
  branchProvider,
  databaseProvider,
  endpointProvider,
  neonRuntime,
  projectProvider,
  roleProvider,
} from "../../../providers/neon";
import { roundTrip } from "../shared";
import { PROJECT as project, useFakeNeon } from "./helpers";

function config(values: Record<string, string>) {
  return { config: { get: (k: string) => values[k], require: (k: string) => values[k] } };
}

describe("neon credentials and serialization", () => {
  const h = useFakeNeon();

  it("names NEON_API_KEY and the config command when no key is set", async () => {
    delete process.env.NEON_API_KEY;
    await assert.rejects(projectProvider.create(project), {
      message:
        'neon:Project "webapp-dev": create failed: no Neon API key; run `pulumi config set --secret neon:apiKey <key>` or set NEON_API_KEY',
    });
    assert.equal(h.fake.requests.length, 0);
  });

  it("uses neon:apiKey from stack config over NEON_API_KEY", async () => {
    process.env.NEON_API_KEY = "wrong-key";
    await projectProvider.configure!(config({ "neon:apiKey": "neon-test-key" }));
    await projectProvider.create(project);
    assert.equal(h.fake.requests[0].authorization, "Bearer neon-test-key");
  });

  it("a rejected key fails with Neon's message and never the key", async () => {
    process.env.NEON_API_KEY = "napi_wrong_0123456789";
    const err = await projectProvider.create(project).catch((e: Error) => e);
    assert.ok(err instanceof Error);
    assert.equal(
      err.message,
      'neon:Project "webapp-dev": look up failed: 401 Unauthorized: "authentication required"',
    );
    assert.ok(!JSON.stringify({ ...err, stack: err.stack }).includes("napi_wrong"));
    assert.equal((err as Error & { cause?: unknown }).cause, undefined);
  });

  for (const [name, provider] of Object.entries({
    projectProvider,
    branchProvider,
    roleProvider,
    databaseProvider,
    endpointProvider,
  })) {
    it(`${name} serializes without the configured key and requires its npm client at run time`, async () => {
      await provider.configure!(config({ "neon:apiKey": "napi_configured_SECRET_123" }));
      process.env.NEON_API_KEY = "napi_env_SECRET_456";
      const { text } = await roundTrip(provider);
      assert.ok(!text.includes("SECRET"), "no key in the serialized provider");
      assert.match(text, /require\("@neondatabase\/api-client"\)/);
    });
  }

  it("the serialized provider works on its own against the API", async () => {
    const { provider } = await roundTrip(projectProvider);
    neonRuntime().apiKey = undefined;
    const res = await provider.create(project);
    assert.equal(h.fake.projects.has(res.id), true);
  });
});
