/**
 * How WebService and BackgroundWorker compare: the pure diff, and the mapping of a live service onto
 * outputs (keeping the user's spelling of equivalent values, and only the env vars and domains the program
 * manages). Holds no state (see ../shared/http.ts).
 */

import type * as pulumi from "@pulumi/pulumi";
import { managedEnv } from "./env-vars";
import { sameImage } from "./image-ref";
import type { Autoscaling, RenderService, ServiceInputs, ServiceKind, ServiceOutputs } from "./service-types";
import {
  autoscalingBody,
  fromShellCommand,
  heldCommands,
  shellCommand,
  wantedPreDeploy,
} from "./service-body";

export const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function sameEnv(
  a: Record<string, string> | undefined,
  b: Record<string, string> | undefined,
): boolean {
  const ka = Object.keys(a ?? {}).sort();
  const kb = Object.keys(b ?? {}).sort();
  return sameJson(ka, kb) && ka.every((k) => a![k] === b![k]);
}

export function domainSet(d: string[] | undefined): string[] {
  return [...new Set((d ?? []).map((x) => x.toLowerCase()))].sort();
}

export function effectiveAutoscaling(a: Autoscaling | undefined): Autoscaling | undefined {
  return a?.enabled ? a : undefined;
}

/** Effective instance count while autoscaling is off (Render ignores numInstances while it is on). */
export function instances(v: ServiceInputs): number | undefined {
  return effectiveAutoscaling(v.autoscaling) ? undefined : v.plan === "free" ? 1 : (v.numInstances ?? 1);
}

/** Pure diff: which inputs differ after normalisation; never calls the API. */
export function diffService(
  kind: ServiceKind,
  olds: ServiceOutputs,
  news: ServiceInputs,
): pulumi.dynamic.DiffResult {
  const changed: string[] = [];
  const replaces: string[] = [];
  const held = heldCommands(olds);
  if (olds.region !== news.region) replaces.push("region");
  // Only an explicit ownerId input moves a service: the workspace it was made in is kept in the state, so a
  // different RENDER_OWNER_ID or render:ownerId in the shell never deletes and recreates it.
  if (news.ownerId && news.ownerId !== olds.ownerId) replaces.push("ownerId");
  if (olds.name !== news.name) changed.push("name");
  if (!sameImage(olds.image, news.image)) changed.push("image");
  if ((olds.registryCredentialId ?? "") !== (news.registryCredentialId ?? ""))
    changed.push("registryCredentialId");
  if (olds.plan !== news.plan) changed.push("plan");
  if (instances(olds) !== instances(news)) changed.push("numInstances");
  if (!sameJson(effectiveAutoscaling(olds.autoscaling), effectiveAutoscaling(news.autoscaling))) {
    changed.push("autoscaling");
  }
  if (held.start !== shellCommand(news.startCommand)) changed.push("startCommand");
  if (held.preDeploy !== wantedPreDeploy(news)) changed.push("preDeployCommand");
  if (!sameEnv(olds.envVars, news.envVars)) changed.push("envVars");
  if (kind.serviceType === "web_service") {
    if ((olds.healthCheckPath ?? "") !== (news.healthCheckPath ?? "")) changed.push("healthCheckPath");
    if (!sameJson(domainSet(olds.customDomains), domainSet(news.customDomains)))
      changed.push("customDomains");
  }
  if (olds.deployPending) changed.push("deployId");
  if (replaces.length > 0) {
    // Render service names are unique per workspace, so the old service must go before the new one is made.
    return { changes: true, replaces, deleteBeforeReplace: true };
  }
  return { changes: changed.length > 0 };
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

/** The command line behind what Render holds, in the user's spelling when it is the same. */
function liveCommand(live: string, prev: string | undefined): string | undefined {
  if (live === "") return prev === "" ? prev : undefined;
  const line = fromShellCommand(live) ?? live;
  return line === prev ? prev : line;
}

/**
 * Maps a live service (+ all its env vars, domains) onto outputs. `old` says what the program manages:
 * the keys of `old.envVars` and the names in `old.customDomains`; everything else on the service was set
 * by hand and is only listed (`unmanagedEnvVarKeys`), never taken over.
 */
export function serviceToOutputs(
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
  const env = managedEnv(envVars, old.envVars);
  const liveStart = d.envSpecificDetails?.dockerCommand ?? "";
  // Written at serviceDetails.preDeployCommand but read back inside envSpecificDetails.
  const livePre = d.envSpecificDetails?.preDeployCommand ?? d.preDeployCommand ?? "";
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
    startCommand: liveCommand(liveStart, old.startCommand),
    preDeployCommand: liveCommand(livePre, old.preDeployCommand),
    liveStartCommand: liveStart,
    livePreDeployCommand: livePre,
    envVars: Object.keys(env.managed).length === 0 && old.envVars === undefined ? undefined : env.managed,
    unmanagedEnvVarKeys: env.unmanaged,
    slug: service.slug,
    dashboardUrl: service.dashboardUrl,
    deployId: old.deployId ?? "",
  };
  if (kind.serviceType === "web_service") {
    outs.url = d.url ?? "";
    outs.healthCheckPath = keepEmpty(d.healthCheckPath, old.healthCheckPath);
    // Render adds www/apex redirect domains by itself, and domains added by hand are not ours either.
    const managed = domainSet(old.customDomains);
    const names = (domains ?? [])
      .filter((x) => !x.redirectForName && managed.includes(x.name.toLowerCase()))
      .map((x) => x.name);
    outs.customDomains =
      names.length === 0 && old.customDomains === undefined
        ? undefined
        : sameJson(domainSet(names), managed)
          ? old.customDomains
          : names;
  }
  for (const key of Object.keys(outs) as Array<keyof ServiceOutputs>) {
    if (outs[key] === undefined) delete outs[key];
  }
  return outs;
}
