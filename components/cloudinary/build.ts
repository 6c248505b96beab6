import { cloudinaryUrl } from "../../stacks/credentials";
import type { MediaContract } from "../../contracts";
import type { Builder } from "../catalog";
import { MediaStore, UploadPresetSpec } from "./media-store";

/** `webapp:media` as the Cloudinary catalog's `resolve` returns it. */
interface CloudinarySettings {
  folder: string;
  presets: UploadPresetSpec[];
}

/** The `media` part on Cloudinary: a folder per stack and its upload presets. */
export const cloudinaryBuilder: Builder<"media"> = {
  // The backend's CLOUDINARY_URL is checked before any resource exists, so a bad value creates nothing.
  precheck: (facts) => void cloudinaryUrl(facts.stack),
  build: ({ name, parent, facts, settings, adopt }): MediaContract => {
    const s = settings as unknown as CloudinarySettings;
    return new MediaStore(
      name,
      {
        folder: s.folder,
        presets: s.presets,
        cloudinaryUrl: cloudinaryUrl(facts.stack),
        protectData: facts.protectData,
        adoptId: adopt.mediaFolder as string | undefined,
      },
      { parent },
    ).connection;
  },
};
