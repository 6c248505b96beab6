import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { DOCKER_COMPONENTS } from "./catalog";

export interface DockerHostArgs {
  /** Prefix of the networks' and volumes' names on the host, e.g. `webapp-prod`. Changing it replaces them. */
  prefix: string;
  /** Protect the media and static volumes and keep them on delete (uploads are data). Default false. */
  protectData?: boolean;
  /** Give the backend a second, non-internal network for outbound calls (Neon, Upstash, Cloudinary, mail). Default false. */
  egress?: boolean;
}

/**
 * The host's shared parts: an internal network (no route off the host) for the backend, database, cache and
 * frontend; a public network on which the proxy alone publishes ports; and the volumes two roles share
 * (static files: written by the release step, served by the proxy; media: written by the backend, served by
 * the proxy). Networks have fixed names because containers join them by name.
 */
export class DockerHost extends pulumi.ComponentResource {
  public readonly internalNetwork: pulumi.Output<string>;
  public readonly publicNetwork: pulumi.Output<string>;
  /** Absent unless `egress`. */
  public readonly egressNetwork: pulumi.Output<string> | undefined;
  public readonly staticVolume: pulumi.Output<string>;
  public readonly mediaVolume: pulumi.Output<string>;

  constructor(name: string, args: DockerHostArgs, opts?: pulumi.ComponentResourceOptions) {
    super(DOCKER_COMPONENTS.host, name, {}, opts);

    if (!/^[a-z0-9][a-z0-9_.-]*$/.test(args.prefix)) {
      throw new Error(
        `DockerHost "${name}": prefix "${args.prefix}" is not a Docker name: use lowercase letters, digits, '.', '_' or '-', starting with a letter or digit.`,
      );
    }

    const internal = new docker.Network(
      `${name}-internal`,
      { name: `${args.prefix}-internal`, driver: "bridge", internal: true },
      { parent: this },
    );
    const publicSide = new docker.Network(
      `${name}-public`,
      { name: `${args.prefix}-public`, driver: "bridge" },
      { parent: this },
    );
    const egress = args.egress
      ? new docker.Network(
          `${name}-egress`,
          { name: `${args.prefix}-egress`, driver: "bridge" },
          { parent: this },
        )
      : undefined;
    // Static files are rebuilt by every release, but a protected stack deletes no volume by accident (the
    // stateful-resources-protected policy holds for every volume). Media are the users' uploads.
    const keep = args.protectData ? { protect: true, retainOnDelete: true } : {};
    const staticFiles = new docker.Volume(
      `${name}-static`,
      { name: `${args.prefix}-static` },
      { parent: this, ...keep },
    );
    const media = new docker.Volume(
      `${name}-media`,
      { name: `${args.prefix}-media` },
      { parent: this, ...keep },
    );

    this.internalNetwork = internal.name;
    this.publicNetwork = publicSide.name;
    this.egressNetwork = egress?.name;
    this.staticVolume = staticFiles.name;
    this.mediaVolume = media.name;
    this.registerOutputs({
      internalNetwork: this.internalNetwork,
      publicNetwork: this.publicNetwork,
      egressNetwork: this.egressNetwork,
      staticVolume: this.staticVolume,
      mediaVolume: this.mediaVolume,
    });
  }
}
