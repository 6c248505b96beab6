/**
 * Shared set-up for the Render provider tests: a fake API per test, env pointing at it, a virtual clock
 * so retries and rate-limit waits take no real time, and request validation against Render's OpenAPI spec.
 */

import Ajv, { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { resetRender, tuneRender } from "../../../providers/render/client";
import { FakeRenderApi, FakeRenderOptions, LoggedRequest } from "../../fakes/render-api";
import { ANSWERED_TIMEOUT_MS, saveEnv, shortenTimeoutOnHang } from "../shared";

export const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "render");

export interface Harness {
  api: FakeRenderApi;
  /** Every delay the provider asked for (retry backoff, limiter, polling), in order. */
  sleeps: number[];
  /** Virtual time in ms, advanced only by the provider's sleeps. */
  clock: { now: number };
}

const ENV_KEYS = ["RENDER_API_KEY", "RENDER_OWNER_ID", "RENDER_API_URL"] as const;

/**
 * Registers mocha hooks: a fresh fake API and provider state for each test. `tuning.timeoutMs` (default
 * 2 000) is the per-attempt timeout once the test injects a hang: the wait a timeout test really spends; until
 * then it is {@link ANSWERED_TIMEOUT_MS}.
 */
export function useFakeRender(opts: FakeRenderOptions = {}, tuning: { timeoutMs?: number } = {}): Harness {
  const h = { sleeps: [] as number[], clock: { now: 1_700_000_000_000 } } as Harness;
  let restoreEnv: () => void;
  beforeEach(async () => {
    h.api = new FakeRenderApi(opts);
    h.api.now = () => h.clock.now;
    await h.api.start();
    h.sleeps.length = 0;
    restoreEnv = saveEnv(ENV_KEYS);
    process.env.RENDER_API_KEY = h.api.apiKey;
    process.env.RENDER_OWNER_ID = h.api.ownerId;
    process.env.RENDER_API_URL = h.api.url;
    resetRender();
    const tuned = {
      now: () => h.clock.now,
      sleep: async (ms: number) => {
        h.sleeps.push(ms);
        h.clock.now += ms;
      },
      random: () => 0.5,
      timeoutMs: ANSWERED_TIMEOUT_MS,
      pollIntervalMs: 3_000,
    };
    tuneRender(tuned);
    // The fake's own fault call is `inject`; the shared helper wants `fail`.
    const api = { fail: h.api.inject.bind(h.api) };
    shortenTimeoutOnHang(
      api,
      (fault) => fault.kind,
      () => tuneRender({ ...tuned, timeoutMs: tuning.timeoutMs ?? 2_000 }),
      "hang",
    );
    h.api.inject = api.fail;
  });
  afterEach(async () => {
    await h.api.stop();
    resetRender();
    restoreEnv();
  });
  return h;
}

const spec = JSON.parse(fs.readFileSync(path.join(FIXTURES, "openapi.json"), "utf8"));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec, "render");

function pointer(...parts: string[]): string {
  return (
    "render#/" + parts.map((p) => encodeURIComponent(p.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/")
  );
}

const compiled = new Map<string, ValidateFunction>();
function validator(ref: string): ValidateFunction {
  let v = compiled.get(ref);
  if (!v) {
    v = ajv.compile({ $ref: ref });
    compiled.set(ref, v);
  }
  return v;
}

function resolve(ref: string): { properties?: Record<string, unknown> } {
  let node: unknown = spec;
  for (const part of ref.replace(/^#\//, "").split("/")) {
    node = (node as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node as { properties?: Record<string, unknown> };
}

/** The real API treats null as absent (recorded requests send `"envVars": null`). */
export function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== null)
        .map(([k, x]) => [k, dropNulls(x)]),
    );
  }
  return v;
}

function check(name: string, ref: string, value: unknown, what: string): void {
  const v = validator(ref);
  assert.ok(
    v(value),
    `${what} does not match ${name}: ${JSON.stringify(v.errors)}\n${JSON.stringify(value)}`,
  );
}

/** Also reject keys the schema does not declare: the spec allows extra keys, Render ignores them silently. */
function onlyDeclared(schemaName: string, value: unknown, what: string): void {
  const props = Object.keys(resolve(`#/components/schemas/${schemaName}`).properties ?? {});
  for (const key of Object.keys(value as object)) {
    assert.ok(props.includes(key), `${what}: ${key} is not a field of ${schemaName}`);
  }
}

function schemaOf(name: string, value: unknown, what: string): void {
  check(name, pointer("components", "schemas", name), value, what);
  onlyDeclared(name, value, what);
}

const DETAILS: Record<string, string> = { web_service: "webService", background_worker: "backgroundWorker" };

/** serviceDetails checked against the variant of the service's type, envSpecificDetails against Docker's. */
function serviceDetails(
  type: string,
  verb: "POST" | "PATCH",
  details: Record<string, unknown>,
  what: string,
): void {
  const { envSpecificDetails, ...rest } = details;
  schemaOf(`${DETAILS[type]}Details${verb}`, rest, `${what}.serviceDetails`);
  if (envSpecificDetails !== undefined) {
    schemaOf(`dockerDetails${verb}`, envSpecificDetails, `${what}.serviceDetails.envSpecificDetails`);
  }
}

/**
 * Validates one logged request body against the spec: the whole-body schema for the endpoint, with
 * `serviceDetails` checked against the variant for `serviceType` (needed for PATCH, whose body has no type).
 */
export function validateRequest(req: LoggedRequest, serviceType?: string): void {
  const what = `${req.method} ${req.path}`;
  const body = dropNulls(req.body);
  if (req.method === "GET" || req.method === "DELETE") {
    assert.equal(req.body, undefined, `${what} must not send a body`);
    return;
  }
  if (req.method === "POST" && req.path === "/services") {
    const { serviceDetails: details, ...rest } = body as Record<string, unknown>;
    schemaOf("servicePOST", rest, what);
    schemaOf("image", rest.image, `${what}.image`);
    serviceDetails(String(rest.type), "POST", details as Record<string, unknown>, what);
    return;
  }
  if (req.method === "PATCH" && /^\/services\/srv-[a-z0-9]+$/.test(req.path)) {
    const { serviceDetails: details, ...rest } = body as Record<string, unknown>;
    schemaOf("servicePATCH", rest, what);
    if (rest.image !== undefined) schemaOf("image", rest.image, `${what}.image`);
    if (details !== undefined) {
      assert.ok(serviceType, `${what}: pass the service type to validate serviceDetails`);
      serviceDetails(serviceType, "PATCH", details as Record<string, unknown>, what);
    }
    return;
  }
  const template = req.path
    .replace(/^\/services\/srv-[a-z0-9]+/, "/services/{serviceId}")
    .replace(/^\/services\/\{serviceId\}\/env-vars\/[^/]+$/, "/services/{serviceId}/env-vars/{envVarKey}")
    .replace(/^\/registrycredentials\/rgc-[a-z0-9]+$/, "/registrycredentials/{registryCredentialId}");
  const op = (spec.paths[template] ?? {})[req.method.toLowerCase()];
  assert.ok(op, `${what}: no such operation in Render's spec (${template})`);
  check(
    `${req.method} ${template}`,
    pointer(
      "paths",
      template,
      req.method.toLowerCase(),
      "requestBody",
      "content",
      "application/json",
      "schema",
    ),
    body,
    what,
  );
}

/** Validates every request the fake logged. */
export function validateAll(api: FakeRenderApi, serviceType?: string): void {
  for (const req of api.requests) validateRequest(req, serviceType);
}

/** The body of the one `POST /services` the fake received (create first looks the name up). */
export function createBody(api: FakeRenderApi): Record<string, unknown> {
  const posts = api.requests.filter((r) => r.method === "POST" && r.path === "/services");
  assert.equal(posts.length, 1, "exactly one POST /services");
  return posts[0].body as Record<string, unknown>;
}
