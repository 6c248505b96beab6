/**
 * Operations attached to the app's parts: error tracking on the backend and the frontend (before their
 * environments exist, which carry its DSN), uptime monitors on their public URLs (after both exist). Each
 * loads its vendor's components only when the stack sets `webapp:ops.<key>`.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- vendor SDKs load only for stacks that use them */
import * as pulumi from "@pulumi/pulumi";
import type { ErrorTrackingContract } from "../contracts";
import { HEALTH_KEYWORD, HEALTH_PATH } from "../components/uptimerobot/catalog";
import { PLATFORMS } from "../components/sentry/catalog";
import type { OpsConfig } from "../stacks";

/** A Sentry project for one part (`<prefix>-api` / `<prefix>-web`); undefined when the stack tracks no errors. */
export function errorTracking(
  ops: OpsConfig,
  prefix: string,
  stack: string,
  part: keyof typeof PLATFORMS,
  parent: pulumi.Resource,
  protect: boolean,
): ErrorTrackingContract | undefined {
  if (!ops.sentry) return undefined;
  const { ErrorTracking } =
    require("../components/sentry/error-tracking") as typeof import("../components/sentry/error-tracking");
  const project = `${prefix}-${part === "backend" ? "api" : "web"}`;
  const tracking = new ErrorTracking(
    `${project}-errors`,
    {
      organization: ops.sentry.organization,
      team: ops.sentry.team,
      project,
      platform: PLATFORMS[part],
      environment: stack,
      protectProject: protect,
    },
    { parent },
  );
  return { dsn: tracking.dsn, environment: stack };
}

/** Monitors on the API's health path (without the database) and the site; nothing when uptime is not set. */
export function uptime(
  ops: OpsConfig,
  prefix: string,
  urls: { api?: pulumi.Output<string>; site?: pulumi.Output<string> },
  parent: pulumi.Resource,
): void {
  const u = ops.uptime;
  if (!u) return;
  const { Uptime } =
    require("../components/uptimerobot/uptime") as typeof import("../components/uptimerobot/uptime");
  new Uptime(
    `${prefix}-uptime`,
    {
      prefix,
      alertEmail: u.alertEmail,
      interval: u.interval,
      endpoints: [
        ...(urls.api
          ? [
              {
                role: "api",
                url: urls.api.apply((base) => new URL(u.path, base).toString()),
                // The reference app's /healthz answers {"status": "ok"}; another path is only checked for a 2xx/3xx.
                ...(u.path === HEALTH_PATH
                  ? { type: "KEYWORD" as const, keyword: HEALTH_KEYWORD }
                  : { type: "HTTP" as const }),
              },
            ]
          : []),
        ...(urls.site ? [{ role: "site", url: urls.site, type: "HTTP" as const }] : []),
      ],
    },
    { parent },
  );
}
