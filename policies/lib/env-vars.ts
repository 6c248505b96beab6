import { PolicyConfigSchema } from "@pulumi/policy";
import { checkEach } from "./helpers";
import {
  RENDER_BACKGROUND_WORKER,
  RENDER_ENV_VAR,
  RENDER_WEB_SERVICE,
  VERCEL_ENV_VAR,
  VERCEL_PROJECT,
} from "./tokens";

/**
 * One environment variable handed to a service. Values are read lazily so that an unknown (preview) value
 * throws only where a policy actually reads it.
 */
export interface EnvVar {
  key: string;
  /** Dotted input path of the value, so a message can say where it is without quoting it. */
  path: string;
  value(): unknown;
  /** Vercel only: whether the variable is marked `sensitive`. */
  sensitive?(): unknown;
}

interface VercelInlineEnv {
  key: string;
  value?: unknown;
  sensitive?: unknown;
}

/** The environment variables a Render service, a Vercel env var resource or a Vercel project carries. */
export function envVarsOf(type: string, props: Record<string, unknown>): EnvVar[] {
  switch (type) {
    case RENDER_WEB_SERVICE:
    case RENDER_BACKGROUND_WORKER: {
      const envVars = props.envVars as Record<string, unknown> | undefined;
      if (!envVars) {
        return [];
      }
      return Object.keys(envVars).map((key) => ({ key, path: `envVars.${key}`, value: () => envVars[key] }));
    }
    // One variable of a Render service set on its own (the hosts and origins known once Render named the host).
    case RENDER_ENV_VAR:
      return [{ key: props.key as string, path: "value", value: () => props.value }];
    case VERCEL_ENV_VAR: {
      // `valueWo` is the write-only alternative to `value`; either one reaches the frontend. `in` rather than
      // a read, because reading an unknown value would throw before any policy asked for it.
      const path = "value" in props ? "value" : "valueWo";
      return [{ key: props.key as string, path, value: () => props[path], sensitive: () => props.sensitive }];
    }
    case VERCEL_PROJECT: {
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
    default:
      return [];
  }
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
