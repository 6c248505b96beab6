import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { DOCKER_COMPONENTS } from "./catalog";
import { healthcheck, replaceOrder, requirePinned, roleLabel } from "./health";

export interface DockerCacheArgs {
  /** Redis image pinned by digest (official `redis:<version>` or one with `redis-server` on its PATH). */
  image: pulumi.Input<string>;
  /** The internal network it joins (DockerHost.internalNetwork). */
  network: pulumi.Input<string>;
  /** Host name on that network. Default `cache`. */
  alias?: string;
  /** Name of the volume holding the append-only file. */
  volumeName: pulumi.Input<string>;
  /** The `default` user's password (a secret). */
  password: pulumi.Input<string>;
  /** Protect the data volume (the queued tasks) and keep it on delete. Default false. */
  protectData?: boolean;
}

/** What the backend needs to reach Redis. The URLs are secrets. */
export interface DockerCacheConnection {
  /** Django cache: `redis://:password@cache:6379/0`, plaintext on the internal network only. */
  url: pulumi.Output<string>;
  /** Celery broker and results: the same database (see components/cache.ts for why they share it). */
  celeryUrl: pulumi.Output<string>;
  host: string;
}

/**
 * Redis in one container, never published. Append-only persistence on a volume because Celery's queue lives
 * here: a restart must not drop queued tasks; no eviction for the same reason. The password is in an
 * uploaded config file rather than on the command line, where `ps` on the host would show it.
 */
export class DockerCache extends pulumi.ComponentResource {
  public readonly connection: DockerCacheConnection;

  constructor(name: string, args: DockerCacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super(DOCKER_COMPONENTS.cache, name, {}, opts);

    requirePinned(`DockerCache "${name}": image`, args.image);
    const alias = args.alias ?? "cache";

    const image = new docker.RemoteImage(
      `${name}-image`,
      { name: args.image, keepLocally: true },
      { parent: this },
    );
    const data = new docker.Volume(
      `${name}-data`,
      { name: args.volumeName },
      { parent: this, ...(args.protectData ? { protect: true, retainOnDelete: true } : {}) },
    );
    const config = pulumi.secret(
      pulumi.interpolate`bind 0.0.0.0\nport 6379\nprotected-mode no\nrequirepass ${args.password}\nappendonly yes\ndir /data\nmaxmemory-policy noeviction\n`,
    );
    const server = new docker.Container(
      `${name}-redis`,
      {
        image: args.image,
        restart: "unless-stopped",
        command: ["redis-server", "/etc/webapp-redis.conf"],
        uploads: [{ file: "/etc/webapp-redis.conf", content: config }],
        envs: [pulumi.interpolate`REDISCLI_AUTH=${args.password}`],
        volumes: [{ volumeName: data.name, containerPath: "/data" }],
        networksAdvanced: [{ name: args.network, aliases: [alias] }],
        healthcheck: healthcheck(["CMD-SHELL", "redis-cli -h 127.0.0.1 ping | grep -q PONG"]),
        wait: true,
        destroyGraceSeconds: 30,
        labels: roleLabel("cache"),
      },
      { parent: this, dependsOn: [image], ...replaceOrder("delete-first") },
    );

    // Built from the container's id so whatever uses the URL waits for a healthy server (`wait`).
    const url = pulumi.secret(
      pulumi
        .all([server.id, args.password])
        .apply(([, pw]) => `redis://:${encodeURIComponent(pw)}@${alias}:6379/0`),
    );
    this.connection = { url, celeryUrl: url, host: alias };
    this.registerOutputs({ connection: this.connection });
  }
}
