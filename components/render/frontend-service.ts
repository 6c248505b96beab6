import * as pulumi from "@pulumi/pulumi";
import * as render from "../../providers/render";
import { ImageBuild, RegistryLogin, pullCredential, pushedImage } from "./image";
import { placeService } from "./placement";

export interface FrontendServiceArgs {
  /** Render service name (unique in the workspace). */
  serviceName: string;
  /** A prebuilt image pinned by digest. Exactly one of `image` and `build`. */
  image?: pulumi.Input<string>;
  /** Build the image with BuildKit and push it to GHCR (the backend's pipeline). Exactly one of `image` and `build`. */
  build?: ImageBuild;
  /** GHCR credentials: push for `build`, and Render's pull credential for a private image. Default: none. */
  registry?: RegistryLogin;
  /** Render plan of the web service. */
  plan: string;
  /** Render region. Changing it replaces the service. */
  region: string;
  /** Path Render probes before routing traffic to a new deploy. */
  healthCheckPath: string;
  /** Custom domains served by the web service. Default: none. */
  customDomains?: string[];
  /** The site's runtime environment (and, for `build`, its build arguments). */
  environment: Record<string, pulumi.Input<string>>;
  /** The Render environment (evm-…) the service is placed in. Default: none. */
  environmentId?: pulumi.Input<string>;
  /** An existing service (srv-…) to take over instead of creating one. Default: none. */
  adoptId?: string;
  /** The caller's config key that adopts it, named in the provider's errors. Default: none. */
  adoptConfigKey?: string;
}

/**
 * The site (a Next.js standalone server) as an image-backed Render web service. `NEXT_PUBLIC_*` values are
 * inlined when the image is built (vercel/next.js docs, environment-variables.mdx), so a built image gets the
 * site's variables as build arguments too. The API's URL is among them when it is known before the API exists
 * (its custom domain); otherwise it reaches the site as a runtime variable ({@link setVariable}), which the site
 * reads on the server (docs/render.md).
 */
export class FrontendService extends pulumi.ComponentResource {
  /** `https://<custom domain>` when one is set, else Render's `https://<slug>.onrender.com`. */
  public readonly url: pulumi.Output<string>;
  public readonly serviceId: pulumi.Output<string>;
  public readonly imageRef: pulumi.Output<string>;
  private readonly name: string;

  constructor(name: string, args: FrontendServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("webapp:app:RenderFrontend", name, {}, opts);
    if ((args.image === undefined) === (args.build === undefined)) {
      throw new Error(
        `FrontendService "${name}": set exactly one of image (a prebuilt image) and build (a context to build).`,
      );
    }
    this.name = name;
    const imageRef = args.build
      ? pushedImage(name, { ...args.build, buildArgs: args.environment }, args.registry, this)
      : pulumi.output(args.image!);
    const credential = pullCredential(name, args.serviceName, args.registry, this);
    const domains = args.customDomains ?? [];
    const web = new render.WebService(
      `${name}-web`,
      {
        name: args.serviceName,
        image: imageRef,
        registryCredentialId: credential?.id,
        plan: args.plan,
        region: args.region,
        numInstances: 1,
        healthCheckPath: args.healthCheckPath,
        // Next.js standalone listens on HOSTNAME:PORT; Render routes to 0.0.0.0:$PORT (targets.md §1, §5).
        envVars: { HOSTNAME: "0.0.0.0", ...args.environment },
        customDomains: domains,
        adoptId: args.adoptId,
        adoptConfigKey: args.adoptConfigKey,
      },
      { parent: this },
    );
    placeService(`${name}-web`, args.environmentId, web.id, this);

    this.url = domains.length > 0 ? pulumi.output(`https://${domains[0]}`) : web.url;
    this.serviceId = web.id;
    this.imageRef = imageRef;
    this.registerOutputs({ url: this.url, serviceId: this.serviceId, imageRef: this.imageRef });
  }

  /** Sets one runtime variable on the site and deploys it (the API's URL, known after the API exists). */
  public setVariable(key: string, value: pulumi.Input<string>): render.EnvVar {
    return new render.EnvVar(
      `${this.name}-env-${key.toLowerCase().replace(/_/g, "-")}`,
      { serviceId: this.serviceId, key, value, deploy: true },
      { parent: this },
    );
  }
}
