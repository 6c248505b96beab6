/**
 * A Render Key Value (Valkey) instance (R-OAS create-key-value, retrieve-key-value, update-key-value,
 * delete-key-value, retrieve-key-value-connection-info). Only the region is fixed at creation (R-OAS
 * keyValuePATCHInput has name, plan, maxmemoryPolicy and ipAllowList); plans only grow (R-SK
 * render-keyvalue). Facts: ./datastore-facts.ts.
 */

import * as pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "../shared/inputs";
import { Shape, expectShape } from "../shared/shape";
import { RenderContext, call } from "./client";
import {
  CIDR_SHAPE,
  CidrBlock,
  allowList,
  cidrProblem,
  datastoreProvider,
  hostOf,
  moveToEnvironment,
  readConnectionStrings,
  sameAllowList,
} from "./datastore";
import {
  BROKER_MAXMEMORY_POLICY,
  DATASTORE_REGIONS,
  KEY_VALUE_PLANS,
  KEY_VALUE_PLAN_ORDER,
  MAXMEMORY_POLICIES,
} from "./datastore-facts";

export interface KeyValueArgs {
  /** Name shown in the Render dashboard; can be changed in place. */
  name: pulumi.Input<string>;
  /** Workspace id (usr-… or tea-…). Default: `render:ownerId` or RENDER_OWNER_ID at create; kept after that. */
  ownerId?: pulumi.Input<string>;
  /** An existing instance (red-…) to take over instead of creating one; its live region is recorded. */
  adoptId?: pulumi.Input<string>;
  /** free | starter | standard | pro | pro_plus | custom; never smaller than before. */
  plan: pulumi.Input<string>;
  /** oregon | ohio | virginia | frankfurt | singapore. Change => replace. */
  region: pulumi.Input<string>;
  /** What Valkey drops when memory is full. Default `noeviction`: a Celery broker must not lose messages. */
  maxmemoryPolicy?: pulumi.Input<string>;
  /** Render environment (evm-…) to place the instance in. Default: none. */
  environmentId?: pulumi.Input<string>;
  /** Who may use the external (TLS) URL. Default: nobody (`[]`, internal only). */
  ipAllowList?: pulumi.Input<pulumi.Input<CidrBlock>[]>;
}

export interface KeyValueInputs {
  name: string;
  ownerId?: string;
  adoptId?: string;
  plan: string;
  region: string;
  maxmemoryPolicy?: string;
  environmentId?: string;
  ipAllowList?: CidrBlock[];
}

export interface KeyValueOutputs extends KeyValueInputs {
  ownerId: string;
  /** The policy Render holds (`options.maxmemoryPolicy`). */
  liveMaxmemoryPolicy: string;
  /** Valkey/Redis version Render runs. */
  version: string;
  status: string;
  /** Private-network host (red-…, port 6379). */
  internalHost?: string;
  /** `redis://red-…:6379`: private network, no TLS (see DATASTORE_URLS in ./datastore-facts.ts). Secret. */
  internalConnectionString?: string;
  /** `rediss://…`: TLS and a password; reachable only from ipAllowList. Secret. */
  externalConnectionString?: string;
}

/** Render's keyValueDetail, only what we read (R-OAS; TF-CAS keyvalue_cassette.yaml for `ipAllowList: null`). */
interface RenderKeyValue {
  id: string;
  name: string;
  plan: string;
  region: string;
  status: string;
  version: string;
  options: { maxmemoryPolicy?: string };
  owner?: { id: string };
  environmentId?: string;
  ipAllowList?: CidrBlock[] | null;
}

const KEY_VALUE_SHAPE: Shape = {
  id: "string",
  name: "string",
  plan: "string",
  region: "string",
  status: "string",
  version: "string",
  options: { "maxmemoryPolicy?": "string" },
  "owner?": { id: "string" },
  "environmentId?": "string",
  "ipAllowList?": [CIDR_SHAPE],
};

const CONNECTION_SHAPE: Shape = { internalConnectionString: "string", externalConnectionString: "string" };

const TOKEN = "render:KeyValue";
const ID = /^red-[a-z0-9]+$/;

const keyValue = (ctx: RenderContext, operation: string, status: number, body: unknown) =>
  expectShape<RenderKeyValue>(`${ctx.resource}: ${operation}`, status, body, KEY_VALUE_SHAPE);

const policyOf = (v: KeyValueInputs) => v.maxmemoryPolicy ?? BROKER_MAXMEMORY_POLICY;

function toOutputs(live: RenderKeyValue, old: Partial<KeyValueOutputs>, ownerId: string): KeyValueOutputs {
  const list = allowList(live.ipAllowList);
  return {
    ...(old as KeyValueOutputs),
    name: live.name,
    ownerId,
    plan: live.plan,
    region: live.region,
    maxmemoryPolicy:
      old.maxmemoryPolicy === undefined && live.options.maxmemoryPolicy === BROKER_MAXMEMORY_POLICY
        ? undefined
        : live.options.maxmemoryPolicy,
    liveMaxmemoryPolicy: live.options.maxmemoryPolicy ?? "",
    ipAllowList: old.ipAllowList === undefined && list.length === 0 ? undefined : list,
    environmentId: live.environmentId || undefined,
    version: live.version,
    status: live.status,
  };
}

/** Render answers connection info while the instance is still creating (TF-CAS keyvalue_cassette.yaml). */
async function connectionInfo(ctx: RenderContext, id: string): Promise<Partial<KeyValueOutputs>> {
  const info = await readConnectionStrings(ctx, "/key-value", id, CONNECTION_SHAPE);
  return {
    internalConnectionString: info.internalConnectionString,
    externalConnectionString: info.externalConnectionString,
    internalHost: hostOf(info.internalConnectionString),
  };
}

function patchBody(olds: KeyValueOutputs, news: KeyValueInputs): Record<string, unknown> | undefined {
  const body: Record<string, unknown> = {};
  if (news.name !== olds.name) body.name = news.name;
  if (news.plan !== olds.plan) body.plan = news.plan;
  if (policyOf(news) !== olds.liveMaxmemoryPolicy) body.maxmemoryPolicy = policyOf(news);
  if (!sameAllowList(news.ipAllowList, olds.ipAllowList)) body.ipAllowList = news.ipAllowList ?? [];
  return Object.keys(body).length > 0 ? body : undefined;
}

async function converge(
  ctx: RenderContext,
  id: string,
  olds: KeyValueOutputs,
  news: KeyValueInputs,
): Promise<KeyValueOutputs> {
  let outs: KeyValueOutputs = { ...olds };
  const patch = patchBody(olds, news);
  if (patch) {
    const res = await call<unknown>(ctx, "update", "PATCH", `/key-value/${encodeURIComponent(id)}`, {
      body: patch,
    });
    outs = toOutputs(keyValue(ctx, "update", res.status, res.body), olds, olds.ownerId);
  }
  if ((news.environmentId || undefined) !== (olds.environmentId || undefined)) {
    await moveToEnvironment(ctx, id, olds.environmentId, news.environmentId);
  }
  outs = {
    ...outs,
    name: news.name,
    plan: news.plan,
    region: olds.region,
    maxmemoryPolicy: news.maxmemoryPolicy,
    liveMaxmemoryPolicy: policyOf(news),
    environmentId: news.environmentId,
    ipAllowList: news.ipAllowList,
    adoptId: news.adoptId,
  };
  for (const k of ["maxmemoryPolicy", "environmentId", "ipAllowList", "adoptId"] as const) {
    if (outs[k] === undefined) delete outs[k];
  }
  return outs.internalConnectionString ? outs : { ...outs, ...(await connectionInfo(ctx, id)) };
}

export function checkKeyValue(
  olds: Partial<KeyValueInputs>,
  news: KeyValueInputs,
): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const known = (v: unknown): v is string => typeof v === "string" && v !== UNKNOWN;
  if (known(news.name) && news.name.trim() === "") fail("name", "name must not be empty.");
  if (known(news.adoptId) && news.adoptId !== "" && !ID.test(news.adoptId)) {
    fail(
      "adoptId",
      `adoptId ${JSON.stringify(news.adoptId)} is not a Render Key Value id (red-…); find it in the instance's dashboard URL.`,
    );
  }
  if (known(news.plan) && !(KEY_VALUE_PLANS as readonly string[]).includes(news.plan)) {
    fail(
      "plan",
      `plan "${news.plan}" is not a Render Key Value plan; use one of ${KEY_VALUE_PLANS.join(", ")}.`,
    );
  } else if (known(news.plan) && known(olds.plan)) {
    const [was, now] = [KEY_VALUE_PLAN_ORDER.indexOf(olds.plan), KEY_VALUE_PLAN_ORDER.indexOf(news.plan)];
    if (was >= 0 && now >= 0 && now < was) {
      fail(
        "plan",
        `Render cannot move a Key Value instance to a smaller plan (${olds.plan} to ${news.plan}); keep plan "${olds.plan}" or replace the instance under a new name.`,
      );
    }
  }
  if (known(news.region) && !(DATASTORE_REGIONS as readonly string[]).includes(news.region)) {
    fail(
      "region",
      `region "${news.region}" is not a Render region; use one of ${DATASTORE_REGIONS.join(", ")}.`,
    );
  }
  if (
    known(news.maxmemoryPolicy) &&
    !(MAXMEMORY_POLICIES as readonly string[]).includes(news.maxmemoryPolicy)
  ) {
    const hint = news.maxmemoryPolicy.includes("-") ? " (the API spells them with underscores)" : "";
    fail(
      "maxmemoryPolicy",
      `maxmemoryPolicy "${news.maxmemoryPolicy}" is not one Render offers${hint}; use one of ${MAXMEMORY_POLICIES.join(", ")}.`,
    );
  }
  for (const c of Array.isArray(news.ipAllowList) ? news.ipAllowList : []) {
    const problem = cidrProblem(c);
    if (problem) fail("ipAllowList", problem);
  }
  return failures;
}

export function diffKeyValue(olds: KeyValueOutputs, news: KeyValueInputs): pulumi.dynamic.DiffResult {
  const replaces: string[] = [];
  if (news.ownerId && news.ownerId !== olds.ownerId) replaces.push("ownerId");
  if (news.region !== olds.region) replaces.push("region");
  // Delete first: a workspace holds one free instance, and the new one's lookup by name must not find the old.
  if (replaces.length > 0) return { changes: true, replaces, deleteBeforeReplace: true };
  const changes =
    patchBody(olds, news) !== undefined ||
    (news.environmentId || undefined) !== (olds.environmentId || undefined) ||
    !olds.internalConnectionString;
  return { changes };
}

export const keyValueProvider = datastoreProvider<KeyValueInputs, KeyValueOutputs, RenderKeyValue>({
  token: TOKEN,
  path: "/key-value",
  itemKey: "keyValue",
  shape: KEY_VALUE_SHAPE,
  adoptHint: "check the adoptId (red-…) and the workspace",
  parse: keyValue,
  toOutputs,
  createBody: (inputs, ownerId) => ({
    name: inputs.name,
    ownerId,
    plan: inputs.plan,
    region: inputs.region,
    maxmemoryPolicy: policyOf(inputs),
    ...(inputs.environmentId ? { environmentId: inputs.environmentId } : {}),
    ipAllowList: inputs.ipAllowList ?? [],
  }),
  converge,
  connectionInfo,
  finish: async (ctx, id, outs) => ({ ...outs, ...(await connectionInfo(ctx, id)) }),
  check: checkKeyValue,
  diff: diffKeyValue,
});

/** A Render Key Value instance (`pulumi-nodejs:dynamic/render:KeyValue`); `id` is the red-… id. */
export class KeyValue extends pulumi.dynamic.Resource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly ownerId: pulumi.Output<string>;
  declare public readonly plan: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<string>;
  declare public readonly liveMaxmemoryPolicy: pulumi.Output<string>;
  declare public readonly version: pulumi.Output<string>;
  declare public readonly status: pulumi.Output<string>;
  declare public readonly environmentId: pulumi.Output<string | undefined>;
  declare public readonly internalHost: pulumi.Output<string>;
  declare public readonly internalConnectionString: pulumi.Output<string>;
  declare public readonly externalConnectionString: pulumi.Output<string>;

  constructor(name: string, args: KeyValueArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      keyValueProvider,
      name,
      {
        ownerId: undefined,
        liveMaxmemoryPolicy: undefined,
        version: undefined,
        status: undefined,
        environmentId: undefined,
        internalHost: undefined,
        internalConnectionString: undefined,
        externalConnectionString: undefined,
        ...args,
      },
      pulumi.mergeOptions(opts, {
        additionalSecretOutputs: ["internalConnectionString", "externalConnectionString"],
      }),
      "render",
      "KeyValue",
    );
  }
}
