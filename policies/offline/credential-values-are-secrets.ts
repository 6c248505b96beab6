import { EnforcementLevel, PolicyConfigSchema } from "@pulumi/policy";
import {
  DEFAULT_CREDENTIAL_KEY_PATTERNS,
  KEY_PATTERNS_PROPERTY,
  carriesCredential,
} from "../lib/credentials";
import { configSet, envConfigSet, isBackend } from "../lib/config-keys";
import { EnvVar, envVarsOf } from "../lib/env-vars";
import { RENDER_REGISTRY_CREDENTIAL } from "../lib/tokens";

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
  configSchema: { properties: { keyPatterns: KEY_PATTERNS_PROPERTY } },
  remediationSteps:
    "Set the value as a secret: `pulumi config set --secret --path webapp:backend.secretEnv.<KEY> <value>` for " +
    "the app's own variables (not webapp:backend.env), `pulumi config set --secret webapp:ghcrToken <token>` " +
    "for the registry token; frontend variables cannot hold credentials.",
};

/** What the check needs from a planned resource (tools/plan/types.ts PlannedResource). */
interface SecretAwareResource {
  urn: string;
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** Dotted input paths that were Pulumi secrets. */
  secretPaths: string[];
  /**
   * The same with each map the program built from separate values narrowed to its secret members: the engine
   * sees the backend's whole `envVars` as one secret as soon as one member is, so only these tell a plain
   * `webapp:backend.env` value from a `secretEnv` one.
   */
  secretMembers?: string[];
}

interface CredentialFinding {
  urn: string;
  /** What to fix; names the key and the input path, never the value. */
  message: string;
}

/** A path is secret when it, or an object that contains it, was a secret. */
function isSecretPath(path: string, secretPaths: readonly string[]): boolean {
  const parts = path.split(".");
  return parts.some((_, i) => secretPaths.includes(parts.slice(0, i + 1).join(".")));
}

/** The inputs of `r` that carry a credential: env vars picked by `keyPatterns`, and registry tokens. */
function credentialsOf(r: SecretAwareResource, keyPatterns: readonly string[]): EnvVar[] {
  if (r.type === RENDER_REGISTRY_CREDENTIAL) {
    return [{ key: "authToken", path: "authToken", value: () => r.inputs.authToken }];
  }
  return envVarsOf(r.type, r.inputs).filter((v) => carriesCredential(v, keyPatterns));
}

/** The config command that makes the credential a secret, by where it is handed on. */
function fixFor(type: string, key: string): string {
  if (type === RENDER_REGISTRY_CREDENTIAL) {
    return `set it with ${configSet("webapp:ghcrToken", "<token>", { secret: true })}`;
  }
  if (isBackend(type)) {
    return `set it with ${envConfigSet(type, key, "<value>", true)} instead of webapp:backend.env.${key}`;
  }
  return (
    `remove webapp:frontend.env.${key} and keep it on the backend with ` +
    `${configSet(`webapp:backend.secretEnv.${key}`, "<value>", { secret: true })}`
  );
}

/** The input paths of `r` that carry a credential but were not Pulumi secrets. */
function plainCredentialsOf(r: SecretAwareResource, keyPatterns: readonly string[]): EnvVar[] {
  return credentialsOf(r, keyPatterns).filter(({ path, value }) => {
    const v = value();
    return v !== undefined && v !== null && v !== "" && !isSecretPath(path, r.secretMembers ?? r.secretPaths);
  });
}

/**
 * The paths the plan masks although they were no Pulumi secret: a credential in plain text is reported by
 * this check, and must not be printed in clear by the plan, its JSON or the pull-request comment either.
 */
export function plainCredentialPaths(
  r: SecretAwareResource,
  keyPatterns: readonly string[] = DEFAULT_CREDENTIAL_KEY_PATTERNS,
): string[] {
  return plainCredentialsOf(r, keyPatterns).map(({ path }) => path);
}

/** Credential-carrying inputs that were not Pulumi secrets. */
export function findPlainCredentials(
  resources: readonly SecretAwareResource[],
  keyPatterns: readonly string[] = DEFAULT_CREDENTIAL_KEY_PATTERNS,
): CredentialFinding[] {
  return resources.flatMap((r) =>
    plainCredentialsOf(r, keyPatterns).map(({ key, path }) => ({
      urn: r.urn,
      message: `${key} (input ${path} of '${r.name}') is a plain value; ${fixFor(r.type, key)}.`,
    })),
  );
}
