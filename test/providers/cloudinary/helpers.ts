/** Shared set-up for the Cloudinary provider suites: a fake Admin API per test, env pointing at it. */
import { FakeCloudinaryApi } from "../../fakes/cloudinary-api";
import { cloudinaryRuntime } from "../../../providers/cloudinary/client";

export interface CloudinaryHarness {
  fake: FakeCloudinaryApi;
  /** Every backoff the providers asked for, in ms. */
  sleeps: number[];
}

export function useFakeCloudinary(): CloudinaryHarness {
  const h = { sleeps: [] as number[] } as CloudinaryHarness;
  const saved = { url: process.env.CLOUDINARY_URL, api: process.env.CLOUDINARY_API_URL };
  beforeEach(async () => {
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
      timeoutMs: 300,
      // Full jitter drawn at its middle, so each backoff is exactly half the exponential ceiling.
      random: () => 0.5,
      sleep: async (ms) => {
        h.sleeps.push(ms);
      },
    };
  });
  afterEach(async () => {
    await h.fake.stop();
    restore("CLOUDINARY_URL", saved.url);
    restore("CLOUDINARY_API_URL", saved.api);
  });
  return h;
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
