/**
 * UptimeRobot's facts the program and the policies read: free-plan limits, the API's rate limits and base
 * URL. Pure data; each value names its source (../../../shared/reference/targets.md section 8 quotes them).
 */

import type { Fact } from "../catalog";

export type { Fact };

/**
 * The API path monitors check: in the reference app (test/app/shop/views.py) `/healthz` answers from the
 * process alone, while `/health` queries the database and Redis and would keep Neon's compute awake.
 */
export const HEALTH_PATH = "/healthz";

/** Seconds between checks when a stack names none: the teams' guides ping every 10 minutes. */
export const DEFAULT_INTERVAL_SECONDS = 600;

/** The word `/healthz` answers with (`{"status": "ok"}`): a KEYWORD monitor alerts when it is missing. */
export const HEALTH_KEYWORD = "ok";

/**
 * Monitors cost nothing on the Free plan: "50 monitors, 5-min interval, free" (targets.md section 8, third-party
 * pages; UptimeRobot's own pricing page is not in the reference).
 */
export const FREE_PLAN_MONTHLY_USD: Fact<number> = {
  value: 0,
  source:
    "UptimeRobot Free plan, 50 monitors at 5 min (third-party pages in targets.md section 8; unverified)",
};

/**
 * Free plan: 50 monitors at a 5-minute interval. Only third-party pages state it (targets.md section 8:
 * "current unknown"); `GET /user/me` answers the account's own `monitorLimit`, which wins when known.
 */
export const FREE_MONITORS: Fact<number> = {
  value: 50,
  source: "third-party pages quoted in targets.md section 8 (settle with GET /user/me -> monitorLimit)",
};

export const FREE_MIN_INTERVAL_SECONDS: Fact<number> = {
  value: 300,
  source: "third-party pages quoted in targets.md section 8 (settle with the account's monitor_interval)",
};

/** The API's own limit: 10 requests a minute on Free; 429 with Retry-After and X-RateLimit-* past it. */
export const FREE_REQUESTS_PER_MINUTE: Fact<number> = {
  value: 10,
  source: "uptimerobot.com/api/v3, Rate limits",
};

/** Resource types of providers/uptimerobot, as the plan and the policies see them. */
export const MONITOR_TYPE = "pulumi-nodejs:dynamic/uptimerobot:Monitor";
export const ALERT_CONTACT_TYPE = "pulumi-nodejs:dynamic/uptimerobot:AlertContact";

export const API_BASE_URL = "https://api.uptimerobot.com/v3";
