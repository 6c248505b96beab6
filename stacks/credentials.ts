import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./index";

/**
 * The one credential the program itself hands on: the backend's `CLOUDINARY_URL`. The other provider
 * credentials (render:apiKey, NEON_API_KEY, upstash:*, vercel:*) are read by the providers when they run,
 * so the program never holds them.
 */
export function cloudinaryUrl(stack: string): pulumi.Output<string> {
  const configured = new pulumi.Config("cloudinary").getSecret("url");
  const fromEnv = process.env.CLOUDINARY_URL;
  if (!configured && !fromEnv) {
    throw new ConfigError(
      "cloudinary:url",
      `cloudinary:url is missing; the backend needs CLOUDINARY_URL (cloudinary://<api_key>:<api_secret>@<cloud_name>). Fix: pulumi config set --secret cloudinary:url 'cloudinary://<api_key>:<api_secret>@<cloud_name>' --stack ${stack} (or export CLOUDINARY_URL)`,
    );
  }
  const url = configured ?? pulumi.secret(fromEnv!);
  return url.apply((value) => {
    if (!/^cloudinary:\/\/[^:@/]+:[^@/]+@[^/?#]+/.test(value)) {
      // Never echo the value: it carries the API secret.
      throw new ConfigError(
        "cloudinary:url",
        `cloudinary:url is not a Cloudinary URL; expected cloudinary://<api_key>:<api_secret>@<cloud_name>. Fix: pulumi config set --secret cloudinary:url 'cloudinary://<api_key>:<api_secret>@<cloud_name>' --stack ${stack}`,
      );
    }
    return value;
  });
}
