import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { checkEach, configWithDefaults, forTypes } from "../lib/helpers";
import { requireFreeTier } from "../lib/stack-config";
import { VERCEL_PROJECT } from "../lib/tokens";
import { configSet } from "../lib/config-keys";

interface Config {
  proOnlySettings: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    proOnlySettings: {
      type: "array",
      items: { type: "string" },
      default: ["passwordProtection", "trustedIps"],
      description: "vercel.Project arguments that need a Pro or Enterprise team.",
    },
  },
};

export const vercelFreeTier: ResourceValidationPolicy = {
  name: "vercel-free-tier",
  description: "On the free tier, the Vercel project uses no Pro-only deployment protection.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "On Hobby teams protect deployments with vercelAuthentication (the default) and remove passwordProtection " +
    "and trustedIps, or move the stack to the paid tier with `pulumi config set webapp:tier paid`.",
  configSchema,
  validateResource: forTypes([VERCEL_PROJECT], (props, args, report) => {
    requireFreeTier(args);
    const config = configWithDefaults<Config>(configSchema, args);
    checkEach(config.proOnlySettings, (setting) => {
      if (props[setting] !== undefined && props[setting] !== null) {
        report(
          `The project sets ${setting}, which Vercel Hobby teams cannot use; remove it on free stacks or move ` +
            `the stack to the paid tier (${configSet("webapp:tier", "paid")}).`,
        );
      }
    });
  }),
};
