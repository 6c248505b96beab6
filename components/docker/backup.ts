import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { BACKUP_LABELS, DOCKER_COMPONENTS } from "./catalog";
import { healthcheck, replaceOrder, requirePinned, roleLabel } from "./health";

export interface DockerBackupArgs {
  /** An image with `pg_dump` of the server's major or newer (the database's own image is), pinned by digest. */
  image: pulumi.Input<string>;
  /** The internal network (DockerHost.internalNetwork). */
  network: pulumi.Input<string>;
  /** The database to dump (DockerDatabaseConnection.url, or any PostgreSQL URL), a secret. */
  databaseUrl: pulumi.Input<string>;
  /** Name of the backup volume on the host. */
  volumeName: pulumi.Input<string>;
  /** Seconds between dumps; the first runs when the container starts. Default 86400 (daily). */
  intervalSeconds?: number;
  /** Dumps kept; older ones are deleted after each new dump succeeds. Default 7. */
  keep?: number;
  /** Protect the backup volume and keep it on delete. Default false. */
  protectData?: boolean;
}

/**
 * Scheduled `pg_dump -Fc` into a named volume, newest `keep` dumps retained. A dump is written to a
 * temporary name and renamed when complete, so a restore never picks a half-written file, and retention
 * runs only after a dump succeeded, so a failing database never costs the old dumps. The health check fails
 * when the newest dump is older than two intervals. Restore: docs/self-hosted.md.
 */
export class DockerBackup extends pulumi.ComponentResource {
  public readonly volumeName: pulumi.Output<string>;

  constructor(name: string, args: DockerBackupArgs, opts?: pulumi.ComponentResourceOptions) {
    super(DOCKER_COMPONENTS.backup, name, {}, opts);

    requirePinned(`DockerBackup "${name}": image`, args.image);
    const interval = args.intervalSeconds ?? 86400;
    const keep = args.keep ?? 7;
    if (!Number.isInteger(interval) || interval < 60) {
      throw new Error(
        `DockerBackup "${name}": intervalSeconds ${interval} is below 60; give whole seconds, e.g. 86400 for daily.`,
      );
    }
    if (!Number.isInteger(keep) || keep < 1) {
      throw new Error(`DockerBackup "${name}": keep ${keep} must be a whole number of dumps, at least 1.`);
    }

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
    const loop = [
      "set -u",
      // PID 1 ignores SIGTERM without a handler; the sleep runs in the background so the trap fires at once.
      "trap 'exit 0' TERM",
      "while :; do",
      "  f=/backups/db-$(date -u +%Y%m%dT%H%M%SZ).dump",
      '  if pg_dump -Fc -d "$BACKUP_DATABASE_URL" -f "$f.part" && mv "$f.part" "$f"; then',
      '    echo "backup: wrote $f"',
      `    ls -1t /backups/db-*.dump | tail -n +${keep + 1} | xargs -r rm -f`,
      '  else rm -f "$f.part"; echo "backup: pg_dump failed" >&2; fi',
      `  sleep ${interval} & wait $!`,
      "done",
    ].join("\n");
    const freshMinutes = Math.ceil((2 * interval) / 60);
    new docker.Container(
      `${name}-job`,
      {
        image: args.image,
        // The image's entrypoint would start a server; the job needs only its client.
        entrypoints: ["sh", "-c"],
        command: [loop],
        envs: [pulumi.interpolate`BACKUP_DATABASE_URL=${args.databaseUrl}`],
        volumes: [{ volumeName: data.name, containerPath: "/backups" }],
        networksAdvanced: [{ name: args.network, aliases: [] }],
        restart: "unless-stopped",
        healthcheck: healthcheck(
          ["CMD-SHELL", `find /backups -name 'db-*.dump' -mmin -${freshMinutes} | grep -q .`],
          60,
        ),
        destroyGraceSeconds: 10,
        labels: [
          ...roleLabel("backup"),
          { label: BACKUP_LABELS.intervalSeconds, value: String(interval) },
          { label: BACKUP_LABELS.keep, value: String(keep) },
        ],
      },
      { parent: this, dependsOn: [image], ...replaceOrder("delete-first") },
    );

    this.volumeName = data.name;
    this.registerOutputs({ volumeName: this.volumeName });
  }
}
