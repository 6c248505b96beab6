import * as pulumi from "@pulumi/pulumi";
import type { Operation } from "@neondatabase/api-client";
import { orNotFound } from "../shared/http";
import { compact } from "../shared/inputs";
import {
  CU_RANGE,
  SUSPEND_RANGE,
  branchEndpoints,
  changedKeys,
  computeSettings,
  configureNeon,
  describe,
  neonApi,
  neonCall,
  neonMutation,
  pendingOperations,
  rangeFailures,
  waitForOperations,
  type NeonApi,
} from "./client";

export interface ProjectArgs {
  /** Project name in the Neon console (not unique in Neon). */
  name: pulumi.Input<string>;
  /** Neon region id, e.g. `aws-us-east-1`. Changing it replaces the project, data included. */
  regionId: pulumi.Input<string>;
  /** Postgres major version, 14 to 18. Changing it replaces the project, data included. */
  pgVersion: pulumi.Input<number>;
  /** Restore window in seconds (0 to 2592000; the Free plan allows at most 21600). */
  historyRetentionSeconds: pulumi.Input<number>;
  /** Smallest compute size in CU (>= 0.25) for the project's computes. */
  autoscalingMinCu: pulumi.Input<number>;
  /** Largest compute size in CU (the Free plan allows at most 2). */
  autoscalingMaxCu: pulumi.Input<number>;
  /** Idle seconds before a compute scales to zero: -1 never, 0 Neon's default, up to 604800. */
  suspendTimeoutSeconds: pulumi.Input<number>;
  /** Organization that owns the project; set it so a personal key never moves the project. Replaces. */
  orgId?: pulumi.Input<string>;
  /** Id of an existing resource to take over instead of creating one. Default: none. */
  adoptId?: pulumi.Input<string>;
}

/** Plain inputs as the provider receives them. */
export interface ProjectInputs {
  name: string;
  regionId: string;
  pgVersion: number;
  historyRetentionSeconds: number;
  autoscalingMinCu: number;
  autoscalingMaxCu: number;
  suspendTimeoutSeconds: number;
  orgId?: string;
}

export interface ProjectOutputs extends ProjectInputs {
  /** The branch Neon creates with the project (`main`). */
  defaultBranchId: string;
  /** That branch's read_write compute. */
  defaultEndpointId: string;
}

const REPLACE_KEYS = ["regionId", "pgVersion", "orgId"] as const;
const UPDATE_KEYS = [
  "name",
  "historyRetentionSeconds",
  "autoscalingMinCu",
  "autoscalingMaxCu",
  "suspendTimeoutSeconds",
] as const;
const COMPUTE_KEYS = ["autoscalingMinCu", "autoscalingMaxCu", "suspendTimeoutSeconds"] as const;

function inputsOf(p: ProjectInputs): ProjectInputs {
  return compact({
    name: p.name,
    regionId: p.regionId,
    pgVersion: p.pgVersion,
    historyRetentionSeconds: p.historyRetentionSeconds,
    autoscalingMinCu: p.autoscalingMinCu,
    autoscalingMaxCu: p.autoscalingMaxCu,
    suspendTimeoutSeconds: p.suspendTimeoutSeconds,
    orgId: p.orgId,
  });
}

function endpointSettings(p: ProjectInputs) {
  return computeSettings({
    minCu: p.autoscalingMinCu,
    maxCu: p.autoscalingMaxCu,
    suspendTimeoutSeconds: p.suspendTimeoutSeconds,
  });
}

interface Created {
  project: { id: string };
  branch: { id: string };
  endpoints: { id: string; type: string }[];
  operations: Operation[];
}

/** The project's default branch and its read_write compute, as a create answer would have named them. */
async function defaultsOf(api: NeonApi, what: string, projectId: string) {
  const { branches } = await neonCall(`${what}: list branches`, (p) =>
    api.listProjectBranches({ projectId }, p),
  );
  const branch = branches.find((b) => b.default) ?? branches.find((b) => b.primary);
  if (!branch) return { branch: undefined, endpoints: [] };
  return { branch, endpoints: await branchEndpoints(api, what, projectId, branch.id) };
}

/**
 * After a lost or failed create answer: the project we may have just made, matched by name, region, Postgres
 * version and a creation time after our first attempt (so an older project that happens to share the name
 * is never adopted, and never deleted later by `pulumi destroy`).
 */
async function findCreated(
  api: NeonApi,
  what: string,
  inputs: ProjectInputs,
  startedAt: number,
): Promise<Created | undefined> {
  const { projects } = await neonCall(`${what}: look up`, (p) =>
    api.listProjects({ search: inputs.name, org_id: inputs.orgId }, p),
  );
  const found = projects.find(
    (p) =>
      p.name === inputs.name &&
      p.region_id === inputs.regionId &&
      p.pg_version === inputs.pgVersion &&
      Date.parse(p.created_at) >= startedAt - 60_000,
  );
  if (!found) return undefined;
  const operations = await pendingOperations(api, what, found.id);
  await waitForOperations(api, what, found.id, operations);
  const { branch, endpoints } = await defaultsOf(api, what, found.id);
  if (!branch) return undefined;
  return { project: { id: found.id }, branch: { id: branch.id }, endpoints, operations: [] };
}

export const projectProvider: pulumi.dynamic.ResourceProvider<ProjectInputs, ProjectOutputs> = {
  configure: configureNeon,

  async check(_olds, news) {
    const failures = rangeFailures(news as unknown as Record<string, unknown>, {
      pgVersion: { min: 14, max: 18, integer: true },
      historyRetentionSeconds: { min: 0, max: 2_592_000, integer: true },
      autoscalingMinCu: CU_RANGE,
      autoscalingMaxCu: CU_RANGE,
      suspendTimeoutSeconds: SUSPEND_RANGE,
    });
    if (
      typeof news.autoscalingMinCu === "number" &&
      typeof news.autoscalingMaxCu === "number" &&
      news.autoscalingMinCu > news.autoscalingMaxCu
    ) {
      failures.push({
        property: "autoscalingMaxCu",
        reason: `autoscalingMaxCu (${news.autoscalingMaxCu}) must be at least autoscalingMinCu (${news.autoscalingMinCu})`,
      });
    }
    return { inputs: news, failures };
  },

  async create(inputs) {
    const what = describe("Project", inputs.name);
    const api = neonApi(`${what}: create`);
    const startedAt = Date.now();
    const created: Created = await neonCall<Created>(
      `${what}: create`,
      (p) =>
        api.createProject(
          {
            project: compact({
              name: inputs.name,
              region_id: inputs.regionId,
              pg_version: inputs.pgVersion,
              history_retention_seconds: inputs.historyRetentionSeconds,
              default_endpoint_settings: endpointSettings(inputs),
              org_id: inputs.orgId,
              // Lets Role.read reveal passwords again (refresh, lost create answers).
              store_passwords: true,
            }),
          },
          p,
        ),
      { recover: () => findCreated(api, what, inputs, startedAt) },
    );
    await waitForOperations(api, `${what}: create`, created.project.id, created.operations);
    const endpoint = created.endpoints.find((e) => e.type === "read_write");
    return {
      id: created.project.id,
      outs: {
        ...inputsOf(inputs),
        defaultBranchId: created.branch.id,
        defaultEndpointId: endpoint?.id ?? "",
      },
    };
  },

  async read(id, props) {
    const what = describe("Project", props?.name ?? id);
    const api = neonApi(`${what}: read`);
    const res = await orNotFound(neonCall(`${what}: read`, (p) => api.getProject(id, p)));
    if (!res) return {};
    const project = res.project;
    const { branch, endpoints } = await defaultsOf(api, what, id);
    const settings = project.default_endpoint_settings;
    return {
      id,
      props: {
        ...inputsOf({
          name: project.name,
          regionId: project.region_id,
          pgVersion: project.pg_version,
          historyRetentionSeconds: project.history_retention_seconds,
          autoscalingMinCu: settings?.autoscaling_limit_min_cu ?? props?.autoscalingMinCu,
          autoscalingMaxCu: settings?.autoscaling_limit_max_cu ?? props?.autoscalingMaxCu,
          suspendTimeoutSeconds: settings?.suspend_timeout_seconds ?? props?.suspendTimeoutSeconds,
          orgId: project.org_id,
        } as ProjectInputs),
        defaultBranchId: branch?.id ?? props?.defaultBranchId ?? "",
        defaultEndpointId:
          endpoints.find((e) => e.type === "read_write")?.id ?? props?.defaultEndpointId ?? "",
      },
    };
  },

  async diff(_id, olds, news) {
    const replaces = changedKeys(olds, news, REPLACE_KEYS);
    const updates = changedKeys(olds, news, UPDATE_KEYS);
    return { changes: replaces.length + updates.length > 0, replaces };
  },

  async update(id, olds, news) {
    const what = describe("Project", news.name);
    const api = neonApi(`${what}: update`);
    await neonMutation(api, `${what}: update`, id, (p) =>
      api.updateProject(
        id,
        {
          project: {
            name: news.name,
            history_retention_seconds: news.historyRetentionSeconds,
            default_endpoint_settings: endpointSettings(news),
          },
        },
        p,
      ),
    );
    // default_endpoint_settings only shape computes created later; the running default compute is resized
    // explicitly so a new autoscaling range takes effect now, as the user expects.
    if (changedKeys(olds, news, COMPUTE_KEYS).length > 0 && olds.defaultEndpointId) {
      await neonMutation(api, `${what}: resize default compute`, id, (p) =>
        api.updateProjectEndpoint(id, olds.defaultEndpointId, { endpoint: endpointSettings(news) }, p),
      );
    }
    return {
      outs: {
        ...inputsOf(news),
        defaultBranchId: olds.defaultBranchId,
        defaultEndpointId: olds.defaultEndpointId,
      },
    };
  },

  async delete(id, props) {
    const what = `${describe("Project", props.name)}: delete`;
    const api = neonApi(what);
    // Deleting a project ends its operations with it; there is nothing left to wait for.
    await orNotFound(neonCall(what, (p) => api.deleteProject(id, p)));
  },
};

/** A Neon project: its default branch and compute come with it. Token `pulumi-nodejs:dynamic/neon:Project`. */
export class Project extends pulumi.dynamic.Resource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly regionId: pulumi.Output<string>;
  declare public readonly pgVersion: pulumi.Output<number>;
  declare public readonly historyRetentionSeconds: pulumi.Output<number>;
  declare public readonly autoscalingMinCu: pulumi.Output<number>;
  declare public readonly autoscalingMaxCu: pulumi.Output<number>;
  declare public readonly suspendTimeoutSeconds: pulumi.Output<number>;
  declare public readonly orgId: pulumi.Output<string | undefined>;
  declare public readonly defaultBranchId: pulumi.Output<string>;
  declare public readonly defaultEndpointId: pulumi.Output<string>;

  constructor(name: string, args: ProjectArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      projectProvider,
      name,
      { ...args, defaultBranchId: undefined, defaultEndpointId: undefined },
      opts,
      "neon",
      "Project",
    );
  }
}
