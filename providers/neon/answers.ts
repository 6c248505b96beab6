/**
 * The shapes of the parts of Neon's answers the providers read, checked by the shared checker
 * (../shared/shape.ts) at the boundary (see client.ts `neonCall`).
 */
import type { Shape } from "../shared/shape";

// Neon OpenAPI v2, components.schemas.
export const OPERATION: Shape = { id: "string", action: "string", status: "string" } as const;
export const OPERATIONS = { operations: [OPERATION] } as const;
export const ENDPOINT = {
  id: "string",
  host: "string",
  type: "string",
  branch_id: "string",
  autoscaling_limit_min_cu: "number",
  autoscaling_limit_max_cu: "number",
  "suspend_timeout_seconds?": "number",
  "name?": "string",
} as const;
export const BRANCH = {
  id: "string",
  name: "string",
  "default?": "boolean",
  "parent_id?": "string",
} as const;
export const PROJECT = {
  id: "string",
  name: "string",
  region_id: "string",
  pg_version: "number",
  history_retention_seconds: "number",
  "org_id?": "string",
  "default_endpoint_settings?": {
    "autoscaling_limit_min_cu?": "number",
    "autoscaling_limit_max_cu?": "number",
    "suspend_timeout_seconds?": "number",
  },
} as const;
export const ROLE = { name: "string", "password?": "string" } as const;
export const DATABASE = { name: "string", owner_name: "string" } as const;
