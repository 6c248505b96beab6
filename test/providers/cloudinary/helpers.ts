/** Shared set-up for the Cloudinary provider suites: a fake Admin API per test, env pointing at it. */
import { FakeCloudinaryApi } from "../../fakes/cloudinary-api";
import { cloudinaryRuntime } from "../../../providers/cloudinary/client";
import { type FakeServiceHarness, useFakeService } from "../shared";

export type CloudinaryHarness = FakeServiceHarness<FakeCloudinaryApi>;

export function useFakeCloudinary(): CloudinaryHarness {
  return useFakeService({
    env: ["CLOUDINARY_URL", "CLOUDINARY_API_URL"],
    make: () => new FakeCloudinaryApi(),
    point: (fake, url) => {
      process.env.CLOUDINARY_API_URL = url;
      process.env.CLOUDINARY_URL = fake.cloudinaryUrl;
    },
    resetRuntime: () => {
      const rt = cloudinaryRuntime();
      rt.url = undefined;
      return rt;
    },
    attempts: 5,
    faultKind: (rule) => rule.fault.kind,
  });
}
