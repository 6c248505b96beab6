import { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { RegionIds, regionOf } from "../../stacks/regions";
import { configSet } from "../lib/config-keys";
import { checkEach, configWithDefaults } from "../lib/helpers";
import {
  NEON_PROJECT,
  RENDER_BACKGROUND_WORKER,
  RENDER_WEB_SERVICE,
  UPSTASH_REDIS_DATABASE,
} from "../lib/tokens";

interface Config {
  services: string[];
}

type Service = "render" | "neon" | "upstash";

const configSchema: PolicyConfigSchema = {
  properties: {
    services: {
      type: "array",
      items: { type: "string", enum: ["render", "neon", "upstash"] },
      default: ["render", "neon", "upstash"],
      description: "Services whose regions must map to the same region of stacks/regions.ts.",
    },
  },
};

/** Where a resource runs, in its provider's own words. Upstash global databases write to `primaryRegion`. */
const PLACEMENT: Record<string, { service: Service; region: (props: Record<string, unknown>) => unknown }> = {
  [RENDER_WEB_SERVICE]: { service: "render", region: (p) => p.region },
  [RENDER_BACKGROUND_WORKER]: { service: "render", region: (p) => p.region },
  [NEON_PROJECT]: { service: "neon", region: (p) => p.regionId },
  [UPSTASH_REDIS_DATABASE]: {
    service: "upstash",
    region: (p) => (p.region === "global" ? p.primaryRegion : p.region),
  },
};

/** Every request crosses backend -> database and backend -> cache; across regions each adds tens of ms. */
export const servicesCoLocated: StackValidationPolicy = {
  name: "services-co-located",
  description: "The backend, the database and the cache run in the same region.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps:
    "Run `pulumi config set webapp:region <region>` (a row of stacks/regions.ts) and let the program pick each " +
    "provider's region from it.",
  configSchema,
  validateStack: (args, report) => {
    const config = configWithDefaults<Config>(configSchema, args);
    const placed = args.resources.filter(
      (r) => PLACEMENT[r.type] !== undefined && config.services.includes(PLACEMENT[r.type].service),
    );
    if (placed.length === 0) {
      args.notApplicable("The stack has no Render service, Neon project or Upstash database");
    }
    const regions = new Map<string, string[]>();
    checkEach(placed, (resource) => {
      const { service, region } = PLACEMENT[resource.type];
      const id = region(resource.props);
      if (typeof id !== "string") {
        return;
      }
      const ours = regionOf(service as keyof RegionIds, id);
      if (ours === undefined) {
        report(
          `'${resource.name}' runs in ${service} region '${id}', which no row of stacks/regions.ts maps; ` +
            `pick one with ${configSet("webapp:region", "<region>")}.`,
          resource.urn,
        );
        return;
      }
      regions.set(ours, [...(regions.get(ours) ?? []), `${resource.name} (${service} ${id})`]);
    });
    if (regions.size > 1) {
      const where = [...regions].map(([name, members]) => `${name}: ${members.join(", ")}`).join("; ");
      report(
        `The services span ${regions.size} regions (${where}); put them all in one region with ` +
          `${configSet("webapp:region", "<region>")}.`,
      );
    }
  },
};
