/**
 * Cloudinary, as the rest of the program needs to know it: the `media` part's config, the Free plan's upload
 * limits, the policy facts and the plan's mock answers. Pure data: no cloud SDK is loaded with it.
 */
import { z } from "zod";
import type { Price, TargetCatalog } from "../catalog";

const dynamic = (type: string) => `pulumi-nodejs:dynamic/cloudinary:${type}`;
export const CLOUDINARY_TOKENS = {
  uploadPreset: dynamic("UploadPreset"),
  folder: dynamic("Folder"),
} as const;

/** Cloudinary upload resource types. */
export const MEDIA_RESOURCE_TYPES = ["image", "video", "raw", "auto"] as const;

/** Cloudinary Free plan upload limits per resource type, in MB (Cloudinary usage API `media_limits`). */
export const FREE_MEDIA_LIMIT_MB = { image: 10, video: 100, raw: 10, auto: 10 } as const;

const mediaFolder = z
  .string()
  .regex(/^[^/?&#\\%<>]+(\/[^/?&#\\%<>]+)*$/, "must be a folder path without leading or trailing /");

/** One Cloudinary upload preset; every key but the name has a default. */
export const presetSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "must use letters, digits, - and _ only"),
  // An unsigned preset is a public write endpoint: anyone with the cloud and preset names can upload.
  unsigned: z.boolean().default(false),
  resourceType: z.enum(MEDIA_RESOURCE_TYPES).default("image"),
  allowedFormats: z.array(z.string().regex(/^[a-z0-9]+$/)).default(["jpg", "jpeg", "png", "webp", "gif"]),
  maxFileSizeMb: z.number().positive().default(10),
  transformation: z.string().min(1).optional(),
  tags: z.array(z.string().min(1)).default([]),
});
type PresetConfig = z.output<typeof presetSchema>;

// Prices, each with the page it was read from and when (the cost estimate, policies/cost/estimate.ts).
/** Cloudinary Image & Video API plans, USD per month (Plus billed monthly). */
export const CLOUDINARY_PLAN_USD_PER_MONTH: Price<{ free: number; plus: number }> = {
  value: { free: 0, plus: 99 },
  source: "https://cloudinary.com/pricing",
  read: "2026-11-22",
  note:
    "brief; secondary copies give $89 (billed yearly) to $99 (billed monthly) for Plus, and the monthly price " +
    "is used. Free: 25 credits/month (https://cloudinary.com/documentation/billing_and_plans).",
};

export const cloudinaryCatalog: TargetCatalog & { part: "media" } = {
  part: "media",
  name: "cloudinary",
  title: "Media on Cloudinary (a folder per stack and its upload presets)",
  schema: () => ({ folder: mediaFolder.optional(), presets: z.array(presetSchema).optional() }),
  adopt: { mediaFolder: mediaFolder.optional() },
  rules: {
    always: ({ settings, adopt }) =>
      adopt.mediaFolder !== undefined &&
      settings.folder !== undefined &&
      settings.folder !== adopt.mediaFolder
        ? [
            {
              path: "adopt.mediaFolder",
              value: adopt.mediaFolder,
              why: `the adopted folder is the stack's media folder, but webapp:media.folder is ${JSON.stringify(settings.folder)}`,
              fix: "pulumi config rm --path webapp:media.folder",
            },
          ]
        : [],
    free: ({ settings }) =>
      ((settings.presets as PresetConfig[] | undefined) ?? []).flatMap((p, i) => {
        const limit = FREE_MEDIA_LIMIT_MB[p.resourceType];
        return p.maxFileSizeMb > limit
          ? [
              {
                path: `media.presets[${i}].maxFileSizeMb`,
                value: p.maxFileSizeMb,
                why: `Cloudinary Free accepts ${p.resourceType} uploads up to ${limit} MB`,
                fix: String(limit),
              },
            ]
          : [];
      }),
  },
  resolve: (settings, facts, adopt) => {
    const presets = (settings.presets as PresetConfig[] | undefined) ?? [
      presetSchema.parse({ name: `${facts.prefix}-uploads` }),
    ];
    return {
      folder: settings.folder ?? adopt.mediaFolder ?? facts.prefix,
      presets: presets.map(({ maxFileSizeMb, ...p }) => ({
        ...p,
        maxFileSizeBytes: Math.round(maxFileSizeMb * 1024 * 1024),
      })),
    };
  },
  secrets: [
    {
      name: "url",
      key: "cloudinary:url",
      env: "CLOUDINARY_URL",
      pattern: /^cloudinary:\/\/[^:@/]+:[^@/]+@[^/?#]+$/,
      shape: "cloudinary://<api_key>:<api_secret>@<cloud_name>",
      what: "a Cloudinary URL",
      why: "the backend needs CLOUDINARY_URL",
    },
  ],
  resources: {
    [CLOUDINARY_TOKENS.folder]: { stateful: true },
    [CLOUDINARY_TOKENS.uploadPreset]: {},
  },
  mocks: {
    [CLOUDINARY_TOKENS.uploadPreset]: ({ inputs }) => ({ id: String(inputs.name) }),
    [CLOUDINARY_TOKENS.folder]: ({ inputs }) => ({ id: String(inputs.path) }),
  },
};
