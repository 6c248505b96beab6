/**
 * A local fake of Render's REST API (the part the Render providers use), answering the way the real API
 * does in the recorded traffic under test/fixtures/render/recorded: same payload shapes (response objects
 * are built from recorded ones), `srv-`/`dep-`/`cdm-`/`rgc-` ids, 201/204/404 codes, bare-array cursor
 * pagination, `Ratelimit-*` headers, imagePath normalisation and the free-plan 400 message.
 *
 * Tests drive faults through `inject()` and read `requests` / `counts()` to assert exactly what was sent.
 */

import * as fs from "node:fs";
import * as http from "node:http";
import { closeLocal, listenLocal } from "./local-server";
import { FakeRenderData } from "./render-data-api";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";

const RECORDED_DIR = path.join(__dirname, "..", "fixtures", "render", "recorded");

export interface RecordedInteraction {
  method: string;
  /** Path below /v1, with query string. */
  path: string;
  requestBody: unknown;
  status: number;
  headers: Record<string, string>;
  responseBody: unknown;
}

/** Loads one go-vcr cassette as a list of request/response pairs (bodies parsed as JSON). */
export function loadRecorded(file: string): RecordedInteraction[] {
  const doc = parseYaml(fs.readFileSync(path.join(RECORDED_DIR, file), "utf8")) as {
    interactions: Array<{
      request: { method: string; url: string; body: string };
      response: { code: number; body: string; headers: Record<string, string[]> };
    }>;
  };
  const json = (text: string) => (text && text.trim() !== "" ? JSON.parse(text) : undefined);
  return doc.interactions.map((i) => ({
    method: i.request.method,
    path: i.request.url.replace(/^https?:\/\/[^/]+\/v1/, ""),
    requestBody: json(i.request.body),
    status: i.response.code,
    headers: Object.fromEntries(Object.entries(i.response.headers ?? {}).map(([k, v]) => [k, v[0]])),
    responseBody: json(i.response.body),
  }));
}

export const RECORDED_FILES = [
  "webservice-web_service_image.yaml",
  "webservice-web_service_autoscaling.yaml",
  "webservice-env_var.yaml",
  "webservice-web_service.yaml",
  "backgroundworker-background_worker.yaml",
];

type Json = Record<string, unknown>;

let cachedTemplates: ReturnType<typeof loadTemplates> | undefined;

/** The recorded objects the fake copies its response shapes from (parsed once: the cassettes are large). */
function templates(): ReturnType<typeof loadTemplates> {
  cachedTemplates ??= loadTemplates();
  return cachedTemplates;
}

function loadTemplates() {
  const image = loadRecorded("webservice-web_service_image.yaml");
  const worker = loadRecorded("backgroundworker-background_worker.yaml");
  const web = loadRecorded("webservice-web_service.yaml");
  const first = (list: RecordedInteraction[], method: string, re: RegExp) => {
    const hit = list.find((i) => i.method === method && re.test(i.path));
    if (!hit) throw new Error(`recorded fixture lacks ${method} ${re}`);
    return hit;
  };
  return {
    webService: (first(image, "POST", /^\/services$/).responseBody as { service: Json }).service,
    worker: (first(worker, "POST", /^\/services$/).responseBody as { service: Json }).service,
    deploy: first(image, "POST", /\/deploys$/).responseBody as Json,
    customDomain: (first(web, "POST", /\/custom-domains$/).responseBody as Json[])[0],
  };
}

export type FaultKind =
  /** 429 with `Retry-After: <retryAfter>` (default "1"). */
  | "rate-limit"
  /** Reply with `status` (default 500) and `{message}`. */
  | "status"
  /** Never answer (the client's timeout must fire). */
  | "hang"
  /** Apply the request, then destroy the connection before answering. */
  | "lost-response"
  /** 200 with a body that is not JSON. */
  | "malformed"
  /** Answer `status` (default 200) with exactly `body`, unapplied: the hostile-API shapes (issue 11). */
  | "body";

export interface Fault {
  kind: FaultKind;
  method?: string;
  /** Matches the path (without query) exactly, or by RegExp. */
  path?: string | RegExp;
  status?: number;
  message?: string;
  retryAfter?: string;
  /**
   * "rate-limit" only: `Retry-After` as an HTTP-date this many ms after the answer's own `Date` (RFC 9110
   * §10.2.3: a date is read against the server's clock), instead of `retryAfter`.
   */
  retryAfterDateMs?: number;
  /** Raw response text for "body". */
  body?: string;
  /** "body" only: apply the request first (the change happened; only its answer is broken). */
  applied?: boolean;
  /** How many matching requests it hits (default 1). */
  times?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  body: unknown;
  authorization?: string;
  /** Fake-clock time the request arrived. */
  at: number;
  /** Status answered; undefined when the connection was dropped or left hanging. */
  status?: number;
}

interface ServiceRecord {
  service: Json;
  envVars: Array<{ key: string; value: string }>;
  domains: Json[];
  deploys: Json[];
}

// Observed Ratelimit-Limit values per endpoint class in the recorded traffic.
function limitFor(method: string, p: string): { bucket: string; limit: number; windowS: number } {
  if (method === "GET") return { bucket: "GET", limit: 400, windowS: 60 };
  if (method === "POST" && p === "/services") return { bucket: "create", limit: 20, windowS: 3600 };
  const svc = /^\/services\/([^/]+)(\/(deploys|scale))?$/.exec(p);
  if (svc && ((method === "PATCH" && !svc[2]) || (method === "POST" && svc[2]))) {
    return { bucket: `svc:${svc[1]}`, limit: 10, windowS: 60 };
  }
  // Observed Ratelimit-Limit 20 on POST /postgres and /key-value, reset within the hour (TF-CAS, render-data-api.ts).
  if (method === "POST" && (p === "/postgres" || p === "/key-value"))
    return { bucket: "datastore-create", limit: 20, windowS: 3600 };
  if (method === "POST" && /\/custom-domains$/.test(p))
    return { bucket: "domains", limit: 50, windowS: 3600 };
  return { bucket: "write", limit: 100, windowS: 60 };
}

/** Render's imagePath normalisation, written independently of the provider's so tests are not circular. */
export function renderImagePath(ref: string): string {
  let r = ref.replace(/^https?:\/\//, "");
  const hasDigest = r.includes("@");
  const slash = r.indexOf("/");
  const first = slash < 0 ? "" : r.slice(0, slash);
  if (!(first.includes(".") || first.includes(":") || first === "localhost")) {
    r = `docker.io/${slash < 0 ? "library/" : ""}${r}`;
  }
  const name = hasDigest ? r.slice(0, r.indexOf("@")) : r;
  if (!hasDigest && !/:[^/]+$/.test(name)) r += ":latest";
  return r;
}

let counter = 0;
function newId(prefix: string): string {
  counter += 1;
  const alphabet = "abcdefghijklmnopqrstuv0123456789";
  let s = "";
  for (let i = 0; i < 16; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return `${prefix}-${s}${String(counter).padStart(4, "0")}`;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export interface FakeRenderOptions {
  apiKey?: string;
  ownerId?: string;
  /** Status new deploys reach when polled (default "live"); after `deployPollsBeforeDone` polls. */
  deployOutcome?: string;
  deployPollsBeforeDone?: number;
  /** Enforce the observed limits with 429s (default true). */
  enforceRateLimits?: boolean;
  /** Refuse `plan: free` creates like a bad request (default false); see `refuseFreeCreates` below. */
  refuseFreeCreates?: boolean;
  /**
   * The `Date` header: HTTP-date, one-second resolution (RFC 9110 §5.6.7), from a clock that may be skewed
   * against the one stamping `createdAt` (they are different machines behind Render's edge), or left out
   * (RFC 9110 §6.6.1 lets an origin without a reliable clock omit it). Default: Node's own, unskewed.
   */
  date?: { skewMs?: number; omit?: boolean };
}

export class FakeRenderApi {
  readonly apiKey: string;
  readonly ownerId: string;
  deployOutcome: string;
  deployPollsBeforeDone: number;
  enforceRateLimits: boolean;
  /**
   * "The REST API doesn't support creating free tier services as an anti-abuse measure" (a Render
   * maintainer, terraform-provider-render#44); render-mcp-server 3f20c73 later created them over the same
   * API. Both hold somewhere, so tests choose: when true, a free create is answered 400 with a message.
   */
  refuseFreeCreates: boolean;
  date: { skewMs?: number; omit?: boolean };
  /** Clock for the rate-limit windows; tests share their virtual clock with the provider. */
  now: () => number = Date.now;
  readonly services = new Map<string, ServiceRecord>();
  readonly credentials = new Map<string, Json & { authToken: string }>();
  /** Postgres, Key Value, projects and environments (./render-data-api.ts). */
  readonly data = new FakeRenderData(
    () => ({ id: this.ownerId, name: "Fake Workspace", email: "owner@example.com", type: "team" }),
    (id) => this.services.has(id),
  );
  readonly requests: LoggedRequest[] = [];
  private faults: Fault[] = [];
  private windows = new Map<string, { start: number; used: number }>();
  private polls = new Map<string, number>();
  private server?: http.Server;
  private readonly tpl = templates();
  private readonly hung = new Set<http.ServerResponse>();

  constructor(opts: FakeRenderOptions = {}) {
    this.apiKey = opts.apiKey ?? "rnd_fake_test_key";
    this.ownerId = opts.ownerId ?? "tea-fakeowner000000000";
    this.deployOutcome = opts.deployOutcome ?? "live";
    this.deployPollsBeforeDone = opts.deployPollsBeforeDone ?? 1;
    this.enforceRateLimits = opts.enforceRateLimits ?? true;
    this.refuseFreeCreates = opts.refuseFreeCreates ?? false;
    this.date = opts.date ?? {};
  }

  /** Base URL including /v1, for RENDER_API_URL. */
  url = "";

  async start(): Promise<void> {
    const { server, origin } = await listenLocal((req, res) => this.handle(req, res));
    this.server = server;
    this.url = `${origin}/v1`;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    await closeLocal(this.server);
  }

  inject(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  /** Forget requests (not state), e.g. between the arrange and act phases of a test. */
  clearLog(): void {
    this.requests.length = 0;
  }

  /** Request counts keyed "METHOD /path" with ids replaced by {id}. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.requests) {
      const key = `${r.method} ${r.path.replace(/\/(srv|dep|cdm|rgc|dpg|red|prj|evm)-[a-z0-9]+(-[a-z](?![a-z0-9]))?/g, "/{$1}")}`;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  }

  /** Seeds a service straight into the store, shaped like a recorded one. */
  seedService(fields: {
    name: string;
    type?: string;
    plan?: string;
    region?: string;
    imagePath?: string;
  }): Json {
    return this.createService({
      type: fields.type ?? "web_service",
      name: fields.name,
      ownerId: this.ownerId,
      image: { imagePath: fields.imagePath ?? "nginx", ownerId: this.ownerId },
      serviceDetails: { runtime: "image", plan: fields.plan ?? "starter", region: fields.region ?? "oregon" },
    }).service;
  }

  private takeFault(method: string, p: string): Fault | undefined {
    const i = this.faults.findIndex(
      (f) =>
        (f.method === undefined || f.method === method) &&
        (f.path === undefined || (typeof f.path === "string" ? f.path === p : f.path.test(p))),
    );
    if (i < 0) return undefined;
    const f = this.faults[i];
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) this.faults.splice(i, 1);
    return f;
  }

  private rateHeaders(method: string, p: string): { headers: Record<string, string>; exceeded: boolean } {
    const { bucket, limit, windowS } = limitFor(method, p);
    const now = this.now();
    let w = this.windows.get(bucket);
    if (!w || now - w.start >= windowS * 1000) {
      w = { start: now, used: 0 };
      this.windows.set(bucket, w);
    }
    w.used += 1;
    const reset = Math.max(1, Math.ceil((w.start + windowS * 1000 - now) / 1000));
    return {
      headers: {
        "Ratelimit-Limit": String(limit),
        "Ratelimit-Remaining": String(Math.max(0, limit - w.used)),
        "Ratelimit-Reset": String(reset),
      },
      exceeded: this.enforceRateLimits && w.used > limit,
    };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const p = url.pathname.replace(/^\/v1/, "");
      const method = req.method ?? "GET";
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown = undefined;
      try {
        body = raw === "" ? undefined : JSON.parse(raw);
      } catch {
        body = raw;
      }
      const query: Record<string, string[]> = {};
      for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
      const logged: LoggedRequest = {
        method,
        path: p,
        query,
        body,
        authorization: req.headers.authorization,
        at: this.now(),
      };
      this.requests.push(logged);

      // The server's clock at this answer, in whole seconds as the `Date` header carries it.
      const serverNow = Math.floor((Date.now() + (this.date.skewMs ?? 0)) / 1000) * 1000;
      if (this.date.omit) res.sendDate = false;
      else res.setHeader("Date", new Date(serverNow).toUTCString());
      const send = (status: number, payload?: unknown, extra: Record<string, string> = {}) => {
        logged.status = status;
        const text = payload === undefined ? "" : JSON.stringify(payload);
        res.writeHead(status, {
          ...(text ? { "Content-Type": "application/json; charset=utf-8" } : {}),
          "Render-Request-Id": `fake/${this.requests.length}`,
          ...rate.headers,
          ...extra,
        });
        res.end(text);
      };

      const rate = this.rateHeaders(method, p);
      const fault = this.takeFault(method, p);
      if (fault?.kind === "hang") {
        this.hung.add(res);
        return;
      }
      if (fault?.kind === "rate-limit") {
        const retryAfter =
          fault.retryAfterDateMs === undefined
            ? (fault.retryAfter ?? "1")
            : new Date(serverNow + fault.retryAfterDateMs).toUTCString();
        return send(429, { message: "rate limit exceeded" }, { "Retry-After": retryAfter });
      }
      if (fault?.kind === "status")
        return send(fault.status ?? 500, { message: fault.message ?? "internal server error" });
      if (fault?.kind === "malformed") {
        logged.status = 200;
        res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", ...rate.headers });
        res.end('{"id": "srv-trunc');
        return;
      }
      if (fault?.kind === "body") {
        if (fault.applied) this.route(method, p, query, body);
        logged.status = fault.status ?? 200;
        const html = (fault.body ?? "").trimStart().startsWith("<");
        res.writeHead(logged.status, {
          ...(fault.body ? { "Content-Type": html ? "text/html" : "application/json; charset=utf-8" } : {}),
          ...rate.headers,
        });
        res.end(fault.body ?? "");
        return;
      }
      if (req.headers.authorization !== `Bearer ${this.apiKey}`)
        return send(401, { message: "unauthorized" });
      if (rate.exceeded) return send(429, { message: "rate limit exceeded" });

      let result: { status: number; body?: unknown };
      try {
        result = this.route(method, p, query, body);
      } catch (e) {
        result = { status: 500, body: { message: String(e) } };
      }
      if (fault?.kind === "lost-response") {
        // The change is applied; only the answer is lost, as when a proxy or the network drops it.
        res.socket?.destroy();
        return;
      }
      send(result.status, result.body);
    });
  }

  private notFound(id: string) {
    return { status: 404, body: { message: `not found: ${id}` } };
  }

  private page<T>(items: T[], key: string, query: Record<string, string[]>) {
    const limit = Math.min(100, Number(query.limit?.[0] ?? 20));
    const entries = items.map((item, i) => ({
      cursor: Buffer.from(`c${i}`).toString("base64url"),
      [key]: item,
    }));
    const cursor = query.cursor?.[0];
    const start = cursor ? entries.findIndex((e) => e.cursor === cursor) + 1 : 0;
    return { status: 200, body: entries.slice(start, start + limit) };
  }

  private route(
    method: string,
    p: string,
    query: Record<string, string[]>,
    body: unknown,
  ): { status: number; body?: unknown } {
    const b = (body ?? {}) as Json;
    let m: RegExpExecArray | null;
    if (p === "/services" && method === "POST") return this.postService(b);
    if (p === "/services" && method === "GET") {
      const matches = [...this.services.values()]
        .map((r) => r.service)
        .filter(
          (s) =>
            (!query.name || query.name.includes(s.name as string)) &&
            (!query.ownerId || query.ownerId.includes(s.ownerId as string)) &&
            (!query.type || query.type.includes(s.type as string)),
        );
      return this.page(matches, "service", query);
    }
    if (p === "/registrycredentials" && method === "POST") return this.postCredential(b);
    if (p === "/registrycredentials" && method === "GET") {
      const list = [...this.credentials.values()]
        .filter((c) => !query.name || query.name.includes(c.name as string))
        .map((c) => this.publicCredential(c));
      // A bare array of credential objects, not the `{item, cursor}` wrapper of other lists (openapi.json
      // list-registry-credentials; render-oss/sdk typescript/src/generated/schema.ts).
      const limit = Math.min(100, Number(query.limit?.[0] ?? 20));
      return { status: 200, body: list.slice(0, limit) };
    }
    if ((m = /^\/registrycredentials\/([^/]+)$/.exec(p))) {
      const c = this.credentials.get(m[1]);
      if (!c) return this.notFound(m[1]);
      if (method === "GET") return { status: 200, body: this.publicCredential(c) };
      if (method === "DELETE") {
        this.credentials.delete(m[1]);
        return { status: 204 };
      }
      if (method === "PATCH") {
        for (const k of ["registry", "name", "username", "authToken"]) {
          if (typeof b[k] !== "string") return { status: 400, body: { message: `${k} is required` } };
        }
        Object.assign(c, {
          registry: b.registry,
          name: b.name,
          username: b.username,
          authToken: b.authToken,
        });
        c.updatedAt = new Date().toISOString();
        return { status: 200, body: this.publicCredential(c) };
      }
    }
    const data = this.data.route(method, p, query, b);
    if (data) return data;
    if (!(m = /^\/services\/([^/]+)(\/.*)?$/.exec(p))) return { status: 404, body: { message: "not found" } };
    const id = m[1];
    const sub = m[2] ?? "";
    const rec = this.services.get(id);
    if (!rec) return this.notFound(id);
    const s = rec.service;
    const details = s.serviceDetails as Json;
    if (sub === "") {
      if (method === "GET") return { status: 200, body: s };
      if (method === "DELETE") {
        this.services.delete(id);
        return { status: 204 };
      }
      if (method === "PATCH") return this.patchService(rec, b);
    }
    if (sub === "/env-vars") {
      if (method === "GET") return this.page(rec.envVars, "envVar", query);
      if (method === "PUT") {
        rec.envVars = ((body as Array<{ key: string; value: string }>) ?? []).map((e) => ({
          key: e.key,
          value: e.value,
        }));
        return this.page(rec.envVars, "envVar", { limit: ["100"] });
      }
    }
    if ((m = /^\/env-vars\/([^/]+)$/.exec(sub))) {
      // openapi.json retrieve-env-var / update-env-var / delete-env-var: `{key, value}` bare (no wrapper);
      // PUT takes `{value}` or `{generateValue: true}`; DELETE answers 204, an unknown key 404.
      const key = decodeURIComponent(m[1]);
      const i = rec.envVars.findIndex((e) => e.key === key);
      if (method === "GET") return i < 0 ? this.notFound(key) : { status: 200, body: rec.envVars[i] };
      if (method === "DELETE") {
        if (i < 0) return this.notFound(key);
        rec.envVars.splice(i, 1);
        return { status: 204 };
      }
      if (method === "PUT") {
        const value =
          typeof b.value === "string"
            ? b.value
            : b.generateValue === true
              ? Buffer.from(newId("gen")).toString("base64url")
              : undefined;
        if (value === undefined)
          return { status: 400, body: { message: "value or generateValue is required" } };
        const entry = { key, value };
        if (i < 0) rec.envVars.push(entry);
        else rec.envVars[i] = entry;
        return { status: 200, body: entry };
      }
    }
    if (sub === "/custom-domains") {
      if (method === "GET") return this.page(rec.domains, "customDomain", query);
      if (method === "POST") {
        const name = String(b.name ?? "").toLowerCase();
        if (rec.domains.some((d) => d.name === name))
          return { status: 409, body: { message: `custom domain ${name} already exists` } };
        const domain = {
          ...clone(this.tpl.customDomain),
          id: newId("cdm"),
          name,
          createdAt: new Date().toISOString(),
          publicSuffix: name.split(".").pop(),
        };
        rec.domains.push(domain);
        return { status: 201, body: [domain] };
      }
    }
    if ((m = /^\/custom-domains\/([^/]+)$/.exec(sub))) {
      const key = decodeURIComponent(m[1]);
      const i = rec.domains.findIndex((d) => d.id === key || d.name === key);
      if (i < 0) return this.notFound(key);
      if (method === "GET") return { status: 200, body: rec.domains[i] };
      if (method === "DELETE") {
        rec.domains.splice(i, 1);
        return { status: 204 };
      }
    }
    if (sub === "/scale" && method === "POST") {
      if (details.plan === "free" && Number(b.numInstances) > 1) {
        return { status: 400, body: { message: "free tier services cannot be scaled beyond 1 instance" } };
      }
      details.numInstances = b.numInstances;
      return { status: 202 };
    }
    if (sub === "/autoscaling") {
      if (method === "PUT") {
        details.autoscaling = clone(b);
        return { status: 200, body: b };
      }
      if (method === "DELETE") {
        delete details.autoscaling;
        return { status: 204 };
      }
    }
    if (sub === "/deploys") {
      if (method === "POST")
        return { status: 201, body: this.newDeploy(rec, b.imageUrl as string | undefined) };
      if (method === "GET") {
        // openapi.json list-deploys: newest first, filtered by status and createdAfter/createdBefore.
        const after = query.createdAfter ? Date.parse(query.createdAfter[0]) : -Infinity;
        const before = query.createdBefore ? Date.parse(query.createdBefore[0]) : Infinity;
        const list = [...rec.deploys].reverse().filter((d) => {
          const t = Date.parse(d.createdAt as string);
          return t >= after && t <= before && (!query.status || query.status.includes(d.status as string));
        });
        return this.page(list, "deploy", query);
      }
    }
    if ((m = /^\/deploys\/([^/]+)$/.exec(sub)) && method === "GET") {
      const d = rec.deploys.find((x) => x.id === m![1]);
      if (!d) return this.notFound(m[1]);
      const polls = (this.polls.get(d.id as string) ?? 0) + 1;
      this.polls.set(d.id as string, polls);
      if (polls >= this.deployPollsBeforeDone) d.status = this.deployOutcome;
      return { status: 200, body: d };
    }
    return { status: 404, body: { message: "not found" } };
  }

  private postService(b: Json): { status: number; body?: unknown } {
    const details = (b.serviceDetails ?? {}) as Json;
    if (typeof b.name !== "string" || typeof b.ownerId !== "string" || typeof b.type !== "string") {
      return { status: 400, body: { message: "type, name and ownerId are required" } };
    }
    if (details.plan === "free") {
      if (this.refuseFreeCreates) {
        return { status: 400, body: { message: "free tier services cannot be created through the API" } };
      }
      if (b.type !== "web_service")
        return { status: 400, body: { message: "free plan is only available for web services" } };
      if (details.maintenanceMode != null) {
        return {
          status: 400,
          body: { message: "maintenance mode can only be configured for non-free tier services" },
        };
      }
      if (details.preDeployCommand != null && details.preDeployCommand !== "") {
        return {
          status: 400,
          body: { message: "pre-deploy command can only be configured for non-free tier services" },
        };
      }
    }
    if (
      [...this.services.values()].some((r) => r.service.name === b.name && r.service.ownerId === b.ownerId)
    ) {
      return { status: 409, body: { message: `a service named ${b.name} already exists` } };
    }
    return { status: 201, body: this.createService(b) };
  }

  private createService(b: Json): { service: Json; deployId: string } {
    const details = (b.serviceDetails ?? {}) as Json;
    const web = b.type === "web_service";
    const id = newId("srv");
    const slug = `${String(b.name)}-${id.slice(-4)}`;
    const service = clone(web ? this.tpl.webService : this.tpl.worker);
    const now = new Date().toISOString();
    const image = (b.image ?? {}) as Json;
    const sd = service.serviceDetails as Json;
    Object.assign(service, {
      id,
      name: b.name,
      ownerId: b.ownerId,
      slug,
      createdAt: now,
      updatedAt: now,
      dashboardUrl: `https://dashboard.render.com/${web ? "web" : "worker"}/${id}`,
      imagePath: renderImagePath(String(image.imagePath ?? "")),
    });
    if (image.registryCredentialId)
      service.registryCredential = { id: image.registryCredentialId, name: "cred" };
    sd.plan = details.plan ?? "starter";
    sd.region = details.region ?? "oregon";
    sd.numInstances = details.numInstances ?? 1;
    sd.envSpecificDetails = {
      dockerCommand: (details.envSpecificDetails as Json | undefined)?.dockerCommand ?? "",
      dockerContext: "",
      dockerfilePath: "",
      ...(details.preDeployCommand ? { preDeployCommand: details.preDeployCommand } : {}),
    };
    delete sd.disk;
    if (details.autoscaling) sd.autoscaling = clone(details.autoscaling);
    if (web) {
      sd.healthCheckPath = details.healthCheckPath ?? "";
      sd.url = `https://${slug}.onrender.com`;
      // Free web services come back without maintenanceMode (TF PR #105).
      if (sd.plan === "free") delete sd.maintenanceMode;
    }
    const rec: ServiceRecord = {
      service,
      envVars: ((b.envVars as Array<{ key: string; value: string }> | null) ?? []).map((e) => ({
        key: e.key,
        value: e.value,
      })),
      domains: [],
      deploys: [],
    };
    this.services.set(id, rec);
    const deploy = this.newDeploy(rec, undefined);
    return { service, deployId: deploy.id as string };
  }

  private patchService(rec: ServiceRecord, b: Json): { status: number; body?: unknown } {
    const s = rec.service;
    const sd = s.serviceDetails as Json;
    const d = (b.serviceDetails ?? {}) as Json;
    const plan = d.plan ?? sd.plan;
    if (plan === "free" && typeof d.preDeployCommand === "string" && d.preDeployCommand !== "") {
      return {
        status: 400,
        body: { message: "pre-deploy command can only be configured for non-free tier services" },
      };
    }
    if (plan === "free" && d.maintenanceMode != null) {
      return {
        status: 400,
        body: { message: "maintenance mode can only be configured for non-free tier services" },
      };
    }
    if (typeof b.name === "string") s.name = b.name;
    const image = b.image as Json | undefined;
    if (image) {
      s.imagePath = renderImagePath(String(image.imagePath));
      if (image.registryCredentialId) s.registryCredential = { id: image.registryCredentialId, name: "cred" };
      else delete s.registryCredential;
    }
    if (d.plan !== undefined) sd.plan = d.plan;
    if (d.healthCheckPath !== undefined) sd.healthCheckPath = d.healthCheckPath;
    const env = sd.envSpecificDetails as Json;
    const esd = d.envSpecificDetails as Json | undefined;
    if (esd?.dockerCommand !== undefined) env.dockerCommand = esd.dockerCommand;
    if (d.preDeployCommand !== undefined) {
      if (d.preDeployCommand === "") delete env.preDeployCommand;
      else env.preDeployCommand = d.preDeployCommand;
    }
    s.updatedAt = new Date().toISOString();
    return { status: 200, body: s };
  }

  private newDeploy(rec: ServiceRecord, imageUrl: string | undefined): Json {
    const now = new Date().toISOString();
    const deploy = {
      ...clone(this.tpl.deploy),
      id: newId("dep"),
      image: {
        ref: imageUrl ? renderImagePath(imageUrl) : rec.service.imagePath,
        sha: "sha256:" + "0".repeat(64),
      },
      status: "update_in_progress",
      createdAt: now,
      updatedAt: now,
    };
    rec.deploys.push(deploy);
    return deploy;
  }

  private postCredential(b: Json): { status: number; body?: unknown } {
    for (const k of ["registry", "name", "username", "authToken", "ownerId"]) {
      if (typeof b[k] !== "string") return { status: 400, body: { message: `${k} is required` } };
    }
    const c = {
      id: newId("rgc"),
      name: b.name,
      registry: b.registry,
      username: b.username,
      authToken: b.authToken as string,
      ownerId: b.ownerId,
      updatedAt: new Date().toISOString(),
    };
    this.credentials.set(c.id, c);
    return { status: 200, body: this.publicCredential(c) };
  }

  /** Render never returns the token. */
  private publicCredential(c: Json): Json {
    return { id: c.id, name: c.name, registry: c.registry, username: c.username, updatedAt: c.updatedAt };
  }
}
