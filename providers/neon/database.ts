import * as pulumi from "@pulumi/pulumi";
import type { Operation } from "@neondatabase/api-client";
import { orNotFound } from "../shared/http";
import {
  branchChildId,
  changed,
  changedKeys,
  configureNeon,
  describe,
  neonApi,
  neonCall,
  neonDelete,
  neonMutation,
  parseBranchChildId,
  pendingOperations,
  type NeonApi,
} from "./client";

export interface DatabaseArgs {
  /** The Neon project. Changing it replaces the database. */
  projectId: pulumi.Input<string>;
  /** The branch the database lives on. Changing it replaces the database. */
  branchId: pulumi.Input<string>;
  /** Database name. Changing it replaces the database (its name is part of its id). */
  name: pulumi.Input<string>;
  /** Role that owns the database; it must exist on the branch. Updated in place. */
  ownerName: pulumi.Input<string>;
}

export interface DatabaseInputs {
  projectId: string;
  branchId: string;
  name: string;
  ownerName: string;
}

function inputsOf(d: DatabaseInputs): DatabaseInputs {
  return { projectId: d.projectId, branchId: d.branchId, name: d.name, ownerName: d.ownerName };
}

async function findCreated(
  api: NeonApi,
  what: string,
  d: DatabaseInputs,
): Promise<{ operations: Operation[] } | undefined> {
  const found = await orNotFound(
    neonCall(`${what}: look up`, (p) => api.getProjectBranchDatabase(d.projectId, d.branchId, d.name, p)),
  );
  if (!found) return undefined;
  return { operations: await pendingOperations(api, what, d.projectId) };
}

export const databaseProvider: pulumi.dynamic.ResourceProvider<DatabaseInputs, DatabaseInputs> = {
  configure: configureNeon,

  async create(inputs) {
    const what = describe("Database", inputs.name);
    const api = neonApi(`${what}: create`);
    await neonMutation(
      api,
      `${what}: create`,
      inputs.projectId,
      (p) =>
        api.createProjectBranchDatabase(
          inputs.projectId,
          inputs.branchId,
          { database: { name: inputs.name, owner_name: inputs.ownerName } },
          p,
        ),
      { recover: () => findCreated(api, what, inputs) },
    );
    return { id: branchChildId(inputs.projectId, inputs.branchId, inputs.name), outs: inputsOf(inputs) };
  },

  async read(id, props) {
    const d = props?.projectId ? props : parseBranchChildId(id);
    const what = describe("Database", d.name);
    const api = neonApi(`${what}: read`);
    const found = await orNotFound(
      neonCall(`${what}: read`, (p) => api.getProjectBranchDatabase(d.projectId, d.branchId, d.name, p)),
    );
    if (!found) return {};
    return {
      id,
      props: {
        projectId: d.projectId,
        branchId: d.branchId,
        name: found.database.name,
        ownerName: found.database.owner_name,
      },
    };
  },

  async diff(_id, olds, news) {
    const replaces = changedKeys(olds, news, ["projectId", "branchId", "name"]);
    const updates = changedKeys(olds, news, ["ownerName"]);
    return { changes: replaces.length + updates.length > 0, replaces };
  },

  async update(_id, olds, news) {
    const what = `${describe("Database", news.name)}: update`;
    if (changed(olds.ownerName, news.ownerName)) {
      const api = neonApi(what);
      await neonMutation(api, what, news.projectId, (p) =>
        api.updateProjectBranchDatabase(
          news.projectId,
          news.branchId,
          news.name,
          { database: { owner_name: news.ownerName } },
          p,
        ),
      );
    }
    return { outs: inputsOf(news) };
  },

  async delete(_id, props) {
    const what = `${describe("Database", props.name)}: delete`;
    const api = neonApi(what);
    await neonDelete(api, what, props.projectId, (p) =>
      api.deleteProjectBranchDatabase(props.projectId, props.branchId, props.name, p),
    );
  },
};

/** A Postgres database on a Neon branch. Token `pulumi-nodejs:dynamic/neon:Database`. */
export class Database extends pulumi.dynamic.Resource {
  declare public readonly projectId: pulumi.Output<string>;
  declare public readonly branchId: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly ownerName: pulumi.Output<string>;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.CustomResourceOptions) {
    super(databaseProvider, name, { ...args }, opts, "neon", "Database");
  }
}
