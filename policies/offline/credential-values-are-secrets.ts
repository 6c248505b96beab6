import { EnforcementLevel, PolicyConfigSchema } from "@pulumi/policy";
import { DEFAULT_CREDENTIAL_KEY_PATTERNS, isCredentialKey } from "../lib/credentials";
import {
  RENDER_BACKGROUND_WORKER,
  RENDER_REGISTRY_CREDENTIAL,
  RENDER_WEB_SERVICE,
  VERCEL_ENV_VAR,
  VERCEL_PROJECT,
} from "../lib/tokens";

/**
 * The half of "credentials are never plain literals" that a CrossGuard policy cannot check: policies receive
 * secrets as plaintext with no marker (pulumi-policy#241). The offline plan does know which inputs were
 * Pulumi secrets, so it runs this check next to the pack and reports it under its own pack name.
 */
export const OFFLINE_PACK_NAME = "webapp-plan-checks";

export const credentialValuesAreSecrets: {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  remediationSteps: string;
  configSchema: PolicyConfigSchema;
} = {
  name: "credential-values-are-secrets",
  description: "Every credential handed to a service is a Pulumi secret, never a plain value in the program.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      keyPatterns: {
        type: "array",
        items: { type: "string" },
        default: DEFAULT_CREDENTIAL_KEY_PATTERNS,
        description: "Regular expressions for environment variable names that carry credentials.",
      },
    },
  },
  remediationSteps:
    "Read the value with config.requireSecret(), take it from a provider's secret output, or wrap it in " +
    "pulumi.secret(); never write it into the program or a non-secret config key.",
};

/** What the check needs from a planned resource (tools/plan/types.ts PlannedResource). */
export interface SecretAwareResource {
  urn: string;
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** Dotted input paths that were Pulumi secrets. */
  secretPaths: string[];
}

export interface CredentialFinding {
  urn: string;
  /** What to fix; names the key and the input path, never the value. */
  message: string;
}

/** A path is secret when it, or an object that contains it, was a secret. */
function isSecretPath(path: string, secretPaths: readonly string[]): boolean {
  const parts = path.split(".");
  return parts.some((_, i) => secretPaths.includes(parts.slice(0, i + 1).join(".")));
}

const present = (v: unknown) => v !== undefined && v !== null && v !== "";

/** Credential-carrying inputs that were not Pulumi secrets. */
export function findPlainCredentials(
  resources: readonly SecretAwareResource[],
  keyPatterns: readonly string[] = DEFAULT_CREDENTIAL_KEY_PATTERNS,
): CredentialFinding[] {
  const findings: CredentialFinding[] = [];
  const check = (r: SecretAwareResource, key: string, path: string, value: unknown) => {
    if (present(value) && !isSecretPath(path, r.secretPaths)) {
      findings.push({
        urn: r.urn,
        message: `${key} (input ${path} of '${r.name}') is a plain value; pass it as a Pulumi secret.`,
      });
    }
  };
  for (const r of resources) {
    const inputs = r.inputs;
    if (r.type === RENDER_WEB_SERVICE || r.type === RENDER_BACKGROUND_WORKER) {
      const envVars = (inputs.envVars ?? {}) as Record<string, unknown>;
      for (const key of Object.keys(envVars).filter((k) => isCredentialKey(k, keyPatterns))) {
        check(r, key, `envVars.${key}`, envVars[key]);
      }
    } else if (r.type === RENDER_REGISTRY_CREDENTIAL) {
      check(r, "authToken", "authToken", inputs.authToken);
    } else if (
      r.type === VERCEL_ENV_VAR &&
      typeof inputs.key === "string" &&
      isCredentialKey(inputs.key, keyPatterns)
    ) {
      check(r, inputs.key, "value", inputs.value);
    } else if (r.type === VERCEL_PROJECT && Array.isArray(inputs.environments)) {
      inputs.environments.forEach((e: { key?: unknown; value?: unknown }, i: number) => {
        if (typeof e.key === "string" && isCredentialKey(e.key, keyPatterns)) {
          check(r, e.key, `environments.${i}.value`, e.value);
        }
      });
    }
  }
  return findings;
}
