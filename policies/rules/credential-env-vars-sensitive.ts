import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { KEY_PATTERNS_PROPERTY, isCredentialKey } from "../lib/credentials";
import { checkEnvVars } from "../lib/env-vars";
import { configWithDefaults, forTypes } from "../lib/helpers";
import { VERCEL_ENV_VAR, VERCEL_PROJECT } from "../lib/tokens";

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
 * write-only. Whether the program kept the value a Pulumi secret is invisible here (policies see plaintext,
 * pulumi-policy#241), so the offline plan checks that half (policies/offline/credential-values-are-secrets.ts).
 */
export const credentialEnvVarsSensitive: ResourceValidationPolicy = {
  name: "credential-env-vars-sensitive",
  description: "Vercel environment variables that carry credentials are marked sensitive.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Set sensitive: true on the vercel.ProjectEnvironmentVariable (or the inline environments entry) and pass " +
    "the value as a Pulumi secret.",
  configSchema,
  validateResource: forTypes([VERCEL_ENV_VAR, VERCEL_PROJECT], (_props, args, report) => {
    const config = configWithDefaults<Config>(configSchema, args);
    const isCredential = (key: string) => isCredentialKey(key, config.keyPatterns);
    checkEnvVars(args, isCredential, (envVar) => {
      if (envVar.sensitive?.() !== true) {
        report(`${envVar.key} carries a credential but is not sensitive; set sensitive: true.`);
      }
    });
  }),
};
