/**
 * Env vars of a Render service, one key at a time: the program owns only the keys it sets, so variables
 * added by hand in the dashboard survive every update. Holds no state (see ../shared/http.ts).
 */

/** Names Render accepts for env vars. */
export const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
