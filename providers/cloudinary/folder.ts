import * as pulumi from "@pulumi/pulumi";
import { guardProvider } from "../shared/boundary";
import { ApiError, orNotFound } from "../shared/http";
import { UNKNOWN } from "../shared/inputs";
import { createOrAdopt } from "../shared/lifecycle";
import { confirmCreate, malformed, objectAnswer, stringField } from "./answers";
import { cloudinaryCall, cloudinaryCredentials, configureCloudinary, describe } from "./client";

export interface FolderArgs {
  /** Folder path, segments separated by `/`, e.g. `webapp/dev`. Changing it replaces the folder. */
  path: pulumi.Input<string>;
  /** Id of an existing resource to take over instead of creating one. Default: none. */
  adoptId?: pulumi.Input<string>;
  /** The caller's config key that adopts this folder, named when `adoptId` names none; not an input. Default: none. */
  adoptConfigKey?: string;
}

export interface FolderInputs {
  path: string;
  /** A folder's id is its path, so this must equal `path`. */
  adoptId?: string;
}

export interface FolderOutputs {
  path: string;
}

const known = (v: unknown): v is string => typeof v === "string" && v !== UNKNOWN;

/** Whether the folder exists: listing its subfolders answers 404 (or 410) when it does not. */
async function folderExists(what: string, path: string): Promise<boolean> {
  const found = await orNotFound(
    cloudinaryCall(what, async (request) => {
      const answer = objectAnswer(what, await request("GET", ["folders", path]));
      if (!Array.isArray(answer.folders)) throw malformed(what, `"folders" should be a list`);
      return true;
    }),
  );
  return found === true;
}

/** `adoptConfigKey`: the caller's key that sets `adoptId` (the program's components pass it in). */
const provider = (adoptConfigKey?: string): pulumi.dynamic.ResourceProvider<FolderInputs, FolderOutputs> => ({
  configure: configureCloudinary,

  async check(_olds, news) {
    const path: unknown = news.path;
    const failures: pulumi.dynamic.CheckFailure[] = [];
    // Cloudinary's folder rules: no leading or trailing slash, no empty segment, none of ? & # \ % < >.
    // (The engine's placeholder for a value unknown during preview passes them.)
    if (typeof path === "string" && (!/^[^/]+(\/[^/]+)*$/.test(path) || /[?&#\\%<>]/.test(path))) {
      failures.push({
        property: "path",
        reason: `path ${JSON.stringify(path)} is not a Cloudinary folder path: use segments separated by "/", without a leading or trailing "/" and without ? & # \\ % < >`,
      });
    }
    if (known(news.adoptId) && known(path) && news.adoptId !== path) {
      failures.push({
        property: "adoptId",
        reason: `adoptId ${JSON.stringify(news.adoptId)} must equal path ${JSON.stringify(path)}: a Cloudinary folder's id is its path`,
      });
    }
    return { inputs: news, failures };
  },

  async create(inputs) {
    const path = inputs.path;
    const what = describe("Folder", path);
    if (inputs.adoptId !== undefined && inputs.adoptId !== path) {
      throw new ApiError(
        `${what}: adopt failed: adoptId ${JSON.stringify(inputs.adoptId)} must equal path ${JSON.stringify(path)}: a Cloudinary folder's id is its path`,
        { kind: "config" },
      );
    }
    const outs = { path };
    // Adopting or finding a folder changes nothing in it: its assets and subfolders are not ours to touch.
    return createOrAdopt<FolderOutputs>({
      label: what,
      adoptId: inputs.adoptId,
      adoptHint: `check ${adoptConfigKey ?? "the adoptId"} (the folder's path, as the Media Library shows it)`,
      read: async (id) => ((await folderExists(`${what}: read`, id)) ? { path: id } : undefined),
      converge: async () => outs,
      // A run killed after the create left the folder behind; finding it by path continues that run.
      find: async () =>
        (await folderExists(`${what}: look up`, path)) ? { id: path, current: outs } : undefined,
      create: async () => {
        const op = `${what}: create`;
        // Creating an existing folder succeeds, so a retry after a lost answer is safe as it is.
        await cloudinaryCall(op, async (request) => {
          stringField(op, objectAnswer(op, await request("POST", ["folders", path])), "path");
        }).catch((err: unknown) =>
          confirmCreate(err, async () => ((await folderExists(`${what}: look up`, path)) ? true : undefined)),
        );
        return { id: path, outs };
      },
    });
  },

  async read(id) {
    const found = await folderExists(`${describe("Folder", id)}: read`, id);
    return found ? { id, props: { path: id } } : {};
  },

  async diff(_id, olds, news) {
    const replaces = olds.path === news.path ? [] : ["path"];
    return { changes: replaces.length > 0, replaces };
  },

  async delete(id) {
    const what = describe("Folder", id);
    try {
      await orNotFound(cloudinaryCall(`${what}: delete`, (request) => request("DELETE", ["folders", id])));
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && /not empty/i.test(err.apiMessage ?? "")) {
        throw new ApiError(
          `${err.message}: the folder still holds assets or subfolders, and Cloudinary deletes only empty folders; move or delete them in the Media Library, or keep the folder (retainOnDelete: true), then run again`,
          { kind: "http", status: 400, apiMessage: err.apiMessage },
        );
      }
      throw err;
    }
  },
});

/** The folder provider; `adoptConfigKey` as in {@link FolderArgs}. */
export function cloudinaryFolderProvider(adoptConfigKey?: string) {
  return guardProvider("cloudinary:Folder", provider(adoptConfigKey), {
    nameOf: (props) => (typeof props?.path === "string" ? props.path : undefined),
    credentials: cloudinaryCredentials,
  });
}

/** The provider object without a caller's config key; exported so tests and tools can drive it directly. */
export const folderProvider = cloudinaryFolderProvider();

/** A Cloudinary (asset) folder. Token `pulumi-nodejs:dynamic/cloudinary:Folder`. */
export class Folder extends pulumi.dynamic.Resource {
  declare public readonly path: pulumi.Output<string>;

  constructor(name: string, { adoptConfigKey, ...args }: FolderArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      adoptConfigKey ? cloudinaryFolderProvider(adoptConfigKey) : folderProvider,
      name,
      { ...args },
      opts,
      "cloudinary",
      "Folder",
    );
  }
}
