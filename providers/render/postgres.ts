/**
 * A Render Postgres instance (R-OAS create-postgres, retrieve-postgres, update-postgres, delete-postgres,
 * retrieve-postgres-connection-info). Region, version, database name and user cannot change after creation
 * (R-SK render-postgres SKILL.md; Render's Terraform provider marks the same four RequiresReplace), so a
 * change of any of them replaces the database; everything else is a PATCH. Facts: ./datastore-facts.ts.
 */

import * as pulumi from "@pulumi/pulumi";
import { ApiError } from "../shared/http";
import { UNKNOWN } from "../shared/inputs";
import { Shape, expectShape } from "../shared/shape";
import { RenderContext, call, pollTiming } from "./client";
import {
  CIDR_SHAPE,
  CidrBlock,
  allowList,
  cidrProblem,
  datastoreProvider,
  getDatastore,
  hostOf,
  moveToEnvironment,
  readConnectionStrings,
  sameAllowList,
} from "./datastore";
import {
  DATASTORE_REGIONS,
  POSTGRES_DISK,
  POSTGRES_FREE,
  POSTGRES_HA,
  POSTGRES_PLANS,
  POSTGRES_VERSIONS,
} from "./datastore-facts";

export interface PostgresArgs {
  /** Name shown in the Render dashboard; can be changed in place. */
  name: pulumi.Input<string>;
  /** Workspace id (usr-… or tea-…). Default: `render:ownerId` or RENDER_OWNER_ID at create; kept after that (only a change of this input replaces). */
  ownerId?: pulumi.Input<string>;
  /** An existing database (dpg-…) to take over instead of creating one; its live region, version, database and user are recorded. */
  adoptId?: pulumi.Input<string>;
  /** A Render Postgres instance type (free, basic_256mb, …, pro_4gb, …, accelerated_16gb, …). */
  plan: pulumi.Input<string>;
  /** PostgreSQL major version ("16", "17", …). Change => replace. */
  version: pulumi.Input<string>;
  /** oregon | ohio | virginia | frankfurt | singapore. Change => replace. */
  region: pulumi.Input<string>;
  /** Disk in GB: 1 or a multiple of 5, never smaller than before. Default: the plan's. */
  diskSizeGB?: pulumi.Input<number>;
  /** A standby in another zone (Pro/Accelerated plans, PostgreSQL 13+). Default false. */
  highAvailability?: pulumi.Input<boolean>;
  /** Database name. Default: random. Render may append a suffix (recorded as liveDatabaseName). Change => replace. */
  databaseName?: pulumi.Input<string>;
  /** Database user. Default: random. Change => replace. */
  databaseUser?: pulumi.Input<string>;
  /** Render environment (evm-…) to place the database in. Default: none. */
  environmentId?: pulumi.Input<string>;
  /** Who may connect from outside Render (the external URL). Default: nobody (`[]`, internal only). */
  ipAllowList?: pulumi.Input<pulumi.Input<CidrBlock>[]>;
  /** Minutes to wait for a new database to become available. Default 30. */
  readyTimeoutMinutes?: pulumi.Input<number>;
}

export interface PostgresInputs {
  name: string;
  ownerId?: string;
  adoptId?: string;
  plan: string;
  version: string;
  region: string;
  diskSizeGB?: number;
  highAvailability?: boolean;
  databaseName?: string;
  databaseUser?: string;
  environmentId?: string;
  ipAllowList?: CidrBlock[];
  readyTimeoutMinutes?: number;
}

export interface PostgresOutputs extends PostgresInputs {
  ownerId: string;
  /** The database and user as Render holds them (the name may carry a suffix Render added). */
  liveDatabaseName: string;
  liveDatabaseUser: string;
  /** Render's disk size, when it reports one. */
  liveDiskSizeGB?: number;
  dashboardUrl: string;
  /** Render's `status`; anything but "available" makes the next update wait for it again. */
  status: string;
  /** When a free database expires (R-OAS postgresDetail.expiresAt, free only). */
  expiresAt?: string;
  /** Private-network host (same region and workspace) and the public host; port 5432. */
  internalHost?: string;
  externalHost?: string;
  /** Render's internal URL, as returned (no TLS; see DATASTORE_URLS in ./datastore-facts.ts). Secret. */
  internalConnectionString?: string;
  /** Render's external URL with `sslmode=require` (TLS 1.2+ is required there). Secret. */
  externalConnectionString?: string;
}

/** Render's postgresDetail, only what we read (R-OAS; TF-CAS shows `ipAllowList: null`). */
interface RenderPostgres {
  id: string;
  name: string;
  plan: string;
  region: string;
  version: string;
  status: string;
  role: string;
  databaseName: string;
  databaseUser: string;
  dashboardUrl: string;
  highAvailabilityEnabled: boolean;
  ipAllowList?: CidrBlock[] | null;
  owner?: { id: string };
  environmentId?: string;
  diskSizeGB?: number;
  expiresAt?: string;
}

const POSTGRES_SHAPE: Shape = {
  id: "string",
  name: "string",
  plan: "string",
  region: "string",
  version: "string",
  status: "string",
  role: "string",
  databaseName: "string",
  databaseUser: "string",
  dashboardUrl: "string",
  highAvailabilityEnabled: "boolean",
  "ipAllowList?": [CIDR_SHAPE],
  "owner?": { id: "string" },
  "environmentId?": "string",
  "diskSizeGB?": "number",
  "expiresAt?": "string",
};

const CONNECTION_SHAPE: Shape = {
  password: "string",
  internalConnectionString: "string",
  externalConnectionString: "string",
};

const TOKEN = "render:Postgres";
const ID = /^dpg-[a-z0-9]+(-[a-z])?$/;
const OPTIONAL_INPUTS = [
  "adoptId",
  "diskSizeGB",
  "highAvailability",
  "databaseName",
  "databaseUser",
  "environmentId",
  "ipAllowList",
  "readyTimeoutMinutes",
] as const;

const postgres = (ctx: RenderContext, operation: string, status: number, body: unknown) =>
  expectShape<RenderPostgres>(`${ctx.resource}: ${operation}`, status, body, POSTGRES_SHAPE);

/**
 * Render appends `_xxxx` to the database name it is given (TF-CAS postgres_cassette.yaml: `db_name` =>
 * `db_name_ehyv`, `db_name2` => `db_name2_jmvr`); both the exact name and that form are "the same" name.
 */
export function sameDatabaseName(wanted: string, live: string): boolean {
  return (
    live === wanted || (live.startsWith(`${wanted}_`) && /^[a-z0-9]{4}$/.test(live.slice(wanted.length + 1)))
  );
}

/** The external URL with `sslmode=require` (Render returns it without; its external endpoint requires TLS). */
export function withSslmode(url: string): string {
  if (/[?&]sslmode=/.test(url)) return url;
  return `${url}${url.includes("?") ? "&" : "?"}sslmode=require`;
}

/**
 * Live state onto outputs. `old` supplies what only the program knows (inputs, timeouts) and how it spells
 * immutable fields: a requested database name is kept while the live one matches it, otherwise the live
 * value is recorded so the next diff shows the replacement it needs.
 */
function toOutputs(live: RenderPostgres, old: Partial<PostgresOutputs>, ownerId: string): PostgresOutputs {
  const outs: PostgresOutputs = {
    ...(old as PostgresOutputs),
    name: live.name,
    ownerId,
    plan: live.plan,
    region: live.region,
    version: live.version,
    highAvailability:
      old.highAvailability === undefined && !live.highAvailabilityEnabled
        ? undefined
        : live.highAvailabilityEnabled,
    databaseName:
      old.databaseName === undefined || sameDatabaseName(old.databaseName, live.databaseName)
        ? old.databaseName
        : live.databaseName,
    databaseUser: old.databaseUser === undefined ? undefined : live.databaseUser,
    ipAllowList:
      old.ipAllowList === undefined && allowList(live.ipAllowList).length === 0
        ? undefined
        : allowList(live.ipAllowList),
    environmentId: live.environmentId || undefined,
    liveDatabaseName: live.databaseName,
    liveDatabaseUser: live.databaseUser,
    liveDiskSizeGB: live.diskSizeGB,
    dashboardUrl: live.dashboardUrl,
    status: live.status,
    expiresAt: live.expiresAt,
  };
  if (old.diskSizeGB !== undefined && live.diskSizeGB !== undefined) outs.diskSizeGB = live.diskSizeGB;
  return outs;
}

const getPostgres = (ctx: RenderContext, id: string) =>
  getDatastore(ctx, { path: "/postgres", parse: postgres }, id);

async function connectionInfo(ctx: RenderContext, id: string): Promise<Partial<PostgresOutputs>> {
  const info = await readConnectionStrings(ctx, "/postgres", id, CONNECTION_SHAPE);
  const external = withSslmode(info.externalConnectionString);
  return {
    internalConnectionString: info.internalConnectionString,
    externalConnectionString: external,
    internalHost: hostOf(info.internalConnectionString),
    externalHost: hostOf(external),
  };
}

/** Render's Terraform provider reads connection info only once the database is `available` (TF-CAS). */
const FAILED = ["suspended", "recovery_failed"];

async function waitAvailable(
  ctx: RenderContext,
  id: string,
  outs: PostgresOutputs,
): Promise<PostgresOutputs> {
  const { sleep, now, pollIntervalMs } = pollTiming();
  const limitMs = (outs.readyTimeoutMinutes ?? 30) * 60_000;
  const deadline = now() + limitMs;
  let status = outs.status;
  let interval = pollIntervalMs;
  while (status !== "available") {
    if (FAILED.includes(status)) {
      throw new ApiError(
        `${ctx.resource}: wait for the database failed: Render reports status "${status}"; see ${outs.dashboardUrl}`,
        {
          kind: "deploy",
        },
      );
    }
    if (now() + interval > deadline) {
      throw new ApiError(
        `${ctx.resource}: wait for the database failed: still "${status}" after ${Math.round(limitMs / 60_000)} min; run \`pulumi up\` again to keep waiting (readyTimeoutMinutes sets the limit)`,
        { kind: "timeout" },
      );
    }
    await sleep(interval);
    interval = Math.min(Math.round(interval * 1.2), 15_000);
    const live = await getPostgres(ctx, id);
    if (!live)
      throw new ApiError(`${ctx.resource}: wait for the database failed: ${id} no longer exists`, {
        status: 404,
      });
    status = live.status;
    outs = toOutputs(live, outs, outs.ownerId);
  }
  return outs;
}

/** Waits until the database is available and reads its URLs: after a create, an adopt, or a failed run. */
async function finish(ctx: RenderContext, id: string, outs: PostgresOutputs): Promise<PostgresOutputs> {
  const ready = await waitAvailable(ctx, id, outs);
  return { ...ready, ...(await connectionInfo(ctx, id)) };
}

const pending = (o: PostgresOutputs) => o.status !== "available" || !o.externalConnectionString;

function createBody(v: PostgresInputs, ownerId: string): Record<string, unknown> {
  return {
    name: v.name,
    ownerId,
    plan: v.plan,
    version: v.version,
    region: v.region,
    ...(v.databaseName === undefined ? {} : { databaseName: v.databaseName }),
    ...(v.databaseUser === undefined ? {} : { databaseUser: v.databaseUser }),
    ...(v.diskSizeGB === undefined ? {} : { diskSizeGB: v.diskSizeGB }),
    enableHighAvailability: v.highAvailability === true,
    ...(v.environmentId ? { environmentId: v.environmentId } : {}),
    ipAllowList: v.ipAllowList ?? [],
  };
}

/** The PATCH body (R-OAS postgresPATCHInput) for what differs, or undefined when nothing does. */
function patchBody(olds: PostgresOutputs, news: PostgresInputs): Record<string, unknown> | undefined {
  const body: Record<string, unknown> = {};
  if (news.name !== olds.name) body.name = news.name;
  if (news.plan !== olds.plan) body.plan = news.plan;
  if (news.diskSizeGB !== undefined && news.diskSizeGB !== (olds.diskSizeGB ?? olds.liveDiskSizeGB)) {
    body.diskSizeGB = news.diskSizeGB;
  }
  if ((news.highAvailability === true) !== (olds.highAvailability === true)) {
    body.enableHighAvailability = news.highAvailability === true;
  }
  if (!sameAllowList(news.ipAllowList, olds.ipAllowList)) body.ipAllowList = news.ipAllowList ?? [];
  return Object.keys(body).length > 0 ? body : undefined;
}

/** Applies the mutable fields, moves environments, and finishes what an earlier run left pending. */
async function converge(
  ctx: RenderContext,
  id: string,
  olds: PostgresOutputs,
  news: PostgresInputs,
): Promise<PostgresOutputs> {
  let outs: PostgresOutputs = { ...olds };
  const patch = patchBody(olds, news);
  if (patch) {
    const res = await call<unknown>(ctx, "update", "PATCH", `/postgres/${encodeURIComponent(id)}`, {
      body: patch,
    });
    outs = toOutputs(postgres(ctx, "update", res.status, res.body), { ...olds, ...pick(news) }, olds.ownerId);
  }
  if ((news.environmentId || undefined) !== (olds.environmentId || undefined)) {
    await moveToEnvironment(ctx, id, olds.environmentId, news.environmentId);
    outs.environmentId = news.environmentId;
  }
  outs = {
    ...outs,
    ...pick(news),
    region: olds.region,
    version: olds.version,
    databaseName: olds.databaseName,
    databaseUser: olds.databaseUser,
  };
  for (const k of OPTIONAL_INPUTS)
    if (news[k] === undefined && k !== "databaseName" && k !== "databaseUser") delete outs[k];
  return pending(outs) ? finish(ctx, id, outs) : outs;
}

/** The program's own inputs (mutable ones) over recorded outputs. */
function pick(news: PostgresInputs): Partial<PostgresOutputs> {
  const {
    name,
    plan,
    diskSizeGB,
    highAvailability,
    environmentId,
    ipAllowList,
    readyTimeoutMinutes,
    adoptId,
  } = news;
  return Object.fromEntries(
    Object.entries({
      name,
      plan,
      diskSizeGB,
      highAvailability,
      environmentId,
      ipAllowList,
      readyTimeoutMinutes,
      adoptId,
    }).filter(([, v]) => v !== undefined),
  );
}

export function checkPostgres(
  olds: Partial<PostgresInputs>,
  news: PostgresInputs,
): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const known = (v: unknown): v is string => typeof v === "string" && v !== UNKNOWN;
  if (known(news.name) && news.name.trim() === "") fail("name", "name must not be empty.");
  if (known(news.adoptId) && news.adoptId !== "" && !ID.test(news.adoptId)) {
    fail(
      "adoptId",
      `adoptId ${JSON.stringify(news.adoptId)} is not a Render Postgres id (dpg-…); find it in the database's dashboard URL.`,
    );
  }
  if (known(news.plan) && !(POSTGRES_PLANS as readonly string[]).includes(news.plan)) {
    fail(
      "plan",
      `plan "${news.plan}" is not a Render Postgres instance type; use one of ${POSTGRES_PLANS.join(", ")}.`,
    );
  }
  if (known(news.version) && !POSTGRES_VERSIONS.value.includes(news.version)) {
    fail(
      "version",
      `version "${news.version}" is not one Render offers; use one of ${POSTGRES_VERSIONS.value.join(", ")}.`,
    );
  }
  if (known(news.region) && !(DATASTORE_REGIONS as readonly string[]).includes(news.region)) {
    fail(
      "region",
      `region "${news.region}" is not a Render region; use one of ${DATASTORE_REGIONS.join(", ")}.`,
    );
  }
  if (news.highAvailability === true && known(news.plan)) {
    const { planPrefixes, minVersion } = POSTGRES_HA.value;
    if (!planPrefixes.some((p) => news.plan.startsWith(p))) {
      fail(
        "highAvailability",
        `high availability needs a Pro or Accelerated instance type (pro_4gb and up), not "${news.plan}".`,
      );
    } else if (known(news.version) && Number(news.version) < minVersion) {
      fail(
        "highAvailability",
        `high availability needs PostgreSQL ${minVersion} or newer, not ${news.version}.`,
      );
    }
  }
  if (typeof news.diskSizeGB === "number") {
    const { smallestGB, stepGB } = POSTGRES_DISK.value;
    const d = news.diskSizeGB;
    if (!Number.isInteger(d) || d < smallestGB || (d !== smallestGB && d % stepGB !== 0)) {
      fail("diskSizeGB", `diskSizeGB must be ${smallestGB} or a multiple of ${stepGB}, not ${d}.`);
    } else if (news.plan === "free" && d !== POSTGRES_FREE.value.storageGB) {
      fail(
        "diskSizeGB",
        `a free database has ${POSTGRES_FREE.value.storageGB} GB; drop diskSizeGB or pick a paid plan.`,
      );
    } else if (typeof olds.diskSizeGB === "number" && d < olds.diskSizeGB) {
      fail(
        "diskSizeGB",
        `Render cannot shrink a database disk (${olds.diskSizeGB} GB now); keep diskSizeGB at ${olds.diskSizeGB} or more.`,
      );
    }
  }
  for (const c of Array.isArray(news.ipAllowList) ? news.ipAllowList : []) {
    const problem = cidrProblem(c);
    if (problem) fail("ipAllowList", problem);
  }
  if (
    news.readyTimeoutMinutes !== undefined &&
    !(typeof news.readyTimeoutMinutes === "number" && news.readyTimeoutMinutes > 0)
  ) {
    fail("readyTimeoutMinutes", "readyTimeoutMinutes must be a positive number of minutes.");
  }
  return failures;
}

export function diffPostgres(olds: PostgresOutputs, news: PostgresInputs): pulumi.dynamic.DiffResult {
  const replaces: string[] = [];
  if (news.ownerId && news.ownerId !== olds.ownerId) replaces.push("ownerId");
  if (news.region !== olds.region) replaces.push("region");
  if (news.version !== olds.version) replaces.push("version");
  if (
    news.databaseName !== undefined &&
    !sameDatabaseName(news.databaseName, olds.databaseName ?? olds.liveDatabaseName)
  ) {
    replaces.push("databaseName");
  }
  if (news.databaseUser !== undefined && news.databaseUser !== (olds.databaseUser ?? olds.liveDatabaseUser)) {
    replaces.push("databaseUser");
  }
  // Delete first: a workspace holds one free database, and the new one's lookup by name must not find the old.
  if (replaces.length > 0) return { changes: true, replaces, deleteBeforeReplace: true };
  const changes =
    patchBody(olds, news) !== undefined ||
    (news.environmentId || undefined) !== (olds.environmentId || undefined) ||
    news.readyTimeoutMinutes !== olds.readyTimeoutMinutes ||
    pending(olds);
  return { changes };
}

export const postgresProvider = datastoreProvider<PostgresInputs, PostgresOutputs, RenderPostgres>({
  token: TOKEN,
  path: "/postgres",
  itemKey: "postgres",
  shape: POSTGRES_SHAPE,
  adoptHint: "check the adoptId (dpg-…) and the workspace",
  parse: postgres,
  toOutputs,
  createBody,
  refuseAdopt(ctx, id, live) {
    if (live.role === "replica") {
      throw new ApiError(
        `${ctx.resource}: adopt failed: ${id} is a read replica; adopt its primary instead`,
        {
          kind: "config",
        },
      );
    }
  },
  converge,
  connectionInfo,
  finish,
  check: checkPostgres,
  diff: diffPostgres,
});

/** A Render Postgres database (`pulumi-nodejs:dynamic/render:Postgres`); `id` is the dpg-… id. */
export class Postgres extends pulumi.dynamic.Resource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly ownerId: pulumi.Output<string>;
  declare public readonly plan: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<string>;
  declare public readonly version: pulumi.Output<string>;
  declare public readonly liveDatabaseName: pulumi.Output<string>;
  declare public readonly liveDatabaseUser: pulumi.Output<string>;
  declare public readonly dashboardUrl: pulumi.Output<string>;
  declare public readonly status: pulumi.Output<string>;
  declare public readonly expiresAt: pulumi.Output<string | undefined>;
  declare public readonly environmentId: pulumi.Output<string | undefined>;
  declare public readonly internalHost: pulumi.Output<string>;
  declare public readonly externalHost: pulumi.Output<string>;
  declare public readonly internalConnectionString: pulumi.Output<string>;
  declare public readonly externalConnectionString: pulumi.Output<string>;

  constructor(name: string, args: PostgresArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      postgresProvider,
      name,
      {
        ownerId: undefined,
        liveDatabaseName: undefined,
        liveDatabaseUser: undefined,
        dashboardUrl: undefined,
        status: undefined,
        expiresAt: undefined,
        environmentId: undefined,
        internalHost: undefined,
        externalHost: undefined,
        internalConnectionString: undefined,
        externalConnectionString: undefined,
        ...args,
      },
      pulumi.mergeOptions(opts, {
        additionalSecretOutputs: ["internalConnectionString", "externalConnectionString"],
      }),
      "render",
      "Postgres",
    );
  }
}
