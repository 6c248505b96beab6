import { Document, isAlias, isMap, isScalar, isSeq, Node, parseDocument, Scalar, YAMLMap } from "yaml";

/** A stack file the CLI would not read either; the message completes "Pulumi.<stack>.yaml ...". */
export class YamlReadError extends Error {}

/*
 * The Pulumi CLI reads stack files with go-yaml v2 (sdk/go/common/encoding/marshal.go), so this reads
 * them the same way:
 * - YAML 1.1 scalars inside objects (`yes`/`no`/`on`/`off` are booleans), which is `yaml`'s version "1.1";
 * - a top-level value is unmarshalled into a Go string, which keeps a plain scalar's text as written
 *   (`0.50` stays "0.50"; config/value.go `unmarshalValue`);
 * - merge keys (`<<: *base`, `<<: [*a, *b]`) are applied where they stand: a key written after `<<`
 *   overrides the merged one, one written before it is overridden, and in a list the earlier mapping
 *   wins (go-yaml v2 decode.go `merge` steps backwards). `yaml`'s own `merge` option lets explicit keys
 *   win wherever they stand, so merging is done here, with that option off.
 */

/** More alias expansions than any real stack file needs: a "billion laughs" file is refused, not expanded. */
const MAX_ALIAS_EXPANSIONS = 10_000;

/** One `config:` value as read: a top-level scalar's text, or the data of an object or list. */
export type RawValue = { text: string } | { data: unknown };

/**
 * A plain scalar inside an object that YAML 1.1 reads as a number or boolean other than what was written
 * (`0644` is 420, `1.10` is 1.1, `NO` is false, a 19-digit id loses digits as a JavaScript number).
 */
export interface ChangedScalar {
  key: string;
  /** Inside the key's value: `.env.FILE_MODE`, `.list[0]`. */
  path: string;
  text: string;
  value: number | boolean;
}

export interface ConfigEntries {
  /** `config:` keys in file order. */
  config: Array<[string, RawValue]>;
  /** Scalars inside objects whose value is not what was written (see {@link ChangedScalar}). */
  changed: ChangedScalar[];
  /** ESC environments named under `environment:`. */
  environments: string[];
}

export function yamlConfigEntries(source: string): ConfigEntries {
  const doc = parseDocument(source, { version: "1.1", merge: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new YamlReadError(`is not valid YAML: ${doc.errors[0].message.split("\n")[0]}`);
  }
  if (doc.contents === null) return { config: [], changed: [], environments: [] };
  const reader = new Reader(doc);
  const root = reader.resolve(doc.contents);
  if (!isMap(root)) throw new YamlReadError("is not a stack file: expected a mapping with a config: section");
  const top = reader.entries(root);
  const configNode = top.get("config");
  const section = configNode ? reader.resolve(configNode) : null;
  if (section !== null && !isMap(section) && !(isScalar(section) && section.value === null)) {
    throw new YamlReadError("has a config: section that is not a mapping of keys to values");
  }
  const changed: ChangedScalar[] = [];
  const config = isMap(section)
    ? [...reader.entries(section)].map(([key, node]): [string, RawValue] => {
        const value = node && reader.resolve(node);
        const onChange = (path: string, text: string, v: number | boolean) =>
          changed.push({ key, path, text, value: v });
        return [
          key,
          !value || isScalar(value)
            ? { text: topLevelText(value) }
            : { data: reader.toJS(value, "", onChange) },
        ];
      })
    : [];
  const env = top.get("environment");
  return { config, changed, environments: env ? environmentNames(reader.toJS(env)) : [] };
}

/**
 * The string the engine hands the program for one `config:` value, and whether it is a secret: a
 * `{secure: ...}` mapping anywhere in it becomes `placeholder(path)` (path "" at the top, ".a.b[0]" inside).
 */
export function toConfigValue(
  raw: RawValue,
  placeholder: (leafPath: string) => string,
): { value: string; secret: boolean } {
  if ("text" in raw) return { value: raw.text, secret: false };
  let secret = false;
  const replace = (value: unknown, at: string): unknown => {
    if (isSecure(value)) {
      secret = true;
      return placeholder(at);
    }
    if (Array.isArray(value)) return value.map((v, i) => replace(v, `${at}[${i}]`));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v, `${at}.${k}`)]));
    }
    return value;
  };
  const value = replace(raw.data, "");
  return { value: typeof value === "string" ? value : JSON.stringify(value), secret };
}

/** The CLI's `isSecureValue`: a mapping with exactly one key, `secure`, whose value is a string. */
function isSecure(value: unknown): boolean {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return (
    keys.length === 1 && keys[0] === "secure" && typeof (value as { secure: unknown }).secure === "string"
  );
}

function topLevelText(node: Node | null): string {
  if (!isScalar(node) || node.value === null || node.value === undefined) return "";
  return node.type === Scalar.PLAIN && typeof node.source === "string" ? node.source : String(node.value);
}

/** `environment: [a, b]` or `environment: {imports: [a, {b: {merge: false}}], values: ...}`. */
function environmentNames(env: unknown): string[] {
  const imports = Array.isArray(env)
    ? env
    : env && typeof env === "object"
      ? ((env as { imports?: unknown }).imports ?? [])
      : [];
  const names = (Array.isArray(imports) ? imports : []).map((i) =>
    i && typeof i === "object" ? Object.keys(i)[0] : String(i),
  );
  const inline = env && typeof env === "object" && !Array.isArray(env) && "values" in env;
  return inline ? [...names, "(inline values)"] : names;
}

class Reader {
  private expansions = 0;
  constructor(private readonly doc: Document) {}

  /** The node an alias stands for (a node that is not an alias stands for itself). */
  resolve(node: Node): Node {
    let current: unknown = node;
    while (isAlias(current)) {
      if (++this.expansions > MAX_ALIAS_EXPANSIONS) {
        throw new YamlReadError(`expands more than ${MAX_ALIAS_EXPANSIONS} aliases; write the values out`);
      }
      const target: unknown = current.resolve(this.doc);
      if (!target)
        throw new YamlReadError(`uses an alias *${current.source} with no anchor &${current.source}`);
      current = target;
    }
    return current as Node;
  }

  /** A mapping's keys in the order go-yaml v2 settles them, merge keys applied where they stand. */
  entries(map: YAMLMap): Map<string, Node | null> {
    const out = new Map<string, Node | null>();
    for (const pair of map.items) {
      const key = pair.key as Node | null;
      const value = (pair.value as Node | null) ?? null;
      if (
        isScalar(key) &&
        (typeof key.value === "symbol" || (key.type === Scalar.PLAIN && key.value === "<<"))
      ) {
        for (const [k, v] of this.mergeSource(value)) out.set(k, v);
      } else {
        out.set(key === null ? "" : this.keyText(key), value);
      }
    }
    return out;
  }

  private mergeSource(value: Node | null): Map<string, Node | null> {
    const source = value && this.resolve(value);
    if (isMap(source)) return this.entries(source);
    if (isSeq(source)) {
      const merged = new Map<string, Node | null>();
      for (const item of [...source.items].reverse()) {
        const m = this.resolve(item as Node);
        if (!isMap(m))
          throw new YamlReadError("has a merge key (<<) whose list holds something other than mappings");
        for (const [k, v] of this.entries(m)) merged.set(k, v);
      }
      return merged;
    }
    throw new YamlReadError("has a merge key (<<) that is neither a mapping nor a list of mappings");
  }

  private keyText(key: Node): string {
    const k = this.resolve(key);
    if (isScalar(k)) return k.value instanceof Date ? String(k.source) : String(k.value);
    return JSON.stringify(this.toJS(k));
  }

  /** Plain data, as go-yaml v2 decodes into interface{} (timestamps stay the text they were written as). */
  toJS(
    node: Node | null,
    at = "",
    onChange?: (path: string, text: string, value: number | boolean) => void,
  ): unknown {
    if (node === null) return null;
    const n = this.resolve(node);
    if (isScalar(n)) {
      const v = n.value;
      if (
        onChange &&
        n.type === Scalar.PLAIN &&
        typeof n.source === "string" &&
        (typeof v === "number" || typeof v === "boolean") &&
        String(v) !== n.source
      ) {
        onChange(at, n.source, v);
      }
      return v instanceof Date || v instanceof Uint8Array ? n.source : v;
    }
    if (isSeq(n)) return n.items.map((item, i) => this.toJS(item as Node | null, `${at}[${i}]`, onChange));
    if (isMap(n)) {
      return Object.fromEntries(
        [...this.entries(n)].map(([k, v]) => [k, this.toJS(v, `${at}.${k}`, onChange)]),
      );
    }
    return null;
  }
}
