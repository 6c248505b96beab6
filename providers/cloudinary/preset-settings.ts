/**
 * Upload preset settings between the three shapes they take: the provider's inputs, the form fields the
 * Admin API takes, and the answer it reads back with.
 */
import { compact } from "../shared/inputs";
import { boolField, listField, malformed, objectAnswer, stringField } from "./answers";
import type { Params } from "./client";

export type ResourceType = "image" | "video" | "raw" | "auto";

export interface UploadPresetInputs {
  name: string;
  /** Default false: Cloudinary's own default, and a signed preset is no public write endpoint. */
  unsigned?: boolean;
  folder?: string;
  assetFolder?: string;
  allowedFormats?: string[];
  tags?: string[];
  transformation?: string;
  overwrite?: boolean;
  uniqueFilename?: boolean;
  resourceType?: ResourceType;
  maxFileSizeBytes?: number;
  /** A preset's id is its name, so this must equal `name`. */
  adoptId?: string;
}

/** What the state keeps: the inputs with the defaults filled in, without `adoptId`. */
export type UploadPresetOutputs = Omit<UploadPresetInputs, "adoptId"> & { unsigned: boolean };

/** Inputs the Admin API stores; the rest (resourceType, maxFileSizeBytes) live only in Pulumi state. */
export const API_KEYS = [
  "unsigned",
  "folder",
  "assetFolder",
  "allowedFormats",
  "tags",
  "transformation",
  "overwrite",
  "uniqueFilename",
] as const;
export const LOCAL_KEYS = ["resourceType", "maxFileSizeBytes"] as const;

export function outputsOf(p: UploadPresetInputs): UploadPresetOutputs {
  return compact({
    name: p.name,
    unsigned: p.unsigned ?? false,
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
 * The form fields, spelled as the SDK's `build_upload_params` spells them (lists comma-joined, upload
 * booleans 1/0). `unsigned` is always sent: an update must be able to turn an unsigned preset signed.
 */
export function presetParams(p: UploadPresetInputs): Params {
  const bit = (b: boolean | undefined) => (b === undefined ? undefined : b ? "1" : "0");
  return {
    unsigned: String(p.unsigned ?? false),
    folder: p.folder,
    asset_folder: p.assetFolder,
    allowed_formats: p.allowedFormats?.join(","),
    tags: p.tags?.join(","),
    transformation: p.transformation,
    overwrite: bit(p.overwrite),
    unique_filename: bit(p.uniqueFilename),
  };
}

export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Transformations compare by their components, so `w_2000,c_limit` equals `c_limit,w_2000`. */
export function sameTransformation(a: string | undefined, b: string | undefined): boolean {
  const norm = (t: string | undefined) =>
    (t ?? "")
      .split("/")
      .map((step) => step.split(",").sort().join(","))
      .join("/");
  return norm(a) === norm(b);
}

/** Whether one stored setting is the same in both (an absent `unsigned` is false). */
export function sameSetting(key: (typeof API_KEYS)[number], a: UploadPresetInputs, b: UploadPresetInputs) {
  if (key === "transformation") return sameTransformation(a.transformation, b.transformation);
  if (key === "unsigned") return (a.unsigned ?? false) === (b.unsigned ?? false);
  return same(a[key], b[key]);
}

/** Whether the preset the API holds has every stored setting as `inputs` asks. */
export function matches(current: UploadPresetInputs, inputs: UploadPresetInputs): boolean {
  return API_KEYS.every((k) => sameSetting(k, current, inputs));
}

/** Cloudinary answers the transformation as an array of objects; the SDK turns it back into URL syntax. */
function transformationOf(what: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string") return value;
  if (!Array.isArray(value) || !value.every((s) => typeof s === "object" && s !== null)) {
    throw malformed(what, `"settings.transformation" should be a list of steps`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at run time, never serialized
  const sdk = require("cloudinary") as {
    v2: { utils: { generate_transformation_string(t: unknown): string } };
  };
  return sdk.v2.utils.generate_transformation_string(JSON.parse(JSON.stringify(value)));
}

/**
 * The outputs from `GET /upload_presets/<name>` (`{name, unsigned, settings: {...}}`). `props` are the last
 * known outputs: the local-only keys come from them, and the user's spelling of an equal transformation is
 * kept so refresh shows no drift.
 */
export function outputsFromAnswer(
  what: string,
  name: string,
  answer: unknown,
  props?: UploadPresetInputs,
): UploadPresetOutputs {
  const body = objectAnswer(what, answer);
  const answered = stringField(what, body, "name");
  if (answered !== name) throw malformed(what, `it describes preset ${JSON.stringify(answered)}`);
  if (typeof body.settings !== "object" || body.settings === null || Array.isArray(body.settings)) {
    throw malformed(what, `"settings" should be an object`);
  }
  const settings = body.settings as Record<string, unknown>;
  const transformation = transformationOf(what, settings.transformation);
  return outputsOf({
    name,
    unsigned: boolField(what, body, "unsigned"),
    folder: stringField(what, settings, "folder", true),
    assetFolder: stringField(what, settings, "asset_folder", true),
    allowedFormats: listField(what, settings, "allowed_formats"),
    tags: listField(what, settings, "tags"),
    transformation: sameTransformation(transformation, props?.transformation)
      ? props?.transformation
      : transformation,
    overwrite: boolField(what, settings, "overwrite", true),
    uniqueFilename: boolField(what, settings, "unique_filename", true),
    resourceType: props?.resourceType,
    maxFileSizeBytes: props?.maxFileSizeBytes,
  });
}
