import type { DatabaseContract } from "../../contracts";
import type { Builder } from "../catalog";
import { neonCatalog } from "./catalog";
import { Database } from "./database";

/** `webapp:database` as the Neon catalog's schema and `resolve` return it. */
interface NeonSettings {
  postgresVersion: number;
  minCu: number;
  maxCu: number;
  historyRetentionSeconds: number;
  suspendTimeoutSeconds?: number;
  databaseName?: string;
  roleName?: string;
}

/** The `database` part on Neon: one project per stack, in the stack's region. */
export const neonBuilder: Builder<"database"> = {
  build: ({ name, parent, facts, settings, adopt }): DatabaseContract => {
    const s = settings as unknown as NeonSettings;
    return new Database(
      name,
      {
        projectName: facts.prefix,
        regionId: neonCatalog.regions![facts.region],
        postgresVersion: s.postgresVersion,
        minCu: s.minCu,
        maxCu: s.maxCu,
        historyRetentionSeconds: s.historyRetentionSeconds,
        suspendTimeoutSeconds: s.suspendTimeoutSeconds,
        databaseName: s.databaseName,
        roleName: s.roleName,
        protectData: facts.protectData,
        adoptProjectId: adopt.neonProject as string | undefined,
        adoptConfigKey: "webapp:adopt.neonProject",
      },
      { parent },
    ).connection;
  },
};
