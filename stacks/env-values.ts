/**
 * The app's environment values as the program receives them: the CLI hands objects over as JSON, so a
 * YAML number has already lost its text. A number JavaScript cannot hold exactly (a 19-digit id: go-yaml
 * keeps it as int64, `JSON.parse` rounds it) cannot be handed over as written, so it is refused with the
 * command that stores the text. The offline plan also reads the stack
 * file's text and refuses `0644`, `NO` and the like (tools/plan/stack-file.ts), which no longer show here.
 */
import { ConfigError } from "./errors";

const MAPS = [
  ["backend", "env"],
  ["frontend", "env"],
] as const;

export function envNumberErrors(raw: Record<string, unknown>, stack: string): ConfigError[] {
  const errors: ConfigError[] = [];
  for (const [part, map] of MAPS) {
    const env = (raw[part] as Record<string, unknown> | undefined)?.[map];
    if (!env || typeof env !== "object" || Array.isArray(env)) continue;
    for (const [name, value] of Object.entries(env as Record<string, unknown>)) {
      // A decimal such as 1.5 arrives as written; 1.10 does not, but only the file's text tells them apart.
      if (typeof value !== "number" || !Number.isInteger(value) || Number.isSafeInteger(value)) continue;
      const key = `webapp:${part}.${map}.${name}`;
      errors.push(
        new ConfigError(
          key,
          `${key} is a whole number too large to arrive exactly (its last digits are rounded); environment values are text. Fix: pulumi config set --type string --path ${key} <the value as written> --stack ${stack} (or quote it in Pulumi.${stack}.yaml)`,
        ),
      );
    }
  }
  return errors;
}
