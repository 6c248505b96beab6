/**
 * Applies the "Fix:" of a config error to a stack's `config:` map the way the Pulumi CLI would run it, so a
 * test can re-plan with the fix in place. `pulumi config set --path` stores "true"/"false" as booleans and
 * integers as numbers, everything else (0.25 included) as a string (sdk/go/common/resource/config/map.go
 * `adjustObjectValue`); without --path the value is a string; --secret stores an encrypted `secure:` value.
 */

type Config = Record<string, unknown>;

/** What a user types for each placeholder in a suggested command. */
const FILL: Record<string, string> = {
  "<owner>": "acme",
  "<name>": "api",
  "<repo>": "web",
  "<digest>": "b".repeat(64),
  "<github token>": "ghp_plan",
  "<github user>": "octocat",
  "<api_key>": "key",
  "<api_secret>": "secret",
  "<cloud_name>": "cloud",
  "<secret value>": "the-secret",
  // Ids of existing resources only the user can look up (webapp:adopt): values of the documented shape.
  "<20 letters and digits>": "ct6vn35j0q5s700ckga0",
  "<word>-<word>-<number>": "shiny-wind-028834",
  "<folder path>": "webapp-dev",
  "<database uuid>": "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9",
  "<id>": "abc123",
  // Names of adopted resources, as their consoles show them.
  "<database name>": "modestwear-cache",
  "<project name>": "modestwear-web",
};

/** The command after "Fix: " in an error line, without a trailing "(...)" note. */
export function fixOf(errorLine: string): string {
  const at = errorLine.indexOf(" Fix: ");
  if (at < 0) throw new Error(`no Fix: in ${errorLine}`);
  return errorLine
    .slice(at + 6)
    .trim()
    .replace(/ \([^()]*\)$/, "");
}

export function applyFix(config: Config, fix: string): void {
  for (const command of fix.split(" && ")) applyCommand(config, words(fill(command)));
}

function fill(command: string): string {
  const filled = Object.entries(FILL).reduce((c, [p, v]) => c.split(p).join(v), command);
  const left = /<[^<>]+>/.exec(filled);
  if (left) throw new Error(`the fix leaves ${left[0]} for the user to guess: ${command}`);
  return filled;
}

/** Shell words; single quotes group. */
function words(command: string): string[] {
  return [...command.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

function applyCommand(config: Config, argv: string[]): void {
  const rename = /^rename (\S+) to (\S+) in Pulumi\.\S+\.yaml$/.exec(argv.join(" "));
  if (rename) {
    config[rename[2]] = config[rename[1]];
    delete config[rename[1]];
    return;
  }
  if (argv[0] !== "pulumi" || argv[1] !== "config")
    throw new Error(`not a pulumi config command: ${argv.join(" ")}`);
  const flags = new Set(argv.filter((a) => a.startsWith("--")));
  // Options that take a value: --stack <name>, --type <string|int|bool|float>.
  const valueAt = new Set(["--stack", "--type"].map((f) => argv.indexOf(f) + 1).filter((i) => i > 0));
  const args = argv.slice(3).filter((a, i) => !a.startsWith("--") && !valueAt.has(i + 3));
  const [key, value] = args;
  const usePath = flags.has("--path");
  const [ns, name] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
  const segments = usePath ? parsePath(name) : [name];
  const root = `${ns}:${segments[0]}`;
  if (argv[2] === "rm") {
    if (segments.length === 1) delete config[root];
    else removeAt(config[root], segments.slice(1));
    return;
  }
  if (argv[2] !== "set" || value === undefined) throw new Error(`unsupported command: ${argv.join(" ")}`);
  // `--type string` keeps the text (config/value.go `unmarshalObject`, TypeString); --path alone coerces it.
  const typed = argv[argv.indexOf("--type") + 1];
  const stored = flags.has("--secret")
    ? { secure: "v1:ZW5jcnlwdGVk" }
    : flags.has("--type")
      ? typed === "string"
        ? value
        : adjust(value)
      : usePath
        ? adjust(value)
        : value;
  if (segments.length === 1) {
    config[root] = stored;
    return;
  }
  if (!config[root] || typeof config[root] !== "object")
    config[root] = typeof segments[1] === "number" ? [] : {};
  let cursor = config[root] as Record<string | number, unknown>;
  for (let i = 1; i < segments.length - 1; i++) {
    const seg = segments[i];
    cursor[seg] ??= typeof segments[i + 1] === "number" ? [] : {};
    cursor = cursor[seg] as Record<string | number, unknown>;
  }
  cursor[segments[segments.length - 1]] = stored;
}

function adjust(value: string): unknown {
  if (value === "true" || value === "false") return value === "true";
  if (/^-?\d+$/.test(value) && !(value.length > 1 && value.startsWith("0"))) return Number(value);
  return value;
}

function parsePath(name: string): Array<string | number> {
  return [...name.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
}

function removeAt(root: unknown, segments: Array<string | number>): void {
  let cursor = root as Record<string | number, unknown> | undefined;
  for (const seg of segments.slice(0, -1))
    cursor = cursor?.[seg] as Record<string | number, unknown> | undefined;
  const last = segments[segments.length - 1];
  if (Array.isArray(cursor) && typeof last === "number") cursor.splice(last, 1);
  else if (cursor) delete cursor[last];
}
