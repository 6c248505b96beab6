import * as pulumi from "@pulumi/pulumi";
import {
  CacheContract,
  DatabaseContract,
  ErrorTrackingContract,
  HOST_KEYS,
  HostKey,
  ImageKey,
  MediaContract,
  PROGRAM_BACKEND_KEYS,
  PROGRAM_FRONTEND_KEYS,
} from "../contracts";

export { HOST_KEYS, PROGRAM_BACKEND_KEYS, PROGRAM_FRONTEND_KEYS };
export type { HostKey, ImageKey };

/** Everything the backend's environment is made of: the data parts' contracts and the app's own settings. */
export interface BackendEnvironmentInputs {
  /** Absent: the stack has no database part. */
  database?: DatabaseContract;
  /** Absent: the stack has no cache part (no broker either: tasks must run eagerly). */
  cache?: CacheContract;
  /** Absent: the stack has no media part. */
  media?: MediaContract;
  secretKey: pulumi.Output<string>;
  superuser: { username: string; email: string; password: pulumi.Output<string> };
  /** The frontend's origin; absent when the stack has no separate frontend. */
  frontendUrl?: pulumi.Input<string>;
  /** `CORS_ALLOWED_ORIGIN_REGEXES` for the frontend's preview deployments; absent: none. */
  previewOriginRegex?: string;
  /** `DJANGO_SETTINGS_MODULE`; absent: the app's `manage.py` / `wsgi.py` default applies. */
  settingsModule?: string;
  webConcurrency: number;
  debug: boolean;
  /** No worker runs the queue: Celery runs each task in the caller. */
  celeryEager: boolean;
  /** The app's own plain variables (`webapp:backend.env`). */
  appEnv: Readonly<Record<string, string>>;
  /** The app's own secrets (`webapp:backend.secretEnv`), each a Pulumi secret. */
  appSecretEnv: Readonly<Record<string, pulumi.Output<string>>>;
  /** Absent: the stack tracks no errors. `SENTRY_RELEASE` comes from the backend's target ({@link imageVariables}). */
  errorTracking?: ErrorTrackingContract;
}

/**
 * The one mapping from contracts to the Django/Celery environment. Each credential stays its own Pulumi
 * secret; plain settings stay plain so a plan can show them. {@link HOST_KEYS} are left to the backend's
 * target, which knows the service's own URL.
 *
 * `DATABASE_URL` is the direct host: an app that reads only `DATABASE_URL` (persistent connections,
 * server-side cursors, `SET`, migrations) is safe on it. `DATABASE_POOLED_URL` goes through the database's
 * transaction-mode pooler, for web processes that opt in with `DISABLE_SERVER_SIDE_CURSORS` (README). A database
 * with no pooler gets no `DATABASE_POOLED_URL`: the direct URL under the pooled name would make the app drop
 * persistent connections and server-side cursors for a pooler that is not there; an app reading the pooled
 * URL only when it is set (the reference app's settings.py) then uses `DATABASE_URL` alone.
 */
export function backendEnvironment(i: BackendEnvironmentInputs): Record<string, pulumi.Input<string>> {
  const py = (b: boolean) => (b ? "True" : "False");
  return {
    ...i.appEnv,
    ...i.appSecretEnv,
    ...(i.database ? databaseVariables(i.database, (v) => v) : {}),
    ...(i.cache
      ? {
          REDIS_URL: i.cache.url,
          CELERY_BROKER_URL: i.cache.brokerUrl,
          CELERY_RESULT_BACKEND: i.cache.brokerUrl,
        }
      : {}),
    CELERY_TASK_ALWAYS_EAGER: py(i.celeryEager),
    CELERY_TASK_EAGER_PROPAGATES: py(i.celeryEager),
    ...(i.media ? mediaVariables(i.media) : {}),
    SECRET_KEY: i.secretKey,
    DJANGO_SUPERUSER_USERNAME: i.superuser.username,
    DJANGO_SUPERUSER_EMAIL: i.superuser.email,
    DJANGO_SUPERUSER_PASSWORD: i.superuser.password,
    ...(i.settingsModule ? { DJANGO_SETTINGS_MODULE: i.settingsModule } : {}),
    DEBUG: py(i.debug),
    ...(i.previewOriginRegex ? { CORS_ALLOWED_ORIGIN_REGEXES: i.previewOriginRegex } : {}),
    ...(i.frontendUrl !== undefined ? { FRONTEND_URL: i.frontendUrl } : {}),
    // sentry-sdk reads these itself (getsentry/sentry-python sentry_sdk/client.py, utils.py); the DSN stays a
    // secret here: on the server nothing needs to see it.
    ...(i.errorTracking
      ? { SENTRY_DSN: i.errorTracking.dsn, SENTRY_ENVIRONMENT: i.errorTracking.environment }
      : {}),
    WEB_CONCURRENCY: String(i.webConcurrency),
  };
}

/**
 * A media service's `CLOUDINARY_URL`, or for uploads kept as files `MEDIA_ROOT` and `MEDIA_URL` (Django's own
 * settings, docs.djangoproject.com/en/stable/ref/settings/#media-root) and no `CLOUDINARY_URL` at all: an
 * empty one would be read as a media service with no account.
 */
function mediaVariables(media: MediaContract): Record<string, pulumi.Input<string>> {
  return {
    ...(media.url ? { CLOUDINARY_URL: media.url } : {}),
    ...(media.files ? { MEDIA_ROOT: media.files.root, MEDIA_URL: media.files.publicUrl } : {}),
  };
}

/** `DATABASE_URL`, and `DATABASE_POOLED_URL` only where the database has a pooler. */
function databaseVariables<T>(
  database: DatabaseContract,
  wrap: (value: pulumi.Output<string>) => T,
): Record<string, T> {
  return {
    DATABASE_URL: wrap(database.url),
    ...(database.pooledUrl ? { DATABASE_POOLED_URL: wrap(database.pooledUrl) } : {}),
  };
}

/**
 * The {@link IMAGE_KEYS} the composition asked for, from the image the backend runs (`repo@sha256:<hex>`):
 * `SENTRY_RELEASE` is the digest alone, `sha256:<hex>` (a Sentry release name may not hold `/`,
 * docs.sentry.io "Releases": naming restrictions), so an error names the exact build.
 */
export function imageVariables(
  keys: readonly ImageKey[],
  imageRef: pulumi.Output<string>,
): Partial<Record<ImageKey, pulumi.Output<string>>> {
  const digest = imageRef.apply((ref) => ref.slice(ref.lastIndexOf("@") + 1));
  return Object.fromEntries(keys.map((k) => [k, digest]));
}

/** One variable of the frontend's build; `sensitive` values can't be read back from the host. */
export interface FrontendVariable {
  value: pulumi.Input<string>;
  sensitive: boolean;
}

/**
 * The frontend's build-time environment from the media contract (absent: no media part) and the app's own
 * variables (`webapp:frontend.env`, kept off the program's keys by stacks/); for a full-stack site (the stack
 * has no backend) also the data parts' URLs, as secrets. The API's URL is set apart
 * ({@link frontendApiVariable}): it needs the frontend's own URL first.
 */
export function frontendEnvironment(
  media: MediaContract | undefined,
  appEnv: Readonly<Record<string, string>>,
  fullStack?: FullStackInputs,
  errorTracking?: ErrorTrackingContract,
): Record<string, FrontendVariable> {
  const plain = (value: pulumi.Input<string>) => ({ value, sensitive: false });
  return {
    // The upload widget's Cloudinary names only for a media service; a store of files takes uploads through the API.
    ...(media?.url
      ? {
          NEXT_PUBLIC_CLOUDINARY_CLOUD_NAME: plain(media.account),
          NEXT_PUBLIC_CLOUDINARY_UPLOAD_PRESET: plain(media.uploadPreset),
          // "true": the upload widget asks the API for a signature (made with the media URL's secret) first.
          NEXT_PUBLIC_CLOUDINARY_UPLOAD_SIGNED: plain(media.uploadSigned.apply(String)),
        }
      : {}),
    ...(media ? { NEXT_PUBLIC_MEDIA_MAX_UPLOAD_BYTES: plain(media.maxUploadBytes.apply(String)) } : {}),
    // Public by nature: Next.js inlines NEXT_PUBLIC_* into the browser bundle at build time, and a DSN only
    // lets a client send events (docs.sentry.io "Data Source Name (DSN)": safe to keep public). Not marked
    // sensitive, so the site's team can read it; it stays a Pulumi secret so plans and logs mask it.
    ...(errorTracking ? { NEXT_PUBLIC_SENTRY_DSN: plain(errorTracking.dsn) } : {}),
    ...Object.fromEntries(Object.entries(appEnv).map(([k, value]) => [k, plain(value)])),
    // Last: the program's credentials win over a plain app variable of the same name.
    ...(fullStack ? fullStackEnvironment(fullStack, media) : {}),
  };
}

/** The data parts a full-stack site (a stack without a backend) reads itself; absent: that part is left out. */
export interface FullStackInputs {
  database?: DatabaseContract;
  cache?: CacheContract;
}

/**
 * A full-stack site's server-side variables: the same names and URLs the backend would get, each one
 * sensitive (a secret the host keeps write-only, e.g. Pages `secret_text`). Never `NEXT_PUBLIC_*`: those
 * are inlined into the browser bundle.
 */
function fullStackEnvironment(
  i: FullStackInputs,
  media: MediaContract | undefined,
): Record<string, FrontendVariable> {
  const secret = (value: pulumi.Input<string>) => ({ value, sensitive: true });
  return {
    ...(i.database ? databaseVariables(i.database, secret) : {}),
    ...(i.cache ? { REDIS_URL: secret(i.cache.url) } : {}),
    // Signed uploads need the media URL's secret on the server side, which is the site here.
    ...(media?.url ? { CLOUDINARY_URL: secret(media.url) } : {}),
  };
}

/** The frontend's variable naming the API. */
export const FRONTEND_API_KEY = "NEXT_PUBLIC_API_URL";

/**
 * `ALLOWED_HOSTS`, `CSRF_TRUSTED_ORIGINS` and `CORS_ALLOWED_ORIGINS` from the API's own URL (absent: not
 * known yet), its custom domains and the frontend's origin (absent: no separate frontend). Hosts are comma
 * separated names; origins are comma separated `https://host` values, the frontend's first.
 */
export function hostVariables(
  serviceUrl: string | undefined,
  apiDomains: readonly string[],
  frontendUrl: string | undefined,
): Record<HostKey, string> {
  const hosts = [...new Set([...(serviceUrl ? [new URL(serviceUrl).host] : []), ...apiDomains])];
  const origins = [
    ...new Set([...(frontendUrl ? [new URL(frontendUrl).origin] : []), ...hosts.map((h) => `https://${h}`)]),
  ].join(",");
  return { ALLOWED_HOSTS: hosts.join(","), CSRF_TRUSTED_ORIGINS: origins, CORS_ALLOWED_ORIGINS: origins };
}

/** {@link hostVariables} over Outputs. */
export function hostVariableOutputs(
  serviceUrl: pulumi.Input<string> | undefined,
  apiDomains: pulumi.Input<pulumi.Input<string>[]>,
  frontendUrl: pulumi.Input<string> | undefined,
): Record<HostKey, pulumi.Output<string>> {
  const all = pulumi
    .all([serviceUrl, apiDomains, frontendUrl])
    .apply(([service, domains, frontend]) => hostVariables(service, domains, frontend));
  return {
    ALLOWED_HOSTS: all.ALLOWED_HOSTS,
    CSRF_TRUSTED_ORIGINS: all.CSRF_TRUSTED_ORIGINS,
    CORS_ALLOWED_ORIGINS: all.CORS_ALLOWED_ORIGINS,
  };
}
