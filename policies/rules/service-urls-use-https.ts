import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { checkEnvVars } from "../lib/env-vars";
import { configSet, envConfigSet } from "../lib/config-keys";
import { configWithDefaults, forTypes } from "../lib/helpers";
import { envVarTypes } from "../lib/tokens";
import { originEntries, schemeOf } from "../lib/urls";

interface Config {
  keys: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    keys: {
      type: "array",
      items: { type: "string" },
      default: ["NEXT_PUBLIC_API_URL", "FRONTEND_URL", "CORS_ALLOWED_ORIGINS", "CSRF_TRUSTED_ORIGINS"],
      description:
        "Environment variables holding a URL or a list of origins (split on commas, semicolons, spaces).",
    },
  },
};

/** The config key the program builds each of its own URL variables from (as https://<host>). */
const DOMAIN_KEYS: Record<string, string> = {
  NEXT_PUBLIC_API_URL: "webapp:domains.api",
  FRONTEND_URL: "webapp:domains.frontend",
  CORS_ALLOWED_ORIGINS: "webapp:domains.frontend",
  CSRF_TRUSTED_ORIGINS: "webapp:domains.frontend",
};

/** How to fix one variable: the domain key the program builds it from, else the app's own env key. */
function fixFor(type: string, key: string): string {
  const domain = DOMAIN_KEYS[key];
  if (domain) {
    return `set the host with ${configSet(domain, "<host>")} and let the program write https://<host>`;
  }
  return `set it with ${envConfigSet(type, key, "https://<host>")}`;
}

export const serviceUrlsUseHttps: ResourceValidationPolicy = {
  name: "service-urls-use-https",
  description: "Every URL and origin handed to the backend or the frontend uses https://.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Let the program derive these values from the services' https:// URLs or your custom domains " +
    "(`pulumi config set --path webapp:domains.api <host>`, `webapp:domains.frontend`); write every origin of " +
    "your own as https://<host>.",
  configSchema,
  validateResource: forTypes(envVarTypes, (_props, args, report) => {
    const config = configWithDefaults<Config>(configSchema, args);
    const isUrlKey = (key: string) => config.keys.includes(key);
    checkEnvVars(args, isUrlKey, (envVar) => {
      const value = envVar.value();
      if (typeof value !== "string") {
        return;
      }
      const entries = originEntries(value);
      entries.forEach((entry, i) => {
        if (schemeOf(entry) === "https") {
          return;
        }
        const where = entries.length > 1 ? `entry ${i + 1} of ${envVar.key}` : envVar.key;
        const scheme = schemeOf(entry);
        const found =
          scheme === "http" ? "uses http://" : scheme ? "uses a non-https scheme" : "has no scheme";
        report(`${where} ${found}; write it as https://<host>: ${fixFor(args.type, envVar.key)}.`);
      });
    });
  }),
};
