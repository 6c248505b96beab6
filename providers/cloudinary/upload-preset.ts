import * as pulumi from "@pulumi/pulumi";
import { guardProvider } from "../shared/boundary";
import { ApiError, orNotFound } from "../shared/http";
import { UNKNOWN } from "../shared/inputs";
import { createOrAdopt } from "../shared/lifecycle";
import { confirmCreate, malformed, objectAnswer, stringField } from "./answers";
import { cloudinaryCall, cloudinaryCredentials, configureCloudinary, describe } from "./client";
import {
  API_KEYS,
  LOCAL_KEYS,
  matches,
  outputsFromAnswer,
  outputsOf,
  presetParams,
  same,
  sameSetting,
  type ResourceType,
  type UploadPresetInputs,
  type UploadPresetOutputs,
} from "./preset-settings";

export type { ResourceType, UploadPresetInputs, UploadPresetOutputs };

export interface UploadPresetArgs {
  /** Preset name, unique per Cloudinary product environment; the upload widget refers to it. Replaces. */
  name: pulumi.Input<string>;
  /**
   * Unsigned presets let anyone who knows the cloud and preset name upload, without a server-side
   * signature: a public write endpoint. Default: false (signed).
   */
  unsigned?: pulumi.Input<boolean>;
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
  /**
   * Id of an existing resource to take over instead of creating one. Default: none. A preset's id is its
   * name, so this equals `name`; the preset's settings become the inputs (settings the inputs leave out stay
   * as they are: the Admin API cannot clear them).
   */
  adoptId?: pulumi.Input<string>;
}

const known = (v: unknown): v is string => typeof v === "string" && v !== UNKNOWN;

const adoptMismatch = (adoptId: string, name: string) =>
  `adoptId ${JSON.stringify(adoptId)} must equal name ${JSON.stringify(name)}: an upload preset's id is its name`;

/** The preset as the API holds it, or undefined when there is none (404/410). */
function lookUp(what: string, name: string, props?: UploadPresetInputs) {
  return orNotFound(
    cloudinaryCall(what, async (request) =>
      outputsFromAnswer(what, name, await request("GET", ["upload_presets", name]), props),
    ),
  );
}

/** PUT the inputs' settings; every one is sent, so one changed in the console is put back too. */
async function put(what: string, name: string, inputs: UploadPresetInputs): Promise<void> {
  await cloudinaryCall(what, async (request) => {
    objectAnswer(what, await request("PUT", ["upload_presets", name], presetParams(inputs)));
  });
}

const provider: pulumi.dynamic.ResourceProvider<UploadPresetInputs, UploadPresetOutputs> = {
  configure: configureCloudinary,

  async check(_olds, news) {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    if (known(news.adoptId) && known(news.name) && news.adoptId !== news.name) {
      failures.push({ property: "adoptId", reason: adoptMismatch(news.adoptId, news.name) });
    }
    return { inputs: news, failures };
  },

  async create(inputs) {
    const name = inputs.name;
    const what = describe("UploadPreset", name);
    if (inputs.adoptId !== undefined && inputs.adoptId !== name) {
      throw new ApiError(`${what}: adopt failed: ${adoptMismatch(inputs.adoptId, name)}`, { kind: "config" });
    }
    const exists = async () => ((await lookUp(`${what}: look up`, name, inputs)) ? true : undefined);
    return createOrAdopt<UploadPresetOutputs>({
      label: what,
      adoptId: inputs.adoptId,
      adoptHint: "an upload preset's id is its name, as Settings > Upload in the Cloudinary console lists it",
      read: (id) => lookUp(`${what}: read`, id, inputs),
      converge: async (id, current) => {
        if (!matches(current, inputs)) await put(`${what}: update`, id, inputs);
        return outputsOf(inputs);
      },
      // A run killed after its create left the preset behind with exactly these settings: continue it.
      // Any other preset of this name is not ours: creating would silently overwrite it (Cloudinary
      // overwrites a preset created under an existing name), so only adoptId takes it over.
      find: async () => {
        const current = await lookUp(`${what}: look up`, name, inputs);
        if (!current) return undefined;
        if (!matches(current, inputs)) {
          throw new ApiError(
            `${what}: create failed: an upload preset with this name already exists with other settings; choose another name, or take it over with adoptId ${JSON.stringify(name)} (its settings become these inputs), then run again`,
            { kind: "http", status: 409 },
          );
        }
        return { id: name, current };
      },
      create: async () => {
        const op = `${what}: create`;
        await cloudinaryCall(
          op,
          async (request) => {
            const answer = objectAnswer(
              op,
              await request("POST", ["upload_presets"], { name, ...presetParams(inputs) }),
            );
            const made = stringField(op, answer, "name");
            if (made !== name) throw malformed(op, `it names preset ${JSON.stringify(made)}`);
            return true;
          },
          // A lost answer: the preset is there if the create went through.
          exists,
        ).catch((err: unknown) => confirmCreate(err, exists));
        return { id: name, outs: outputsOf(inputs) };
      },
    });
  },

  async read(id, props) {
    const found = await lookUp(`${describe("UploadPreset", id)}: read`, id, props);
    return found ? { id, props: found } : {};
  },

  async diff(_id, olds, news) {
    const replaces: string[] = [];
    if (!same(olds.name, news.name)) replaces.push("name");
    const updates: string[] = [];
    for (const key of API_KEYS) {
      if (sameSetting(key, olds, news)) continue;
      // The Admin API cannot clear a setting, so unsetting one recreates the preset without it. An unset
      // `unsigned` is false, which an update sends.
      if (news[key] === undefined && key !== "unsigned") replaces.push(key);
      else updates.push(key);
    }
    for (const key of LOCAL_KEYS) if (!same(olds[key], news[key])) updates.push(key);
    return {
      changes: replaces.length + updates.length > 0,
      replaces,
      // Same name, new preset: the old one must go first.
      deleteBeforeReplace: replaces.length > 0 && !replaces.includes("name"),
    };
  },

  async update(id, olds, news) {
    // resourceType and maxFileSizeBytes are not stored by Cloudinary: changing only them costs no call.
    if (API_KEYS.some((k) => !sameSetting(k, olds, news))) {
      await put(`${describe("UploadPreset", id)}: update`, id, news);
    }
    return { outs: outputsOf(news) };
  },

  async delete(id) {
    const what = `${describe("UploadPreset", id)}: delete`;
    await orNotFound(cloudinaryCall(what, (request) => request("DELETE", ["upload_presets", id])));
  },
};

export const uploadPresetProvider = guardProvider("cloudinary:UploadPreset", provider, {
  credentials: cloudinaryCredentials,
});

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
