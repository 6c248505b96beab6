/**
 * What Render web services and background workers share: input validation, request bodies, the
 * create/read/update/delete sequences and the diff. `web-service.ts` and `background-worker.ts` bind this
 * to a service type; this module holds no state (see ../shared/http.ts for why).
 */

import type * as pulumi from "@pulumi/pulumi";
import { ApiError, JsonResponse, orNotFound, resourceLabel } from "../shared/http";
import {
  RenderContext,
  call,
  configureRender,
  configuredOwnerId,
  listAll,
  pollTiming,
  renderContext,
  requireOwnerId,
} from "./client";
import { ENV_KEY } from "./env-vars";
import { normalizeImageRef, parseImageRef, sameImage } from "./image-ref";

export const REGIONS = ["oregon", "ohio", "virginia", "frankfurt", "singapore"];
export const PAID_PLANS = ["starter", "standard", "pro", "pro_plus", "pro_max", "pro_ultra"];
export const WEB_PLANS = ["free", ...PAID_PLANS];

export interface Autoscaling {
  enabled: boolean;
  min: number;
  max: number;
  /** Target average CPU utilisation (1–90). Defaults to 70 when neither target is given. */
  cpuPercent?: number;
  /** Target average memory utilisation (1–90). */
  memoryPercent?: number;
}

/** Plain (resolved) inputs of WebService and BackgroundWorker; the worker ignores the web-only fields. */
export interface ServiceInputs {
  name: string;
  ownerId?: string;
  image: string;
  registryCredentialId?: string;
  plan: string;
  region: string;
  numInstances?: number;
  autoscaling?: Autoscaling;
  healthCheckPath?: string;
  startCommand?: string;
  preDeployCommand?: string;
  envVars?: Record<string, string>;
  customDomains?: string[];
  waitForLive?: boolean;
}

const OPTIONAL_INPUTS = [
  "registryCredentialId",
  "numInstances",
  "autoscaling",
  "healthCheckPath",
  "startCommand",
  "preDeployCommand",
  "envVars",
  "customDomains",
  "waitForLive",
] as const;

export interface ServiceOutputs extends ServiceInputs {
  /** The workspace the service lives in, resolved at create time. */
  ownerId: string;
  /** Public URL from `serviceDetails.url` (web services only). */
  url?: string;
  slug: string;
  dashboardUrl: string;
  /** The latest deploy this provider started or observed. */
  deployId: string;
}

type ServiceType = "web_service" | "background_worker";

export interface ServiceKind {
  /** Pulumi type name: "WebService" | "BackgroundWorker". */
  typeName: string;
  serviceType: ServiceType;
}

/** Render's service object, only the fields we read. */
export interface RenderService {
  id: string;
  name: string;
  ownerId: string;
  slug: string;
  type: string;
  dashboardUrl: string;
  createdAt?: string;
  imagePath?: string;
  registryCredential?: { id: string; name?: string } | null;
  serviceDetails?: {
    url?: string;
    plan?: string;
    region?: string;
    numInstances?: number;
    healthCheckPath?: string;
    preDeployCommand?: string;
    envSpecificDetails?: { dockerCommand?: string; preDeployCommand?: string };
    autoscaling?: {
      enabled: boolean;
      min: number;
      max: number;
      criteria?: {
        cpu?: { enabled: boolean; percentage: number };
        memory?: { enabled: boolean; percentage: number };
      };
    } | null;
  };
}

interface RenderDeploy {
  id: string;
  status: string;
}

const FAILED_DEPLOY = ["build_failed", "update_failed", "pre_deploy_failed", "canceled", "deactivated"];

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Input validation with sentences that say what is allowed; unknown (preview) values are skipped. */
function checkService(kind: ServiceKind, news: ServiceInputs): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const web = kind.serviceType === "web_service";
  const plans = web ? WEB_PLANS : PAID_PLANS;
  const free = news.plan === "free";

  if (typeof news.name === "string" && news.name.trim() === "") fail("name", "name must not be empty.");
  if (typeof news.image === "string") {
    try {
      parseImageRef(news.image);
    } catch {
      fail("image", "image must be an image reference such as ghcr.io/org/api@sha256:<digest>.");
    }
  }
  if (typeof news.plan === "string" && !plans.includes(news.plan)) {
    fail(
      "plan",
      !web && free
        ? `Render background workers have no free plan; use one of ${PAID_PLANS.join(", ")}.`
        : `plan "${news.plan}" is not a Render ${kind.typeName} plan; use one of ${plans.join(", ")}.`,
    );
  }
  if (typeof news.region === "string" && !REGIONS.includes(news.region)) {
    fail("region", `region "${news.region}" is not a Render region; use one of ${REGIONS.join(", ")}.`);
  }
  if (typeof news.numInstances === "number") {
    if (!Number.isInteger(news.numInstances) || news.numInstances < 1 || news.numInstances > 100) {
      fail("numInstances", "numInstances must be an integer from 1 to 100.");
    } else if (free && news.numInstances > 1) {
      fail(
        "numInstances",
        "Render free web services run exactly 1 instance; choose a paid plan to scale out.",
      );
    }
  }
  const a = news.autoscaling;
  if (a && typeof a === "object" && a.enabled === true) {
    if (free)
      fail(
        "autoscaling",
        "Render free web services cannot autoscale; choose a paid plan or disable autoscaling.",
      );
    if (
      typeof a.min === "number" &&
      typeof a.max === "number" &&
      !(1 <= a.min && a.min <= a.max && a.max <= 100)
    ) {
      fail("autoscaling", "autoscaling needs 1 <= min <= max <= 100.");
    }
    for (const key of ["cpuPercent", "memoryPercent"] as const) {
      const v = a[key];
      if (typeof v === "number" && !(Number.isInteger(v) && v >= 1 && v <= 90)) {
        fail("autoscaling", `autoscaling.${key} must be an integer from 1 to 90.`);
      }
    }
  }
  if (typeof news.preDeployCommand === "string" && news.preDeployCommand !== "" && free) {
    fail(
      "preDeployCommand",
      "Render runs pre-deploy commands only for paid services; on the free plan put the step in startCommand.",
    );
  }
  if (
    web &&
    typeof news.healthCheckPath === "string" &&
    news.healthCheckPath !== "" &&
    !news.healthCheckPath.startsWith("/")
  ) {
    fail("healthCheckPath", "healthCheckPath must start with / (for example /healthz).");
  }
  if (news.envVars && typeof news.envVars === "object") {
    for (const key of Object.keys(news.envVars)) {
      if (!ENV_KEY.test(key))
        fail("envVars", `env var name ${JSON.stringify(key)} is not a valid variable name.`);
    }
  }
  if (Array.isArray(news.customDomains)) {
    for (const d of news.customDomains) {
      if (typeof d === "string" && !HOSTNAME.test(d))
        fail("customDomains", `${JSON.stringify(d)} is not a hostname.`);
    }
  }
  return failures;
}

function autoscalingBody(a: Autoscaling) {
  const cpu = a.cpuPercent ?? (a.memoryPercent === undefined ? 70 : undefined);
  return {
    enabled: true,
    min: a.min,
    max: a.max,
    criteria: {
      cpu: { enabled: cpu !== undefined, percentage: cpu ?? 70 },
      memory: { enabled: a.memoryPercent !== undefined, percentage: a.memoryPercent ?? 70 },
    },
  };
}

function envVarList(envVars: Record<string, string> | undefined): Array<{ key: string; value: string }> {
  return Object.entries(envVars ?? {}).map(([key, value]) => ({ key, value }));
}

function imageBody(inputs: ServiceInputs, ownerId: string) {
  return {
    imagePath: normalizeImageRef(inputs.image),
    ownerId,
    ...(inputs.registryCredentialId ? { registryCredentialId: inputs.registryCredentialId } : {}),
  };
}

/**
 * The one `POST /services` body. Free web services get nothing the free tier rejects (no maintenanceMode,
 * preDeployCommand or autoscaling, one instance); a worker's details are `backgroundWorkerDetailsPOST`.
 */
function createServiceBody(kind: ServiceKind, inputs: ServiceInputs, ownerId: string) {
  const web = kind.serviceType === "web_service";
  const free = inputs.plan === "free";
  const autoscale = !free && inputs.autoscaling?.enabled === true;
  const details: Record<string, unknown> = {
    runtime: "image",
    plan: inputs.plan,
    region: inputs.region,
    numInstances: free ? 1 : autoscale ? inputs.autoscaling!.min : (inputs.numInstances ?? 1),
  };
  if (autoscale) details.autoscaling = autoscalingBody(inputs.autoscaling!);
  if (web && inputs.healthCheckPath) details.healthCheckPath = inputs.healthCheckPath;
  if (!free && inputs.preDeployCommand) details.preDeployCommand = inputs.preDeployCommand;
  if (inputs.startCommand) details.envSpecificDetails = { dockerCommand: inputs.startCommand };
  const envVars = envVarList(inputs.envVars);
  return {
    type: kind.serviceType,
    name: inputs.name,
    ownerId,
    image: imageBody(inputs, ownerId),
    ...(envVars.length > 0 ? { envVars } : {}),
    serviceDetails: details,
  };
}

/** The `PATCH /services/{id}` body for the fields that changed, or undefined when none did. */
function patchServiceBody(kind: ServiceKind, olds: ServiceOutputs, news: ServiceInputs) {
  const body: Record<string, unknown> = {};
  const details: Record<string, unknown> = {};
  if (news.name !== olds.name) body.name = news.name;
  if (
    !sameImage(olds.image, news.image) ||
    (olds.registryCredentialId ?? "") !== (news.registryCredentialId ?? "")
  ) {
    body.image = imageBody(news, olds.ownerId);
  }
  if (news.plan !== olds.plan) details.plan = news.plan;
  if (kind.serviceType === "web_service" && (olds.healthCheckPath ?? "") !== (news.healthCheckPath ?? "")) {
    details.healthCheckPath = news.healthCheckPath ?? "";
  }
  if ((olds.startCommand ?? "") !== (news.startCommand ?? "")) {
    details.envSpecificDetails = { dockerCommand: news.startCommand ?? "" };
  }
  // "" clears a pre-deploy command (recorded TF traffic); the free plan takes none, so never set one there.
  const pre = news.plan === "free" ? "" : (news.preDeployCommand ?? "");
  if ((olds.preDeployCommand ?? "") !== pre) details.preDeployCommand = pre;
  if (Object.keys(details).length > 0) body.serviceDetails = details;
  return Object.keys(body).length > 0 ? body : undefined;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function sameEnv(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {}).sort();
  const kb = Object.keys(b ?? {}).sort();
  return sameJson(ka, kb) && ka.every((k) => a![k] === b![k]);
}

function domainSet(d: string[] | undefined): string[] {
  return [...new Set((d ?? []).map((x) => x.toLowerCase()))].sort();
}

function effectiveAutoscaling(a: Autoscaling | undefined): Autoscaling | undefined {
  return a?.enabled ? a : undefined;
}

/** Effective instance count while autoscaling is off (Render ignores numInstances while it is on). */
function instances(v: ServiceInputs): number | undefined {
  return effectiveAutoscaling(v.autoscaling) ? undefined : v.plan === "free" ? 1 : (v.numInstances ?? 1);
}

/** Pure diff: which inputs differ after normalisation; never calls the API. */
function diffService(
  kind: ServiceKind,
  olds: ServiceOutputs,
  news: ServiceInputs,
): pulumi.dynamic.DiffResult {
  const changed: string[] = [];
  const replaces: string[] = [];
  if (olds.region !== news.region) replaces.push("region");
  const newOwner = configuredOwnerId(news.ownerId);
  if (newOwner !== undefined && newOwner !== olds.ownerId) replaces.push("ownerId");
  if (olds.name !== news.name) changed.push("name");
  if (!sameImage(olds.image, news.image)) changed.push("image");
  if ((olds.registryCredentialId ?? "") !== (news.registryCredentialId ?? ""))
    changed.push("registryCredentialId");
  if (olds.plan !== news.plan) changed.push("plan");
  if (instances(olds) !== instances(news)) changed.push("numInstances");
  if (!sameJson(effectiveAutoscaling(olds.autoscaling), effectiveAutoscaling(news.autoscaling))) {
    changed.push("autoscaling");
  }
  if ((olds.startCommand ?? "") !== (news.startCommand ?? "")) changed.push("startCommand");
  if ((olds.preDeployCommand ?? "") !== (news.preDeployCommand ?? "")) changed.push("preDeployCommand");
  if (!sameEnv(olds.envVars, news.envVars)) changed.push("envVars");
  if (kind.serviceType === "web_service") {
    if ((olds.healthCheckPath ?? "") !== (news.healthCheckPath ?? "")) changed.push("healthCheckPath");
    if (!sameJson(domainSet(olds.customDomains), domainSet(news.customDomains)))
      changed.push("customDomains");
  }
  if (replaces.length > 0) {
    // Render service names are unique per workspace, so the old service must go before the new one is made.
    return { changes: true, replaces, deleteBeforeReplace: true };
  }
  return { changes: changed.length > 0 };
}

async function findServiceByName(
  ctx: RenderContext,
  kind: ServiceKind,
  name: string,
  ownerId: string,
): Promise<RenderService | undefined> {
  const found = await listAll<RenderService>(ctx, "look up by name", "/services", "service", {
    name,
    ownerId,
    type: kind.serviceType,
  });
  const exact = found.filter((s) => s.name === name);
  if (exact.length > 1) {
    throw new ApiError(
      `${ctx.resource}: create failed: ${exact.length} services named ${JSON.stringify(name)} exist`,
      {
        kind: "http",
      },
    );
  }
  return exact[0];
}

async function latestDeployId(ctx: RenderContext, serviceId: string): Promise<string> {
  const res = await call<Array<{ deploy: RenderDeploy }>>(
    ctx,
    "list deploys",
    "GET",
    `/services/${serviceId}/deploys`,
    {
      query: { limit: 1 },
    },
  );
  return res.body?.[0]?.deploy.id ?? "";
}

/** Polls a deploy until it is live; a failed status becomes an error naming it. */
async function waitForLive(ctx: RenderContext, service: RenderService, deployId: string): Promise<void> {
  const timing = pollTiming();
  const started = timing.now();
  let interval = timing.pollIntervalMs;
  const id = deployId || (await latestDeployId(ctx, service.id));
  for (;;) {
    const res = await call<RenderDeploy>(
      ctx,
      "wait for deploy",
      "GET",
      `/services/${service.id}/deploys/${id}`,
    );
    const status = res.body.status;
    if (status === "live") return;
    if (FAILED_DEPLOY.includes(status)) {
      throw new ApiError(
        `${ctx.resource}: deploy ${id} failed: status ${status} (logs: ${service.dashboardUrl}/deploys/${id})`,
        {
          kind: "deploy",
          apiMessage: status,
        },
      );
    }
    if (timing.now() - started > timing.pollTimeoutMs) {
      throw new ApiError(
        `${ctx.resource}: deploy ${id} failed: still ${status} after ${Math.round(timing.pollTimeoutMs / 60_000)} min`,
        { kind: "deploy", apiMessage: status },
      );
    }
    await timing.sleep(interval);
    interval = Math.min(15_000, Math.round(interval * 1.2));
  }
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

function outputsFrom(
  kind: ServiceKind,
  inputs: ServiceInputs,
  ownerId: string,
  service: RenderService,
  deployId: string,
): ServiceOutputs {
  const outs: ServiceOutputs = {
    ...inputs,
    ownerId,
    slug: service.slug,
    dashboardUrl: service.dashboardUrl,
    deployId,
  };
  if (kind.serviceType === "web_service") outs.url = service.serviceDetails?.url ?? "";
  return outs;
}

/** Creates the service with one POST; a lost answer is resolved by looking the name up, never by a blind retry. */
async function createService(kind: ServiceKind, inputs: ServiceInputs): Promise<pulumi.dynamic.CreateResult> {
  const label = resourceLabel(`render:${kind.typeName}`, inputs.name);
  const ctx = renderContext(label, "create");
  const ownerId = requireOwnerId(label, "create", inputs.ownerId);
  const startedAt = Date.now();
  const res = await call<{ service: RenderService; deployId?: string }>(ctx, "create", "POST", "/services", {
    body: createServiceBody(kind, inputs, ownerId),
    attempts: 3,
    recover: async (err) => {
      // A 429 was refused before anything happened; anything else may have created the service.
      if (err instanceof ApiError && err.status === 429) return undefined;
      const found = await findServiceByName(ctx, kind, inputs.name, ownerId);
      // Ignore a same-named service that predates this create (clock skew allowance: 5 minutes).
      if (!found || (found.createdAt && Date.parse(found.createdAt) < startedAt - 300_000)) return undefined;
      return { status: 201, headers: new Headers(), body: { service: found } };
    },
  });
  const service = res.body.service;
  let deployId = res.body.deployId ?? "";
  try {
    if (kind.serviceType === "web_service") {
      for (const domain of inputs.customDomains ?? []) await addDomain(ctx, service.id, domain);
    }
    if (inputs.waitForLive) {
      deployId ||= await latestDeployId(ctx, service.id);
      await waitForLive(ctx, service, deployId);
    }
  } catch (e) {
    // Pulumi records nothing when create throws, so leave nothing behind: an orphan would block the
    // next create with the same name.
    await deleteServiceById(ctx, service.id);
    throw e;
  }
  return { id: service.id, outs: outputsFrom(kind, inputs, ownerId, service, deployId) };
}

async function deleteServiceById(ctx: RenderContext, id: string): Promise<void> {
  await orNotFound(call(ctx, "delete", "DELETE", `/services/${id}`));
}

async function deleteService(kind: ServiceKind, id: string, props: ServiceOutputs): Promise<void> {
  const label = resourceLabel(`render:${kind.typeName}`, props?.name);
  await deleteServiceById(renderContext(label, "delete"), id);
}

function fromLiveAutoscaling(
  live: NonNullable<RenderService["serviceDetails"]>["autoscaling"],
  old: Autoscaling | undefined,
): Autoscaling | undefined {
  if (!live?.enabled) return old?.enabled ? { ...old, enabled: false } : old;
  const a: Autoscaling = { enabled: true, min: live.min, max: live.max };
  if (live.criteria?.cpu?.enabled) a.cpuPercent = live.criteria.cpu.percentage;
  if (live.criteria?.memory?.enabled) a.memoryPercent = live.criteria.memory.percentage;
  // Keep the user's spelling when it means the same (cpuPercent defaults to 70).
  return sameJson(autoscalingBody(a), old?.enabled ? autoscalingBody(old) : undefined) ? old : a;
}

/** Maps a live service (+ env vars, domains) onto outputs, keeping old spellings that mean the same. */
function serviceToOutputs(
  kind: ServiceKind,
  service: RenderService,
  envVars: Array<{ key: string; value: string }>,
  domains: Array<{ name: string; redirectForName?: string }> | undefined,
  old: Partial<ServiceOutputs>,
): ServiceOutputs {
  const d = service.serviceDetails ?? {};
  const image = service.imagePath ?? old.image ?? "";
  const keepEmpty = (live: string | undefined, prev: string | undefined) =>
    (live ?? "") === (prev ?? "") ? prev : live || undefined;
  const env = Object.fromEntries(envVars.map((e) => [e.key, e.value]));
  const outs: ServiceOutputs = {
    ...old,
    name: service.name,
    // Render may answer with the team id for an owner alias (recorded worker traffic); keep what we resolved.
    ownerId: old.ownerId ?? service.ownerId,
    image: old.image !== undefined && sameImage(old.image, image) ? old.image : image,
    registryCredentialId: keepEmpty(service.registryCredential?.id, old.registryCredentialId),
    plan: d.plan ?? old.plan ?? "",
    region: d.region ?? old.region ?? "",
    numInstances: d.numInstances === 1 && old.numInstances === undefined ? undefined : d.numInstances,
    autoscaling: fromLiveAutoscaling(d.autoscaling, old.autoscaling),
    startCommand: keepEmpty(d.envSpecificDetails?.dockerCommand, old.startCommand),
    // Written at serviceDetails.preDeployCommand but read back inside envSpecificDetails.
    preDeployCommand: keepEmpty(
      d.envSpecificDetails?.preDeployCommand ?? d.preDeployCommand,
      old.preDeployCommand,
    ),
    envVars: envVars.length === 0 && old.envVars === undefined ? undefined : env,
    slug: service.slug,
    dashboardUrl: service.dashboardUrl,
    deployId: old.deployId ?? "",
  };
  if (kind.serviceType === "web_service") {
    outs.url = d.url ?? "";
    outs.healthCheckPath = keepEmpty(d.healthCheckPath, old.healthCheckPath);
    // Render adds www/apex redirect domains by itself; they are not ours to manage.
    const names = (domains ?? []).filter((x) => !x.redirectForName).map((x) => x.name);
    outs.customDomains =
      names.length === 0 && old.customDomains === undefined
        ? undefined
        : sameJson(domainSet(names), domainSet(old.customDomains))
          ? old.customDomains
          : names;
  }
  for (const key of Object.keys(outs) as Array<keyof ServiceOutputs>) {
    if (outs[key] === undefined) delete outs[key];
  }
  return outs;
}

/** GET service + env vars (+ custom domains for web); a 404 returns no id so Pulumi drops the resource. */
async function readService(
  kind: ServiceKind,
  id: string,
  props: Partial<ServiceOutputs> = {},
): Promise<pulumi.dynamic.ReadResult> {
  const label = resourceLabel(`render:${kind.typeName}`, props.name);
  const ctx = renderContext(label, "read");
  const found = await orNotFound(call<RenderService>(ctx, "read", "GET", `/services/${id}`));
  if (!found) return {};
  const service = found.body;
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
  return { id, props: serviceToOutputs(kind, service, envVars, domains, props) };
}

/** Applies each changed field through the endpoint Render uses for it, then deploys if the config changed. */
async function updateService(
  kind: ServiceKind,
  id: string,
  olds: ServiceOutputs,
  news: ServiceInputs,
): Promise<pulumi.dynamic.UpdateResult> {
  const label = resourceLabel(`render:${kind.typeName}`, news.name);
  const ctx = renderContext(label, "update");
  let redeploy = false;
  let service: RenderService | undefined;

  const patch = patchServiceBody(kind, olds, news);
  if (patch) {
    service = (await call<RenderService>(ctx, "update", "PATCH", `/services/${id}`, { body: patch })).body;
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

  if (!sameEnv(olds.envVars, news.envVars)) {
    // PUT replaces the whole list, which is what "the env vars are exactly these" means.
    await call(ctx, "set env vars", "PUT", `/services/${id}/env-vars`, { body: envVarList(news.envVars) });
    redeploy = true;
  }

  if (kind.serviceType === "web_service") {
    const before = domainSet(olds.customDomains);
    const after = domainSet(news.customDomains);
    for (const d of after.filter((x) => !before.includes(x))) await addDomain(ctx, id, d);
    for (const d of before.filter((x) => !after.includes(x))) await removeDomain(ctx, id, d);
  }

  let deployId = olds.deployId;
  if (redeploy) {
    // PATCH and env-var changes take effect only on the next deploy; an image-backed service never
    // deploys by itself.
    const imageChanged = !sameImage(olds.image, news.image);
    const res: JsonResponse<RenderDeploy | undefined> = await call(
      ctx,
      "deploy",
      "POST",
      `/services/${id}/deploys`,
      {
        body: imageChanged ? { imageUrl: normalizeImageRef(news.image) } : {},
      },
    );
    // 202 "Queued" has no body; the newest deploy is found when waiting.
    deployId = res.body?.id ?? "";
    if (news.waitForLive) {
      service ??= (await call<RenderService>(ctx, "read", "GET", `/services/${id}`)).body;
      deployId ||= await latestDeployId(ctx, id);
      await waitForLive(ctx, service, deployId);
    }
  }
  const outs: ServiceOutputs = { ...olds, ...news, ownerId: olds.ownerId, deployId };
  // Inputs the user removed must not linger as stale outputs.
  for (const key of OPTIONAL_INPUTS) {
    if (news[key] === undefined) delete outs[key];
  }
  outs.slug = service?.slug ?? olds.slug;
  outs.dashboardUrl = service?.dashboardUrl ?? olds.dashboardUrl;
  if (kind.serviceType === "web_service") outs.url = service?.serviceDetails?.url ?? olds.url;
  return { outs };
}

/** The provider object for one service type. */
export function serviceProvider(
  kind: ServiceKind,
): pulumi.dynamic.ResourceProvider<ServiceInputs, ServiceOutputs> {
  return {
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
      return readService(kind, id, props);
    },
    async update(id, olds, news) {
      return updateService(kind, id, olds, news);
    },
    async delete(id, props) {
      await deleteService(kind, id, props);
    },
  };
}
