import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { EXEMPT_KEYS_PROPERTY, checkEnvVars } from "../lib/env-vars";
import { configWithDefaults, forTypes } from "../lib/helpers";
import { ENV_VAR_TYPES, UPSTASH_REDIS_DATABASE } from "../lib/tokens";
import { schemeOf } from "../lib/urls";

interface Config {
  exemptKeys: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    exemptKeys: EXEMPT_KEYS_PROPERTY,
  },
};

export const redisUrlsUseTls: ResourceValidationPolicy = {
  name: "redis-urls-use-tls",
  description:
    "Every Redis URL handed to a service uses rediss:// and every Upstash database keeps TLS enabled.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Build Redis URLs as rediss://default:<password>@<endpoint>:<port> (Upstash refuses plaintext connections) " +
    "and leave the Upstash RedisDatabase `tls` argument unset or true.",
  configSchema,
  validateResource: forTypes([...ENV_VAR_TYPES, UPSTASH_REDIS_DATABASE], (props, args, report) => {
    if (args.type === UPSTASH_REDIS_DATABASE) {
      if (props.tls === false) {
        report("The Upstash database sets tls: false; remove the argument or set tls: true.");
      }
      return;
    }
    const config = configWithDefaults<Config>(configSchema, args);
    const inspected = (key: string) => !config.exemptKeys.includes(key);
    checkEnvVars(args, inspected, (envVar) => {
      const value = envVar.value();
      if (typeof value === "string" && schemeOf(value) === "redis") {
        report(`${envVar.key} holds a plaintext redis:// URL; use the rediss:// scheme.`);
      }
    });
  }),
};
