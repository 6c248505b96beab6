import * as pulumi from "@pulumi/pulumi";
import { Autoscaling, serviceProvider } from "./service";

export interface WebServiceArgs {
  /** Service name, unique within the Render workspace. */
  name: pulumi.Input<string>;
  /** Workspace id (usr-… or tea-…). Default: `render:ownerId` config or RENDER_OWNER_ID at run time. Change => replace. */
  ownerId?: pulumi.Input<string>;
  /** Image reference, preferably pinned by digest (repo@sha256:…). */
  image: pulumi.Input<string>;
  /** Registry credential (rgc-…) for a private image. Default: none (public image). */
  registryCredentialId?: pulumi.Input<string>;
  /** free | starter | standard | pro | pro_plus | pro_max | pro_ultra. */
  plan: pulumi.Input<string>;
  /** oregon | ohio | virginia | frankfurt | singapore. Change => replace. */
  region: pulumi.Input<string>;
  /** Instance count. Default 1; ignored while autoscaling is enabled; must be 1 on the free plan. */
  numInstances?: pulumi.Input<number>;
  /** Autoscaling (paid plans). Default: off. */
  autoscaling?: pulumi.Input<Autoscaling>;
  /** HTTP path Render probes before routing traffic. Default: none. */
  healthCheckPath?: pulumi.Input<string>;
  /** Overrides the image's command (Render's dockerCommand). Default: the image's CMD. */
  startCommand?: pulumi.Input<string>;
  /** Runs before each deploy (paid plans only). Default: none. */
  preDeployCommand?: pulumi.Input<string>;
  /** Environment variables; values may be secrets and are stored as secret outputs. Default: none. */
  envVars?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Custom domains to attach. Default: none. */
  customDomains?: pulumi.Input<pulumi.Input<string>[]>;
  /** Wait until the deploy is live and fail with its status otherwise. Default false. */
  waitForLive?: pulumi.Input<boolean>;
  /** Id of an existing resource to take over instead of creating one. Default: none. */
  adoptId?: pulumi.Input<string>;
}

/** The provider object; exported so tests and tools can drive it directly. */
export const webServiceProvider = serviceProvider({ typeName: "WebService", serviceType: "web_service" });

/** An image-backed Render web service (`pulumi-nodejs:dynamic/render:WebService`). */
export class WebService extends pulumi.dynamic.Resource {
  /** Public URL (Render's `serviceDetails.url`, e.g. https://<slug>.onrender.com). */
  declare public readonly url: pulumi.Output<string>;
  declare public readonly slug: pulumi.Output<string>;
  declare public readonly dashboardUrl: pulumi.Output<string>;
  /** The deploy started by the last create/update. */
  declare public readonly deployId: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly ownerId: pulumi.Output<string>;
  declare public readonly envVars: pulumi.Output<Record<string, string> | undefined>;

  constructor(name: string, args: WebServiceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      webServiceProvider,
      name,
      {
        url: undefined,
        slug: undefined,
        dashboardUrl: undefined,
        deployId: undefined,
        ownerId: undefined,
        ...args,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["envVars"] }),
      "render",
      "WebService",
    );
  }
}
