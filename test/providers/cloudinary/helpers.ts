/** Shared set-up for the Cloudinary provider suites: a fake Admin API per test, env pointing at it. */
import { FakeCloudinaryApi } from "../../fakes/cloudinary-api";
import { cloudinaryRuntime } from "../../../providers/cloudinary/client";
import { ANSWERED_TIMEOUT_MS, saveEnv, shortenTimeoutOnHang } from "../shared";

export interface CloudinaryHarness {
  fake: FakeCloudinaryApi;
  /** Every backoff the providers asked for, in ms. */
  sleeps: number[];
}

export function useFakeCloudinary(): CloudinaryHarness {
  const h = { sleeps: [] as number[] } as CloudinaryHarness;
  let restoreEnv: () => void;
  beforeEach(async () => {
    restoreEnv = saveEnv(["CLOUDINARY_URL", "CLOUDINARY_API_URL"]);
    h.fake = new FakeCloudinaryApi();
    process.env.CLOUDINARY_API_URL = await h.fake.start();
    process.env.CLOUDINARY_URL = h.fake.cloudinaryUrl;
    h.sleeps = [];
    const rt = cloudinaryRuntime();
    rt.url = undefined;
    rt.retry = {
      attempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      timeoutMs: ANSWERED_TIMEOUT_MS,
      // Full jitter drawn at its middle, so each backoff is exactly half the exponential ceiling.
      random: () => 0.5,
      sleep: async (ms) => {
        h.sleeps.push(ms);
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
