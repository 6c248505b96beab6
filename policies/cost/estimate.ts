import {
  PROJECT_TYPE as SENTRY_PROJECT_TYPE,
  FREE_PLAN_MONTHLY_USD as SENTRY_FREE_USD,
} from "../../components/sentry/catalog";
import {
  MONITOR_TYPE as UPTIMEROBOT_MONITOR,
  FREE_PLAN_MONTHLY_USD as UPTIMEROBOT_FREE_USD,
} from "../../components/uptimerobot/catalog";
import { HOURS_PER_MONTH } from "../../components/catalog";
import { CLOUDINARY_PLAN_USD_PER_MONTH } from "../../components/cloudinary/catalog";
import {
  NEON_FREE_USD,
  NEON_LAUNCH_USD_PER_CU_HOUR,
  NEON_LAUNCH_USD_PER_GB_MONTH,
} from "../../components/neon/catalog";
import {
  RENDER_PLAN_USD_PER_MONTH,
  RENDER_WORKSPACE_USD_PER_USER_MONTH,
} from "../../components/render/catalog";
import {
  UPSTASH_DEFAULT_BUDGET_USD,
  UPSTASH_FREE_USD,
  UPSTASH_PROD_PACK_USD,
} from "../../components/upstash/catalog";
import { VERCEL_PLAN_USD_PER_SEAT_MONTH } from "../../components/vercel/catalog";
import {
  CLOUDINARY_FOLDER,
  CLOUDINARY_UPLOAD_PRESET,
  NEON_BRANCH,
  NEON_ENDPOINT,
  NEON_PROJECT,
  RENDER_BACKGROUND_WORKER,
  RENDER_KEY_VALUE,
  RENDER_POSTGRES,
  RENDER_WEB_SERVICE,
  UPSTASH_REDIS_DATABASE,
  VERCEL_PROJECT,
} from "../lib/tokens";
import { DOCKER_TYPES, dockerMonthlyCost } from "../../components/docker/catalog";

/**
 * Estimated monthly cost of a stack, from its resources' properties (inputs or outputs: our dynamic
 * resources echo their inputs as outputs). Assumptions, kept here so the report can be read against them:
 *
 * - Render: plan price × instances; with autoscaling, × the minimum instance count. `free` costs $0.
 *   A Professional workspace (`webapp:render.workspace`) adds RENDER_SEATS member(s) × its per-user fee,
 *   charged on the stack's first Render service.
 * - Neon on the free tier: the Free plan, $0. Otherwise the Launch plan: each compute (a project's default
 *   endpoint, a branch's endpoint, a read replica) bills its minimum CU for
 *   - 730 h when scale-to-zero is disabled (`suspendTimeoutSeconds: -1`), else
 *   - NEON_ACTIVE_HOURS_PER_DAY h a day (a working day's traffic; the other hours it is suspended);
 *   plus NEON_ASSUMED_STORAGE_GB of storage per project. The Launch plan's $5 account minimum never binds:
 *   the smallest compute (0.25 CU) alone comes to $7.25 under these assumptions.
 *   Extra branches beyond the 10 included per project, restore history and egress are not modelled.
 * - Upstash on the free tier with no paid option: the free database, $0. Otherwise pay-as-you-go at its
 *   `budget` (the database is throttled there, so it is the worst case), plus Prod Pack when set.
 * - Cloudinary: one account per stack, Free on the free tier, else Plus; charged on the stack's first folder
 *   (else its first upload preset).
 * - Vercel: one team per stack, Hobby on the free tier, else Pro with VERCEL_SEATS seat(s); charged on the
 *   stack's first project.
 * - A Docker host: `webapp:docker.hostMonthlyUsd` (the VPS's price, from config), once, charged on the stack's
 *   first container; containers, networks and volumes on it add nothing. Unset: unpriced, never $0.
 * - Everything else (env vars, roles, presets beyond the first, images in GHCR) costs nothing extra.
 */
const NEON_ACTIVE_HOURS_PER_DAY = 9;
const NEON_ASSUMED_STORAGE_GB = 1;
const VERCEL_SEATS = 1;
const RENDER_SEATS = 1;

/** Stack settings that price something no resource shows. */
export interface CostSettings {
  /** `webapp:render.workspace`; default `hobby` (no fee). */
  renderWorkspace?: string;
  /** `webapp:docker.hostMonthlyUsd`: the Docker host's monthly price; absent: unknown. */
  dockerHostMonthlyUsd?: number;
  /**
   * USD a month the stack states for its Render datastores (`webapp:database.monthlyUsd`,
   * `webapp:cache.monthlyUsd`): no stored source prices Render Postgres or Key Value, so the team states
   * what its dashboard shows; unset: the resource stays unpriced and the budget check refuses to guess.
   */
  statedUsd?: { database?: number; cache?: number };
}

/** {@link CostSettings} from a stack's config as the engine hands it over (`webapp:render` is JSON). */
export function costSettingsOf(config: Record<string, string | undefined>): CostSettings {
  const host = parseJson(config["webapp:docker"]) as { hostMonthlyUsd?: unknown } | undefined;
  const docker =
    typeof host?.hostMonthlyUsd === "number" ? { dockerHostMonthlyUsd: host.hostMonthlyUsd } : {};
  const field = (key: string, name: string): unknown =>
    (parseJson(config[key]) as Record<string, unknown> | null | undefined)?.[name];
  const workspace = field("webapp:render", "workspace");
  const number = (v: unknown) => (typeof v === "number" ? v : undefined);
  const database = number(field("webapp:database", "monthlyUsd"));
  const cache = number(field("webapp:cache", "monthlyUsd"));
  return {
    ...(typeof workspace === "string" ? { renderWorkspace: workspace } : {}),
    ...(database !== undefined || cache !== undefined ? { statedUsd: { database, cache } } : {}),
    ...docker,
  };
}

function parseJson(raw: string | undefined): unknown {
  try {
    return raw === undefined ? undefined : JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export interface CostInput {
  urn: string;
  type: string;
  name: string;
  props: Record<string, unknown>;
}

export interface CostLine {
  urn: string;
  type: string;
  name: string;
  /** Rounded to cents. */
  monthlyUsd: number;
  /** How the figure was reached, in words (no property values other than sizes, plans and counts). */
  basis: string;
}

/** A billable resource the table cannot price (an unknown plan, say): the budget check refuses to guess. */
export interface Unpriced {
  urn: string;
  type: string;
  name: string;
  reason: string;
}

export interface CostEstimate {
  lines: CostLine[];
  /** Sum of the rounded lines. */
  totalUsd: number;
  unpriced: Unpriced[];
  /** The stack at its autoscaling maximum; absent when nothing autoscales. */
  ceiling?: CostCeiling;
}

/**
 * What the stack costs a month when everything that autoscales runs at its maximum all month: the figure a
 * reviewer weighs when a pull request raises an autoscaling limit, which leaves the estimate (the floor)
 * unchanged. Kept apart from the estimate's lines, which the budget policy and earlier plan files hold.
 */
export interface CostCeiling {
  /** The estimate's total with each autoscaling line at its maximum. */
  totalUsd: number;
  /** One line per resource that autoscales, at its maximum. */
  lines: CostLine[];
}

const MONITOR_TYPE = UPTIMEROBOT_MONITOR;
const SENTRY_PROJECT = SENTRY_PROJECT_TYPE;

const RENDER_TYPES = [RENDER_WEB_SERVICE, RENDER_BACKGROUND_WORKER];
/** Render's datastores: their free plans cost nothing (render.com/docs/free); no stored source prices the rest. */
const RENDER_DATASTORES: Readonly<Record<string, { what: string; part: "database" | "cache" }>> = {
  [RENDER_POSTGRES]: { what: "Postgres", part: "database" },
  [RENDER_KEY_VALUE]: { what: "Key Value", part: "cache" },
};
const CLOUDINARY_TYPES = [CLOUDINARY_FOLDER, CLOUDINARY_UPLOAD_PRESET];

const cents = (usd: number) => Math.round(usd * 100);
const usd = (c: number) => c / 100;
const dollars = (n: number) => `$${n.toFixed(2)}`;
/** Unit rates keep their own precision ($0.106/CU-h). */
const rate = (n: number) => `$${n}`;

interface NeonCompute {
  minCu: unknown;
  suspendTimeoutSeconds: unknown;
}

/** Monthly CU-hours of one Neon compute at its autoscaling maximum: the maximum CU all month. */
function neonCeilingHours(c: NeonCompute & { maxCu: unknown }): { hours: number; basis: string } | undefined {
  if (typeof c.maxCu !== "number") {
    return undefined;
  }
  return {
    hours: c.maxCu * HOURS_PER_MONTH,
    basis: `${c.maxCu} CU (autoscaling maximum) × ${HOURS_PER_MONTH} h`,
  };
}

/** Monthly CU-hours of one Neon compute and the words that explain them. */
function neonComputeHours(c: NeonCompute): { hours: number; basis: string } | undefined {
  if (typeof c.minCu !== "number") {
    return undefined;
  }
  const alwaysOn = c.suspendTimeoutSeconds === -1;
  const hoursRun = alwaysOn ? HOURS_PER_MONTH : (HOURS_PER_MONTH * NEON_ACTIVE_HOURS_PER_DAY) / 24;
  return {
    hours: c.minCu * hoursRun,
    basis: alwaysOn
      ? `${c.minCu} CU always on × ${HOURS_PER_MONTH} h`
      : `${c.minCu} CU × ${hoursRun} h (${NEON_ACTIVE_HOURS_PER_DAY} h/day active, scale to zero otherwise)`,
  };
}

export function estimateMonthlyCost(
  resources: readonly CostInput[],
  tier: string | undefined,
  settings: CostSettings = {},
): CostEstimate {
  const free = tier === "free";
  const workspace = settings.renderWorkspace ?? "hobby";
  const lines: CostLine[] = [];
  const unpriced: Unpriced[] = [];
  const ceilings: CostLine[] = [];
  const line = (r: CostInput, amountUsd: number, basis: string) =>
    lines.push({ urn: r.urn, type: r.type, name: r.name, monthlyUsd: usd(cents(amountUsd)), basis });
  const ceiling = (r: CostInput, amountUsd: number, basis: string) =>
    ceilings.push({ urn: r.urn, type: r.type, name: r.name, monthlyUsd: usd(cents(amountUsd)), basis });

  for (const r of resources) {
    const p = r.props;
    if (RENDER_TYPES.includes(r.type)) {
      const plan = String(p.plan);
      const price = RENDER_PLAN_USD_PER_MONTH.value[plan];
      if (price === undefined) {
        unpriced.push({
          urn: r.urn,
          type: r.type,
          name: r.name,
          reason: `no price for Render plan '${plan}'`,
        });
        continue;
      }
      const autoscaling = p.autoscaling as { enabled?: boolean; min?: number; max?: number } | undefined;
      const scaled = autoscaling?.enabled === true;
      const instances = scaled
        ? Number(autoscaling.min)
        : typeof p.numInstances === "number"
          ? p.numInstances
          : 1;
      const scaling = scaled ? ` (autoscaling ${autoscaling.min}-${autoscaling.max}, minimum billed)` : "";
      const seat = RENDER_WORKSPACE_USD_PER_USER_MONTH.value[workspace];
      if (seat === undefined) {
        unpriced.push({
          urn: r.urn,
          type: r.type,
          name: r.name,
          reason: `no price for Render workspace '${workspace}'`,
        });
        continue;
      }
      const fee =
        seat > 0 && resources.find((x) => RENDER_TYPES.includes(x.type)) === r ? seat * RENDER_SEATS : 0;
      const workspaceFee = fee ? ` + ${workspace} workspace: ${RENDER_SEATS} user(s) × ${dollars(seat)}` : "";
      line(
        r,
        price * instances + fee,
        `Render ${plan}: ${instances} × ${dollars(price)}/instance-month${scaling}${workspaceFee}`,
      );
      if (scaled) {
        const max = Number(autoscaling.max);
        ceiling(
          r,
          price * max + fee,
          `Render ${plan}: ${max} × ${dollars(price)}/instance-month (autoscaling maximum)${workspaceFee}`,
        );
      }
    } else if (RENDER_DATASTORES[r.type]) {
      const { what, part } = RENDER_DATASTORES[r.type];
      const plan = String(p.plan);
      const stated = settings.statedUsd?.[part];
      if (plan === "free") {
        line(r, 0, `Render ${what} free plan (render.com/docs/free)`);
      } else if (stated !== undefined) {
        line(
          r,
          stated,
          `Render ${what} ${plan}: price unknown (no source); as stated in webapp:${part}.monthlyUsd`,
        );
      } else {
        unpriced.push({
          urn: r.urn,
          type: r.type,
          name: r.name,
          reason: `price unknown (no source) for Render ${what} plan '${plan}'; state it with webapp:${part}.monthlyUsd`,
        });
      }
    } else if (r.type === NEON_PROJECT || r.type === NEON_BRANCH || r.type === NEON_ENDPOINT) {
      const compute =
        r.type === NEON_PROJECT
          ? { minCu: p.autoscalingMinCu, suspendTimeoutSeconds: p.suspendTimeoutSeconds }
          : r.type === NEON_BRANCH
            ? (p.endpoint as NeonCompute | undefined)
            : { minCu: p.minCu, suspendTimeoutSeconds: p.suspendTimeoutSeconds };
      if (free) {
        if (r.type !== NEON_BRANCH || compute) {
          line(r, NEON_FREE_USD.value, "Neon Free plan");
        }
        continue;
      }
      const parts: string[] = [];
      const ceilingParts: string[] = [];
      let amount = 0;
      let ceilingAmount = 0;
      if (compute) {
        const hours = neonComputeHours(compute);
        if (!hours) {
          unpriced.push({
            urn: r.urn,
            type: r.type,
            name: r.name,
            reason: "Neon compute without a numeric minCu",
          });
          continue;
        }
        amount += hours.hours * NEON_LAUNCH_USD_PER_CU_HOUR.value;
        parts.push(`${hours.basis} at ${rate(NEON_LAUNCH_USD_PER_CU_HOUR.value)}/CU-h`);
        const top = neonCeilingHours({
          ...compute,
          maxCu:
            r.type === NEON_PROJECT
              ? p.autoscalingMaxCu
              : r.type === NEON_ENDPOINT
                ? p.maxCu
                : (compute as { maxCu?: unknown }).maxCu,
        });
        if (top) {
          ceilingAmount += top.hours * NEON_LAUNCH_USD_PER_CU_HOUR.value;
          ceilingParts.push(`${top.basis} at ${rate(NEON_LAUNCH_USD_PER_CU_HOUR.value)}/CU-h`);
        }
      }
      if (r.type === NEON_PROJECT) {
        const storage = NEON_ASSUMED_STORAGE_GB * NEON_LAUNCH_USD_PER_GB_MONTH.value;
        const words = `${NEON_ASSUMED_STORAGE_GB} GB storage (assumed) at ${rate(NEON_LAUNCH_USD_PER_GB_MONTH.value)}/GB-month`;
        amount += storage;
        parts.push(words);
        if (ceilingParts.length > 0) {
          ceilingAmount += storage;
          ceilingParts.push(words);
        }
      }
      if (parts.length > 0) {
        line(r, amount, `Neon Launch: ${parts.join(" + ")}`);
      }
      if (ceilingParts.length > 0) {
        ceiling(r, ceilingAmount, `Neon Launch: ${ceilingParts.join(" + ")}`);
      }
    } else if (r.type === UPSTASH_REDIS_DATABASE) {
      const paidOptions =
        p.prodPack === true ||
        p.autoScale === true ||
        (Array.isArray(p.readRegions) && p.readRegions.length > 0);
      if (free && !paidOptions) {
        line(r, UPSTASH_FREE_USD.value, "Upstash free database");
        continue;
      }
      const budget = typeof p.budget === "number" ? p.budget : UPSTASH_DEFAULT_BUDGET_USD.value;
      const prodPack = p.prodPack === true ? UPSTASH_PROD_PACK_USD.value : 0;
      line(
        r,
        budget + prodPack,
        `Upstash pay-as-you-go at its ${dollars(budget)} budget cap` +
          (prodPack ? ` + Prod Pack ${dollars(prodPack)}` : ""),
      );
    } else if (CLOUDINARY_TYPES.includes(r.type)) {
      const account =
        resources.find((x) => x.type === CLOUDINARY_FOLDER) ??
        resources.find((x) => x.type === CLOUDINARY_UPLOAD_PRESET);
      if (account === r) {
        const plans = CLOUDINARY_PLAN_USD_PER_MONTH.value;
        line(
          r,
          free ? plans.free : plans.plus,
          free ? "Cloudinary Free plan (account)" : "Cloudinary Plus plan (account)",
        );
      }
    } else if (r.type === DOCKER_TYPES.container) {
      if (resources.find((x) => x.type === DOCKER_TYPES.container) === r) {
        for (const item of dockerMonthlyCost(settings.dockerHostMonthlyUsd)) {
          if (item.usd === undefined) {
            unpriced.push({
              urn: r.urn,
              type: r.type,
              name: r.name,
              reason: `${item.item}: webapp:docker.hostMonthlyUsd is not set`,
            });
          } else {
            line(r, item.usd, `${item.item}: ${dollars(item.usd)}/month from webapp:docker.hostMonthlyUsd`);
          }
        }
      }
    } else if (r.type === MONITOR_TYPE || r.type === SENTRY_PROJECT) {
      // One account line each: the free plans bill nothing per monitor or project.
      if (resources.find((x) => x.type === r.type) === r) {
        const monitors = resources.filter((x) => x.type === MONITOR_TYPE).length;
        line(
          r,
          r.type === MONITOR_TYPE ? UPTIMEROBOT_FREE_USD.value : SENTRY_FREE_USD.value,
          r.type === MONITOR_TYPE
            ? `UptimeRobot Free plan (account): ${monitors} monitor(s) [${UPTIMEROBOT_FREE_USD.source}]`
            : `Sentry Developer plan (organization) [${SENTRY_FREE_USD.source}]`,
        );
      }
    } else if (r.type === VERCEL_PROJECT) {
      if (resources.find((x) => x.type === VERCEL_PROJECT) === r) {
        const plans = VERCEL_PLAN_USD_PER_SEAT_MONTH.value;
        line(
          r,
          free ? plans.hobby : plans.pro * VERCEL_SEATS,
          free ? "Vercel Hobby (team)" : `Vercel Pro: ${VERCEL_SEATS} seat(s) × ${dollars(plans.pro)} (team)`,
        );
      }
    }
  }

  const total = (ls: readonly CostLine[]) => usd(ls.reduce((sum, l) => sum + cents(l.monthlyUsd), 0));
  const estimate: CostEstimate = { lines, totalUsd: total(lines), unpriced };
  if (ceilings.length > 0) {
    const top = new Map(ceilings.map((c) => [c.urn, c]));
    estimate.ceiling = { totalUsd: total(lines.map((l) => top.get(l.urn) ?? l)), lines: ceilings };
  }
  return estimate;
}
