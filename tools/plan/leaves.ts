import * as pulumi from "@pulumi/pulumi";

/** One Output (or promise) inside a resource's raw inputs, as the program built them. */
export interface InputLeaf {
  /** Keys from the top-level input down, array positions as numbers. */
  path: Array<string | number>;
  /** A promise's secretness cannot be seen from outside, so a promise counts as secret. */
  isSecret: boolean;
  /** URNs of the resources the value came from, sorted. */
  urns: string[];
}

interface OutputInternals {
  isSecret: Promise<boolean>;
  allResources?: () => Promise<Iterable<pulumi.Resource>>;
}

/** `envVars.DATABASE_URL`, `tags[0]`: the notation of the plan's secret and unknown paths. */
export function leafPath(path: Array<string | number>): string {
  return path.reduce<string>(
    (at, key) => (typeof key === "number" ? `${at}[${key}]` : at ? `${at}.${key}` : key),
    "",
  );
}

/** Every Output and promise in `props`, walking plain objects and arrays. */
export async function inputLeaves(props: Record<string, unknown>): Promise<InputLeaf[]> {
  const found: Array<Promise<InputLeaf>> = [];
  const walk = (value: unknown, path: Array<string | number>): void => {
    if (pulumi.Output.isInstance(value)) {
      found.push(outputLeaf(value as unknown as OutputInternals, path));
    } else if (value instanceof Promise) {
      found.push(Promise.resolve({ path, isSecret: true, urns: [] }));
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...path, i]));
    } else if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    }
  };
  for (const [k, v] of Object.entries(props)) walk(v, [k]);
  return Promise.all(found);
}

async function outputLeaf(output: OutputInternals, path: Array<string | number>): Promise<InputLeaf> {
  const resources = output.allResources ? [...(await output.allResources())] : [];
  const urns = await Promise.all(
    resources.map((r) => (r.urn as unknown as { promise(): Promise<string> }).promise()),
  );
  return { path, isSecret: await output.isSecret, urns: [...new Set(urns)].sort() };
}

/**
 * The engine's secret paths with each top-level input the program built as a plain map replaced by its
 * secret members. An input that was itself one Output, or whose members show no secret, stays whole.
 */
export function refineSecretPaths(enginePaths: string[], leaves: InputLeaf[]): string[] {
  return enginePaths.flatMap((p) => {
    const under = leaves.filter((l) => l.path[0] === p);
    if (under.length === 0 || under.some((l) => l.path.length === 1)) return [p];
    const secret = under.filter((l) => l.isSecret).map((l) => leafPath(l.path));
    return secret.length > 0 ? secret : [p];
  });
}

/** Leaf paths (objects walked, arrays of one length walked) where `a` and `b` differ, sorted. */
export function differingLeaves(a: unknown, b: unknown, at = ""): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .sort()
      .flatMap((k) => differingLeaves(a[k], b[k], at ? `${at}.${k}` : k));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((v, i) => differingLeaves(v, b[i], `${at}[${i}]`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
}
