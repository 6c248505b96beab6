/**
 * The one HTTP transport under every provider's API calls (`requestJson` for Render, the Neon client's
 * axios `fetch` adapter): what a hostile or broken server cannot make it do.
 *
 * - Redirects are followed only to the same origin and only for GET/HEAD; a redirect elsewhere, or of a
 *   request with a body, fails naming where it pointed (the body and the bearer token would go with it).
 * - A body over `maxBytes` is refused while it streams, so memory stays bounded.
 * - `signal` aborts the connect, the headers and every chunk of the body: a server that answers a byte at
 *   a time cannot outlast the caller's deadline.
 *
 * Stable API:
 *   guardedFetch(url, init?, limits?) -> Promise<Response>   same contract as fetch; the body is buffered
 *   class TransportError extends Error { reason: "redirect" | "too-large" }
 *   DEFAULT_MAX_BYTES
 *
 * Imports nothing from npm (closure serializer).
 */

/** 8 MiB: the largest answer any provider reads (a page of 100 services) is well under 1 MiB. */
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export interface TransportLimits {
  maxBytes?: number;
}

/** A refusal by the transport itself; `message` says what happened and never includes request data. */
export class TransportError extends Error {
  readonly reason: "redirect" | "too-large";
  constructor(message: string, reason: "redirect" | "too-large") {
    super(message);
    this.message = message;
    this.name = "TransportError";
    this.reason = reason;
  }
  toString(): string {
    return `${this.name}: ${this.message}`;
  }
}

function urlOf(input: string | URL | Request): URL {
  return new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
}

/** Where a redirect points, without its query (which may carry tokens). */
function describeTarget(location: URL): string {
  return `${location.origin}${location.pathname}`;
}

async function readCapped(res: Response, maxBytes: number, signal?: AbortSignal | null): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    if (signal?.aborted) {
      await reader.cancel().catch(() => undefined);
      throw signal.reason;
    }
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function tooLarge(maxBytes: number): TransportError {
  return new TransportError(
    `the response is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB and was refused`,
    "too-large",
  );
}

/**
 * `fetch` with the guards in the header. The returned Response has its body already read (capped), so
 * `text()`/`json()` never wait on the network again.
 */
export async function guardedFetch(
  input: string | URL | Request,
  init: RequestInit = {},
  limits: TransportLimits = {},
): Promise<Response> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  let url = urlOf(input);
  const method = (init.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  const request = input instanceof Request ? input : undefined;
  for (let hops = 0; ; hops++) {
    const res = await fetch(request && hops === 0 ? request : url, { ...init, redirect: "manual" });
    if (res.status >= 300 && res.status < 400 && res.headers.has("location")) {
      await res.body?.cancel().catch(() => undefined);
      const next = new URL(res.headers.get("location")!, url);
      if (next.origin !== url.origin) {
        throw new TransportError(
          `the API redirected (${res.status}) to another origin, ${describeTarget(next)}; not followed, so no credential or body went there`,
          "redirect",
        );
      }
      if (method !== "GET" && method !== "HEAD") {
        throw new TransportError(
          `the API redirected (${res.status}) a ${method} to ${describeTarget(next)}; a ${method} is never re-sent after a redirect`,
          "redirect",
        );
      }
      if (hops >= MAX_REDIRECTS) {
        throw new TransportError(`the API redirected more than ${MAX_REDIRECTS} times`, "redirect");
      }
      url = next;
      continue;
    }
    const body = await readCapped(res, maxBytes, init.signal);
    const empty = res.status === 204 || res.status === 205 || res.status === 304;
    return new Response(empty ? null : body, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  }
}
