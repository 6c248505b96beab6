/**
 * The hostile-API harness (issue 11): one table of cases per class, run against every dynamic resource
 * type through the hostile proxy in front of that type's fake API. A type says how to set itself up and
 * drive its operations; the cases are the same for all.
 */
import * as assert from "node:assert/strict";
import { ApiError } from "../../providers/shared/http";
import { ResourceInitError } from "../../providers/shared/lifecycle";
import { HostileProxy, Hostility, startHostileProxy } from "./proxy";

/**
 * The per-attempt timeout of the "every wait ends" cases, each of which must fail: the server hangs, drips,
 * asks to wait hours or sends too much. Nothing there is answered in time, so a short timeout cannot turn an
 * answer into a failure (the flake ANSWERED_TIMEOUT_MS in test/providers/shared.ts guards against); it only
 * shortens the wait, two attempts per case, about 30 cases.
 */
export const HUNG_TIMEOUT_MS = 50;

export interface Route {
  method: string;
  path: RegExp;
}

export interface Target {
  /** Pulumi type token, e.g. `render:WebService`. */
  type: string;
  /** Resource name the driver uses: every message must start with `<type> "<name>"`. */
  name: string;
  /** When a type names itself differently per operation (Neon's Endpoint: by branch, then by id). */
  labelPattern?: RegExp;
  /** Starts the type's fake API and points the provider at `proxyOrigin` (plus any base path). */
  setup(proxyOrigin: string): Promise<void>;
  /** The fake's own origin, where the proxy forwards to. */
  upstream(): string;
  teardown(): Promise<void>;
  /** Shortens the provider's per-attempt timeout ({@link HUNG_TIMEOUT_MS}) and retries for the "every wait ends" cases. */
  quick(): void;
  create(): Promise<{ id: string; outs?: unknown }>;
  /** Reads a resource that exists (created in the fake directly or by `create`). */
  read(): Promise<unknown>;
  /** The request that creates the resource, and the one that reads it. */
  createRoute: Route;
  readRoute: Route;
  /** Values the driver sends that are secret: no message may contain them. */
  secrets: string[];
  /** Ids the fake holds of this type right now (to tell whether a create made something). */
  existing(): string[];
  /**
   * A list request the type makes (the lost-create lookup, or a read of sub-resources) and a full page
   * whose cursor never changes, for the repeated-cursor case; `via` says which operation makes it.
   */
  list?: { route: Route; page: () => string; via: "create" | "read" };
  /** How messages name the create and read operations, when not "create" / "read" (e.g. EnvVar's "set"). */
  operations?: { create?: RegExp; read?: RegExp };
}

/** The malformed answers of class 1: each must end in an error naming resource and operation. */
export const MALFORMED: Array<[string, Hostility]> = [
  ["an empty body", { kind: "answer", status: 200, body: "" }],
  ["{}", { kind: "answer", status: 200, body: "{}" }],
  ["null", { kind: "answer", status: 200, body: "null" }],
  [
    "an HTML page",
    { kind: "answer", status: 200, body: "<html><body>Bad gateway</body></html>", contentType: "text/html" },
  ],
  ["a JSON string", { kind: "answer", status: 200, body: '"ok"' }],
  ["an array", { kind: "answer", status: 200, body: "[]" }],
  [
    "fields of the wrong type",
    { kind: "answer", status: 200, body: '{"id": 42, "name": ["x"], "service": 7, "project": "p"}' },
  ],
];

export interface Figures {
  cases: Map<string, number>;
  longestMs: Map<string, number>;
}

/** Per class: how many cases ran and the longest one, for the closing note (printed after the run). */
export const figures: Figures = { cases: new Map(), longestMs: new Map() };

function timed(cls: string, title: string, fn: () => Promise<void>) {
  it(title, async () => {
    const started = Date.now();
    try {
      await fn();
    } finally {
      const ms = Date.now() - started;
      figures.cases.set(cls, (figures.cases.get(cls) ?? 0) + 1);
      figures.longestMs.set(cls, Math.max(figures.longestMs.get(cls) ?? 0, ms));
    }
  });
}

const errorOf = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    (v) => assert.fail(`expected an error, got ${JSON.stringify(v)}`),
    (e: unknown) => e,
  );

/** A message that names the resource and the operation, from our code, not a raw TypeError. */
function assertNamed(err: unknown, t: Target, operation: RegExp): void {
  assert.ok(err instanceof Error, `not an Error: ${String(err)}`);
  assert.ok(
    err.name === "ApiError" || err instanceof ApiError || err instanceof ResourceInitError,
    `${err.name}: ${err.message}`,
  );
  if (t.labelPattern) assert.match(err.message, t.labelPattern);
  else assert.ok(err.message.startsWith(`${t.type} ${JSON.stringify(t.name)}: `), err.message);
  assert.match(err.message, operation);
}

const createOp = (t: Target) => t.operations?.create ?? /create/;
const readOp = (t: Target) => t.operations?.read ?? /read/;

export function hostileSuite(t: Target, classes: { orphans?: boolean; secrets?: boolean } = {}): void {
  describe(`hostile API: ${t.type}`, () => {
    let proxy: HostileProxy;
    beforeEach(async () => {
      proxy = await startHostileProxy(() => t.upstream());
      await t.setup(proxy.origin);
    });
    afterEach(async () => {
      await proxy.close();
      await t.teardown();
    });

    if (classes.orphans !== false) {
      describe("1. no orphans: a malformed create answer", () => {
        for (const [what, act] of MALFORMED) {
          timed(
            "1",
            `${what}: the resource is returned, or the error names the resource and carries any id made`,
            async () => {
              proxy.rules.push({ ...t.createRoute, times: 1, act });
              const made = t.existing();
              const res = await t.create().catch((e: unknown) => e);
              const added = t.existing().filter((id) => !made.includes(id));
              if (res instanceof Error) {
                assertNamed(res, t, createOp(t));
                // Nothing was applied (the proxy answered itself), or what was made is carried for the engine.
                if (added.length > 0)
                  assert.ok(res instanceof ResourceInitError && added.includes(res.id), res.message);
              } else {
                assert.ok(added.length === 0 || added.includes((res as { id: string }).id));
              }
            },
          );
        }
        for (const [what, act] of MALFORMED) {
          timed("1", `read answered with ${what}: an error naming the resource and operation`, async () => {
            await t.create();
            proxy.rules.push({ ...t.readRoute, times: 1, act });
            assertNamed(await errorOf(t.read()), t, readOp(t));
          });
        }
      });

      describe("2. no duplicates across runs", () => {
        timed(
          "2",
          "a run killed right after the create was applied: the next run adopts it, no second resource",
          async () => {
            proxy.rules.push({ ...t.createRoute, times: 1, act: { kind: "apply-then-drop" } });
            const before = t.existing();
            // The first run dies with the create applied and its answer lost; the engine recorded nothing.
            await t.create().catch(() => undefined);
            const afterFirst = t.existing().filter((id) => !before.includes(id));
            const second = await t.create();
            const afterSecond = t.existing().filter((id) => !before.includes(id));
            assert.equal(afterSecond.length, 1, `expected one resource, found ${afterSecond.join(", ")}`);
            assert.equal(second.id, afterSecond[0]);
            assert.ok(afterFirst.length <= 1);
          },
        );
      });
    }

    if (classes.secrets !== false) {
      describe("3. no secret in any message", () => {
        timed("3", "an error that echoes the create request and its credentials is redacted", async () => {
          proxy.rules.push({ ...t.createRoute, act: { kind: "echo" } });
          const err = await errorOf(t.create());
          assertNamed(err, t, createOp(t));
          const text = `${(err as Error).message} ${String((err as Error).stack)}`;
          for (const s of t.secrets) assert.ok(!text.includes(s), `leaks ${s}: ${text}`);
          assert.ok(!/(Bearer|Basic) (?!\[redacted\])\S/.test(text), text);
        });
      });
    }

    describe("4. no request body sent to another origin", () => {
      timed("4", "a create redirected elsewhere is not followed and says so", async () => {
        proxy.rules.push({ ...t.createRoute, act: { kind: "redirect-elsewhere", status: 307 } });
        const err = await errorOf(t.create());
        assertNamed(err, t, /redirect/);
        assert.deepEqual(proxy.reachedElsewhere, []);
      });
      timed("4", "a read redirected elsewhere is not followed", async () => {
        await t.create();
        proxy.rules.push({ ...t.readRoute, act: { kind: "redirect-elsewhere", status: 302 } });
        assertNamed(await errorOf(t.read()), t, /redirect/);
        assert.deepEqual(proxy.reachedElsewhere, []);
      });
    });

    describe("5. every wait ends", () => {
      const waits: Array<[string, Hostility]> = [
        ["never answers", { kind: "hang" }],
        ["answers a byte at a time", { kind: "drip", everyMs: 20 }],
        [
          "asks to wait hours (Retry-After)",
          {
            kind: "answer",
            status: 429,
            body: '{"message":"slow down"}',
            headers: { "Retry-After": "36000" },
          },
        ],
        [
          "asks to wait hours (Ratelimit-Reset)",
          { kind: "answer", status: 429, body: "{}", headers: { "Ratelimit-Reset": "36000" } },
        ],
        ["sends 20 MiB", { kind: "huge", mib: 20 }],
      ];
      for (const [what, act] of waits) {
        timed("5", `a read whose server ${what} fails with a message naming the resource`, async () => {
          await t.create();
          t.quick();
          proxy.rules.push({ ...t.readRoute, act });
          assertNamed(await errorOf(t.read()), t, readOp(t));
        });
      }
      if (t.list) {
        const list = t.list;
        timed("5", "a list that repeats its page cursor forever stops with a clear message", async () => {
          if (list.via === "read") await t.create();
          proxy.rules.push({ ...list.route, act: { kind: "answer", status: 200, body: list.page() } });
          const err = await errorOf(list.via === "read" ? t.read() : t.create());
          assertNamed(err, t, /page cursor .* a second time; stopped instead of looping/);
          assert.ok(proxy.seen.filter((s) => list.route.path.test(s.path)).length <= 2);
        });
      }
      timed("5", "410 Gone on read means the resource is gone, like 404", async () => {
        await t.create();
        proxy.rules.push({
          ...t.readRoute,
          act: { kind: "answer", status: 410, body: '{"message":"gone"}' },
        });
        const res = (await t.read()) as { id?: string } | undefined;
        assert.equal(res?.id, undefined);
      });
    });
  });
}

// Once, after the whole run: the figures the closing note asks for (cases and longest case per class).
after(() => {
  if (figures.cases.size === 0) return;
  const parts = [...figures.cases.keys()].sort().map((cls) => {
    return `class ${cls}: ${figures.cases.get(cls)} cases, longest ${figures.longestMs.get(cls)} ms`;
  });
  console.log(`  hostile-API harness: ${parts.join("; ")}`);
});
