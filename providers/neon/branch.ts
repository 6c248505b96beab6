import * as pulumi from "@pulumi/pulumi";
import type { Endpoint as NeonEndpoint, EndpointType, Operation } from "@neondatabase/api-client";
import { ApiError, orNotFound } from "../shared/http";
import { compact } from "../shared/inputs";
import {
  CU_RANGE,
  SUSPEND_RANGE,
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
  waitForOperations,
  type NeonApi,
} from "./client";
import { poolerHostOf } from "./connection";

/** Size of a branch's read_write compute. */
export interface BranchEndpointArgs {
  /** Smallest compute size in CU (>= 0.25). */
  minCu: pulumi.Input<number>;
  /** Largest compute size in CU. */
  maxCu: pulumi.Input<number>;
  /** Idle seconds before scale to zero: -1 never, 0 Neon's default. Default: the project's setting. */
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
  branch: { id: string };
  endpoints: NeonEndpoint[];
  operations: Operation[];
}

function inputsOf(b: BranchInputs): BranchInputs {
  return compact({ projectId: b.projectId, name: b.name, parentId: b.parentId, endpoint: b.endpoint });
}

function outputsOf(inputs: BranchInputs, endpoint: { id: string; host: string }): BranchOutputs {
  return {
    ...inputsOf(inputs),
    endpointId: endpoint.id,
    host: endpoint.host,
    poolerHost: poolerHostOf(endpoint.host),
  };
}

async function readWriteEndpoint(api: NeonApi, what: string, projectId: string, branchId: string) {
  const endpoints = await branchEndpoints(api, what, projectId, branchId);
  return endpoints.find((e) => e.type === "read_write");
}

/**
 * After a lost or failed create answer: the branch, found by its name (unique per project), with its compute.
 * If the branch exists without the compute, the compute is created here so the result matches a create.
 */
async function findCreated(api: NeonApi, what: string, inputs: BranchInputs): Promise<Created | undefined> {
  const { branches } = await neonCall(`${what}: look up`, (p) =>
    api.listProjectBranches({ projectId: inputs.projectId, search: inputs.name }, p),
  );
  const branch = branches.find((b) => b.name === inputs.name);
  if (!branch) return undefined;
  await waitForOperations(api, what, inputs.projectId, await pendingOperations(api, what, inputs.projectId));
  const existing = await readWriteEndpoint(api, what, inputs.projectId, branch.id);
  if (existing) return { branch, endpoints: [existing], operations: [] };
  const res = await neonCall(`${what}: create compute`, (p) =>
    api.createProjectEndpoint(
      inputs.projectId,
      {
        endpoint: {
          branch_id: branch.id,
          type: "read_write" as EndpointType,
          ...computeSettings(inputs.endpoint),
        },
      },
      p,
    ),
  );
  return { branch, endpoints: [res.endpoint], operations: res.operations };
}

export const branchProvider: pulumi.dynamic.ResourceProvider<BranchInputs, BranchOutputs> = {
  configure: configureNeon,

  async check(_olds, news) {
    const endpoint = (news.endpoint ?? {}) as unknown as Record<string, unknown>;
    const failures = rangeFailures(endpoint, {
      minCu: CU_RANGE,
      maxCu: CU_RANGE,
      suspendTimeoutSeconds: SUSPEND_RANGE,
    }).map((f) => ({ property: `endpoint.${f.property}`, reason: f.reason }));
    return { inputs: news, failures };
  },

  async create(inputs) {
    const what = describe("Branch", inputs.name);
    const api = neonApi(`${what}: create`);
    // Every branch gets its read_write compute in the same call: Neon creates both atomically, and the
    // application needs the compute's host.
    const created: Created = await neonMutation<Created>(
      api,
      `${what}: create`,
      inputs.projectId,
      (p) =>
        api.createProjectBranch(
          inputs.projectId,
          {
            branch: compact({ name: inputs.name, parent_id: inputs.parentId }),
            endpoints: [{ type: "read_write" as EndpointType, ...computeSettings(inputs.endpoint) }],
          },
          p,
        ),
      { recover: () => findCreated(api, what, inputs) },
    );
    const endpoint = created.endpoints.find((e) => e.type === "read_write");
    if (!endpoint) {
      throw new ApiError(
        `${what}: create failed: Neon returned no read_write compute for branch ${created.branch.id}`,
        { kind: "parse" },
      );
    }
    return { id: created.branch.id, outs: outputsOf(inputs, endpoint) };
  },

  async read(id, props) {
    const what = describe("Branch", props?.name ?? id);
    if (!props?.projectId) {
      throw new ApiError(`${what}: read failed: the projectId is not in state`, { kind: "config" });
    }
    const api = neonApi(`${what}: read`);
    const res = await orNotFound(
      neonCall(`${what}: read`, (p) => api.getProjectBranch(props.projectId, id, p)),
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
    if (changed(olds.name, news.name)) {
      await neonMutation(api, `${what}: rename`, news.projectId, (p) =>
        api.updateProjectBranch(news.projectId, id, { branch: { name: news.name } }, p),
      );
    }
    if (changed(olds.endpoint, news.endpoint)) {
      await neonMutation(api, `${what}: resize compute`, news.projectId, (p) =>
        api.updateProjectEndpoint(
          news.projectId,
          olds.endpointId,
          { endpoint: computeSettings(news.endpoint) },
          p,
        ),
      );
    }
    return { outs: outputsOf(news, { id: olds.endpointId, host: olds.host }) };
  },

  async delete(id, props) {
    const what = `${describe("Branch", props.name)}: delete`;
    const api = neonApi(what);
    // Waiting keeps the project unlocked for whatever Pulumi deletes next (roles, the project itself).
    await neonDelete(api, what, props.projectId, (p) =>
      api.deleteProjectBranch({ projectId: props.projectId, branchId: id }, p),
    );
  },
};

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
