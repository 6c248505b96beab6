/**
 * The self-hosted targets as the rest of the program knows them: `docker` for database, cache and backend,
 * `nginx` for the frontend (the proxy with the built site behind it), `volume` for media. Pure data (no
 * `@pulumi/*`): stacks/, the policies and the plan read these without loading `@pulumi/docker`.
 *
 * Every Docker target of a stack runs on one host: the host-wide keys (`webapp:docker`: the engine's
 * address, its monthly price, the images of the data roles, backups) are one top-level key that each of
 * these catalogs declares, so a stack states them once whichever Docker targets it picks.
 */
import { z } from "zod";
import type { ConfigProblem, MockTools, ReplaceRule, TargetCatalog } from "../catalog";
import {
  backupRecoveryWindow,
  DOCKER_TYPES,
  dockerMockOutputs,
  PINNED_IMAGE,
  STATEFUL_TYPES,
} from "./catalog";

/** The target names stacks write (`webapp:<part>.target`). */
export const DOCKER_TARGETS = { docker: "docker", nginx: "nginx", volume: "volume" } as const;

/**
 * The engine the provider drives (`docker:host`'s forms, targets.md section 6): the local socket, or a
 * remote engine over SSH (`ssh://user@host[:port]`; the provider runs `docker system dial-stdio` there).
 */
const HOST = /^(unix:\/\/\/\S+|ssh:\/\/[A-Za-z0-9._-]+@[A-Za-z0-9.-]+(:\d{1,5})?)$/;
const pinned = z
  .string()
  .regex(PINNED_IMAGE, "must be pinned by digest: repo@sha256:<64 hex> or a local image id sha256:<64 hex>");

/** `webapp:docker`: what every Docker target of the stack shares. */
export const dockerHostSchema = z
  .strictObject({
    host: z
      .string()
      .regex(HOST, "must be unix:///var/run/docker.sock or ssh://user@host[:port]")
      .default("unix:///var/run/docker.sock"),
    /** Extra `ssh` options for an ssh:// host, e.g. ["-o", "StrictHostKeyChecking=yes"]. */
    sshOpts: z.array(z.string()).default([]),
    /** The host's (VPS's) price; the cost estimate's one line for everything on it. */
    hostMonthlyUsd: z.number().min(0).optional(),
    /** Give the backend a second network with a route off the host (Neon, Upstash, Cloudinary, mail). */
    egress: z.boolean().default(false),
    images: z
      .strictObject({ postgres: pinned.optional(), redis: pinned.optional(), nginx: pinned.optional() })
      .default({}),
  })
  .prefault({});
export type DockerHostSettings = z.output<typeof dockerHostSchema>;

const own = { docker: dockerHostSchema };

/** kreuzwerker/terraform-provider-docker at the commit @pulumi/docker 5.2 bridges: which inputs replace (targets.md section 6). */
const SOURCE = "kreuzwerker/terraform-provider-docker internal/provider";
const forceNew = (file: string, property: string): ReplaceRule => ({
  property,
  source: `${SOURCE}/${file} ForceNew: true (e944612, 2026-06-26)`,
});
const REPLACE: Readonly<Record<string, readonly ReplaceRule[]>> = {
  [DOCKER_TYPES.network]: ["name", "driver", "internal", "options"].map((p) =>
    forceNew("resource_docker_network.go", p),
  ),
  [DOCKER_TYPES.volume]: ["name", "driver", "driverOpts", "labels"].map((p) =>
    forceNew("resource_docker_volume.go", p),
  ),
  [DOCKER_TYPES.remoteImage]: ["name", "platform", "pullTriggers"].map((p) =>
    forceNew("resource_docker_remote_image.go", p),
  ),
  // Every container input but a few (restart, memory, cpu) forces a new container (section 6: 47 inputs).
  [DOCKER_TYPES.container]: [
    "name",
    "image",
    "command",
    "entrypoints",
    "envs",
    "labels",
    "healthcheck",
    "ports",
    "volumes",
    "networksAdvanced",
    "uploads",
    "mustRun",
  ].map((p) => forceNew("resource_docker_container.go", p)),
};

const mock =
  (type: string) =>
  ({ inputs, hex }: MockTools) => {
    const answer = dockerMockOutputs(type, String(inputs.name ?? hex(7, "name")), inputs, hex(64));
    return { id: answer!.id, extra: answer!.state };
  };
const MOCKS = Object.fromEntries(Object.values(DOCKER_TYPES).map((t) => [t, mock(t)]));
const RESOURCES = Object.fromEntries(
  Object.values(DOCKER_TYPES).map((t) => [t, STATEFUL_TYPES.includes(t) ? { stateful: true } : {}]),
);
const shared = { own, resources: RESOURCES, mocks: MOCKS, replaceOnChanges: REPLACE } as const;

const identifier = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a plain PostgreSQL identifier (lowercase letters, digits, _)");

export const dockerDatabaseCatalog: TargetCatalog & { part: "database" } = {
  part: "database",
  name: DOCKER_TARGETS.docker,
  title: "PostgreSQL in a container on the Docker host, data in a named volume, scheduled pg_dump backups",
  schema: () => ({
    databaseName: identifier.default("app"),
    user: identifier.default("app"),
    backup: z
      .strictObject({
        /** Seconds between dumps; the first runs when the job starts. */
        intervalSeconds: z.number().int().min(60).default(86400),
        /** Dumps kept in the backup volume. */
        keep: z.number().int().min(1).default(7),
      })
      .prefault({}),
  }),
  rules: { always: ({ own: o }) => imageRequired(o, "postgres") },
  // The dumps are the database's only restore: the backup job's schedule and retention make the window.
  recoveryWindow: { [DOCKER_TYPES.container]: ({ inputs }) => backupRecoveryWindow(inputs) },
  ...shared,
};

export const dockerCacheCatalog: TargetCatalog & { part: "cache" } = {
  part: "cache",
  name: DOCKER_TARGETS.docker,
  title: "Redis in a container on the Docker host (append-only file on a volume, no eviction)",
  schema: () => ({}),
  rules: { always: ({ own: o }) => imageRequired(o, "redis") },
  ...shared,
};

export const dockerBackendCatalog: TargetCatalog & { part: "backend" } = {
  part: "backend",
  name: DOCKER_TARGETS.docker,
  title: "Django under gunicorn (+ Celery worker) on the Docker host; a one-shot release container per image",
  schema: () => ({
    /** Seconds a replaced container gets to finish its requests (gunicorn's graceful timeout is 30). */
    drainSeconds: z.number().int().min(1).max(600).default(35),
  }),
  rules: {
    always: ({ settings }) => {
      const problems: ConfigProblem[] = [];
      if (settings.build !== undefined) {
        problems.push({
          path: "backend.build",
          value: settings.build,
          why: "the docker backend runs a prebuilt image (build it in CI and pin its digest in backend.image)",
          fix: undefined,
        });
      }
      const image = settings.image;
      if (typeof image === "string" && !PINNED_IMAGE.test(image)) {
        problems.push({
          path: "backend.image",
          value: image,
          why: "a Docker host runs images pinned by digest (docker buildx imagetools inspect <repo:tag> prints it)",
          fix: "<repo>@sha256:<digest>",
        });
      }
      return problems;
    },
  },
  ...shared,
};

export const nginxCatalog: TargetCatalog & { part: "frontend" } = {
  part: "frontend",
  name: DOCKER_TARGETS.nginx,
  title: "The built site behind nginx on the Docker host: the only public container (80 redirects, 443 TLS)",
  schema: () => ({
    /** The built frontend's image (it serves the site on port 80 inside the internal network). */
    image: pinned,
    maxUploadMegabytes: z.number().int().min(1).max(10240).default(20),
    proxyTimeoutSeconds: z.number().int().min(1).max(3600).default(60),
    hstsMaxAgeSeconds: z.number().int().min(0).default(31536000),
    /** Send `/api/x` to the backend as `/x` (an app whose URLs are not under `api/`). */
    stripApiPrefix: z.boolean().default(false),
    httpPort: z.number().int().min(1).max(65535).default(80),
    httpsPort: z.number().int().min(1).max(65535).default(443),
  }),
  rules: {
    always: ({ settings, own: o }) => [
      ...imageRequired(o, "nginx"),
      // A prebuilt image has its build-time variables baked in; nothing would read these.
      ...(Object.keys((settings.env as object | undefined) ?? {}).length > 0
        ? [
            {
              path: "frontend.env",
              value: settings.env,
              why: "the nginx frontend serves a prebuilt image, whose build-time variables are set when you build it",
              fix: undefined,
            },
          ]
        : []),
    ],
  },
  // The certificate from config, not issued automatically: unattended on any host (docs/self-hosted.md, TLS).
  secrets: [
    {
      name: "certificatePem",
      key: "nginx:certificatePem",
      env: "NGINX_CERTIFICATE_PEM",
      pattern: /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/,
      shape: "-----BEGIN CERTIFICATE-----...-----END CERTIFICATE----- (the full chain, PEM)",
      what: "a PEM certificate chain",
      why: "the proxy terminates TLS on 443 with it",
    },
    {
      name: "privateKeyPem",
      key: "nginx:privateKeyPem",
      env: "NGINX_PRIVATE_KEY_PEM",
      pattern: /^-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+-----END (?:RSA |EC )?PRIVATE KEY-----\s*$/,
      shape: "-----BEGIN PRIVATE KEY-----...-----END PRIVATE KEY----- (PEM)",
      what: "a PEM private key",
      why: "the proxy terminates TLS on 443 with the certificate's key",
    },
  ],
  ...shared,
};

export const volumeMediaCatalog: TargetCatalog & { part: "media" } = {
  part: "media",
  name: DOCKER_TARGETS.volume,
  title: "Uploads in the Docker host's media volume, served by the proxy at /media/",
  schema: () => ({ maxUploadMegabytes: z.number().int().min(1).max(10240).default(20) }),
  ...shared,
};

function imageRequired(o: Record<string, unknown>, role: "postgres" | "redis" | "nginx"): ConfigProblem[] {
  const images = (o.docker as DockerHostSettings | undefined)?.images ?? {};
  return images[role] === undefined
    ? [
        {
          path: `docker.images.${role}`,
          value: undefined,
          why: `the ${role} container's image, pinned by digest, is needed (docker buildx imagetools inspect ${role}:<version> prints it)`,
          fix: `${role}@sha256:<digest>`,
        },
      ]
    : [];
}
