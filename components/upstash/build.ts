import type { CacheContract } from "../../contracts";
import type { Builder } from "../catalog";
import { Cache } from "./cache";
import { upstashCatalog } from "./catalog";

/** `webapp:cache` as the Upstash catalog's schema and `resolve` return it. */
interface UpstashSettings {
  readRegions: string[];
  eviction: boolean;
  budget: number;
  databaseName?: string;
}

/** The `cache` part on Upstash: one global database per stack, its primary in the stack's region. */
export const upstashBuilder: Builder<"cache"> = {
  build: ({ name, parent, facts, settings, adopt }): CacheContract => {
    const s = settings as unknown as UpstashSettings;
    return new Cache(
      name,
      {
        databaseName: s.databaseName ?? facts.prefix,
        primaryRegion: upstashCatalog.regions![facts.region],
        readRegions: [...s.readRegions],
        eviction: s.eviction,
        carriesBroker: facts.worker,
        budget: s.budget,
        protectData: facts.protectData,
        importId: adopt.upstashDatabase as string | undefined,
      },
      { parent },
    ).connection;
  },
};
