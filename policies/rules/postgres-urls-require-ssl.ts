import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { EXEMPT_KEYS_PROPERTY, checkEnvVars } from "../lib/env-vars";
import { configWithDefaults, forTypes } from "../lib/helpers";
import { ENV_VAR_TYPES } from "../lib/tokens";
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
    "Build the URL with connectionUri() from providers/neon/connection.ts, which appends sslmode=require, " +
    "or add ?sslmode=require to the URL before it reaches envVars or a Vercel environment variable.",
  configSchema,
  validateResource: forTypes(ENV_VAR_TYPES, (_props, args, report) => {
    const config = configWithDefaults<Config>(configSchema, args);
    const inspected = (key: string) => !config.exemptKeys.includes(key);
    checkEnvVars(args, inspected, (envVar) => {
      const value = envVar.value();
      if (typeof value !== "string" || !POSTGRES_SCHEMES.includes(schemeOf(value) ?? "")) {
        return;
      }
      const mode = postgresSslMode(value);
      const fix = "append ?sslmode=require (or build it with connectionUri())";
      if (mode === null) {
        report(
          `${envVar.key} holds a Postgres URL that cannot be parsed as a URL; URL-encode the password and ${fix}.`,
        );
      } else if (mode === undefined) {
        report(
          `${envVar.key} holds a Postgres URL without sslmode, so libpq may connect in plaintext; ${fix}.`,
        );
      } else if (!config.allowedSslModes.includes(mode)) {
        const found = KNOWN_SSL_MODES.includes(mode) ? `sslmode=${mode}` : "an unrecognised sslmode";
        report(`${envVar.key} holds a Postgres URL with ${found}; use sslmode=${config.allowedSslModes[0]}.`);
      }
    });
  }),
};
