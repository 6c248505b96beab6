import * as assert from "node:assert/strict";
import { webServiceProvider } from "../../../providers/render/web-service";
import { ServiceInputs, ServiceOutputs } from "../../../providers/render/service";
import { ApiError } from "../../../providers/shared/http";
import { useFakeRender } from "./harness";

const p = webServiceProvider;
const inputs: ServiceInputs = {
  name: "webapp-dev-api",
  image: "ghcr.io/acme/api:v1",
  plan: "starter",
  region: "oregon",
};

describe("render provider under API faults", () => {
  const h = useFakeRender({}, { timeoutMs: 200 });

  it("429: waits the Retry-After seconds, then succeeds", async () => {
    h.api.inject({ kind: "rate-limit", method: "POST", path: "/services", retryAfter: "7" });
    const res = await p.create(inputs);
    assert.match(res.id, /^srv-/);
    assert.deepEqual(h.api.counts(), { "GET /services": 1, "POST /services": 2 });
    assert.deepEqual(h.sleeps, [7000]);
    assert.equal(h.api.services.size, 1);
  });

  for (const [clock, skewMs] of [
    ["an exact", 0],
    ["an hour slow", -3_600_000],
    ["an hour fast", 3_600_000],
  ] as const) {
    it(`429 with an HTTP-date Retry-After on a read, server clock ${clock}: waits what the server means`, async () => {
      h.api.date = { skewMs };
      const { id, outs } = await p.create(inputs);
      h.api.clearLog();
      // Retry-After is read against the answer's own Date (RFC 9110 §10.2.3), never the local clock, so the
      // wait is exact whatever the skew and however long the machine took to get here.
      h.api.inject({ kind: "rate-limit", method: "GET", path: `/services/${id}`, retryAfterDateMs: 5000 });
      const res = await p.read!(id, outs as ServiceOutputs);
      assert.equal(res.id, id);
      assert.equal(h.api.counts()["GET /services/{srv}"], 2);
      assert.deepEqual(h.sleeps, [5000]);
    });
  }

  for (const status of [500, 503]) {
    it(`${status} on read: retried with backoff`, async () => {
      const { id, outs } = await p.create(inputs);
      h.api.clearLog();
      h.api.inject({ kind: "status", status, method: "GET", path: `/services/${id}`, times: 2 });
      const res = await p.read!(id, outs as ServiceOutputs);
      assert.equal(res.id, id);
      assert.equal(h.api.counts()["GET /services/{srv}"], 3);
      // Full jitter with random() = 0.5: half of 500 ms, then half of 1000 ms.
      assert.deepEqual(h.sleeps, [250, 500]);
    });
  }

  it("500 on create: looks the name up before retrying, so exactly one service exists", async () => {
    h.api.inject({ kind: "status", status: 500, method: "POST", path: "/services" });
    const res = await p.create(inputs);
    assert.deepEqual(h.api.counts(), { "POST /services": 2, "GET /services": 2 });
    assert.equal(h.api.services.size, 1);
    assert.match(res.id, /^srv-/);
  });

  it("lost create response: the lookup finds the service and nothing is created twice", async () => {
    h.api.inject({ kind: "lost-response", method: "POST", path: "/services" });
    const res = await p.create({ ...inputs, customDomains: ["api.example.com"] });
    assert.deepEqual(h.api.counts(), {
      "POST /services": 1,
      "GET /services": 2,
      "POST /services/{srv}/custom-domains": 1,
    });
    assert.equal(h.api.services.size, 1);
    assert.equal(res.id, [...h.api.services.keys()][0]);
    assert.match((res.outs as ServiceOutputs).url!, /^https:\/\/webapp-dev-api-[a-z0-9]{4}\.onrender\.com$/);
    assert.deepEqual(h.api.requests[2].query, {
      name: ["webapp-dev-api"],
      ownerId: [h.api.ownerId],
      type: ["web_service"],
      limit: ["100"],
    });
  });

  it("timeout on create (server hangs after applying nothing): retried once, one service", async () => {
    h.api.inject({ kind: "hang", method: "POST", path: "/services" });
    const res = await p.create(inputs);
    assert.deepEqual(h.api.counts(), { "POST /services": 2, "GET /services": 2 });
    assert.equal(h.api.services.size, 1);
    assert.equal(res.id, [...h.api.services.keys()][0]);
  });

  it("timeout on every read attempt: fails naming the operation and the timeout", async () => {
    const { id, outs } = await p.create(inputs);
    h.api.inject({ kind: "hang", method: "GET", path: `/services/${id}`, times: 5 });
    await assert.rejects(p.read!(id, outs as ServiceOutputs), {
      message:
        'render:WebService "webapp-dev-api": read failed: timed out after 200ms (gave up after 5 attempts)',
    });
  });

  it("malformed JSON: a clear error, not a SyntaxError", async () => {
    const { id, outs } = await p.create(inputs);
    h.api.inject({ kind: "malformed", method: "GET", path: `/services/${id}` });
    await assert.rejects(p.read!(id, outs as ServiceOutputs), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.kind, "parse");
      assert.equal(
        e.message,
        'render:WebService "webapp-dev-api": read failed: 200 response is not valid JSON (17 bytes, starts "{\\"id\\": \\"…")',
      );
      return true;
    });
  });

  it("400 from the API: message quoted verbatim, not retried", async () => {
    h.api.inject({
      kind: "status",
      status: 400,
      method: "POST",
      path: "/services",
      message: "maintenance mode can only be configured for non-free tier services",
    });
    await assert.rejects(p.create({ ...inputs, plan: "free" }), {
      message:
        'render:WebService "webapp-dev-api": create failed: 400 Bad Request: "maintenance mode can only be configured for non-free tier services"',
    });
    assert.deepEqual(h.api.counts(), { "GET /services": 1, "POST /services": 1 });
  });

  it("402 from the API: message quoted verbatim", async () => {
    h.api.inject({
      kind: "status",
      status: 402,
      method: "POST",
      path: "/services",
      message: "payment information is required to create this service",
    });
    await assert.rejects(p.create(inputs), {
      message:
        'render:WebService "webapp-dev-api": create failed: 402 Payment Required: "payment information is required to create this service"',
    });
  });

  it("no error message ever contains the API key or an env var value", async () => {
    h.api.inject({ kind: "status", status: 400, method: "POST", path: "/services", message: "bad" });
    const err = await p
      .create({ ...inputs, envVars: { SECRET_KEY: "super-secret-value" } })
      .catch((e: Error) => e);
    assert.ok(err instanceof Error);
    assert.equal(err.message, 'render:WebService "webapp-dev-api": create failed: 400 Bad Request: "bad"');
    const everything = JSON.stringify({ ...err, message: err.message, stack: err.stack });
    assert.ok(!everything.includes(h.api.apiKey) && !everything.includes("super-secret-value"));
  });

  it("missing API key: one line naming both ways to set it", async () => {
    delete process.env.RENDER_API_KEY;
    await assert.rejects(p.create(inputs), {
      message:
        'render:WebService "webapp-dev-api": create failed: no Render API key; run `pulumi config set --secret render:apiKey <key>` or set RENDER_API_KEY',
    });
    assert.equal(h.api.requests.length, 0);
  });

  it("render:apiKey from configure() wins over the environment", async () => {
    process.env.RENDER_API_KEY = "wrong-key";
    await p.configure!({
      config: { get: (k: string) => (k === "render:apiKey" ? h.api.apiKey : undefined), require: () => "" },
    });
    await p.create(inputs);
    assert.equal(h.api.requests[0].authorization, `Bearer ${h.api.apiKey}`);
  });

  it("never exceeds Render's 20 creates/hour: the 21st is refused locally instead of hanging for an hour", async () => {
    for (let i = 0; i < 20; i++) await p.create({ ...inputs, name: `svc-${i}` });
    await assert.rejects(p.create({ ...inputs, name: "svc-20" }), {
      message:
        'render:WebService "svc-20": create failed: Render allows 20 service creates per hour; the next slot opens in 3600s, run again then',
    });
    assert.equal(h.api.counts()["POST /services"], 20, "the 21st never reached the API");
    assert.equal(h.api.services.size, 20);
  });

  it("never exceeds 10 updates/minute/service: the 11th PATCH waits", async () => {
    const { id, outs } = await p.create(inputs);
    let olds = outs as ServiceOutputs;
    for (let i = 0; i < 6; i++) {
      olds = (await p.update!(id, olds, { ...inputs, healthCheckPath: `/h${i}` })).outs as ServiceOutputs;
    }
    // 6 updates = 12 PATCH/deploy calls against a limit of 10 per minute.
    // The virtual clock stands still between calls, so the 11th waits out exactly the rest of the minute.
    assert.deepEqual(h.sleeps, [60_000]);
    // Reads (the list of earlier deploys before each deploy) count against the read limit only.
    const serviceCalls = h.api.requests.filter(
      (r) => r.path.startsWith(`/services/${id}`) && r.method !== "GET",
    );
    assert.equal(serviceCalls.length, 12);
    const start = serviceCalls[0].at;
    assert.deepEqual(
      serviceCalls.map((r) => r.at - start),
      [...new Array(10).fill(0), 60_000, 60_000],
    );
  });
});
