import * as pulumi from "@pulumi/pulumi";
import type { BackendContract } from "../../contracts";
import type { Builder } from "../catalog";
import { BackendBuild, BackendService } from "./backend-service";
import { renderCatalog } from "./catalog";
import { stackEnvironment } from "./placement";

/** `webapp:backend` as the common schema and the Render catalog's fragment return it. */
interface RenderSettings {
  image?: string;
  build?: BackendBuild;
  ghcr?: { username: string; token: pulumi.Output<string> };
  plan: string;
  instances: number;
  autoscaling?: { min: number; max: number; cpuPercent: number; memoryPercent?: number };
  healthCheckPath: string;
  startCommand: string;
  migrateCommand: string;
  releaseCommand?: string;
  worker: boolean;
  workerPlan: string;
  workerCommand: string;
}

/** The `backend` part on Render: the API as a web service (+ a worker), in the stack's region. */
export const renderBuilder: Builder<"backend"> = {
  build: ({ name, parent, facts, settings, adopt, own, inputs }): BackendContract => {
    const s = settings as unknown as RenderSettings;
    const environmentId = stackEnvironment(parent, facts, own);
    const backend = new BackendService(
      name,
      {
        serviceName: `${facts.prefix}-api`,
        image: s.image,
        build: s.build ? { ...s.build } : undefined,
        registry: s.ghcr ? { username: s.ghcr.username, token: s.ghcr.token } : undefined,
        plan: s.plan,
        region: renderCatalog.regions![facts.region],
        instances: s.instances,
        autoscaling: s.autoscaling ? { ...s.autoscaling } : undefined,
        healthCheckPath: s.healthCheckPath,
        startCommand: s.startCommand,
        migrateCommand: s.migrateCommand,
        releaseCommand: s.releaseCommand,
        worker: s.worker ? { plan: s.workerPlan, command: s.workerCommand } : undefined,
        customDomains: inputs.domain ? [inputs.domain] : [],
        frontendUrl: inputs.frontend?.sameOrigin ? undefined : inputs.frontend?.url,
        servesFrontend: inputs.frontend?.sameOrigin === true,
        environmentId,
        environment: inputs.environment,
        imageKeys: inputs.imageKeys,
        waitForLive: facts.tier === "paid",
        adopt: {
          webService: adopt.backendService as string | undefined,
          worker: adopt.backendWorker as string | undefined,
        },
        adoptConfigKeys: { webService: "webapp:adopt.backendService", worker: "webapp:adopt.backendWorker" },
        protect: facts.protectData,
      },
      { parent },
    );
    return {
      url: inputs.domain ? pulumi.output(`https://${inputs.domain}`) : backend.renderUrl,
      imageRef: backend.imageRef,
      unmanagedEnvVarKeys: backend.unmanagedEnvVarKeys,
      ...(environmentId ? { placement: environmentId } : {}),
    };
  },
};
