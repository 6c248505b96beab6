import type { RegionName } from "./regions";

export type Tier = "free" | "paid";

/**
 * What `tier` sets when a stack leaves a key out. `free` fits every service's free plan (Render free web
 * service, Neon Free, Upstash free database, Cloudinary Free, Vercel Hobby); `paid` is a small production
 * setup with room to scale.
 */
export const TIER_DEFAULTS = {
  free: {
    region: "us-east" as RegionName,
    monthlyBudget: 0,
    backend: {
      plan: "free" as const,
      instances: 1,
      worker: false,
    },
    // Neon Free: autoscaling up to 2 CU, restore window at most 6 h, scale to zero after 5 min (fixed, so
    // no suspendTimeoutSeconds: Neon stores 0 whatever is sent).
    database: {
      minCu: 0.25 as const,
      maxCu: 2 as const,
      historyRetentionSeconds: 21600,
    },
  },
  paid: {
    region: "us-east" as RegionName,
    monthlyBudget: 0,
    backend: {
      plan: "standard" as const,
      instances: 2,
      worker: true,
    },
    // Launch plan: 7-day restore window; keep the primary compute warm (no cold starts in production):
    // -1 never suspends, where 0 would mean Neon's default of suspending after 300 s.
    database: {
      minCu: 0.5 as const,
      maxCu: 4 as const,
      historyRetentionSeconds: 604800,
      suspendTimeoutSeconds: -1,
    },
  },
} as const;

/** Cloudinary Free plan upload limits per resource type, in MB (Cloudinary usage API `media_limits`). */
export const FREE_MEDIA_LIMIT_MB = { image: 10, video: 100, raw: 10, auto: 10 } as const;

/**
 * The Upstash database's `budget` when `webapp:cache.budget` is unset: a tenth of `webapp:monthlyBudget`,
 * rounded down to whole USD (Upstash budgets are whole dollars), and at least $1. Upstash throttles the
 * database once a month's bill reaches it, so Redis never takes more than a tenth of the stack's budget;
 * a free stack ($0 budget) gets $1, which only binds if the account turns the database into pay-as-you-go.
 */
export function cacheBudgetUsd(monthlyBudget: number): number {
  return Math.max(1, Math.floor(monthlyBudget / 10));
}
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
