/**
 * Cloudinary as Pulumi dynamic resources over the official `cloudinary` SDK's Admin API
 * (tokens `pulumi-nodejs:dynamic/cloudinary:<Type>`). Credentials: `cloudinary:url` (secret) or
 * CLOUDINARY_URL; CLOUDINARY_API_URL overrides the API base URL.
 */
export {
  UploadPreset,
  uploadPresetProvider,
  type ResourceType,
  type UploadPresetArgs,
  type UploadPresetInputs,
} from "./upload-preset";
export { Folder, folderProvider, type FolderArgs, type FolderInputs } from "./folder";
export { cloudinaryRuntime, type CloudinaryRuntime } from "./client";
