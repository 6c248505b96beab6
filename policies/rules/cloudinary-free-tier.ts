import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
// The program's own table of Cloudinary's Free plan limits (pure data): one source for both checks.
import { FREE_MEDIA_LIMIT_MB } from "../../components/cloudinary/catalog";
import { configWithDefaults, forTypes } from "../lib/helpers";
import { presetIndex, requireFreeTier } from "../lib/stack-config";
import { presetConfigSet } from "../lib/config-keys";
import { CLOUDINARY_UPLOAD_PRESET } from "../lib/tokens";

interface Config {
  imageMaxBytes: number;
  videoMaxBytes: number;
  rawMaxBytes: number;
}

const MB = 1024 * 1024;

const configSchema: PolicyConfigSchema = {
  properties: {
    imageMaxBytes: {
      type: "integer",
      minimum: 1,
      default: FREE_MEDIA_LIMIT_MB.image * MB,
      description: "Free plan image upload limit.",
    },
    videoMaxBytes: {
      type: "integer",
      minimum: 1,
      default: FREE_MEDIA_LIMIT_MB.video * MB,
      description: "Free plan video upload limit.",
    },
    rawMaxBytes: {
      type: "integer",
      minimum: 1,
      default: FREE_MEDIA_LIMIT_MB.raw * MB,
      description: "Free plan raw file upload limit.",
    },
  },
};

/**
 * The upload limit a preset may promise the frontend. `auto` presets accept any type, and Cloudinary applies
 * each type's own limit, so the smallest one is the only size every upload is guaranteed to pass.
 */
function limitFor(resourceType: unknown, config: Config): number {
  switch (resourceType) {
    case "video":
      return config.videoMaxBytes;
    case "raw":
      return config.rawMaxBytes;
    case "auto":
      return Math.min(config.imageMaxBytes, config.videoMaxBytes, config.rawMaxBytes);
    default:
      return config.imageMaxBytes;
  }
}

export const cloudinaryFreeTier: ResourceValidationPolicy = {
  name: "cloudinary-free-tier",
  description:
    "On the free tier, upload presets never promise files larger than Cloudinary's Free plan accepts.",
  enforcementLevel: "mandatory",
  severity: "low",
  remediationSteps:
    "Lower the preset's size with `pulumi config set --path 'webapp:media.presets[<i>].maxFileSizeMb' <mb>`: " +
    `at most ${FREE_MEDIA_LIMIT_MB.image} for images, ${FREE_MEDIA_LIMIT_MB.raw} for raw files, ` +
    `${FREE_MEDIA_LIMIT_MB.video} for video and ${FREE_MEDIA_LIMIT_MB.auto} for auto, or move the stack to the ` +
    "paid tier with `pulumi config set webapp:tier paid`.",
  configSchema,
  validateResource: forTypes([CLOUDINARY_UPLOAD_PRESET], (props, args, report) => {
    requireFreeTier(args);
    const config = configWithDefaults<Config>(configSchema, args);
    const maxBytes = props.maxFileSizeBytes;
    if (typeof maxBytes !== "number") {
      return;
    }
    const resourceType = props.resourceType ?? "image";
    const limit = limitFor(resourceType, config);
    if (maxBytes > limit) {
      report(
        `maxFileSizeBytes is ${maxBytes} for ${resourceType} uploads; the Free plan accepts at most ${limit} bytes ` +
          `(${limit / MB} MB). Lower it with ` +
          `${presetConfigSet(props.name, presetIndex(props.name), "maxFileSizeMb", String(Math.floor(limit / MB)))}.`,
      );
    }
  }),
};
