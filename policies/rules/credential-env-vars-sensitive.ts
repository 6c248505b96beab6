import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { BROWSER_PREFIX, KEY_PATTERNS_PROPERTY, carriesCredential } from "../lib/credentials";
import { checkEnvVars, sensitivityTypes } from "../lib/env-vars";
import { configSet } from "../lib/config-keys";
import { configWithDefaults, forTypes } from "../lib/helpers";

interface Config {
  keyPatterns: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    keyPatterns: KEY_PATTERNS_PROPERTY,
  },
};

/**
 * Vercel shows non-sensitive values to every team member and in the dashboard; `sensitive: true` makes them
 * write-only (Cloudflare Pages: `secret_text` rather than `plain_text`). The types come from the catalogs. Whether the program kept the value a Pulumi secret is invisible here (policies see plaintext,
 * pulumi-policy#241), so the offline plan checks that half (policies/offline/credential-values-are-secrets.ts).
 */
export const credentialEnvVarsSensitive: ResourceValidationPolicy = {
  name: "credential-env-vars-sensitive",
  description:
    "Frontend environment variables that carry credentials (by name, or a URL with a password) are marked sensitive (Vercel) or secret_text (Pages).",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Frontend build variables (webapp:frontend.env) are visible to the team and often to browsers: keep " +
    "credentials on the backend with `pulumi config set --secret --path webapp:backend.secretEnv.<KEY> <value>` " +
    "and remove them from webapp:frontend.env.",
  configSchema,
  validateResource: forTypes(sensitivityTypes, (_props, args, report) => {
    const config = configWithDefaults<Config>(configSchema, args);
    checkEnvVars(
      args,
      () => true,
      (envVar) => {
        if (!carriesCredential(envVar, config.keyPatterns)) return;
        if (envVar.key.startsWith(BROWSER_PREFIX)) {
          // `sensitive` hides the value in Vercel's dashboard only: Next.js inlines it into the browser bundle.
          const backendKey = envVar.key.slice(BROWSER_PREFIX.length);
          report(
            `${envVar.key} carries a credential, and Next.js inlines every NEXT_PUBLIC_ variable into the ` +
              `JavaScript it sends to browsers, sensitive or not; remove webapp:frontend.env.${envVar.key} and ` +
              `keep it on the backend with ` +
              `${configSet(`webapp:backend.secretEnv.${backendKey}`, "<value>", { secret: true })}.`,
          );
          return;
        }
        if (envVar.sensitive?.() !== true) {
          report(
            `${envVar.key} carries a credential but is not sensitive; remove webapp:frontend.env.${envVar.key} ` +
              `and keep it on the backend with ` +
              `${configSet(`webapp:backend.secretEnv.${envVar.key}`, "<value>", { secret: true })}.`,
          );
        }
      },
    );
  }),
};
