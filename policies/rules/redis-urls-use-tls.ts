import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { EXEMPT_KEYS_PROPERTY, checkEnvVars } from "../lib/env-vars";
import { envConfigSet } from "../lib/config-keys";
import { configWithDefaults, forTypes } from "../lib/helpers";
import { envVarTypes, UPSTASH_REDIS_DATABASE } from "../lib/tokens";
import { schemeOf, urlListItems } from "../lib/urls";

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
    "Every Redis URL handed to a service, each broker of a Celery failover list included, uses rediss:// and " +
    "every Upstash database keeps TLS enabled.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "The program's own Redis URLs always use rediss://; write a URL of your own as " +
    "rediss://default:<password>@<endpoint>:<port> and set it with `pulumi config set --secret --path " +
    "webapp:backend.secretEnv.<KEY> <url>`. Upstash refuses plaintext connections, so leave its `tls` argument " +
    "unset or true.",
  configSchema,
  validateResource: forTypes(
    () => [...envVarTypes(), UPSTASH_REDIS_DATABASE],
    (props, args, report) => {
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
        if (typeof value !== "string") {
          return;
        }
        const items = urlListItems(value);
        items.forEach((item, i) => {
          if (schemeOf(item) !== "redis") {
            return;
          }
          const where = items.length > 1 ? `item ${i + 1} of ${envVar.key}` : envVar.key;
          report(
            `${where} is a plaintext redis:// URL; use rediss:// and set it with ` +
              `${envConfigSet(args.type, envVar.key, "rediss://...", true)}.`,
          );
        });
      });
    },
  ),
};
