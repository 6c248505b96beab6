/**
 * A local stand-in for UptimeRobot's API v3 (`/monitors[/id]`, `/alert-contacts[/id]`,
 * `/user/alert-contacts`). Each behaviour names its source:
 *
 * - [AUTH] `Authorization: Bearer <key>`, JSON bodies and answers (uptimerobot.com/api/v3; github
 *   uptimerobot/terraform-provider-uptimerobot `internal/client/client.go` `applyCommonHeaders`).
 * - [RATE] Free: 10 requests a minute; past it 429 with `Retry-After` (seconds), `X-RateLimit-Limit`,
 *   `X-RateLimit-Remaining`, `X-RateLimit-Reset` (epoch seconds) (uptimerobot.com/api/v3, "Rate limits").
 *   The window runs on the fake's own clock (`advance`), so tests never sleep.
 * - [ERR] errors are a non-2xx status with `{"message": ...}` (`internal/client/errors.go` reads `message`,
 *   then `error`, then `detail`); a missing resource is 404 (`IsNotFound`: 404 or 410).
 * - [MON] monitor fields and create/update bodies (`internal/client/monitor.go` `Monitor`,
 *   `CreateMonitorRequest`, `UpdateMonitorRequest`: friendlyName, type and interval always sent); types
 *   HTTP, KEYWORD, ... and keywordType ALERT_EXISTS | ALERT_NOT_EXISTS (targets.md section 8); `timeout`
 *   defaults to 30 (same); `alertContactId` is answered as a number (`StringOrNumberID` takes both).
 * - [LIST] `GET /monitors?cursor=&name=` answers `{"data": [...], "nextLink": <url with cursor> | null}`
 *   (`MonitorListResponse`, `monitorCursorFromNextLink`). The `name` filter's matching is not documented;
 *   the fake matches substrings, the looser reading, so a client must compare names itself.
 * - [CONTACT] `GET /user/alert-contacts` answers a bare array; `POST /alert-contacts {type, friendlyName,
 *   value}`; `PATCH` takes friendlyName (no address) (`internal/client/alert_contact.go`); a new e-mail
 *   contact is `NotActivated` until its address is confirmed (status names, same file).
 * - [DEL] DELETE answers 2xx with no body the client reads; a second DELETE is 404 (`doDelete`).
 */
import * as http from "node:http";
import { closeLocal, listenLocal, matches, readBody, sendJson } from "./local-server";

type Json = Record<string, unknown>;

export type UptimeFault =
  | { kind: "status"; status: number; message?: string; headers?: Record<string, string> }
  | { kind: "timeout" }
  | { kind: "lost" }
  | { kind: "malformed" };

export interface UptimeFaultRule {
  method?: string;
  path?: string | RegExp;
  times?: number;
  fault: UptimeFault;
}

export interface UptimeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  authorization?: string;
  contentType?: string;
}

export interface StoredMonitor extends Json {
  id: number;
  friendlyName: string;
  url: string;
  type: string;
  interval: number;
  timeout: number;
  keywordType: string | null;
  keywordValue: string;
  status: string;
  assignedAlertContacts: Array<{ alertContactId: number; threshold: number; recurrence: number }>;
}

export interface StoredContact extends Json {
  id: number;
  friendlyName: string;
  type: string;
  value: string;
  status: string;
}

const MONITOR_TYPES = ["HTTP", "KEYWORD", "PING", "PORT", "HEARTBEAT", "DNS", "API", "UDP"];
const KEYWORD_TYPES = ["ALERT_EXISTS", "ALERT_NOT_EXISTS"];

export class FakeUptimeRobotApi {
  readonly apiKey = "u1234567-fakeMainApiKey0000";
  readonly requests: UptimeRequest[] = [];
  readonly monitors = new Map<number, StoredMonitor>();
  readonly contacts = new Map<number, StoredContact>();
  /** [RATE] requests per minute; Free's 10 unless a test changes it. */
  rateLimit = 10;
  /** [LIST] items per page. */
  pageSize = 50;
  /** The fake's clock in ms; `advance` moves it (tests hand it to the provider's `sleep`). */
  now = Date.UTC(2026, 11, 2, 12, 0, 0);
  private windowStart = this.now;
  private windowCount = 0;
  private nextId = 800_000_001;
  private readonly rules: UptimeFaultRule[] = [];
  private server?: http.Server;
  baseUrl = "";

  async start(): Promise<string> {
    const { server, origin } = await listenLocal((req, res) => void this.handle(req, res));
    this.server = server;
    this.baseUrl = `${origin}/v3`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    await closeLocal(this.server);
    this.server = undefined;
  }

  advance(ms: number): void {
    this.now += ms;
  }

  fail(rule: UptimeFaultRule): void {
    this.rules.push({ times: 1, ...rule });
  }

  count(method: string, path?: string | RegExp): number {
    return this.requests.filter((r) => r.method === method && matches(path, r.path)).length;
  }

  bodies(method: string, path?: string | RegExp): unknown[] {
    return this.requests.filter((r) => r.method === method && matches(path, r.path)).map((r) => r.body);
  }

  /** A monitor made outside the program (by hand, or by an earlier run). */
  addMonitor(fields: Partial<StoredMonitor> & { friendlyName: string }): StoredMonitor {
    const m: StoredMonitor = {
      id: this.nextId++,
      url: "https://example.com/",
      type: "HTTP",
      interval: 300,
      timeout: 30,
      keywordType: null,
      keywordValue: "",
      status: "UP",
      assignedAlertContacts: [],
      ...fields,
    };
    this.monitors.set(m.id, m);
    return m;
  }

  addContact(fields: Partial<StoredContact> & { value: string }): StoredContact {
    const c: StoredContact = {
      id: this.nextId++,
      friendlyName: "",
      type: "Email",
      status: "Active",
      ...fields,
    };
    this.contacts.set(c.id, c);
    return c;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const raw = await readBody(req);
    const method = req.method ?? "GET";
    const path = url.pathname.startsWith("/v3") ? url.pathname.slice(3) : url.pathname;
    let body: unknown;
    let badJson = false;
    if (raw !== "") {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    this.requests.push({
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      authorization: req.headers.authorization,
      contentType: req.headers["content-type"],
    });

    const rule = this.rules.find(
      (r) => (r.times ?? 1) > 0 && (!r.method || r.method === method) && matches(r.path, path),
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
      return sendJson(
        res,
        fault.status,
        { message: fault.message ?? http.STATUS_CODES[fault.status] },
        fault.headers,
      );
    }

    // [RATE] every request counts, authenticated or not.
    if (this.now >= this.windowStart + 60_000) {
      this.windowStart = this.now;
      this.windowCount = 0;
    }
    this.windowCount++;
    const reset = Math.ceil((this.windowStart + 60_000) / 1000);
    const rateHeaders = {
      "X-RateLimit-Limit": String(this.rateLimit),
      "X-RateLimit-Remaining": String(Math.max(0, this.rateLimit - this.windowCount)),
      "X-RateLimit-Reset": String(reset),
      Date: new Date(this.now).toUTCString(),
    };
    if (this.windowCount > this.rateLimit) {
      return sendJson(
        res,
        429,
        { message: "Too Many Requests" },
        {
          ...rateHeaders,
          "Retry-After": String(Math.max(1, reset - Math.floor(this.now / 1000))),
        },
      );
    }
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return sendJson(res, 401, { message: "Unauthorized" }, rateHeaders);
    }
    if (badJson) return sendJson(res, 400, { message: "Invalid JSON body" }, rateHeaders);

    const [status, answer] = this.route(method, path.split("/").filter(Boolean), url.searchParams, body);
    if (fault?.kind === "lost") {
      req.socket.destroy();
      return;
    }
    if (answer === undefined) {
      res.writeHead(status, rateHeaders);
      res.end();
      return;
    }
    sendJson(res, status, answer, rateHeaders);
  }

  private route(method: string, seg: string[], query: URLSearchParams, body: unknown): [number, unknown] {
    if (seg[0] === "monitors" && seg.length === 1) {
      if (method === "GET") return this.listMonitors(query);
      if (method === "POST") return this.createMonitor(body);
    }
    if (seg[0] === "monitors" && seg.length === 2) return this.monitorById(method, Number(seg[1]), body);
    if (seg[0] === "user" && seg[1] === "alert-contacts" && method === "GET") {
      return [200, [...this.contacts.values()]];
    }
    if (seg[0] === "alert-contacts" && seg.length === 1 && method === "POST") return this.createContact(body);
    if (seg[0] === "alert-contacts" && seg.length === 2)
      return this.contactById(method, Number(seg[1]), body);
    return [404, { message: "Not Found" }];
  }

  private listMonitors(query: URLSearchParams): [number, Json] {
    const name = query.get("name")?.toLowerCase();
    const cursor = Number(query.get("cursor") ?? 0);
    const all = [...this.monitors.values()]
      .filter((m) => !name || m.friendlyName.toLowerCase().includes(name))
      .filter((m) => m.id > cursor)
      .sort((a, b) => a.id - b.id);
    const page = all.slice(0, this.pageSize);
    const more = all.length > page.length;
    const next = new URL(`${this.baseUrl}/monitors`);
    if (query.get("name")) next.searchParams.set("name", query.get("name")!);
    next.searchParams.set("cursor", String(page[page.length - 1]?.id ?? 0));
    return [200, { data: page, nextLink: more ? next.toString() : null }];
  }

  /** [MON] validation; the messages are the fake's own wording (the docs give none). */
  private monitorProblem(b: Json, partial: boolean): string | undefined {
    for (const key of ["friendlyName", "type", "interval"]) {
      if (b[key] === undefined) return `${key} is required`;
    }
    if (!partial && (b.url === undefined || b.url === "")) return "url is required";
    if (typeof b.friendlyName !== "string" || b.friendlyName === "") return "friendlyName must be a string";
    if (!MONITOR_TYPES.includes(String(b.type))) return `type must be one of ${MONITOR_TYPES.join(", ")}`;
    if (!Number.isInteger(b.interval) || (b.interval as number) <= 0)
      return "interval must be a positive integer";
    if (b.type === "KEYWORD") {
      if (!KEYWORD_TYPES.includes(String(b.keywordType)))
        return "keywordType is required for KEYWORD monitors";
      if (typeof b.keywordValue !== "string" || b.keywordValue === "")
        return "keywordValue is required for KEYWORD monitors";
    }
    for (const c of (b.assignedAlertContacts as Array<{ alertContactId?: unknown }> | undefined) ?? []) {
      if (!this.contacts.has(Number(c.alertContactId)))
        return `alert contact ${String(c.alertContactId)} not found`;
    }
    return undefined;
  }

  private applyMonitor(m: StoredMonitor, b: Json): void {
    for (const key of ["friendlyName", "url", "type", "interval", "timeout", "keywordType", "keywordValue"]) {
      if (b[key] !== undefined) (m as Json)[key] = b[key];
    }
    if (m.type !== "KEYWORD") {
      m.keywordType = null;
      m.keywordValue = "";
    }
    if (b.assignedAlertContacts !== undefined) {
      m.assignedAlertContacts = (b.assignedAlertContacts as Array<Json>).map((c) => ({
        alertContactId: Number(c.alertContactId),
        threshold: Number(c.threshold ?? 0),
        recurrence: Number(c.recurrence ?? 0),
      }));
    }
  }

  private createMonitor(body: unknown): [number, unknown] {
    const b = (body ?? {}) as Json;
    const problem = this.monitorProblem(b, false);
    if (problem) return [400, { message: problem }];
    const m = this.addMonitor({ friendlyName: String(b.friendlyName), status: "NOT_CHECKED_YET" });
    this.applyMonitor(m, b);
    return [200, m];
  }

  private monitorById(method: string, id: number, body: unknown): [number, unknown] {
    const m = this.monitors.get(id);
    if (!m) return [404, { message: "Monitor not found" }];
    if (method === "GET") return [200, m];
    if (method === "PATCH") {
      const b = (body ?? {}) as Json;
      const problem = this.monitorProblem({ ...m, ...b }, true);
      if (problem) return [400, { message: problem }];
      this.applyMonitor(m, b);
      return [200, m];
    }
    if (method === "DELETE") {
      this.monitors.delete(id);
      return [204, undefined];
    }
    return [404, { message: "Not Found" }];
  }

  private createContact(body: unknown): [number, unknown] {
    const b = (body ?? {}) as Json;
    if (b.type === undefined) return [400, { message: "type is required" }];
    if (typeof b.value !== "string" || b.value === "") return [400, { message: "value is required" }];
    const c = this.addContact({
      value: b.value,
      friendlyName: typeof b.friendlyName === "string" ? b.friendlyName : "",
      type: String(b.type),
      // [CONTACT] an address must be confirmed before it gets alerts.
      status: b.type === "Email" ? "NotActivated" : "Active",
    });
    return [200, c];
  }

  private contactById(method: string, id: number, body: unknown): [number, unknown] {
    const c = this.contacts.get(id);
    if (!c) return [404, { message: "Alert contact not found" }];
    if (method === "GET") return [200, c];
    if (method === "PATCH") {
      const b = (body ?? {}) as Json;
      if (typeof b.friendlyName === "string") c.friendlyName = b.friendlyName;
      return [200, c];
    }
    if (method === "DELETE") {
      this.contacts.delete(id);
      for (const m of this.monitors.values()) {
        m.assignedAlertContacts = m.assignedAlertContacts.filter((a) => a.alertContactId !== id);
      }
      return [204, undefined];
    }
    return [404, { message: "Not Found" }];
  }
}
