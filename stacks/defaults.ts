import type { RegionName } from "../contracts";

import { RENDER_DEFAULTS } from "../components/render/catalog";
import { NEON_DEFAULTS } from "../components/neon/catalog";

export type Tier = "free" | "paid";

/**
 * What `tier` sets when a stack leaves a key out. `free` fits every service's free plan (Render free web
 * service, Neon Free, Upstash free database, Cloudinary Free, Vercel Hobby); `paid` is a small production
 * setup with room to scale. The vendors' own defaults come from their catalogs; this table gathers them for
 * the config errors' examples.
 */
export const TIER_DEFAULTS = {
  free: {
    region: "us-east" as RegionName,
    monthlyBudget: 0,
    backend: { ...RENDER_DEFAULTS.free, worker: false },
    database: NEON_DEFAULTS.free,
  },
  paid: {
    region: "us-east" as RegionName,
    monthlyBudget: 0,
    backend: { ...RENDER_DEFAULTS.paid, worker: true },
    database: NEON_DEFAULTS.paid,
  },
} as const;

/** The WSGI module of a project made with `django-admin startproject config .`. */
export const DEFAULT_WSGI_MODULE = "config.wsgi";

/** The web server for a WSGI module, on the port Render hands the container. */
export function defaultStartCommand(wsgiModule: string): string {
  return `gunicorn ${wsgiModule}:application --bind 0.0.0.0:$PORT`;
}

/** The Celery worker of the project package holding the WSGI module (`core.wsgi` -> `celery -A core`). */
export function defaultWorkerCommand(wsgiModule: string): string {
  return `celery -A ${wsgiModule.split(".")[0]} worker --loglevel=info`;
}

export const DEFAULT_MIGRATE_COMMAND = "python manage.py migrate --noinput";

/**
 * collectstatic, then the superuser from `DJANGO_SUPERUSER_*` only if it is missing: `createsuperuser
 * --noinput` fails when the user exists, so a check (by the user model's own USERNAME_FIELD, as
 * createsuperuser reads it) runs first and any other failure still fails the release.
 */
const SUPERUSER_EXISTS =
  "import os, sys; from django.contrib.auth import get_user_model; U = get_user_model(); " +
  'f = U.USERNAME_FIELD; key = \\"DJANGO_SUPERUSER_\\" + f.upper(); ' +
  "sys.exit(0 if U.objects.filter(**{f: os.environ[key]}).exists() else 3)";
export const DEFAULT_RELEASE_COMMAND =
  "python manage.py collectstatic --noinput && " +
  `{ python manage.py shell -c "${SUPERUSER_EXISTS}" || python manage.py createsuperuser --noinput; }`;
