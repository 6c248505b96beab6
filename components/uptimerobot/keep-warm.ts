/**
 * Keep-warm quota math: what one stack's keep-warm choice costs in the free quotas it draws on, as pure
 * functions of the choice. The facts carry their sources (../../../shared/reference/render.md "Free
 * instances", neon-upstash-cloudinary-vercel-docker.md 1.3, targets.md section 8).
 *
 * Why it matters: an uptime monitor that pings a free Render service more often than Render's 15-minute
 * spin-down keeps it running all month, and every running hour comes out of the workspace's 750 free
 * instance hours. One warm service (744 h in a 31-day month) fits; two (1,488 h) exhaust the pool around day
 * 16, after which Render suspends every free service of the workspace until the month ends. The monitor's
 * endpoint must not touch the database: a DB-touching ping at or under Neon's 5-minute suspend timeout keeps
 * the compute awake all month (0.25 CU x 744 h = 186 CU-h, over the free 100).
 */
import { NEON_FREE_CU_HOURS, NEON_MIN_CU, NEON_SUSPEND_SECONDS } from "../neon/catalog";
import { RENDER_FREE_INSTANCE_HOURS, RENDER_SPIN_DOWN_SECONDS } from "../render/catalog";
import { DEFAULT_INTERVAL_SECONDS, FREE_MIN_INTERVAL_SECONDS, FREE_MONITORS, HEALTH_PATH } from "./catalog";

// The vendors' facts live in their catalogs; re-exported for the plan and the tests that read them here.
export {
  NEON_FREE_CU_HOURS,
  NEON_MIN_CU,
  NEON_SUSPEND_SECONDS,
  RENDER_FREE_INSTANCE_HOURS,
  RENDER_SPIN_DOWN_SECONDS,
};

/** One stack's keep-warm choice. */
export interface KeepWarmChoice {
  /** Free Render web services a monitor keeps warm (0 = let them sleep). */
  warmServices: number;
  /** The monitor's interval in seconds (UptimeRobot's `interval`). */
  intervalSeconds: number;
  /** Monitors the stack creates in the UptimeRobot account, counting those other stacks already hold. */
  monitors: number;
  /** Whether the monitored endpoint queries the database (the reference app's /healthz does not). */
  touchesDatabase: boolean;
  /** The Neon compute's size in CU. Default 0.25. */
  computeUnits?: number;
  /** Days in the month being planned. Default 31, the worst case. */
  daysInMonth?: number;
  /** Instance hours other free services of the workspace use anyway. Default 0. */
  otherInstanceHours?: number;
  /** CU-hours the app's own traffic uses anyway. Default 0. */
  otherComputeHours?: number;
}

export interface QuotaUse {
  /** e.g. "render free instance hours". */
  quota: string;
  used: number;
  limit: number;
  unit: string;
  over: boolean;
  /** One sentence for the plan, naming the cause when over. */
  note: string;
  source: string;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Hours a monitor with this interval keeps a service that sleeps after `idleSeconds` awake, per month. */
function awakeHours(intervalSeconds: number, idleSeconds: number, monthHours: number): number {
  // Each ping wakes it and it stays up `idleSeconds` after; a ping before that keeps it up without a break.
  if (intervalSeconds <= idleSeconds) return monthHours;
  return monthHours * (idleSeconds / intervalSeconds);
}

export function renderInstanceHours(choice: KeepWarmChoice): QuotaUse {
  const month = (choice.daysInMonth ?? 31) * 24;
  const perService =
    choice.warmServices > 0 ? awakeHours(choice.intervalSeconds, RENDER_SPIN_DOWN_SECONDS.value, month) : 0;
  const used = round(choice.warmServices * perService + (choice.otherInstanceHours ?? 0));
  const limit = RENDER_FREE_INSTANCE_HOURS.value;
  const over = used > limit;
  return {
    quota: "render free instance hours",
    used,
    limit,
    unit: "instance-hours/month",
    over,
    note: over
      ? `${choice.warmServices} kept-warm free service(s) use ${used} of ${limit} workspace hours a month; once spent, Render suspends every free service of the workspace until the month ends: keep at most one free service warm`
      : `${used} of ${limit} workspace hours a month`,
    source: RENDER_FREE_INSTANCE_HOURS.source,
  };
}

export function neonComputeHours(choice: KeepWarmChoice): QuotaUse {
  const month = (choice.daysInMonth ?? 31) * 24;
  const cu = choice.computeUnits ?? NEON_MIN_CU.value;
  const awake =
    choice.touchesDatabase && choice.warmServices > 0
      ? awakeHours(choice.intervalSeconds, NEON_SUSPEND_SECONDS.value, month)
      : 0;
  const used = round(awake * cu + (choice.otherComputeHours ?? 0));
  const limit = NEON_FREE_CU_HOURS.value;
  const over = used > limit;
  return {
    quota: "neon free compute hours",
    used,
    limit,
    unit: "CU-hours/month",
    over,
    note: over
      ? `the monitor's endpoint queries the database, so the ${cu} CU compute stays awake and uses ${used} of ${limit} CU-hours a month; point the monitor at /healthz, which does not touch the database`
      : `${used} of ${limit} CU-hours a month`,
    source: NEON_FREE_CU_HOURS.source,
  };
}

export function monitorCount(choice: KeepWarmChoice): QuotaUse {
  const limit = FREE_MONITORS.value;
  const over = choice.monitors > limit;
  return {
    quota: "uptimerobot free monitors",
    used: choice.monitors,
    limit,
    unit: "monitors",
    over,
    note: over
      ? `${choice.monitors} monitors exceed the free plan's ${limit}`
      : `${choice.monitors} of ${limit} monitors`,
    source: FREE_MONITORS.source,
  };
}

/** The free plan's shortest interval is a floor, not a ceiling: "over" means checking more often than it allows. */
export function monitorInterval(choice: KeepWarmChoice): QuotaUse {
  const limit = FREE_MIN_INTERVAL_SECONDS.value;
  const over = choice.intervalSeconds < limit;
  return {
    quota: "uptimerobot free minimum interval",
    used: choice.intervalSeconds,
    limit,
    unit: "seconds (at least)",
    over,
    note: over
      ? `an interval of ${choice.intervalSeconds} s is shorter than the free plan's ${limit} s; use ${limit} s or more (under ${RENDER_SPIN_DOWN_SECONDS.value} s still keeps a service warm)`
      : `every ${choice.intervalSeconds} s`,
    source: FREE_MIN_INTERVAL_SECONDS.source,
  };
}

/** Whether the interval keeps a free service warm at all: longer than the spin-down, every ping is a cold start. */
export function keepsWarm(intervalSeconds: number): boolean {
  return intervalSeconds <= RENDER_SPIN_DOWN_SECONDS.value;
}

/** Every quota a keep-warm choice draws on, in the order the plan shows them. */
export function keepWarmQuotas(choice: KeepWarmChoice): QuotaUse[] {
  return [
    renderInstanceHours(choice),
    neonComputeHours(choice),
    monitorCount(choice),
    monitorInterval(choice),
  ];
}

/** `webapp:ops.uptime` as the stack file holds it (defaults not yet filled in). */
export interface UptimeSettings {
  keepWarm?: boolean;
  interval?: number;
  path?: string;
}

/**
 * The keep-warm choice a stack makes, from its `webapp:ops.uptime` and what it deploys: every public
 * endpoint has a monitor, so each free Render web service is pinged at the stack's interval and spends
 * instance hours whether `keepWarm` says so or not (each ping wakes it for the spin-down time). A path other
 * than {@link HEALTH_PATH} is counted as querying the database: nothing vouches that it does not.
 */
export function stackKeepWarmChoice(
  uptime: UptimeSettings,
  deployed: { freeWebServices: number; monitors: number },
): KeepWarmChoice {
  return {
    warmServices: deployed.freeWebServices,
    intervalSeconds: uptime.interval ?? DEFAULT_INTERVAL_SECONDS,
    monitors: deployed.monitors,
    touchesDatabase: (uptime.path ?? HEALTH_PATH) !== HEALTH_PATH,
  };
}
