import * as pulumi from "@pulumi/pulumi";
import type { MediaContract } from "../../contracts";
import * as cloudinary from "../../providers/cloudinary";

export interface UploadPresetSpec {
  /** Preset name the upload widget refers to. */
  name: string;
  /**
   * Unsigned presets let browsers upload without a server signature, which makes them a public write
   * endpoint; signed ones need a signature the backend computes with `CLOUDINARY_URL`'s secret.
   */
  unsigned: boolean;
  resourceType: "image" | "video" | "raw" | "auto";
  allowedFormats: readonly string[];
  /** Largest upload the client accepts (Cloudinary Free: 10 MB images, 100 MB videos). */
  maxFileSizeBytes: number;
  /** Incoming transformation applied before storage, e.g. `c_limit,w_2000,h_2000`. */
  transformation?: string;
  tags: readonly string[];
}

export interface MediaStoreArgs {
  /** Folder (and asset folder) every upload of this stack lands in. */
  folder: pulumi.Input<string>;
  /** Upload presets; the first one is the frontend's default. At least one. */
  presets: readonly UploadPresetSpec[];
  /** `cloudinary://<api_key>:<api_secret>@<cloud_name>` (secret): the backend's `CLOUDINARY_URL`. */
  cloudinaryUrl: pulumi.Input<string>;
  /** Protect the folder from deletion. Default false. */
  protectData?: boolean;
  /** Path of an existing Cloudinary folder to take over instead of creating it. Default: none. */
  adoptId?: pulumi.Input<string>;
  /** The caller's config key that sets `adoptId`, named in the provider's errors. Default: none. */
  adoptConfigKey?: string;
}

/** Media on Cloudinary: a folder per stack and the upload presets that write into it. */
export class MediaStore extends pulumi.ComponentResource {
  public readonly folder: pulumi.Output<string>;
  public readonly connection: MediaContract;

  constructor(name: string, args: MediaStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super("webapp:data:MediaStore", name, {}, opts);

    if (args.presets.length === 0) {
      throw new Error(`MediaStore "${name}": presets must list at least one upload preset.`);
    }
    const names = args.presets.map((p) => p.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) {
      throw new Error(
        `MediaStore "${name}": upload preset "${duplicate}" is listed twice; preset names are unique per account.`,
      );
    }

    const folder = new cloudinary.Folder(
      `${name}-folder`,
      { path: args.folder, adoptId: args.adoptId, adoptConfigKey: args.adoptConfigKey },
      { parent: this, ...(args.protectData ? { protect: true, retainOnDelete: true } : {}) },
    );
    const presets = args.presets.map(
      (p) =>
        new cloudinary.UploadPreset(
          `${name}-preset-${p.name}`,
          {
            name: p.name,
            unsigned: p.unsigned,
            assetFolder: folder.path,
            folder: folder.path,
            resourceType: p.resourceType,
            allowedFormats: [...p.allowedFormats],
            tags: [...p.tags],
            transformation: p.transformation,
            // Browsers must never choose the public id of someone else's asset.
            overwrite: false,
            uniqueFilename: true,
            maxFileSizeBytes: p.maxFileSizeBytes,
          },
          { parent: this },
        ),
    );

    this.folder = folder.path;
    this.connection = {
      url: pulumi.secret(args.cloudinaryUrl),
      account: pulumi.unsecret(pulumi.output(args.cloudinaryUrl).apply(cloudNameOf)),
      uploadPreset: presets[0].name,
      uploadSigned: pulumi.output(!args.presets[0].unsigned),
      maxUploadBytes: pulumi.output(args.presets[0].maxFileSizeBytes),
      folder: folder.path,
    };
    this.registerOutputs({ folder: this.folder, connection: this.connection });
  }
}

/** The cloud name is the host part of `cloudinary://key:secret@cloud` and is public. */
export function cloudNameOf(cloudinaryUrl: string): string {
  const match = /^cloudinary:\/\/[^:@/]+:[^@/]+@([^/?#]+)/.exec(cloudinaryUrl);
  if (!match) {
    throw new Error("CLOUDINARY_URL must look like cloudinary://<api_key>:<api_secret>@<cloud_name>.");
  }
  return match[1];
}
