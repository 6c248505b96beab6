import * as assert from "node:assert/strict";
import { ApiError } from "../../../providers/shared/http";
import {
  ResourceInitError,
  bothFailed,
  createOrAdopt,
  partiallyCreated,
} from "../../../providers/shared/lifecycle";
import { roundTrip } from "../shared";

interface Outs {
  name: string;
  size?: number;
}

/** A spec whose every hook records its call, so each test can assert exactly which ran. */
function spec(over: Partial<Parameters<typeof createOrAdopt<Outs>>[0]> = {}) {
  const calls: string[] = [];
  const s = {
    label: 'test:Thing "a"',
    read: async (id: string) => {
      calls.push(`read ${id}`);
      return id === "t-1" ? { name: "a", size: 1 } : undefined;
    },
    converge: async (id: string, current: Outs) => {
      calls.push(`converge ${id}`);
      return { ...current, size: 2 };
    },
    create: async () => {
      calls.push("create");
      return { id: "t-new", outs: { name: "a", size: 2 } };
    },
    ...over,
  };
  return { s, calls };
}

describe("providers/shared/lifecycle", () => {
  it("adopts by id: reads, converges, never creates", async () => {
    const { s, calls } = spec({ adoptId: "t-1" });
    assert.deepEqual(await createOrAdopt(s), { id: "t-1", outs: { name: "a", size: 2 } });
    assert.deepEqual(calls, ["read t-1", "converge t-1"]);
  });

  it("an adoptId that names nothing is a config error with the hint, and nothing is created", async () => {
    const { s, calls } = spec({ adoptId: "t-9", adoptHint: "check webapp:adopt.thing" });
    await assert.rejects(createOrAdopt(s), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.kind, "config");
      assert.equal(
        e.message,
        'test:Thing "a": adopt failed: no resource with id "t-9" exists; check webapp:adopt.thing',
      );
      return true;
    });
    assert.deepEqual(calls, ["read t-9"]);
  });

  it("an adoptId for a type that finds by name only (no read) is a config error, and nothing is created", async () => {
    const { s, calls } = spec({ adoptId: "t-1", read: undefined });
    await assert.rejects(createOrAdopt(s), {
      message: 'test:Thing "a": adopt failed: this resource type takes no adoptId',
    });
    assert.deepEqual(calls, []);
  });

  it("continues what an interrupted run made (find) instead of creating again", async () => {
    const { s, calls } = spec({ find: async () => ({ id: "t-1", current: { name: "a" } }) });
    assert.deepEqual(await createOrAdopt(s), { id: "t-1", outs: { name: "a", size: 2 } });
    assert.deepEqual(calls, ["converge t-1"]);
  });

  it("creates when nothing is found", async () => {
    const { s, calls } = spec({ find: async () => undefined });
    assert.equal((await createOrAdopt(s)).id, "t-new");
    assert.deepEqual(calls, ["create"]);
  });

  it("a failed finish throws the init error carrying the id and known outputs", async () => {
    const { s } = spec({
      finish: async () => {
        throw new ApiError('test:Thing "a": deploy failed: status build_failed');
      },
    });
    await assert.rejects(createOrAdopt(s), (e: unknown) => {
      assert.ok(e instanceof ResourceInitError);
      assert.equal(e.id, "t-new");
      assert.deepEqual(e.properties, { name: "a", size: 2 });
      assert.match(
        e.message,
        /^test:Thing "a": deploy failed: status build_failed \(the resource "t-new" exists/,
      );
      return true;
    });
  });

  it("a failed converge of an adopted resource keeps it recorded", async () => {
    const { s } = spec({
      adoptId: "t-1",
      converge: async () => {
        throw new ApiError("boom");
      },
    });
    await assert.rejects(createOrAdopt(s), (e: unknown) => e instanceof ResourceInitError && e.id === "t-1");
  });

  it("the init error carries the hidden __provider of the inputs, which delete and refresh need", async () => {
    const { s } = spec({
      adoptId: "t-1",
      inputs: { name: "a", __provider: "serialized-code" },
      converge: async () => {
        throw new ApiError("boom");
      },
    });
    await assert.rejects(createOrAdopt(s), (e: unknown) => {
      assert.deepEqual((e as ResourceInitError).properties, {
        name: "a",
        size: 1,
        __provider: "serialized-code",
      });
      return true;
    });
  });

  it("partiallyCreated drops undefined values and keeps an existing init error", () => {
    const e = partiallyCreated("x", { a: 1, b: undefined }, new Error("m"));
    assert.deepEqual(e.properties, { a: 1 });
    assert.equal(partiallyCreated("y", {}, e), e);
  });

  it("bothFailed names the cause first and the cleanup failure after it", () => {
    const e = bothFailed(
      new ApiError("create role failed: 500", { status: 500 }),
      new Error("delete 403"),
      "delete role",
    );
    assert.equal(e.message, "create role failed: 500; cleaning up (delete role) also failed: delete 403");
    assert.equal((e as ApiError).status, 500);
    const init = bothFailed(partiallyCreated("id-1", {}, new Error("a")), new Error("b"), "c");
    assert.ok(init instanceof ResourceInitError && init.id === "id-1");
  });

  it("survives the closure serializer: the deserialized error still carries id and message", async () => {
    const { provider: fail } = await roundTrip(() => {
      throw partiallyCreated("srv-1", { name: "n" }, new Error("deploy failed"));
    });
    assert.throws(fail, (e: unknown) => {
      const err = e as ResourceInitError;
      assert.equal(err.id, "srv-1");
      assert.deepEqual(err.properties, { name: "n" });
      assert.match(err.message, /^deploy failed \(the resource "srv-1" exists/);
      assert.ok(err instanceof Error);
      return true;
    });
  });
});
