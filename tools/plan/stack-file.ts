import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { exampleFor } from "../../stacks/errors";
import { nearestStack } from "../../stacks/suggest";
import { checkStackAgainstProject, readDeclarations, StackValue } from "./project-config";
import { ChangedScalar, toConfigValue, YamlReadError, yamlConfigEntries } from "./stack-yaml";

export interface StackFile {
  project: string;
  /** The stack's own name (the last part of `org/project/stack`). */
  stack: string;
  config: Record<string, string>;
  secretKeys: string[];
  /** Pulumi ESC environments the stack file imports; the offline plan cannot open them. */
  environments: string[];
  /** The file that was read, relative to where it was looked for. */
  fileName: string;
}

/** Thrown for a missing, unreadable or refused stack file: the plan exits 2 with these lines (one per problem). */
export class StackFileError extends Error {
  constructor(readonly lines: string[] | string) {
    super(Array.isArray(lines) ? lines.join("\n") : lines);
  }
}

/** Pulumi's rule for a stack name; it also keeps `--stack` from naming a path. */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * What an encrypted (`secure:`) value becomes offline, per key: the program checks some values' shape
 * before anything is created, so a bare placeholder would fail where the real secret passes.
 */
const PLACEHOLDERS: Record<string, string> = {
  "cloudinary:url": "cloudinary://plan-api-key:plan-api-secret@plan-cloud",
  "webapp:backend.adminEmail": "plan-placeholder@example.com",
  // An adopted SECRET_KEY passes Django's strength check (stacks/index.ts) when the real one does.
  "webapp:backend.secretKey": "plan-placeholder-secret-key-of-fifty-or-more-characters",
  "nginx:certificatePem": "-----BEGIN CERTIFICATE-----\nplan-placeholder\n-----END CERTIFICATE-----\n",
  "nginx:privateKeyPem": "-----BEGIN PRIVATE KEY-----\nplan-placeholder\n-----END PRIVATE KEY-----\n",
};
const DEFAULT_PLACEHOLDER = "plan-placeholder-secret";

export function placeholderFor(key: string): string {
  return PLACEHOLDERS[key] ?? DEFAULT_PLACEHOLDER;
}

/** Stacks are the `Pulumi.<name>.yaml` files next to Pulumi.yaml. */
export function listStacks(root: string): string[] {
  return fs
    .readdirSync(root)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/**
 * Reads the project and stack files the way the engine merges them: the project's declared defaults first,
 * then the stack's values; keys without a namespace belong to the project; objects are passed as JSON.
 * Encrypted (`secure:`) values, at the top level or nested, cannot be decrypted offline and become a
 * placeholder of the shape the key needs; the whole key is then a secret, as the CLI makes it.
 */
export function readStackFile(root: string, stackArg: string, configDir = root): StackFile {
  const project = readProject(root, configDir);
  const { declarations, errors: projectErrors } = readDeclarations(project);
  if (projectErrors.length > 0) throw new StackFileError(projectErrors);
  const stack = stackName(stackArg, project.name, configDir);
  const stackPath = findStackFile(configDir, stack);
  const fileName = path.basename(stackPath);

  let entries: ReturnType<typeof yamlConfigEntries>;
  try {
    entries = yamlConfigEntries(fs.readFileSync(stackPath, "utf8"));
  } catch (err) {
    if (err instanceof YamlReadError) throw new StackFileError(`${fileName} ${err.message}`);
    throw err;
  }

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  const qualify = (key: string) => (key.includes(":") ? key : `${project.name}:${key}`);
  for (const d of declarations) {
    const value = d.value ?? d.default;
    if (value !== undefined) config[d.fullKey] = typeof value === "string" ? value : JSON.stringify(value);
  }
  const values = new Map<string, StackValue>();
  for (const [rawKey, raw] of entries.config) {
    const key = qualify(rawKey);
    const { value, secret } = toConfigValue(raw, (leafPath) => placeholderFor(key + leafPath));
    config[key] = value;
    if (secret) secretKeys.push(key);
    values.set(key, { content: "text" in raw ? raw.text : parseData(value), secure: secret });
  }
  // The CLI checks the stack against Pulumi.yaml before the program runs (pkg/workspace/config.go).
  const refused = changedEnvValues(entries.changed, project.name, stack, fileName).concat(
    checkStackAgainstProject(stack, declarations, values, (key) => {
      const example = key.startsWith(`${project.name}:`)
        ? exampleFor(key.slice(project.name.length + 1), "free")
        : "";
      return /^[\w.:/-]+$/.test(example) ? example : undefined;
    }),
  );
  if (refused.length > 0) throw new StackFileError(refused);
  return { project: project.name, stack, config, secretKeys, environments: entries.environments, fileName };
}

/** The maps whose values the program hands the app as environment variables, as text. */
const ENV_MAPS = [
  ["backend", ".env."],
  ["backend", ".secretEnv."],
  ["frontend", ".env."],
] as const;

/**
 * Environment values YAML would hand over as something else than written (`0644` -> "420", `1.10` -> "1.1",
 * `NO` -> "False", a 19-digit id rounded): refused, with the way to keep the text. `pulumi config set --path`
 * stores such text as a string, except an integer without a leading zero, which needs `--type string`
 * (sdk/go/common/resource/config/object.go `coerce`; pkg/cmd/pulumi/config `--type`). `true`/`false` stay
 * booleans on purpose: the app gets "True"/"False", as Django settings compare them (README).
 */
function changedEnvValues(
  changed: ChangedScalar[],
  project: string,
  stack: string,
  fileName: string,
): string[] {
  return changed.flatMap(({ key, path: at, text, value }) => {
    const map = ENV_MAPS.find(([k, prefix]) => key === `${project}:${k}` && at.startsWith(prefix));
    if (!map || /^(true|false|True|False)$/.test(text)) return [];
    const name = at.slice(map[1].length);
    const full = `${key}${at}`;
    const target = /^[\w:.-]+$/.test(full) ? full : `'${full}'`;
    if (map[1] === ".secretEnv.") {
      return [
        `${full} is a plain value that YAML reads as a ${typeof value}, not the text written; a secret is set with --secret, which keeps it text. Fix: pulumi config set --secret --path ${target} '<secret value>' --stack ${stack}`,
      ];
    }
    const given = typeof value === "boolean" ? (value ? "True" : "False") : String(value);
    const typed = /^[1-9]\d*$/.test(text) ? "--type string " : "";
    return [
      `${full} is written ${text}, which YAML reads as the ${typeof value} ${String(value)}: the app would get "${given}". Fix: pulumi config set ${typed}--path ${target} ${text} --stack ${stack} (or quote it in ${fileName}: ${name}: "${text}")`,
    ];
  });
}

/** An object's or list's JSON; a top-level `secure:` value is the (placeholder) string itself. */
function parseData(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * Pulumi.yaml: the one in `--config-dir` when it holds one (a project of its own), else the program's. Read
 * as YAML 1.1, as the CLI's go-yaml v2 reads it.
 */
function readProject(root: string, configDir: string): { name: string; config?: unknown } {
  const own = path.join(configDir, "Pulumi.yaml");
  const file = configDir !== root && fs.existsSync(own) ? own : path.join(root, "Pulumi.yaml");
  let project: unknown;
  try {
    project = parse(fs.readFileSync(file, "utf8"), { version: "1.1" });
  } catch (err) {
    throw new StackFileError(
      `${path.relative(process.cwd(), file) || file} is not valid YAML: ${(err as Error).message.split("\n")[0]}. Fix: correct the line it names`,
    );
  }
  const name = (project as { name?: unknown } | null)?.name;
  if (typeof name !== "string" || name === "") {
    throw new StackFileError(
      `${file} has no name: (the project name). Fix: add name: webapp at the top of ${file}`,
    );
  }
  return project as { name: string; config?: unknown };
}

/** `dev`, `org/dev` or `org/project/dev` -> `dev`, refusing anything that is not a stack name. */
function stackName(arg: string, project: string, configDir: string): string {
  const parts = arg.split("/");
  const name = parts[parts.length - 1];
  const known = () => listStacks(configDir).join(", ") || "none";
  if (parts.length > 3 || !parts.every((p) => STACK_NAME.test(p) && p !== "." && p !== "..")) {
    throw new StackFileError(
      `--stack ${JSON.stringify(arg)} is not a stack name (letters, digits, -, _ and ., optionally as org/project/stack); known stacks: ${known()}. Fix: npm run plan -- --stack ${listStacks(configDir)[0] ?? "dev"}`,
    );
  }
  if (parts.length === 3 && parts[1] !== project) {
    throw new StackFileError(
      `--stack ${arg} names project ${parts[1]}, but this is project ${project}. Fix: npm run plan -- --stack ${parts[0]}/${project}/${name}`,
    );
  }
  return name;
}

/**
 * `Pulumi.<stack>.yaml` inside `configDir`, refused when it resolves (through symlinks) outside that
 * directory or is not a regular file: a FIFO or a device would block the plan or never end.
 */
function findStackFile(configDir: string, stack: string): string {
  let dir: string;
  try {
    dir = fs.realpathSync(configDir);
  } catch {
    throw new StackFileError(
      `--config-dir ${configDir} does not exist. Fix: point --config-dir at the directory of Pulumi.<stack>.yaml`,
    );
  }
  if (!fs.statSync(dir).isDirectory()) {
    throw new StackFileError(
      `--config-dir ${configDir} is a file, not a directory. Fix: npm run plan -- --stack ${stack} --config-dir ${path.dirname(configDir)}`,
    );
  }
  const found = ["yaml", "yml"]
    .map((ext) => path.join(dir, `Pulumi.${stack}.${ext}`))
    .find((f) => lexists(f));
  if (!found) {
    const known = listStacks(dir);
    const near = nearestStack(stack, known);
    throw new StackFileError(
      `stack "${stack}" has no Pulumi.${stack}.yaml; known stacks: ${known.join(", ") || "none"}${near ? `; did you mean ${near}?` : "."} Fix: npm run plan -- --stack ${near ?? known[0] ?? "dev"}`,
    );
  }
  const name = path.basename(found);
  let real: string;
  try {
    real = fs.realpathSync(found);
  } catch {
    throw new StackFileError(`${name} is a symlink to nothing. Fix: replace it with the stack's file`);
  }
  const inside = path.relative(dir, real);
  if (inside === ".." || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) {
    throw new StackFileError(
      `${name} links outside the config directory (to ${real}); the plan reads stack files only from ${dir}. Fix: copy the file into ${dir}`,
    );
  }
  const stat = fs.statSync(real);
  if (!stat.isFile()) {
    throw new StackFileError(
      `${name} is ${kindOf(stat)}, not a regular file; the plan reads only regular files. Fix: replace it with the stack's YAML file`,
    );
  }
  return found;
}

function lexists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isSocket()) return "a socket";
  if (stat.isDirectory()) return "a directory";
  return "not a file";
}
