/**
 * Deletes of every Neon type (issue 15, item 8): a resource already gone is done, whether Neon answers
 * 204 with no body (its OpenAPI spec for branches, roles, databases and endpoints), 404 or 410; a transient
 * answer (503, 423) is retried.
 */
import * as assert from "node:assert/strict";
import {
  branchProvider,
  databaseProvider,
  endpointProvider,
  projectProvider,
  roleProvider,
} from "../../../providers/neon";
import { PROJECT, useFakeNeon } from "./helpers";

describe("neon deletes: gone is done, transient answers are retried", () => {
  const h = useFakeNeon();
  let projectId: string;
  let branchId: string;

  beforeEach(async () => {
    const project = await projectProvider.create(PROJECT);
    projectId = project.id;
    branchId = (await branchProvider.create({ projectId, name: "app" })).id;
  });

  /** Each type: create one, then the delete call against its state. */
  const kinds = () => [
    {
      type: "Role",
      path: /\/roles\/app$/,
      make: async () => {
        const r = await roleProvider.create({ projectId, branchId, name: "app" });
        return () => roleProvider.delete!(r.id, r.outs!);
      },
    },
    {
      type: "Database",
      path: /\/databases\/appdb$/,
      make: async () => {
        await roleProvider.create({ projectId, branchId, name: "owner" });
        const d = await databaseProvider.create({ projectId, branchId, name: "appdb", ownerName: "owner" });
        return () => databaseProvider.delete!(d.id, d.outs!);
      },
    },
    {
      type: "Endpoint",
      path: /\/endpoints\/[^/]+$/,
      make: async () => {
        const e = await endpointProvider.create({
          projectId,
          branchId,
          type: "read_only",
          name: "replica",
          minCu: 0.25,
          maxCu: 1,
        });
        return () => endpointProvider.delete!(e.id, e.outs!);
      },
    },
    {
      type: "Branch",
      path: /\/branches\/[^/]+$/,
      make: async () => {
        const b = await branchProvider.create({ projectId, name: "other" });
        return () => branchProvider.delete!(b.id, b.outs!);
      },
    },
  ];

  for (const type of ["Role", "Database", "Endpoint", "Branch"]) {
    it(`${type}: deleted twice, the second answer is Neon's 204 with no body and the delete succeeds`, async () => {
      const kind = kinds().find((k) => k.type === type)!;
      const del = await kind.make();
      await del();
      h.fake.reset();
      await del();
      assert.equal(h.fake.count("DELETE", kind.path), 1);
    });

    it(`${type}: a delete answered 503, then 423, is retried and succeeds`, async () => {
      const kind = kinds().find((k) => k.type === type)!;
      const del = await kind.make();
      h.fake.fail({ method: "DELETE", path: kind.path, fault: { kind: "status", status: 503 } });
      h.fake.fail({ method: "DELETE", path: kind.path, fault: { kind: "locked" } });
      await del();
      assert.equal(h.fake.count("DELETE", kind.path), 3);
    });
  }

  for (const status of [404, 410]) {
    it(`Project: a delete answered ${status} is done`, async () => {
      const outs = (await projectProvider.read!(projectId, { ...PROJECT } as never)).props!;
      h.fake.fail({ method: "DELETE", path: `/projects/${projectId}`, fault: { kind: "status", status } });
      await projectProvider.delete!(projectId, outs as never);
    });
  }

  it("Project: a delete answered 204 with no body is done", async () => {
    const outs = (await projectProvider.read!(projectId, { ...PROJECT } as never)).props!;
    h.fake.fail({
      method: "DELETE",
      path: `/projects/${projectId}`,
      fault: { kind: "answer", status: 204, body: "" },
    });
    await projectProvider.delete!(projectId, outs as never);
  });
});
