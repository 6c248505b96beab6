import type { DatabaseContract } from "../../contracts";
import type { Builder } from "../catalog";
import type { RenderOwn } from "./catalog";
import { Database } from "./database";
import { stackEnvironment } from "./placement";
import { recoveryFact, renderPostgresCatalog } from "./postgres-catalog";

/** `webapp:database` as the render-postgres catalog's schema returns it. */
interface RenderPostgresSettings {
  plan: string;
  version: number;
  diskSizeGB?: number;
  highAvailability: boolean;
  ipAllowList: { cidrBlock: string; description: string }[];
}

/** The `database` part on Render Postgres, in the stack's region and Render environment. */
export const renderPostgresBuilder: Builder<"database"> = {
  build: ({ name, parent, facts, settings, adopt, own }): DatabaseContract => {
    const s = settings as unknown as RenderPostgresSettings;
    const environmentId = stackEnvironment(parent, facts, own);
    const db = new Database(
      name,
      {
        name: facts.prefix,
        plan: s.plan,
        version: String(s.version),
        region: renderPostgresCatalog.regions![facts.region],
        diskSizeGB: s.diskSizeGB,
        highAvailability: s.highAvailability,
        ipAllowList: s.ipAllowList.map((e) => ({ ...e })),
        environmentId,
        adoptId: adopt.renderPostgres as string | undefined,
        protectData: facts.protectData,
      },
      { parent },
    );
    return {
      ...db.connection,
      recovery: recoveryFact(s.plan, (own.render as RenderOwn).workspace),
      ...(environmentId ? { placement: environmentId } : {}),
    };
  },
};
