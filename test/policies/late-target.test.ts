import * as assert from "node:assert/strict";
import type { TargetCatalog } from "../../components/catalog";
import { registerTarget, unregisterTarget } from "../../components/targets";
import { policies } from "../../policies/pack";
import { KEYDB_SERVER, keydbCatalog } from "../compose/fake-target/catalog";
import { plannedStack, resource, runPolicy, urnOf, violation } from "./harness";

/**
 * A backend target that exists only in this test: a service whose `envVars` map reaches the running app, as a
 * Render service's does. It is never built (`load` fails), only planned resources of its type are checked.
 */
const FAKE_SERVICE = "webapp:test:FakePaasService";
const fakePaasCatalog: TargetCatalog = {
  part: "backend",
  name: "fake-paas",
  title: "A platform that runs the backend (test only)",
  schema: () => ({}),
  resources: { [FAKE_SERVICE]: { env: "envVars-map" } },
};

/*
 * Issue 16 item 3: the pack reads its lists of types (stateful, carrying env vars, write-only env vars) from
 * the target registry when it checks a resource, not once when it loads. The pack is loaded above (imported
 * before any test runs); these targets are registered only afterwards, in the same process.
 */
describe("policies see a target registered after the pack loaded", () => {
  before(() => {
    assert.ok(policies.length > 0);
    registerTarget({ catalog: keydbCatalog, load: () => assert.fail("never built here") });
    registerTarget({ catalog: fakePaasCatalog, load: () => assert.fail("never built here") });
  });
  after(() => {
    unregisterTarget("cache", keydbCatalog.name);
    unregisterTarget("backend", fakePaasCatalog.name);
  });

  it("stateful-resources-protected: the late target's stateful type must be protected on a paid stack", async () => {
    const stack = plannedStack([resource(KEYDB_SERVER, "cache-server", { port: 6379 })], {
      "webapp:tier": "paid",
    });
    assert.deepEqual(await runPolicy("stateful-resources-protected", stack), [
      violation(
        "stateful-resources-protected",
        "'cache-server' holds data but is not protected; `pulumi config set webapp:protectData true`.",
        urnOf(KEYDB_SERVER, "cache-server"),
      ),
    ]);
    const [server] = stack.resources;
    server.options = { protect: true };
    assert.deepEqual(await runPolicy("stateful-resources-protected", stack), []);
  });

  it("the env-var policies read the late target's env vars", async () => {
    const stack = plannedStack(
      [
        resource(FAKE_SERVICE, "api", {
          envVars: { DEBUG: "True", REDIS_URL: "redis://default:pw@cache.internal:6379/0" },
        }),
      ],
      { "webapp:tier": "free" },
    );
    const names = async (policy: string) =>
      (await runPolicy(policy, stack)).map((v) => `${v.policyName} ${v.urn}`);
    const api = urnOf(FAKE_SERVICE, "api");
    assert.deepEqual(await names("debug-disabled"), [`debug-disabled ${api}`]);
    assert.deepEqual(await names("redis-urls-use-tls"), [`redis-urls-use-tls ${api}`]);
  });
});
