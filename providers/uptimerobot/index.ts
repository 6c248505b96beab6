/**
 * UptimeRobot as Pulumi dynamic resources over its API v3 (tokens `pulumi-nodejs:dynamic/uptimerobot:<Type>`;
 * why v3 and the rate limit: ./client.ts). Credentials: `uptimerobot:apiKey` (secret) or UPTIMEROBOT_API_KEY;
 * UPTIMEROBOT_API_URL overrides the API base URL.
 */
export {
  Monitor,
  monitorProvider,
  type KeywordType,
  type MonitorArgs,
  type MonitorInputs,
  type MonitorOutputs,
  type MonitorType,
} from "./monitor";
export {
  AlertContact,
  alertContactProvider,
  type AlertContactArgs,
  type AlertContactInputs,
  type AlertContactOutputs,
} from "./alert-contact";
export { uptimeRobotRuntime, type UptimeRobotRuntime } from "./client";
