import * as pulumi from "@pulumi/pulumi";
import type { Endpoint as NeonEndpoint, EndpointType, Operation } from "@neondatabase/api-client";
import {
  changedKeys,
  compact,
  configureNeon,
  describe,
  neonApi,
  neonCall,
  neonCallOr404,
  pendingOperations,
  rangeFailures,
  waitForOperations,
  type NeonApi,
} from "./client";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

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

function settingsOf(e: EndpointInputs) {
  return compact({
    autoscaling_limit_min_cu: e.minCu,
    autoscaling_limit_max_cu: e.maxCu,
    suspend_timeout_seconds: e.suspendTimeoutSeconds,
  });
}

async function branchEndpointIds(api: NeonApi, what: string, e: EndpointInputs): Promise<string[]> {
  const { endpoints } = await neonCall(`${what}: list endpoints`, (p) =>
    api.listProjectBranchEndpoints(e.projectId, e.branchId, p),
  );
  return endpoints.map((x) => x.id);
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
  const { endpoints } = await neonCall(`${what}: look up`, (p) =>
    api.listProjectBranchEndpoints(e.projectId, e.branchId, p),
  );
  const endpoint = endpoints.find((x) => x.type === e.type && !before.includes(x.id));
  if (!endpoint) return undefined;
  return { endpoint, operations: await pendingOperations(api, what, e.projectId) };
}

export const endpointProvider: pulumi.dynamic.ResourceProvider<EndpointInputs, EndpointOutputs> = {
  configure: configureNeon,

  async check(_olds, news) {
    const failures = rangeFailures(news as unknown as Record<string, unknown>, {
      minCu: { min: 0.25, max: 56 },
      maxCu: { min: 0.25, max: 56 },
      suspendTimeoutSeconds: { min: -1, max: 604_800, integer: true },
    });
    const type: unknown = news.type;
    // The engine's placeholder for a value unknown during preview is a fixed UUID string.
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
    const api = neonApi();
    const before = await branchEndpointIds(api, what, inputs);
    const created = await neonCall(
      `${what}: create`,
      (p) =>
        api.createProjectEndpoint(
          inputs.projectId,
          {
            endpoint: {
              branch_id: inputs.branchId,
              type: inputs.type as EndpointType,
              ...settingsOf(inputs),
            },
          },
          p,
        ),
      { recover: () => findCreated(api, what, inputs, before) },
    );
    await waitForOperations(api, `${what}: create`, inputs.projectId, created.operations);
    return { id: created.endpoint.id, outs: outputsOf(inputs, created.endpoint.host) };
  },

  async read(id, props) {
    if (!props?.projectId)
      throw new Error(`neon:Endpoint ${JSON.stringify(id)}: read needs the projectId in state`);
    const what = describe("Endpoint", id);
    const api = neonApi();
    const found = await neonCallOr404(`${what}: read`, (p) => api.getProjectEndpoint(props.projectId, id, p));
    if (!found) return {};
    const e = found.endpoint;
    return {
      id,
      props: outputsOf(
        {
          projectId: props.projectId,
          branchId: e.branch_id,
          type: e.type as "read_only",
          minCu: e.autoscaling_limit_min_cu,
          maxCu: e.autoscaling_limit_max_cu,
          suspendTimeoutSeconds: e.suspend_timeout_seconds,
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
    const what = describe("Endpoint", id);
    const api = neonApi();
    const res = await neonCall(`${what}: update`, (p) =>
      api.updateProjectEndpoint(news.projectId, id, { endpoint: settingsOf(news) }, p),
    );
    await waitForOperations(api, `${what}: update`, news.projectId, res.operations);
    return { outs: outputsOf(news, res.endpoint.host ?? olds.host) };
  },

  async delete(id, props) {
    const what = describe("Endpoint", id);
    const api = neonApi();
    const res = await neonCallOr404(`${what}: delete`, (p) =>
      api.deleteProjectEndpoint(props.projectId, id, p),
    );
    if (res) await waitForOperations(api, `${what}: delete`, props.projectId, res.operations);
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
