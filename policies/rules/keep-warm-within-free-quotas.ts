import * as pulumi from "@pulumi/pulumi";
import { StackValidationPolicy } from "@pulumi/policy";
import { MONITOR_TYPE } from "../../components/uptimerobot/catalog";
import {
  keepWarmQuotas,
  stackKeepWarmChoice,
  type UptimeSettings,
} from "../../components/uptimerobot/keep-warm";
import { requireFreeTier } from "../lib/stack-config";
import { NEON_PROJECT, RENDER_WEB_SERVICE } from "../lib/tokens";

/**
 * A monitor that pings a free Render service at or under its 15-minute spin-down keeps it running all month
 * on the workspace's 750 free instance hours: one such service fits (744 h), two exhaust the pool and Render
 * then suspends every free service of the workspace to the month's end. A monitored path that queries the
 * database keeps Neon's compute awake past its 100 free CU-hours. The sums are components/uptimerobot/keep-warm.ts's.
 */
export const keepWarmWithinFreeQuotas: StackValidationPolicy = {
  name: "keep-warm-within-free-quotas",
  description:
    "On the free tier, the uptime monitors' pings (keep-warm) stay within Render's free instance hours, Neon's free compute hours and UptimeRobot's free plan.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Keep at most one free Render service warm per workspace (`pulumi config set --path webapp:ops.uptime.interval 3600` " +
    "lets it sleep between checks), monitor /healthz (`pulumi config set --path webapp:ops.uptime.path /healthz`), " +
    "and check no more often than every 300 s.",
  // The quotas are the vendors' (their catalogs), not a knob.
  configSchema: { properties: {} },
  validateStack: (args, report) => {
    requireFreeTier(args);
    const uptime = new pulumi.Config("webapp").getObject<{ uptime?: UptimeSettings }>("ops")?.uptime;
    const monitors = args.resources.filter((r) => r.type === MONITOR_TYPE).length;
    if (!uptime || monitors === 0) {
      args.notApplicable("The stack has no uptime monitors (webapp:ops.uptime)");
    }
    const freeWebServices = args.resources.filter(
      (r) => r.type === RENDER_WEB_SERVICE && r.props.plan === "free",
    ).length;
    const neon = args.resources.some((r) => r.type === NEON_PROJECT);
    const quotas = keepWarmQuotas(stackKeepWarmChoice(uptime!, { freeWebServices, monitors }));
    for (const q of quotas) {
      // Neon's hours are the stack's own only when its database is on Neon.
      if (!q.over || (q.quota.startsWith("neon") && !neon)) continue;
      report(`${q.quota}: ${q.note} (${q.source}).`);
    }
  },
};
