import * as pulumi from "@pulumi/pulumi";
import { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { describeWindow, recoveryWindows } from "../../components/recovery";
import { configWithDefaults } from "../lib/helpers";
import { stackTier } from "../lib/stack-config";

interface Config {
  minimumSeconds: number;
}

const configSchema: PolicyConfigSchema = {
  properties: {
    minimumSeconds: {
      type: "integer",
      minimum: 0,
      default: 86400,
      description:
        "The shortest recovery window a paid stack's database may have, in seconds (default 1 day).",
    },
  },
};

/**
 * A paid stack holds data people rely on: its database must be restorable to a point at least this far
 * back (Neon's history retention, Render Postgres point-in-time recovery, the Docker target's dumps), as
 * each database target's catalog states it (components/recovery.ts).
 */
export const recoveryWindowMinimum: StackValidationPolicy = {
  name: "recovery-window-minimum",
  description:
    "On the paid tier, every database can be restored to a point at least a day back (configurable).",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Raise the database's recovery window: on Neon `pulumi config set --path webapp:database.historyRetentionSeconds 604800` " +
    "(Launch allows up to 7 days, Scale 30); on Render Postgres choose a paid plan (point-in-time recovery: " +
    "Hobby workspace 3 days, Professional 7); on the Docker database keep more dumps " +
    "(`pulumi config set --path webapp:database.backup.keep 7`: the window is the interval times keep − 1).",
  configSchema,
  validateStack: (args, report) => {
    if (stackTier() !== "paid") {
      args.notApplicable("Recovery windows are required on paid stacks only");
    }
    const { minimumSeconds } = configWithDefaults<Config>(configSchema, args);
    const config = new pulumi.Config("webapp");
    const read = (key: string) => config.getObject(key) ?? config.get(key);
    const windows = recoveryWindows(
      args.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, inputs: r.props })),
      read,
    );
    for (const r of windows) {
      if (r.window.seconds >= minimumSeconds) continue;
      report(
        `${r.name} ${r.window.seconds > 0 ? `can be restored ${describeWindow(r.window.seconds)} back` : "cannot be restored"} (${r.window.basis}); a paid stack needs at least ${describeWindow(minimumSeconds)} (${r.window.source}).`,
        r.urn,
      );
    }
  },
};
