/**
 * A small test applier: takes the planned Docker resources (PlannedResource, as the offline plan's --json
 * emits them) and applies them to a real Docker Engine over its unix socket, in dependency order, with the
 * create/replace/delete order Pulumi uses, independent resources in parallel as the engine runs them. It exists because this machine has no Pulumi CLI and no provider
 * plugin; it maps only what the components use, and any other input fails loudly (never silently dropped).
 *
 * What it maps (Engine API 1.41, docs.docker.com/reference/api/engine/version/v1.41; kreuzwerker provider
 * semantics from reference/targets.md section 6):
 * - Network: name, driver, internal -> POST /networks/create.
 * - Volume: name -> POST /volumes/create.
 * - RemoteImage: name, keepLocally=true -> GET /images/{name}/json (there is no registry: a missing image fails).
 * - Container: name (absent: `<resource>-<7 hex>`, the provider's autonaming), image, command (Cmd),
 *   entrypoints (Entrypoint), envs (Env), labels, restart (RestartPolicy), healthcheck (durations as Go
 *   duration strings -> ns), ports (PortBindings), volumes with volumeName (Mounts, type volume),
 *   networksAdvanced (first at create, the rest connected before start, with aliases), uploads with content
 *   (a tar put to /containers/{id}/archive before start, mode 0644), mustRun=false + attach (wait for exit,
 *   record the exit code), logs, wait/waitTimeout (poll until healthy), destroyGraceSeconds (stop with that
 *   timeout before removal; absent: forced removal).
 * - pulumi:providers:docker: host must be this engine's socket (unix://<socket>); nothing is created.
 * - random RandomPassword: nothing on the engine (its value is inside the containers' inputs).
 * - Replacement: a changed input replaces the resource, in the order the engine takes (docs/self-hosted.md,
 *   "Replacement order"): the `deleteBeforeReplace` option when the program states it, else the provider's
 *   answer, which for every container is delete first (pulumi/pulumi-docker provider/resources.go:112-114,
 *   passed on by pulumi-terraform-bridge pkg/tfbridge/provider.go:1275-1276; the engine takes the option over
 *   it, pulumi/pulumi pkg/resource/deploy/step_generator.go:2043-2046). Delete first: the old one goes, and
 *   before it every container whose replacing inputs take a value from it (the engine's
 *   calculateDependentReplacements, step_generator.go:2068, asks the provider's diff with those inputs
 *   unknown: a container's envs and command replace). Create first: the new one is created and the old one
 *   deleted after every create and update (step_generator.go:2164, "the delete step is generated later").
 */
import * as http from "node:http";
import { randomBytes } from "node:crypto";
import { REPLACE_ON_CHANGES } from "../../tools/plan/replace-on-change";
import type { PlannedResource } from "../../tools/plan/types";

const API = "/v1.41";
const T = {
  network: "docker:index/network:Network",
  volume: "docker:index/volume:Volume",
  container: "docker:index/container:Container",
  image: "docker:index/remoteImage:RemoteImage",
};
const MAPPED: Record<string, readonly string[]> = {
  [T.network]: ["name", "driver", "internal"],
  [T.volume]: ["name"],
  [T.image]: ["name", "keepLocally"],
  [T.container]: [
    "name",
    "image",
    "command",
    "entrypoints",
    "envs",
    "labels",
    "restart",
    "healthcheck",
    "ports",
    "volumes",
    "networksAdvanced",
    "uploads",
    "mustRun",
    "attach",
    "logs",
    "wait",
    "waitTimeout",
    "destroyGraceSeconds",
  ],
};

/**
 * Custom resources with nothing on the engine: a generated password lives in Pulumi's state only (its value
 * reaches the engine inside the containers' inputs, which are mapped).
 */
const NO_ENGINE = new Set(["random:index/randomPassword:RandomPassword"]);

/**
 * The stack's Docker provider, mapped to the engine this applier talks to: its `host` must name that engine's
 * socket (an ssh:// host or any other input fails loudly: this applier reaches only the local engine).
 */
function isEngineProvider(r: PlannedResource, engine: Engine): boolean {
  if (r.type !== "pulumi:providers:docker") return false;
  const extra = Object.keys(r.inputs).filter((k) => k !== "host" && k !== "version");
  if (extra.length)
    throw new Error(`applier: docker provider "${r.name}" input "${extra[0]}" is not mapped.`);
  if (r.inputs.host !== `unix://${engine.socketPath}`) {
    throw new Error(
      `applier: docker provider "${r.name}" host ${JSON.stringify(r.inputs.host)} is not this engine (unix://${engine.socketPath}).`,
    );
  }
  return true;
}

/** One applied resource: the engine's id and name, and the inputs it was made from. */
export interface Applied {
  urn: string;
  type: string;
  id: string;
  name: string;
  inputs: Record<string, unknown>;
  options: PlannedResource["options"];
  exitCode?: number;
  logs?: string;
}
export type AppliedState = Map<string, Applied>;

export class Engine {
  constructor(readonly socketPath = "/var/run/docker.sock") {}

  request(
    method: string,
    path: string,
    body?: unknown,
    raw?: Buffer,
  ): Promise<{ status: number; body: string }> {
    return this.bytes(method, path, body, raw).then((r) => ({
      status: r.status,
      body: r.body.toString("utf8"),
    }));
  }

  bytes(
    method: string,
    path: string,
    body?: unknown,
    raw?: Buffer,
  ): Promise<{ status: number; body: Buffer }> {
    const payload = raw ?? (body === undefined ? undefined : Buffer.from(JSON.stringify(body)));
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          socketPath: this.socketPath,
          method,
          path: `${API}${path}`,
          headers: payload
            ? {
                "Content-Type": raw ? "application/x-tar" : "application/json",
                "Content-Length": payload.length,
              }
            : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }

  /** The request, or an error naming the call and the engine's message. */
  async ok(method: string, path: string, body?: unknown, raw?: Buffer): Promise<string> {
    const r = await this.request(method, path, body, raw);
    if (r.status >= 300) throw new Error(`Docker Engine ${method} ${path}: ${r.status} ${r.body.trim()}`);
    return r.body;
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.request("GET", "/_ping")).body === "OK";
    } catch {
      return false;
    }
  }
}

/** Fails loudly on any input this applier does not map, or on a value only a deploy would know. */
export function checkMapped(r: PlannedResource): void {
  const allowed = MAPPED[r.type];
  if (!allowed) throw new Error(`applier: ${r.type} "${r.name}" is not a type this applier maps.`);
  for (const key of Object.keys(r.inputs)) {
    if (!allowed.includes(key))
      throw new Error(`applier: ${r.type} "${r.name}" input "${key}" is not mapped.`);
  }
  if (r.type === T.image && r.inputs.keepLocally !== true) {
    throw new Error(
      `applier: RemoteImage "${r.name}" needs keepLocally: true (no registry to pull it back from).`,
    );
  }
  if (r.unknownPaths?.length) {
    throw new Error(
      `applier: ${r.type} "${r.name}" has values known only after deploy: ${r.unknownPaths.join(", ")}.`,
    );
  }
  const c = r.inputs as unknown as ContainerInputs;
  for (const v of c.volumes ?? []) {
    const extra = Object.keys(v).filter((k) => !["volumeName", "containerPath", "readOnly"].includes(k));
    if (!v.volumeName || extra.length)
      throw new Error(`applier: container "${r.name}" volume ${JSON.stringify(v)} is not mapped.`);
  }
  for (const u of c.uploads ?? []) {
    const extra = Object.keys(u).filter((k) => !["file", "content"].includes(k));
    if (extra.length)
      throw new Error(`applier: container "${r.name}" upload "${u.file}" field ${extra[0]} is not mapped.`);
  }
  for (const n of c.networksAdvanced ?? []) {
    const extra = Object.keys(n).filter((k) => !["name", "aliases"].includes(k));
    if (extra.length)
      throw new Error(`applier: container "${r.name}" network field ${extra[0]} is not mapped.`);
  }
  for (const p of c.ports ?? []) {
    if ((p.protocol ?? "tcp") !== "tcp" || p.external === undefined) {
      throw new Error(
        `applier: container "${r.name}" port ${JSON.stringify(p)} is not mapped (tcp with an external port only).`,
      );
    }
  }
  if (c.restart !== undefined && !["no", "always", "unless-stopped"].includes(c.restart)) {
    throw new Error(`applier: container "${r.name}" restart "${c.restart}" is not mapped.`);
  }
}

interface ContainerInputs {
  name?: string;
  image: string;
  command?: string[];
  entrypoints?: string[];
  envs?: string[];
  labels?: { label: string; value: string }[];
  restart?: string;
  healthcheck?: {
    tests: string[];
    interval?: string;
    timeout?: string;
    retries?: number;
    startPeriod?: string;
  };
  ports?: { internal: number; external?: number; ip?: string; protocol?: string }[];
  volumes?: { volumeName?: string; containerPath: string; readOnly?: boolean }[];
  networksAdvanced?: { name: string; aliases?: string[] }[];
  uploads?: { file: string; content?: string }[];
  mustRun?: boolean;
  attach?: boolean;
  logs?: boolean;
  wait?: boolean;
  waitTimeout?: number;
  destroyGraceSeconds?: number;
}

/** Go duration strings as the provider takes them (`2s`, `1m30s`, `500ms`) -> nanoseconds. */
export function durationNs(d: string | undefined): number {
  if (!d) return 0;
  const units: Record<string, number> = { ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let total = 0;
  const rest = d.replace(/(\d+(?:\.\d+)?)(ms|s|m|h)/g, (_, n: string, u: string) => {
    total += Number(n) * units[u];
    return "";
  });
  if (rest !== "") throw new Error(`applier: duration "${d}" is not a Go duration.`);
  return total;
}

/** A ustar archive of the given files (Docker's archive endpoint takes tar). */
export function tar(files: { path: string; content: Buffer; mode: number }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const f of files) {
    const h = Buffer.alloc(512);
    const put = (s: string, off: number, len: number) => h.write(s.slice(0, len), off, "utf8");
    const octal = (n: number, len: number) => n.toString(8).padStart(len - 1, "0") + "\0";
    const name = f.path.replace(/^\/+/, "");
    if (Buffer.byteLength(name) > 100)
      throw new Error(`applier: upload path ${f.path} is longer than tar's 100 bytes.`);
    put(name, 0, 100);
    put(octal(f.mode, 8), 100, 8);
    put(octal(0, 8), 108, 8);
    put(octal(0, 8), 116, 8);
    put(octal(f.content.length, 12), 124, 12);
    put(octal(Math.floor(Date.now() / 1000), 12), 136, 12);
    h.fill(" ", 148, 156);
    put("0", 156, 1);
    put("ustar\0", 257, 6);
    put("00", 263, 2);
    let sum = 0;
    for (const b of h) sum += b;
    put(octal(sum, 7) + " ", 148, 8);
    blocks.push(h, f.content, Buffer.alloc((512 - (f.content.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** URN -> the URNs it waits for: its dependencies, a component standing for every resource under it. */
function waitsFor(resources: PlannedResource[], all: PlannedResource[]): Map<string, string[]> {
  // Parents through every planned resource: a dependency on a component waits for all that is under it.
  const byUrn = new Map(all.map((r) => [r.urn, r]));
  const under = (r: PlannedResource, ancestor: string) => {
    for (let p = r.parent; p; p = byUrn.get(p)?.parent) if (p === ancestor) return true;
    return false;
  };
  return new Map(
    resources.map((r) => [
      r.urn,
      resources.filter((x) => r.dependencies.some((d) => x.urn === d || under(x, d))).map((x) => x.urn),
    ]),
  );
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Types whose provider answers every replacement with delete-before-replace (pulumi-docker resources.go:112-114). */
const PROVIDER_DELETES_FIRST: ReadonlySet<string> = new Set([T.container]);

/** Whether the engine deletes `r` before creating its replacement: the program's option, else the provider's answer. */
export function deletesFirst(r: Pick<PlannedResource, "type" | "options">): boolean {
  return r.options.deleteBeforeReplace ?? PROVIDER_DELETES_FIRST.has(r.type);
}

/**
 * The resources the engine deletes before `root` when `root` is replaced delete-first: every one with an
 * input that forces replacement (REPLACE_ON_CHANGES, the catalogs' ForceNew lists) and takes its value from
 * `root` or from another resource in this set, transitively, in dependency order.
 */
export function dependentReplacements(root: string, planned: readonly PlannedResource[]): string[] {
  const condemned = [root];
  for (let grew = true; grew;) {
    grew = false;
    for (const r of planned) {
      if (condemned.includes(r.urn)) continue;
      const forcing = new Set((REPLACE_ON_CHANGES[r.type] ?? []).map((rule) => rule.property));
      const hit = Object.entries(r.inputDependencies ?? {}).some(
        ([leaf, from]) => forcing.has(leaf.split(/[.[]/)[0]) && from.some((u) => condemned.includes(u)),
      );
      if (hit) {
        condemned.push(r.urn);
        grew = true;
      }
    }
  }
  return condemned.slice(1);
}

export interface ApplyLog {
  (line: string): void;
}

/**
 * Brings the engine to `planned`, starting from `state` (what an earlier apply made): creates what is new,
 * replaces what changed (see the header for the order), deletes what is gone. Returns the new state.
 */
export async function apply(
  engine: Engine,
  planned: PlannedResource[],
  state: AppliedState = new Map(),
  log: ApplyLog = () => undefined,
  /** Told of every container as soon as it exists, so a failed apply can still be cleaned up. */
  track: (a: Applied) => void = () => undefined,
): Promise<AppliedState> {
  const docker = planned.filter((r) => r.custom && r.type.startsWith("docker:"));
  const others = planned.filter(
    (r) =>
      r.custom && !r.type.startsWith("docker:") && !NO_ENGINE.has(r.type) && !isEngineProvider(r, engine),
  );
  if (others.length)
    throw new Error(`applier: ${others[0].type} "${others[0].name}" is not a Docker resource.`);
  docker.forEach(checkMapped);
  const next: AppliedState = new Map();
  const deferred: Applied[] = [];
  const deps = waitsFor(docker, planned);
  // As the Pulumi engine does: each resource starts once everything it depends on is done, so independent
  // containers come up (and wait for their health checks) side by side.
  const done = new Map<string, Promise<void>>();
  const step = (r: PlannedResource): Promise<void> => {
    let p = done.get(r.urn);
    if (!p) {
      const before = (deps.get(r.urn) ?? []).map((urn) => step(docker.find((x) => x.urn === urn)!));
      p = Promise.all(before).then(() => applyOne(r));
      done.set(r.urn, p);
    }
    return p;
  };
  // Old resources already deleted ahead of a delete-first replacement they take a value from.
  const deletedAhead = new Set<string>();
  const applyOne = async (r: PlannedResource) => {
    const old = state.get(r.urn);
    if (old && same(old.inputs, r.inputs) && !deletedAhead.has(r.urn)) {
      next.set(r.urn, old);
      return;
    }
    if (old && r.type !== T.container && r.type !== T.image) {
      throw new Error(`applier: replacing ${r.type} "${r.name}" would lose what it holds; not mapped.`);
    }
    if (old && deletedAhead.has(r.urn)) {
      log(`replace (deleted ahead) ${r.name}`);
    } else if (old && deletesFirst(r)) {
      for (const urn of dependentReplacements(r.urn, docker).reverse()) {
        const dependent = state.get(urn);
        if (!dependent || deletedAhead.has(urn)) continue;
        log(`delete ${dependent.name} ahead of ${r.name} (an input of it comes from ${r.name})`);
        deletedAhead.add(urn);
        await destroy(engine, dependent);
      }
      log(`replace (delete first) ${r.name}`);
      await destroy(engine, old);
    } else if (old) {
      log(`replace (create first) ${r.name}`);
      deferred.push(old);
    } else {
      log(`create ${r.name}`);
    }
    next.set(r.urn, await create(engine, r, log, track));
  };
  const results = await Promise.allSettled(docker.map(step));
  const failed = results.find((x): x is PromiseRejectedResult => x.status === "rejected");
  if (failed) throw failed.reason;
  for (const old of deferred) {
    log(`delete replaced ${old.name}`);
    await destroy(engine, old);
  }
  for (const [urn, old] of state) {
    if (!next.has(urn)) {
      log(`delete ${old.name}`);
      await destroy(engine, old);
    }
  }
  return next;
}

async function create(
  engine: Engine,
  r: PlannedResource,
  log: ApplyLog,
  track: (a: Applied) => void,
): Promise<Applied> {
  const base = { urn: r.urn, type: r.type, inputs: r.inputs, options: r.options };
  const i = r.inputs as Record<string, unknown>;
  switch (r.type) {
    case T.network: {
      const body = await engine.ok("POST", "/networks/create", {
        Name: i.name,
        Driver: i.driver ?? "bridge",
        Internal: i.internal === true,
        CheckDuplicate: true,
      });
      return { ...base, id: JSON.parse(body).Id, name: String(i.name) };
    }
    case T.volume: {
      await engine.ok("POST", "/volumes/create", { Name: i.name });
      return { ...base, id: String(i.name), name: String(i.name) };
    }
    case T.image: {
      const found = await engine.request("GET", `/images/${encodeURIComponent(String(i.name))}/json`);
      if (found.status !== 200) {
        throw new Error(
          `applier: image ${String(i.name)} is not on the host and there is no registry: build it first (test/docker/build.sh).`,
        );
      }
      return { ...base, id: JSON.parse(found.body).Id, name: String(i.name) };
    }
    default:
      return createContainer(engine, r, log, track);
  }
}

async function createContainer(
  engine: Engine,
  r: PlannedResource,
  log: ApplyLog,
  track: (a: Applied) => void,
): Promise<Applied> {
  const c = r.inputs as unknown as ContainerInputs;
  const name = c.name ?? `${r.name}-${randomBytes(4).toString("hex").slice(0, 7)}`;
  const networks = c.networksAdvanced ?? [];
  const hc = c.healthcheck;
  const ports = c.ports ?? [];
  const body = {
    Image: c.image,
    Cmd: c.command,
    Entrypoint: c.entrypoints,
    Env: c.envs ?? [],
    Labels: Object.fromEntries((c.labels ?? []).map((l) => [l.label, l.value])),
    ExposedPorts: Object.fromEntries(ports.map((p) => [`${p.internal}/tcp`, {}])),
    Healthcheck: hc
      ? {
          Test: hc.tests,
          Interval: durationNs(hc.interval),
          Timeout: durationNs(hc.timeout),
          Retries: hc.retries ?? 0,
          StartPeriod: durationNs(hc.startPeriod),
        }
      : undefined,
    HostConfig: {
      RestartPolicy: { Name: c.restart === undefined || c.restart === "no" ? "" : c.restart },
      PortBindings: Object.fromEntries(
        ports.map((p) => [
          `${p.internal}/tcp`,
          [{ HostIp: p.ip ?? "0.0.0.0", HostPort: String(p.external) }],
        ]),
      ),
      Mounts: (c.volumes ?? []).map((v) => ({
        Type: "volume",
        Source: v.volumeName,
        Target: v.containerPath,
        ReadOnly: v.readOnly === true,
      })),
      NetworkMode: networks[0]?.name ?? "bridge",
    },
    NetworkingConfig: networks[0]
      ? { EndpointsConfig: { [networks[0].name]: { Aliases: networks[0].aliases ?? [] } } }
      : undefined,
  };
  const id = JSON.parse(
    await engine.ok("POST", `/containers/create?name=${encodeURIComponent(name)}`, body),
  ).Id;
  const applied: Applied = { urn: r.urn, type: r.type, id, name, inputs: r.inputs, options: r.options };
  track(applied);
  for (const n of networks.slice(1)) {
    await engine.ok("POST", `/networks/${encodeURIComponent(n.name)}/connect`, {
      Container: id,
      EndpointConfig: { Aliases: n.aliases ?? [] },
    });
  }
  const uploads = (c.uploads ?? []).map((u) => ({
    path: u.file,
    content: Buffer.from(u.content ?? ""),
    mode: 0o644,
  }));
  if (uploads.length) await engine.ok("PUT", `/containers/${id}/archive?path=/`, undefined, tar(uploads));
  await engine.ok("POST", `/containers/${id}/start`);
  if (c.attach) {
    const waited = JSON.parse(await engine.ok("POST", `/containers/${id}/wait`));
    applied.exitCode = waited.StatusCode;
    if (c.logs) applied.logs = await containerLogs(engine, id);
    log(`  ${name} exited ${applied.exitCode}`);
  }
  if (c.wait) await waitHealthy(engine, id, name, (c.waitTimeout ?? 60) * 1000);
  return applied;
}

async function waitHealthy(engine: Engine, id: string, name: string, timeoutMs: number): Promise<void> {
  const start = Date.now();
  for (;;) {
    const s = JSON.parse(await engine.ok("GET", `/containers/${id}/json`)).State;
    if (!s.Health)
      throw new Error(
        `applier: container ${name} has wait: true but no health check (the provider errors too).`,
      );
    if (s.Health.Status === "healthy") return;
    if (s.Health.Status === "unhealthy" || !s.Running) {
      throw new Error(
        `applier: container ${name} is ${s.Health.Status} (running: ${s.Running}):\n${await containerLogs(engine, id)}`,
      );
    }
    if (Date.now() - start > timeoutMs)
      throw new Error(`applier: container ${name} not healthy after ${timeoutMs} ms.`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** stdout and stderr of a container, demultiplexed (8-byte frame headers; Engine API "attach" docs). */
export async function containerLogs(engine: Engine, id: string): Promise<string> {
  const raw = (await engine.bytes("GET", `/containers/${id}/logs?stdout=1&stderr=1`)).body;
  let out = "";
  for (let off = 0; off + 8 <= raw.length;) {
    const len = raw.readUInt32BE(off + 4);
    out += raw.subarray(off + 8, off + 8 + len).toString("utf8");
    off += 8 + len;
  }
  return out;
}

async function destroy(engine: Engine, a: Applied): Promise<void> {
  switch (a.type) {
    case T.container: {
      const grace = (a.inputs as unknown as ContainerInputs).destroyGraceSeconds;
      if (grace !== undefined) await engine.request("POST", `/containers/${a.id}/stop?t=${grace}`);
      await engine.ok("DELETE", `/containers/${a.id}?force=true`);
      return;
    }
    case T.network:
      await engine.ok("DELETE", `/networks/${a.id}`);
      return;
    case T.volume:
      if (a.options.protect || a.options.retainOnDelete) return;
      await engine.ok("DELETE", `/volumes/${a.name}`);
      return;
    default:
      // RemoteImage with keepLocally: the image stays on the host.
      return;
  }
}

/** Removes everything a stack with this prefix left on the engine (containers, then networks, then volumes). */
export async function teardown(engine: Engine, prefix: string, containerIds: string[]): Promise<void> {
  // Containers are named `<resource>-<7 hex>` after their resource, so a stack's all start with its prefix.
  const all = JSON.parse(await engine.ok("GET", "/containers/json?all=1")) as {
    Id: string;
    Names: string[];
  }[];
  const named = all.filter((c) => c.Names.some((n) => n.startsWith(`/${prefix}-`))).map((c) => c.Id);
  for (const id of new Set([...containerIds, ...named]))
    await engine.request("DELETE", `/containers/${id}?force=true`);
  const nets = JSON.parse(await engine.ok("GET", "/networks")) as { Id: string; Name: string }[];
  for (const n of nets.filter((x) => x.Name.startsWith(`${prefix}-`)))
    await engine.request("DELETE", `/networks/${n.Id}`);
  const vols = JSON.parse(await engine.ok("GET", "/volumes")).Volumes as { Name: string }[] | null;
  for (const v of (vols ?? []).filter((x) => x.Name.startsWith(`${prefix}-`))) {
    await engine.request("DELETE", `/volumes/${v.Name}`);
  }
}
