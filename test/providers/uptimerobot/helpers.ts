/** Shared set-up for the UptimeRobot provider suites: a fake API v3 per test, the environment pointing at it. */
import { FakeUptimeRobotApi } from "../../fakes/uptimerobot-api";
import { uptimeRobotRuntime } from "../../../providers/uptimerobot/client";
import { type FakeServiceHarness, useFakeService } from "../shared";

export type UptimeHarness = FakeServiceHarness<FakeUptimeRobotApi>;

export function useFakeUptimeRobot(): UptimeHarness {
  return useFakeService({
    env: ["UPTIMEROBOT_API_KEY", "UPTIMEROBOT_API_URL"],
    make: () => new FakeUptimeRobotApi(),
    point: (fake, url) => {
      process.env.UPTIMEROBOT_API_URL = url;
      process.env.UPTIMEROBOT_API_KEY = fake.apiKey;
    },
    resetRuntime: () => {
      const rt = uptimeRobotRuntime();
      rt.apiKey = undefined;
      return rt;
    },
    attempts: 6,
    faultKind: (rule) => rule.fault.kind,
    // Waiting moves the fake's clock, so its rate-limit window really passes.
    onSleep: (fake, ms) => fake.advance(ms),
  });
}
