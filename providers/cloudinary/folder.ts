import * as pulumi from "@pulumi/pulumi";
import { ApiError, orNotFound } from "../shared/http";
import { cloudinaryCall, configureCloudinary, describe } from "./client";

export interface FolderArgs {
  /** Folder path, segments separated by `/`, e.g. `webapp/dev`. Changing it replaces the folder. */
  path: pulumi.Input<string>;
  /** Id of an existing resource to take over instead of creating one. Default: none. */
  adoptId?: pulumi.Input<string>;
}

export interface FolderInputs {
  path: string;
}

export const folderProvider: pulumi.dynamic.ResourceProvider<FolderInputs, FolderInputs> = {
  configure: configureCloudinary,

  async check(_olds, news) {
    const path: unknown = news.path;
    // Cloudinary's folder rules: no leading or trailing slash, no empty segment, none of ? & # \ % < >.
    // (The engine's placeholder for a value unknown during preview passes them.)
    if (typeof path === "string" && (!/^[^/]+(\/[^/]+)*$/.test(path) || /[?&#\\%<>]/.test(path))) {
      return {
        inputs: news,
        failures: [
          {
            property: "path",
            reason: `path ${JSON.stringify(path)} is not a Cloudinary folder path: use segments separated by "/", without a leading or trailing "/" and without ? & # \\ % < >`,
          },
        ],
      };
    }
    return { inputs: news, failures: [] };
  },

  async create(inputs) {
    const what = describe("Folder", inputs.path);
    // Creating an existing folder succeeds, so retrying after a lost answer is safe as it is.
    await cloudinaryCall(`${what}: create`, (api, o) => api.create_folder(inputs.path, o));
    return { id: inputs.path, outs: { path: inputs.path } };
  },

  async read(id) {
    const what = describe("Folder", id);
    // Listing a folder's subfolders answers 404 when the folder itself does not exist.
    const found = await orNotFound(cloudinaryCall(`${what}: read`, (api, o) => api.sub_folders(id, o)));
    return found ? { id, props: { path: id } } : {};
  },

  async diff(_id, olds, news) {
    const replaces = olds.path === news.path ? [] : ["path"];
    return { changes: replaces.length > 0, replaces };
  },

  async delete(id) {
    const what = describe("Folder", id);
    try {
      await orNotFound(cloudinaryCall(`${what}: delete`, (api, o) => api.delete_folder(id, o)));
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
};

/** A Cloudinary (asset) folder. Token `pulumi-nodejs:dynamic/cloudinary:Folder`. */
export class Folder extends pulumi.dynamic.Resource {
  declare public readonly path: pulumi.Output<string>;

  constructor(name: string, args: FolderArgs, opts?: pulumi.CustomResourceOptions) {
    super(folderProvider, name, { ...args }, opts, "cloudinary", "Folder");
  }
}
