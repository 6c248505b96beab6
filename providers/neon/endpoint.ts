import * as pulumi from "@pulumi/pulumi";
import { guardProvider } from "../shared/boundary";
import type { Endpoint as NeonEndpoint, EndpointType, Operation } from "@neondatabase/api-client";
import { ApiError, orNotFound } from "../shared/http";
import { UNKNOWN, compact } from "../shared/inputs";
import { createOrAdopt } from "../shared/lifecycle";
import {
  CU_RANGE,
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
  suspendFailures,
  waitForOperations,
  type NeonApi,
  neonCredentials,
} from "./client";
import { ENDPOINT, OPERATIONS } from "./answers";

export interface EndpointArgs {
  /** The Neon project. Changing it replaces the compute. */
  projectId: pulumi.Input<string>;
  /** The branch the compute serves. Changing it replaces the compute. */
  branchId: pulumi.Input<string>;
  /** Only `read_only` (a read replica): a branch's read_write compute belongs to `Branch`. */
  type: pulumi.Input<"read_only">;
  /**
   * The compute's name (Neon's endpoint `name`, 1 to 64 characters), unique among the branch's computes: a
   * run interrupted after the create finds its compute by it. Updated in place.
   */
  name: pulumi.Input<string>;
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

export interface EndpointInputs {
  projectId: string;
  branchId: string;
  type: "read_only";
  name: string;
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
    name: e.name,
    minCu: e.minCu,
    maxCu: e.maxCu,
    suspendTimeoutSeconds: e.suspendTimeoutSeconds,
    host,
  });
}

/** The compute an earlier run made: same type and name on the branch. */
async function findByName(
  api: NeonApi,
  what: string,
  e: EndpointInputs,
): Promise<{ id: string; current: EndpointOutputs } | undefined> {
  const endpoints = await branchEndpoints(api, `${what}: look up`, e.projectId, e.branchId);
  const endpoint = endpoints.find((x) => x.type === e.type && x.name === e.name);
  if (!endpoint) return undefined;
  await waitForOperations(api, what, e.projectId, await pendingOperations(api, what, e.projectId));
  return { id: endpoint.id, current: outputsOf({ ...e, ...computeSizeOf(endpoint) }, endpoint.host) };
}

async function converge(
  api: NeonApi,
  what: string,
  id: string,
  current: EndpointOutputs,
  news: EndpointInputs,
): Promise<EndpointOutputs> {
  if (changedKeys(current, news, ["name", "minCu", "maxCu", "suspendTimeoutSeconds"]).length === 0) {
    return outputsOf(news, current.host);
  }
  const res = await neonMutation<{ endpoint: NeonEndpoint; operations: Operation[] }>(
    api,
    `${what}: update`,
    news.projectId,
    (p) =>
      api.updateProjectEndpoint(
        news.projectId,
        id,
        { endpoint: { name: news.name, ...computeSettings(news) } },
        p,
      ),
    { shape: { endpoint: ENDPOINT, operations: OPERATIONS.operations } },
  );
  return outputsOf(news, res.endpoint.host);
}

export const endpointProvider: pulumi.dynamic.ResourceProvider<EndpointInputs, EndpointOutputs> =
  guardProvider(
    "neon:Endpoint",
    {
      configure: configureNeon,

      async check(_olds, news) {
        const failures = [
          ...rangeFailures(news as unknown as Record<string, unknown>, { minCu: CU_RANGE, maxCu: CU_RANGE }),
          ...suspendFailures("suspendTimeoutSeconds", news.suspendTimeoutSeconds),
        ];
        const type: unknown = news.type;
        if (typeof type === "string" && type !== "read_only" && type !== UNKNOWN) {
          failures.push({
            property: "type",
            reason: `type must be "read_only", got ${JSON.stringify(news.type)}: a branch's read_write compute is Branch.endpoint`,
          });
        }
        const name: unknown = news.name;
        if (name !== UNKNOWN && (typeof name !== "string" || name.length < 1 || name.length > 64)) {
          failures.push({
            property: "name",
            reason: `name must be 1 to 64 characters, got ${JSON.stringify(name)}`,
          });
        }
        return { inputs: news, failures };
      },

      async create(inputs) {
        const what = describe("Endpoint", `${inputs.name} on ${inputs.branchId}`);
        const api = neonApi(`${what}: create`);
        let operations: Operation[] = [];
        return createOrAdopt<EndpointOutputs>({
          label: what,
          converge: (id, current) => converge(api, what, id, current, inputs),
          find: () => findByName(api, what, inputs),
          async create() {
            const answer = await neonCall<
              | { endpoint: NeonEndpoint; operations: Operation[] }
              | { found: { id: string; current: EndpointOutputs } }
            >(
              `${what}: create`,
              (p) =>
                api.createProjectEndpoint(
                  inputs.projectId,
                  {
                    endpoint: {
                      branch_id: inputs.branchId,
                      type: inputs.type as EndpointType,
                      name: inputs.name,
                      ...computeSettings(inputs),
                    },
                  },
                  p,
                ),
              {
                shape: { endpoint: ENDPOINT, operations: OPERATIONS.operations },
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
            operations = answer.operations;
            return { id: answer.endpoint.id, outs: outputsOf(inputs, answer.endpoint.host) };
          },
          async finish(_id, outs) {
            await waitForOperations(api, `${what}: create`, inputs.projectId, operations);
            return outs;
          },
        });
      },

      async read(id, props) {
        const what = describe("Endpoint", id);
        if (!props?.projectId) {
          throw new ApiError(`${what}: read failed: the projectId is not in state`, { kind: "config" });
        }
        const api = neonApi(`${what}: read`);
        const found = await orNotFound(
          neonCall<{ endpoint: NeonEndpoint }>(
            `${what}: read`,
            (p) => api.getProjectEndpoint(props.projectId, id, p),
            { shape: { endpoint: ENDPOINT } },
          ),
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
              name: e.name ?? props.name,
              ...computeSizeOf(e),
            },
            e.host,
          ),
        };
      },

      async diff(_id, olds, news) {
        const replaces = changedKeys(olds, news, ["projectId", "branchId", "type"]);
        const updates = changedKeys(olds, news, ["name", "minCu", "maxCu", "suspendTimeoutSeconds"]);
        return { changes: replaces.length + updates.length > 0, replaces };
      },

      async update(id, olds, news) {
        const what = describe("Endpoint", id);
        return { outs: await converge(neonApi(`${what}: update`), what, id, olds, news) };
      },

      async delete(id, props) {
        const what = `${describe("Endpoint", id)}: delete`;
        const api = neonApi(what);
        await neonDelete(api, what, props.projectId, (p) =>
          api.deleteProjectEndpoint(props.projectId, id, p),
        );
      },
    },
    { credentials: neonCredentials },
  );

/** A read_only compute (read replica) on a Neon branch. Token `pulumi-nodejs:dynamic/neon:Endpoint`. */
export class Endpoint extends pulumi.dynamic.Resource {
  declare public readonly projectId: pulumi.Output<string>;
  declare public readonly branchId: pulumi.Output<string>;
  declare public readonly type: pulumi.Output<"read_only">;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly minCu: pulumi.Output<number>;
  declare public readonly maxCu: pulumi.Output<number>;
  declare public readonly suspendTimeoutSeconds: pulumi.Output<number | undefined>;
  declare public readonly host: pulumi.Output<string>;

  constructor(name: string, args: EndpointArgs, opts?: pulumi.CustomResourceOptions) {
    super(endpointProvider, name, { ...args, host: undefined }, opts, "neon", "Endpoint");
  }
}
