import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { checkEnvVars } from "../lib/env-vars";
import { configWithDefaults, forTypes } from "../lib/helpers";
import { ENV_VAR_TYPES } from "../lib/tokens";
import { schemeOf } from "../lib/urls";

interface Config {
  keys: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    keys: {
      type: "array",
      items: { type: "string" },
      default: ["NEXT_PUBLIC_API_URL", "FRONTEND_URL", "CORS_ALLOWED_ORIGINS", "CSRF_TRUSTED_ORIGINS"],
      description: "Environment variables holding a URL or a comma-separated list of origins.",
    },
  },
};

export const serviceUrlsUseHttps: ResourceValidationPolicy = {
  name: "service-urls-use-https",
  description: "Every URL and origin handed to the backend or the frontend uses https://.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Derive these values from the services' https:// URLs (Render serves https://<slug>.onrender.com, Vercel " +
    "https://<project>.vercel.app) or your custom domains, and write each origin as https://host.",
  configSchema,
  validateResource: forTypes(ENV_VAR_TYPES, (_props, args, report) => {
    const config = configWithDefaults<Config>(configSchema, args);
    const isUrlKey = (key: string) => config.keys.includes(key);
    checkEnvVars(args, isUrlKey, (envVar) => {
      const value = envVar.value();
      if (typeof value !== "string") {
        return;
      }
      const entries = value
        .split(",")
        .map((e) => e.trim())
        .filter((e) => e !== "");
      entries.forEach((entry, i) => {
        if (schemeOf(entry) === "https") {
          return;
        }
        const where = entries.length > 1 ? `entry ${i + 1} of ${envVar.key}` : envVar.key;
        const scheme = schemeOf(entry);
        const found =
          scheme === "http" ? "uses http://" : scheme ? "uses a non-https scheme" : "has no scheme";
        report(`${where} ${found}; write it as https://<host>.`);
      });
    });
  }),
};
