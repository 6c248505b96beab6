/**
 * A local stand-in for Cloudinary's Admin API (`/v1_1/<cloud>/upload_presets[/name]`, `/folders[/path]`):
 * HTTP Basic auth, form-encoded bodies as the SDK sends them, and Cloudinary's error bodies
 * `{"error":{"message":"..."}}`. Faults (420/429 rate limits, 5xx, timeouts, lost answers, malformed JSON)
 * are injected per request with `fail`; `putAsset` makes a folder non-empty.
 *
 * Sources for the shapes: cloudinary.com/documentation/admin_api_overview (Basic auth, endpoint format,
 * "Cloudinary may add more fields"), /ts_admin_api_authentication_issues (a failed authentication answers
 * an HTML page), the Admin API reference as quoted in ../../../shared/reference/
 * neon-upstash-cloudinary-vercel-docker.md section 3.2 (preset create overwrites an existing name; folders
 * delete only when empty), and its response examples: preset create `{"message":"created","name":...}`,
 * preset `{"name","unsigned","settings":{...}}`, folder create `{"success":true,"path","name"}`, folder
 * list `{"folders":[{"name","path"}],"next_cursor","total_count"}`.
 */
import * as http from "node:http";
import { closeLocal, listenLocal, matches, readBody, sendJson as send } from "./local-server";

type Json = Record<string, unknown>;

export type CloudinaryFault =
  | { kind: "status"; status: number; message?: string }
  | { kind: "timeout" }
  | { kind: "lost" }
  | { kind: "malformed" };

export interface CloudinaryFaultRule {
  method?: string;
  /** Matched against the path below `/v1_1/<cloud>`, e.g. `/upload_presets`. A string must match exactly. */
  path?: string | RegExp;
  times?: number;
  fault: CloudinaryFault;
}

export interface CloudinaryRequest {
  method: string;
  path: string;
  /** Form fields (POST/PUT) or query parameters (GET/DELETE). */
  params: Record<string, string>;
  authorization?: string;
}

export interface StoredPreset {
  name: string;
  unsigned: boolean;
  settings: Json;
}

/** Incoming-transformation keys the fake understands, as the Admin API spells them back. */
const TRANSFORMATION_KEYS: Record<string, string> = {
  c: "crop",
  w: "width",
  h: "height",
  q: "quality",
  f: "fetch_format",
  g: "gravity",
};

export class FakeCloudinaryApi {
  readonly cloudName = "demo-cloud";
  readonly apiKey = "123456789012345";
  readonly apiSecret = "cld-test-secret-abcdef";
  readonly requests: CloudinaryRequest[] = [];
  readonly presets = new Map<string, StoredPreset>();
  readonly folders = new Set<string>();
  /** Asset counts per folder; a folder with assets cannot be deleted. */
  readonly assets = new Map<string, number>();
  private readonly rules: CloudinaryFaultRule[] = [];
  private server?: http.Server;
  baseUrl = "";

  /** `cloudinary://key:secret@cloud` for this fake. */
  get cloudinaryUrl(): string {
    return `cloudinary://${this.apiKey}:${this.apiSecret}@${this.cloudName}`;
  }

  async start(): Promise<string> {
    const { server, origin } = await listenLocal((req, res) => void this.handle(req, res));
    this.server = server;
    this.baseUrl = origin;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    await closeLocal(this.server);
    this.server = undefined;
  }

  fail(rule: CloudinaryFaultRule): void {
    this.rules.push({ times: 1, ...rule });
  }

  putAsset(folder: string): void {
    this.assets.set(folder, (this.assets.get(folder) ?? 0) + 1);
  }

  count(method: string, path?: string | RegExp): number {
    return this.requests.filter((r) => r.method === method && matches(path, r.path)).length;
  }

  /** Form fields of matching requests, without the SDK's per-call `timestamp`. */
  params(method: string, path?: string | RegExp): Record<string, string>[] {
    return this.requests
      .filter((r) => r.method === method && matches(path, r.path))
      .map((r) => Object.fromEntries(Object.entries(r.params).filter(([k]) => k !== "timestamp")));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const prefix = `/v1_1/${this.cloudName}`;
    const raw = await readBody(req);
    const method = req.method ?? "GET";
    const form = method === "GET" || method === "DELETE" ? url.searchParams : new URLSearchParams(raw);
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    // The SDK sends a folder path as one encoded segment (`webapp%2Fdev`); record it readable.
    this.requests.push({
      method,
      path: decodeURIComponent(path),
      params: Object.fromEntries(form),
      authorization: req.headers.authorization,
    });

    const rule = this.rules.find(
      (r) =>
        (r.times ?? 1) > 0 && (!r.method || r.method === method) && matches(r.path, decodeURIComponent(path)),
    );
    if (rule) rule.times = (rule.times ?? 1) - 1;
    const fault = rule?.fault;
    if (fault?.kind === "timeout") return;
    if (fault?.kind === "malformed") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end("<html>upstream error</html>");
      return;
    }
    if (fault?.kind === "status") {
      return send(res, fault.status, {
        error: { message: fault.message ?? http.STATUS_CODES[fault.status] },
      });
    }

    const expected = `Basic ${Buffer.from(`${this.apiKey}:${this.apiSecret}`).toString("base64")}`;
    if (req.headers.authorization !== expected) {
      // An authentication failure answers an HTML page, not JSON (ts_admin_api_authentication_issues).
      res.writeHead(401, { "Content-Type": "text/html" });
      res.end(
        "<html><head><title>401 Authorization Required</title></head><body><h1>Authorization Required</h1></body></html>",
      );
      return;
    }
    if (!url.pathname.startsWith(prefix)) return send(res, 404, { error: { message: "Unknown cloud name" } });

    const [status, body] = this.route(method, path.split("/").filter(Boolean).map(decodeURIComponent), form);
    if (fault?.kind === "lost") {
      req.socket.destroy();
      return;
    }
    send(res, status, body);
  }

  private route(method: string, seg: string[], form: URLSearchParams): [number, Json] {
    if (seg[0] === "upload_presets") return this.presetRoute(method, seg[1], form);
    if (seg[0] === "folders") return this.folderRoute(method, seg.slice(1).join("/"));
    return [404, { error: { message: "Not found" } }];
  }

  private presetRoute(method: string, name: string | undefined, form: URLSearchParams): [number, Json] {
    if (name === undefined) {
      if (method === "GET") return [200, { presets: [...this.presets.values()] }];
      if (method === "POST") {
        const presetName = form.get("name") ?? `preset_${this.presets.size + 1}`;
        const parsed = this.parseSettings(form);
        if (typeof parsed === "string") return [400, { error: { message: parsed } }];
        // Like Cloudinary, an existing name is overwritten.
        this.presets.set(presetName, {
          name: presetName,
          unsigned: form.get("unsigned") === "true",
          settings: parsed,
        });
        return [200, { message: "created", name: presetName }];
      }
    }
    const preset = name === undefined ? undefined : this.presets.get(name);
    if (!preset) return [404, { error: { message: `Upload preset ${name} not found` } }];
    if (method === "GET")
      return [200, { name: preset.name, unsigned: preset.unsigned, settings: preset.settings }];
    if (method === "PUT") {
      const parsed = this.parseSettings(form);
      if (typeof parsed === "string") return [400, { error: { message: parsed } }];
      if (form.has("unsigned")) preset.unsigned = form.get("unsigned") === "true";
      preset.settings = { ...preset.settings, ...parsed };
      return [200, { message: "updated" }];
    }
    if (method === "DELETE") {
      this.presets.delete(preset.name);
      return [200, { message: "deleted" }];
    }
    return [404, { error: { message: "Not found" } }];
  }

  /** Form fields -> stored settings, in the shapes the Admin API answers with. Error text on bad input. */
  private parseSettings(form: URLSearchParams): Json | string {
    const settings: Json = {};
    for (const key of ["folder", "asset_folder", "allowed_formats"]) {
      if (form.has(key)) settings[key] = form.get(key);
    }
    if (form.has("tags")) settings.tags = form.get("tags")!.split(",");
    for (const key of ["overwrite", "unique_filename"]) {
      if (form.has(key)) settings[key] = form.get(key) === "1" || form.get(key) === "true";
    }
    const t = form.get("transformation");
    if (t) {
      const steps: Json[] = [];
      for (const step of t.split("/")) {
        const out: Json = {};
        for (const part of step.split(",")) {
          const [short, ...rest] = part.split("_");
          const long = TRANSFORMATION_KEYS[short];
          if (!long || rest.length === 0) return `Invalid transformation component - ${part}`;
          const value = rest.join("_");
          out[long] = /^\d+$/.test(value) ? Number(value) : value;
        }
        steps.push(out);
      }
      settings.transformation = steps;
    }
    return settings;
  }

  private folderRoute(method: string, path: string): [number, Json] {
    if (path === "") {
      if (method !== "GET") return [404, { error: { message: "Not found" } }];
      const folders = [...this.folders].filter((f) => !f.includes("/"));
      return [
        200,
        {
          folders: folders.map((f) => ({ name: f, path: f })),
          next_cursor: null,
          total_count: folders.length,
        },
      ];
    }
    if (method === "POST") {
      const parts = path.split("/");
      for (let i = 1; i <= parts.length; i++) this.folders.add(parts.slice(0, i).join("/"));
      return [200, { success: true, path, name: parts[parts.length - 1] }];
    }
    if (!this.folders.has(path)) return [404, { error: { message: `Can't find folder with path ${path}` } }];
    const children = [...this.folders].filter(
      (f) => f.startsWith(`${path}/`) && !f.slice(path.length + 1).includes("/"),
    );
    if (method === "GET") {
      return [
        200,
        {
          folders: children.map((f) => ({ name: f.slice(path.length + 1), path: f })),
          next_cursor: null,
          total_count: children.length,
        },
      ];
    }
    if (method === "DELETE") {
      if ((this.assets.get(path) ?? 0) > 0 || children.length > 0) {
        return [400, { error: { message: "Folder is not empty" } }];
      }
      this.folders.delete(path);
      return [200, { deleted: [path] }];
    }
    return [404, { error: { message: "Not found" } }];
  }
}
