import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { DEFAULT_CREDENTIAL_KEY_PATTERNS, isCredentialKey } from "../lib/credentials";
import { envVarsOf } from "../lib/env-vars";
import { checkEach, configWithDefaults, forTypes } from "../lib/helpers";
import { VERCEL_ENV_VAR, VERCEL_PROJECT } from "../lib/tokens";

interface Config {
  keyPatterns: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    keyPatterns: {
      type: "array",
      items: { type: "string" },
      default: DEFAULT_CREDENTIAL_KEY_PATTERNS,
      description: "Regular expressions for environment variable names that carry credentials.",
    },
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
  validateResource: forTypes([VERCEL_ENV_VAR, VERCEL_PROJECT], (props, args, report) => {
    const config = configWithDefaults<Config>(configSchema, args);
    const envVars = envVarsOf(args.type, props).filter((v) => isCredentialKey(v.key, config.keyPatterns));
    checkEach(envVars, (envVar) => {
      if (envVar.sensitive?.() !== true) {
        report(`${envVar.key} carries a credential but is not sensitive; set sensitive: true.`);
      }
    });
  }),
};
