import { RENDER_BACKGROUND_WORKER, RENDER_WEB_SERVICE } from "./tokens";

/*
 * Policy messages tell the user which stack config key fixes them and the command that sets it: the stack
 * config is the program's interface, its code is not (issue 10).
 */

/** The `pulumi config set` command for `key`, with `--path` when the key is nested, as the CLI needs. */
export function configSet(key: string, value: string, opts: { secret?: boolean } = {}): string {
  const nested = /[.[]/.test(key.slice(key.indexOf(":") + 1));
  const flags = `${opts.secret ? " --secret" : ""}${nested ? " --path" : ""}`;
  const quoted = /[[\]\s]/.test(key) ? `'${key}'` : key;
  return `\`pulumi config set${flags} ${quoted} ${value}\``;
}

/** The `pulumi config rm` command that brings `key` back to its default. */
export function configRm(key: string): string {
  const nested = /[.[]/.test(key.slice(key.indexOf(":") + 1));
  return `\`pulumi config rm${nested ? " --path" : ""} ${key}\``;
}

/** Whether the resource type is a Render service, whose app variables live under `webapp:backend`. */
export function isBackend(type: string): boolean {
  return type === RENDER_WEB_SERVICE || type === RENDER_BACKGROUND_WORKER;
}

/**
 * The stack config key an app's own environment variable is set with: `webapp:backend.env` (plain) or
 * `webapp:backend.secretEnv` (Pulumi secrets) on Render, `webapp:frontend.env` (build-time, public) on Vercel.
 */
export function envConfigKey(type: string, key: string, secret = false): string {
  if (isBackend(type)) {
    return `webapp:backend.${secret ? "secretEnv" : "env"}.${key}`;
  }
  return `webapp:frontend.env.${key}`;
}

/** `pulumi config set` for an app variable, a secret on the backend when `secret` is true. */
export function envConfigSet(type: string, key: string, value: string, secret = false): string {
  const onBackend = isBackend(type);
  return configSet(envConfigKey(type, key, secret && onBackend), value, { secret: secret && onBackend });
}

/**
 * The commands that set one field of an upload preset. A preset the stack does not list is the program's
 * default one (stacks/index.ts), so the first command lists it by name at index 0: a nested `--path` set on
 * an absent list would otherwise create a preset without a name.
 */
export function presetConfigSet(
  presetName: string,
  index: number | undefined,
  field: string,
  value: string,
): string {
  const set = configSet(`webapp:media.presets[${index ?? 0}].${field}`, value);
  return index === undefined ? `${configSet("webapp:media.presets[0].name", presetName)} then ${set}` : set;
}
