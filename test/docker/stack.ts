/**
 * The self-hosted stack the proof applies: the program itself (index.ts: stacks/ -> compose/ -> the docker,
 * nginx and volume targets) under the offline plan's mocks, with examples/self-hosted/Pulumi.local.yaml as
 * its config, read the way `npm run plan -- --stack local --config-dir examples/self-hosted` reads it. The
 * proof changes only what this machine must supply: the images test/docker/build.sh built (local image ids
 * standing in for the registry digests), the TLS certificate it made, and host ports when 80/443 are taken.
 */
import * as path from "node:path";
import { runUnderMocks } from "../../tools/plan/collect";
import { forgetProgramModules } from "../../tools/plan/reload";
import { readStackFile } from "../../tools/plan/stack-file";
import type { PlannedStack } from "../../tools/plan/types";

const ROOT = path.resolve(__dirname, "..", "..");
export const PROOF_STACK = "local";
export const PROOF_CONFIG_DIR = path.join(ROOT, "examples", "self-hosted");

export interface ProofImages {
  backend: string;
  postgres: string;
  redis: string;
  nginx: string;
}

export interface ProofStackOptions {
  images: ProofImages;
  /** The frontend's image (the proof's second release changes it). */
  frontendImage: string;
  certificatePem: string;
  privateKeyPem: string;
  httpPort: number;
  httpsPort: number;
}

/** The example stack's config with the proof's images, certificate and ports in place of the example's. */
export function proofConfig(o: ProofStackOptions): { config: Record<string, string>; secretKeys: string[] } {
  const file = readStackFile(ROOT, PROOF_STACK, PROOF_CONFIG_DIR);
  const config = { ...file.config };
  const edit = (key: string, change: (v: Record<string, unknown>) => void) => {
    const value = JSON.parse(config[key]) as Record<string, unknown>;
    change(value);
    config[key] = JSON.stringify(value);
  };
  edit("webapp:docker", (d) => {
    d.images = { postgres: o.images.postgres, redis: o.images.redis, nginx: o.images.nginx };
  });
  edit("webapp:backend", (b) => (b.image = o.images.backend));
  edit("webapp:frontend", (f) => {
    f.image = o.frontendImage;
    f.httpPort = o.httpPort;
    f.httpsPort = o.httpsPort;
  });
  config["nginx:certificatePem"] = o.certificatePem;
  config["nginx:privateKeyPem"] = o.privateKeyPem;
  return { config, secretKeys: file.secretKeys };
}

/** Runs the program for the proof's config under the plan's mocks: what `pulumi up` would register. */
export function planSelfHosted(o: ProofStackOptions): Promise<PlannedStack> {
  const entry = path.join(ROOT, "index.ts");
  return runUnderMocks({ project: "webapp", stack: PROOF_STACK, ...proofConfig(o) }, () => {
    forgetProgramModules(ROOT);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { ...(require(entry) as Record<string, unknown>) };
  });
}

const RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword";

/**
 * `next` as the engine would see it after `previous` was deployed: a generated password whose inputs did not
 * change keeps the value in the state (Pulumi never re-creates an unchanged resource), so every input built
 * from it carries the deployed value, not the one the mocks invented this run.
 */
export function keepGenerated(previous: PlannedStack, next: PlannedStack): PlannedStack {
  const kept = new Map<string, string>();
  const before = new Map(previous.resources.map((r) => [r.urn, r]));
  for (const r of next.resources) {
    const old = before.get(r.urn);
    if (r.type !== RANDOM_PASSWORD || !old || JSON.stringify(old.inputs) !== JSON.stringify(r.inputs))
      continue;
    kept.set(String(r.outputs.result), String(old.outputs.result));
  }
  const swap = (v: unknown): unknown => {
    if (typeof v === "string") {
      let s = v;
      for (const [now, was] of kept) s = s.split(now).join(was);
      return s;
    }
    if (Array.isArray(v)) return v.map(swap);
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]));
    return v;
  };
  return {
    ...next,
    resources: next.resources.map((r) => ({
      ...r,
      inputs: swap(r.inputs) as Record<string, unknown>,
      outputs: swap(r.outputs) as Record<string, unknown>,
    })),
  };
}
