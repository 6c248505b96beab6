import * as pulumi from "@pulumi/pulumi";
import type { SecretSpec } from "../components/catalog";
import { ConfigError } from "./errors";

/**
 * The credentials the program itself hands on (e.g. the backend's `CLOUDINARY_URL`), as each chosen target's
 * catalog declares them; the other provider credentials (render:apiKey, NEON_API_KEY, upstash:*, vercel:*) are
 * read by the providers when they run, so the program never holds them. Checked before any resource exists,
 * so a bad value creates nothing. Each is a Pulumi secret, by its spec's `name`.
 */
export function readSecrets(
  specs: readonly SecretSpec[],
  stack: string,
): Record<string, pulumi.Output<string>> {
  return Object.fromEntries(specs.map((spec) => [spec.name, readSecret(spec, stack)]));
}

function readSecret(spec: SecretSpec, stack: string): pulumi.Output<string> {
  const fix = `pulumi config set --secret ${spec.key} '${spec.shape}' --stack ${stack} (or export ${spec.env})`;
  // The raw runtime lookup: `Config.get` would warn that the value is a secret, and `getSecret` only
  // yields it asynchronously, after resources could already have been registered.
  const value = pulumi.runtime.getConfig(spec.key) ?? process.env[spec.env];
  if (!value) {
    throw new ConfigError(spec.key, `${spec.key} is missing; ${spec.why} (${spec.shape}). Fix: ${fix}`);
  }
  if (!spec.pattern.test(value)) {
    // Never echo the value: it carries the secret.
    throw new ConfigError(spec.key, `${spec.key} is not ${spec.what}; expected ${spec.shape}. Fix: ${fix}`);
  }
  return pulumi.secret(value);
}
