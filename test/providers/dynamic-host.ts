/**
 * Pulumi's real Node.js dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider/index.js`), loaded in
 * this process so its gRPC handlers can be called with fake call objects, the way the engine calls them.
 *
 * The file starts a gRPC server and installs process-wide error handlers when it loads; those two parts are
 * cut out (each must be found exactly once, so an SDK upgrade that changes them fails here loudly) and the
 * handler class is exported instead. Every handler, `getProvider` and `grpcResponseFromError` run unchanged.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";

const HOST = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");
/** The SDK's own generated protobuf modules, resolved from the host's folder (no types: plain `any`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports
const sdk = (id: string): any => require(require.resolve(id, { paths: [path.dirname(HOST)] }));
const provproto = sdk("../../proto/provider_pb");
const statusproto = sdk("../../proto/status_pb");
const structproto = sdk("google-protobuf/google/protobuf/struct_pb");
type Struct = { toJavaScript(): Record<string, unknown> };

type Callback = (err: unknown, value: unknown, metadata?: unknown) => void;
type Handler = (call: { request: unknown }, callback: Callback) => Promise<void> | void;

function loadHostService(): Record<string, Handler> {
  let text = fs.readFileSync(HOST, "utf8");
  const cut = (from: RegExp, to: string) => {
    const found = text.match(new RegExp(from.source, "g")) ?? [];
    assert.equal(found.length, 1, `the SDK's host changed: ${from} found ${found.length} times`);
    text = text.replace(from, to);
  };
  cut(/process\.on\("uncaughtException", uncaughtHandler\);/, "");
  cut(/process\.on\("unhandledRejection", uncaughtHandler\);/, "");
  cut(/process\.on\("exit", \(code\) => \{[\s\S]*?\n\}\);/, "");
  cut(/\nmain\(process\.argv\.slice\(2\)\);/, "\nexports.ResourceProviderService = ResourceProviderService;");
  const mod = new Module(HOST);
  mod.filename = HOST;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
    path.dirname(HOST),
  );
  (mod as unknown as { _compile(code: string, file: string): void })._compile(text, HOST);
  const Service = (mod.exports as { ResourceProviderService: new () => Record<string, Handler> })
    .ResourceProviderService;
  return new Service();
}

/** What the engine gets back from Create: the outputs, or the init failure it records. */
export type CreateAnswer =
  | { ok: true; id: string; properties: Record<string, unknown> }
  | { ok: false; message: string; initFailed?: { id: string; properties: Record<string, unknown> } };

export class DynamicHost {
  private readonly service = loadHostService();

  private invoke(
    method: string,
    request: unknown,
  ): Promise<{ err: unknown; value: unknown; metadata?: unknown }> {
    return new Promise((resolve) => {
      void this.service[method]({ request }, (err, value, metadata) => resolve({ err, value, metadata }));
    });
  }

  /** Configure as the engine sends it (the stack's provider config; none here: the env has the keys). */
  async configure(config: Record<string, string> = {}): Promise<void> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(structproto.Struct.fromJavaScript(config));
    const { err } = await this.invoke("configure", req);
    if (err) throw err;
  }

  async create(properties: Record<string, unknown>): Promise<CreateAnswer> {
    const req = new provproto.CreateRequest();
    req.setProperties(structproto.Struct.fromJavaScript(properties as never));
    const { err, value } = await this.invoke("create", req);
    if (!err) {
      const resp = value as { getId(): string; getProperties(): Struct };
      return { ok: true, id: resp.getId(), properties: resp.getProperties().toJavaScript() as never };
    }
    const e = err as { message: string; metadata: { get(key: string): Array<Buffer | string> } };
    const raw = e.metadata.get("grpc-status-details-bin")[0];
    if (raw === undefined) return { ok: false, message: e.message };
    const status = statusproto.Status.deserializeBinary(new Uint8Array(raw as Buffer));
    const detail = status
      .getDetailsList()[0]
      .unpack(provproto.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
    return {
      ok: false,
      message: e.message,
      initFailed: { id: detail.getId(), properties: detail.getProperties().toJavaScript() },
    };
  }

  /** Read as `pulumi refresh` sends it: the id and the recorded outputs (and inputs). */
  async read(id: string, properties: Record<string, unknown>, inputs: Record<string, unknown>) {
    const req = new provproto.ReadRequest();
    req.setId(id);
    req.setProperties(structproto.Struct.fromJavaScript(properties as never));
    req.setInputs(structproto.Struct.fromJavaScript(inputs as never));
    const { err, value } = await this.invoke("read", req);
    if (err) throw err;
    const resp = value as { getId(): string; getProperties(): Struct | undefined };
    return { id: resp.getId(), properties: resp.getProperties()?.toJavaScript() ?? {} };
  }

  /** Delete as `pulumi destroy` sends it: the id and the recorded outputs. */
  async delete(id: string, properties: Record<string, unknown>, inputs: Record<string, unknown>) {
    const req = new provproto.DeleteRequest();
    req.setId(id);
    req.setProperties(structproto.Struct.fromJavaScript(properties as never));
    req.setOldInputs(structproto.Struct.fromJavaScript(inputs as never));
    const { err } = await this.invoke("delete", req);
    if (err) throw err;
  }
}

/**
 * The `__provider` text for a provider exported by one of our modules. The host loads it with
 * `require-from-string` and calls `handler()`, as it does with the serializer's text (whose loading is
 * covered by serialized-providers.test.ts); requiring the module keeps this suite fast.
 */
export function providerText(file: string, exportName: string): string {
  return `exports.handler = () => require(${JSON.stringify(file)})[${JSON.stringify(exportName)}];`;
}
