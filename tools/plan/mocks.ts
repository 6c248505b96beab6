import { createHash, randomBytes } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Outputs shaped like the real services' answers, so what the program derives from them (URLs, hosts,
 * connection strings) looks in the plan the way it will after `pulumi up`. Ids and hosts are derived from
 * the resource name, so two plans of one stack are identical (the README diagram and `--compare` rely on
 * that); generated secrets are random, as they will be. A `salt` changes every invented value, so a value
 * that differs between a salted and an unsalted run is one only the deploy will tell (see collect.ts).
 */
export class ServiceMocks implements pulumi.runtime.Mocks {
  constructor(private readonly salt = "") {}

  /** Neon project id -> region, so a branch's endpoint host names the project's region. */
  private readonly neonRegions = new Map<string, string>();

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
    const inputs = args.inputs as Record<string, unknown>;
    const h = (n: number, salt = "") => digest(`${this.salt}${args.type}/${args.name}${salt}`).slice(0, n);
    const state = (id: string, extra: Record<string, unknown> = {}) => ({
      id,
      state: { ...inputs, ...extra },
    });
    switch (args.type) {
      case "pulumi-nodejs:dynamic/render:WebService": {
        const slug = `${String(inputs.name)}-${h(4)}`;
        const id = `srv-${h(20)}`;
        return state(id, {
          url: `https://${slug}.onrender.com`,
          slug,
          dashboardUrl: `https://dashboard.render.com/web/${id}`,
          deployId: `dep-${h(20, "deploy")}`,
          unmanagedEnvVarKeys: unmanagedKeys(inputs, h(6)),
        });
      }
      case "pulumi-nodejs:dynamic/render:BackgroundWorker": {
        const id = `srv-${h(20)}`;
        return state(id, {
          slug: `${String(inputs.name)}-${h(4)}`,
          dashboardUrl: `https://dashboard.render.com/worker/${id}`,
          deployId: `dep-${h(20, "deploy")}`,
          unmanagedEnvVarKeys: unmanagedKeys(inputs, h(6)),
        });
      }
      case "pulumi-nodejs:dynamic/render:RegistryCredential":
        return state(`rgc-${h(20)}`);
      case "pulumi-nodejs:dynamic/neon:Project": {
        const id = `${word(h(2))}-${word(h(2, "b"))}-${parseInt(h(6), 16) % 1_000_000}`;
        this.neonRegions.set(id, String(inputs.regionId));
        const region = String(inputs.regionId).replace(/^aws-/, "");
        const endpointId = `ep-${word(h(2, "e"))}-${word(h(2, "x"))}-${h(8)}`;
        return state(id, {
          defaultBranchId: `br-${word(h(2, "c"))}-${h(8)}`,
          defaultEndpointId: endpointId,
          defaultHost: `${endpointId}.${region}.aws.neon.tech`,
          defaultPoolerHost: `${endpointId}-pooler.${region}.aws.neon.tech`,
        });
      }
      case "pulumi-nodejs:dynamic/neon:Branch":
      case "pulumi-nodejs:dynamic/neon:Endpoint": {
        const region = (this.neonRegions.get(String(inputs.projectId)) ?? "aws-us-east-1").replace(
          /^aws-/,
          "",
        );
        const endpointId = `ep-${word(h(2))}-${word(h(2, "x"))}-${h(8)}`;
        const host = `${endpointId}.${region}.aws.neon.tech`;
        const poolerHost = `${endpointId}-pooler.${region}.aws.neon.tech`;
        return args.type.endsWith("Branch")
          ? state(`br-${word(h(2, "b"))}-${h(8)}`, { endpointId, host, poolerHost })
          : state(endpointId, { host });
      }
      case "pulumi-nodejs:dynamic/neon:Role":
        return state(String(inputs.name), { password: `npg_${randomBytes(9).toString("base64url")}` });
      case "pulumi-nodejs:dynamic/neon:Database":
        return state(String(inputs.name));
      case "pulumi-nodejs:dynamic/cloudinary:UploadPreset":
        return state(String(inputs.name));
      case "pulumi-nodejs:dynamic/cloudinary:Folder":
        return state(String(inputs.path));
      case "upstash:index/redisDatabase:RedisDatabase":
        return state(uuid(h(32)), {
          databaseId: uuid(h(32)),
          endpoint: `${word(h(2))}-${word(h(2, "a"))}-${parseInt(h(5), 16) % 100000}.upstash.io`,
          port: 6379,
          password: randomBytes(24).toString("base64url"),
          restToken: randomBytes(32).toString("base64url"),
          readOnlyRestToken: randomBytes(32).toString("base64url"),
          state: "active",
          databaseType: "Pay as You Go",
        });
      case "vercel:index/project:Project":
        return state(`prj_${h(28)}`, { teamId: "team_plan" });
      case "vercel:index/projectDomain:ProjectDomain":
        return state(String(inputs.domain), { verified: true });
      case "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable":
        return state(h(16));
      case "docker-build:index:Image": {
        const sha = `sha256:${digest(`${this.salt}${args.name}/image`)}`;
        const tags = (inputs.tags as string[] | undefined) ?? [];
        return state(sha, {
          digest: sha,
          ref: tags[0] ? `${tags[0]}@${sha}` : sha,
          contextHash: h(64, "ctx"),
        });
      }
      case "random:index/randomPassword:RandomPassword": {
        const length = Number(inputs.length ?? 32);
        const result = randomBytes(length).toString("base64url").slice(0, length);
        return state(h(16), { result, bcryptHash: `$2a$10$${randomBytes(31).toString("base64url")}` });
      }
      default:
        return state(`${args.name}-${h(8)}`);
    }
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    return args.inputs as Record<string, unknown>;
  }
}

/**
 * A service the program creates has no variable it did not set (the provider's create answers []); one it
 * adopts has whatever was set on it by hand, which only the deploy reads: an invented name, hence marked
 * known after deploy.
 */
function unmanagedKeys(inputs: Record<string, unknown>, hex: string): string[] {
  return inputs.adoptId ? [`SET_BY_HAND_${hex.toUpperCase()}`] : [];
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

const WORDS = [
  "quiet",
  "bold",
  "misty",
  "lucky",
  "sunny",
  "brave",
  "calm",
  "eager",
  "fancy",
  "gentle",
  "happy",
  "jolly",
  "kind",
  "lively",
  "proud",
  "witty",
];

function word(hex: string): string {
  return WORDS[parseInt(hex, 16) % WORDS.length];
}

function uuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
