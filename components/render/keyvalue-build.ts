import type { CacheContract } from "../../contracts";
import type { Builder } from "../catalog";
import { KeyValueStore } from "./key-value-store";
import { renderKeyValueCatalog } from "./keyvalue-catalog";
import { stackEnvironment } from "./placement";

/** `webapp:cache` as the render-keyvalue catalog's schema and `resolve` return it. */
interface RenderKeyValueSettings {
  plan: string;
  maxmemoryPolicy: string;
  ipAllowList: { cidrBlock: string; description: string }[];
}

/** The `cache` part on Render Key Value, in the stack's region and Render environment. */
export const renderKeyValueBuilder: Builder<"cache"> = {
  build: ({ name, parent, facts, settings, adopt, own }): CacheContract => {
    const s = settings as unknown as RenderKeyValueSettings;
    const environmentId = stackEnvironment(parent, facts, own);
    const store = new KeyValueStore(
      name,
      {
        name: `${facts.prefix}-cache`,
        plan: s.plan,
        region: renderKeyValueCatalog.regions![facts.region],
        maxmemoryPolicy: s.maxmemoryPolicy,
        ipAllowList: s.ipAllowList.map((e) => ({ ...e })),
        environmentId,
        adoptId: adopt.renderKeyValue as string | undefined,
        protectData: facts.protectData,
      },
      { parent },
    );
    return { ...store.connection, ...(environmentId ? { placement: environmentId } : {}) };
  },
};
