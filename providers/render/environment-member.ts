/**
 * Puts one existing Render resource (a service, database, Key Value instance or env group) into an
 * environment with R-OAS add-resources-to-environment, and takes it out again on delete with
 * remove-resources-from-environment. Render's Terraform provider places services the same way, right after
 * `POST /services` (../shared/reference/render.md §7), so a service type need not know about environments.
 * Datastores can instead take `environmentId` at create (Postgres, KeyValue).
 */

import * as pulumi from "@pulumi/pulumi";
import { guardProvider } from "../shared/boundary";
import { orNotFound, resourceLabel } from "../shared/http";
import { UNKNOWN } from "../shared/inputs";
import { expectShape } from "../shared/shape";
import { RenderContext, call, configureRender, renderContext, renderCredentials } from "./client";

export interface EnvironmentMemberArgs {
  /** The environment (evm-…), e.g. `Project.environmentId`. Change => the resource moves. */
  environmentId: pulumi.Input<string>;
  /** The resource to place: srv-…, dpg-…, red-… or evg-…. Change => replace. */
  resourceId: pulumi.Input<string>;
}

export interface EnvironmentMemberInputs {
  environmentId: string;
  resourceId: string;
}

const TOKEN = "render:EnvironmentMember";
const label = (resourceId: string | undefined) => resourceLabel(TOKEN, resourceId);
const RESOURCE = /^(srv|crn|dpg|red|evg)-[a-z0-9]+(-[a-z])?$/;
const ENVIRONMENT = /^evm-[a-z0-9]+$/;
const LISTS = ["serviceIds", "databasesIds", "redisIds", "envGroupIds"] as const;

type Environment = Partial<Record<(typeof LISTS)[number], string[] | null>> & { id: string };

async function add(ctx: RenderContext, v: EnvironmentMemberInputs): Promise<void> {
  // Adding what is already there changes nothing, so a retry or a second run is harmless.
  const res = await call<unknown>(
    ctx,
    "add",
    "POST",
    `/environments/${encodeURIComponent(v.environmentId)}/resources`,
    {
      body: { resourceIds: [v.resourceId] },
    },
  );
  // R-OAS answers 200 with the environment; Render's recorded traffic shows 201 with the same body (TF-CAS).
  expectShape(`${ctx.resource}: add`, res.status, res.body, { id: "string" });
}

export const environmentMemberProvider: pulumi.dynamic.ResourceProvider<
  EnvironmentMemberInputs,
  EnvironmentMemberInputs
> = guardProvider(
  TOKEN,
  {
    async configure(req) {
      configureRender(req.config);
    },
    async check(_olds, news) {
      const failures: pulumi.dynamic.CheckFailure[] = [];
      const known = (v: unknown): v is string => typeof v === "string" && v !== UNKNOWN;
      if (known(news.environmentId) && !ENVIRONMENT.test(news.environmentId)) {
        failures.push({
          property: "environmentId",
          reason: `environmentId ${JSON.stringify(news.environmentId)} is not a Render environment id (evm-…).`,
        });
      }
      if (known(news.resourceId) && !RESOURCE.test(news.resourceId)) {
        failures.push({
          property: "resourceId",
          reason: `resourceId ${JSON.stringify(news.resourceId)} is not a Render service, database, Key Value or env group id (srv-…, dpg-…, red-…, evg-…).`,
        });
      }
      return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
    },
    async diff(_id, olds, news) {
      const replaces = (["environmentId", "resourceId"] as const).filter((k) => olds[k] !== news[k]);
      return replaces.length > 0 ? { changes: true, replaces } : { changes: false };
    },
    async create(inputs) {
      await add(renderContext(label(inputs.resourceId), "create"), inputs);
      return { id: `${inputs.environmentId}/${inputs.resourceId}`, outs: inputs };
    },
    async read(id, props) {
      const [environmentId, resourceId] = props?.environmentId
        ? [props.environmentId, props.resourceId]
        : id.split("/");
      const ctx = renderContext(label(resourceId), "read");
      const res = await orNotFound(
        call<unknown>(ctx, "read", "GET", `/environments/${encodeURIComponent(environmentId)}`),
      );
      if (!res) return {};
      const env = expectShape<Environment>(`${ctx.resource}: read`, res.status, res.body, {
        id: "string",
        "serviceIds?": ["string"],
        "databasesIds?": ["string"],
        "redisIds?": ["string"],
        "envGroupIds?": ["string"],
      });
      const present = LISTS.some((k) => (env[k] ?? []).includes(resourceId));
      return present ? { id, props: { environmentId, resourceId } } : {};
    },
    async delete(_id, props) {
      const ctx = renderContext(label(props.resourceId), "delete");
      await orNotFound(
        call(ctx, "remove", "DELETE", `/environments/${encodeURIComponent(props.environmentId)}/resources`, {
          query: { resourceIds: [props.resourceId] },
        }),
      );
    },
  },
  { nameOf: (props) => props?.resourceId as string | undefined, credentials: renderCredentials },
);

/**
 * One resource placed in a Render environment (`pulumi-nodejs:dynamic/render:EnvironmentMember`); `id` is
 * `<environmentId>/<resourceId>`. Deleting it takes the resource out of the environment, never deletes it.
 */
export class EnvironmentMember extends pulumi.dynamic.Resource {
  declare public readonly environmentId: pulumi.Output<string>;
  declare public readonly resourceId: pulumi.Output<string>;

  constructor(name: string, args: EnvironmentMemberArgs, opts?: pulumi.CustomResourceOptions) {
    super(environmentMemberProvider, name, { ...args }, opts, "render", "EnvironmentMember");
  }
}
