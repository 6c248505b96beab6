/** Shared set-up for the UptimeRobot provider suites: a fake API v3 per test, the environment pointing at it. */
import { FakeUptimeRobotApi } from "../../fakes/uptimerobot-api";
import { uptimeRobotRuntime } from "../../../providers/uptimerobot/client";
import { ANSWERED_TIMEOUT_MS, saveEnv, shortenTimeoutOnHang } from "../shared";

export interface UptimeHarness {
  fake: FakeUptimeRobotApi;
  /** Every wait the providers asked for, in ms. */
  sleeps: number[];
}

export function useFakeUptimeRobot(): UptimeHarness {
  const h = { sleeps: [] as number[] } as UptimeHarness;
  let restoreEnv: () => void;
  beforeEach(async () => {
    restoreEnv = saveEnv(["UPTIMEROBOT_API_KEY", "UPTIMEROBOT_API_URL"]);
    h.fake = new FakeUptimeRobotApi();
    process.env.UPTIMEROBOT_API_URL = await h.fake.start();
    process.env.UPTIMEROBOT_API_KEY = h.fake.apiKey;
    h.sleeps = [];
    const rt = uptimeRobotRuntime();
    rt.apiKey = undefined;
    rt.retry = {
      attempts: 6,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      timeoutMs: ANSWERED_TIMEOUT_MS,
      random: () => 0.5,
      // Waiting moves the fake's clock, so its rate-limit window really passes.
      sleep: async (ms) => {
        h.sleeps.push(ms);
        h.fake.advance(ms);
      },
    };
    shortenTimeoutOnHang(
      h.fake,
      (rule) => rule.fault.kind,
      () => (rt.retry.timeoutMs = 300),
    );
  });
  afterEach(async () => {
    await h.fake.stop();
    restoreEnv();
  });
  return h;
}
