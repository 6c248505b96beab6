/**
 * Issue 15 item 13: the README's teardown works as written. For prod that is `pulumi state unprotect --all`,
 * then `pulumi destroy`: the engine deletes dependents first and skips the provider's delete of every
 * resource with `retainOnDelete`, leaving it in its service. Neon refuses to delete a role that owns a
 * database (test/fakes/neon-api.ts, with its source), so wherever the database is retained its owner role
 * must be retained too, or the destroy stops on the role.
 */
import * as assert from "node:assert/strict";
import { databaseProvider, projectProvider, roleProvider } from "../../providers/neon";
import { planStack } from "../../tools/plan/cli";
import type { PlannedResource } from "../../tools/plan/types";
import { PROJECT, useFakeNeon } from "../providers/neon/helpers";

const T = {
  project: "pulumi-nodejs:dynamic/neon:Project",
  role: "pulumi-nodejs:dynamic/neon:Role",
  database: "pulumi-nodejs:dynamic/neon:Database",
};

describe("teardown of the Neon database as the README runs it", function () {
  this.timeout(60_000);
  const h = useFakeNeon();

  /** The stack's Neon resources, created on the fake in plan order; each with how to delete it. */
  async function deployed(stack: string) {
    const planned = (await planStack(stack)).planned.resources.filter((r) =>
      Object.values(T).includes(r.type),
    );
    const project = await projectProvider.create({ ...PROJECT, name: `webapp-${stack}` });
    const ids = { projectId: project.id, branchId: String(project.outs!.defaultBranchId) };
    const role = await roleProvider.create({ ...ids, name: "app" });
    const database = await databaseProvider.create({ ...ids, name: "app", ownerName: "app" });
    const remove: Record<string, () => Promise<void>> = {
      [T.project]: () => projectProvider.delete!(project.id, project.outs!),
      [T.role]: () => roleProvider.delete!(role.id, role.outs!),
      [T.database]: () => databaseProvider.delete!(database.id, database.outs!),
    };
    return { planned, remove, projectId: project.id, branchId: ids.branchId };
  }

  /** `pulumi state unprotect --all` then `pulumi destroy`: reverse plan order, retained ones left in place. */
  async function destroy(planned: PlannedResource[], remove: Record<string, () => Promise<void>>) {
    for (const r of [...planned].reverse()) {
      if (!r.options.retainOnDelete) await remove[r.type]();
    }
  }

  it("Neon refuses to delete a role that owns a database, once, without retrying", async () => {
    const { remove } = await deployed("dev");
    h.fake.requests.length = 0;
    await assert.rejects(remove[T.role](), {
      message:
        'neon:Role "app": delete failed: 400 Bad Request: "role \\"app\\" owns database \\"app\\"; delete the database first"',
    });
    assert.equal(h.fake.requests.filter((r) => r.method === "DELETE").length, 1);
  });

  it("prod: the role is retained wherever the database is, and the destroy leaves all three in Neon", async () => {
    const { planned, remove, projectId, branchId } = await deployed("prod");
    await destroy(planned, remove);
    const branch = h.fake.projects.get(projectId)!.branches.get(branchId)!;
    assert.deepEqual([branch.roles.has("app"), branch.databases.has("app")], [true, true]);
    assert.deepEqual(
      planned.map((r) => [r.type, r.options.protect === true, r.options.retainOnDelete === true]),
      [
        [T.project, true, true],
        [T.role, true, true],
        [T.database, true, true],
      ],
    );
  });

  it("dev: nothing is retained, and the destroy deletes the database, then its role, then the project", async () => {
    const { planned, remove, projectId } = await deployed("dev");
    assert.deepEqual(
      planned.filter((r) => r.options.protect || r.options.retainOnDelete).map((r) => r.name),
      [],
    );
    await destroy(planned, remove);
    assert.equal(h.fake.projects.has(projectId), false);
  });
});
