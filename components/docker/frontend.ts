import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { DOCKER_COMPONENTS } from "./catalog";
import { healthcheck, replaceOrder, requirePinned, roleLabel } from "./health";

export interface DockerFrontendArgs {
  /** The built frontend served by nginx on `port`, pinned by digest. */
  image: pulumi.Input<string>;
  /** The internal network (DockerHost.internalNetwork). */
  network: pulumi.Input<string>;
  /** Name the proxy reaches it by, shared by old and new during an update. Default `frontend`. */
  alias?: string;
  /** Port it serves on inside the container. Default 80. */
  port?: number;
}

/**
 * The built frontend in its own container behind the proxy, not inside the proxy: an update replaces only
 * this container, create-before-delete under one alias as the backend does, while the proxy (which holds
 * the fixed host ports and so must be deleted before it is replaced) stays up.
 */
export class DockerFrontend extends pulumi.ComponentResource {
  public readonly upstream: { host: string; port: number };

  constructor(name: string, args: DockerFrontendArgs, opts?: pulumi.ComponentResourceOptions) {
    super(DOCKER_COMPONENTS.frontend, name, {}, opts);

    requirePinned(`DockerFrontend "${name}": image`, args.image);
    const alias = args.alias ?? "frontend";
    const port = args.port ?? 80;

    const image = new docker.RemoteImage(
      `${name}-image`,
      { name: args.image, keepLocally: true },
      { parent: this },
    );
    new docker.Container(
      `${name}-web`,
      {
        image: args.image,
        networksAdvanced: [{ name: args.network, aliases: [alias] }],
        restart: "unless-stopped",
        healthcheck: healthcheck(["CMD", "curl", "-fsS", "-o", "/dev/null", `http://127.0.0.1:${port}/`]),
        wait: true,
        // nginx's graceful stop (SIGQUIT) finishes open requests.
        destroyGraceSeconds: 15,
        labels: roleLabel("frontend"),
      },
      // No name, no host port: old and new run side by side under the alias until the old one is stopped.
      { parent: this, dependsOn: [image], ...replaceOrder("create-first") },
    );

    this.upstream = { host: alias, port };
    this.registerOutputs({ upstream: this.upstream });
  }
}
