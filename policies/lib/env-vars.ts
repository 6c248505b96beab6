import { RENDER_BACKGROUND_WORKER, RENDER_WEB_SERVICE, VERCEL_ENV_VAR, VERCEL_PROJECT } from "./tokens";

/**
 * One environment variable handed to a service. Values are read lazily so that an unknown (preview) value
 * throws only where a policy actually reads it.
 */
export interface EnvVar {
  key: string;
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
      return Object.keys(envVars).map((key) => ({ key, value: () => envVars[key] }));
    }
    case VERCEL_ENV_VAR:
      return [
        {
          key: props.key as string,
          // `valueWo` is the write-only alternative to `value`; either one reaches the frontend.
          value: () => (props.value !== undefined ? props.value : props.valueWo),
          sensitive: () => props.sensitive,
        },
      ];
    case VERCEL_PROJECT: {
      const environments = props.environments as VercelInlineEnv[] | undefined;
      if (!environments) {
        return [];
      }
      return environments.map((e) => ({ key: e.key, value: () => e.value, sensitive: () => e.sensitive }));
    }
    default:
      return [];
  }
}
