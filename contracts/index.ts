/**
 * What the parts of the app hand each other, in no vendor's words: the one leaf module every target, the
 * composition and `components/environment.ts` agree on. A target produces one of these; where it comes from
 * (a component of this stack, or later another stack's outputs) is the composition's choice alone.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The five parts of the app; each stack picks a target per part (`webapp:<part>.target`). */
export const PARTS = ["database", "cache", "media", "backend", "frontend"] as const;
export type Part = (typeof PARTS)[number];

/** The target name that leaves a part out (`webapp:<part>.target: none`): the system has no such part. */
export const NO_TARGET = "none";

/**
 * The places a stack can be (`webapp:region`); every target maps each to its own region id, so the parts of
 * one stack land near each other.
 */
export const REGION_NAMES = ["us-west", "us-central", "us-east", "eu-central", "ap-southeast"] as const;
export type RegionName = (typeof REGION_NAMES)[number];

/** What a database hands the backend. Both URLs are secrets and require TLS. */
export interface DatabaseContract {
  /** Direct connection (migrations, long sessions). */
  url: pulumi.Output<string>;
  /**
   * Through a transaction-mode pooler. Absent: the target has no pooler (a PostgreSQL container on the
   * Docker host), and components/environment.ts then sets no pooled URL at all.
   */
  pooledUrl?: pulumi.Output<string>;
  host: pulumi.Output<string>;
  /** What the database's recovery is (backups, point-in-time window, expiry), for the plan to show. */
  recovery?: string;
  /** The vendor's grouping the database was placed in (a Render environment's id), where it has one. */
  placement?: pulumi.Output<string>;
}

/** What a cache hands the backend. Every URL is a secret. */
export interface CacheContract {
  /** The app's cache. */
  url: pulumi.Output<string>;
  /** Task broker and result backend (TLS URLs carry the certificate requirement the broker insists on). */
  brokerUrl: pulumi.Output<string>;
  host: pulumi.Output<string>;
  /** The vendor's grouping the cache was placed in (a Render environment's id), where it has one. */
  placement?: pulumi.Output<string>;
}

/**
 * What a media store hands the backend and the frontend (its upload settings). Exactly one of `url` (a media
 * service) and `files` (uploads kept as files by the backend) is set.
 */
export interface MediaContract {
  /** The backend's media service setting (secret, `CLOUDINARY_URL`); absent for a store of files. */
  url?: pulumi.Output<string>;
  /**
   * Uploads kept as files by the backend itself (the Docker host's media volume): the directory the backend
   * writes them to and the path the proxy serves them at. Absent for a media service.
   */
  files?: LocalMedia;
  /** Public account name the browser's upload widget names (empty for a store of files). */
  account: pulumi.Output<string>;
  /** The frontend's default upload preset. */
  uploadPreset: pulumi.Output<string>;
  /** Whether that preset is signed: the browser then asks the backend for a signature before uploading. */
  uploadSigned: pulumi.Output<boolean>;
  maxUploadBytes: pulumi.Output<number>;
  /** The folder every upload of this stack lands in. */
  folder: pulumi.Output<string>;
}

/** Media on the backend's own disk: Django's `MEDIA_ROOT` and `MEDIA_URL`. */
export interface LocalMedia {
  /** The directory inside the backend's containers, e.g. `/app/media`. */
  root: string;
  /** The public path (or URL) the files are served at, ending in `/`, e.g. `/media/`. */
  publicUrl: string;
}

/** What a backend hands the frontend and the stack's outputs. */
export interface BackendContract {
  /** The API's public URL (`https://...`): a custom domain when one is set. */
  url: pulumi.Output<string>;
  /** The image the backend runs, pinned by digest. */
  imageRef: pulumi.Output<string>;
  /** Variables found on the running service that the program does not set (names only). */
  unmanagedEnvVarKeys: pulumi.Output<string[]>;
  /** The vendor's grouping the backend joined (a Render environment's id), where it joined one. */
  placement?: pulumi.Output<string>;
}

/** What a frontend hands the backend (its origin, trusted for CORS and CSRF). */
export interface FrontendContract {
  /** `https://<domain>`. */
  url: pulumi.Output<string>;
  /** A regular expression for the frontend's preview origins; absent: previews are not trusted. */
  previewOriginRegex?: string;
  /**
   * The API serves the frontend itself (the single-app system): `url` is the API's own, so there is one
   * origin, no CORS and no `FRONTEND_URL`. Absent: a separate frontend.
   */
  sameOrigin?: boolean;
}

/** Every variable the program sets on the backend; the app's own `backend.env` / `secretEnv` may not reuse one. */
export const PROGRAM_BACKEND_KEYS = [
  "ALLOWED_HOSTS",
  "CELERY_BROKER_URL",
  "CELERY_RESULT_BACKEND",
  "CELERY_TASK_ALWAYS_EAGER",
  "CELERY_TASK_EAGER_PROPAGATES",
  "CLOUDINARY_URL",
  "CORS_ALLOWED_ORIGINS",
  "CORS_ALLOWED_ORIGIN_REGEXES",
  "CSRF_TRUSTED_ORIGINS",
  "DATABASE_POOLED_URL",
  "DATABASE_URL",
  "DEBUG",
  "DJANGO_SETTINGS_MODULE",
  "DJANGO_SUPERUSER_EMAIL",
  "DJANGO_SUPERUSER_PASSWORD",
  "DJANGO_SUPERUSER_USERNAME",
  "FRONTEND_URL",
  "MEDIA_ROOT",
  "MEDIA_URL",
  "REDIS_URL",
  "SECRET_KEY",
  "SENTRY_DSN",
  "SENTRY_ENVIRONMENT",
  "SENTRY_RELEASE",
  "WEB_CONCURRENCY",
] as const;

/** Every variable the program sets on the frontend; the app's own `frontend.env` may not reuse one. */
export const PROGRAM_FRONTEND_KEYS = [
  "NEXT_PUBLIC_API_URL",
  "NEXT_PUBLIC_CLOUDINARY_CLOUD_NAME",
  "NEXT_PUBLIC_CLOUDINARY_UPLOAD_PRESET",
  "NEXT_PUBLIC_CLOUDINARY_UPLOAD_SIGNED",
  "NEXT_PUBLIC_MEDIA_MAX_UPLOAD_BYTES",
  "NEXT_PUBLIC_SENTRY_DSN",
] as const;

/** What error tracking hands the backend and the frontend: where events go and how they are tagged. */
export interface ErrorTrackingContract {
  /** The client key's DSN (a Pulumi secret; a browser bundle carries it in the clear all the same). */
  dsn: pulumi.Output<string>;
  /** The stack's name: events of dev and prod stay apart. */
  environment: string;
}

/**
 * The variables whose value is the image the backend runs, set by the backend's target (which alone knows
 * the digest of an image it builds). Asked for by the composition only when a stack tracks errors.
 */
export const IMAGE_KEYS = ["SENTRY_RELEASE"] as const;
export type ImageKey = (typeof IMAGE_KEYS)[number];

/** The variables that name the API's own hosts, set once the backend's target knows its public host. */
export const HOST_KEYS = ["ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "CORS_ALLOWED_ORIGINS"] as const;
export type HostKey = (typeof HOST_KEYS)[number];

/**
 * The layers a stack may deploy alone (`webapp:layer`), in deploy order: each reads only the layers before it
 * (`webapp:layers.<layer>` names their stacks) and never one after it. Unset: the stack deploys every part.
 */
export const LAYERS = ["data", "server", "client"] as const;
export type Layer = (typeof LAYERS)[number];

/** The parts each layer deploys. */
export const LAYER_PARTS: Readonly<Record<Layer, readonly Part[]>> = {
  data: ["database", "cache", "media"],
  server: ["backend"],
  client: ["frontend"],
};

/**
 * One output a layer's stack exports for the layers after it: which part it belongs to (absent: the system's
 * placement, no part's), and if it is a secret.
 */
export interface LayerOutput {
  part?: Part;
  secret: boolean;
}

/**
 * Exactly what crosses each boundary: the outputs a layer's stack exports (a part left out exports none of its
 * own), each a field of that part's contract above. `placement`: the vendor's grouping the data layer created
 * for the whole system (a Render project's environment), which the later layers' services join instead of
 * creating their own; the server passes it on to the client. Exported only where there is one. Secrets are exported as secrets, and stay secrets in the
 * stack that reads them. Every layer's stack also exports `layer`, so a reader can tell it named the right one.
 */
export const LAYER_OUTPUTS = {
  data: {
    databaseUrl: { part: "database", secret: true },
    databasePooledUrl: { part: "database", secret: true },
    databaseHost: { part: "database", secret: false },
    redisUrl: { part: "cache", secret: true },
    redisBrokerUrl: { part: "cache", secret: true },
    redisHost: { part: "cache", secret: false },
    mediaUrl: { part: "media", secret: true },
    mediaAccount: { part: "media", secret: false },
    mediaUploadPreset: { part: "media", secret: false },
    mediaUploadSigned: { part: "media", secret: false },
    mediaMaxUploadBytes: { part: "media", secret: false },
    mediaFolder: { part: "media", secret: false },
    placement: { secret: false },
  },
  server: {
    backendUrl: { part: "backend", secret: false },
    imageRef: { part: "backend", secret: false },
    backendUnmanagedEnvVars: { part: "backend", secret: false },
    placement: { secret: false },
  },
  client: {
    frontendUrl: { part: "frontend", secret: false },
  },
} as const satisfies Readonly<Record<Layer, Readonly<Record<string, LayerOutput>>>>;
export type LayerOutputName = { [L in Layer]: keyof (typeof LAYER_OUTPUTS)[L] }[Layer];
