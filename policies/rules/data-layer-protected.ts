import { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/helpers";
import { protectsData, stackLayer } from "../lib/stack-config";
import { statefulTypesSchema } from "../lib/tokens";
import { configSet } from "../lib/config-keys";

interface Config {
  types: string[];
}

const configSchema = statefulTypesSchema();

/**
 * A data-layer stack (`webapp:layer: data`) holds the data every other layer of the system reads, and deploys
 * on its own: no plan of it may replace or delete a resource that holds data, whatever its tier. A policy sees
 * the proposed resources, not the steps, so it requires what makes the engine refuse both: `protect` (a
 * protected resource is neither deleted nor replaced; pulumi up stops). The offline plan's `--compare` names
 * a replacement or deletion itself (tools/plan/data-layer.ts). Off only with `webapp:protectData false`.
 */
export const dataLayerProtected: ResourceValidationPolicy = {
  name: "data-layer-protected",
  description:
    "On a data-layer stack, no plan replaces or deletes a resource that holds data, unless webapp:protectData is off.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Keep `webapp:protectData` on (the default on data-layer stacks): the program then creates data resources " +
    "with protect, and pulumi up refuses to replace or delete them. To replace or delete one on purpose, back it " +
    "up, then run `pulumi config set webapp:protectData false` for that deploy.",
  configSchema,
  validateResource: (args, report) => {
    const config = configWithDefaults<Config>(configSchema, args);
    if (!config.types.includes(args.type)) {
      args.notApplicable("Policy only applies to resources that hold data");
    }
    if (stackLayer() !== "data") {
      args.notApplicable("Policy only applies to stacks that deploy the data layer (webapp:layer data)");
    }
    if (!protectsData()) {
      args.notApplicable("webapp:protectData is off: the stack may replace or delete its data");
    }
    if (!args.opts.protect) {
      report(
        `'${args.name}' holds data on a data-layer stack but is not protected, so a plan could replace or delete it; ` +
          `${configSet("webapp:protectData", "true")} (or false to replace or delete it on purpose).`,
      );
    }
  },
};
