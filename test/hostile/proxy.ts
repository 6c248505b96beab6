/**
 * A hostile proxy on 127.0.0.1 in front of any fake API: requests pass through to the fake unless a rule
 * matches, and then the proxy misbehaves the way real networks and broken or hostile servers do. Every
 * behaviour is bounded (a hang ends when the proxy closes), so no test can loop forever.
 */
import type * as http from "node:http";
import { closeLocal, listenLocal, matches, readBody } from "../fakes/local-server";

export type Hostility =
  /** Accept the request and never answer. */
  | { kind: "hang" }
  /** Send 200 headers, then one byte every `everyMs`, forever. */
  | { kind: "drip"; everyMs?: number }
  /** Redirect to the "elsewhere" server, which records whatever reaches it. */
  | { kind: "redirect-elsewhere"; status?: number }
  /** A fixed answer: a body of the wrong shape, an HTML page, an empty body, a 410... */
  | { kind: "answer"; status: number; body: string; contentType?: string; headers?: Record<string, string> }
  /** Forward to the fake, then rewrite its JSON answer (unwrap, drop fields, wrong types, repeat cursors). */
  | { kind: "rewrite"; rewrite: (body: unknown) => unknown }
  /** Forward to the fake (the change is applied), then cut the connection: a lost answer or a killed run. */
  | { kind: "apply-then-drop" }
  /** A 400 whose message echoes the request body and its Authorization header, as some APIs do. */
  | { kind: "echo" }
  /** A body of `mib` MiB. */
  | { kind: "huge"; mib: number };

export interface Rule {
  method?: string;
  path?: string | RegExp;
  /** How many matching requests it applies to; default every one. */
  times?: number;
  act: Hostility;
}

export interface Seen {
  method: string;
  path: string;
  hostile?: Hostility["kind"];
}

export interface HostileProxy {
  origin: string;
  /** Origin of the server redirects point at; `reachedElsewhere` lists what got there. */
  elsewhere: string;
  reachedElsewhere: string[];
  seen: Seen[];
  rules: Rule[];
  close(): Promise<void>;
}

/** Headers that must not be copied between hops. */
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host"]);

export async function startHostileProxy(target: () => string): Promise<HostileProxy> {
  const timers = new Set<NodeJS.Timeout>();
  const proxy = {
    reachedElsewhere: [] as string[],
    seen: [] as Seen[],
    rules: [] as Rule[],
  } as HostileProxy;

  const other = await listenLocal((req, res) => {
    void readBody(req).then((body) => {
      proxy.reachedElsewhere.push(
        `${req.method} ${req.url} ${req.headers.authorization ?? ""} ${body}`.trim(),
      );
      res.end("{}");
    });
  });

  const forward = async (req: http.IncomingMessage, body: string) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (!HOP.has(k) && typeof v === "string") headers[k] = v;
    }
    const res = await fetch(new URL(req.url ?? "/", target()), {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" || body === "" ? undefined : body,
      redirect: "manual",
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  const main = await listenLocal((req, res) => {
    void readBody(req).then(async (body) => {
      const path = (req.url ?? "/").split("?")[0];
      const rule = proxy.rules.find(
        (r) =>
          (r.times === undefined || r.times > 0) &&
          (r.method === undefined || r.method === req.method) &&
          matches(r.path, path),
      );
      if (rule && rule.times !== undefined) rule.times--;
      proxy.seen.push({ method: req.method ?? "", path, hostile: rule?.act.kind });
      const act = rule?.act;
      try {
        if (!act) {
          const up = await forward(req, body);
          const out: Record<string, string> = {};
          up.headers.forEach((v, k) => {
            if (!HOP.has(k)) out[k] = v;
          });
          res.writeHead(up.status, out).end(up.text);
          return;
        }
        switch (act.kind) {
          case "hang":
            return;
          case "drip": {
            res.writeHead(200, { "Content-Type": "application/json" });
            const t = setInterval(() => res.write(" "), act.everyMs ?? 50);
            timers.add(t);
            res.on("close", () => clearInterval(t));
            return;
          }
          case "redirect-elsewhere":
            res.writeHead(act.status ?? 307, { Location: `${other.origin}${req.url}` }).end();
            return;
          case "answer":
            res
              .writeHead(act.status, {
                "Content-Type": act.contentType ?? "application/json",
                ...act.headers,
              })
              .end(act.body);
            return;
          case "rewrite": {
            const up = await forward(req, body);
            const parsed = up.text === "" ? undefined : (JSON.parse(up.text) as unknown);
            const text = JSON.stringify(act.rewrite(parsed)) ?? "";
            res.writeHead(up.status, { "Content-Type": "application/json" }).end(text);
            return;
          }
          case "apply-then-drop":
            await forward(req, body);
            res.socket?.destroy();
            return;
          case "echo":
            res.writeHead(400, { "Content-Type": "application/json" }).end(
              JSON.stringify({
                message: `invalid request ${body} (auth: ${req.headers.authorization ?? ""})`,
              }),
            );
            return;
          case "huge": {
            res.writeHead(200, { "Content-Type": "application/json" });
            const chunk = Buffer.alloc(1024 * 1024, 32);
            let sent = 0;
            const pump = () => {
              while (sent < act.mib && res.write(chunk)) sent++;
              if (sent < act.mib) res.once("drain", pump);
              else res.end();
            };
            res.on("error", () => undefined);
            pump();
            return;
          }
        }
      } catch (e) {
        res.writeHead(599).end(String(e));
      }
    });
  });

  proxy.origin = main.origin;
  proxy.elsewhere = other.origin;
  proxy.close = async () => {
    for (const t of timers) clearInterval(t);
    await closeLocal(main.server);
    await closeLocal(other.server);
  };
  return proxy;
}
