/**
 * The request bodies of WebService and BackgroundWorker (`POST /services`, `PATCH /services/{id}`,
 * autoscaling) and the one place commands get their shell. Holds no state (see ../shared/http.ts).
 */

import { normalizeImageRef, sameImage } from "./image-ref";
import type { Autoscaling, ServiceInputs, ServiceKind, ServiceOutputs } from "./service-types";

/**
 * What Render runs for a command line: `/bin/sh -c '<line>'`. Render's `dockerCommand` "overrides the
 * container CMD" without a shell, so `$PORT`, `&&` and quotes would reach the program verbatim; Render's
 * own guidance for shell syntax is `/bin/sh -c '...'` (real-world.md, render-oss/skills `render-docker`).
 * Every plan, start and pre-deploy alike: callers pass the plain command line.
 */
export function shellCommand(line: string | undefined): string {
  if (line === undefined || line === "") return "";
  return `/bin/sh -c '${line.replace(/'/g, `'\\''`)}'`;
}

/** The command line inside a {@link shellCommand}, or undefined when `live` is not one (set by hand). */
export function fromShellCommand(live: string): string | undefined {
  const m = /^\/bin\/sh -c '([\s\S]*)'$/.exec(live);
  if (!m) return undefined;
  const line = m[1].replace(/'\\''/g, "'");
  return shellCommand(line) === live ? line : undefined;
}

/** The pre-deploy command Render should hold: none on free (it refuses one), else the shell form. */
export function wantedPreDeploy(v: Pick<ServiceInputs, "plan" | "preDeployCommand">): string {
  return v.plan === "free" ? "" : shellCommand(v.preDeployCommand);
}

/** What Render holds per the outputs; state from before the shell form recorded the raw line it sent. */
export function heldCommands(olds: ServiceOutputs): { start: string; preDeploy: string } {
  return {
    start: olds.liveStartCommand ?? olds.startCommand ?? "",
    preDeploy: olds.livePreDeployCommand ?? (olds.plan === "free" ? "" : (olds.preDeployCommand ?? "")),
  };
}

export function autoscalingBody(a: Autoscaling) {
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
export function createServiceBody(kind: ServiceKind, inputs: ServiceInputs, ownerId: string) {
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
  const pre = wantedPreDeploy(inputs);
  if (pre) details.preDeployCommand = pre;
  if (inputs.startCommand) details.envSpecificDetails = { dockerCommand: shellCommand(inputs.startCommand) };
  const envVars = Object.entries(inputs.envVars ?? {}).map(([key, value]) => ({ key, value }));
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
export function patchServiceBody(kind: ServiceKind, olds: ServiceOutputs, news: ServiceInputs) {
  const body: Record<string, unknown> = {};
  const details: Record<string, unknown> = {};
  const held = heldCommands(olds);
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
  const start = shellCommand(news.startCommand);
  if (held.start !== start) details.envSpecificDetails = { dockerCommand: start };
  // "" clears a pre-deploy command (recorded TF traffic).
  const pre = wantedPreDeploy(news);
  if (held.preDeploy !== pre) details.preDeployCommand = pre;
  if (Object.keys(details).length > 0) body.serviceDetails = details;
  return Object.keys(body).length > 0 ? body : undefined;
}
