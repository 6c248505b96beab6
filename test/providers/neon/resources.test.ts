import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "./helpers";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

describe("neon resource classes", () => {
  const registered: Registered[] = [];
  let neon: typeof import("../../../providers/neon");

  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      "webapp",
      "dev",
    );
    // Imported after setMocks, as Pulumi's testing guide asks.
    neon = await import("../../../providers/neon");
  });

  function only(type: string): Registered {
    const found = registered.filter((r) => r.type === type);
    assert.equal(found.length, 1, type);
    return found[0];
  }

  /** Resolves once every resource's registration has been answered by the mocks. */
  function settled(resources: pulumi.CustomResource[]): Promise<unknown> {
    return Promise.all(resources.map((r) => new Promise((resolve) => r.id.apply(resolve))));
  }

  function withoutProvider(inputs: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(inputs).filter(([k]) => k !== "__provider"));
  }

  it("registers every class under its contract token with the inputs as given", async () => {
    const project = new neon.Project("db-project", PROJECT);
    const branch = new neon.Branch("db-branch", {
      projectId: project.id,
      name: "app",
      endpoint: { minCu: 0.25, maxCu: pulumi.output(2) },
    });
    const role = new neon.Role("db-role", { projectId: project.id, branchId: branch.id, name: "app" });
    const database = new neon.Database("db-db", {
      projectId: project.id,
      branchId: branch.id,
      name: "app",
      ownerName: role.name,
    });
    const replica = new neon.Endpoint("db-replica", {
      projectId: project.id,
      branchId: branch.id,
      type: "read_only",
      name: "replica",
      minCu: 0.25,
      maxCu: 1,
    });
    await settled([project, branch, role, database, replica]);

    assert.deepEqual(withoutProvider(only("pulumi-nodejs:dynamic/neon:Project").inputs), PROJECT);
    assert.deepEqual(withoutProvider(only("pulumi-nodejs:dynamic/neon:Branch").inputs), {
      projectId: "db-project-id",
      name: "app",
      endpoint: { minCu: 0.25, maxCu: 2 },
    });
    assert.deepEqual(withoutProvider(only("pulumi-nodejs:dynamic/neon:Role").inputs), {
      projectId: "db-project-id",
      branchId: "db-branch-id",
      name: "app",
    });
    assert.deepEqual(withoutProvider(only("pulumi-nodejs:dynamic/neon:Database").inputs), {
      projectId: "db-project-id",
      branchId: "db-branch-id",
      name: "app",
      ownerName: "app",
    });
    assert.deepEqual(withoutProvider(only("pulumi-nodejs:dynamic/neon:Endpoint").inputs), {
      projectId: "db-project-id",
      branchId: "db-branch-id",
      type: "read_only",
      name: "replica",
      minCu: 0.25,
      maxCu: 1,
    });
    assert.equal(typeof only("pulumi-nodejs:dynamic/neon:Role").inputs.__provider, "string");
  });
});
