import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { checkAll, configWithDefaults, forTypes } from "../lib/helpers";
import { requireFreeTier } from "../lib/stack-config";
import { UPSTASH_REDIS_DATABASE } from "../lib/tokens";
import { configRm, configSet } from "../lib/config-keys";

interface Config {
  paidOptions: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    paidOptions: {
      type: "array",
      items: { type: "string" },
      default: ["prodPack", "autoScale"],
      description: "Boolean RedisDatabase arguments that turn on a paid Upstash feature.",
    },
  },
};

/** Upstash's free database has no Prod Pack, no plan auto-upgrade and no read replicas in other regions. */
export const upstashFreeTier: ResourceValidationPolicy = {
  name: "upstash-free-tier",
  description:
    "On the free tier, the Upstash database uses no paid options (Prod Pack, auto-scaling, read regions).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "On free stacks leave prodPack and autoScale unset or false and remove the read regions with " +
    "`pulumi config rm --path webapp:cache.readRegions` (the database then keeps a single primary region), or " +
    "move the stack to the paid tier with `pulumi config set webapp:tier paid`.",
  configSchema,
  validateResource: forTypes([UPSTASH_REDIS_DATABASE], (props, args, report) => {
    requireFreeTier(args);
    const config = configWithDefaults<Config>(configSchema, args);
    checkAll(
      ...config.paidOptions.map((option) => () => {
        if (props[option] === true) {
          report(
            `The database sets ${option}: true, a paid Upstash option; remove it on free stacks or move the ` +
              `stack to the paid tier (${configSet("webapp:tier", "paid")}).`,
          );
        }
      }),
      () => {
        const readRegions = props.readRegions;
        if (Array.isArray(readRegions) && readRegions.length > 0) {
          report(
            `The database replicates to ${readRegions.length} read region(s), which the free database ` +
              `does not offer; remove them: ${configRm("webapp:cache.readRegions")}.`,
          );
        }
      },
    );
  }),
};
