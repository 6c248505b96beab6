import * as pulumi from "@pulumi/pulumi";
import { ApiError, orNotFound } from "../shared/http";
import { compact } from "../shared/inputs";
import { cloudinaryCall, configureCloudinary, describe } from "./client";

export type ResourceType = "image" | "video" | "raw" | "auto";

export interface UploadPresetArgs {
  /** Preset name, unique per Cloudinary product environment; the upload widget refers to it. Replaces. */
  name: pulumi.Input<string>;
  /** Unsigned presets let browsers upload without a server-side signature. */
  unsigned: pulumi.Input<boolean>;
  /** Public-id folder (fixed folder mode). */
  folder?: pulumi.Input<string>;
  /** Media Library folder (dynamic folder mode). */
  assetFolder?: pulumi.Input<string>;
  /** Formats an upload may have, e.g. `["jpg", "png", "webp"]`. Default: any. */
  allowedFormats?: pulumi.Input<pulumi.Input<string>[]>;
  /** Tags added to every upload. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** Incoming transformation applied before storage, e.g. `c_limit,w_2000,h_2000`. */
  transformation?: pulumi.Input<string>;
  /** Whether an upload may replace an asset with the same public id. Cloudinary's default: true. */
  overwrite?: pulumi.Input<boolean>;
  /** Append a random suffix to public ids. Cloudinary's default: true. */
  uniqueFilename?: pulumi.Input<boolean>;
  /**
   * What the client uploads (`/<resourceType>/upload`). Not a preset field in the Admin API (the SDK does
   * not send it); kept as an output for the frontend and for policies.
   */
  resourceType?: pulumi.Input<ResourceType>;
  /** Largest upload the client accepts. Not a preset field: the upload client enforces it; never sent. */
  maxFileSizeBytes?: pulumi.Input<number>;
}

export interface UploadPresetInputs {
  name: string;
  unsigned: boolean;
  folder?: string;
  assetFolder?: string;
  allowedFormats?: string[];
  tags?: string[];
  transformation?: string;
  overwrite?: boolean;
  uniqueFilename?: boolean;
  resourceType?: ResourceType;
  maxFileSizeBytes?: number;
}

/** Inputs the Admin API stores; the rest (resourceType, maxFileSizeBytes) live only in Pulumi state. */
const API_KEYS = [
  "unsigned",
  "folder",
  "assetFolder",
  "allowedFormats",
  "tags",
  "transformation",
  "overwrite",
  "uniqueFilename",
] as const;
const LOCAL_KEYS = ["resourceType", "maxFileSizeBytes"] as const;

function inputsOf(p: UploadPresetInputs): UploadPresetInputs {
  return compact({
    name: p.name,
    unsigned: p.unsigned,
    folder: p.folder,
    assetFolder: p.assetFolder,
    allowedFormats: p.allowedFormats,
    tags: p.tags,
    transformation: p.transformation,
    overwrite: p.overwrite,
    uniqueFilename: p.uniqueFilename,
    resourceType: p.resourceType,
    maxFileSizeBytes: p.maxFileSizeBytes,
  });
}

/**
 * The SDK's upload parameters. The transformation goes in as `raw_transformation`: as `transformation` a
 * string would be taken for a named transformation (`t_...`).
 */
function presetParams(p: UploadPresetInputs): Record<string, unknown> {
  return compact({
    unsigned: p.unsigned,
    folder: p.folder,
    asset_folder: p.assetFolder,
    allowed_formats: p.allowedFormats,
    tags: p.tags,
    raw_transformation: p.transformation,
    overwrite: p.overwrite,
    unique_filename: p.uniqueFilename,
  });
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Transformations compare by their components, so `w_2000,c_limit` equals `c_limit,w_2000`. */
function sameTransformation(a: string | undefined, b: string | undefined): boolean {
  const norm = (t: string | undefined) =>
    (t ?? "")
      .split("/")
      .map((step) => step.split(",").sort().join(","))
      .join("/");
  return norm(a) === norm(b);
}

function listOf(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string") return value === "" ? [] : value.split(",");
  return undefined;
}

function boolOf(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "1" || value === 1) return true;
  if (value === "false" || value === "0" || value === 0) return false;
  return undefined;
}

/** Cloudinary answers the transformation as an array of objects; the SDK turns it back into URL syntax. */
function transformationOf(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string") return value;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at run time, never serialized
  const sdk = require("cloudinary") as {
    v2: { utils: { generate_transformation_string(t: unknown): string } };
  };
  return sdk.v2.utils.generate_transformation_string(JSON.parse(JSON.stringify(value)));
}

export const uploadPresetProvider: pulumi.dynamic.ResourceProvider<UploadPresetInputs, UploadPresetInputs> = {
  configure: configureCloudinary,

  async create(inputs) {
    const what = describe("UploadPreset", inputs.name);
    // Creating a preset under an existing name silently overwrites it in Cloudinary, which could take over
    // another stack's preset; refuse instead, as Pulumi does for any resource that already exists.
    const lookUp = () =>
      orNotFound(cloudinaryCall(`${what}: look up`, (api, o) => api.upload_preset(inputs.name, o)));
    if (await lookUp()) {
      throw new ApiError(
        `${what}: create failed: an upload preset with this name already exists; choose another name, or delete the preset in the Cloudinary console (Settings > Upload) and run again`,
        { kind: "http", status: 409 },
      );
    }
    await cloudinaryCall(
      `${what}: create`,
      (api, o) => api.create_upload_preset({ ...o, name: inputs.name, ...presetParams(inputs) }),
      // A lost answer: the preset is there if the create went through.
      lookUp,
    );
    return { id: inputs.name, outs: inputsOf(inputs) };
  },

  async read(id, props) {
    const what = describe("UploadPreset", id);
    const found = await orNotFound(cloudinaryCall(`${what}: read`, (api, o) => api.upload_preset(id, o)));
    if (!found) return {};
    const settings = (found.settings ?? {}) as Record<string, unknown>;
    const transformation = transformationOf(settings.transformation);
    return {
      id,
      props: inputsOf({
        name: id,
        unsigned: boolOf(found.unsigned) ?? false,
        folder: settings.folder as string | undefined,
        assetFolder: settings.asset_folder as string | undefined,
        allowedFormats: listOf(settings.allowed_formats),
        tags: listOf(settings.tags),
        // Keep the user's spelling when it means the same transformation, so refresh shows no drift.
        transformation: sameTransformation(transformation, props?.transformation)
          ? props?.transformation
          : transformation,
        overwrite: boolOf(settings.overwrite),
        uniqueFilename: boolOf(settings.unique_filename),
        resourceType: props?.resourceType,
        maxFileSizeBytes: props?.maxFileSizeBytes,
      }),
    };
  },

  async diff(_id, olds, news) {
    const replaces: string[] = [];
    if (!same(olds.name, news.name)) replaces.push("name");
    const updates: string[] = [];
    for (const key of [...API_KEYS, ...LOCAL_KEYS]) {
      const a = olds[key];
      const b = news[key];
      if (key === "transformation" ? sameTransformation(a as string, b as string) : same(a, b)) continue;
      // The Admin API cannot clear a setting (the SDK drops empty values), so unsetting one recreates
      // the preset without it.
      if (b === undefined && (API_KEYS as readonly string[]).includes(key)) replaces.push(key);
      else updates.push(key);
    }
    return {
      changes: replaces.length + updates.length > 0,
      replaces,
      // Same name, new preset: the old one must go first.
      deleteBeforeReplace: replaces.length > 0 && !replaces.includes("name"),
    };
  },

  async update(id, olds, news) {
    const what = describe("UploadPreset", id);
    const apiChanged = API_KEYS.some((k) =>
      k === "transformation" ? !sameTransformation(olds[k], news[k]) : !same(olds[k], news[k]),
    );
    // resourceType and maxFileSizeBytes are not stored by Cloudinary: changing only them costs no call.
    if (apiChanged) {
      await cloudinaryCall(`${what}: update`, (api, o) =>
        api.update_upload_preset(id, { ...o, ...presetParams(news) }),
      );
    }
    return { outs: inputsOf(news) };
  },

  async delete(id) {
    const what = describe("UploadPreset", id);
    await orNotFound(cloudinaryCall(`${what}: delete`, (api, o) => api.delete_upload_preset(id, o)));
  },
};

/** A Cloudinary upload preset. Token `pulumi-nodejs:dynamic/cloudinary:UploadPreset`. */
export class UploadPreset extends pulumi.dynamic.Resource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly unsigned: pulumi.Output<boolean>;
  declare public readonly folder: pulumi.Output<string | undefined>;
  declare public readonly assetFolder: pulumi.Output<string | undefined>;
  declare public readonly allowedFormats: pulumi.Output<string[] | undefined>;
  declare public readonly tags: pulumi.Output<string[] | undefined>;
  declare public readonly transformation: pulumi.Output<string | undefined>;
  declare public readonly overwrite: pulumi.Output<boolean | undefined>;
  declare public readonly uniqueFilename: pulumi.Output<boolean | undefined>;
  declare public readonly resourceType: pulumi.Output<ResourceType | undefined>;
  declare public readonly maxFileSizeBytes: pulumi.Output<number | undefined>;

  constructor(name: string, args: UploadPresetArgs, opts?: pulumi.CustomResourceOptions) {
    super(uploadPresetProvider, name, { ...args }, opts, "cloudinary", "UploadPreset");
  }
}
