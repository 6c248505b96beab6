import { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/helpers";
import { requireFreeTier } from "../lib/stack-config";
import { UPSTASH_REDIS_DATABASE } from "../lib/tokens";
import { configSet } from "../lib/config-keys";

interface Config {
  maxDatabases: number;
}

const configSchema: PolicyConfigSchema = {
  properties: {
    maxDatabases: {
      type: "integer",
      minimum: 0,
      default: 1,
      description: "Free Upstash Redis databases per account.",
    },
  },
};

export const upstashFreeTierDatabases: StackValidationPolicy = {
  name: "upstash-free-tier-databases",
  description: "On the free tier, the stack creates at most one Upstash Redis database.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Share one database between the cache and the Celery broker and result backend, or move the stack to the " +
    "paid tier with `pulumi config set webapp:tier paid`.",
  configSchema,
  validateStack: (args, report) => {
    requireFreeTier(args);
    const config = configWithDefaults<Config>(configSchema, args);
    const databases = args.resources.filter((r) => r.type === UPSTASH_REDIS_DATABASE);
    for (const extra of databases.slice(config.maxDatabases)) {
      report(
        `The stack declares ${databases.length} Upstash databases; the free plan allows ` +
          `${config.maxDatabases}. Remove '${extra.name}' and share the first database, or move the stack to ` +
          `the paid tier (${configSet("webapp:tier", "paid")}).`,
        extra.urn,
      );
    }
  },
};
