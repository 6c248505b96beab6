import * as pulumi from "@pulumi/pulumi";
import { guardProvider } from "../shared/boundary";
import { ApiError, orNotFound } from "../shared/http";
import { UNKNOWN } from "../shared/inputs";
import { createOrAdopt } from "../shared/lifecycle";
import { contactAnswer, contactList, type ContactAnswer } from "./answers";
import { configureUptimeRobot, describe, uptimeRobotCall, uptimeRobotCredentials } from "./client";

export interface AlertContactArgs {
  /** The contact's name in the dashboard, e.g. `webapp-dev-oncall`. */
  friendlyName: pulumi.Input<string>;
  /**
   * The address alerts go to. Changing it replaces the contact (the API's update takes no address:
   * internal/client/alert_contact.go `UpdateAlertContactRequest`). UptimeRobot mails the address a link
   * to confirm it; until then the contact's `status` is `NotActivated` and it receives no alert.
   */
  email: pulumi.Input<string>;
  /** Id of an existing contact to take over instead of creating one. Default: none. */
  adoptId?: pulumi.Input<string>;
}

export interface AlertContactInputs {
  friendlyName: string;
  email: string;
  adoptId?: string;
}

export interface AlertContactOutputs {
  friendlyName: string;
  email: string;
  /** NotActivated until the address is confirmed, then Active (or Paused). */
  status: string;
}

const known = (v: unknown) => v !== undefined && v !== UNKNOWN;
const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function outputsOf(c: ContactAnswer): AlertContactOutputs {
  return { friendlyName: c.friendlyName ?? "", email: c.value, status: c.status };
}

async function getContact(what: string, id: string): Promise<AlertContactOutputs | undefined> {
  const found = await orNotFound(
    uptimeRobotCall(what, async (call) => {
      const res = await call("GET", `/alert-contacts/${encodeURIComponent(id)}`);
      return contactAnswer(what, res.status, res.body);
    }),
  );
  if (found && found.type !== "Email") {
    throw new ApiError(
      `${what} failed: contact ${id} is a ${found.type} contact; this resource manages e-mail contacts only`,
      { kind: "config" },
    );
  }
  return found && outputsOf(found);
}

/** The e-mail contact for `email` (the account's contacts are one unpaginated list: `GET /user/alert-contacts`). */
async function contactFor(
  what: string,
  email: string,
): Promise<{ id: string; current: AlertContactOutputs } | undefined> {
  const all = await uptimeRobotCall(what, async (call) => {
    const res = await call("GET", "/user/alert-contacts");
    return contactList(what, res.status, res.body);
  });
  const mine = all.filter((c) => c.type === "Email" && sameEmail(c.value, email));
  return mine[0] && { id: String(mine[0].id), current: outputsOf(mine[0]) };
}

async function rename(what: string, id: string, friendlyName: string): Promise<AlertContactOutputs> {
  return uptimeRobotCall(what, async (call) => {
    const res = await call("PATCH", `/alert-contacts/${encodeURIComponent(id)}`, { body: { friendlyName } });
    return outputsOf(contactAnswer(what, res.status, res.body));
  });
}

const provider: pulumi.dynamic.ResourceProvider<AlertContactInputs, AlertContactOutputs> = {
  configure: configureUptimeRobot,

  async check(_olds, news) {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    if (known(news.email) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(news.email))) {
      failures.push({
        property: "email",
        reason: `email ${JSON.stringify(news.email)} is not an e-mail address; use e.g. "oncall@example.com"`,
      });
    }
    if (known(news.friendlyName) && String(news.friendlyName).trim() === "") {
      failures.push({
        property: "friendlyName",
        reason: 'friendlyName must be a non-empty name, e.g. "webapp-oncall"',
      });
    }
    if (known(news.adoptId) && !/^\d+$/.test(String(news.adoptId))) {
      failures.push({
        property: "adoptId",
        reason: `adoptId ${JSON.stringify(news.adoptId)} is not an alert contact id (a number)`,
      });
    }
    return { inputs: news, failures };
  },

  async create(inputs) {
    const what = describe("AlertContact", inputs.friendlyName);
    return createOrAdopt<AlertContactOutputs>({
      label: what,
      inputs,
      adoptId: inputs.adoptId,
      adoptHint: "alert contact ids are listed by GET /v3/user/alert-contacts",
      read: (id) => getContact(`${what}: read`, id),
      converge: async (id, current) => {
        if (!sameEmail(current.email, inputs.email)) {
          throw new ApiError(
            `${what}: adopt failed: contact ${id} sends to another address; an address cannot be changed, so adopt the contact for ${JSON.stringify(inputs.email)} instead`,
            { kind: "config" },
          );
        }
        return current.friendlyName === inputs.friendlyName
          ? current
          : rename(`${what}: update`, id, inputs.friendlyName);
      },
      // One contact per address: an existing one (from an interrupted run, or made by hand) is taken over
      // rather than duplicated; a second contact would send every alert twice.
      find: () => contactFor(`${what}: look up`, inputs.email),
      create: async () => {
        const op = `${what}: create`;
        return uptimeRobotCall(
          op,
          async (call) => {
            const res = await call("POST", "/alert-contacts", {
              body: { type: "Email", friendlyName: inputs.friendlyName, value: inputs.email },
            });
            const c = contactAnswer(op, res.status, res.body);
            return { id: String(c.id), outs: outputsOf(c) };
          },
          async () => {
            const found = await contactFor(`${what}: look up`, inputs.email);
            return found && { id: found.id, outs: found.current };
          },
        );
      },
    });
  },

  async read(id, props) {
    const found = await getContact(`${describe("AlertContact", props?.friendlyName ?? id)}: read`, id);
    return found ? { id, props: found } : {};
  },

  async diff(_id, olds, news) {
    const replaces = sameEmail(olds.email, news.email) ? [] : ["email"];
    const changes = replaces.length > 0 || olds.friendlyName !== news.friendlyName;
    return { changes, replaces, deleteBeforeReplace: false };
  },

  async update(id, _olds, news) {
    return {
      outs: await rename(`${describe("AlertContact", news.friendlyName)}: update`, id, news.friendlyName),
    };
  },

  async delete(id, props) {
    const what = `${describe("AlertContact", props?.friendlyName ?? id)}: delete`;
    await orNotFound(
      uptimeRobotCall(what, (call) => call("DELETE", `/alert-contacts/${encodeURIComponent(id)}`)),
    );
  },
};

export const alertContactProvider = guardProvider("uptimerobot:AlertContact", provider, {
  nameOf: (props) => (typeof props?.friendlyName === "string" ? props.friendlyName : undefined),
  credentials: uptimeRobotCredentials,
});

/** An UptimeRobot e-mail alert contact (API v3). Token `pulumi-nodejs:dynamic/uptimerobot:AlertContact`. */
export class AlertContact extends pulumi.dynamic.Resource {
  declare public readonly friendlyName: pulumi.Output<string>;
  declare public readonly email: pulumi.Output<string>;
  declare public readonly status: pulumi.Output<string>;

  constructor(name: string, args: AlertContactArgs, opts?: pulumi.CustomResourceOptions) {
    super(alertContactProvider, name, { status: undefined, ...args }, opts, "uptimerobot", "AlertContact");
  }
}
