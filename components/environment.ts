import * as pulumi from "@pulumi/pulumi";
import type { CacheConnection } from "./cache";
import type { DatabaseConnection } from "./database";
import type { MediaStoreConnection } from "./media-store";

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
  "REDIS_URL",
  "SECRET_KEY",
  "WEB_CONCURRENCY",
] as const;

/** Every variable the program sets on the frontend; the app's own `frontend.env` may not reuse one. */
export const PROGRAM_FRONTEND_KEYS = [
  "NEXT_PUBLIC_API_URL",
  "NEXT_PUBLIC_CLOUDINARY_CLOUD_NAME",
  "NEXT_PUBLIC_CLOUDINARY_UPLOAD_PRESET",
  "NEXT_PUBLIC_MEDIA_MAX_UPLOAD_BYTES",
] as const;

/** The variables that name the API's own hosts, so they hold its `*.onrender.com` host once Render has made it. */
export const HOST_KEYS = ["ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "CORS_ALLOWED_ORIGINS"] as const;
export type HostKey = (typeof HOST_KEYS)[number];

/** Everything the backend's environment is made of: the data components' connections and the app's own settings. */
export interface BackendEnvironmentInputs {
  database: DatabaseConnection;
  cache: CacheConnection;
  media: MediaStoreConnection;
  secretKey: pulumi.Output<string>;
  superuser: { username: string; email: string; password: pulumi.Output<string> };
  /** The frontend's origin. */
  frontendUrl: pulumi.Input<string>;
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
}

/**
 * The one mapping from connections to the Django/Celery environment. Each credential stays its own Pulumi
 * secret; plain settings stay plain so a plan can show them. {@link HOST_KEYS} are left to the
 * BackendService, which knows the service's own URL.
 *
 * `DATABASE_URL` is the direct host: an app that reads only `DATABASE_URL` (persistent connections,
 * server-side cursors, `SET`, migrations) is safe on it. `DATABASE_POOLED_URL` goes through Neon's
 * PgBouncer in transaction mode, for web processes that opt in with `DISABLE_SERVER_SIDE_CURSORS` (README).
 */
export function backendEnvironment(i: BackendEnvironmentInputs): Record<string, pulumi.Input<string>> {
  const py = (b: boolean) => (b ? "True" : "False");
  return {
    ...i.appEnv,
    ...i.appSecretEnv,
    DATABASE_URL: i.database.url,
    DATABASE_POOLED_URL: i.database.pooledUrl,
    REDIS_URL: i.cache.url,
    CELERY_BROKER_URL: i.cache.celeryUrl,
    CELERY_RESULT_BACKEND: i.cache.celeryUrl,
    CELERY_TASK_ALWAYS_EAGER: py(i.celeryEager),
    CELERY_TASK_EAGER_PROPAGATES: py(i.celeryEager),
    CLOUDINARY_URL: i.media.url,
    SECRET_KEY: i.secretKey,
    DJANGO_SUPERUSER_USERNAME: i.superuser.username,
    DJANGO_SUPERUSER_EMAIL: i.superuser.email,
    DJANGO_SUPERUSER_PASSWORD: i.superuser.password,
    ...(i.settingsModule ? { DJANGO_SETTINGS_MODULE: i.settingsModule } : {}),
    DEBUG: py(i.debug),
    ...(i.previewOriginRegex ? { CORS_ALLOWED_ORIGIN_REGEXES: i.previewOriginRegex } : {}),
    FRONTEND_URL: i.frontendUrl,
    WEB_CONCURRENCY: String(i.webConcurrency),
  };
}

/**
 * `ALLOWED_HOSTS`, `CSRF_TRUSTED_ORIGINS` and `CORS_ALLOWED_ORIGINS` from the API's `https://<slug>.onrender.com`
 * URL (absent: not known yet), its custom domains and the frontend's origin. Hosts are comma separated
 * names; origins are comma separated `https://host` values, the frontend's first.
 */
export function hostVariables(
  renderUrl: string | undefined,
  apiDomains: readonly string[],
  frontendUrl: string,
): Record<HostKey, string> {
  const hosts = [...new Set([...(renderUrl ? [new URL(renderUrl).host] : []), ...apiDomains])];
  const origins = [...new Set([new URL(frontendUrl).origin, ...hosts.map((h) => `https://${h}`)])].join(",");
  return { ALLOWED_HOSTS: hosts.join(","), CSRF_TRUSTED_ORIGINS: origins, CORS_ALLOWED_ORIGINS: origins };
}

/** {@link hostVariables} over Outputs. */
export function hostVariableOutputs(
  renderUrl: pulumi.Input<string> | undefined,
  apiDomains: pulumi.Input<pulumi.Input<string>[]>,
  frontendUrl: pulumi.Input<string>,
): Record<HostKey, pulumi.Output<string>> {
  const all = pulumi
    .all([renderUrl, apiDomains, frontendUrl])
    .apply(([render, domains, frontend]) => hostVariables(render, domains, frontend));
  return {
    ALLOWED_HOSTS: all.ALLOWED_HOSTS,
    CSRF_TRUSTED_ORIGINS: all.CSRF_TRUSTED_ORIGINS,
    CORS_ALLOWED_ORIGINS: all.CORS_ALLOWED_ORIGINS,
  };
}

/**
 * A `CORS_ALLOWED_ORIGIN_REGEXES` entry (Python `re` and JavaScript alike) for the Vercel preview origins of
 * one project in one scope (team or user slug): `<project>-<9-char hash>-<scope>.vercel.app` (one deployment)
 * and `<project>-git-<branch>-<scope>.vercel.app` (a branch). Anchored at both ends: `*.vercel.app` is one
 * global namespace, and the scope suffix is what ties an origin to this team (README, "Hosts and origins").
 * Project names and scopes are `[a-z0-9-]`, nothing to escape.
 */
export function previewOriginRegex(project: string, scope: string): string {
  return `^https://${project}-(?:[a-z0-9]{9}|git-[a-z0-9]+(?:-[a-z0-9]+)*)-${scope}\\.vercel\\.app$`;
}
