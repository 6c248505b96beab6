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
      startCommand: "gunicorn config.wsgi:application --bind 0.0.0.0:$PORT",
      migrateCommand: "python manage.py migrate --noinput",
      workerCommand: "celery -A config worker --loglevel=info",
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
      startCommand: "gunicorn config.wsgi:application --bind 0.0.0.0:$PORT",
      migrateCommand: "python manage.py migrate --noinput",
      workerCommand: "celery -A config worker --loglevel=info",
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
