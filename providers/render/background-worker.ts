import * as pulumi from "@pulumi/pulumi";
import { ServiceKind, serviceProvider } from "./service";

export interface BackgroundWorkerArgs {
  /** Service name, unique within the Render workspace. */
  name: pulumi.Input<string>;
  /** Workspace id (usr-… or tea-…). Default: `render:ownerId` config or RENDER_OWNER_ID at create; kept in the state after that (only a change of this input replaces). */
  ownerId?: pulumi.Input<string>;
  /**
   * An existing service (srv-…) to take over instead of creating one (dynamic resources cannot be
   * imported): create reads it and converges it to these inputs; env vars and domains set by hand stay.
   */
  adoptId?: pulumi.Input<string>;
  /** Image reference, preferably pinned by digest (repo@sha256:…). */
  image: pulumi.Input<string>;
  /** Registry credential (rgc-…) for a private image. Default: none (public image). */
  registryCredentialId?: pulumi.Input<string>;
  /** starter | standard | pro | pro_plus | pro_max | pro_ultra (Render has no free workers). */
  plan: pulumi.Input<string>;
  /** oregon | ohio | virginia | frankfurt | singapore. Change => replace. */
  region: pulumi.Input<string>;
  /** Instance count. Default 1. */
  numInstances?: pulumi.Input<number>;
  /** The plain command line; the provider runs it as `/bin/sh -c '<line>'` so `$PORT` expands. Overrides the image's command (Render's dockerCommand), e.g. `celery -A app worker`. Default: the image's CMD. */
  startCommand?: pulumi.Input<string>;
  /** A plain command line (run under /bin/sh -c like startCommand); runs before each deploy. Default: none. */
  preDeployCommand?: pulumi.Input<string>;
  /** Environment variables; values may be secrets and are stored as secret outputs. Default: none. */
  envVars?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Wait until the deploy is live and fail with its status otherwise; a failed or slow first deploy keeps
   * the service (recorded as partially created) and the next `pulumi up` deploys again. Default false.
   */
  waitForLive?: pulumi.Input<boolean>;
  /** Minutes to wait for a deploy. Default 45 (Render: pre-deploy up to 30 min, start up to 15 min). */
  deployTimeoutMinutes?: pulumi.Input<number>;
  /** The caller's config key that adopts this service, named in the errors' fix; not an input. Default: none. */
  adoptConfigKey?: string;
}

/** What the shared service code needs to know about this type; the adopt hint comes from the caller. */
const KIND: ServiceKind = {
  typeName: "BackgroundWorker",
  serviceType: "background_worker",
};

/** The provider object; exported so tests and tools can drive it directly. */
export const backgroundWorkerProvider = serviceProvider(KIND);

/** An image-backed Render background worker (`pulumi-nodejs:dynamic/render:BackgroundWorker`). */
export class BackgroundWorker extends pulumi.dynamic.Resource {
  declare public readonly slug: pulumi.Output<string>;
  declare public readonly dashboardUrl: pulumi.Output<string>;
  /** The deploy started by the last create/update. */
  declare public readonly deployId: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly ownerId: pulumi.Output<string>;
  declare public readonly envVars: pulumi.Output<Record<string, string> | undefined>;
  /** Env vars found on the service that the program does not manage (set by hand): names only. */
  declare public readonly unmanagedEnvVarKeys: pulumi.Output<string[]>;

  constructor(
    name: string,
    { adoptConfigKey, ...args }: BackgroundWorkerArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      adoptConfigKey ? serviceProvider({ ...KIND, adoptConfigKey }) : backgroundWorkerProvider,
      name,
      {
        slug: undefined,
        dashboardUrl: undefined,
        deployId: undefined,
        ownerId: undefined,
        unmanagedEnvVarKeys: undefined,
        ...args,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["envVars"] }),
      "render",
      "BackgroundWorker",
    );
  }
}
