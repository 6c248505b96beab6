import * as pulumi from "@pulumi/pulumi";
import type { Endpoint as NeonEndpoint, EndpointType, Operation } from "@neondatabase/api-client";
import { ApiError, orNotFound } from "../shared/http";
import { UNKNOWN, compact } from "../shared/inputs";
import {
  CU_RANGE,
  SUSPEND_RANGE,
  branchEndpoints,
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
  type NeonApi,
} from "./client";

export interface EndpointArgs {
  /** The Neon project. Changing it replaces the compute. */
  projectId: pulumi.Input<string>;
  /** The branch the compute serves. Changing it replaces the compute. */
  branchId: pulumi.Input<string>;
  /** Only `read_only` (a read replica): a branch's read_write compute belongs to `Branch`. */
  type: pulumi.Input<"read_only">;
  /** Smallest compute size in CU (>= 0.25). */
  minCu: pulumi.Input<number>;
  /** Largest compute size in CU. */
  maxCu: pulumi.Input<number>;
  /** Idle seconds before scale to zero: -1 never, 0 Neon's default. Default: the project's setting. */
  suspendTimeoutSeconds?: pulumi.Input<number>;
}

export interface EndpointInputs {
  projectId: string;
  branchId: string;
  type: "read_only";
  minCu: number;
  maxCu: number;
  suspendTimeoutSeconds?: number;
}

export interface EndpointOutputs extends EndpointInputs {
  /** e.g. `ep-x.us-east-2.aws.neon.tech`. */
  host: string;
}

function outputsOf(e: EndpointInputs, host: string): EndpointOutputs {
  return compact({
    projectId: e.projectId,
    branchId: e.branchId,
    type: e.type,
    minCu: e.minCu,
    maxCu: e.maxCu,
    suspendTimeoutSeconds: e.suspendTimeoutSeconds,
    host,
  });
}

/**
 * Computes have no name to look up, so a lost create answer is recognised as a read_only compute on the
 * branch that was not there before the first attempt.
 */
async function findCreated(
  api: NeonApi,
  what: string,
  e: EndpointInputs,
  before: string[],
): Promise<{ endpoint: NeonEndpoint; operations: Operation[] } | undefined> {
  const endpoints = await branchEndpoints(api, what, e.projectId, e.branchId);
  const endpoint = endpoints.find((x) => x.type === e.type && !before.includes(x.id));
  if (!endpoint) return undefined;
  return { endpoint, operations: await pendingOperations(api, what, e.projectId) };
}

export const endpointProvider: pulumi.dynamic.ResourceProvider<EndpointInputs, EndpointOutputs> = {
  configure: configureNeon,

  async check(_olds, news) {
    const failures = rangeFailures(news as unknown as Record<string, unknown>, {
      minCu: CU_RANGE,
      maxCu: CU_RANGE,
      suspendTimeoutSeconds: SUSPEND_RANGE,
    });
    const type: unknown = news.type;
    if (typeof type === "string" && type !== "read_only" && type !== UNKNOWN) {
      failures.push({
        property: "type",
        reason: `type must be "read_only", got ${JSON.stringify(news.type)}: a branch's read_write compute is Branch.endpoint`,
      });
    }
    return { inputs: news, failures };
  },

  async create(inputs) {
    const what = describe("Endpoint", `${inputs.type} on ${inputs.branchId}`);
    const api = neonApi(`${what}: create`);
    const before = (await branchEndpoints(api, what, inputs.projectId, inputs.branchId)).map((e) => e.id);
    const created = await neonMutation(
      api,
      `${what}: create`,
      inputs.projectId,
      (p) =>
        api.createProjectEndpoint(
          inputs.projectId,
          {
            endpoint: {
              branch_id: inputs.branchId,
              type: inputs.type as EndpointType,
              ...computeSettings(inputs),
            },
          },
          p,
        ),
      { recover: () => findCreated(api, what, inputs, before) },
    );
    return { id: created.endpoint.id, outs: outputsOf(inputs, created.endpoint.host) };
  },

  async read(id, props) {
    const what = describe("Endpoint", id);
    if (!props?.projectId) {
      throw new ApiError(`${what}: read failed: the projectId is not in state`, { kind: "config" });
    }
    const api = neonApi(`${what}: read`);
    const found = await orNotFound(
      neonCall(`${what}: read`, (p) => api.getProjectEndpoint(props.projectId, id, p)),
    );
    if (!found) return {};
    const e = found.endpoint;
    return {
      id,
      props: outputsOf(
        {
          projectId: props.projectId,
          branchId: e.branch_id,
          type: e.type as "read_only",
          ...computeSizeOf(e),
        },
        e.host,
      ),
    };
  },

  async diff(_id, olds, news) {
    const replaces = changedKeys(olds, news, ["projectId", "branchId", "type"]);
    const updates = changedKeys(olds, news, ["minCu", "maxCu", "suspendTimeoutSeconds"]);
    return { changes: replaces.length + updates.length > 0, replaces };
  },

  async update(id, olds, news) {
    const what = `${describe("Endpoint", id)}: update`;
    const api = neonApi(what);
    const res = await neonMutation(api, what, news.projectId, (p) =>
      api.updateProjectEndpoint(news.projectId, id, { endpoint: computeSettings(news) }, p),
    );
    return { outs: outputsOf(news, res.endpoint.host ?? olds.host) };
  },

  async delete(id, props) {
    const what = `${describe("Endpoint", id)}: delete`;
    const api = neonApi(what);
    await neonDelete(api, what, props.projectId, (p) => api.deleteProjectEndpoint(props.projectId, id, p));
  },
};

/** A read_only compute (read replica) on a Neon branch. Token `pulumi-nodejs:dynamic/neon:Endpoint`. */
export class Endpoint extends pulumi.dynamic.Resource {
  declare public readonly projectId: pulumi.Output<string>;
  declare public readonly branchId: pulumi.Output<string>;
  declare public readonly type: pulumi.Output<"read_only">;
  declare public readonly minCu: pulumi.Output<number>;
  declare public readonly maxCu: pulumi.Output<number>;
  declare public readonly suspendTimeoutSeconds: pulumi.Output<number | undefined>;
  declare public readonly host: pulumi.Output<string>;

  constructor(name: string, args: EndpointArgs, opts?: pulumi.CustomResourceOptions) {
    super(endpointProvider, name, { ...args, host: undefined }, opts, "neon", "Endpoint");
  }
}
