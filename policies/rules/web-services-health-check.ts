import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, forTypes } from "../lib/helpers";
import { RENDER_WEB_SERVICE } from "../lib/tokens";
import { configSet } from "../lib/config-keys";

interface Config {
  pathPattern: string;
}

const configSchema: PolicyConfigSchema = {
  properties: {
    pathPattern: {
      type: "string",
      default: "^/\\S*$",
      description: "Regular expression a health check path must match.",
    },
  },
};

/** Without a health check Render marks a deploy live as soon as the port opens, even if the app is broken. */
export const webServicesHealthCheck: ResourceValidationPolicy = {
  name: "web-services-health-check",
  description: "Every web service declares a health check path.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Run `pulumi config set --path webapp:backend.healthCheckPath /healthz` with a URL path that returns 200 " +
    "(the default is /healthz).",
  configSchema,
  validateResource: forTypes([RENDER_WEB_SERVICE], (props, args, report) => {
    const config = configWithDefaults<Config>(configSchema, args);
    const path = props.healthCheckPath;
    if (typeof path !== "string" || path === "") {
      report(
        `The web service has no healthCheckPath; set one with ${configSet("webapp:backend.healthCheckPath", "/healthz")}.`,
      );
    } else if (!new RegExp(config.pathPattern).test(path)) {
      report(
        "The web service's healthCheckPath is not a URL path; write it as /<path> without spaces: " +
          `${configSet("webapp:backend.healthCheckPath", "/healthz")}.`,
      );
    }
  }),
};
