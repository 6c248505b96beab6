import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { envVarsOf } from "../lib/env-vars";
import { checkEach, configWithDefaults, forTypes } from "../lib/helpers";
import { ENV_VAR_TYPES, UPSTASH_REDIS_DATABASE } from "../lib/tokens";
import { schemeOf } from "../lib/urls";

interface Config {
  exemptKeys: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    exemptKeys: {
      type: "array",
      items: { type: "string" },
      default: [],
      description: "Environment variable names this policy does not inspect.",
    },
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
    const envVars = envVarsOf(args.type, props).filter((v) => !config.exemptKeys.includes(v.key));
    checkEach(envVars, (envVar) => {
      const value = envVar.value();
      if (typeof value === "string" && schemeOf(value) === "redis") {
        report(`${envVar.key} holds a plaintext redis:// URL; use the rediss:// scheme.`);
      }
    });
  }),
};
