import { createHash, randomBytes } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { catalogs } from "../../components/targets";
import { KEY_TYPE as SENTRY_KEY, mockKeyOutputs } from "../../components/sentry/catalog";

/** A vendor's mock answer for a type, from its catalog (components/<vendor>/catalog.ts), read per call so a target registered later has its own. */
const vendorMockOf = (type: string) => catalogs().find((c) => c.mocks?.[type])?.mocks?.[type];

/**
 * Outputs shaped like the real services' answers (each vendor's from its catalog; the generic resources here), so what the program derives from them (URLs, hosts,
 * connection strings) looks in the plan the way it will after `pulumi up`. Ids and hosts are derived from
 * the resource name, so two plans of one stack are identical (the README diagram and `--compare` rely on
 * that); generated secrets are random, as they will be. A `salt` changes every invented value, so a value
 * that differs between a salted and an unsalted run is one only the deploy will tell (see collect.ts).
 */
export class ServiceMocks implements pulumi.runtime.Mocks {
  /** `stacks`: the outputs of the stacks planned before this one, which its StackReferences read. */
  constructor(
    private readonly salt = "",
    private readonly stacks: UpstreamOutputs = new Map(),
  ) {}

  /** What the mocks of one run share (e.g. a Neon project's region, which its branches' hosts name). */
  private readonly memory = new Map<string, string>();

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
    const inputs = args.inputs as Record<string, unknown>;
    const h = (n: number, salt = "") => digest(`${this.salt}${args.type}/${args.name}${salt}`).slice(0, n);
    const state = (id: string, extra: Record<string, unknown> = {}) => ({
      id,
      state: { ...inputs, ...extra },
    });
    if (args.type === STACK_REFERENCE) return this.stackReference(String(inputs.name));
    const vendorMock = vendorMockOf(args.type);
    if (vendorMock) {
      const answer = vendorMock({
        inputs,
        hex: h,
        word,
        random: (n) => randomBytes(n).toString("base64url"),
        memory: this.memory,
      });
      return state(answer.id, answer.extra);
    }
    switch (args.type) {
      // Operations are not a part's target, so their catalog's mock is named here.
      case SENTRY_KEY:
        return state(h(32), mockKeyOutputs(args.name, h(32)));
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

  /**
   * A StackReference is a read the engine answers with the named stack's outputs and the names of its secret
   * ones (pkg/resource/deploy/builtins.go `readStackReference`); the SDK marks those secret in the reading
   * stack (stackReference.js `isSecretOutputName`). Here the answer is the plan of that stack, made earlier in
   * this run; a stack not planned fails the read naming it, as the engine fails on a stack it cannot find.
   */
  private stackReference(name: string): { id: string; state: Record<string, unknown> } {
    const [, project, stack] = name.split("/");
    // Stacks the plan has not planned are refused before the program runs (cli.ts); a read failing here
    // would leave the SDK waiting on it, so such a stack reads as one without outputs.
    const found = this.stacks.get(`${project}/${stack}`) ?? { outputs: {}, secretOutputs: [] };
    return {
      id: name,
      state: { name, outputs: found.outputs, secretOutputNames: [...found.secretOutputs].sort() },
    };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    return args.inputs as Record<string, unknown>;
  }
}

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/** A planned stack's outputs, by `<project>/<stack>`: what a StackReference to it reads in the plan. */
export type UpstreamOutputs = ReadonlyMap<
  string,
  { outputs: Record<string, unknown>; secretOutputs: string[] }
>;

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
