import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { DOCKER_COMPONENTS } from "./catalog";
import { healthcheck, replaceOrder, requirePinned, roleLabel } from "./health";

export interface DockerDatabaseArgs {
  /** PostgreSQL image pinned by digest (official `postgres:<major>` or one honouring its variables). */
  image: pulumi.Input<string>;
  /** The internal network it joins (DockerHost.internalNetwork). */
  network: pulumi.Input<string>;
  /** Host name on that network. Default `db`. */
  alias?: string;
  /** Name of the data volume on the host. Changing it replaces the volume: an empty database. */
  volumeName: pulumi.Input<string>;
  databaseName: string;
  /** Owner role of the database. */
  user: string;
  /** Its password (a secret). */
  password: pulumi.Input<string>;
  /** Protect the data volume and keep it on delete. Default false. */
  protectData?: boolean;
}

/** What the backend and the backup job need to reach PostgreSQL. The URL is a secret. */
export interface DockerDatabaseConnection {
  /** `postgres://user:password@db:5432/name`: plaintext, on the internal network only (catalog POLICY_FACTS). */
  url: pulumi.Output<string>;
  host: string;
  port: number;
}

/**
 * PostgreSQL in one container with its data in a named volume. Never published: only containers on the
 * internal network reach it. Replacing the container deletes the old one first (two servers must never
 * open one data directory); the volume outlives it.
 */
export class DockerDatabase extends pulumi.ComponentResource {
  public readonly connection: DockerDatabaseConnection;
  public readonly volumeName: pulumi.Output<string>;

  constructor(name: string, args: DockerDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super(DOCKER_COMPONENTS.database, name, {}, opts);

    requirePinned(`DockerDatabase "${name}": image`, args.image);
    for (const [key, value] of [
      ["databaseName", args.databaseName],
      ["user", args.user],
    ] as const) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) {
        throw new Error(
          `DockerDatabase "${name}": ${key} "${value}" is not a plain PostgreSQL identifier: use lowercase letters, digits and '_' (at most 63), starting with a letter or '_'.`,
        );
      }
    }
    const alias = args.alias ?? "db";

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
    const server = new docker.Container(
      `${name}-postgres`,
      {
        image: args.image,
        restart: "unless-stopped",
        envs: [
          `POSTGRES_USER=${args.user}`,
          pulumi.interpolate`POSTGRES_PASSWORD=${args.password}`,
          `POSTGRES_DB=${args.databaseName}`,
          "PGDATA=/var/lib/postgresql/data",
        ],
        volumes: [{ volumeName: data.name, containerPath: "/var/lib/postgresql/data" }],
        networksAdvanced: [{ name: args.network, aliases: [alias] }],
        healthcheck: healthcheck(
          ["CMD", "pg_isready", "-h", "127.0.0.1", "-U", args.user, "-d", args.databaseName],
          90,
        ),
        wait: true,
        waitTimeout: 120,
        // Fast shutdown: PostgreSQL checkpoints and exits; a kill would force crash recovery on start.
        destroyGraceSeconds: 60,
        labels: roleLabel("database"),
      },
      { parent: this, dependsOn: [image], ...replaceOrder("delete-first") },
    );

    this.volumeName = data.name;
    this.connection = {
      // Built from the container's id so whatever uses the URL waits for a healthy server (`wait`).
      url: pulumi.secret(
        pulumi
          .all([server.id, args.password])
          .apply(
            ([, pw]) =>
              `postgres://${args.user}:${encodeURIComponent(pw)}@${alias}:5432/${args.databaseName}`,
          ),
      ),
      host: alias,
      port: 5432,
    };
    this.registerOutputs({ volumeName: this.volumeName, connection: this.connection });
  }
}
