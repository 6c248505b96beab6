/**
 * Shared set-up for the Neon provider suites: a fake API per suite, env pointing at it, no real waiting,
 * and the Neon OpenAPI request schemas (copied into test/fixtures/neon) for checking what was sent.
 */
import * as assert from "node:assert/strict";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { FakeNeonApi, type FakeNeonOptions } from "../../fakes/neon-api";
import type { ProjectInputs } from "../../../providers/neon";
import { neonRuntime } from "../../../providers/neon/client";
import schemaDoc from "../../fixtures/neon/schemas.json";
import { ANSWERED_TIMEOUT_MS, saveEnv, shortenTimeoutOnHang } from "../shared";

/** The dev stack's project, the parent most suites start from. */
export const PROJECT: Readonly<ProjectInputs> = {
  name: "webapp-dev",
  regionId: "aws-us-east-1",
  pgVersion: 17,
  historyRetentionSeconds: 21600,
  autoscalingMinCu: 0.25,
  autoscalingMaxCu: 2,
  suspendTimeoutSeconds: 300,
};

export interface NeonHarness {
  fake: FakeNeonApi;
  /** Every wait the providers asked for (retry backoff and operation polls), in ms. */
  sleeps: number[];
}

/** Registers mocha hooks: a fresh fake and runtime per test, env restored afterwards. */
export function useFakeNeon(opts: FakeNeonOptions = {}): NeonHarness {
  const h = { sleeps: [] as number[] } as NeonHarness;
  let restoreEnv: () => void;
  beforeEach(async () => {
    restoreEnv = saveEnv(["NEON_API_KEY", "NEON_API_URL", "NEON_ORG_ID"]);
    delete process.env.NEON_ORG_ID;
    h.fake = new FakeNeonApi(opts);
    process.env.NEON_API_URL = await h.fake.start();
    process.env.NEON_API_KEY = h.fake.apiKey;
    h.sleeps = [];
    const rt = neonRuntime();
    rt.apiKey = undefined;
    rt.orgId = undefined;
    rt.pollIntervalMs = 1000;
    rt.maxPolls = 50;
    rt.retry = {
      attempts: 6,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      timeoutMs: ANSWERED_TIMEOUT_MS,
      // No jitter: the delays a test sees are exactly the server's Retry-After or zero.
      random: () => 0,
      sleep: async (ms) => {
        h.sleeps.push(ms);
      },
    };
    shortenTimeoutOnHang(
      h.fake,
      (rule) => rule.fault.kind,
      () => (rt.retry.timeoutMs = 300),
    );
  });
  afterEach(async () => {
    await h.fake.stop();
    restoreEnv();
  });
  return h;
}

/** Which request schema of Neon's spec each mutating call must satisfy. */
const REQUEST_SCHEMAS: [string, RegExp, string][] = [
  ["POST", /^\/projects$/, "ProjectCreateRequest"],
  ["PATCH", /^\/projects\/[^/]+$/, "ProjectUpdateRequest"],
  ["POST", /^\/projects\/[^/]+\/branches$/, "BranchCreateRequest"],
  ["PATCH", /^\/projects\/[^/]+\/branches\/[^/]+$/, "BranchUpdateRequest"],
  ["POST", /^\/projects\/[^/]+\/branches\/[^/]+\/roles$/, "RoleCreateRequest"],
  ["POST", /^\/projects\/[^/]+\/branches\/[^/]+\/databases$/, "DatabaseCreateRequest"],
  ["PATCH", /^\/projects\/[^/]+\/branches\/[^/]+\/databases\/[^/]+$/, "DatabaseUpdateRequest"],
  ["POST", /^\/projects\/[^/]+\/endpoints$/, "EndpointCreateRequest"],
  ["PATCH", /^\/projects\/[^/]+\/endpoints\/[^/]+$/, "EndpointUpdateRequest"],
];

/**
 * The spec leaves objects open, so a misspelt field would pass; request schemas are closed here
 * (additionalProperties: false) to catch exactly that.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== "object" || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = closed(v);
  if (out.type === "object" && out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

const compilers = new Map<boolean, Ajv>();
function compiler(strict: boolean): Ajv {
  let ajv = compilers.get(strict);
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addFormat("int32", {
      type: "number",
      validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
    });
    ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    ajv.addSchema({ $id: "neon", components: strict ? closed(schemaDoc.components) : schemaDoc.components });
    compilers.set(strict, ajv);
  }
  return ajv;
}

/**
 * A validator for one `components.schemas` entry of Neon's spec. Response parts are checked open (a create
 * answer is the union of several), request bodies closed.
 */
export function schema(name: string, closedObjects = false): ValidateFunction {
  const validate = compiler(closedObjects).getSchema(`neon#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  return validate;
}

/** Asserts every POST/PATCH body the fake received matches Neon's spec; returns how many were checked. */
export function assertRequestsMatchSpec(fake: FakeNeonApi): number {
  let checked = 0;
  for (const r of fake.requests) {
    const entry = REQUEST_SCHEMAS.find(([m, p]) => m === r.method && p.test(r.path));
    if (!entry) continue;
    const validate = schema(entry[2], true);
    assert.ok(validate(r.body), `${r.method} ${r.path} ${JSON.stringify(validate.errors)}`);
    checked++;
  }
  return checked;
}
