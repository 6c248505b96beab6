import * as assert from "assert";
import { execFile } from "child_process";
import { readFileSync } from "fs";
import { join } from "path";
import Ajv from "ajv";
import { PACK_NAME, policies } from "../../policies/pack";
import { credentialValuesAreSecrets } from "../../policies/offline/credential-values-are-secrets";
import { PolicyConfigError, evaluatePolicies } from "../../tools/plan/policy";
import { FREE_CONFIG, SECRET_VALUES, freeStack, paidStack, withBackendEnv } from "./fixtures";
import { UNKNOWN, assertNoSecrets, mutate, previewAdvisory, runPolicy, violation } from "./harness";

/**
 * The pack loaded from its own directory under ts-node with type checking, as the CLI's analyzer loads it.
 * Type-checking the pack costs 10-25 s of CPU in a child process, so it starts when mocha loads this file and
 * runs on the other core while the rest of the suite does; the test awaits its result.
 */
let tsNodeLoad: Promise<[number | null, string, string]> | undefined;
function loadUnderTsNode(): Promise<[number | null, string, string]> {
  tsNodeLoad ??= new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        "-e",
        "require('ts-node').register({ project: 'tsconfig.json' });" +
          "process.stdout.write(String(require('./pack').policies.length));",
      ],
      { cwd: join(__dirname, "../../policies"), encoding: "utf8" },
      (err, stdout, stderr) =>
        resolve([err ? ((err.code as number | undefined) ?? null) : 0, stderr, stdout]),
    );
  });
  return tsNodeLoad;
}
void loadUnderTsNode();

describe("policy pack", () => {
  const all = [...policies, credentialValuesAreSecrets];

  it("has unique kebab-case names, none of them 'all'", () => {
    const names = all.map((p) => p.name);
    assert.deepStrictEqual(new Set(names).size, names.length);
    for (const name of names) {
      assert.match(name, /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/);
      assert.notStrictEqual(name, "all");
    }
    assert.match(PACK_NAME, /^[a-zA-Z0-9-_.]{1,100}$/);
  });

  it("describes every policy in full sentences, with remediation steps", () => {
    for (const p of all) {
      assert.match(p.description, /^[A-Z].*[.!?]$/, p.name);
      assert.match(p.remediationSteps ?? "", /^[A-Z].*[.!?)]$/, p.name);
    }
  });

  it("gives every policy a config schema whose defaults are valid against it", () => {
    const ajv = new Ajv({ strict: false });
    for (const p of all) {
      assert.ok(p.configSchema, `${p.name} has no configSchema`);
      assert.ok(!("enforcementLevel" in p.configSchema.properties), p.name);
      const defaults: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(p.configSchema.properties)) {
        assert.notStrictEqual(prop.default, undefined, `${p.name}.${key} has no default`);
        assert.ok(ajv.validate(prop, prop.default), `${p.name}.${key}: ${ajv.errorsText()}`);
        defaults[key] = prop.default;
      }
      const schema = {
        type: "object",
        properties: p.configSchema.properties,
        required: p.configSchema.required ?? [],
      };
      assert.ok(ajv.validate(schema, defaults), `${p.name}: ${ajv.errorsText()}`);
    }
  });

  it("sets the default levels: mandatory everywhere but co-location, Vercel Hobby terms, unsigned presets and Render's free database", () => {
    const levels = Object.fromEntries(all.map((p) => [p.name, p.enforcementLevel]));
    assert.deepStrictEqual(levels, {
      "postgres-urls-require-ssl": "mandatory",
      "redis-urls-use-tls": "mandatory",
      "service-urls-use-https": "mandatory",
      "render-free-tier": "mandatory",
      "render-free-tier-smtp": "mandatory",
      "render-free-database": "advisory",
      "neon-free-tier": "mandatory",
      "neon-free-tier-branches": "mandatory",
      "upstash-free-tier": "mandatory",
      "upstash-free-tier-databases": "mandatory",
      "vercel-free-tier": "mandatory",
      "vercel-hobby-terms": "advisory",
      "cloudinary-free-tier": "mandatory",
      "monthly-budget": "mandatory",
      "debug-disabled": "mandatory",
      "docker-host-exposure": "mandatory",
      "credential-env-vars-sensitive": "mandatory",
      "images-pinned-by-digest": "mandatory",
      "stateful-resources-protected": "mandatory",
      "data-layer-protected": "mandatory",
      "web-services-health-check": "mandatory",
      "services-co-located": "advisory",
      "cloudinary-unsigned-presets": "advisory",
      "keep-warm-within-free-quotas": "mandatory",
      "recovery-window-minimum": "mandatory",
      "credential-values-are-secrets": "mandatory",
    });
  });

  it("loads from its own directory under ts-node with type checking, as the CLI's analyzer does", async function () {
    // Under a loaded machine the type check alone has taken 25-50 s; it started when this file was loaded.
    this.timeout(180_000);
    // Only ./pack: requiring ./index would start the analyzer's gRPC server (see policies/index.ts).
    assert.deepStrictEqual(await loadUnderTsNode(), [0, "", String(policies.length)]);
  });

  it("lists every policy, in pack order, in the README's policy table", () => {
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
    const section = readme.slice(readme.indexOf("\n## Policies\n"), readme.indexOf("\n### Cost estimate\n"));
    const rows = [...section.matchAll(/^\| `([a-z0-9-]+)` +\|/gm)].map((m) => m[1]);
    assert.deepStrictEqual(
      rows,
      all.map((p) => p.name),
    );
  });

  it("passes a compliant free stack and a compliant paid stack with every policy on", async () => {
    assert.deepStrictEqual(await evaluatePolicies(freeStack()), []);
    assert.deepStrictEqual(await evaluatePolicies(paidStack()), []);
  });
});

describe("evaluatePolicies (the analyzer's own code path)", () => {
  it("prefixes messages with the description and reports the resource URN", async () => {
    const stack = withBackendEnv("DEBUG", "True");
    assert.deepStrictEqual(await evaluatePolicies(stack), [
      violation(
        "debug-disabled",
        "DEBUG is set to a value that turns debug mode on; turn it off with `pulumi config set --path webapp:backend.debug false`.",
        stack.resources[1].urn,
      ),
    ]);
  });

  it("applies 'all' and per-policy levels from the pack config", async () => {
    const stack = withBackendEnv("DEBUG", "1");
    const vs = await evaluatePolicies(stack, { all: "advisory" });
    assert.deepStrictEqual(
      vs.map((v) => [v.policyName, v.enforcementLevel]),
      [["debug-disabled", "advisory"]],
    );
    assert.deepStrictEqual(await evaluatePolicies(stack, { "debug-disabled": "disabled" }), []);
    const remediate = await evaluatePolicies(stack, { "debug-disabled": { enforcementLevel: "remediate" } });
    assert.deepStrictEqual(
      remediate.map((v) => [v.policyName, v.enforcementLevel]),
      [["debug-disabled", "mandatory"]],
    );
  });

  it("passes config properties to the policy, over the schema defaults", async () => {
    const stack = withBackendEnv("DEBUG", "yes");
    assert.deepStrictEqual(
      await evaluatePolicies(stack, { "debug-disabled": { falseValues: ["false", "yes"] } }),
      [],
    );
  });

  it("accepts the example config file", async () => {
    const example = JSON.parse(readFileSync(join(__dirname, "../../policies/config.example.json"), "utf8"));
    assert.deepStrictEqual(await evaluatePolicies(paidStack(), example), []);
  });

  it("refuses a config the engine would refuse", async () => {
    await assert.rejects(
      evaluatePolicies(freeStack(), { "debug-disabled": { keys: "DEBUG" } }),
      (e: Error) =>
        e instanceof PolicyConfigError &&
        e.message === "validating policy config: webapp-policies 0.1.0  debug-disabled: keys: must be array",
    );
    await assert.rejects(
      evaluatePolicies(freeStack(), { all: "strict" }),
      (e: Error) =>
        e.message ===
        "validating policy config: webapp-policies 0.1.0  all: enforcement level 'strict' is not one of advisory, mandatory, remediate, disabled",
    );
  });

  it("turns an unknown value into the analyzer's advisory note, still reporting known violations", async () => {
    const stack = mutate(freeStack(), "api", (i) => {
      const env = i.envVars as Record<string, string>;
      env.DATABASE_URL = UNKNOWN;
      env.REDIS_URL = "redis://default:x@calm-1.upstash.io:6379";
    });
    const urn = stack.resources[1].urn;
    assert.deepStrictEqual(await runPolicy("redis-urls-use-tls", stack), [
      violation(
        "redis-urls-use-tls",
        "REDIS_URL is a plaintext redis:// URL; use rediss:// and set it with `pulumi config set --secret --path webapp:backend.secretEnv.REDIS_URL rediss://...`.",
        urn,
      ),
      previewAdvisory("redis-urls-use-tls", "envVars.DATABASE_URL", urn),
    ]);
    assert.deepStrictEqual(await runPolicy("postgres-urls-require-ssl", stack), [
      previewAdvisory("postgres-urls-require-ssl", "envVars.DATABASE_URL", urn),
    ]);
  });

  it("sees secrets as plaintext, as policies do, and never echoes them", async () => {
    const stack = mutate(freeStack(), "api", (i) => {
      const env = i.envVars as Record<string, string>;
      env.DATABASE_URL = env.DATABASE_URL.replace("sslmode=require", "sslmode=disable");
    });
    const vs = await runPolicy("postgres-urls-require-ssl", stack);
    assert.deepStrictEqual(vs, [
      violation(
        "postgres-urls-require-ssl",
        "DATABASE_URL holds a Postgres URL with sslmode=disable; use sslmode=require and set it with `pulumi config set --secret --path webapp:backend.secretEnv.DATABASE_URL <url>?sslmode=require`.",
        stack.resources[1].urn,
      ),
    ]);
    assertNoSecrets(vs, SECRET_VALUES);
  });

  it("hands the stack config to the policies", async () => {
    const paidApi = mutate(freeStack(), "api", (i) => {
      i.plan = "starter";
    });
    assert.deepStrictEqual(await runPolicy("render-free-tier", paidApi), [
      violation(
        "render-free-tier",
        "The web service plan is 'starter'; free stacks use 'free': `pulumi config set --path webapp:backend.plan free`.",
        paidApi.resources[1].urn,
      ),
    ]);
    paidApi.config = { ...FREE_CONFIG, "webapp:tier": "paid" };
    assert.deepStrictEqual(await runPolicy("render-free-tier", paidApi), []);
  });
});
