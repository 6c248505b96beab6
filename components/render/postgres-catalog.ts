/**
 * Render Postgres as the `database` part: its keys, the free plan's rules (stated once, in
 * providers/render/datastore-facts.ts, and read here), regions, policy facts and the plan's mock answer.
 * Pure data: no cloud SDK is loaded with it.
 */
import { z } from "zod";
import {
  POSTGRES_DISK,
  POSTGRES_FREE,
  POSTGRES_HA,
  POSTGRES_PITR_DAYS,
  POSTGRES_PLANS,
  POSTGRES_VERSIONS,
  pitrWindowDays,
} from "../../providers/render/datastore-facts";
import type { ConfigProblem, TargetCatalog } from "../catalog";
import { RENDER_OWN, RENDER_TOKENS, RenderOwn, renderCatalog } from "./catalog";
import { ipAllowList } from "./datastore-settings";

/** Per tier: the free instance type, or the smallest current paid one (R-OAS `postgres.plan`). */
export const RENDER_POSTGRES_DEFAULTS = { free: "free", paid: "basic_1gb" } as const;

/**
 * What the plan shows about the database's recovery: the PITR window per plan and workspace, and on the
 * free plan its expiry and missing backups (POSTGRES_FREE, POSTGRES_PITR_DAYS: sources there).
 */
export function recoveryFact(plan: string, workspace: RenderOwn["workspace"]): string {
  if (plan === "free") {
    const f = POSTGRES_FREE.value;
    return (
      `no backups, no point-in-time recovery (Render free plan); the database expires ${f.expiresAfterDays} days ` +
      `after creation (+${f.graceDays} days' grace); one free database per workspace`
    );
  }
  return (
    `point-in-time recovery: ${pitrWindowDays(plan, workspace)} days (${workspace} workspace; the newest ` +
    `~10 minutes are not restorable; ${POSTGRES_PITR_DAYS.source})`
  );
}

// A number, as `webapp:database.postgresVersion` of the Neon target and YAML's `17` are.
const versions = POSTGRES_VERSIONS.value.map(Number);

export const renderPostgresCatalog: TargetCatalog & { part: "database" } = {
  part: "database",
  name: "render-postgres",
  title: "Render's managed PostgreSQL through its API (external TLS URL)",
  schema: (tier) => ({
    plan: z.enum(POSTGRES_PLANS).default(RENDER_POSTGRES_DEFAULTS[tier]),
    version: z
      .number()
      .int()
      .min(Math.min(...versions))
      .max(Math.max(...versions))
      .default(17),
    diskSizeGB: z.number().int().min(1).optional(),
    highAvailability: z.boolean().default(false),
    ipAllowList,
    /** USD a month from the team's dashboard: no stored source prices Render datastores (policies/cost). */
    monthlyUsd: z.number().min(0).optional(),
  }),
  adopt: {
    // Render Postgres ids are `dpg-` + lowercase letters/digits + `-a` (TF-CAS postgres_cassette.yaml).
    renderPostgres: z
      .string()
      .regex(/^dpg-[a-z0-9]+-[a-z]$/, "must be a Render Postgres id such as dpg-d1u0ub3uibrs73f8v6l0-a")
      .optional(),
  },
  own: RENDER_OWN,
  rules: {
    always: ({ settings: d }) => {
      const problems: ConfigProblem[] = [];
      const plan = String(d.plan);
      const ha = POSTGRES_HA.value;
      if (d.highAvailability === true && !ha.planPrefixes.some((p) => plan.startsWith(p))) {
        problems.push({
          path: "database.highAvailability",
          value: true,
          why: `Render runs a standby only on Pro or Accelerated instance types (${POSTGRES_HA.source})`,
          fix: "false",
        });
      } else if (d.highAvailability === true && Number(d.version) < ha.minVersion) {
        problems.push({
          path: "database.version",
          value: d.version,
          why: `high availability needs PostgreSQL ${ha.minVersion} or later (${POSTGRES_HA.source})`,
          fix: "17",
        });
      }
      const disk = d.diskSizeGB as number | undefined;
      const { smallestGB, stepGB } = POSTGRES_DISK.value;
      if (disk !== undefined && disk !== smallestGB && disk % stepGB !== 0) {
        problems.push({
          path: "database.diskSizeGB",
          value: disk,
          why: `Render disks are ${smallestGB} GB or a multiple of ${stepGB} GB`,
          fix: String(Math.ceil(disk / stepGB) * stepGB),
        });
      }
      return problems;
    },
    free: ({ settings: d }) => [
      ...(d.plan !== "free"
        ? [
            {
              path: "database.plan",
              value: d.plan,
              why: "Render bills every Postgres plan but free",
              fix: "free",
            },
          ]
        : []),
      ...(d.diskSizeGB !== undefined
        ? [
            {
              path: "database.diskSizeGB",
              value: d.diskSizeGB,
              why: `Render's free database has a fixed ${POSTGRES_FREE.value.storageGB} GB disk`,
              fix: undefined,
            },
          ]
        : []),
    ],
    paid: ({ settings: d }) =>
      d.plan === "free"
        ? [
            {
              path: "database.plan",
              value: d.plan,
              why: `a paid stack keeps its data: Render's free database has no backups and expires after ${POSTGRES_FREE.value.expiresAfterDays} days`,
              fix: RENDER_POSTGRES_DEFAULTS.paid,
            },
          ]
        : [],
  },
  regions: renderCatalog.regions,
  // Point-in-time recovery per plan and workspace; the free plan has no backups at all (POSTGRES_PITR_DAYS,
  // POSTGRES_FREE). The recovery-window-minimum policy makes a paid stack's window mandatory.
  recoveryWindow: {
    [RENDER_TOKENS.postgres]: ({ inputs, config }) => {
      const plan = String(inputs.plan);
      const workspace = (config("render") as Partial<RenderOwn> | undefined)?.workspace ?? "hobby";
      return plan === "free"
        ? { seconds: 0, basis: "Render free plan: no backups", source: POSTGRES_FREE.source }
        : {
            seconds: pitrWindowDays(plan, workspace) * 86400,
            basis: `Render Postgres point-in-time recovery (${workspace} workspace)`,
            source: POSTGRES_PITR_DAYS.source,
          };
    },
  },
  resources: {
    [RENDER_TOKENS.postgres]: { stateful: true },
    [RENDER_TOKENS.project]: {},
    [RENDER_TOKENS.environmentMember]: {},
  },
  mocks: {
    // Shapes of TF-CAS postgres_cassette.yaml: internal host `dpg-…-a`, external
    // `dpg-…-a.<region>-postgres.render.com`; the provider appends sslmode=require to the external URL.
    [RENDER_TOKENS.postgres]: ({ inputs, hex, random }) => {
      const id = String(inputs.adoptId ?? `dpg-${hex(20)}-a`);
      const user = String(inputs.databaseUser ?? `${String(inputs.name).replace(/-/g, "_")}_user`);
      const db = String(inputs.databaseName ?? String(inputs.name).replace(/-/g, "_"));
      const externalHost = `${id}.${String(inputs.region)}-postgres.render.com`;
      const password = random(24);
      return {
        id,
        extra: {
          ownerId: `tea-${hex(20, "owner")}`,
          liveDatabaseName: db,
          liveDatabaseUser: user,
          dashboardUrl: `https://dashboard.render.com/d/${id}`,
          status: "available",
          internalHost: id,
          externalHost,
          internalConnectionString: `postgresql://${user}:${password}@${id}/${db}`,
          externalConnectionString: `postgresql://${user}:${password}@${externalHost}/${db}?sslmode=require`,
        },
      };
    },
  },
};
