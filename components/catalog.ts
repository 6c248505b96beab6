/**
 * The shape of a target: what its vendor folder states once for everyone else (config schema fragment, tier
 * rules, regions, policy facts, plan mocks, replace-on-change entries) and how the composition builds it.
 * Pure types and data: policies, the plan and stacks/ load catalogs without loading any cloud SDK.
 */
import type { z } from "zod";
import type {
  BackendContract,
  CacheContract,
  DatabaseContract,
  FrontendContract,
  ImageKey,
  MediaContract,
  Part,
  RegionName,
} from "../contracts";
import type * as pulumi from "@pulumi/pulumi";

/** A vendor's fact (a quota, a limit) with where it is stated: plans and policies quote both. */
export interface Fact<T> {
  value: T;
  source: string;
}

/**
 * A price with where it was read. "read" is the date the figure was taken from a stored copy of the named page
 * or from the team's research notes that cite it (no live web here); figures noted "brief" come from the
 * issue 5 price table, whose page the stored copies did not include: re-check those at the source.
 */
export interface Price<T> {
  value: T;
  /** Public page the figure comes from. */
  source: string;
  /** ISO date the figure was read. */
  read: string;
  note?: string;
}

/** Hours in an average month (365 × 24 / 12), the figure providers use for "per month" equivalents. */
export const HOURS_PER_MONTH = 730;

/** One config problem a target's rules found: stacks/ words it as the one-line error. */
export interface ConfigProblem {
  /** Key under `webapp:`, e.g. `backend.instances`. */
  path: string;
  value: unknown;
  /** Why the value is refused, e.g. "Render free web services run one instance". */
  why: string;
  /** The value that fixes it; `undefined`: remove the key; a string starting with `pulumi `: the whole fix. */
  fix: string | undefined;
}

/** What a target's rules see: its part's settings, validated, and the stack-wide facts they may depend on. */
export interface RuleInput {
  tier: "free" | "paid";
  /** The part's `webapp:<part>` object as the schema returned it. */
  settings: Record<string, unknown>;
  /** `webapp:adopt`, the keys this target owns among them. */
  adopt: Record<string, unknown>;
  /** The target's own top-level keys (e.g. `webapp:render`), parsed. */
  own: Record<string, unknown>;
  /** A Celery worker consumes the broker queue (`webapp:backend.worker`). */
  worker: boolean;
  /** `webapp:region`: the stack's region, which the target maps to its own ids. */
  region: RegionName;
}

/** A replace-on-change entry of a bridged resource type (the plan's `--compare`). */
export interface ReplaceRule {
  /** Top-level input name. */
  property: string;
  /** Where the provider declares it (repository, file, and the schema flag). */
  source: string;
  /** Only some changes replace (e.g. Upstash `tls` true -> false); absent: every change does. */
  when?: (old: unknown, current: unknown) => boolean;
}

/** What the offline plan's mock hands back for one resource: its id and outputs beside its inputs. */
export interface MockAnswer {
  id: string;
  extra?: Record<string, unknown>;
}

/** Helpers the plan gives a mock, so ids are stable per resource name and secrets random. */
export interface MockTools {
  inputs: Record<string, unknown>;
  /** `n` hex digits derived from the resource (and the plan's salt); `salt` varies them. */
  hex(n: number, salt?: string): string;
  /** A word derived from hex digits (Neon-style ids). */
  word(hex: string): string;
  /** `n` random bytes as base64url (generated secrets). */
  random(n: number): string;
  /** State shared by the mocks of one plan run (e.g. a project's region for its branches). */
  memory: Map<string, string>;
}

/** How far back a database can be restored, as the plan shows it and the recovery-window policy checks it. */
export interface RecoveryWindow {
  /** 0: no restore at all (e.g. a free database without backups). */
  seconds: number;
  /** How the window is made, e.g. "Neon history retention (point-in-time restore)". */
  basis: string;
  source: string;
}

/** What a recovery-window reader sees: the resource's inputs and the stack's `webapp:<key>` config, parsed. */
export interface RecoveryInput {
  inputs: Record<string, unknown>;
  config(key: string): unknown;
}

/** Which env var values a resource type carries, for the policies that inspect them. */
export type EnvReader =
  | "envVars-map"
  | "key-value"
  | "key-value-sensitive"
  | "environments-list"
  /** Cloudflare Pages: `deploymentConfigs.{production,preview}.envVars.<KEY>` = `{ type, value }`. */
  | "deployment-configs";

/** The facts policies need about one resource type. */
export interface ResourceFacts {
  /** Holds data that a delete loses (protect it on paid stacks). */
  stateful?: boolean;
  /** How its environment variables are read; absent: it carries none. */
  env?: EnvReader;
}

export interface TargetCatalog {
  part: Part;
  /** The target's name in `webapp:<part>.target`. */
  name: string;
  /** One line for the README and errors, e.g. "Serverless Postgres on Neon". */
  title: string;
  /** The part's config keys (beside `target`), with the tier's defaults. */
  schema(tier: "free" | "paid"): z.core.$ZodShape;
  /** Keys of `webapp:adopt` this target reads. */
  adopt?: z.core.$ZodShape;
  /** Top-level keys this target owns (e.g. `render: { workspace }`), each with its schema. */
  own?: z.core.$ZodShape;
  /** What the config may not say, always (`always`) and per tier (`free`, `paid`). */
  rules?: {
    always?(i: RuleInput): ConfigProblem[];
    free?(i: RuleInput): ConfigProblem[];
    paid?(i: RuleInput): ConfigProblem[];
  };
  /** Fills the defaults that depend on the stack (e.g. a folder named after it). */
  resolve?(
    settings: Record<string, unknown>,
    facts: StackFacts,
    adopt: Record<string, unknown>,
  ): Record<string, unknown>;
  /** `webapp:region` -> this vendor's region id; absent: the target has no region. */
  regions?: Readonly<Record<RegionName, string>>;
  /** This vendor's region ids that are near one of ours without being its twin ("did you mean"). */
  nearRegions?: Readonly<Record<string, RegionName>>;
  /** Credentials the program reads for this target and hands on. */
  secrets?: readonly SecretSpec[];
  /** Type token -> what policies need to know about it. */
  resources: Readonly<Record<string, ResourceFacts>>;
  /** Type token -> the plan's mock answer. */
  mocks?: Readonly<Record<string, (t: MockTools) => MockAnswer>>;
  /**
   * Database targets: type token of the resource that holds the data (or, for dumps, the resource that makes
   * them) -> its recovery window; `undefined` for a resource of that type that is none of these.
   */
  recoveryWindow?: Readonly<Record<string, (i: RecoveryInput) => RecoveryWindow | undefined>>;
  /** Type token -> inputs whose change replaces a bridged resource (dynamic providers answer for themselves). */
  replaceOnChanges?: Readonly<Record<string, readonly ReplaceRule[]>>;
}

/** A credential the program reads and hands on (not one a provider reads for itself). */
export interface SecretSpec {
  /** The name the builder gets it by, e.g. `url`. */
  name: string;
  /** Its config key, e.g. `cloudinary:url`. */
  key: string;
  /** The environment variable read when the key is unset. */
  env: string;
  /** What a value must look like, and how the errors say it. */
  pattern: RegExp;
  shape: string;
  what: string;
  /** Why the program needs it, for the "missing" error. */
  why: string;
}

/** Stack-wide facts a target may use: never the whole config. */
export interface StackFacts {
  stack: string;
  /** `<project>-<stack>` (lowercase, `.`/`_` as `-`): the prefix of every name a service sees. */
  prefix: string;
  tier: "free" | "paid";
  region: RegionName;
  monthlyBudget: number;
  protectData: boolean;
  /** A Celery worker consumes the broker queue. */
  worker: boolean;
  /**
   * A stack deploying the server or client layer: reads the grouping the data layer's stack created for the
   * system (a Render environment's id, contracts `LAYER_OUTPUTS` `placement`), for a target that joins it
   * instead of creating its own. Called only by such a target, so a system without one reads nothing.
   */
  joinPlacement?: () => pulumi.Output<string>;
}

/** What each part's builder receives from the composition besides its own settings. */
export interface PartInputs {
  database: Record<string, never>;
  cache: Record<string, never>;
  media: Record<string, never>;
  frontend: {
    media?: MediaContract;
    env: Record<string, { value: pulumi.Input<string>; sensitive: boolean }>;
    /** `webapp:domains.frontend`: the site's custom domain. */
    domain?: string;
    /**
     * The API's URL when it is known before the site is created: a stack that builds its backend on a custom
     * domain (`https://<webapp:domains.api>`), or a client layer (the server layer's `backendUrl`). A target
     * may put it in the site's create environment, so the site's first deploy already has it; `setApiUrl`
     * is called afterwards all the same. Absent: the URL exists only once the API does.
     */
    apiUrl?: pulumi.Output<string>;
  };
  backend: {
    environment: Record<string, pulumi.Input<string>>;
    frontend?: FrontendContract;
    /** `webapp:domains.api`: the API's custom domain. */
    domain?: string;
    /** Variables the target sets to the image it runs (components/environment.ts `imageVariables`). Default none. */
    imageKeys?: readonly ImageKey[];
  };
}

/** What each part's builder hands back. */
export interface PartOutputs {
  database: DatabaseContract;
  cache: CacheContract;
  media: MediaContract;
  /** The frontend's contract, and how the API's URL reaches it once the backend exists. */
  frontend: { contract: FrontendContract; setApiUrl(url: pulumi.Output<string>): void };
  backend: BackendContract;
}

/** Everything a builder gets: flat, never the whole stack config. */
export interface BuildArgs<P extends Part> {
  /** The component's name, `<prefix>-<part>`. */
  name: string;
  parent: pulumi.Resource;
  facts: StackFacts;
  settings: Record<string, unknown>;
  adopt: Record<string, unknown>;
  own: Record<string, unknown>;
  /** The target's declared secrets, by name, each a Pulumi secret. */
  secrets: Record<string, pulumi.Output<string>>;
  inputs: PartInputs[P];
}

/** A target's component side: loaded only when a stack uses the target. */
export interface Builder<P extends Part> {
  build(args: BuildArgs<P>): PartOutputs[P];
}

/** A target: its catalog, and its builder loaded only when a stack uses it. */
export interface Target<P extends Part = Part> {
  catalog: TargetCatalog & { part: P };
  load(): Builder<P>;
}
