import * as pulumi from "@pulumi/pulumi";
import { guardProvider } from "../shared/boundary";
import type { Endpoint as NeonEndpoint, EndpointType, Operation } from "@neondatabase/api-client";
import { ApiError, orNotFound } from "../shared/http";
import { compact } from "../shared/inputs";
import { bothFailed, createOrAdopt, partiallyCreated } from "../shared/lifecycle";
import {
  CU_RANGE,
  branchEndpoints,
  changed,
  changedKeys,
  computeSettings,
  computeSizeOf,
  configureNeon,
  describe,
  neonApi,
  neonCall,
  neonDelete,
  neonMutation,
  pendingOperations,
  rangeFailures,
  suspendFailures,
  waitForOperations,
  type NeonApi,
  neonCredentials,
} from "./client";
import { poolerHostOf } from "./connection";
import { BRANCH, ENDPOINT, OPERATIONS } from "./answers";

/** Size of a branch's read_write compute. */
export interface BranchEndpointArgs {
  /** Smallest compute size in CU (>= 0.25). */
  minCu: pulumi.Input<number>;
  /** Largest compute size in CU. */
  maxCu: pulumi.Input<number>;
  /**
   * Idle seconds before scale to zero: -1 never, 0 Neon's default (300 s), or 60 to 604800.
   * Default: the project's setting.
   */
  suspendTimeoutSeconds?: pulumi.Input<number>;
}

/** BranchEndpointArgs as the provider receives them. */
export interface BranchEndpoint {
  minCu: number;
  maxCu: number;
  suspendTimeoutSeconds?: number;
}

export interface BranchArgs {
  /** The Neon project (`Project.id`). Changing it replaces the branch. */
  projectId: pulumi.Input<string>;
  /** Branch name, unique within the project. */
  name: pulumi.Input<string>;
  /** Branch to copy data from. Default: the project's default branch. Changing it replaces the branch. */
  parentId?: pulumi.Input<string>;
  /** The branch's read_write compute. Default: the project's default endpoint settings. */
  endpoint?: pulumi.Input<BranchEndpointArgs>;
}

export interface BranchInputs {
  projectId: string;
  name: string;
  parentId?: string;
  endpoint?: BranchEndpoint;
}

export interface BranchOutputs extends BranchInputs {
  /** The read_write compute's id (`ep-...`). */
  endpointId: string;
  /** Direct host, e.g. `ep-x.us-east-2.aws.neon.tech`. */
  host: string;
  /** PgBouncer host, e.g. `ep-x-pooler.us-east-2.aws.neon.tech`. */
  poolerHost: string;
}

interface Created {
  branch: { id: string; name: string };
  endpoints: NeonEndpoint[];
  operations: Operation[];
}

function inputsOf(b: BranchInputs): BranchInputs {
  return compact({ projectId: b.projectId, name: b.name, parentId: b.parentId, endpoint: b.endpoint });
}

function outputsOf(inputs: BranchInputs, endpoint: { id: string; host: string } | undefined): BranchOutputs {
  const host = endpoint?.host ?? "";
  return {
    ...inputsOf(inputs),
    endpointId: endpoint?.id ?? "",
    host,
    poolerHost: host === "" ? "" : poolerHostOf(host),
  };
}

async function readWriteEndpoint(api: NeonApi, what: string, projectId: string, branchId: string) {
  const endpoints = await branchEndpoints(api, what, projectId, branchId);
  return endpoints.find((e) => e.type === "read_write");
}

/** The branch an earlier run made, by its name (unique per project), with what it has of its compute. */
async function findByName(
  api: NeonApi,
  what: string,
  inputs: BranchInputs,
): Promise<{ id: string; current: BranchOutputs } | undefined> {
  const { branches } = await neonCall<{ branches: { id: string; name: string; parent_id?: string }[] }>(
    `${what}: look up`,
    (p) => api.listProjectBranches({ projectId: inputs.projectId, search: inputs.name }, p),
    { shape: { branches: [BRANCH] } },
  );
  const branch = branches.find((b) => b.name === inputs.name);
  if (!branch) return undefined;
  await waitForOperations(api, what, inputs.projectId, await pendingOperations(api, what, inputs.projectId));
  const endpoint = await readWriteEndpoint(api, what, inputs.projectId, branch.id);
  const current: BranchInputs = {
    ...inputs,
    parentId: branch.parent_id ?? inputs.parentId,
    endpoint: endpoint ? computeSizeOf(endpoint) : undefined,
  };
  return { id: branch.id, current: outputsOf(current, endpoint) };
}

/**
 * Brings a branch to the inputs: its name, and its read_write compute, which is created when an earlier
 * run left the branch without one and resized when its size differs.
 */
async function converge(
  api: NeonApi,
  what: string,
  id: string,
  current: BranchOutputs,
  news: BranchInputs,
): Promise<BranchOutputs> {
  if (changed(current.name, news.name)) {
    await neonMutation(api, `${what}: rename`, news.projectId, (p) =>
      api.updateProjectBranch(news.projectId, id, { branch: { name: news.name } }, p),
    );
  }
  if (!current.endpointId) {
    const res = await neonMutation<{ endpoint: NeonEndpoint; operations: Operation[] }>(
      api,
      `${what}: create compute`,
      news.projectId,
      (p) =>
        api.createProjectEndpoint(
          news.projectId,
          {
            endpoint: {
              branch_id: id,
              type: "read_write" as EndpointType,
              ...computeSettings(news.endpoint),
            },
          },
          p,
        ),
      { shape: { endpoint: ENDPOINT, operations: OPERATIONS.operations } },
    );
    return outputsOf(news, res.endpoint);
  }
  if (changed(current.endpoint, news.endpoint)) {
    await neonMutation(api, `${what}: resize compute`, news.projectId, (p) =>
      api.updateProjectEndpoint(
        news.projectId,
        current.endpointId,
        { endpoint: computeSettings(news.endpoint) },
        p,
      ),
    );
  }
  return outputsOf(news, { id: current.endpointId, host: current.host });
}

export const branchProvider: pulumi.dynamic.ResourceProvider<BranchInputs, BranchOutputs> = guardProvider(
  "neon:Branch",
  {
    configure: configureNeon,

    async check(_olds, news) {
      const endpoint = (news.endpoint ?? {}) as unknown as Record<string, unknown>;
      const failures = [
        ...rangeFailures(endpoint, { minCu: CU_RANGE, maxCu: CU_RANGE }),
        ...suspendFailures("suspendTimeoutSeconds", endpoint.suspendTimeoutSeconds),
      ].map((f) => ({
        property: `endpoint.${f.property}`,
        reason: f.reason.replace(/^suspendTimeoutSeconds/, "endpoint.suspendTimeoutSeconds"),
      }));
      return { inputs: news, failures };
    },

    async create(inputs) {
      const what = describe("Branch", inputs.name);
      const api = neonApi(`${what}: create`);
      let operations: Operation[] = [];
      return createOrAdopt<BranchOutputs>({
        label: what,
        converge: (id, current) => converge(api, what, id, current, inputs),
        find: () => findByName(api, what, inputs),
        async create() {
          // Every branch gets its read_write compute in the same call: Neon creates both atomically, and the
          // application needs the compute's host.
          const answer = await neonCall<Created | { found: { id: string; current: BranchOutputs } }>(
            `${what}: create`,
            (p) =>
              api.createProjectBranch(
                inputs.projectId,
                {
                  branch: compact({ name: inputs.name, parent_id: inputs.parentId }),
                  endpoints: [{ type: "read_write" as EndpointType, ...computeSettings(inputs.endpoint) }],
                },
                p,
              ),
            {
              shape: { branch: BRANCH, endpoints: [ENDPOINT], operations: OPERATIONS.operations },
              recover: async () => {
                const found = await findByName(api, what, inputs);
                return found && { found };
              },
            },
          );
          if ("found" in answer) {
            return {
              id: answer.found.id,
              outs: await converge(api, what, answer.found.id, answer.found.current, inputs),
            };
          }
          const id = answer.branch.id;
          const endpoint = answer.endpoints.find((e) => e.type === "read_write");
          if (!endpoint) {
            // The branch was made without the compute asked for in the same call: take it back rather than
            // leave a branch the app cannot reach; if that fails too, the branch stays in the state.
            const cause = new ApiError(
              `${what}: create failed: Neon returned no read_write compute for branch ${id}`,
              { kind: "parse" },
            );
            try {
              await neonDelete(api, `${what}: delete after failed create`, inputs.projectId, (p) =>
                api.deleteProjectBranch({ projectId: inputs.projectId, branchId: id }, p),
              );
            } catch (cleanupError) {
              throw bothFailed(
                partiallyCreated(id, outputsOf(inputs, undefined), cause),
                cleanupError,
                `deleting branch ${id}`,
              );
            }
            throw cause;
          }
          operations = answer.operations;
          return { id, outs: outputsOf(inputs, endpoint) };
        },
        async finish(_id, outs) {
          await waitForOperations(api, `${what}: create`, inputs.projectId, operations);
          return outs;
        },
      });
    },

    async read(id, props) {
      const what = describe("Branch", props?.name ?? id);
      if (!props?.projectId) {
        throw new ApiError(`${what}: read failed: the projectId is not in state`, { kind: "config" });
      }
      const api = neonApi(`${what}: read`);
      const res = await orNotFound(
        neonCall<{ branch: { id: string; name: string; parent_id?: string } }>(
          `${what}: read`,
          (p) => api.getProjectBranch(props.projectId, id, p),
          { shape: { branch: BRANCH } },
        ),
      );
      if (!res) return {};
      const endpoint = await readWriteEndpoint(api, what, props.projectId, id);
      const inputs: BranchInputs = {
        projectId: props.projectId,
        name: res.branch.name,
        parentId: res.branch.parent_id,
        endpoint: endpoint ? computeSizeOf(endpoint) : props.endpoint,
      };
      return {
        id,
        props: outputsOf(inputs, endpoint ?? { id: props.endpointId, host: props.host }),
      };
    },

    async diff(_id, olds, news) {
      const replaces = changedKeys(olds, news, ["projectId", "parentId"]);
      const updates = changedKeys(olds, news, ["name", "endpoint"]);
      return {
        changes: replaces.length + updates.length > 0,
        replaces,
        // Branch names are unique per project: a replacement with the same name must free it first.
        deleteBeforeReplace:
          replaces.length > 0 && !changed(olds.name, news.name) && !replaces.includes("projectId"),
      };
    },

    async update(id, olds, news) {
      const what = describe("Branch", news.name);
      const api = neonApi(`${what}: update`);
      return { outs: await converge(api, what, id, olds, news) };
    },

    async delete(id, props) {
      const what = `${describe("Branch", props.name)}: delete`;
      const api = neonApi(what);
      // Waiting keeps the project unlocked for whatever Pulumi deletes next (roles, the project itself).
      await neonDelete(api, what, props.projectId, (p) =>
        api.deleteProjectBranch({ projectId: props.projectId, branchId: id }, p),
      );
    },
  },
  { credentials: neonCredentials },
);

/**
 * A Neon branch with its read_write compute; `host`/`poolerHost` are what connection strings use.
 * Token `pulumi-nodejs:dynamic/neon:Branch`.
 */
export class Branch extends pulumi.dynamic.Resource {
  declare public readonly projectId: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly parentId: pulumi.Output<string | undefined>;
  declare public readonly endpoint: pulumi.Output<BranchEndpoint | undefined>;
  declare public readonly endpointId: pulumi.Output<string>;
  declare public readonly host: pulumi.Output<string>;
  declare public readonly poolerHost: pulumi.Output<string>;

  constructor(name: string, args: BranchArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      branchProvider,
      name,
      { ...args, endpointId: undefined, host: undefined, poolerHost: undefined },
      opts,
      "neon",
      "Branch",
    );
  }
}
