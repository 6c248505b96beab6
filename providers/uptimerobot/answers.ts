/**
 * UptimeRobot v3 answer shapes and their normalisation. Sources (github
 * uptimerobot/terraform-provider-uptimerobot, UptimeRobot's own client):
 *
 * - a monitor (`internal/client/monitor.go` `Monitor`): `id` (number), `friendlyName`, `url`, `type`
 *   (HTTP, KEYWORD, ...), `interval` and `timeout` in seconds, `keywordType`, `keywordValue`, `status`,
 *   `assignedAlertContacts[{alertContactId, threshold, recurrence}]`, where `alertContactId` comes as a
 *   string or a number (`StringOrNumberID`);
 * - a monitor list (`MonitorListResponse`): the items under `data` (older answers: `monitors`), the next page
 *   as `nextLink` (a URL with a `cursor` parameter) or `nextCursorId`; both forms are handled;
 * - an alert contact (`internal/client/alert_contact.go` `UserAlertContact`): `id`, `friendlyName`, `type`,
 *   `value`, `status`, where `type` and `status` come as names or as v2's numbers (`enumString`).
 */
import { ApiError } from "../shared/http";
import { expectShape, type Shape } from "../shared/shape";

const MONITOR: Shape = {
  id: "number",
  friendlyName: "string",
  "url?": "string",
  type: "string",
  interval: "number",
  "timeout?": "number",
  "keywordType?": "string",
  "keywordValue?": "string",
  "status?": "string",
  "assignedAlertContacts?": "array",
};

export interface MonitorAnswer {
  id: number;
  friendlyName: string;
  url?: string;
  type: string;
  interval: number;
  timeout?: number;
  keywordType?: string | null;
  keywordValue?: string | null;
  status?: string;
  assignedAlertContacts?: Array<{ alertContactId: string | number }>;
}

export function monitorAnswer(what: string, status: number, body: unknown): MonitorAnswer {
  const m = expectShape<MonitorAnswer>(what, status, body, MONITOR);
  for (const [i, c] of (m.assignedAlertContacts ?? []).entries()) {
    const id = (c as { alertContactId?: unknown } | null)?.alertContactId;
    if (typeof id !== "string" && typeof id !== "number") {
      throw new ApiError(
        `${what} failed: ${status} answer is not what the API documents: \`answer.assignedAlertContacts[${i}].alertContactId\` is not a string or a number`,
        { kind: "parse", status },
      );
    }
  }
  return m;
}

/** The contact ids of a monitor, as strings, sorted (the API does not promise an order). */
export function contactIdsOf(m: MonitorAnswer): string[] {
  return (m.assignedAlertContacts ?? []).map((c) => String(c.alertContactId)).sort();
}

export interface MonitorPage {
  items: MonitorAnswer[];
  next?: string;
}

export function monitorPage(what: string, status: number, body: unknown): MonitorPage {
  const page = expectShape<{
    data?: unknown[];
    monitors?: unknown[];
    nextLink?: unknown;
    nextCursorId?: unknown;
  }>(what, status, body, { "data?": "array", "monitors?": "array" });
  const raw = page.data ?? page.monitors;
  if (raw === undefined) {
    throw new ApiError(
      `${what} failed: ${status} answer is not what the API documents: \`answer.data\` is missing`,
      {
        kind: "parse",
        status,
      },
    );
  }
  const items = raw.map((m) => monitorAnswer(what, status, m));
  return { items, next: nextCursor(what, status, page.nextLink, page.nextCursorId) };
}

function nextCursor(what: string, status: number, link: unknown, id: unknown): string | undefined {
  if (typeof id === "number" || (typeof id === "string" && id !== "")) return String(id);
  if (link === undefined || link === null || link === "") return undefined;
  const cursor = typeof link === "string" ? safeUrl(link)?.searchParams.get("cursor") : undefined;
  if (!cursor) {
    throw new ApiError(
      `${what} failed: ${status} answer is not what the API documents: \`answer.nextLink\` has no cursor parameter`,
      { kind: "parse", status },
    );
  }
  return cursor;
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text, "https://api.uptimerobot.com/v3/");
  } catch {
    return undefined;
  }
}

export interface ContactAnswer {
  id: number;
  friendlyName?: string | null;
  type: string;
  value: string;
  status: string;
}

/** v2's numbers, as the v3 answers may still carry them (TF `alertContactTypeByNumber`, `...StatusByNumber`). */
const CONTACT_TYPES: Record<number, string> = { 2: "Email" };
const CONTACT_STATUSES: Record<number, string> = { 0: "NotActivated", 1: "Paused", 2: "Active" };

export function contactAnswer(what: string, status: number, body: unknown): ContactAnswer {
  const c = expectShape<{
    id: number;
    friendlyName?: string;
    type: unknown;
    value: string;
    status?: unknown;
  }>(
    what,
    status,
    body,
    // `type` and `status` are names or numbers, which a Shape cannot say: enumName checks them.
    { id: "number", "friendlyName?": "string", value: "string" },
  );
  return {
    id: c.id,
    friendlyName: c.friendlyName,
    value: c.value,
    type: enumName(what, status, "type", c.type, CONTACT_TYPES),
    status:
      c.status === undefined || c.status === null
        ? ""
        : enumName(what, status, "status", c.status, CONTACT_STATUSES),
  };
}

function enumName(
  what: string,
  status: number,
  key: string,
  v: unknown,
  byNumber: Record<number, string>,
): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return byNumber[v] ?? String(v);
  throw new ApiError(
    `${what} failed: ${status} answer is not what the API documents: \`answer.${key}\` is not a name or a number`,
    { kind: "parse", status },
  );
}

export function contactList(what: string, status: number, body: unknown): ContactAnswer[] {
  const list = expectShape<unknown[]>(what, status, body, "array");
  return list.map((c) => contactAnswer(what, status, c));
}
