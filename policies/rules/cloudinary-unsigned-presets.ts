import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { presetConfigSet } from "../lib/config-keys";
import { configWithDefaults, forTypes } from "../lib/helpers";
import { presetIndex } from "../lib/stack-config";
import { CLOUDINARY_UPLOAD_PRESET } from "../lib/tokens";

interface Config {
  allowedPresets: string[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    allowedPresets: {
      type: "array",
      items: { type: "string" },
      default: [],
      description:
        "Names of unsigned presets that are public on purpose (the note is not repeated for them).",
    },
  },
};

const MB = 1024 * 1024;

/**
 * An unsigned preset needs no API secret: anyone who reads the cloud name and the preset name from the
 * frontend's bundle can upload to the account, up to the preset's size limit (else the plan's), and spend its
 * storage and credits (../shared/reference/real-world.md, Cloudinary). Advisory: browser uploads without a
 * backend round trip are a legitimate choice, once it is a conscious one.
 */
export const cloudinaryUnsignedPresets: ResourceValidationPolicy = {
  name: "cloudinary-unsigned-presets",
  description: "Unsigned Cloudinary upload presets are public write endpoints and exist only on purpose.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Sign uploads on the backend (it holds CLOUDINARY_URL) and make the preset signed with " +
    "`pulumi config set --path 'webapp:media.presets[<i>].unsigned' false`; keep a preset unsigned only with a " +
    "small maxFileSizeMb and allowedFormats, and list it in this policy's allowedPresets.",
  configSchema,
  validateResource: forTypes([CLOUDINARY_UPLOAD_PRESET], (props, args, report) => {
    if (props.unsigned !== true) {
      return;
    }
    const config = configWithDefaults<Config>(configSchema, args);
    if (config.allowedPresets.includes(props.name)) {
      return;
    }
    const size =
      typeof props.maxFileSizeBytes === "number"
        ? `files of up to ${Math.round((props.maxFileSizeBytes / MB) * 100) / 100} MB`
        : "files up to the plan's size limit";
    report(
      `Upload preset '${props.name}' is unsigned: anyone with the cloud name and the preset name can upload ` +
        `${size}. Sign uploads on the backend with ` +
        `${presetConfigSet(props.name, presetIndex(props.name), "unsigned", "false")}, or keep it public on purpose.`,
    );
  }),
};
