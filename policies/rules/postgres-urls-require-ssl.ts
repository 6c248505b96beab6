import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { EXEMPT_KEYS_PROPERTY, checkEnvVars } from "../lib/env-vars";
import { envConfigSet } from "../lib/config-keys";
import { configWithDefaults, forTypes } from "../lib/helpers";
import { envVarTypes } from "../lib/tokens";
import { POSTGRES_SCHEMES, SECURE_SSL_MODES, postgresSslMode, schemeOf } from "../lib/urls";

interface Config {
  allowedSslModes: string[];
  exemptKeys: string[];
}

/** libpq modes that are safe to name in a message; anything else is described, never quoted. */
const KNOWN_SSL_MODES = ["disable", "allow", "prefer", ...SECURE_SSL_MODES];

const configSchema: PolicyConfigSchema = {
  properties: {
    allowedSslModes: {
      type: "array",
      items: { type: "string", enum: SECURE_SSL_MODES },
      minItems: 1,
      default: SECURE_SSL_MODES,
      description: "libpq sslmode values accepted in a Postgres URL.",
    },
    exemptKeys: EXEMPT_KEYS_PROPERTY,
  },
};

export const postgresUrlsRequireSsl: ResourceValidationPolicy = {
  name: "postgres-urls-require-ssl",
  description:
    "Every Postgres URL handed to a service or the frontend requires TLS (sslmode=require, verify-ca or verify-full).",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "The program's own database URLs always carry sslmode=require; for a URL of your own, add ?sslmode=require " +
    "(or verify-full) and set it again with `pulumi config set --secret --path webapp:backend.secretEnv.<KEY> " +
    "<url>` (webapp:frontend.env.<KEY> on the frontend).",
  configSchema,
  validateResource: forTypes(envVarTypes, (_props, args, report) => {
    const config = configWithDefaults<Config>(configSchema, args);
    const inspected = (key: string) => !config.exemptKeys.includes(key);
    checkEnvVars(args, inspected, (envVar) => {
      const value = envVar.value();
      if (typeof value !== "string" || !POSTGRES_SCHEMES.includes(schemeOf(value) ?? "")) {
        return;
      }
      const mode = postgresSslMode(value);
      const wanted = `sslmode=${config.allowedSslModes[0]}`;
      const fix = `set it with ${envConfigSet(args.type, envVar.key, `<url>?${wanted}`, true)}`;
      if (mode === null) {
        report(
          `${envVar.key} holds a Postgres URL that cannot be parsed as a URL; URL-encode the password, ` +
            `append ?${wanted} and ${fix}.`,
        );
      } else if (mode === undefined) {
        report(
          `${envVar.key} holds a Postgres URL without sslmode, so libpq may connect in plaintext; ` +
            `append ?${wanted} and ${fix}.`,
        );
      } else if (!config.allowedSslModes.includes(mode)) {
        const found = KNOWN_SSL_MODES.includes(mode) ? `sslmode=${mode}` : "an unrecognised sslmode";
        report(`${envVar.key} holds a Postgres URL with ${found}; use ${wanted} and ${fix}.`);
      }
    });
  }),
};
