import * as assert from "node:assert/strict";
import { alertContactProvider, monitorProvider } from "../../../providers/uptimerobot";
import { uptimeRobotRuntime } from "../../../providers/uptimerobot/client";
import { roundTrip } from "../shared";
import { useFakeUptimeRobot } from "./helpers";

describe("uptimerobot providers through the closure serializer", () => {
  const h = useFakeUptimeRobot();

  it("serialize without the API key and still work when loaded the way the dynamic-provider host loads them", async () => {
    uptimeRobotRuntime().apiKey = h.fake.apiKey;
    const monitor = await roundTrip(monitorProvider);
    const contact = await roundTrip(alertContactProvider);
    for (const { text } of [monitor, contact]) assert.ok(!text.includes(h.fake.apiKey));
    const c = await contact.provider.create({ friendlyName: "oncall", email: "oncall@example.com" });
    const m = await monitor.provider.create({
      friendlyName: "webapp-dev-api",
      url: "https://webapp-dev-api.onrender.com/healthz",
      type: "HTTP",
      interval: 300,
      alertContactIds: [c.id],
    });
    assert.deepEqual([h.fake.monitors.size, h.fake.contacts.size, m.outs!.alertContactIds], [1, 1, [c.id]]);
  });
});
