/**
 * Cloudinary as Pulumi dynamic resources over the Admin API (tokens `pulumi-nodejs:dynamic/cloudinary:<Type>`;
 * the request format and why it does not go through the SDK: ./client.ts). Credentials: `cloudinary:url`
 * (secret) or CLOUDINARY_URL; CLOUDINARY_API_URL overrides the API base URL.
 */
export {
  UploadPreset,
  uploadPresetProvider,
  type ResourceType,
  type UploadPresetArgs,
  type UploadPresetInputs,
  type UploadPresetOutputs,
} from "./upload-preset";
export {
  Folder,
  cloudinaryFolderProvider,
  folderProvider,
  type FolderArgs,
  type FolderInputs,
  type FolderOutputs,
} from "./folder";
export { cloudinaryRuntime, type CloudinaryRuntime } from "./client";
