import * as pulumi from "@pulumi/pulumi";
import { guardProvider } from "../shared/boundary";
import type { Operation } from "@neondatabase/api-client";
import { orNotFound } from "../shared/http";
import { createOrAdopt } from "../shared/lifecycle";
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
  waitForOperations,
  type NeonApi,
  neonCredentials,
} from "./client";
import { DATABASE, OPERATIONS } from "./answers";

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

/**
 * The database an earlier run made, or one that already holds data on an adopted branch: names are unique
 * per branch. It is taken over as it is, never recreated.
 */
async function findByName(
  api: NeonApi,
  what: string,
  d: DatabaseInputs,
): Promise<{ id: string; current: DatabaseInputs } | undefined> {
  const found = await orNotFound(
    neonCall<{ database: { name: string; owner_name: string } }>(
      `${what}: look up`,
      (p) => api.getProjectBranchDatabase(d.projectId, d.branchId, d.name, p),
      { shape: { database: DATABASE } },
    ),
  );
  if (!found) return undefined;
  await waitForOperations(api, what, d.projectId, await pendingOperations(api, what, d.projectId));
  return {
    id: branchChildId(d.projectId, d.branchId, d.name),
    current: { ...inputsOf(d), ownerName: found.database.owner_name },
  };
}

/** The owner is the only setting Neon updates in place. */
async function converge(
  api: NeonApi,
  what: string,
  current: DatabaseInputs,
  news: DatabaseInputs,
): Promise<DatabaseInputs> {
  if (changed(current.ownerName, news.ownerName)) {
    await neonMutation(api, `${what}: update`, news.projectId, (p) =>
      api.updateProjectBranchDatabase(
        news.projectId,
        news.branchId,
        news.name,
        { database: { owner_name: news.ownerName } },
        p,
      ),
    );
  }
  return inputsOf(news);
}

export const databaseProvider: pulumi.dynamic.ResourceProvider<DatabaseInputs, DatabaseInputs> =
  guardProvider(
    "neon:Database",
    {
      configure: configureNeon,

      async create(inputs) {
        const what = describe("Database", inputs.name);
        const api = neonApi(`${what}: create`);
        let operations: Operation[] = [];
        return createOrAdopt<DatabaseInputs>({
          label: what,
          converge: (_id, current) => converge(api, what, current, inputs),
          find: () => findByName(api, what, inputs),
          async create() {
            const answer = await neonCall<
              { operations: Operation[] } | { found: { id: string; current: DatabaseInputs } }
            >(
              `${what}: create`,
              (p) =>
                api.createProjectBranchDatabase(
                  inputs.projectId,
                  inputs.branchId,
                  { database: { name: inputs.name, owner_name: inputs.ownerName } },
                  p,
                ),
              {
                shape: { database: DATABASE, operations: OPERATIONS.operations },
                recover: async () => {
                  const found = await findByName(api, what, inputs);
                  return found && { found };
                },
              },
            );
            if ("found" in answer) {
              return { id: answer.found.id, outs: await converge(api, what, answer.found.current, inputs) };
            }
            operations = answer.operations;
            return {
              id: branchChildId(inputs.projectId, inputs.branchId, inputs.name),
              outs: inputsOf(inputs),
            };
          },
          async finish(_id, outs) {
            await waitForOperations(api, `${what}: create`, inputs.projectId, operations);
            return outs;
          },
        });
      },

      async read(id, props) {
        const d = props?.projectId ? props : parseBranchChildId(id);
        const what = describe("Database", d.name);
        const api = neonApi(`${what}: read`);
        const found = await orNotFound(
          neonCall<{ database: { name: string; owner_name: string } }>(
            `${what}: read`,
            (p) => api.getProjectBranchDatabase(d.projectId, d.branchId, d.name, p),
            { shape: { database: DATABASE } },
          ),
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
        const what = describe("Database", news.name);
        return { outs: await converge(neonApi(`${what}: update`), what, olds, news) };
      },

      async delete(_id, props) {
        const what = `${describe("Database", props.name)}: delete`;
        const api = neonApi(what);
        await neonDelete(api, what, props.projectId, (p) =>
          api.deleteProjectBranchDatabase(props.projectId, props.branchId, props.name, p),
        );
      },
    },
    { credentials: neonCredentials },
  );

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
