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
  build: ({ name, parent, facts, settings, adopt, secrets }): MediaContract => {
    const s = settings as unknown as CloudinarySettings;
    return new MediaStore(
      name,
      {
        folder: s.folder,
        presets: s.presets,
        cloudinaryUrl: secrets.url,
        protectData: facts.protectData,
        adoptId: adopt.mediaFolder as string | undefined,
        adoptConfigKey: "webapp:adopt.mediaFolder",
      },
      { parent },
    ).connection;
  },
};
