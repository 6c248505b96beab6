import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./index";

const FIX = (stack: string) =>
  `pulumi config set --secret cloudinary:url 'cloudinary://<api_key>:<api_secret>@<cloud_name>' --stack ${stack} (or export CLOUDINARY_URL)`;

/**
 * The one credential the program itself hands on: the backend's `CLOUDINARY_URL`. The other provider
 * credentials (render:apiKey, NEON_API_KEY, upstash:*, vercel:*) are read by the providers when they run,
 * so the program never holds them. Checked before any resource exists, so a bad value creates nothing.
 */
export function cloudinaryUrl(stack: string): pulumi.Output<string> {
  // The raw runtime lookup: `Config.get` would warn that the value is a secret, and `getSecret` only
  // yields it asynchronously, after resources could already have been registered.
  const value = pulumi.runtime.getConfig("cloudinary:url") ?? process.env.CLOUDINARY_URL;
  if (!value) {
    throw new ConfigError(
      "cloudinary:url",
      `cloudinary:url is missing; the backend needs CLOUDINARY_URL (cloudinary://<api_key>:<api_secret>@<cloud_name>). Fix: ${FIX(stack)}`,
    );
  }
  if (!/^cloudinary:\/\/[^:@/]+:[^@/]+@[^/?#]+$/.test(value)) {
    // Never echo the value: it carries the API secret.
    throw new ConfigError(
      "cloudinary:url",
      `cloudinary:url is not a Cloudinary URL; expected cloudinary://<api_key>:<api_secret>@<cloud_name>. Fix: ${FIX(stack)}`,
    );
  }
  return pulumi.secret(value);
}
