/**
 * The types Render web services and background workers share (inputs, outputs, Render's service object) and
 * Render's plan and region enums: a leaf that service.ts and its helpers (service-body, service-check,
 * service-state) all import, so none of them imports service.ts back.
 */

export const REGIONS = ["oregon", "ohio", "virginia", "frankfurt", "singapore"];
/** Background workers take `paidPlan` (openapi.json `backgroundWorkerDetailsPOST.plan`). */
export const PAID_PLANS = ["starter", "standard", "pro", "pro_plus", "pro_max", "pro_ultra"] as const;
/** Web services take `plan` (openapi.json `webServiceDetailsPOST.plan`), every value it lists. */
export const WEB_PLANS = [
  "free",
  "starter",
  "starter_plus",
  "standard",
  "standard_plus",
  "pro",
  "pro_plus",
  "pro_max",
  "pro_ultra",
  "custom",
] as const;

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
  /** An existing service (srv-…) to take over instead of creating one; read only by create. */
  adoptId?: string;
  image: string;
  registryCredentialId?: string;
  plan: string;
  region: string;
  numInstances?: number;
  autoscaling?: Autoscaling;
  healthCheckPath?: string;
  /** The plain command line; Render gets it as `/bin/sh -c '<line>'` (see service-body.ts). */
  startCommand?: string;
  preDeployCommand?: string;
  envVars?: Record<string, string>;
  customDomains?: string[];
  waitForLive?: boolean;
  /** How long to wait for a deploy to go live. Default 45 (Render: pre-deploy 30 min + start 15 min). */
  deployTimeoutMinutes?: number;
}

export interface ServiceOutputs extends ServiceInputs {
  /** The workspace the service lives in, resolved at create time and kept. */
  ownerId: string;
  /** Public URL from `serviceDetails.url` (web services only). */
  url?: string;
  slug: string;
  dashboardUrl: string;
  /** The latest deploy this provider started or observed. */
  deployId: string;
  /** Exactly what Render holds as `dockerCommand` / pre-deploy command. */
  liveStartCommand?: string;
  livePreDeployCommand?: string;
  /** Env vars on the service that the program does not manage (set by hand): names only. */
  unmanagedEnvVarKeys?: string[];
  /** The service exists but its last deploy failed or timed out: the next update deploys again. */
  deployPending?: boolean;
}

export type ServiceType = "web_service" | "background_worker";

export interface ServiceKind {
  /** Pulumi type name: "WebService" | "BackgroundWorker". */
  typeName: string;
  serviceType: ServiceType;
  /**
   * The caller's config key that adopts a service of this kind, for the errors' fix; the program's components
   * pass it in (the provider knows no program's keys). Absent: the errors name `adoptId`.
   */
  adoptConfigKey?: string;
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
