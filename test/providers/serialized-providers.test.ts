/**
 * The offline plan does not serialize dynamic providers (tools/plan/provider-code.ts). This suite does it
 * for every dynamic resource type the program creates, with the provider object the program really
 * passed, the way `pulumi.dynamic.Resource` does, and loads the text in a fresh Node process the way
 * Pulumi's dynamic-provider host does (`require-from-string`, then `handler()`).
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { isBuiltin } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { collectPlan } from "../../tools/plan/collect";
import { UNSERIALIZED_PROVIDER } from "../../tools/plan/provider-code";
import { readStackFile } from "../../tools/plan/stack-file";
import type { PlannedResource, PlannedStack } from "../../tools/plan/types";
import { saveEnv } from "./shared";

const ROOT = path.resolve(__dirname, "..", "..");
const MARK = "SERIALIZE_CANARY";

/** Credentials planted wherever a provider could pick them up while the program runs. */
const ENV = {
  RENDER_API_KEY: `rnd_${MARK}_env`,
  RENDER_OWNER_ID: `tea-${MARK}-env`,
  NEON_API_KEY: `napi_${MARK}_env`,
  CLOUDINARY_URL: `cloudinary://111:${MARK}_env@cloud`,
};
const CONFIG_SECRETS = {
  "render:apiKey": `rnd_${MARK}_config`,
  "neon:apiKey": `napi_${MARK}_config`,
  "cloudinary:url": `cloudinary://222:${MARK}_config@cloud`,
};
/** A private image registry: the only way the program creates a RegistryCredential. */
const GHCR = {
  plain: { "webapp:ghcrUsername": "acme-bot" },
  secret: { "webapp:ghcrToken": `ghp_${MARK}_config` },
};

type Provider = pulumi.dynamic.ResourceProvider;
type DynamicArgs = [Provider, string, pulumi.Inputs, pulumi.CustomResourceOptions?, string?, string?];

/**
 * Plans `stack` with extra config (`secret` marked as Pulumi secrets), recording the provider of every
 * dynamic resource by type (the latest plan's wins). The plan loads the program's modules afresh, so its
 * resource classes extend the recording class set here.
 */
async function planRecording(
  stack: string,
  extra: { plain: Record<string, string>; secret: Record<string, string> },
  providers: Map<string, Provider>,
): Promise<PlannedStack> {
  const secret = { ...CONFIG_SECRETS, ...extra.secret };
  const file = readStackFile(ROOT, stack);
  const dynamic = pulumi.dynamic as { Resource: typeof pulumi.dynamic.Resource };
  const Real = dynamic.Resource;
  dynamic.Resource = class Recording extends Real {
    constructor(...[provider, name, props, opts, module, type = "Resource"]: DynamicArgs) {
      const token = `pulumi-nodejs:dynamic${module ? `/${module}` : ""}:${type}`;
      providers.set(token, provider);
      super(provider, name, props, opts, module, type);
    }
  };
  try {
    return await collectPlan({
      root: ROOT,
      ...file,
      stack,
      config: { ...file.config, ...extra.plain, ...secret },
      secretKeys: [...file.secretKeys, ...Object.keys(secret)],
    });
  } finally {
    dynamic.Resource = Real;
  }
}

/**
 * Every string at or under a secret input path of any resource, as the plan resolved it, less what is public
 * by design, which a provider's error text may name as an example (the UptimeRobot Monitor's
 * `https://api.example.com/healthz`, prod's API domain): a map the program built from separate values counts by
 * its secret members only (the engine sees it as one secret, but prod's `ALLOWED_HOSTS` is plain), and a
 * frontend `NEXT_PUBLIC_*` variable, which the site's build inlines into the browser bundle, is no secret.
 */
function planSecrets(plan: PlannedStack): string[] {
  const strings = (v: unknown): string[] =>
    typeof v === "string" ? [v] : v && typeof v === "object" ? Object.values(v).flatMap(strings) : [];
  const published = (r: PlannedResource) =>
    r.inputs.sensitive === false && String(r.inputs.key).startsWith("NEXT_PUBLIC_");
  return plan.resources.flatMap((r) =>
    (published(r) ? [] : (r.secretMembers ?? r.secretPaths)).flatMap((p) =>
      strings(p.split(".").reduce<unknown>((v, k) => (v as never)?.[k], r.inputs)),
    ),
  );
}

/**
 * Loads each serialized text in one new Node process as the dynamic-provider host does; returns each
 * provider's method names and the project files (outside node_modules) that loading pulled in.
 */
function loadInFreshProcess(texts: string[]): { methods: string[][]; projectModules: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-providers-"));
  const files = texts.map((text, i) => {
    const file = path.join(dir, `${i}.js`);
    fs.writeFileSync(file, text);
    return file;
  });
  const script = `
    const fs = require("node:fs");
    const requireFromString = require("require-from-string");
    const methods = JSON.parse(process.argv[1]).map((file) => {
      const p = requireFromString(fs.readFileSync(file, "utf8")).handler();
      return Object.keys(p).filter((k) => typeof p[k] === "function").sort();
    });
    const projectModules = Object.keys(require.cache).filter((f) => !f.includes("/node_modules/"));
    process.stdout.write(JSON.stringify({ methods, projectModules }));`;
  try {
    const out = execFileSync(process.execPath, ["-e", script, JSON.stringify(files)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
    });
    return JSON.parse(out) as { methods: string[][]; projectModules: string[] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("dynamic providers, serialized as a deployment would", function () {
  this.timeout(60_000);
  const providers = new Map<string, Provider>();
  const serialized = new Map<string, { provider: Provider; text: string; containsSecrets: boolean }>();
  const plans: PlannedStack[] = [];
  let restoreEnv: () => void;

  before(async () => {
    restoreEnv = saveEnv(Object.keys(ENV));
    Object.assign(process.env, ENV);
    const none = { plain: {}, secret: {} };
    plans.push(await planRecording("dev", none, providers));
    plans.push(await planRecording("prod", none, providers));
    plans.push(await planRecording("prod", GHCR, providers));
    for (const [type, provider] of providers) {
      serialized.set(type, {
        provider,
        ...(await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })),
      });
    }
  });
  after(() => restoreEnv());

  it("covers every dynamic resource type the plans register", () => {
    const planned = new Set(
      plans.flatMap((p) =>
        p.resources.map((r) => r.type).filter((t) => t.startsWith("pulumi-nodejs:dynamic/")),
      ),
    );
    assert.deepEqual([...serialized.keys()].sort(), [...planned].sort());
    assert.deepEqual([...planned].sort(), [
      "pulumi-nodejs:dynamic/cloudinary:Folder",
      "pulumi-nodejs:dynamic/cloudinary:UploadPreset",
      "pulumi-nodejs:dynamic/neon:Database",
      "pulumi-nodejs:dynamic/neon:Project",
      "pulumi-nodejs:dynamic/neon:Role",
      "pulumi-nodejs:dynamic/render:BackgroundWorker",
      "pulumi-nodejs:dynamic/render:RegistryCredential",
      "pulumi-nodejs:dynamic/render:WebService",
      "pulumi-nodejs:dynamic/uptimerobot:AlertContact",
      "pulumi-nodejs:dynamic/uptimerobot:Monitor",
    ]);
  });

  it("the plan itself skipped serialization and stored a placeholder", () => {
    for (const r of plans
      .flatMap((p) => p.resources)
      .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))) {
      assert.equal(r.inputs.__provider, UNSERIALIZED_PROVIDER, r.urn);
      assert.ok(!r.secretPaths.includes("__provider"), r.urn);
    }
  });

  it("no provider captures a secret: planted credentials, secret config or generated values", () => {
    const secrets = [...new Set(plans.flatMap(planSecrets))].filter((s) => s.length >= 8);
    assert.ok(
      secrets.some((s) => s.includes(MARK)),
      "the planted secrets reached the resources",
    );
    assert.ok(secrets.length >= 10, "the plan generated secrets to look for");
    for (const [type, { text, containsSecrets }] of [...serialized]) {
      assert.equal(containsSecrets, false, `${type}: the serializer captured a secret Output`);
      assert.ok(!text.includes(MARK), `${type}: a planted credential is in the code`);
      for (const secret of secrets)
        assert.ok(!text.includes(secret), `${type}: a plan secret is in the code`);
    }
  });

  it("each provider's code requires only Node built-ins and the project's runtime dependencies", () => {
    const { dependencies } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const packageOf = (id: string) =>
      id
        .split("/")
        .slice(0, id.startsWith("@") ? 2 : 1)
        .join("/");
    for (const [type, { text }] of [...serialized]) {
      const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
      const stray = required.filter((id) => !isBuiltin(id) && !(packageOf(id) in dependencies));
      assert.deepEqual(stray, [], `${type} requires a file or package a deployment does not have`);
    }
  });

  it("each provider's code loads on its own in a fresh process, with every method of the original", () => {
    const { methods, projectModules } = loadInFreshProcess([...serialized.values()].map((s) => s.text));
    assert.deepEqual(projectModules, []);
    [...serialized].forEach(([type, { provider }], i) => {
      const expected = Object.keys(provider)
        .filter((k) => typeof provider[k as keyof Provider] === "function")
        .sort();
      assert.ok(expected.includes("create"), `${type} has a create`);
      assert.deepEqual(methods[i], expected, type);
    });
  });
});
