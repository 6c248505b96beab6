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
 * The Free plan's limits are UNVERIFIED against a first-party source. Checked 2026-12 in
 * ../../../shared/reference/ and the stored docs and pages: targets.md section 8 says "current unknown";
 * UptimeRobot's own pages there (uptimerobot.com/api/v3, uptimerobot.com/faq) state the API's rate limit and
 * SMS prices only, no monitor count or interval; "50 monitors, 5-minute checks, free" is stated only by third
 * parties (github switowski/deploystack monitoring.html, github serialpotato/uptime-robot README,
 * esumohq.com "monitor your WordPress website's uptime"), some of them years old. The values below are those
 * pages'; an account's own limits (`GET /user/me` -> `monitorLimit`, v2 getAccountDetails `monitor_limit`,
 * `monitor_interval`) win when known.
 */
export const FREE_PLAN_MONTHLY_USD: Fact<number> = {
  value: 0,
  source:
    "UptimeRobot Free plan, 50 monitors at 5 min (third-party pages in targets.md section 8; unverified)",
};

/** Free plan: 50 monitors (unverified, see above). */
export const FREE_MONITORS: Fact<number> = {
  value: 50,
  source: "third-party pages quoted in targets.md section 8 (settle with GET /user/me -> monitorLimit)",
};

/** Free plan: a check every 5 minutes at most (unverified, see above). */
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
