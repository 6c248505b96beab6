import * as pulumi from "@pulumi/pulumi";
import { guardProvider } from "../shared/boundary";
import type { Endpoint as NeonEndpoint, Operation } from "@neondatabase/api-client";
import { ApiError, orNotFound } from "../shared/http";
import { compact } from "../shared/inputs";
import { createOrAdopt } from "../shared/lifecycle";
import {
  CU_RANGE,
  branchEndpoints,
  changed,
  changedKeys,
  computeSettings,
  configureNeon,
  describe,
  neonApi,
  neonCall,
  neonDeleteCall,
  neonMutation,
  neonOrgId,
  pendingOperations,
  rangeFailures,
  suspendFailures,
  waitForOperations,
  type NeonApi,
  neonCredentials,
} from "./client";
import { poolerHostOf } from "./connection";
import { BRANCH, ENDPOINT, OPERATIONS, PROJECT } from "./answers";

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
  /**
   * Idle seconds before a compute scales to zero: -1 never, 0 Neon's default (300 s), or 60 to 604800.
   * Default: not sent, Neon's own; leave it unset on the Free plan, where scale-to-zero is fixed.
   */
  suspendTimeoutSeconds?: pulumi.Input<number>;
  /**
   * Organization that owns the project. Default: provider config `neon:orgId`, else NEON_ORG_ID; the org
   * used is kept in the outputs, so setting it later never replaces the project. Changing it replaces.
   */
  orgId?: pulumi.Input<string>;
  /** Id of an existing resource to take over instead of creating one. Default: none. */
  adoptId?: pulumi.Input<string>;
  /** The caller's config key that adopts this project, named when `adoptId` names none; not an input. Default: none. */
  adoptConfigKey?: string;
}

/** Plain inputs as the provider receives them. */
export interface ProjectInputs {
  name: string;
  regionId: string;
  pgVersion: number;
  historyRetentionSeconds: number;
  autoscalingMinCu: number;
  autoscalingMaxCu: number;
  suspendTimeoutSeconds?: number;
  orgId?: string;
  adoptId?: string;
}

export interface ProjectOutputs extends Omit<ProjectInputs, "adoptId"> {
  /** The project's root branch (`main`), where the app's data lives and point-in-time restore works. */
  defaultBranchId: string;
  /** That branch's read_write compute. */
  defaultEndpointId: string;
  /** That compute's direct host, e.g. `ep-x.us-east-2.aws.neon.tech`. */
  defaultHost: string;
  /** Its PgBouncer host, e.g. `ep-x-pooler.us-east-2.aws.neon.tech`. */
  defaultPoolerHost: string;
}

const UPDATE_KEYS = [
  "name",
  "historyRetentionSeconds",
  "autoscalingMinCu",
  "autoscalingMaxCu",
  "suspendTimeoutSeconds",
] as const;
const COMPUTE_KEYS = ["autoscalingMinCu", "autoscalingMaxCu", "suspendTimeoutSeconds"] as const;

/**
 * The annotation the root branch gets on create. A run killed after the create was applied never saw the
 * project's id; the next run finds the project by this marker (a hand-made project of the same name has
 * none), not by comparing `created_at` with a local clock that may be skewed.
 */
const MARKER_KEY = "pulumi-neon-project";

function endpointSettings(p: Pick<ProjectInputs, (typeof COMPUTE_KEYS)[number]>) {
  return computeSettings({
    minCu: p.autoscalingMinCu,
    maxCu: p.autoscalingMaxCu,
    suspendTimeoutSeconds: p.suspendTimeoutSeconds,
  });
}

interface NeonProject {
  id: string;
  name: string;
  region_id: string;
  pg_version: number;
  history_retention_seconds: number;
  org_id?: string;
  default_endpoint_settings?: {
    autoscaling_limit_min_cu?: number;
    autoscaling_limit_max_cu?: number;
    suspend_timeout_seconds?: number;
  };
}

interface Created {
  project: NeonProject;
  branch: { id: string };
  endpoints: NeonEndpoint[];
  operations: Operation[];
}

const CREATED = {
  project: PROJECT,
  branch: BRANCH,
  endpoints: [ENDPOINT],
  operations: OPERATIONS.operations,
} as const;

/** Outputs from what Neon reports; `known` fills what an answer leaves out. */
function outputsOf(
  project: NeonProject,
  branchId: string | undefined,
  endpoint: NeonEndpoint | undefined,
  known?: Partial<ProjectOutputs>,
): ProjectOutputs {
  const s = project.default_endpoint_settings;
  const host = endpoint?.host ?? known?.defaultHost ?? "";
  // The size lives twice at Neon: the project's defaults (for computes made later) and the running compute,
  // which a hand resize changes alone. Whichever moved away from the state shows, the compute first, so a
  // refresh sees either change and the next update puts both back.
  const size = (defaults: number | undefined, compute: number | undefined, prev: number | undefined) =>
    compute !== undefined && (compute !== prev || defaults === undefined) ? compute : (defaults ?? prev);
  return compact({
    name: project.name,
    regionId: project.region_id,
    pgVersion: project.pg_version,
    historyRetentionSeconds: project.history_retention_seconds,
    autoscalingMinCu: size(
      s?.autoscaling_limit_min_cu,
      endpoint?.autoscaling_limit_min_cu,
      known?.autoscalingMinCu,
    ),
    autoscalingMaxCu: size(
      s?.autoscaling_limit_max_cu,
      endpoint?.autoscaling_limit_max_cu,
      known?.autoscalingMaxCu,
    ),
    suspendTimeoutSeconds: size(
      s?.suspend_timeout_seconds,
      endpoint?.suspend_timeout_seconds,
      known?.suspendTimeoutSeconds,
    ),
    orgId: project.org_id ?? known?.orgId,
    defaultBranchId: branchId ?? known?.defaultBranchId ?? "",
    defaultEndpointId: endpoint?.id ?? known?.defaultEndpointId ?? "",
    defaultHost: host,
    defaultPoolerHost: host === "" ? "" : poolerHostOf(host),
  } as ProjectOutputs);
}

interface BranchList {
  branches: { id: string; name: string; default?: boolean }[];
  annotations?: Record<string, { value?: Record<string, string> }>;
}

async function listBranches(api: NeonApi, what: string, projectId: string): Promise<BranchList> {
  return neonCall<BranchList>(`${what}: list branches`, (p) => api.listProjectBranches({ projectId }, p), {
    shape: { branches: [BRANCH], "annotations?": "object" },
  });
}

/** The project's root branch and its read_write compute. */
async function defaultsOf(api: NeonApi, what: string, projectId: string, list?: BranchList) {
  const { branches } = list ?? (await listBranches(api, what, projectId));
  const branch = branches.find((b) => b.default);
  if (!branch) return { branch: undefined, endpoint: undefined };
  const endpoints = await branchEndpoints(api, what, projectId, branch.id);
  return { branch, endpoint: endpoints.find((e) => e.type === "read_write") };
}

/** The project as outputs, or undefined when it does not exist. */
async function readProject(
  api: NeonApi,
  what: string,
  id: string,
  known?: Partial<ProjectOutputs>,
): Promise<ProjectOutputs | undefined> {
  const res = await orNotFound(
    neonCall<{ project: NeonProject }>(`${what}: read`, (p) => api.getProject(id, p), {
      shape: { project: PROJECT },
    }),
  );
  if (!res) return undefined;
  const { branch, endpoint } = await defaultsOf(api, what, id);
  return outputsOf(res.project, branch?.id, endpoint, known);
}

/**
 * The project an earlier run made (a lost create answer, or a run killed before the id reached the state):
 * same name, region and Postgres version, and our marker on its root branch.
 */
async function findMarked(
  api: NeonApi,
  what: string,
  inputs: ProjectInputs,
  orgId: string | undefined,
): Promise<{ id: string; current: ProjectOutputs } | undefined> {
  type Listed = { id: string; name: string; region_id: string; pg_version: number };
  const listed = await neonCall<{ projects: Listed[]; unavailable_project_ids?: string[] }>(
    `${what}: look up`,
    (p) => api.listProjects({ search: inputs.name, org_id: orgId, limit: 400 }, p),
    {
      shape: {
        projects: [{ id: "string", name: "string", region_id: "string", pg_version: "number" }],
        "unavailable_project_ids?": ["string"],
      },
    },
  );
  const projects = [...listed.projects];
  // Projects Neon "knows to exist" but could not load for the list (ProjectsResponse.unavailable_project_ids)
  // may be ours: each is read by id, and one that cannot be read stops the create rather than risk a twin.
  for (const id of listed.unavailable_project_ids ?? []) {
    try {
      const one = await orNotFound(
        neonCall<{ project: NeonProject }>(`${what}: look up`, (p) => api.getProject(id, p), {
          shape: { project: PROJECT },
        }),
      );
      if (one) projects.push(one.project);
    } catch (err) {
      throw new ApiError(
        `${what}: create failed: Neon listed project ${id} as unavailable and could not load project ${id} (${err instanceof Error ? err.message : String(err)}); it may be the one an earlier run made, so none was created: run \`pulumi up\` again later`,
        { kind: "http", cause: err },
      );
    }
  }
  const candidates = projects.filter(
    (p) => p.name === inputs.name && p.region_id === inputs.regionId && p.pg_version === inputs.pgVersion,
  );
  for (const candidate of candidates) {
    const list = await listBranches(api, `${what}: look up`, candidate.id);
    const root = list.branches.find((b) => b.default);
    if (!root || list.annotations?.[root.id]?.value?.[MARKER_KEY] !== inputs.name) continue;
    await waitForOperations(api, what, candidate.id, await pendingOperations(api, what, candidate.id));
    const current = await readProject(api, what, candidate.id, { orgId });
    if (current) return { id: candidate.id, current };
  }
  return undefined;
}

/**
 * Brings an existing project to the inputs with the update endpoints: the project's settings, then its
 * running default compute (default_endpoint_settings only shape computes created later). Branches, roles
 * and databases are never touched.
 */
async function converge(
  api: NeonApi,
  what: string,
  id: string,
  current: ProjectOutputs,
  news: ProjectInputs,
): Promise<ProjectOutputs> {
  if (changedKeys<ProjectInputs>(current, news, UPDATE_KEYS).length > 0) {
    await neonMutation(api, `${what}: update`, id, (p) =>
      api.updateProject(
        id,
        {
          project: compact({
            name: news.name,
            history_retention_seconds: news.historyRetentionSeconds,
            default_endpoint_settings: endpointSettings(news),
          }),
        },
        p,
      ),
    );
  }
  if (changedKeys<ProjectInputs>(current, news, COMPUTE_KEYS).length > 0 && current.defaultEndpointId) {
    await neonMutation(api, `${what}: resize default compute`, id, (p) =>
      api.updateProjectEndpoint(id, current.defaultEndpointId, { endpoint: endpointSettings(news) }, p),
    );
  }
  const { adoptId: _adoptId, ...managed } = news;
  // What cannot change in place stays as it is live (verify refused any difference before this).
  return compact({
    ...current,
    ...compact(managed),
    regionId: current.regionId,
    pgVersion: current.pgVersion,
    orgId: current.orgId ?? news.orgId,
  });
}

/** What an existing project has that this one cannot become: region, Postgres version and organization. */
function projectMismatch(
  live: ProjectOutputs,
  inputs: ProjectInputs,
  orgId: string | undefined,
): string | undefined {
  if (live.regionId !== inputs.regionId) {
    return `regionId is ${JSON.stringify(live.regionId)} at Neon but ${JSON.stringify(inputs.regionId)} is asked for, and a project cannot change it; set the region to ${JSON.stringify(live.regionId)} to adopt it as it is`;
  }
  if (live.pgVersion !== inputs.pgVersion) {
    return `pgVersion is ${live.pgVersion} at Neon but ${inputs.pgVersion} is asked for, and a project cannot change it; set the Postgres version to ${live.pgVersion} to adopt it as it is`;
  }
  if (orgId !== undefined && live.orgId !== undefined && live.orgId !== orgId) {
    return `orgId is ${JSON.stringify(live.orgId)} at Neon but ${JSON.stringify(orgId)} is asked for; adopt only a project of the configured organization (neon:orgId)`;
  }
  return undefined;
}

/** Neon's `org_id is required` answer (organization-scoped keys) gets the fix appended. */
function orgIdHint(err: unknown, orgId: string | undefined): unknown {
  if (!(err instanceof ApiError) || orgId || err.status !== 400 || !err.apiMessage?.includes("org_id")) {
    return err;
  }
  return new ApiError(
    `${err.message}; run \`pulumi config set neon:orgId <org-...>\` or set NEON_ORG_ID (Neon console: organization settings)`,
    { kind: "config", status: err.status, apiMessage: err.apiMessage, cause: err },
  );
}

/**
 * The project provider; `adoptConfigKey` is the caller's key that sets `adoptId`, named when it names no
 * project: the program's components pass it in (a provider knows no program's config keys).
 */
export function neonProjectProvider(
  adoptConfigKey?: string,
): pulumi.dynamic.ResourceProvider<ProjectInputs, ProjectOutputs> {
  return guardProvider(
    "neon:Project",
    {
      configure: configureNeon,

      async check(_olds, news) {
        const failures = [
          ...rangeFailures(news as unknown as Record<string, unknown>, {
            pgVersion: { min: 14, max: 18, integer: true },
            historyRetentionSeconds: { min: 0, max: 2_592_000, integer: true },
            autoscalingMinCu: CU_RANGE,
            autoscalingMaxCu: CU_RANGE,
          }),
          ...suspendFailures("suspendTimeoutSeconds", news.suspendTimeoutSeconds),
        ];
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
        const orgId = inputs.orgId ?? neonOrgId();
        let operations: Operation[] = [];
        const run = createOrAdopt<ProjectOutputs>({
          label: what,
          adoptId: inputs.adoptId,
          adoptHint: `check ${adoptConfigKey ?? "the adoptId"}`,
          read: (id) => readProject(api, `${what}: adopt`, id, { orgId }),
          converge: (id, current) => converge(api, `${what}: adopt`, id, current, inputs),
          verify: (current) => projectMismatch(current, inputs, orgId),
          find: () => findMarked(api, what, inputs, orgId),
          async create() {
            const answer = await neonCall<Created | { found: { id: string; current: ProjectOutputs } }>(
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
                      org_id: orgId,
                      branch: { annotations: { [MARKER_KEY]: inputs.name } },
                      // Lets Role.read reveal passwords again (refresh, lost create answers).
                      store_passwords: true,
                    }),
                  },
                  p,
                ),
              {
                shape: CREATED,
                recover: async () => {
                  const found = await findMarked(api, what, inputs, orgId);
                  return found && { found };
                },
              },
            );
            if ("found" in answer) return { id: answer.found.id, outs: answer.found.current };
            operations = answer.operations;
            const endpoint = answer.endpoints.find((e) => e.type === "read_write");
            return {
              id: answer.project.id,
              outs: outputsOf(answer.project, answer.branch.id, endpoint, { orgId }),
            };
          },
          // The project exists once the POST answered; a failed start of its compute keeps it in the state.
          async finish(id, outs) {
            await waitForOperations(api, `${what}: create`, id, operations);
            return outs;
          },
        });
        return run.catch((err: unknown) => {
          throw orgIdHint(err, orgId);
        });
      },

      async read(id, props) {
        const what = describe("Project", props?.name ?? id);
        const api = neonApi(`${what}: read`);
        const outs = await readProject(api, what, id, props);
        return outs ? { id, props: outs } : {};
      },

      async diff(_id, olds, news) {
        const replaces = changedKeys<ProjectInputs>(olds, news, ["regionId", "pgVersion"]);
        // A project created before an org was configured stays where it is; only a real move replaces it.
        if (olds.orgId !== undefined && changed(olds.orgId, news.orgId)) replaces.push("orgId");
        const updates = changedKeys<ProjectInputs>(olds, news, UPDATE_KEYS);
        return { changes: replaces.length + updates.length > 0, replaces };
      },

      async update(id, olds, news) {
        const what = describe("Project", news.name);
        const api = neonApi(`${what}: update`);
        return { outs: await converge(api, what, id, olds, news) };
      },

      async delete(id, props) {
        const what = `${describe("Project", props.name)}: delete`;
        const api = neonApi(what);
        // Deleting a project ends its operations with it; there is nothing left to wait for.
        await neonDeleteCall(what, (p) => api.deleteProject(id, p));
      },
    },
    { credentials: neonCredentials },
  );
}

/** The provider object without a caller's config key; exported so tests and tools can drive it directly. */
export const projectProvider = neonProjectProvider();

/**
 * A Neon project: its root branch and that branch's compute come with it (`defaultBranchId`, `defaultHost`). Token `pulumi-nodejs:dynamic/neon:Project`. */
export class Project extends pulumi.dynamic.Resource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly regionId: pulumi.Output<string>;
  declare public readonly pgVersion: pulumi.Output<number>;
  declare public readonly historyRetentionSeconds: pulumi.Output<number>;
  declare public readonly autoscalingMinCu: pulumi.Output<number>;
  declare public readonly autoscalingMaxCu: pulumi.Output<number>;
  declare public readonly suspendTimeoutSeconds: pulumi.Output<number | undefined>;
  declare public readonly orgId: pulumi.Output<string | undefined>;
  declare public readonly defaultBranchId: pulumi.Output<string>;
  declare public readonly defaultEndpointId: pulumi.Output<string>;
  declare public readonly defaultHost: pulumi.Output<string>;
  declare public readonly defaultPoolerHost: pulumi.Output<string>;

  constructor(name: string, { adoptConfigKey, ...args }: ProjectArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      adoptConfigKey ? neonProjectProvider(adoptConfigKey) : projectProvider,
      name,
      {
        ...args,
        defaultBranchId: undefined,
        defaultEndpointId: undefined,
        defaultHost: undefined,
        defaultPoolerHost: undefined,
      },
      opts,
      "neon",
      "Project",
    );
  }
}
