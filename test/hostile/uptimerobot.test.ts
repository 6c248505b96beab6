/** The hostile-API harness against both UptimeRobot resource types, through the proxy in front of the fake. */
import * as assert from "node:assert/strict";
import { alertContactProvider, monitorProvider, type MonitorInputs } from "../../providers/uptimerobot";
import { uptimeRobotRuntime } from "../../providers/uptimerobot/client";
import { FakeUptimeRobotApi } from "../fakes/uptimerobot-api";
import { ANSWERED_TIMEOUT_MS, saveEnv } from "../providers/shared";
import { HostileProxy, startHostileProxy } from "./proxy";
import { HUNG_TIMEOUT_MS, Target, hostileSuite } from "./suite";

function tune(fake: FakeUptimeRobotApi, overrides: { attempts?: number; timeoutMs?: number } = {}): void {
  uptimeRobotRuntime().retry = {
    attempts: 3,
    timeoutMs: ANSWERED_TIMEOUT_MS,
    random: () => 0,
    sleep: async (ms) => fake.advance(ms),
    ...overrides,
  };
}

function useUptimeRobot() {
  const ctx = {} as { fake: FakeUptimeRobotApi; restore: () => void };
  return {
    ctx,
    async setup(proxyOrigin: string) {
      ctx.fake = new FakeUptimeRobotApi();
      await ctx.fake.start();
      ctx.restore = saveEnv(["UPTIMEROBOT_API_KEY", "UPTIMEROBOT_API_URL"]);
      process.env.UPTIMEROBOT_API_KEY = ctx.fake.apiKey;
      process.env.UPTIMEROBOT_API_URL = `${proxyOrigin}/v3`;
      uptimeRobotRuntime().apiKey = undefined;
      tune(ctx.fake);
    },
    async teardown() {
      await ctx.fake.stop();
      ctx.restore();
    },
  };
}

const monitor: MonitorInputs = {
  friendlyName: "hostile-monitor",
  url: "https://webapp-hostile.onrender.com/healthz",
  type: "HTTP",
  interval: 300,
};
const contact = { friendlyName: "hostile-contact", email: "hostile@example.com" };

function target(
  type: string,
  name: string,
  drive: (
    fake: FakeUptimeRobotApi,
  ) => Pick<Target, "create" | "read" | "createRoute" | "readRoute" | "existing">,
  list?: Target["list"],
): Target {
  const env = useUptimeRobot();
  return {
    type,
    name,
    setup: (origin) => env.setup(origin),
    upstream: () => env.ctx.fake.baseUrl.replace(/\/v3$/, ""),
    teardown: () => env.teardown(),
    quick: () => tune(env.ctx.fake, { attempts: 2, timeoutMs: HUNG_TIMEOUT_MS }),
    create: () => drive(env.ctx.fake).create(),
    read: () => drive(env.ctx.fake).read(),
    get createRoute() {
      return drive(env.ctx.fake).createRoute;
    },
    get readRoute() {
      return drive(env.ctx.fake).readRoute;
    },
    existing: () => drive(env.ctx.fake).existing(),
    get secrets() {
      return [env.ctx.fake.apiKey];
    },
    list,
  };
}

/** The id of the one resource of this kind the fake holds (the read drives need one that exists). */
const onlyId = (ids: number[]) => String(ids[0] ?? 1);

hostileSuite(
  target(
    "uptimerobot:Monitor",
    monitor.friendlyName,
    (fake) => ({
      create: () => monitorProvider.create(monitor),
      read: () =>
        monitorProvider.read!(onlyId([...fake.monitors.keys()]), { ...monitor, alertContactIds: [] }),
      createRoute: { method: "POST", path: /^\/v3\/monitors$/ },
      readRoute: { method: "GET", path: /^\/v3\/monitors\/\d+$/ },
      existing: () => [...fake.monitors.keys()].map(String),
    }),
    {
      route: { method: "GET", path: /^\/v3\/monitors$/ },
      page: () => JSON.stringify({ data: [], nextLink: "https://api.uptimerobot.com/v3/monitors?cursor=7" }),
      via: "create",
    },
  ),
);

hostileSuite(
  target("uptimerobot:AlertContact", contact.friendlyName, (fake) => ({
    create: () => alertContactProvider.create(contact),
    read: () =>
      alertContactProvider.read!(onlyId([...fake.contacts.keys()]), { ...contact, status: "NotActivated" }),
    createRoute: { method: "POST", path: /^\/v3\/alert-contacts$/ },
    readRoute: { method: "GET", path: /^\/v3\/alert-contacts\/\d+$/ },
    existing: () => [...fake.contacts.keys()].map(String),
  })),
);

describe("hostile API: uptimerobot beyond the shared cases", () => {
  const env = useUptimeRobot();
  let proxy: HostileProxy;
  beforeEach(async () => {
    proxy = await startHostileProxy(() => env.ctx.fake.baseUrl.replace(/\/v3$/, ""));
    await env.setup(proxy.origin);
  });
  afterEach(async () => {
    await proxy.close();
    await env.teardown();
  });

  it("a next page whose nextLink has no cursor stops with a clear message instead of a wrong list", async () => {
    proxy.rules.push({
      method: "GET",
      path: "/v3/monitors",
      act: {
        kind: "answer",
        status: 200,
        body: '{"data": [], "nextLink": "https://api.uptimerobot.com/v3/monitors"}',
      },
    });
    await assert.rejects(monitorProvider.create(monitor), {
      message:
        'uptimerobot:Monitor "hostile-monitor": look up failed: 200 answer is not what the API documents: `answer.nextLink` has no cursor parameter',
    });
  });

  it("an alert contact id of the wrong type in a monitor's answer is named, not a TypeError", async () => {
    const { id } = await monitorProvider.create(monitor);
    proxy.rules.push({
      method: "GET",
      path: `/v3/monitors/${id}`,
      act: {
        kind: "rewrite",
        rewrite: (b) => ({ ...(b as object), assignedAlertContacts: [{ alertContactId: true }] }),
      },
    });
    await assert.rejects(monitorProvider.read!(id, { ...monitor, alertContactIds: [] }), {
      message: `uptimerobot:Monitor "hostile-monitor": read failed: 200 answer is not what the API documents: \`answer.assignedAlertContacts[0].alertContactId\` is not a string or a number`,
    });
  });

  it("every request carries the Bearer key and reaches only the configured origin", async () => {
    await monitorProvider.create(monitor);
    await alertContactProvider.create(contact);
    assert.ok(env.ctx.fake.requests.every((r) => r.authorization === `Bearer ${env.ctx.fake.apiKey}`));
    assert.deepEqual(proxy.reachedElsewhere, []);
  });
});
