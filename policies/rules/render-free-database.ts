import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { POSTGRES_FREE } from "../../providers/render/datastore-facts";
import { RENDER_TOKENS } from "../../components/render/catalog";
import { RENDER_POSTGRES_DEFAULTS } from "../../components/render/postgres-catalog";
import { configSet } from "../lib/config-keys";
import { configWithDefaults, forTypes } from "../lib/helpers";

interface Config {
  plans: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    plans: {
      type: "array",
      items: { type: "string" },
      default: ["free"],
      description: "Render Postgres plans that expire and keep no backups (render.com/docs/free).",
    },
  },
};

/**
 * Render's free Postgres is a trial, not a home for data: it expires 30 days after creation, is deleted with
 * its data after 14 more days, and has no backups (POSTGRES_FREE: render.com/docs/free). Free stacks may use
 * it, so this is advisory: every plan of such a stack says so. Paid stacks cannot (the config refuses a free
 * plan there, and recovery-window-minimum requires a restorable window: mandatory).
 */
export const renderFreeDatabase: ResourceValidationPolicy = {
  name: "render-free-database",
  description: "A free Render Postgres database expires after 30 days and has no backups.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    `Before the expiry, move the database to a paid plan (${configSet("webapp:database.plan", RENDER_POSTGRES_DEFAULTS.paid)}), ` +
    "or dump it (the nightly backup workflow) to restore elsewhere.",
  configSchema,
  validateResource: forTypes([RENDER_TOKENS.postgres], (props, args, report) => {
    if (!configWithDefaults<Config>(configSchema, args).plans.includes(String(props.plan))) {
      args.notApplicable("Only the free plan expires and has no backups");
    }
    const f = POSTGRES_FREE.value;
    report(
      `'${args.name}' is on Render's free plan: it expires ${f.expiresAfterDays} days after creation and is deleted ` +
        `with its data ${f.graceDays} days later unless upgraded, and it has no backups and no point-in-time ` +
        `recovery (render.com/docs/free). Upgrade before then: ${configSet("webapp:database.plan", RENDER_POSTGRES_DEFAULTS.paid)} ` +
        "(a paid plan; webapp:tier paid).",
    );
  }),
};
