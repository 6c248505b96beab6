/**
 * What Render web services and background workers share: the create/adopt/read/update/delete sequences.
 * Validation lives in ./service-check.ts, request bodies and commands in ./service-body.ts, the diff and
 * the live-to-outputs mapping in ./service-state.ts, env vars in ./env-vars.ts, deploys in ./deploys.ts.
 * `web-service.ts` and `background-worker.ts` bind this to a service type; no module here holds state
 * (see ../shared/http.ts for why).
 */

import type * as pulumi from "@pulumi/pulumi";
import { ApiError, orNotFound, resourceLabel } from "../shared/http";
import { guardProvider } from "../shared/boundary";
import { createOrAdopt, partiallyCreated } from "../shared/lifecycle";
import { Shape, expectShape } from "../shared/shape";
import {
  RenderContext,
  call,
  configuredOwnerId,
  configureRender,
  listAll,
  renderContext,
  renderCredentials,
  requireOwnerId,
} from "./client";
import { latestDeployId, triggerDeploy, waitForLive } from "./deploys";
import { syncEnv } from "./env-vars";
import { sameImage } from "./image-ref";
import {
  autoscalingBody,
  createServiceBody,
  patchServiceBody,
  shellCommand,
  wantedPreDeploy,
} from "./service-body";
import { checkService } from "./service-check";
import {
  diffService,
  domainSet,
  effectiveAutoscaling,
  instances,
  sameJson,
  serviceToOutputs,
} from "./service-state";

export { PAID_PLANS, REGIONS, WEB_PLANS } from "./service-types";
export type { Autoscaling, RenderService, ServiceInputs, ServiceKind, ServiceOutputs } from "./service-types";
import type { RenderService, ServiceInputs, ServiceKind, ServiceOutputs } from "./service-types";

const OPTIONAL_INPUTS = [
  "adoptId",
  "registryCredentialId",
  "numInstances",
  "autoscaling",
  "healthCheckPath",
  "startCommand",
  "preDeployCommand",
  "envVars",
  "customDomains",
  "waitForLive",
  "deployTimeoutMinutes",
] as const;

/** What every answer carrying a service must hold before any field is read (openapi.json `service`). */
const SERVICE_SHAPE: Shape = {
  id: "string",
  name: "string",
  ownerId: "string",
  slug: "string",
  dashboardUrl: "string",
  "imagePath?": "string",
  "serviceDetails?": "object",
};

const service = (ctx: RenderContext, operation: string, status: number, body: unknown) =>
  expectShape<RenderService>(`${ctx.resource}: ${operation}`, status, body, SERVICE_SHAPE);

const timeoutOf = (v: ServiceInputs) =>
  v.deployTimeoutMinutes === undefined ? undefined : v.deployTimeoutMinutes * 60_000;

/** The only service with this exact name and type in the workspace (names are unique per workspace). */
async function findServiceByName(
  ctx: RenderContext,
  kind: ServiceKind,
  name: string,
  ownerId: string,
): Promise<RenderService | undefined> {
  const found = await listAll<unknown>(ctx, "look up by name", "/services", "service", {
    name,
    ownerId,
    type: kind.serviceType,
  });
  const exact = found.map((s) => service(ctx, "look up by name", 200, s)).filter((s) => s.name === name);
  if (exact.length > 1) {
    throw new ApiError(
      `${ctx.resource}: create failed: ${exact.length} services named ${JSON.stringify(name)} exist`,
      { kind: "http" },
    );
  }
  return exact[0];
}

async function addDomain(ctx: RenderContext, serviceId: string, name: string): Promise<void> {
  const path = `/services/${serviceId}/custom-domains`;
  await call(ctx, `add custom domain ${name}`, "POST", path, {
    body: { name },
    attempts: 3,
    // A lost answer may still have added the domain; adding it again would fail with 409.
    recover: () =>
      orNotFound(call(ctx, `look up custom domain ${name}`, "GET", `${path}/${encodeURIComponent(name)}`)),
  });
}

async function removeDomain(ctx: RenderContext, serviceId: string, name: string): Promise<void> {
  const path = `/services/${serviceId}/custom-domains/${encodeURIComponent(name)}`;
  await orNotFound(call(ctx, `remove custom domain ${name}`, "DELETE", path));
}

/**
 * Render may refuse free services over its API ("an anti-abuse measure", terraform-provider-render#44),
 * or accept them (render-mcp-server 3f20c73): when it refuses, say how to make it once by hand and adopt it.
 */
function freePlanRefusal(kind: ServiceKind, inputs: ServiceInputs, err: unknown): unknown {
  if (!(err instanceof ApiError) || inputs.plan !== "free") return err;
  if (err.status !== 400 && err.status !== 402 && err.status !== 403) return err;
  // A refused field (PR #105's "... can only be configured for non-free tier services") is our bug, not this.
  if (/only be configured for non-free/.test(err.apiMessage ?? "")) return err;
  return new ApiError(
    `${err.message}; Render does not create free services through its API: create ${JSON.stringify(inputs.name)} once in the Render dashboard (New > Web Service > Existing Image ${JSON.stringify(inputs.image)}, region ${inputs.region}, instance type Free), then adopt it ${kind.adoptConfigKey ? `with \`pulumi config set --path ${kind.adoptConfigKey} srv-…\` (its id)` : "by its id (srv-…) as adoptId"} and run \`pulumi up\` again`,
    { kind: "config", status: err.status, apiMessage: err.apiMessage, cause: err },
  );
}

/** One POST; a lost or malformed answer is resolved by looking the name up, never by a blind retry. */
async function postService(
  kind: ServiceKind,
  ctx: RenderContext,
  inputs: ServiceInputs,
  ownerId: string,
): Promise<{ id: string; outs: ServiceOutputs }> {
  const lookUp = () => findServiceByName(ctx, kind, inputs.name, ownerId);
  let created: RenderService;
  let deployId = "";
  try {
    const res = await call<unknown>(ctx, "create", "POST", "/services", {
      body: createServiceBody(kind, inputs, ownerId),
      attempts: 3,
      recover: async (err) => {
        // A 429 was refused before anything happened; anything else may have created the service.
        if (err instanceof ApiError && err.status === 429) return undefined;
        const found = await lookUp();
        return found ? { status: 201, headers: new Headers(), body: { service: found } } : undefined;
      },
    });
    const body = expectShape<{ service: unknown; deployId?: string }>(
      `${ctx.resource}: create`,
      res.status,
      res.body,
      { service: "object", "deployId?": "string" },
    );
    created = service(ctx, "create", res.status, body.service);
    deployId = body.deployId ?? "";
  } catch (e) {
    if (!(e instanceof ApiError && e.kind === "parse")) throw freePlanRefusal(kind, inputs, e);
    // A 2xx whose body is broken (HTML, empty, wrong shape) may still have created it: find it, never orphan it.
    const found = await lookUp();
    if (!found) throw e;
    created = found;
  }
  const outs: ServiceOutputs = {
    ...inputs,
    ownerId,
    slug: created.slug,
    dashboardUrl: created.dashboardUrl,
    deployId,
    liveStartCommand: shellCommand(inputs.startCommand),
    livePreDeployCommand: wantedPreDeploy(inputs),
    unmanagedEnvVarKeys: [],
  };
  if (kind.serviceType === "web_service") outs.url = created.serviceDetails?.url ?? "";
  return { id: created.id, outs };
}

/** After a fresh create: domains, then the first deploy. A failure keeps the service (init error). */
async function finishCreate(
  kind: ServiceKind,
  ctx: RenderContext,
  id: string,
  outs: ServiceOutputs,
): Promise<ServiceOutputs> {
  const added: string[] = [];
  if (kind.serviceType === "web_service") {
    try {
      for (const domain of outs.customDomains ?? []) {
        await addDomain(ctx, id, domain);
        added.push(domain);
      }
    } catch (e) {
      throw partiallyCreated(id, { ...outs, customDomains: added }, e);
    }
  }
  if (!outs.waitForLive) return outs;
  try {
    const deployId = await waitForLive(ctx, id, outs.dashboardUrl, outs.deployId, timeoutOf(outs));
    return { ...outs, deployId };
  } catch (e) {
    throw partiallyCreated(id, { ...outs, deployPending: true }, e);
  }
}

/** GET service + env vars (+ custom domains for web) mapped onto outputs; undefined when it is gone. */
async function liveState(
  kind: ServiceKind,
  ctx: RenderContext,
  id: string,
  old: Partial<ServiceOutputs>,
  seen?: (live: RenderService) => void,
): Promise<ServiceOutputs | undefined> {
  const found = await orNotFound(call<unknown>(ctx, "read", "GET", `/services/${id}`));
  if (!found) return undefined;
  const live = service(ctx, "read", found.status, found.body);
  seen?.(live);
  const envVars = await listAll<{ key: string; value: string }>(
    ctx,
    "read env vars",
    `/services/${id}/env-vars`,
    "envVar",
  );
  const domains =
    kind.serviceType === "web_service"
      ? await listAll<{ name: string; redirectForName?: string }>(
          ctx,
          "read custom domains",
          `/services/${id}/custom-domains`,
          "customDomain",
        )
      : undefined;
  return serviceToOutputs(kind, live, envVars, domains, old);
}

/**
 * Applies each changed field through the endpoint Render uses for it, then deploys when the config
 * changed or the last deploy is pending. `adopting`: `olds` is a live service taken over, whose current
 * deploy is waited for when nothing needs a new one.
 */
async function applyChanges(
  kind: ServiceKind,
  ctx: RenderContext,
  id: string,
  olds: ServiceOutputs,
  news: ServiceInputs,
  adopting = false,
): Promise<ServiceOutputs> {
  let redeploy = olds.deployPending === true;
  let live: RenderService | undefined;

  const patch = patchServiceBody(kind, olds, news);
  if (patch) {
    const res = await call<unknown>(ctx, "update", "PATCH", `/services/${id}`, { body: patch });
    live = service(ctx, "update", res.status, res.body);
    redeploy = true;
  }

  const oldScale = effectiveAutoscaling(olds.autoscaling);
  const newScale = effectiveAutoscaling(news.autoscaling);
  if (!sameJson(oldScale, newScale)) {
    if (newScale) {
      await call(ctx, "set autoscaling", "PUT", `/services/${id}/autoscaling`, {
        body: autoscalingBody(newScale),
      });
    } else {
      await call(ctx, "disable autoscaling", "DELETE", `/services/${id}/autoscaling`);
    }
  }
  // While autoscaling was on the live count was Render's choice, so set it whenever autoscaling turns off.
  if (!newScale && (instances(olds) !== instances(news) || oldScale)) {
    await call(ctx, "scale", "POST", `/services/${id}/scale`, { body: { numInstances: instances(news) } });
  }

  if ((await syncEnv(ctx, id, olds.envVars, news.envVars)).changed) redeploy = true;

  if (kind.serviceType === "web_service") {
    const before = domainSet(olds.customDomains);
    const after = domainSet(news.customDomains);
    for (const d of after.filter((x) => !before.includes(x))) await addDomain(ctx, id, d);
    for (const d of before.filter((x) => !after.includes(x))) await removeDomain(ctx, id, d);
  }

  const outs: ServiceOutputs = {
    ...olds,
    ...news,
    ownerId: olds.ownerId,
    liveStartCommand: shellCommand(news.startCommand),
    livePreDeployCommand: wantedPreDeploy(news),
    slug: live?.slug ?? olds.slug,
    dashboardUrl: live?.dashboardUrl ?? olds.dashboardUrl,
  };
  delete outs.deployPending;
  // Inputs the user removed must not linger as stale outputs.
  for (const key of OPTIONAL_INPUTS) {
    if (news[key] === undefined) delete outs[key];
  }
  if (kind.serviceType === "web_service") outs.url = live?.serviceDetails?.url ?? olds.url;
  if (!redeploy && !(adopting && news.waitForLive)) return outs;
  try {
    if (redeploy) {
      // PATCH and env-var changes take effect only on the next deploy; an image-backed service never
      // deploys by itself.
      const image = sameImage(olds.image, news.image) ? undefined : news.image;
      outs.deployId = await triggerDeploy(ctx, id, image);
    } else {
      outs.deployId = await latestDeployId(ctx, id);
    }
    if (news.waitForLive) {
      outs.deployId = await waitForLive(ctx, id, outs.dashboardUrl, outs.deployId, timeoutOf(news));
    }
  } catch (e) {
    throw partiallyCreated(id, { ...outs, deployPending: true }, e);
  }
  return outs;
}

/** What an existing service has that this one cannot become: its type, workspace and region are fixed. */
function serviceMismatch(
  kind: ServiceKind,
  live: ServiceOutputs,
  inputs: ServiceInputs,
  liveType: string | undefined,
): string | undefined {
  if (liveType !== undefined && liveType !== kind.serviceType) {
    return `${JSON.stringify(live.name)} is a ${liveType}, not a ${kind.serviceType}; give it to the resource of its own type`;
  }
  const owner = configuredOwnerId(inputs.ownerId);
  if (owner !== undefined && live.ownerId !== owner) {
    return `the service is in workspace ${JSON.stringify(live.ownerId)}, not ${JSON.stringify(owner)}, the stack's; adopt only a service of the stack's workspace (render:ownerId)`;
  }
  if (live.region !== inputs.region) {
    return `region is ${JSON.stringify(live.region)} at Render but ${JSON.stringify(inputs.region)} is asked for, and a service cannot change region; set the region to ${JSON.stringify(live.region)} to adopt it as it is`;
  }
  return undefined;
}

/** Adopt (`adoptId`), continue an interrupted run (same name in the workspace), or create. */
async function createService(kind: ServiceKind, inputs: ServiceInputs): Promise<pulumi.dynamic.CreateResult> {
  const label = resourceLabel(`render:${kind.typeName}`, inputs.name);
  const ctx = renderContext(label, "create");
  let fresh = false;
  let liveType: string | undefined;
  // The inputs say what the program manages (env keys, domains) and how the user spells values; the
  // workspace is always the live one.
  const read = (id: string) =>
    liveState(kind, ctx, id, { ...inputs, ownerId: undefined }, (live) => (liveType = live.type));
  const res = await createOrAdopt<ServiceOutputs>({
    label,
    inputs,
    adoptId: inputs.adoptId,
    adoptHint: kind.adoptConfigKey ? `check ${kind.adoptConfigKey}` : undefined,
    read,
    verify: (current) => serviceMismatch(kind, current, inputs, liveType),
    converge: (id, current) => applyChanges(kind, ctx, id, current, inputs, true),
    async find() {
      const found = await findServiceByName(
        ctx,
        kind,
        inputs.name,
        requireOwnerId(label, "create", inputs.ownerId),
      );
      const current = found && (await read(found.id));
      return found && current ? { id: found.id, current } : undefined;
    },
    async create() {
      fresh = true;
      return postService(kind, ctx, inputs, requireOwnerId(label, "create", inputs.ownerId));
    },
    finish: async (id, outs) => (fresh ? finishCreate(kind, ctx, id, outs) : outs),
  });
  return { id: res.id, outs: res.outs };
}

/** The provider object for one service type. */
export function serviceProvider(
  kind: ServiceKind,
): pulumi.dynamic.ResourceProvider<ServiceInputs, ServiceOutputs> {
  const label = (name: string | undefined) => resourceLabel(`render:${kind.typeName}`, name);
  return guardProvider(
    `render:${kind.typeName}`,
    {
      async configure(req) {
        configureRender(req.config);
      },
      async check(_olds, news) {
        const failures = checkService(kind, news);
        return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
      },
      async diff(_id, olds, news) {
        return diffService(kind, olds, news);
      },
      async create(inputs) {
        return createService(kind, inputs);
      },
      async read(id, props) {
        const outs = await liveState(kind, renderContext(label(props?.name), "read"), id, props ?? {});
        // No id: Pulumi drops a resource that is gone.
        return outs ? { id, props: outs } : {};
      },
      async update(id, olds, news) {
        return { outs: await applyChanges(kind, renderContext(label(news.name), "update"), id, olds, news) };
      },
      async delete(id, props) {
        const ctx = renderContext(label(props?.name), "delete");
        await orNotFound(call(ctx, "delete", "DELETE", `/services/${id}`));
      },
    },
    {
      secrets: (props) => Object.values((props?.envVars as Record<string, string> | undefined) ?? {}),
      credentials: renderCredentials,
    },
  );
}
