/**
 * Runs the real policy pack on a planned stack through @pulumi/policy's own analyzer handlers, the code the
 * engine reaches over gRPC during `pulumi preview --policy-pack policies`: the same argument proxies,
 * enforcement levels, config, description-prefixed messages and advisory "can't run during preview" notes.
 *
 * What the engine does in Go is redone here, as the engine does it: reconcile the pack config (schema
 * defaults, then `all`, then per-policy entries, validated against each policy's schema), call `Configure`,
 * call `Analyze` once per resource with its inputs, then `AnalyzeStack` once with every resource's outputs.
 */
import { createRequire } from "module";
import * as pulumi from "@pulumi/pulumi";
import { PolicyConfigSchema } from "@pulumi/policy";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import Ajv from "ajv";
import {
  PACK_DESCRIPTION,
  PACK_ENFORCEMENT_LEVEL,
  PACK_NAME,
  PACK_VERSION,
  policies,
} from "../../policies/pack";
import {
  OFFLINE_PACK_NAME,
  credentialValuesAreSecrets,
  findPlainCredentials,
} from "../../policies/offline/credential-values-are-secrets";
import { schemaDefaults } from "../../policies/lib/helpers";
import { EnforcementLevel, PlannedResource, PlannedStack, Violation } from "./types";

/** A pack config that the engine would refuse (`error: validating policy config: ...`). */
export class PolicyConfigError extends Error {
  constructor(message: string) {
    super(`validating policy config: ${PACK_NAME} ${PACK_VERSION}  ${message}`);
    this.name = "PolicyConfigError";
  }
}

type Callback = (err: Error | null | undefined, response?: unknown) => void;
type Handler = (call: { request: unknown }, callback: Callback) => unknown;

interface AnalyzerHandlers {
  analyze: Handler;
  analyzeStack: Handler;
  configure: Handler;
}

interface GrpcServerPrototype {
  addService(service: unknown, implementation: AnalyzerHandlers): void;
  bindAsync(...args: unknown[]): void;
}

interface PolicyServerModule {
  serve(name: string, version: string, level: EnforcementLevel, args: object, initialConfig?: object): void;
}

// Resolved from @pulumi/policy's own location so that we patch the very grpc-js its server uses.
const policyRequire = createRequire(require.resolve("@pulumi/policy/server"));

let handlers: AnalyzerHandlers | undefined;

/**
 * The analyzer's RPC handlers, as `serve()` registers them. `Configure` is not exported, so we let `serve()`
 * build all of them while grpc-js's `addService` captures them and `bindAsync` opens no port. `serve()` also
 * runs the pack's own checks (name, no policy named `all`, ...) and marks the process as serving this pack,
 * so a later `new PolicyPack` in the same process would refuse to start: import policies/pack, never
 * policies/index.
 */
function analyzerHandlers(): AnalyzerHandlers {
  if (handlers) {
    return handlers;
  }
  const server = (policyRequire("@grpc/grpc-js") as { Server: { prototype: GrpcServerPrototype } }).Server
    .prototype;
  const { addService, bindAsync } = server;
  let captured: AnalyzerHandlers | undefined;
  server.addService = (_service, implementation) => {
    captured = implementation;
  };
  server.bindAsync = () => undefined;
  try {
    (policyRequire("./server") as PolicyServerModule).serve(PACK_NAME, PACK_VERSION, PACK_ENFORCEMENT_LEVEL, {
      policies,
      enforcementLevel: PACK_ENFORCEMENT_LEVEL,
      description: PACK_DESCRIPTION,
    });
  } finally {
    server.addService = addService;
    server.bindAsync = bindAsync;
  }
  if (!captured) {
    throw new Error("@pulumi/policy registered no analyzer service; its server.js has changed shape");
  }
  handlers = captured;
  return handlers;
}

function rpc<T>(handler: Handler, request: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    Promise.resolve(
      handler({ request }, (err, response) => (err ? reject(err) : resolve(response as T))),
    ).catch(reject);
  });
}

const TO_PROTO_LEVEL: Record<EnforcementLevel, analyzerproto.EnforcementLevel> = {
  advisory: analyzerproto.EnforcementLevel.ADVISORY,
  mandatory: analyzerproto.EnforcementLevel.MANDATORY,
  remediate: analyzerproto.EnforcementLevel.REMEDIATE,
  disabled: analyzerproto.EnforcementLevel.DISABLED,
};
const LEVELS = Object.keys(TO_PROTO_LEVEL) as readonly EnforcementLevel[];

interface PolicyMeta {
  name: string;
  enforcementLevel?: EnforcementLevel;
  configSchema?: PolicyConfigSchema;
}

interface ResolvedConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

function isLevel(v: unknown): v is EnforcementLevel {
  return typeof v === "string" && (LEVELS as readonly string[]).includes(v);
}

/** One config entry in the engine's terms: a level string, or `{ enforcementLevel?, ...properties }`. */
function normalizeEntry(
  key: string,
  value: unknown,
): { level?: EnforcementLevel; properties: Record<string, unknown> } {
  if (typeof value === "string") {
    if (!isLevel(value)) {
      throw new PolicyConfigError(`${key}: enforcement level '${value}' is not one of ${LEVELS.join(", ")}`);
    }
    return { level: value, properties: {} };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new PolicyConfigError(`${key}: expected an enforcement level or an object`);
  }
  const { enforcementLevel, ...properties } = value as Record<string, unknown>;
  if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
    throw new PolicyConfigError(`${key}: enforcementLevel must be one of ${LEVELS.join(", ")}`);
  }
  return { level: enforcementLevel, properties };
}

const ajv = new Ajv({ allErrors: true, strict: false });

/**
 * The engine's ReconcilePolicyPackConfig: start from each policy's level and schema defaults, apply `all`
 * (levels only), then per-policy entries (level, and properties merged over the defaults), then validate
 * every policy's properties against its schema.
 */
function reconcile(
  metas: readonly PolicyMeta[],
  packConfig: Record<string, unknown>,
): Map<string, ResolvedConfig> {
  const result = new Map<string, ResolvedConfig>();
  for (const meta of metas) {
    result.set(meta.name, {
      enforcementLevel: meta.enforcementLevel ?? PACK_ENFORCEMENT_LEVEL,
      properties: schemaDefaults(meta.configSchema),
    });
  }
  if (packConfig.all !== undefined) {
    const { level } = normalizeEntry("all", packConfig.all);
    if (level) {
      for (const config of result.values()) {
        config.enforcementLevel = level;
      }
    }
  }
  for (const [key, value] of Object.entries(packConfig)) {
    if (key === "all") {
      continue;
    }
    const { level, properties } = normalizeEntry(key, value);
    const config = result.get(key) ?? { enforcementLevel: PACK_ENFORCEMENT_LEVEL, properties: {} };
    result.set(key, {
      enforcementLevel: level ?? config.enforcementLevel,
      properties: { ...config.properties, ...properties },
    });
  }
  for (const meta of metas) {
    if (!meta.configSchema) {
      continue;
    }
    const validate = ajv.compile({
      type: "object",
      properties: meta.configSchema.properties,
      required: meta.configSchema.required ?? [],
    });
    if (!validate(result.get(meta.name)?.properties)) {
      const errors = (validate.errors ?? []).map(
        (e) => `${e.instancePath.slice(1) || "(root)"}: ${e.message}`,
      );
      throw new PolicyConfigError(`${meta.name}: ${errors.join("; ")}`);
    }
  }
  return result;
}

/** Wraps the values at `paths` in Pulumi's secret envelope, as the engine sends secret properties. */
function withSecretEnvelopes(
  props: Record<string, unknown>,
  paths: readonly string[],
): Record<string, unknown> {
  const copy = structuredClone(props);
  // Innermost first, so that an envelope around an object contains the envelopes of its members.
  for (const path of [...paths].sort((a, b) => b.split(".").length - a.split(".").length)) {
    const parts = path.split(".");
    const leaf = parts.pop() as string;
    let node: unknown = copy;
    for (const part of parts) {
      node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
    }
    if (node !== null && typeof node === "object" && (node as Record<string, unknown>)[leaf] !== undefined) {
      const holder = node as Record<string, unknown>;
      holder[leaf] = { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: holder[leaf] };
    }
  }
  return copy;
}

/** Plain JSON for a protobuf Struct: `undefined` means "absent" to the engine, so it is dropped. */
function toJson(value: unknown): structproto.JavaScriptValue | undefined {
  if (value === undefined || typeof value === "function" || typeof value === "symbol") {
    return undefined;
  }
  if (value === null || typeof value !== "object") {
    return value as structproto.JavaScriptValue;
  }
  if (Array.isArray(value)) {
    return value.map((v) => toJson(v) ?? null);
  }
  const out: Record<string, structproto.JavaScriptValue> = {};
  for (const [k, v] of Object.entries(value)) {
    const json = toJson(v);
    if (json !== undefined) {
      out[k] = json;
    }
  }
  return out;
}

function toStruct(props: Record<string, unknown>, secretPaths: readonly string[]): structproto.Struct {
  return structproto.Struct.fromJavaScript(
    toJson(withSecretEnvelopes(props, secretPaths)) as Record<string, structproto.JavaScriptValue>,
  );
}

function resourceOptions(r: PlannedResource): analyzerproto.AnalyzerResourceOptions {
  const opts = new analyzerproto.AnalyzerResourceOptions();
  opts.setProtect(r.options.protect === true);
  opts.setIgnorechangesList(r.options.ignoreChanges ?? []);
  opts.setAdditionalsecretoutputsList(r.options.additionalSecretOutputs ?? []);
  if (r.options.deleteBeforeReplace !== undefined) {
    opts.setDeletebeforereplacedefined(true);
    opts.setDeletebeforereplace(r.options.deleteBeforeReplace);
  }
  if (r.parent) {
    opts.setParent(r.parent);
  }
  return opts;
}

/** The explicit provider of `r` among the stack's resources; its reference may carry a `::<id>` suffix. */
function providerOf(
  r: PlannedResource,
  all: readonly PlannedResource[],
): analyzerproto.AnalyzerProviderResource | undefined {
  const ref = r.options.provider;
  const provider = ref ? all.find((p) => ref === p.urn || ref.startsWith(`${p.urn}::`)) : undefined;
  if (!provider) {
    return undefined;
  }
  const message = new analyzerproto.AnalyzerProviderResource();
  message.setType(provider.type);
  message.setUrn(provider.urn);
  message.setName(provider.name);
  message.setProperties(toStruct(provider.inputs, provider.secretPaths));
  return message;
}

function toViolation(d: analyzerproto.AnalyzeDiagnostic, urn: string | undefined): Violation {
  const level = Object.entries(TO_PROTO_LEVEL).find(([, proto]) => proto === d.getEnforcementlevel());
  const violation: Violation = {
    policyPack: d.getPolicypackname(),
    policyName: d.getPolicyname(),
    enforcementLevel: level ? (level[0] as EnforcementLevel) : "advisory",
    message: d.getMessage(),
  };
  const where = d.getUrn() || urn;
  if (where) {
    violation.urn = where;
  }
  return violation;
}

async function runPack(stack: PlannedStack, configs: Map<string, ResolvedConfig>): Promise<Violation[]> {
  const { analyze, analyzeStack, configure } = analyzerHandlers();

  const configureRequest = new analyzerproto.ConfigureAnalyzerRequest();
  const configMap = configureRequest.getPolicyconfigMap();
  for (const policy of policies) {
    const config = configs.get(policy.name) as ResolvedConfig;
    const message = new analyzerproto.PolicyConfig();
    message.setEnforcementlevel(TO_PROTO_LEVEL[config.enforcementLevel]);
    message.setProperties(
      structproto.Struct.fromJavaScript(toJson(config.properties) as Record<string, never>),
    );
    configMap.set(policy.name, message);
  }
  await rpc(configure, configureRequest);

  const violations: Violation[] = [];
  for (const r of stack.resources) {
    const request = new analyzerproto.AnalyzeRequest();
    request.setType(r.type);
    request.setUrn(r.urn);
    request.setName(r.name);
    request.setProperties(toStruct(r.inputs, r.secretPaths));
    request.setOptions(resourceOptions(r));
    const provider = providerOf(r, stack.resources);
    if (provider) {
      request.setProvider(provider);
    }
    const response = await rpc<analyzerproto.AnalyzeResponse>(analyze, request);
    // The engine attributes a resource policy's diagnostics to the resource being analyzed.
    violations.push(...response.getDiagnosticsList().map((d) => toViolation(d, r.urn)));
  }

  const stackRequest = new analyzerproto.AnalyzeStackRequest();
  stackRequest.setResourcesList(
    stack.resources.map((r) => {
      const resource = new analyzerproto.AnalyzerResource();
      resource.setType(r.type);
      resource.setUrn(r.urn);
      resource.setName(r.name);
      resource.setProperties(toStruct(r.outputs, r.secretPaths));
      resource.setOptions(resourceOptions(r));
      resource.setDependenciesList(r.dependencies);
      if (r.parent) {
        resource.setParent(r.parent);
      }
      const provider = providerOf(r, stack.resources);
      if (provider) {
        resource.setProvider(provider);
      }
      return resource;
    }),
  );
  const stackResponse = await rpc<analyzerproto.AnalyzeResponse>(analyzeStack, stackRequest);
  violations.push(...stackResponse.getDiagnosticsList().map((d) => toViolation(d, undefined)));
  return violations;
}

/** The check a policy cannot make (was a credential a Pulumi secret?), reported like the engine would. */
function runOfflineChecks(stack: PlannedStack, config: ResolvedConfig): Violation[] {
  if (config.enforcementLevel === "disabled") {
    return [];
  }
  const keyPatterns = config.properties.keyPatterns as string[];
  return findPlainCredentials(stack.resources, keyPatterns).map((finding) => ({
    policyPack: OFFLINE_PACK_NAME,
    policyName: credentialValuesAreSecrets.name,
    enforcementLevel: config.enforcementLevel === "remediate" ? "mandatory" : config.enforcementLevel,
    message: `${credentialValuesAreSecrets.description}\n${finding.message}`,
    urn: finding.urn,
  }));
}

interface RuntimeSettings {
  _setProject(project: string): void;
  _setStack(stack: string): void;
}

// The analyzer's config and Pulumi's stack config are process-wide, so evaluations run one at a time.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Evaluates the policy pack on `stack` and returns every violation in the engine's order: resource
 * policies per resource (registration order), then stack policies, then the offline-only checks.
 * `packConfig` has the shape of a `--policy-pack-config` file. Leaves the process's Pulumi config, project
 * and stack set to the planned stack's. Rejects with PolicyConfigError for a config the engine would refuse,
 * and with the analyzer's error when a policy throws (the engine would fail the preview).
 */
export function evaluatePolicies(
  stack: PlannedStack,
  packConfig: Record<string, unknown> = {},
): Promise<Violation[]> {
  const run = queue.then(async () => {
    const configs = reconcile([...policies, credentialValuesAreSecrets], packConfig);
    pulumi.runtime.setAllConfig(stack.config);
    const settings = pulumi.runtime as unknown as RuntimeSettings;
    settings._setProject(stack.project);
    settings._setStack(stack.stack);
    const violations = await runPack(stack, configs);
    return [
      ...violations,
      ...runOfflineChecks(stack, configs.get(credentialValuesAreSecrets.name) as ResolvedConfig),
    ];
  });
  queue = run.catch(() => undefined);
  return run;
}
