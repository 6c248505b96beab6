import { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/helpers";
import { stackTier } from "../lib/stack-config";
import { statefulTypesSchema } from "../lib/tokens";
import { configSet } from "../lib/config-keys";

interface Config {
  types: string[];
}

const configSchema = statefulTypesSchema();

/**
 * The analyzer's resource options carry `protect` but not `retainOnDelete`, so protect is what this policy
 * can see; retainOnDelete may be set as well.
 */
export const statefulResourcesProtected: ResourceValidationPolicy = {
  name: "stateful-resources-protected",
  description: "On stacks that are not free, resources that hold data are protected from deletion.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Run `pulumi config set webapp:protectData true` (the program then creates data resources with protect and " +
    "retainOnDelete); to delete one on purpose, run `pulumi state unprotect <urn>` first.",
  configSchema,
  validateResource: (args, report) => {
    const config = configWithDefaults<Config>(configSchema, args);
    if (!config.types.includes(args.type)) {
      args.notApplicable("Policy only applies to resources that hold data");
    }
    if (stackTier() === "free") {
      args.notApplicable("Free stacks hold disposable data");
    }
    if (!args.opts.protect) {
      report(`'${args.name}' holds data but is not protected; ${configSet("webapp:protectData", "true")}.`);
    }
  },
};
