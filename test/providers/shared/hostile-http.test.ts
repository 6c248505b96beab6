/**
 * The shared transport against a hostile local server: redirects elsewhere, drip-fed and endless answers,
 * oversized bodies, hour-long Retry-After, and error messages that echo what we sent.
 */
import * as assert from "node:assert/strict";
import type * as http from "node:http";
import { ApiError, requestJson, withRetries } from "../../../providers/shared/http";
import { REDACTED, redact, redactError, secretsIn } from "../../../providers/shared/redact";
import { partiallyCreated } from "../../../providers/shared/lifecycle";
import { paginate } from "../../../providers/shared/paginate";
import { guardProvider } from "../../../providers/shared/boundary";
import { closeLocal, listenLocal, readBody } from "../../fakes/local-server";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

/** Two local servers: the API under test, and "elsewhere", which records anything that reaches it. */
function hostile() {
  const state = {
    handler: ((_q, res) => res.end("{}")) as Handler,
    api: "",
    elsewhere: "",
    reachedElsewhere: [] as string[],
    servers: [] as http.Server[],
  };
  before(async () => {
    const a = await listenLocal((req, res) => {
      void readBody(req).then((body) => state.handler(req, res, body));
    });
    const b = await listenLocal((req, res) => {
      void readBody(req).then((body) => {
        state.reachedElsewhere.push(`${req.method} ${req.url} ${req.headers.authorization ?? ""} ${body}`);
        res.end("{}");
      });
    });
    state.api = a.origin;
    state.elsewhere = b.origin;
    state.servers = [a.server, b.server];
  });
  beforeEach(() => (state.reachedElsewhere = []));
  after(async () => {
    for (const s of state.servers) await closeLocal(s);
  });
  return state;
}

const call = (api: string, over: Partial<Parameters<typeof requestJson>[0]> = {}) =>
  requestJson({
    what: 'render:WebService "api": create',
    baseUrl: api,
    method: "POST",
    path: "/services",
    ...over,
  });

describe("providers/shared transport against a hostile API", () => {
  const h = hostile();

  describe("redirects", () => {
    it("a redirect to another origin is not followed: nothing reaches it, and the error says so", async () => {
      h.handler = (_q, res) => res.writeHead(307, { Location: `${h.elsewhere}/steal?token=x` }).end();
      const err = await call(h.api, { bearerToken: "rnd_secret_token", body: { name: "n" } }).catch((e) => e);
      assert.ok(err instanceof ApiError);
      assert.equal(err.kind, "refused");
      assert.equal(
        err.message,
        `render:WebService "api": create failed: the API redirected (307) to another origin, ${h.elsewhere}/steal; not followed, so no credential or body went there`,
      );
      assert.deepEqual(h.reachedElsewhere, []);
    });

    it("a GET redirect elsewhere is not followed either", async () => {
      h.handler = (_q, res) => res.writeHead(302, { Location: `${h.elsewhere}/x` }).end();
      await assert.rejects(call(h.api, { method: "GET", bearerToken: "rnd_secret_token" }), /another origin/);
      assert.deepEqual(h.reachedElsewhere, []);
    });

    it("a POST is never re-sent after a redirect, even to the same origin", async () => {
      const seen: string[] = [];
      h.handler = (req, res) => {
        seen.push(`${req.method} ${req.url}`);
        res.writeHead(308, { Location: "/v2/services" }).end();
      };
      await assert.rejects(
        call(h.api, { body: { name: "n" } }),
        /redirected \(308\) a POST to http:\/\/127\.0\.0\.1:\d+\/v2\/services; a POST is never re-sent after a redirect/,
      );
      assert.deepEqual(seen, ["POST /services"]);
    });

    it("a same-origin GET redirect is followed", async () => {
      h.handler = (req, res) =>
        req.url === "/old" ? res.writeHead(301, { Location: "/new" }).end() : res.end('{"ok":true}');
      assert.deepEqual((await call(h.api, { method: "GET", path: "/old" })).body, { ok: true });
    });
  });

  describe("every wait ends", () => {
    it("a server that answers a byte at a time is cut at the attempt timeout, body included", async () => {
      const timers: NodeJS.Timeout[] = [];
      h.handler = (_q, res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        const drip = setInterval(() => res.write(" "), 20);
        timers.push(drip);
        res.on("close", () => clearInterval(drip));
      };
      const started = Date.now();
      const err = await withRetries("op", (signal) => call(h.api, { method: "GET", signal }), {
        attempts: 1,
        timeoutMs: 300,
      }).catch((e) => e);
      timers.forEach(clearInterval);
      assert.ok(err instanceof ApiError);
      assert.equal(err.kind, "timeout");
      assert.equal(err.message, "op failed: timed out after 300ms");
      assert.ok(Date.now() - started < 5_000);
    });

    it("a server that never answers fails within the call's deadline, across retries", async () => {
      h.handler = () => undefined;
      let clock = 0;
      const err = await withRetries("op", (signal) => call(h.api, { method: "GET", signal }), {
        attempts: 100,
        timeoutMs: 50,
        deadlineMs: 1_000,
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
        },
        random: () => 0.99,
        baseDelayMs: 200,
      }).catch((e) => e);
      assert.ok(err instanceof ApiError);
      assert.match(
        err.message,
        /^op failed: timed out after 50ms \(gave up: the call's 1s deadline would pass before the next try\)$/,
      );
      assert.ok(clock <= 1_000);
    });

    it("a Retry-After of hours fails at once with a clear message instead of sleeping", async () => {
      h.handler = (_q, res) => res.writeHead(429, { "Retry-After": "7200" }).end('{"message":"slow down"}');
      const slept: number[] = [];
      const err = await withRetries("op", (signal) => call(h.api, { method: "GET", signal }), {
        sleep: async (ms) => void slept.push(ms),
      }).catch((e) => e);
      assert.equal(
        err.message,
        'render:WebService "api": create failed: 429 Too Many Requests: "slow down" (the API asked to wait 7200s; try again later)',
      );
      assert.deepEqual(slept, []);
    });

    it("a Ratelimit-Reset of hours on a 429 is refused the same way", async () => {
      h.handler = (_q, res) => res.writeHead(429, { "Ratelimit-Reset": "10800" }).end("{}");
      await assert.rejects(
        withRetries("op", (signal) => call(h.api, { method: "GET", signal }), {
          sleep: async () => undefined,
        }),
        /asked to wait 10800s; try again later/,
      );
    });
  });

  describe("size", () => {
    it("an answer over the size cap is refused while it streams, declared length or not", async () => {
      const chunk = Buffer.alloc(1024 * 1024, 32);
      h.handler = (_q, res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        let sent = 0;
        const pump = () => {
          while (sent < 20 && res.write(chunk)) sent++;
          if (sent < 20) res.once("drain", pump);
          else res.end();
        };
        pump();
      };
      const err = await call(h.api, { method: "GET" }).catch((e) => e);
      assert.ok(err instanceof ApiError);
      assert.equal(err.kind, "refused");
      assert.equal(
        err.message,
        'render:WebService "api": create failed: the response is larger than 8 MiB and was refused',
      );
    });
  });

  describe("no secret in any message", () => {
    const body = {
      name: "webapp-dev-api",
      envVars: [
        { key: "SECRET_KEY", value: "s3cr3t-django-key-value" },
        { key: "DATABASE_URL", value: "postgresql://app:pa55w0rd-xyz@ep-1.neon.tech/app?sslmode=require" },
      ],
      image: { registryCredential: { authToken: "ghp_tokenvalue123456" } },
    };

    it("an API error that echoes the request has every sent secret, token and URL password taken out", async () => {
      h.handler = (req, res, sent) =>
        res
          .writeHead(400, { "Content-Type": "application/json" })
          .end(JSON.stringify({ message: `bad request ${sent} auth=${req.headers.authorization}` }));
      const err = await call(h.api, { bearerToken: "rnd_live_apikey_0001", body }).catch((e) => e);
      assert.ok(err instanceof ApiError);
      for (const secret of [
        "s3cr3t-django-key-value",
        "pa55w0rd-xyz",
        "ghp_tokenvalue123456",
        "rnd_live_apikey_0001",
      ]) {
        assert.ok(!err.message.includes(secret), `message leaks ${secret}: ${err.message}`);
        assert.ok(!err.apiMessage!.includes(secret));
      }
      assert.match(err.message, /"name\\":\\"webapp-dev-api\\"/, "non-secret context stays");
      assert.ok(err.message.includes(REDACTED));
    });

    it("an HTML error page that echoes the body is redacted before it is cut", async () => {
      h.handler = (_q, res, sent) =>
        res.writeHead(502, { "Content-Type": "text/html" }).end(`<html>${"x".repeat(180)}${sent}</html>`);
      const err = await call(h.api, { body, bearerToken: "rnd_k_000000" }).catch((e) => e);
      assert.ok(!/s3cr3t|pa55w0rd|ghp_tok/.test(err.message), err.message);
    });

    it("a 2xx answer that is not JSON is quoted redacted", async () => {
      h.handler = (_q, res, sent) => res.writeHead(200).end(`${JSON.parse(sent).envVars[0].value} oops`);
      const err = await call(h.api, { body }).catch((e) => e);
      assert.equal(err.kind, "parse");
      assert.ok(!err.message.includes("s3cr3t-django-key-value"), err.message);
    });
  });

  describe("redact", () => {
    const table: Array<[string, string, string[], string]> = [
      ["bearer", "auth: Bearer abc.def-123", [], `auth: Bearer ${REDACTED}`],
      ["basic", "Authorization: Basic dXNlcjpwYXNz", [], `Authorization: Basic ${REDACTED}`],
      [
        "URL password",
        "dial redis://default:AbCdEf123@host:6379 failed",
        [],
        `dial redis://default:${REDACTED}@host:6379 failed`,
      ],
      [
        "cloudinary URL",
        "cloudinary://123456:sEcReT_val@demo bad",
        [],
        `cloudinary://123456:${REDACTED}@demo bad`,
      ],
      ["sent value", "value hunter2hunter2 is invalid", ["hunter2hunter2"], `value ${REDACTED} is invalid`],
      ["JSON-escaped value", 'got "a\\"b\\\\c-secret"', ['a"b\\c-secret'], `got "${REDACTED}"`],
      ["URL-encoded value", "q=p%40ss%2Fw0rd!", ["p@ss/w0rd!"], `q=${REDACTED}`],
      [
        "password of a sent URL, alone",
        "auth failed for pw=Zz9-pass-Zz9",
        ["postgres://u:Zz9-pass-Zz9@h/db"],
        `auth failed for pw=${REDACTED}`,
      ],
      ["short values are left alone", "port 8000 true", ["8000", "true"], "port 8000 true"],
    ];
    for (const [name, text, secrets, expected] of table) {
      it(name, () => assert.equal(redact(text, secrets), expected));
    }

    it("secretsIn takes values under secret-bearing keys, not names", () => {
      assert.deepEqual(
        secretsIn({
          name: "api",
          envVars: [{ key: "A", value: "v1" }],
          authToken: "t",
          nested: { password: "p" },
        }),
        ["v1", "t", "p"],
      );
    });

    it("redactError keeps the error's kind, status, id and properties", () => {
      const api = redactError(new ApiError("x failed: hunter2hunter2", { status: 400, kind: "http" }), [
        "hunter2hunter2",
      ]);
      assert.ok(api instanceof ApiError);
      assert.equal(api.message, `x failed: ${REDACTED}`);
      assert.equal(api.status, 400);
      const init = redactError(partiallyCreated("srv-1", { a: 1 }, new Error("deploy hunter2hunter2")), [
        "hunter2hunter2",
      ]);
      assert.equal((init as { id: string }).id, "srv-1");
      assert.ok(!(init as Error).message.includes("hunter2"));
      assert.ok(!String((init as Error).stack).includes("hunter2"));
    });
  });
});

describe("providers/shared paginate and boundary", () => {
  it("stops on a repeated cursor with a clear message", async () => {
    let calls = 0;
    const err = await paginate("list services", async () => {
      calls++;
      return { items: [calls], next: "same" };
    }).catch((e) => e);
    assert.equal(
      err.message,
      'list services failed: the API handed back page cursor "same" a second time; stopped instead of looping',
    );
    assert.equal(calls, 2);
  });

  it("stops at the page cap", async () => {
    let n = 0;
    await assert.rejects(
      paginate("list", async () => ({ items: [], next: `c${n++}` }), { maxPages: 3 }),
      { message: "list failed: the list runs past 3 pages; stopped" },
    );
    assert.equal(n, 3);
  });

  it("returns every item when the cursors end", async () => {
    const pages: Record<string, { items: number[]; next?: string }> = {
      "": { items: [1, 2], next: "a" },
      a: { items: [3], next: "b" },
      b: { items: [4] },
    };
    assert.deepEqual(await paginate("list", async (c) => pages[c ?? ""]), [1, 2, 3, 4]);
  });

  it("guardProvider turns a TypeError into an error naming the resource and operation, redacted", async () => {
    const p = guardProvider(
      "render:WebService",
      {
        async create(inputs: { name: string; envVars: Record<string, string> }) {
          const body = undefined as unknown as { service: { id: string } };
          void inputs;
          return { id: body.service.id };
        },
        async update(_id: string, _olds: unknown, news: { name: string; envVars: Record<string, string> }) {
          throw new ApiError(`update failed: 400: "bad value ${news.envVars.PLAIN_NAME}"`, { status: 400 });
        },
      },
      { secrets: (props) => Object.values((props?.envVars as Record<string, string>) ?? {}) },
    );
    const err = await p.create!({ name: "webapp-dev-api", envVars: {} }).catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.match(
      err.message,
      /^render:WebService "webapp-dev-api": create failed: the API's answer did not have the expected shape \(Cannot read properties of undefined/,
    );
    const up = await p.update!(
      "srv-1",
      {},
      { name: "webapp-dev-api", envVars: { PLAIN_NAME: "not-a-secret-name-but-secret" } },
    ).catch((e: unknown) => e);
    assert.equal((up as Error).message, `update failed: 400: "bad value ${REDACTED}"`);
    assert.equal((up as ApiError).status, 400);
  });
});
