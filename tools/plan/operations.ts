/**
 * What keeps the stack up and recoverable, for every printed format: monitors, error tracking (DSNs masked),
 * the keep-warm quota sums, each database's recovery window and the backup workflow's schedule. Read from
 * the planned resources and the catalogs, never a second copy of them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describeWindow, recoveryWindows, type RecoverySubject } from "../../components/recovery";
import { PROJECT_TYPE } from "../../components/sentry/catalog";
import { ALERT_CONTACT_TYPE, MONITOR_TYPE } from "../../components/uptimerobot/catalog";
import {
  keepWarmQuotas,
  stackKeepWarmChoice,
  type QuotaUse,
  type UptimeSettings,
} from "../../components/uptimerobot/keep-warm";
import { NEON_TOKENS } from "../../components/neon/catalog";
import { RENDER_TOKENS } from "../../components/render/catalog";

export interface OperationsReport {
  monitors: Array<{ name: string; type: unknown; url: unknown; interval: unknown }>;
  alertEmails: unknown[];
  errorTracking: Array<{ project: unknown; platform: unknown; dsn: string }>;
  /** Free stacks with monitors only: what their pings cost in each quota. */
  keepWarm: QuotaUse[];
  recoveryWindows: Array<{ name: string; window: string; basis: string; source: string }>;
  backups?: { schedule: string; retentionDays: number; source: string };
}

const BACKUP_WORKFLOW = ".github/workflows/backup.yml";

/** The nightly backup workflow's cron and artifact retention, as the file states them; absent: no workflow. */
export function backupSchedule(root: string): OperationsReport["backups"] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, BACKUP_WORKFLOW), "utf8");
  } catch {
    return undefined;
  }
  const cron = /cron:\s*"([^"]+)"/.exec(text)?.[1];
  const days = /retention-days:\s*(\d+)/.exec(text)?.[1];
  return cron && days
    ? { schedule: `cron "${cron}" (UTC)`, retentionDays: Number(days), source: BACKUP_WORKFLOW }
    : undefined;
}

export function operationsOf(
  resources: readonly RecoverySubject[],
  config: Record<string, string>,
  root: string,
): OperationsReport {
  const of = (type: string) => resources.filter((r) => r.type === type);
  const parse = (key: string): unknown => {
    const raw = config[`webapp:${key}`];
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  };
  const monitors = of(MONITOR_TYPE);
  const uptime = (parse("ops") as { uptime?: UptimeSettings } | undefined)?.uptime;
  const free = config["webapp:tier"] === "free";
  const neon = of(NEON_TOKENS.project).length > 0;
  const keepWarm =
    free && uptime && monitors.length > 0
      ? keepWarmQuotas(
          stackKeepWarmChoice(uptime, {
            freeWebServices: of(RENDER_TOKENS.webService).filter((r) => r.inputs.plan === "free").length,
            monitors: monitors.length,
          }),
        ).filter((q) => neon || !q.quota.startsWith("neon"))
      : [];
  return {
    monitors: monitors.map((m) => ({
      name: m.name,
      type: m.inputs.type,
      url: m.inputs.url,
      interval: m.inputs.interval,
    })),
    alertEmails: of(ALERT_CONTACT_TYPE).map((c) => c.inputs.email),
    errorTracking: of(PROJECT_TYPE).map((p) => ({
      project: p.inputs.slug,
      platform: p.inputs.platform,
      dsn: "[secret]",
    })),
    keepWarm,
    recoveryWindows: recoveryWindows(resources, parse).map((r) => ({
      name: r.name,
      window: describeWindow(r.window.seconds),
      basis: r.window.basis,
      source: r.window.source,
    })),
    backups: backupSchedule(root),
  };
}

/** The section as plain lines (text format) or Markdown bullets: one statement per fact. */
export function operationsLines(o: OperationsReport): string[] {
  const out: string[] = [];
  for (const m of o.monitors) {
    out.push(`monitor ${m.name}: ${String(m.type)} ${String(m.url)} every ${String(m.interval)} s`);
  }
  if (o.alertEmails.length) out.push(`alerts to: ${o.alertEmails.map(String).join(", ")}`);
  for (const e of o.errorTracking) {
    out.push(`error tracking: Sentry project ${String(e.project)} (${String(e.platform)}), DSN ${e.dsn}`);
  }
  for (const q of o.keepWarm) {
    out.push(
      `keep-warm ${q.quota}: ${q.used} of ${q.limit} ${q.unit}${q.over ? " (OVER)" : ""}; ${q.note} [${q.source}]`,
    );
  }
  for (const r of o.recoveryWindows) {
    out.push(`recovery window ${r.name}: ${r.window} (${r.basis}) [${r.source}]`);
  }
  if (o.backups) {
    out.push(
      `backups: nightly logical dump, ${o.backups.schedule}, kept ${o.backups.retentionDays} days [${o.backups.source}]`,
    );
  }
  return out;
}
