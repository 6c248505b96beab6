import * as pulumi from "@pulumi/pulumi";
import { serviceProvider } from "./service";

export interface BackgroundWorkerArgs {
  /** Service name, unique within the Render workspace. */
  name: pulumi.Input<string>;
  /** Workspace id (usr-… or tea-…). Default: `render:ownerId` config or RENDER_OWNER_ID at run time. Change => replace. */
  ownerId?: pulumi.Input<string>;
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
  /** Overrides the image's command (Render's dockerCommand), e.g. `celery -A app worker`. Default: the image's CMD. */
  startCommand?: pulumi.Input<string>;
  /** Runs before each deploy. Default: none. */
  preDeployCommand?: pulumi.Input<string>;
  /** Environment variables; values may be secrets and are stored as secret outputs. Default: none. */
  envVars?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Wait until the deploy is live and fail with its status otherwise. Default false. */
  waitForLive?: pulumi.Input<boolean>;
  /** Id of an existing resource to take over instead of creating one. Default: none. */
  adoptId?: pulumi.Input<string>;
}

/** The provider object; exported so tests and tools can drive it directly. */
export const backgroundWorkerProvider = serviceProvider({
  typeName: "BackgroundWorker",
  serviceType: "background_worker",
});

/** An image-backed Render background worker (`pulumi-nodejs:dynamic/render:BackgroundWorker`). */
export class BackgroundWorker extends pulumi.dynamic.Resource {
  declare public readonly slug: pulumi.Output<string>;
  declare public readonly dashboardUrl: pulumi.Output<string>;
  /** The deploy started by the last create/update. */
  declare public readonly deployId: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly ownerId: pulumi.Output<string>;
  declare public readonly envVars: pulumi.Output<Record<string, string> | undefined>;

  constructor(name: string, args: BackgroundWorkerArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      backgroundWorkerProvider,
      name,
      { slug: undefined, dashboardUrl: undefined, deployId: undefined, ownerId: undefined, ...args },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["envVars"] }),
      "render",
      "BackgroundWorker",
    );
  }
}
