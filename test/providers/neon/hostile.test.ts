/**
 * Issue 11 against the Neon fake, for every Neon resource type: no orphan (a malformed answer after a create
 * was applied still returns the resource; on a read it is one clear error, never a TypeError), no duplicate
 * across runs (a run killed after the create was applied is continued), cleanup never hides the cause.
 */
import * as assert from "node:assert/strict";
import {
  branchProvider,
  databaseProvider,
  endpointProvider,
  neonRuntime,
  projectProvider,
  roleProvider,
} from "../../../providers/neon";
import { ResourceInitError } from "../../../providers/shared/lifecycle";
import type { FakeNeonApi } from "../../fakes/neon-api";
import { PROJECT as project, useFakeNeon } from "./helpers";

/** One type's create and read, against a project (and branch) made first. */
interface Kind {
  type: string;
  /** The answer's wrapper key, e.g. `project`. */
  wrapper: string;
  /** Path of the create POST. */
  createPath: (ids: Ids) => string | RegExp;
  /** Path of the read GET of the created resource. */
  readPath: (ids: Ids, id: string) => string;
  create: (ids: Ids) => Promise<{ id: string; outs?: unknown }>;
  read: (ids: Ids, id: string, outs: unknown) => Promise<unknown>;
  /** How many such resources the fake holds. */
  count: (fake: FakeNeonApi, ids: Ids) => number;
  /** The label every message starts with. */
  label: string;
}

interface Ids {
  projectId: string;
  branchId: string;
}

const REPLICA = { type: "read_only" as const, name: "replica", minCu: 0.25, maxCu: 1 };

const KINDS: Kind[] = [
  {
    type: "Project",
    wrapper: "project",
    label: 'neon:Project "webapp-dev"',
    createPath: () => "/projects",
    readPath: (_ids, id) => `/projects/${id}`,
    create: () => projectProvider.create(project),
    read: (_ids, id, outs) => projectProvider.read!(id, outs as never),
    count: (fake) => fake.projects.size - 1,
  },
  {
    type: "Branch",
    wrapper: "branch",
    label: 'neon:Branch "app"',
    createPath: (ids) => `/projects/${ids.projectId}/branches`,
    readPath: (ids, id) => `/projects/${ids.projectId}/branches/${id}`,
    create: (ids) => branchProvider.create({ projectId: ids.projectId, name: "app" }),
    read: (_ids, id, outs) => branchProvider.read!(id, outs as never),
    count: (fake, ids) => fake.projects.get(ids.projectId)!.branches.size - 1,
  },
  {
    type: "Role",
    wrapper: "role",
    label: 'neon:Role "app"',
    createPath: (ids) => `/projects/${ids.projectId}/branches/${ids.branchId}/roles`,
    readPath: (ids) => `/projects/${ids.projectId}/branches/${ids.branchId}/roles/app`,
    create: (ids) => roleProvider.create({ ...ids, name: "app" }),
    read: (_ids, id, outs) => roleProvider.read!(id, outs as never),
    count: (fake, ids) =>
      fake.projects.get(ids.projectId)!.branches.get(ids.branchId)!.roles.has("app") ? 1 : 0,
  },
  {
    type: "Database",
    wrapper: "database",
    label: 'neon:Database "appdb"',
    createPath: (ids) => `/projects/${ids.projectId}/branches/${ids.branchId}/databases`,
    readPath: (ids) => `/projects/${ids.projectId}/branches/${ids.branchId}/databases/appdb`,
    create: (ids) => databaseProvider.create({ ...ids, name: "appdb", ownerName: "neondb_owner" }),
    read: (_ids, id, outs) => databaseProvider.read!(id, outs as never),
    count: (fake, ids) =>
      fake.projects.get(ids.projectId)!.branches.get(ids.branchId)!.databases.has("appdb") ? 1 : 0,
  },
  {
    type: "Endpoint",
    wrapper: "endpoint",
    label: "neon:Endpoint",
    createPath: (ids) => `/projects/${ids.projectId}/endpoints`,
    readPath: (ids, id) => `/projects/${ids.projectId}/endpoints/${id}`,
    create: (ids) => endpointProvider.create({ ...ids, ...REPLICA }),
    read: (_ids, id, outs) => endpointProvider.read!(id, outs as never),
    count: (fake, ids) =>
      [...fake.projects.get(ids.projectId)!.endpoints.values()].filter((e) => e.type === "read_only").length,
  },
];

/** What a broken API or a proxy in front of it can answer with a 2xx. */
function malformed(wrapper: string): [string, string, string?][] {
  return [
    ["an empty body", ""],
    ["{}", "{}"],
    ["null", "null"],
    ["a list", "[]"],
    ["the object without its wrapper", JSON.stringify({ id: "x-1", name: "app", host: "h" })],
    ["the wrapper with fields missing", JSON.stringify({ [wrapper]: {} })],
    ["fields of the wrong type", JSON.stringify({ [wrapper]: { id: 5, name: 7, host: false } })],
    ["an HTML page", "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"],
  ];
}

describe("neon providers against a hostile API", () => {
  const h = useFakeNeon();
  let ids: Ids;

  beforeEach(async () => {
    // A second project of another name, so a Project look-up has something to skip.
    const parent = await projectProvider.create({ ...project, name: "webapp-parent" });
    ids = { projectId: parent.id, branchId: parent.outs!.defaultBranchId };
    h.fake.reset();
  });

  for (const kind of KINDS) {
    describe(`neon:${kind.type}`, () => {
      for (const [what, body, contentType] of malformed(kind.wrapper)) {
        it(`a create answered with ${what} returns what it made, once`, async () => {
          h.fake.fail({
            method: "POST",
            path: kind.createPath(ids),
            fault: { kind: "answer", status: 201, body, contentType },
          });
          const res = await kind.create(ids);
          assert.equal(kind.count(h.fake, ids), 1);
          assert.equal(h.fake.count("POST", kind.createPath(ids)), 1);
          const again = await kind.read(ids, res.id, res.outs);
          assert.equal((again as { id: string }).id, res.id);
        });

        it(`a read answered with ${what} is one error naming the resource and the read`, async () => {
          const res = await kind.create(ids);
          h.fake.fail({
            method: "GET",
            path: kind.readPath(ids, res.id),
            fault: { kind: "answer", status: 200, body, contentType },
          });
          const err = await kind.read(ids, res.id, res.outs).then(
            () => assert.fail("the read succeeded"),
            (e: Error) => e,
          );
          assert.equal(err.name, "ApiError");
          assert.ok(err.message.startsWith(`${kind.label}`), err.message);
          assert.match(
            err.message,
            /: read failed: (200 response is not valid JSON|200 answer is not what the API documents: `answer)/,
          );
        });
      }

      it("a run killed right after the create was applied is continued by the next run", async () => {
        neonRuntime().retry.attempts = 1;
        h.fake.fail({ method: "POST", path: kind.createPath(ids), fault: { kind: "lost" } });
        await assert.rejects(kind.create(ids), { message: /create failed: network error/ });
        assert.equal(kind.count(h.fake, ids), 1);
        neonRuntime().retry.attempts = 6;
        const res = await kind.create(ids);
        assert.equal(kind.count(h.fake, ids), 1);
        assert.equal(h.fake.count("POST", kind.createPath(ids)), 1);
        assert.equal(((await kind.read(ids, res.id, res.outs)) as { id: string }).id, res.id);
      });

      it("a create whose operation fails keeps what it made: the init error carries the id", async () => {
        h.fake.failNextOperation("failed", "out of capacity");
        const err = await kind.create(ids).then(
          () => assert.fail("the create succeeded"),
          (e: Error) => e,
        );
        assert.ok(err instanceof ResourceInitError, String(err));
        assert.equal(kind.count(h.fake, ids), 1);
        assert.match(
          err.message,
          /ended failed: "out of capacity" \(the resource ".+" exists and is kept in the state/,
        );
        const read = (await kind.read(ids, err.id, err.properties)) as { id: string };
        assert.equal(read.id, err.id);
      });
    });
  }

  it("a role whose password cannot be read yet is kept, and the next run's update reads it", async () => {
    h.fake.fail({
      method: "GET",
      path: /\/reveal_password$/,
      times: 6,
      fault: { kind: "status", status: 503 },
    });
    // The create answer carries the password; drop it so the provider must read it back.
    h.fake.fail({
      method: "POST",
      path: /\/roles$/,
      fault: {
        kind: "answer",
        edit: (a) => ({ ...a, role: { ...(a.role as object), password: undefined } }),
      },
    });
    const err = await roleProvider.create({ ...ids, name: "app" }).then(
      () => assert.fail("the create succeeded"),
      (e: Error) => e,
    );
    assert.ok(err instanceof ResourceInitError);
    assert.equal(err.id, `${ids.projectId}/${ids.branchId}/app`);
    assert.deepEqual(err.properties, { ...ids, name: "app", password: "" });
    const olds = err.properties as never;
    assert.deepEqual(await roleProvider.diff!(err.id, olds, { ...ids, name: "app" }), {
      changes: true,
      replaces: [],
    });
    const { outs } = await roleProvider.update!(err.id, olds, { ...ids, name: "app" });
    const stored = h.fake.projects.get(ids.projectId)!.branches.get(ids.branchId)!.roles.get("app")!;
    assert.equal(outs!.password, stored.password);
  });

  describe("a branch Neon made without the compute asked for", () => {
    const noCompute = {
      kind: "answer" as const,
      edit: (a: Record<string, unknown>) => ({ ...a, endpoints: [] }),
    };

    it("is deleted again, and the error says why", async () => {
      h.fake.fail({ method: "POST", path: `/projects/${ids.projectId}/branches`, fault: noCompute });
      const err = await branchProvider.create({ projectId: ids.projectId, name: "app" }).then(
        () => assert.fail("the create succeeded"),
        (e: Error) => e,
      );
      assert.match(
        err.message,
        /^neon:Branch "app": create failed: Neon returned no read_write compute for branch br-[a-z0-9-]+$/,
      );
      assert.ok(!(err instanceof ResourceInitError));
      assert.equal(h.fake.projects.get(ids.projectId)!.branches.size, 1);
    });

    it("when deleting it fails too, the error names both and keeps the branch in the state", async () => {
      h.fake.fail({ method: "POST", path: `/projects/${ids.projectId}/branches`, fault: noCompute });
      h.fake.fail({
        method: "DELETE",
        path: /\/branches\//,
        times: 6,
        fault: { kind: "status", status: 500 },
      });
      const err = await branchProvider.create({ projectId: ids.projectId, name: "app" }).then(
        () => assert.fail("the create succeeded"),
        (e: Error) => e,
      );
      assert.ok(err instanceof ResourceInitError);
      const branchId = err.id;
      assert.equal(
        err.message,
        `neon:Branch "app": create failed: Neon returned no read_write compute for branch ${branchId} (the resource "${branchId}" exists and is kept in the state; run \`pulumi up\` again to finish it); cleaning up (deleting branch ${branchId}) also failed: neon:Branch "app": delete after failed create failed: 500 Internal Server Error: "Internal Server Error" (gave up after 6 attempts)`,
      );
      assert.ok(h.fake.projects.get(ids.projectId)!.branches.has(branchId));
    });
  });
});
