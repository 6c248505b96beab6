import * as pulumi from "@pulumi/pulumi";
import * as render from "../../providers/render";
import type { StackFacts } from "../catalog";
import type { RenderOwn } from "./catalog";

/**
 * One Render environment per app: the first Render target of a stack creates it, the others join it. A stack
 * deploying the server or client layer creates none: it joins the one its data layer's stack created.
 */
const environments = new WeakMap<pulumi.Resource, pulumi.Output<string>>();

/**
 * The Render environment every Render service and datastore of the stack is placed in: the project named by
 * `webapp:render.project`, with one environment named after the stack (R-OAS create-project: a project is
 * created with its environments). Undefined when the stack names no project. `app` is the composition's
 * component, the parent every builder of one stack shares, so the project is created once per stack; on a
 * server or client layer's stack (`facts.joinPlacement`) it is the data layer's, read from that stack, so
 * the whole system is created once, by the data layer (docs/layers.md).
 */
export function stackEnvironment(
  app: pulumi.Resource,
  facts: StackFacts,
  own: Record<string, unknown>,
): pulumi.Output<string> | undefined {
  const project = (own.render as RenderOwn | undefined)?.project;
  if (!project) return undefined;
  const known = environments.get(app);
  if (known) return known;
  if (facts.joinPlacement) {
    const joined = facts.joinPlacement();
    environments.set(app, joined);
    return joined;
  }
  const created = new render.Project(
    `${facts.prefix}-render-project`,
    {
      name: project,
      environmentName: facts.stack,
      // Protected environments let only workspace admins delete or change their resources
      // (render.com/docs/projects): what a stack that protects its data wants.
      protected: facts.protectData,
    },
    { parent: app, ...(facts.protectData ? { protect: true } : {}) },
  ).environmentId;
  environments.set(app, created);
  return created;
}

/**
 * Places a service in the environment (R-OAS add-resources-to-environment): services are created by the
 * provider without an environment, so they join it afterwards; datastores take `environmentId` at create.
 */
export function placeService(
  name: string,
  environmentId: pulumi.Input<string> | undefined,
  serviceId: pulumi.Input<string>,
  parent: pulumi.Resource,
): void {
  if (environmentId === undefined) return;
  new render.EnvironmentMember(`${name}-placement`, { environmentId, resourceId: serviceId }, { parent });
}
