import { plainCredentialPaths } from "../../policies/offline/credential-values-are-secrets";
import type { OperationsReport } from "./operations";
import type { PlannedStack, Violation } from "./types";

/** Shown instead of any secret value. */
export const SECRET_MASK = "[secret]";

/** Shown instead of a value the mocks invented (an id, URL or digest the services assign on deploy). */
export const UNKNOWN = "(known after deploy)";

/** Inputs Pulumi adds for its own use; the serialized dynamic-provider code is never shown. */
const HIDDEN_INPUTS = new Set(["__provider"]);

/** Inputs worth a reviewer's eye, per type, in every printed format; everything else is in the JSON. */
export const KEY_INPUTS: Record<string, string[]> = {
  "pulumi-nodejs:dynamic/render:WebService": [
    "name",
    "plan",
    "region",
    "numInstances",
    "autoscaling",
    "image",
    "healthCheckPath",
    "startCommand",
    "preDeployCommand",
    "customDomains",
  ],
  "pulumi-nodejs:dynamic/render:BackgroundWorker": [
    "name",
    "plan",
    "region",
    "numInstances",
    "image",
    "startCommand",
  ],
  "pulumi-nodejs:dynamic/render:RegistryCredential": ["name", "registry", "username", "authToken"],
  "pulumi-nodejs:dynamic/render:EnvVar": ["key", "value", "deploy"],
  "pulumi-nodejs:dynamic/neon:Project": [
    "name",
    "regionId",
    "pgVersion",
    "autoscalingMinCu",
    "autoscalingMaxCu",
    "historyRetentionSeconds",
    "suspendTimeoutSeconds",
  ],
  "pulumi-nodejs:dynamic/neon:Branch": ["name", "endpoint"],
  "pulumi-nodejs:dynamic/neon:Role": ["name"],
  "pulumi-nodejs:dynamic/neon:Database": ["name", "ownerName"],
  "pulumi-nodejs:dynamic/neon:Endpoint": ["type", "minCu", "maxCu", "suspendTimeoutSeconds"],
  "pulumi-nodejs:dynamic/cloudinary:Folder": ["path"],
  "pulumi-nodejs:dynamic/cloudinary:UploadPreset": [
    "name",
    "unsigned",
    "resourceType",
    "allowedFormats",
    "maxFileSizeBytes",
  ],
  "upstash:index/redisDatabase:RedisDatabase": [
    "databaseName",
    "region",
    "primaryRegion",
    "readRegions",
    "tls",
    "eviction",
  ],
  "vercel:index/project:Project": ["name", "framework", "gitRepository", "rootDirectory", "resourceConfig"],
  "vercel:index/projectDomain:ProjectDomain": ["domain"],
  "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable": [
    "key",
    "value",
    "sensitive",
    "targets",
  ],
  "docker-build:index:Image": ["tags", "push", "platforms", "context"],
  "pulumi-nodejs:dynamic/uptimerobot:Monitor": ["friendlyName", "type", "url", "interval", "keywordValue"],
  "pulumi-nodejs:dynamic/uptimerobot:AlertContact": ["friendlyName", "email"],
  "sentry:index/sentryProject:SentryProject": ["organization", "slug", "platform", "teams"],
  "sentry:index/sentryKey:SentryKey": ["name"],
  "random:index/randomPassword:RandomPassword": ["length", "special"],
};

export interface CostLine {
  urn: string;
  type: string;
  name: string;
  monthlyUsd: number;
  basis: string;
}

export interface ReportResource {
  urn: string;
  type: string;
  name: string;
  parent?: string;
  custom: boolean;
  /** Secrets masked, invented values replaced by {@link UNKNOWN}. */
  inputs: Record<string, unknown>;
  /** Leaf paths of `inputs` that read {@link UNKNOWN}; `--compare` ignores them. */
  unknownInputs?: string[];
  /** Leaf path of `inputs` -> URNs its value came from (the diagram's labelled edges). */
  inputDependencies?: Record<string, string[]>;
  dependencies: string[];
  protect?: boolean;
  retainOnDelete?: boolean;
  deleteBeforeReplace?: boolean;
  /** The existing resource's import id: `pulumi up` imports it (Pulumi's `= import` step) instead of creating it. */
  import?: string;
}

/** What every output format is printed from, and the `--json` file. Secrets are already masked here. */
export interface PlanReport {
  project: string;
  stack: string;
  resources: ReportResource[];
  outputs: Record<string, unknown>;
  violations: Violation[];
  cost: { lines: CostLine[]; totalUsd: number };
  /** The cost with everything that autoscales at its maximum (lines: those resources); absent in older plan files. */
  costCeiling?: { lines: CostLine[]; totalUsd: number };
  /** Monitors, error tracking, keep-warm quotas, recovery windows and backups (tools/plan/operations.ts). */
  operations?: OperationsReport;
}

export function buildReport(
  plan: PlannedStack,
  violations: Violation[],
  cost: { lines: CostLine[]; totalUsd: number },
): PlanReport {
  return {
    project: plan.project,
    stack: plan.stack,
    resources: plan.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      ...(r.parent ? { parent: r.parent } : {}),
      custom: r.custom,
      // A credential given in plain text is a policy violation, and is masked like a secret all the same.
      inputs: mask(
        r.inputs,
        [...(r.secretMembers ?? r.secretPaths), ...plainCredentialPaths(r)],
        r.unknownPaths,
      ),
      ...(r.unknownPaths?.length ? { unknownInputs: r.unknownPaths } : {}),
      ...(r.inputDependencies && Object.keys(r.inputDependencies).length
        ? { inputDependencies: r.inputDependencies }
        : {}),
      dependencies: r.dependencies,
      ...(r.options.protect ? { protect: true } : {}),
      ...(r.options.retainOnDelete ? { retainOnDelete: true } : {}),
      ...(r.options.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
      ...(r.options.import ? { import: r.options.import } : {}),
    })),
    outputs: Object.fromEntries(
      Object.entries(plan.outputs).map(([k, v]) => [
        k,
        plan.secretOutputs.includes(k) ? SECRET_MASK : plan.unknownOutputs?.includes(k) ? UNKNOWN : v,
      ]),
    ),
    violations,
    cost,
  };
}

/**
 * A copy of `inputs` with every secret path replaced by the mask, every unknown one by {@link UNKNOWN} (a
 * secret stays masked either way) and Pulumi's internal inputs dropped.
 */
export function mask(
  inputs: Record<string, unknown>,
  secretPaths: string[],
  unknownPaths: string[] = [],
): Record<string, unknown> {
  const secret = new Set(secretPaths);
  const unknown = new Set(unknownPaths);
  const walk = (value: unknown, at: string): unknown => {
    if (secret.has(at)) return SECRET_MASK;
    if (unknown.has(at)) return UNKNOWN;
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${at}[${i}]`));
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([k]) => !(at === "" && HIDDEN_INPUTS.has(k)))
          .map(([k, v]) => [k, walk(v, at ? `${at}.${k}` : k)]),
      );
    }
    return value;
  };
  return walk(inputs, "") as Record<string, unknown>;
}

export function usd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}
