import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ServiceMocks, UpstreamOutputs } from "./mocks";
import { skipProviderSerialization } from "./provider-code";
import { forgetProgramModules } from "./reload";
import { differingLeaves, inputLeaves, leafPath, refineSecretPaths, type InputLeaf } from "./leaves";
import type { PlannedResource, PlannedStack } from "./types";

/* eslint-disable @typescript-eslint/no-require-imports -- the SDK's runtime internals have no typed entry point */
const settings = require("@pulumi/pulumi/runtime/settings");
const rpc = require("@pulumi/pulumi/runtime/rpc");
/* eslint-enable @typescript-eslint/no-require-imports */

export interface PlanInput {
  /** Directory of Pulumi.yaml and index.ts. */
  root: string;
  project: string;
  stack: string;
  /** Flat `namespace:key` -> string, as the engine passes config to the program. */
  config: Record<string, string>;
  secretKeys: string[];
  /**
   * The stacks planned before this one (other layers), as each of the two runs saw them: the second run reads
   * the second run's outputs, so a value known only after the other stack's deploy stays unknown here too.
   */
  upstream?: { first: UpstreamOutputs; second: UpstreamOutputs };
}

/** Raised by the program itself (bad config, a failed validation): the plan exits 2 with its message. */
export class ProgramError extends Error {}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): unknown;
  getDependenciesList(): string[];
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getDeletebeforereplacedefined(): boolean;
  getIgnorechangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getProvider(): string;
  getImportid(): string;
}

/** Salt of the second run: every value the mocks invent differs from the first run's. */
const SECOND_RUN_SALT = "known-after-deploy/";

/**
 * Runs the real program (`index.ts` under `input.root`) under mocks (see {@link runUnderMocks}) twice, the
 * second time with every invented id, URL and digest changed: what differs is known only after deploy.
 */
export function collectPlan(input: PlanInput): Promise<PlannedStack> {
  return collectPlanRuns(input).then((runs) => runs.planned);
}

/** {@link collectPlan}, also handing back the second run, whose outputs the next layer's second run reads. */
export function collectPlanRuns(input: PlanInput): Promise<{ planned: PlannedStack; second: PlannedStack }> {
  const entry = path.join(input.root, "index.ts");
  const program = () => {
    forgetProgramModules(input.root);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { ...require(entry) };
  };
  // Same stack, same config: the second run re-runs only the entry point, on the modules the first loaded.
  const again = () => {
    delete require.cache[entry];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { ...require(entry) };
  };
  // Chained, not awaited: a failing first run reaches the caller as early as a single run's failure would.
  return runUnderMocks(input, program, "", input.upstream?.first).then((first) =>
    runUnderMocks(input, again, SECOND_RUN_SALT, input.upstream?.second).then((second) => ({
      planned: markUnknowns(first, second),
      second,
    })),
  );
}

/**
 * `first` with the leaves that differ in `second` (the same program under differently salted mocks) noted as
 * unknown. A resource only one run registered keeps what it has: the program decided on an invented value.
 */
export function markUnknowns(first: PlannedStack, second: PlannedStack): PlannedStack {
  const other = new Map(second.resources.map((r) => [r.urn, r]));
  return {
    ...first,
    resources: first.resources.map((r) => {
      const twin = other.get(r.urn);
      return twin ? { ...r, unknownPaths: differingLeaves(r.inputs, twin.inputs) } : r;
    }),
    unknownOutputs: Object.keys(first.outputs)
      .filter((k) => differingLeaves(first.outputs[k], second.outputs[k]).length > 0)
      .sort(),
  };
}

/**
 * Runs `program` inside a root stack under Pulumi's mocks and records every registration the way the
 * engine would receive it: type, name, parent, inputs (secret envelopes noted, then unwrapped),
 * dependencies and options. `program` returns the stack's outputs.
 */
export async function runUnderMocks(
  input: Omit<PlanInput, "root" | "upstream">,
  program: () => Record<string, unknown> | Promise<Record<string, unknown>>,
  salt = "",
  upstream?: UpstreamOutputs,
): Promise<PlannedStack> {
  await pulumi.runtime.setMocks(new ServiceMocks(salt, upstream), input.project, input.stack, false);
  pulumi.runtime.setAllConfig(input.config, input.secretKeys);

  const monitor = settings.getMonitor();
  const registered: Array<Omit<PlannedResource, "urn" | "outputs" | "unknownPaths" | "inputDependencies">> =
    [];
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: RegisterRequest, callback: (err: unknown, res: unknown) => void) => {
    const raw = rpc.deserializeProperties(req.getObject()) as Record<string, unknown>;
    const secretPaths: string[] = [];
    registered.push({
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent: req.getParent() || undefined,
      inputs: unwrapSecrets(raw, "", secretPaths) as Record<string, unknown>,
      secretPaths,
      dependencies: [...new Set(req.getDependenciesList())],
      options: {
        ...(req.getProtect() ? { protect: true } : {}),
        ...(req.getRetainondelete() ? { retainOnDelete: true } : {}),
        // Stated either way (the SDK marks it defined): `false` overrides a provider that deletes first.
        ...(req.getDeletebeforereplacedefined() || req.getDeletebeforereplace()
          ? { deleteBeforeReplace: req.getDeletebeforereplace() }
          : {}),
        ...(req.getIgnorechangesList().length ? { ignoreChanges: req.getIgnorechangesList() } : {}),
        ...(req.getAdditionalsecretoutputsList().length
          ? { additionalSecretOutputs: req.getAdditionalsecretoutputsList() }
          : {}),
        ...(req.getProvider() ? { provider: req.getProvider() } : {}),
        ...(req.getImportid() ? { import: req.getImportid() } : {}),
      },
    });
    return register(req, callback);
  };

  let failure: unknown;
  const onRejection = (reason: unknown) => {
    failure ??= reason;
  };
  process.on("unhandledRejection", onRejection);
  const restoreSerialization = skipProviderSerialization();
  // The SDK captures a stack trace for every promise it makes (runtime/debuggable.js), for a leak report the
  // plan never prints; a third of a plan's time. Without frames each costs nothing, and the plan reports only
  // an error's message (firstLine), never its stack.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  // The module's exports, before the stack resolves them: only these still know which are secrets.
  let exported: Record<string, unknown> = {};
  // The program's own input values, before serialization merges them: which member of a map is secret and
  // which resource each one came from. Keyed by type and name; a pair used twice is left out.
  const leaves = new Map<string, Promise<InputLeaf[]> | undefined>();
  try {
    await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation((args) => {
        const key = `${args.type}\0${args.name}`;
        leaves.set(key, leaves.has(key) ? undefined : inputLeaves(args.props as Record<string, unknown>));
        return undefined;
      });
      exported = await program();
      return exported;
    });
    await settings.waitForRPCs();
  } catch (err) {
    failure ??= err;
  } finally {
    process.off("unhandledRejection", onRejection);
    restoreSerialization();
    Error.stackTraceLimit = stackTraceLimit;
  }
  if (failure !== undefined) {
    // A config error holds one line per problem (stacks/ reports them all at once); keep every line.
    const all = failure instanceof Error && failure.name === "ConfigError";
    throw new ProgramError(all ? (failure as Error).message.trim() : firstLine(failure));
  }

  const state: Map<string, { state: Record<string, unknown> }> = monitor.getRegisteredResources();
  const urnOf = (r: { type: string; name: string; parent?: string }) =>
    monitor.newUrn(r.parent ?? "", r.type, r.name);
  const leavesOf = new Map<string, InputLeaf[]>();
  for (const [key, found] of leaves) if (found) leavesOf.set(key, await found);
  const resources: PlannedResource[] = registered.map((r) => {
    const urn = urnOf(r);
    const own = leavesOf.get(`${r.type}\0${r.name}`);
    // Custom resources keep the mock's serialized state; components keep the Struct they registered.
    const raw = state.get(urn)?.state ?? {};
    const plain =
      typeof (raw as { toJavaScript?: unknown }).toJavaScript === "function"
        ? rpc.deserializeProperties(raw)
        : raw;
    const outputs = unwrapSecrets(plain, "", []);
    return {
      urn,
      ...r,
      secretMembers: own ? refineSecretPaths(r.secretPaths, own) : r.secretPaths,
      unknownPaths: [],
      inputDependencies: Object.fromEntries(
        (own ?? []).filter((l) => l.urns.length > 0).map((l) => [leafPath(l.path), l.urns]),
      ),
      outputs: outputs as Record<string, unknown>,
    };
  });

  const outputs: Record<string, unknown> = {};
  const secretOutputs: string[] = [];
  for (const [key, value] of Object.entries(exported)) {
    if (pulumi.Output.isInstance(value)) {
      const output = value as unknown as { isSecret: Promise<boolean>; promise(): Promise<unknown> };
      if (await output.isSecret) secretOutputs.push(key);
      outputs[key] = await output.promise();
    } else {
      outputs[key] = value;
    }
  }
  return {
    project: input.project,
    stack: input.stack,
    config: input.config,
    resources,
    outputs,
    secretOutputs: secretOutputs.sort(),
    unknownOutputs: [],
  };
}

/** Replaces secret envelopes by their values, noting where they were. */
function unwrapSecrets(value: unknown, at: string, secretPaths: string[]): unknown {
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (v[rpc.specialSigKey] === rpc.specialSecretSig) {
      secretPaths.push(at);
      return unwrapSecrets(v.value, at, []);
    }
    if (Array.isArray(value)) {
      return value.map((item, i) => unwrapSecrets(item, `${at}[${i}]`, secretPaths));
    }
    return Object.fromEntries(
      Object.entries(v).map(([k, item]) => [k, unwrapSecrets(item, at ? `${at}.${k}` : k, secretPaths)]),
    );
  }
  return value;
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n").find((l) => l.trim() !== "") ?? "the program failed";
}
