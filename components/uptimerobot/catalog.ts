/**
 * UptimeRobot's facts the program and the policies read: free-plan limits, the API's rate limits and base
 * URL. Pure data; each value names its source (../../../shared/reference/targets.md section 8 quotes them).
 */

export interface Fact<T> {
  value: T;
  source: string;
}

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

export const API_BASE_URL = "https://api.uptimerobot.com/v3";
