import { PolicyConfigSchema } from "@pulumi/policy";
import { checkEach } from "./helpers";
import { envReaderOf, envVarTypes } from "./tokens";

/**
 * One environment variable handed to a service. Values are read lazily so that an unknown (preview) value
 * throws only where a policy actually reads it.
 */
export interface EnvVar {
  key: string;
  /** Dotted input path of the value, so a message can say where it is without quoting it. */
  path: string;
  value(): unknown;
  /** Vercel and Pages only: whether the variable is write-only (`sensitive`, `secret_text`). */
  sensitive?(): unknown;
}

interface VercelInlineEnv {
  key: string;
  value?: unknown;
  sensitive?: unknown;
}

/**
 * The environment variables a resource carries, read the way its catalog says: a map of `envVars` (Render
 * services), one `key`/`value` (a Render env var, or a Vercel one with `sensitive`), or a list of
 * `environments` (a Vercel project), or a Pages project's `deploymentConfigs`.
 */
export function envVarsOf(type: string, props: Record<string, unknown>): EnvVar[] {
  switch (envReaderOf(type)) {
    case "envVars-map": {
      const envVars = props.envVars as Record<string, unknown> | undefined;
      if (!envVars) {
        return [];
      }
      return Object.keys(envVars).map((key) => ({ key, path: `envVars.${key}`, value: () => envVars[key] }));
    }
    // One variable of a Render service set on its own (the hosts and origins known once Render named the host).
    case "key-value":
      return [{ key: props.key as string, path: "value", value: () => props.value }];
    case "key-value-sensitive": {
      // `valueWo` is the write-only alternative to `value`; either one reaches the frontend. `in` rather than
      // a read, because reading an unknown value would throw before any policy asked for it.
      const path = "value" in props ? "value" : "valueWo";
      return [{ key: props.key as string, path, value: () => props[path], sensitive: () => props.sensitive }];
    }
    case "environments-list": {
      const environments = props.environments as VercelInlineEnv[] | undefined;
      if (!environments) {
        return [];
      }
      return environments.map((e, i) => ({
        key: e.key,
        path: `environments.${i}.value`,
        value: () => e.value,
        sensitive: () => e.sensitive,
      }));
    }
    // A Cloudflare Pages project: `{ type: plain_text | secret_text, value }` per key and environment;
    // `secret_text` is Pages' write-only kind, the counterpart of Vercel's `sensitive`.
    case "deployment-configs": {
      const configs = props.deploymentConfigs as
        Record<string, PagesDeploymentConfig | undefined> | undefined;
      return ["production", "preview"].flatMap((env) => {
        const envVars = configs?.[env]?.envVars ?? {};
        return Object.keys(envVars).map((key) => ({
          key,
          path: `deploymentConfigs.${env}.envVars.${key}.value`,
          value: () => envVars[key].value,
          sensitive: () => envVars[key].type === "secret_text",
        }));
      });
    }
    default:
      return [];
  }
}

interface PagesDeploymentConfig {
  envVars?: Record<string, { type?: unknown; value?: unknown }>;
}

/** Resource types whose variables can be marked write-only (`sensitive()` answers for them), on each call. */
export function sensitivityTypes(): string[] {
  return envVarTypes().filter((t) =>
    ["key-value-sensitive", "environments-list", "deployment-configs"].includes(envReaderOf(t) ?? ""),
  );
}

/**
 * Runs `check` on each environment variable of the resource (a policy's `args`) whose key `select` accepts; an unknown value
 * defers as in {@link checkEach}, so the known variables are still checked.
 */
export function checkEnvVars(
  resource: { type: string; props: Record<string, unknown> },
  select: (key: string) => boolean,
  check: (envVar: EnvVar) => void,
): void {
  checkEach(
    envVarsOf(resource.type, resource.props).filter((v) => select(v.key)),
    check,
  );
}

/** The `exemptKeys` config property of the policies that inspect every environment variable's value. */
export const EXEMPT_KEYS_PROPERTY: PolicyConfigSchema["properties"][string] = {
  type: "array",
  items: { type: "string" },
  default: [],
  description: "Environment variable names this policy does not inspect.",
};
