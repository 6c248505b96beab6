import * as assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import {
  ApiError,
  backoffDelayMs,
  buildUrl,
  formatFailure,
  isRetryable,
  lenientRecover,
  orNotFound,
  requestJson,
  resourceLabel,
  retryAfterFromHeaders,
  withRetries,
} from "../../../providers/shared/http";
import { compact } from "../../../providers/shared/inputs";

describe("providers/shared/http", () => {
  describe("isRetryable", () => {
    const table: Array<[string, unknown, boolean]> = [
      ["429", new ApiError("x", { status: 429 }), true],
      ["423 (Neon: locked)", new ApiError("x", { status: 423 }), true],
      ["500", new ApiError("x", { status: 500 }), true],
      ["503", new ApiError("x", { status: 503 }), true],
      ["501", new ApiError("x", { status: 501 }), false],
      ["400", new ApiError("x", { status: 400 }), false],
      ["404", new ApiError("x", { status: 404 }), false],
      ["timeout", new ApiError("x", { kind: "timeout" }), true],
      ["network", new ApiError("x", { kind: "network" }), true],
      ["parse", new ApiError("x", { kind: "parse", status: 200 }), false],
      ["ratelimit (local)", new ApiError("x", { kind: "ratelimit" }), false],
      ["axios-style 503", { response: { status: 503 } }, true],
      ["cloudinary-style http_code 420", { http_code: 420 }, false],
      ["cloudinary-style http_code 500", { http_code: 500 }, true],
      ["socket ECONNRESET", Object.assign(new Error("reset"), { code: "ECONNRESET" }), true],
      [
        "fetch failed with socket cause",
        new TypeError("fetch failed", { cause: { code: "UND_ERR_SOCKET" } }),
        true,
      ],
      ["plain Error", new Error("boom"), false],
    ];
    for (const [name, err, want] of table)
      it(`${name} -> ${want}`, () => assert.equal(isRetryable(err), want));
  });

  describe("retryAfterFromHeaders", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    it("Retry-After seconds", () =>
      assert.equal(retryAfterFromHeaders(429, new Headers({ "Retry-After": "12" }), now), 12_000));
    it("Retry-After HTTP-date", () =>
      assert.equal(
        retryAfterFromHeaders(503, { "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" }, now),
        30_000,
      ));
    it("Retry-After HTTP-date is read against the answer's Date, not the local clock (RFC 9110 §10.2.3)", () =>
      assert.equal(
        retryAfterFromHeaders(
          503,
          { "retry-after": "Thu, 01 Jan 2026 05:00:30 GMT", date: "Thu, 01 Jan 2026 05:00:00 GMT" },
          now,
        ),
        30_000,
      ));
    it("Ratelimit-Reset on a 429", () =>
      assert.equal(retryAfterFromHeaders(429, { "Ratelimit-Reset": "41" }, now), 41_000));
    it("Ratelimit-Reset ignored on a 200 (Render sends it on every response)", () =>
      assert.equal(retryAfterFromHeaders(200, { "Ratelimit-Reset": "41" }, now), undefined));
  });

  it("backoffDelayMs: full jitter under an exponential cap, never below the server's wait", () => {
    assert.equal(backoffDelayMs(1, undefined, { random: () => 0.999 }), 499);
    assert.equal(backoffDelayMs(3, undefined, { random: () => 0.5 }), 1000);
    assert.equal(backoffDelayMs(20, undefined, { random: () => 0.5, maxDelayMs: 8000 }), 4000);
    assert.equal(
      backoffDelayMs(1, new ApiError("x", { status: 429, retryAfterMs: 9000 }), { random: () => 0 }),
      9000,
    );
  });

  it("formatFailure names the resource, status and API message", () => {
    assert.equal(
      formatFailure('neon:Project "webapp-dev"', 423, "project is locked"),
      'neon:Project "webapp-dev" failed: 423 Locked: "project is locked"',
    );
  });

  it("resourceLabel quotes the name after the token, so every provider's messages start alike", () => {
    assert.equal(resourceLabel("neon:Project", "webapp-dev"), 'neon:Project "webapp-dev"');
    assert.equal(resourceLabel("render:WebService", undefined), 'render:WebService ""');
  });

  it("compact drops undefined values only", () => {
    assert.deepEqual(compact({ a: 1, b: undefined, c: null, d: 0, e: "" }), { a: 1, c: null, d: 0, e: "" });
  });

  it("orNotFound answers undefined for a 404 or 410 Gone and rethrows anything else", async () => {
    assert.equal(await orNotFound(Promise.resolve("x")), "x");
    assert.equal(await orNotFound(Promise.reject(new ApiError("gone", { status: 404 }))), undefined);
    // Render lists 410 Gone for GET/DELETE /services/{id} (real-world.md): the resource is gone.
    assert.equal(await orNotFound(Promise.reject(new ApiError("gone", { status: 410 }))), undefined);
    await assert.rejects(orNotFound(Promise.reject(new ApiError("t failed: 409", { status: 409 }))), {
      message: "t failed: 409",
    });
    // A plain error that merely carries a 404 status is not an API answer.
    await assert.rejects(orNotFound(Promise.reject(Object.assign(new Error("e"), { status: 404 }))), {
      message: "e",
    });
  });

  it("lenientRecover turns a retryable lookup failure into 'retry' and rethrows the rest", async () => {
    const failing = (status: number) => async () => {
      throw new ApiError(`look up failed: ${status}`, { status });
    };
    assert.equal(await lenientRecover(async () => "found")(), "found");
    assert.equal(await lenientRecover(failing(503))(), undefined);
    await assert.rejects(lenientRecover(failing(403))(), { message: "look up failed: 403" });
    // The caller's classifier decides (Cloudinary's 420 means "slow down").
    assert.equal(await lenientRecover(failing(420), (e) => (e as ApiError).status === 420)(), undefined);
  });

  it("buildUrl keeps the base path and repeats array params", () => {
    assert.equal(
      buildUrl("http://h/v1/", "/services", { name: ["a", "b"], type: "web_service", cursor: undefined }),
      "http://h/v1/services?name=a&name=b&type=web_service",
    );
  });

  describe("withRetries", () => {
    it("retries retryable errors with the injected sleep, then succeeds", async () => {
      const sleeps: number[] = [];
      let n = 0;
      const v = await withRetries(
        "t",
        async () => {
          if (++n < 3) throw new ApiError("t failed: 503", { status: 503 });
          return "ok";
        },
        { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
      );
      assert.equal(v, "ok");
      assert.deepEqual(sleeps, [250, 500]);
    });

    it("does not retry a 400", async () => {
      let n = 0;
      await assert.rejects(
        withRetries("t", async () => {
          n++;
          throw new ApiError("t failed: 400", { status: 400 });
        }),
        { message: "t failed: 400" },
      );
      assert.equal(n, 1);
    });

    it("gives up when the server asks for a wait longer than maxRetryAfterMs", async () => {
      await assert.rejects(
        withRetries(
          "t",
          async () => Promise.reject(new ApiError("t failed: 429", { status: 429, retryAfterMs: 3_600_000 })),
          {
            sleep: async () => undefined,
          },
        ),
        { message: "t failed: 429 (the API asked to wait 3600s; try again later)" },
      );
    });

    it("times out an attempt that ignores its signal", async () => {
      await assert.rejects(
        withRetries("t", () => new Promise(() => undefined), { attempts: 1, timeoutMs: 20 }),
        {
          message: "t failed: timed out after 20ms",
        },
      );
    });

    it("recover() ends the retries with what the lost attempt made", async () => {
      let attempts = 0;
      const v = await withRetries(
        "t",
        async () => {
          attempts++;
          throw new ApiError("t failed: timed out", { kind: "timeout" });
        },
        { sleep: async () => undefined, recover: async () => "found" },
      );
      assert.equal(v, "found");
      assert.equal(attempts, 1);
    });
  });

  describe("requestJson", () => {
    let server: http.Server;
    let base = "";
    let seen: http.IncomingHttpHeaders = {};
    before(async () => {
      server = http.createServer((req, res) => {
        seen = req.headers;
        if (req.url === "/v1/err") {
          res.writeHead(409, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ id: "e1", message: "already exists" }));
        } else if (req.url === "/v1/html") {
          res.writeHead(502, { "Content-Type": "text/html" });
          res.end("<html>Bad gateway</html>");
        } else if (req.url === "/v1/empty") {
          res.writeHead(204);
          res.end();
        } else {
          res.writeHead(200, { "Content-Type": "application/json", "Ratelimit-Remaining": "7" });
          res.end('{"ok":true}');
        }
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    it("sends bearer auth and JSON, exposes headers", async () => {
      const res = await requestJson<{ ok: boolean }>({
        what: "t",
        baseUrl: base,
        method: "POST",
        path: "/ok",
        body: { a: 1 },
        bearerToken: "tok",
      });
      assert.deepEqual(res.body, { ok: true });
      assert.equal(res.headers.get("ratelimit-remaining"), "7");
      assert.equal(seen.authorization, "Bearer tok");
      assert.equal(seen["content-type"], "application/json");
    });

    it("quotes the API message of an error body", async () => {
      await assert.rejects(
        requestJson({
          what: 'x:Y "n": create',
          baseUrl: base,
          method: "GET",
          path: "/err",
          bearerToken: "tok",
        }),
        {
          message: 'x:Y "n": create failed: 409 Conflict: "already exists"',
        },
      );
    });

    it("a non-JSON error body becomes the message, not a SyntaxError", async () => {
      await assert.rejects(requestJson({ what: "t", baseUrl: base, method: "GET", path: "/html" }), {
        message: 't failed: 502 Bad Gateway: "<html>Bad gateway</html>"',
      });
    });

    it("an empty 204 body is undefined", async () => {
      assert.equal(
        (await requestJson({ what: "t", baseUrl: base, method: "DELETE", path: "/empty" })).body,
        undefined,
      );
    });

    it("a refused connection is a retryable network ApiError", async () => {
      // A port that was free a moment ago: nothing listens there any more.
      const probe = http.createServer();
      await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
      const port = (probe.address() as AddressInfo).port;
      await new Promise<void>((r) => probe.close(() => r()));
      const err = await requestJson({
        what: "t",
        baseUrl: `http://127.0.0.1:${port}`,
        method: "GET",
        path: "/",
      }).catch((e: unknown) => e);
      assert.ok(err instanceof ApiError);
      assert.equal(err.kind, "network");
      assert.equal(isRetryable(err), true);
      assert.equal(err.message, "t failed: network error: ECONNREFUSED");
    });
  });
});
