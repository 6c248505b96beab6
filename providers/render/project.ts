/**
 * A Render project with the one environment a stack's services and data live in (R-OAS create-project,
 * retrieve-project, update-project, delete-project; create-environment, retrieve-environment,
 * update-environment, list-environments). Place resources in it by passing `environmentId` to their
 * create (R-OAS postgresPOSTInput, keyValuePOSTInput, servicePOST). Deleting a project deletes every
 * resource in it (R-OAS delete-project), so delete refuses while the environment still holds any.
 */

import * as pulumi from "@pulumi/pulumi";
import { guardProvider } from "../shared/boundary";
import { ApiError, orNotFound, resourceLabel } from "../shared/http";
import { createOrAdopt } from "../shared/lifecycle";
import { Shape, expectShape } from "../shared/shape";
import {
  RenderContext,
  call,
  configureRender,
  listAll,
  renderContext,
  renderCredentials,
  requireOwnerId,
} from "./client";
import { refuseOtherWorkspace } from "./datastore";

export interface ProjectArgs {
  /** Project name shown in the dashboard; can be changed in place. */
  name: pulumi.Input<string>;
  /** Workspace id (usr-… or tea-…). Default: `render:ownerId` or RENDER_OWNER_ID at create; kept after that. */
  ownerId?: pulumi.Input<string>;
  /** An existing project (prj-…) to take over; its environment named `environmentName` is used or added. */
  adoptId?: pulumi.Input<string>;
  /** The environment's name, e.g. "production". */
  environmentName: pulumi.Input<string>;
  /** Only workspace admins may delete or change its resources (render.com/docs/projects). Default false. */
  protected?: pulumi.Input<boolean>;
  /** Block private-network traffic into and out of the environment. Default false. */
  networkIsolation?: pulumi.Input<boolean>;
}

export interface ProjectInputs {
  name: string;
  ownerId?: string;
  adoptId?: string;
  environmentName: string;
  protected?: boolean;
  networkIsolation?: boolean;
}

export interface ProjectOutputs extends ProjectInputs {
  ownerId: string;
  /** The environment (evm-…) to pass as `environmentId` to services and datastores. */
  environmentId: string;
}

interface RenderProject {
  id: string;
  name: string;
  owner?: { id: string };
  environmentIds: string[];
}

/** R-OAS `environment`; its id lists come back `null` when empty (TF-CAS project_cassette.yaml). */
interface RenderEnvironment {
  id: string;
  name: string;
  projectId: string;
  protectedStatus?: string;
  networkIsolationEnabled?: boolean;
  serviceIds?: string[] | null;
  databasesIds?: string[] | null;
  redisIds?: string[] | null;
  envGroupIds?: string[] | null;
}

const PROJECT_SHAPE: Shape = {
  id: "string",
  name: "string",
  "owner?": { id: "string" },
  environmentIds: ["string"],
};
const ENVIRONMENT_SHAPE: Shape = {
  id: "string",
  name: "string",
  projectId: "string",
  "protectedStatus?": "string",
  "networkIsolationEnabled?": "boolean",
  "serviceIds?": ["string"],
  "databasesIds?": ["string"],
  "redisIds?": ["string"],
  "envGroupIds?": ["string"],
};

const TOKEN = "render:Project";
const label = (name: string | undefined) => resourceLabel(TOKEN, name);
const ID = /^prj-[a-z0-9]+$/;

const project = (ctx: RenderContext, op: string, status: number, body: unknown) =>
  expectShape<RenderProject>(`${ctx.resource}: ${op}`, status, body, PROJECT_SHAPE);
const environment = (ctx: RenderContext, op: string, status: number, body: unknown) =>
  expectShape<RenderEnvironment>(`${ctx.resource}: ${op}`, status, body, ENVIRONMENT_SHAPE);

const environmentSettings = (v: ProjectInputs) => ({
  protectedStatus: v.protected ? "protected" : "unprotected",
  networkIsolationEnabled: v.networkIsolation === true,
});

async function environmentsOf(
  ctx: RenderContext,
  projectId: string,
  name?: string,
): Promise<RenderEnvironment[]> {
  const list = await listAll<unknown>(ctx, "list environments", "/environments", "environment", {
    projectId,
    name,
  });
  return list.map((e) => environment(ctx, "list environments", 200, e));
}

/** The project's environment named `name`, added when missing (an adopted or half-made project). */
async function ensureEnvironment(ctx: RenderContext, projectId: string, v: ProjectInputs): Promise<string> {
  const found = (await environmentsOf(ctx, projectId, v.environmentName)).find(
    (e) => e.name === v.environmentName,
  );
  if (found) return found.id;
  const res = await call<unknown>(ctx, "create environment", "POST", "/environments", {
    body: { name: v.environmentName, projectId, ...environmentSettings(v) },
  });
  return environment(ctx, "create environment", res.status, res.body).id;
}

async function findByName(
  ctx: RenderContext,
  name: string,
  ownerId: string,
): Promise<RenderProject | undefined> {
  const list = await listAll<unknown>(ctx, "look up by name", "/projects", "project", { name, ownerId });
  const exact = list.map((p) => project(ctx, "look up by name", 200, p)).filter((p) => p.name === name);
  if (exact.length > 1) {
    throw new ApiError(
      `${ctx.resource}: create failed: ${exact.length} projects named ${JSON.stringify(name)} exist in the workspace; adopt the right one with adoptId`,
      { kind: "config" },
    );
  }
  return exact[0];
}

async function applyChanges(
  ctx: RenderContext,
  id: string,
  olds: ProjectOutputs,
  news: ProjectInputs,
): Promise<ProjectOutputs> {
  if (news.name !== olds.name) {
    const res = await call<unknown>(ctx, "update", "PATCH", `/projects/${encodeURIComponent(id)}`, {
      body: { name: news.name },
    });
    project(ctx, "update", res.status, res.body);
  }
  let environmentId = olds.environmentId;
  if (!environmentId) {
    environmentId = await ensureEnvironment(ctx, id, news);
  } else if (
    news.environmentName !== olds.environmentName ||
    (news.protected === true) !== (olds.protected === true) ||
    (news.networkIsolation === true) !== (olds.networkIsolation === true)
  ) {
    const res = await call<unknown>(
      ctx,
      "update environment",
      "PATCH",
      `/environments/${encodeURIComponent(environmentId)}`,
      {
        body: { name: news.environmentName, ...environmentSettings(news) },
      },
    );
    environment(ctx, "update environment", res.status, res.body);
  }
  return { ...news, ownerId: olds.ownerId, environmentId };
}

export const projectProvider: pulumi.dynamic.ResourceProvider<ProjectInputs, ProjectOutputs> = guardProvider(
  TOKEN,
  {
    async configure(req) {
      configureRender(req.config);
    },
    async check(_olds, news) {
      const failures: pulumi.dynamic.CheckFailure[] = [];
      for (const k of ["name", "environmentName"] as const) {
        if (typeof news[k] === "string" && news[k].trim() === "")
          failures.push({ property: k, reason: `${k} must not be empty.` });
      }
      if (typeof news.adoptId === "string" && news.adoptId !== "" && !ID.test(news.adoptId)) {
        failures.push({
          property: "adoptId",
          reason: `adoptId ${JSON.stringify(news.adoptId)} is not a Render project id (prj-…).`,
        });
      }
      return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
    },
    async diff(_id, olds, news) {
      if (news.ownerId && news.ownerId !== olds.ownerId) {
        return { changes: true, replaces: ["ownerId"], deleteBeforeReplace: true };
      }
      const changes =
        news.name !== olds.name ||
        news.environmentName !== olds.environmentName ||
        (news.protected === true) !== (olds.protected === true) ||
        (news.networkIsolation === true) !== (olds.networkIsolation === true) ||
        !olds.environmentId;
      return { changes };
    },
    async create(inputs) {
      const ctx = renderContext(label(inputs.name), "create");
      const owner = () => requireOwnerId(ctx.resource, "create", inputs.ownerId);
      const outsOf = (p: RenderProject, ownerId: string): ProjectOutputs => ({
        ...inputs,
        name: p.name,
        ownerId,
        environmentId: "",
      });
      const res = await createOrAdopt<ProjectOutputs>({
        label: ctx.resource,
        inputs,
        adoptId: inputs.adoptId,
        adoptHint: "check the adoptId (prj-…) and the workspace",
        async read(id) {
          const res = await orNotFound(
            call<unknown>(ctx, "read", "GET", `/projects/${encodeURIComponent(id)}`),
          );
          if (!res) return undefined;
          const p = project(ctx, "read", res.status, res.body);
          refuseOtherWorkspace(ctx, id, p.owner?.id, owner());
          return outsOf(p, owner());
        },
        converge: (id, current) => applyChanges(ctx, id, current, inputs),
        async find() {
          const p = await findByName(ctx, inputs.name, owner());
          return p && { id: p.id, current: outsOf(p, owner()) };
        },
        async create() {
          const ownerId = owner();
          const body = {
            name: inputs.name,
            ownerId,
            environments: [{ name: inputs.environmentName, ...environmentSettings(inputs) }],
          };
          let p: RenderProject;
          try {
            const made = await call<unknown>(ctx, "create", "POST", "/projects", {
              body,
              attempts: 3,
              recover: async (err) => {
                if (err instanceof ApiError && err.status === 429) return undefined;
                const found = await findByName(ctx, inputs.name, ownerId);
                return found ? { status: 201, headers: new Headers(), body: found } : undefined;
              },
            });
            p = project(ctx, "create", made.status, made.body);
          } catch (e) {
            if (!(e instanceof ApiError && e.kind === "parse")) throw e;
            const found = await findByName(ctx, inputs.name, ownerId);
            if (!found) throw e;
            p = found;
          }
          return { id: p.id, outs: outsOf(p, ownerId) };
        },
        // The project's only environment is ours; a continued or adopted one is looked up by name.
        finish: async (id, outs) => ({ ...outs, environmentId: await ensureEnvironment(ctx, id, inputs) }),
      });
      return { id: res.id, outs: res.outs };
    },
    async read(id, props) {
      const ctx = renderContext(label(props?.name), "read");
      const res = await orNotFound(call<unknown>(ctx, "read", "GET", `/projects/${encodeURIComponent(id)}`));
      if (!res) return {};
      const p = project(ctx, "read", res.status, res.body);
      const env = props?.environmentId
        ? await orNotFound(
            call<unknown>(
              ctx,
              "read environment",
              "GET",
              `/environments/${encodeURIComponent(props.environmentId)}`,
            ),
          )
        : undefined;
      const live = env && environment(ctx, "read environment", env.status, env.body);
      const outs: ProjectOutputs = {
        ...props,
        name: p.name,
        ownerId: props?.ownerId ?? p.owner?.id ?? "",
        environmentId: live?.id ?? "",
        environmentName: live?.name ?? props?.environmentName ?? "",
      };
      if (live) {
        outs.protected =
          live.protectedStatus === "protected" ? true : props?.protected === undefined ? undefined : false;
        outs.networkIsolation = live.networkIsolationEnabled
          ? true
          : props?.networkIsolation === undefined
            ? undefined
            : false;
      }
      return { id, props: outs };
    },
    async update(id, olds, news) {
      return { outs: await applyChanges(renderContext(label(news.name), "update"), id, olds, news) };
    },
    async delete(id, props) {
      const ctx = renderContext(label(props?.name), "delete");
      const envs = await orNotFound(environmentsOf(ctx, id));
      const held = (envs ?? []).flatMap((e) => [
        ...(e.serviceIds ?? []),
        ...(e.databasesIds ?? []),
        ...(e.redisIds ?? []),
        ...(e.envGroupIds ?? []),
      ]);
      if (held.length > 0) {
        throw new ApiError(
          `${ctx.resource}: delete failed: its environments still hold ${held.length} resource(s) (${held.slice(0, 5).join(", ")}), which Render would delete with it; delete or move them first`,
          { kind: "config" },
        );
      }
      await orNotFound(call(ctx, "delete", "DELETE", `/projects/${encodeURIComponent(id)}`));
    },
  },
  { credentials: renderCredentials },
);

/** A Render project with one environment (`pulumi-nodejs:dynamic/render:Project`); `id` is the prj-… id. */
export class Project extends pulumi.dynamic.Resource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly ownerId: pulumi.Output<string>;
  declare public readonly environmentName: pulumi.Output<string>;
  /** Pass as `environmentId` to Postgres, KeyValue and services to place them in this environment. */
  declare public readonly environmentId: pulumi.Output<string>;

  constructor(name: string, args: ProjectArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      projectProvider,
      name,
      { ownerId: undefined, environmentId: undefined, ...args },
      opts,
      "render",
      "Project",
    );
  }
}
