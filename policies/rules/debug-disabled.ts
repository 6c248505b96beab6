import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { checkEnvVars } from "../lib/env-vars";
import { configWithDefaults, forTypes } from "../lib/helpers";
import { envVarTypes } from "../lib/tokens";
import { configSet, envConfigSet, isBackend } from "../lib/config-keys";
import { plainNames } from "../lib/credentials";

interface Config {
  keys: string[];
  falseValues: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    keys: {
      type: "array",
      items: { type: "string" },
      default: ["DEBUG"],
      description: "Environment variables that switch on debug mode.",
    },
    falseValues: {
      type: "array",
      items: { type: "string" },
      default: ["false", "0", "no", "off", ""],
      description: "Values (compared case-insensitively) that leave debug mode off.",
    },
  },
};

/** The program sets the backend's DEBUG from webapp:backend.debug; anything else is an app variable of its own. */
function fixFor(type: string, key: string): string {
  if (isBackend(type) && key === "DEBUG") {
    return `turn it off with ${configSet("webapp:backend.debug", "false")}`;
  }
  return `set it with ${envConfigSet(type, key, "False")}`;
}

export const debugDisabled: ResourceValidationPolicy = {
  name: "debug-disabled",
  description: "Debug mode is never switched on for a deployed service.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Turn it off with `pulumi config set --path webapp:backend.debug false` (Django's debug pages leak settings " +
    "and stack traces); debug locally, not on a stack.",
  configSchema,
  validateResource: forTypes(envVarTypes, (_props, args, report) => {
    const config = configWithDefaults<Config>(configSchema, args);
    const falseValues = config.falseValues.map((v) => v.toLowerCase());
    // DJANGO_DEBUG is DEBUG to settings that read DJANGO_-prefixed names.
    const isDebugKey = (key: string) => plainNames(key).some((name) => config.keys.includes(name));
    checkEnvVars(args, isDebugKey, (envVar) => {
      const value = envVar.value();
      if (value === undefined || value === null || value === false) {
        return;
      }
      if (!falseValues.includes(String(value).trim().toLowerCase())) {
        report(`${envVar.key} is set to a value that turns debug mode on; ${fixFor(args.type, envVar.key)}.`);
      }
    });
  }),
};
