import * as pulumi from "@pulumi/pulumi";
import { guardProvider } from "../shared/boundary";
import { ApiError, orNotFound } from "../shared/http";
import { UNKNOWN, compact } from "../shared/inputs";
import { createOrAdopt } from "../shared/lifecycle";
import { paginate } from "../shared/paginate";
import { contactIdsOf, monitorAnswer, monitorPage, type MonitorAnswer } from "./answers";
import { configureUptimeRobot, describe, uptimeRobotCall, uptimeRobotCredentials } from "./client";

/** The monitor types this provider manages: a status check, or a status check that also looks for a word. */
export type MonitorType = "HTTP" | "KEYWORD";
/** KEYWORD monitors alert when the word is there (ALERT_EXISTS) or missing (ALERT_NOT_EXISTS). */
export type KeywordType = "ALERT_EXISTS" | "ALERT_NOT_EXISTS";

export interface MonitorArgs {
  /** The monitor's name in the dashboard and in alerts; how an interrupted run's monitor is found again. */
  friendlyName: pulumi.Input<string>;
  /** The URL checked, e.g. `https://api.example.com/healthz`. */
  url: pulumi.Input<string>;
  /** HTTP (any 2xx/3xx is up) or KEYWORD (also checks the body). */
  type: pulumi.Input<MonitorType>;
  /** Seconds between checks. The free plan's floor (300) is a policy, not checked here. */
  interval: pulumi.Input<number>;
  /** Seconds a check waits for the answer. Default: the API's (30). */
  timeout?: pulumi.Input<number>;
  /** KEYWORD only: when to alert. */
  keywordType?: pulumi.Input<KeywordType>;
  /** KEYWORD only: the word looked for, e.g. `"ok"`. */
  keywordValue?: pulumi.Input<string>;
  /** Alert contacts notified on down and up (their ids, e.g. `AlertContact.id`). Default: none. */
  alertContactIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Id of an existing monitor to take over instead of creating one. Default: none. */
  adoptId?: pulumi.Input<string>;
}

export interface MonitorInputs {
  friendlyName: string;
  url: string;
  type: MonitorType;
  interval: number;
  timeout?: number;
  keywordType?: KeywordType;
  keywordValue?: string;
  alertContactIds?: string[];
  adoptId?: string;
}

export interface MonitorOutputs {
  friendlyName: string;
  url: string;
  type: string;
  interval: number;
  timeout?: number;
  keywordType?: string;
  keywordValue?: string;
  alertContactIds: string[];
  /** UP, DOWN, PAUSED, ... as the API reports it at the last read. */
  status?: string;
}

const TYPES: readonly string[] = ["HTTP", "KEYWORD"];
const KEYWORD_TYPES: readonly string[] = ["ALERT_EXISTS", "ALERT_NOT_EXISTS"];

const known = (v: unknown) => v !== undefined && v !== UNKNOWN;

/**
 * The create/update body (internal/client/monitor.go `CreateMonitorRequest`). Free accounts take only
 * threshold 0 and recurrence 0 on an assigned contact (targets.md section 8), so those are sent as such.
 */
export function monitorBody(i: MonitorInputs): Record<string, unknown> {
  const keyword = i.type === "KEYWORD";
  return compact({
    friendlyName: i.friendlyName,
    url: i.url,
    type: i.type,
    interval: i.interval,
    timeout: i.timeout,
    keywordType: keyword ? i.keywordType : undefined,
    keywordValue: keyword ? i.keywordValue : undefined,
    assignedAlertContacts: [...(i.alertContactIds ?? [])]
      .sort()
      .map((id) => ({ alertContactId: id, threshold: 0, recurrence: 0 })),
  });
}

function outputsOf(m: MonitorAnswer): MonitorOutputs {
  return compact({
    friendlyName: m.friendlyName,
    url: m.url ?? "",
    type: m.type,
    interval: m.interval,
    timeout: m.timeout,
    keywordType: m.keywordType ?? undefined,
    keywordValue: m.keywordValue ?? undefined,
    alertContactIds: contactIdsOf(m),
    status: m.status,
  });
}

const sameList = (a: string[] | undefined, b: string[] | undefined) =>
  JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...(b ?? [])].sort());

/** The inputs' keys whose value differs from the monitor's; a timeout the inputs leave out is the API's. */
export function changedKeys(olds: Partial<MonitorOutputs>, news: MonitorInputs): string[] {
  const keyword = news.type === "KEYWORD";
  const changed: string[] = [];
  for (const key of ["friendlyName", "url", "type", "interval"] as const) {
    if (olds[key] !== news[key]) changed.push(key);
  }
  if (news.timeout !== undefined && olds.timeout !== news.timeout) changed.push("timeout");
  if (keyword && olds.keywordType !== news.keywordType) changed.push("keywordType");
  if (keyword && olds.keywordValue !== news.keywordValue) changed.push("keywordValue");
  if (!sameList(olds.alertContactIds, news.alertContactIds)) changed.push("alertContactIds");
  return changed;
}

async function getMonitor(what: string, id: string): Promise<MonitorOutputs | undefined> {
  return orNotFound(
    uptimeRobotCall(what, async (call) => {
      const res = await call("GET", `/monitors/${encodeURIComponent(id)}`);
      return outputsOf(monitorAnswer(what, res.status, res.body));
    }),
  );
}

/**
 * Every monitor named exactly `name`. The API's `name` filter is not documented as exact (the Terraform
 * provider compares names itself after filtering), so the list is filtered here too, over every page.
 */
async function monitorsNamed(
  what: string,
  name: string,
): Promise<Array<{ id: string; current: MonitorOutputs }>> {
  const all = await paginate(what, (cursor) =>
    uptimeRobotCall(what, async (call) => {
      const res = await call("GET", "/monitors", { query: { name, cursor } });
      return monitorPage(what, res.status, res.body);
    }),
  );
  return all.filter((m) => m.friendlyName === name).map((m) => ({ id: String(m.id), current: outputsOf(m) }));
}

async function patch(what: string, id: string, inputs: MonitorInputs): Promise<MonitorOutputs> {
  return uptimeRobotCall(what, async (call) => {
    const res = await call("PATCH", `/monitors/${encodeURIComponent(id)}`, { body: monitorBody(inputs) });
    return outputsOf(monitorAnswer(what, res.status, res.body));
  });
}

function checkInputs(news: MonitorInputs): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  if (
    known(news.friendlyName) &&
    (typeof news.friendlyName !== "string" || news.friendlyName.trim() === "")
  ) {
    fail("friendlyName", 'friendlyName must be a non-empty name, e.g. "webapp-dev-api"');
  }
  if (known(news.url) && !/^https?:\/\/[^/\s]+/.test(String(news.url))) {
    fail(
      "url",
      `url ${JSON.stringify(news.url)} is not an http(s) URL; use e.g. "https://api.example.com/healthz"`,
    );
  }
  if (known(news.type) && !TYPES.includes(news.type)) {
    fail("type", `type ${JSON.stringify(news.type)} is not one of ${TYPES.join(", ")}`);
  }
  if (known(news.interval) && (!Number.isInteger(news.interval) || news.interval <= 0)) {
    fail("interval", `interval ${JSON.stringify(news.interval)} must be a whole number of seconds, e.g. 300`);
  }
  if (news.type === "KEYWORD") {
    const kt: unknown = news.keywordType;
    if (kt !== UNKNOWN && !KEYWORD_TYPES.includes(String(kt))) {
      fail("keywordType", `a KEYWORD monitor needs keywordType ${KEYWORD_TYPES.join(" or ")}`);
    }
    if (news.keywordValue === undefined || news.keywordValue === "") {
      fail("keywordValue", 'a KEYWORD monitor needs keywordValue, the word to look for, e.g. "ok"');
    }
  } else if (news.type === "HTTP" && (news.keywordType !== undefined || news.keywordValue !== undefined)) {
    fail(
      "keywordValue",
      "keywordType and keywordValue apply to KEYWORD monitors only; set type to KEYWORD or drop them",
    );
  }
  if (known(news.adoptId) && !/^\d+$/.test(String(news.adoptId))) {
    fail(
      "adoptId",
      `adoptId ${JSON.stringify(news.adoptId)} is not a monitor id; ids are numbers, as the monitor's dashboard URL shows`,
    );
  }
  return failures;
}

const provider: pulumi.dynamic.ResourceProvider<MonitorInputs, MonitorOutputs> = {
  configure: configureUptimeRobot,

  async check(_olds, news) {
    return { inputs: news, failures: checkInputs(news) };
  },

  async create(inputs) {
    const name = inputs.friendlyName;
    const what = describe("Monitor", name);
    const lookUp = async () => {
      const found = await monitorsNamed(`${what}: look up`, name);
      if (found.length > 1) {
        throw new ApiError(
          `${what}: create failed: ${found.length} monitors are named ${JSON.stringify(name)} (ids ${found.map((f) => f.id).join(", ")}); take one over with adoptId and delete the others, then run again`,
          { kind: "config", status: 409 },
        );
      }
      return found[0];
    };
    return createOrAdopt<MonitorOutputs>({
      label: what,
      inputs,
      adoptId: inputs.adoptId,
      adoptHint: "a monitor's id is the number in its dashboard URL (uptimerobot.com/dashboard#<id>)",
      read: (id) => getMonitor(`${what}: read`, id),
      converge: async (id, current) =>
        changedKeys(current, inputs).length > 0 ? patch(`${what}: update`, id, inputs) : current,
      // Names are the program's own (one per stack and endpoint): a monitor with this name is one an
      // interrupted run made, or the create whose answer was lost.
      find: lookUp,
      create: async () => {
        const op = `${what}: create`;
        return uptimeRobotCall(
          op,
          async (call) => {
            const res = await call("POST", "/monitors", { body: monitorBody(inputs) });
            const m = monitorAnswer(op, res.status, res.body);
            return { id: String(m.id), outs: outputsOf(m) };
          },
          async () => {
            const found = await lookUp();
            return found && { id: found.id, outs: found.current };
          },
        );
      },
    });
  },

  async read(id, props) {
    const found = await getMonitor(`${describe("Monitor", props?.friendlyName ?? id)}: read`, id);
    return found ? { id, props: found } : {};
  },

  async diff(_id, olds, news) {
    const changed = changedKeys(olds, news);
    return { changes: changed.length > 0, replaces: [], stables: [] };
  },

  async update(id, _olds, news) {
    return { outs: await patch(`${describe("Monitor", news.friendlyName)}: update`, id, news) };
  },

  async delete(id, props) {
    const what = `${describe("Monitor", props?.friendlyName ?? id)}: delete`;
    await orNotFound(uptimeRobotCall(what, (call) => call("DELETE", `/monitors/${encodeURIComponent(id)}`)));
  },
};

export const monitorProvider = guardProvider("uptimerobot:Monitor", provider, {
  nameOf: (props) => (typeof props?.friendlyName === "string" ? props.friendlyName : undefined),
  credentials: uptimeRobotCredentials,
});

/** An UptimeRobot monitor (API v3). Token `pulumi-nodejs:dynamic/uptimerobot:Monitor`. */
export class Monitor extends pulumi.dynamic.Resource {
  declare public readonly friendlyName: pulumi.Output<string>;
  declare public readonly url: pulumi.Output<string>;
  declare public readonly type: pulumi.Output<string>;
  declare public readonly interval: pulumi.Output<number>;
  declare public readonly timeout: pulumi.Output<number | undefined>;
  declare public readonly keywordType: pulumi.Output<string | undefined>;
  declare public readonly keywordValue: pulumi.Output<string | undefined>;
  declare public readonly alertContactIds: pulumi.Output<string[]>;
  declare public readonly status: pulumi.Output<string | undefined>;

  constructor(name: string, args: MonitorArgs, opts?: pulumi.CustomResourceOptions) {
    super(monitorProvider, name, { status: undefined, ...args }, opts, "uptimerobot", "Monitor");
  }
}
