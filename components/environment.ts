import * as pulumi from "@pulumi/pulumi";
import type { CacheConnection } from "./cache";
import type { DatabaseConnection } from "./database";
import type { MediaStoreConnection } from "./media-store";

/** Everything the backend's environment is made of: the data components' connections and the app's own settings. */
export interface BackendEnvironmentInputs {
  database: DatabaseConnection;
  cache: CacheConnection;
  media: MediaStoreConnection;
  secretKey: pulumi.Output<string>;
  superuser: { username: string; email: string; password: pulumi.Output<string> };
  /** Origins (`https://host`) of the API's custom domains; its onrender.com host comes from Render at run time. */
  apiOrigins: pulumi.Input<pulumi.Input<string>[]>;
  /** The frontend's origin. */
  frontendUrl: pulumi.Input<string>;
  settingsModule: string;
  webConcurrency: number;
  debug: boolean;
}

/**
 * The one mapping from connections to the Django/Celery environment. Each credential stays its own Pulumi
 * secret; plain settings stay plain so a plan can show them. The web process uses the pooled URL
 * (PgBouncer); `DATABASE_DIRECT_URL` is for tools that need session state.
 *
 * The service's own `*.onrender.com` host is only known once Render has created it, and an env var of
 * the service can't depend on the service; Render injects it at run time as `RENDER_EXTERNAL_HOSTNAME`,
 * which settings.py appends to `ALLOWED_HOSTS` (see README). Custom domains are listed here.
 */
export function backendEnvironment(i: BackendEnvironmentInputs): Record<string, pulumi.Input<string>> {
  const apiOrigins = pulumi.output(i.apiOrigins);
  return {
    DATABASE_URL: i.database.pooledUrl,
    DATABASE_DIRECT_URL: i.database.url,
    REDIS_URL: i.cache.url,
    CELERY_BROKER_URL: i.cache.celeryUrl,
    CELERY_RESULT_BACKEND: i.cache.celeryUrl,
    CLOUDINARY_URL: i.media.url,
    SECRET_KEY: i.secretKey,
    DJANGO_SUPERUSER_USERNAME: i.superuser.username,
    DJANGO_SUPERUSER_EMAIL: i.superuser.email,
    DJANGO_SUPERUSER_PASSWORD: i.superuser.password,
    DJANGO_SETTINGS_MODULE: i.settingsModule,
    DEBUG: i.debug ? "True" : "False",
    ALLOWED_HOSTS: apiOrigins.apply((origins) => origins.map((o) => new URL(o).host).join(",")),
    CORS_ALLOWED_ORIGINS: i.frontendUrl,
    CSRF_TRUSTED_ORIGINS: pulumi.all([i.frontendUrl, apiOrigins]).apply(([f, api]) => [f, ...api].join(",")),
    FRONTEND_URL: i.frontendUrl,
    WEB_CONCURRENCY: String(i.webConcurrency),
  };
}
