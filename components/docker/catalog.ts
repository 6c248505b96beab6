/**
 * What the rest of the program needs to know about the Docker vendor without loading `@pulumi/docker`:
 * type tokens, which resources hold data, the price model, the facts the policies check, and the outputs
 * the offline plan's mocks answer with. Pure data and functions (no `@pulumi/*` import), so the catalog of
 * every vendor can be read by the plan and the policies while only stacks with Docker targets load the SDK.
 */

/** Provider resource types, as `@pulumi/docker` 5.x registers them. */
export const DOCKER_TYPES = {
  network: "docker:index/network:Network",
  volume: "docker:index/volume:Volume",
  container: "docker:index/container:Container",
  remoteImage: "docker:index/remoteImage:RemoteImage",
} as const;

/** This folder's components. */
export const DOCKER_COMPONENTS = {
  host: "webapp:docker:Host",
  database: "webapp:docker:Database",
  cache: "webapp:docker:Cache",
  backend: "webapp:docker:Backend",
  frontend: "webapp:docker:Frontend",
  backup: "webapp:docker:Backup",
  proxy: "webapp:docker:Proxy",
} as const;

/** Types whose replacement or deletion loses data: a replaced volume starts empty. */
export const STATEFUL_TYPES: readonly string[] = [DOCKER_TYPES.volume];

/** Label every container carries with its role, so policies tell the proxy from the database by input. */
export const ROLE_LABEL = "org.webapp.role";

/** Labels of the backup job: its schedule and retention, read by the plan and the recovery-window policy. */
export const BACKUP_LABELS = {
  intervalSeconds: "org.webapp.backup.interval-seconds",
  keep: "org.webapp.backup.keep",
} as const;

/**
 * The recovery window of a stack's Docker database, from its backup job's planned inputs (labels above);
 * undefined for any other container. A dump every `interval`, the newest `keep` kept: the oldest dump is at
 * least (keep − 1) × interval old at every moment (keep × interval just before the next dump), so that is
 * how far back a restore is sure to reach; the restore points are one interval apart, not point in time.
 */
export function backupRecoveryWindow(
  inputs: Record<string, unknown>,
): { seconds: number; basis: string; source: string } | undefined {
  const labels = (inputs.labels ?? []) as { label?: unknown; value?: unknown }[];
  const read = (name: string) => labels.find((l) => l.label === name)?.value;
  if (read(ROLE_LABEL) !== "backup") return undefined;
  const interval = Number(read(BACKUP_LABELS.intervalSeconds));
  const keep = Number(read(BACKUP_LABELS.keep));
  if (!(interval > 0 && keep >= 1)) return undefined;
  const span = (s: number) =>
    s % 86400 === 0 ? `${s / 86400} d` : s % 3600 === 0 ? `${s / 3600} h` : `${s} s`;
  return {
    seconds: (keep - 1) * interval,
    basis: `pg_dump every ${span(interval)}, newest ${keep} kept: restore points ${span(interval)} apart, the oldest at least ${span((keep - 1) * interval)} back`,
    source: "components/docker/backup.ts (webapp:database.backup.intervalSeconds × (keep − 1))",
  };
}
export type ContainerRole =
  "proxy" | "frontend" | "backend" | "worker" | "release" | "database" | "cache" | "backup";

/** Policy facts: the one role that may publish host ports, and the roles that must never. */
export const POLICY_FACTS = {
  publishingRoles: ["proxy"] as readonly ContainerRole[],
  neverPublished: ["database", "cache", "backend", "worker"] as readonly ContainerRole[],
  /** The public side is TLS only: port 80 redirects, 443 terminates TLS. */
  publicPorts: { redirect: 80, tls: 443 },
  /**
   * Plaintext is accepted only between containers of one host on an `internal: true` network (no route off
   * the host): PostgreSQL, Redis and gunicorn speak plaintext there, as on Docker Compose's default setup.
   */
  plaintextScope: "internal network of one host",
} as const;

/** A reference pinned to content: `repo[:tag]@sha256:<64 hex>` (registry digest) or `sha256:<64 hex>` (local image id). */
export const PINNED_IMAGE = /^(?:[^\s@]+@sha256:[0-9a-f]{64}|sha256:[0-9a-f]{64})$/;

export function isPinnedImage(ref: string): boolean {
  return PINNED_IMAGE.test(ref);
}

/**
 * The one error sentence for an unpinned image, shared by every component that takes one.
 * `what` names the argument, e.g. `Database "db": image`.
 */
export function unpinnedImageError(what: string, ref: string): string {
  return `${what} "${ref}" is not pinned by digest: use repo@sha256:<digest> (docker buildx imagetools inspect <repo:tag> prints it) or a local image id sha256:<id>, never a bare tag or latest.`;
}

/**
 * Monthly cost of a self-hosted stack: the host (or VPS) price from config, once; containers, networks and
 * volumes on it add nothing. Absent price: unknown, never zero.
 */
export function dockerMonthlyCost(
  hostMonthlyUsd: number | undefined,
): { item: string; usd: number | undefined }[] {
  if (hostMonthlyUsd !== undefined && !(Number.isFinite(hostMonthlyUsd) && hostMonthlyUsd >= 0)) {
    throw new Error(
      `docker host monthly price ${hostMonthlyUsd} is not a non-negative number of US dollars: set it with \`pulumi config set webapp:docker.hostMonthlyUsd 6\`.`,
    );
  }
  return [{ item: "Docker host (VPS)", usd: hostMonthlyUsd }];
}

/**
 * Outputs the offline plan's mocks answer for Docker resources: the inputs echoed, plus what the provider
 * computes. Unnamed resources get `<name>-<7 hex>` as the provider's autonaming does (pulumi-docker
 * `resources.go` SetAutonaming(255, "-"); reference/targets.md section 6).
 */
export function dockerMockOutputs(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  hex: string,
): { id: string; state: Record<string, unknown> } | undefined {
  const named = (inputs.name as string | undefined) ?? `${name}-${hex.slice(0, 7)}`;
  switch (type) {
    case DOCKER_TYPES.network:
      return { id: hex.slice(0, 64), state: { ...inputs, name: named, driver: inputs.driver ?? "bridge" } };
    case DOCKER_TYPES.volume:
      return {
        id: named,
        state: {
          ...inputs,
          name: named,
          driver: "local",
          mountpoint: `/var/lib/docker/volumes/${named}/_data`,
        },
      };
    case DOCKER_TYPES.container:
      return { id: hex.slice(0, 64), state: { ...inputs, name: named, exitCode: 0 } };
    case DOCKER_TYPES.remoteImage: {
      const ref = String(inputs.name);
      const id = ref.startsWith("sha256:") ? ref : `sha256:${hex.slice(0, 64)}`;
      return {
        id: `${id}${ref}`,
        state: { ...inputs, imageId: id, repoDigest: ref.includes("@") ? ref : "" },
      };
    }
    default:
      return undefined;
  }
}
