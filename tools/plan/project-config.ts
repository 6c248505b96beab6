/*
 * The Pulumi CLI's own rules for the `config:` section of Pulumi.yaml, applied before the program runs
 * (pulumi/pulumi, read at 1b59498):
 * - sdk/go/common/workspace/project.go `RewriteShorthandConfigValues`: a shorthand `key: value` is a default
 *   when the key is in the project's namespace, a value otherwise;
 * - project.go `Project.Validate` and project.json (the schema `ValidateProject` checks): the allowed
 *   attributes and types, `items` for arrays, defaults of the declared type, and keys of other namespaces
 *   with a `value` only;
 * - pkg/workspace/config.go `mergeConfig`: a key of the project's namespace declared with neither `default`
 *   nor `value` is required on every stack ("Stack 'dev' is missing configuration value(s) ...", test
 *   `TestStackConfigErrorsWhenMissingStackValueForConfigTypeWithNoDefault`), whether or not it has a type;
 * - config.go `validateStackConfigValue`: a `secret: true` key must be encrypted on the stack (defaults
 *   included: the merged default is a plain value), and a typed key's value must be of its type
 *   (project.go `ValidateConfigValue`: integers may be strings that parse as one, booleans the strings
 *   "true"/"false").
 * The CLI stops at its first error; here every one is reported in one run, each with its fix.
 * No message carries a value: a secret's decrypted value must never show, and the type says enough.
 */

const TYPES = ["string", "integer", "boolean", "array", "object"] as const;
const ATTRIBUTES = ["type", "items", "description", "secret", "default", "value"];

interface ItemsType {
  type: string;
  items?: ItemsType;
}

export interface Declaration {
  /** As written in Pulumi.yaml (`tier` or `webapp:tier`). */
  key: string;
  /** Namespaced (`webapp:tier`). */
  fullKey: string;
  inProject: boolean;
  type?: string;
  items?: ItemsType;
  secret: boolean;
  default?: unknown;
  value?: unknown;
}

/** One stack value as the engine holds it: a top-level string, or the data of an object or list. */
export interface StackValue {
  /** Decrypted (offline: the placeholder) content: a string, or JSON data for objects and lists. */
  content: unknown;
  /** Encrypted in the stack file (a `secure:` value, or an object holding one). */
  secure: boolean;
}

/** Pulumi.yaml's declarations, or the lines saying which break the CLI's rules. */
export function readDeclarations(project: { name: string; config?: unknown }): {
  declarations: Declaration[];
  errors: string[];
} {
  const errors: string[] = [];
  const declarations: Declaration[] = [];
  const section = project.config;
  if (section === undefined || section === null) return { declarations, errors };
  if (typeof section !== "object" || Array.isArray(section)) {
    return {
      declarations,
      errors: [
        "Pulumi.yaml's config: is not a mapping of keys to declarations. Fix: in Pulumi.yaml, write config: as key: {type, default, description} entries",
      ],
    };
  }
  for (const [key, decl] of Object.entries(section as Record<string, unknown>)) {
    const inProject = !key.includes(":") || key.startsWith(`${project.name}:`);
    const fullKey = key.includes(":") ? key : `${project.name}:${key}`;
    const where = `Pulumi.yaml's config key '${key}'`;
    if (decl === null || typeof decl !== "object" || Array.isArray(decl)) {
      // Shorthand: a default in the project's namespace, a value in another (RewriteShorthandConfigValues).
      declarations.push({
        key,
        fullKey,
        inProject,
        secret: false,
        ...(inProject ? { default: decl } : { value: decl }),
      });
      continue;
    }
    const d = decl as Record<string, unknown>;
    const unknown = Object.keys(d).filter((a) => !ATTRIBUTES.includes(a));
    if (unknown.length > 0) {
      errors.push(
        `${where} has ${unknown.map((a) => `'${a}'`).join(", ")}, which Pulumi.yaml does not allow (allowed: ${ATTRIBUTES.join(", ")}). Fix: in Pulumi.yaml, remove ${unknown.join(", ")} from ${key}`,
      );
    }
    const type = d.type;
    if (type !== undefined && !TYPES.includes(type as (typeof TYPES)[number])) {
      errors.push(
        `${where} has type ${JSON.stringify(type)}; allowed: ${TYPES.join(", ")}. Fix: in Pulumi.yaml, set ${key}'s type to one of ${TYPES.join(", ")}`,
      );
      continue;
    }
    const declaration: Declaration = {
      key,
      fullKey,
      inProject,
      type: type as string | undefined,
      items: d.items as ItemsType | undefined,
      secret: d.secret === true,
      ...("default" in d && d.default !== null ? { default: d.default } : {}),
      ...("value" in d && d.value !== null ? { value: d.value } : {}),
    };
    if (declaration.default !== undefined && declaration.value !== undefined) {
      errors.push(
        `project config '${key}' cannot have both a 'default' and 'value' attribute. Fix: in Pulumi.yaml, keep one of ${key}'s default and value`,
      );
    }
    if (inProject) {
      if (type === "array" && !declaration.items) {
        errors.push(
          `The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute. Fix: in Pulumi.yaml, add items: {type: string} (or the element type) to ${key}`,
        );
      } else if (type !== undefined && declaration.default !== undefined) {
        if (!validValue(type as string, declaration.items, declaration.default)) {
          errors.push(
            `The default value specified for configuration key '${key}' is not of the expected type '${typeName(type as string, declaration.items)}'. Fix: in Pulumi.yaml, give ${key} a default of type ${typeName(type as string, declaration.items)}`,
          );
        }
      }
    } else if (type !== undefined) {
      errors.push(
        `Configuration key '${key}' is not namespaced by the project and should not define a type. Fix: in Pulumi.yaml, remove ${key}'s type`,
      );
    } else if (declaration.default !== undefined) {
      errors.push(
        `Configuration key '${key}' is not namespaced by the project and should not define a default value. Fix: in Pulumi.yaml, rename ${key}'s default to value`,
      );
    } else if (declaration.value === undefined) {
      errors.push(
        `Configuration key '${key}' is namespaced and must provide an attribute 'value'. Fix: in Pulumi.yaml, give ${key} a value, or remove its declaration`,
      );
    }
    declarations.push(declaration);
  }
  return { declarations, errors };
}

/**
 * The lines the CLI would refuse this stack with, given its values (keys namespaced) before the project's
 * defaults are merged in. Keys in sorted order, as the CLI checks them.
 */
export function checkStackAgainstProject(
  stack: string,
  declarations: readonly Declaration[],
  values: ReadonlyMap<string, StackValue>,
  example: (key: string) => string | undefined = () => undefined,
): string[] {
  const setCommand = (d: Declaration) => setCommandOf(stack, d, example(d.fullKey));
  const errors: string[] = [];
  const sorted = [...declarations].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const d of sorted) {
    const onStack = values.get(d.fullKey);
    const fallback = d.value ?? d.default;
    if (!onStack && fallback === undefined) {
      if (d.inProject) {
        errors.push(
          `Stack '${stack}' is missing configuration value '${d.fullKey}': Pulumi.yaml declares it without a default, so the Pulumi CLI refuses every preview, up, refresh and destroy without it. Fix: ${setCommand(d)} (or, if it is optional, declare it in a comment of Pulumi.yaml instead)`,
        );
      }
      continue;
    }
    if (!d.inProject || d.type === undefined) continue;
    // A default merged into the stack is a plain value (config.go createConfigValue), never encrypted.
    const value: StackValue = onStack ?? { content: defaultContent(fallback), secure: false };
    if (d.secret && !value.secure) {
      errors.push(
        onStack
          ? `Stack '${stack}' with configuration key '${d.fullKey}' must be encrypted as it's secret (Pulumi.yaml declares it secret: true). Fix: ${encryptCommand(stack, d)}`
          : `Stack '${stack}' with configuration key '${d.fullKey}' must be encrypted as it's secret, but Pulumi.yaml gives it a plain default. Fix: in Pulumi.yaml, remove ${d.key}'s default`,
      );
      continue;
    }
    if (!validValue(d.type, d.items, value.content)) {
      errors.push(
        `Stack '${stack}' with configuration key '${d.fullKey}' must be of type '${typeName(d.type, d.items)}' (declared in Pulumi.yaml); it is ${kindOf(value.content)}. Fix: ${
          fallback !== undefined ? `pulumi config rm ${d.fullKey} --stack ${stack}` : setCommand(d)
        }`,
      );
    }
  }
  return errors;
}

/** A default as the CLI merges it: primitives as their text, anything else as JSON data. */
function defaultContent(value: unknown): unknown {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : value;
}

/** The `pulumi config set` that gives a declared key a value of its type (the program's example if it has one). */
function setCommandOf(stack: string, d: Declaration, example: string | undefined): string {
  const secret = d.secret ? "--secret " : "";
  if (example !== undefined && !d.secret) return `pulumi config set ${d.fullKey} ${example} --stack ${stack}`;
  switch (d.type) {
    case "integer":
      return `pulumi config set ${secret}${d.fullKey} 0 --stack ${stack}`;
    case "boolean":
      return `pulumi config set ${secret}${d.fullKey} false --stack ${stack}`;
    case "array":
    case "object":
      return `in Pulumi.yaml, give ${d.key} a default (${d.type === "array" ? "[]" : "{}"}) or set it on stack ${stack} with pulumi config set --path`;
    default:
      return `pulumi config set ${secret}${d.fullKey} '<${d.secret ? "secret" : "string"}>' --stack ${stack}`;
  }
}

/** Re-stores a plain value encrypted, without it passing through a message or the shell history. */
function encryptCommand(stack: string, d: Declaration): string {
  if (d.type === "object" || d.type === "array") {
    return `encrypt each value under ${d.fullKey} with pulumi config set --secret --path '${d.fullKey}.<name>' --stack ${stack}`;
  }
  return `pulumi config set --secret ${d.fullKey} "$(pulumi config get ${d.fullKey} --stack ${stack})" --stack ${stack}`;
}

/** project.go `ValidateConfigValue`. */
function validValue(type: string, items: ItemsType | undefined, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      if (typeof value === "number") return Number.isInteger(value);
      // Go's strconv.Atoi: an optional sign and decimal digits, within int64.
      return typeof value === "string" && /^[+-]?\d+$/.test(value) && fitsInt64(value);
    case "boolean":
      return typeof value === "boolean" || value === "true" || value === "false";
    case "object":
      return !!value && typeof value === "object" && !Array.isArray(value);
    default:
      return (
        Array.isArray(value) &&
        items !== undefined &&
        value.every((v) => validValue(items.type, items.items, v))
      );
  }
}

function fitsInt64(text: string): boolean {
  const n = BigInt(text);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

/** project.go `InferFullTypeName`. */
function typeName(type: string, items: ItemsType | undefined): string {
  return items ? `array<${typeName(items.type, items.items)}>` : type;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value && typeof value === "object") return "an object";
  if (typeof value === "string") return "a string";
  return `a ${typeof value}`;
}
