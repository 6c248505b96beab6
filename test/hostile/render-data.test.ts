/** The hostile-API harness against render:Postgres, render:KeyValue and render:Project. */
import { resetRender, tuneRender } from "../../providers/render/client";
import { environmentMemberProvider } from "../../providers/render/environment-member";
import { keyValueProvider } from "../../providers/render/key-value";
import { postgresProvider } from "../../providers/render/postgres";
import { projectProvider } from "../../providers/render/project";
import { FakeRenderApi } from "../fakes/render-api";
import { ANSWERED_TIMEOUT_MS, saveEnv } from "../providers/shared";
import { HUNG_TIMEOUT_MS, Target, hostileSuite } from "./suite";

interface Driver {
  create(): Promise<{ id: string; outs?: unknown }>;
  read(): Promise<unknown>;
  existing(): string[];
}

/** One type behind the proxy: its create and read routes, and the list its lost-create lookup makes. */
function target(
  type: string,
  name: string,
  collection: "postgres" | "key-value" | "projects",
  idPattern: string,
  listKey: string,
  drive: (api: FakeRenderApi) => Driver,
): Target {
  let api: FakeRenderApi;
  let restore: () => void;
  let driver: Driver;
  return {
    type,
    name,
    secrets: ["rnd_fake_test_key"],
    async setup(proxyOrigin) {
      api = new FakeRenderApi({ enforceRateLimits: false });
      api.data.pollsUntilAvailable = 1;
      await api.start();
      restore = saveEnv(["RENDER_API_KEY", "RENDER_OWNER_ID", "RENDER_API_URL"]);
      process.env.RENDER_API_KEY = api.apiKey;
      process.env.RENDER_OWNER_ID = api.ownerId;
      process.env.RENDER_API_URL = `${proxyOrigin}/v1`;
      resetRender();
      tuneRender({
        sleep: async () => undefined,
        random: () => 0,
        timeoutMs: ANSWERED_TIMEOUT_MS,
        pollIntervalMs: 1,
      });
      driver = drive(api);
    },
    upstream: () => new URL(api.url).origin,
    async teardown() {
      await api.stop();
      resetRender();
      restore();
    },
    quick: () =>
      tuneRender({ sleep: async () => undefined, random: () => 0, timeoutMs: HUNG_TIMEOUT_MS, attempts: 2 }),
    create: () => driver.create(),
    read: () => driver.read(),
    createRoute: { method: "POST", path: new RegExp(`^/v1/${collection}$`) },
    readRoute: { method: "GET", path: new RegExp(`^/v1/${collection}/${idPattern}$`) },
    existing: () => driver.existing(),
    list: {
      route: { method: "GET", path: new RegExp(`^/v1/${collection}$`) },
      via: "create",
      page: () =>
        JSON.stringify(
          Array.from({ length: 100 }, (_, i) => ({
            cursor: "c-same",
            [listKey]: { id: `x-${i}`, name: `other-${i}` },
          })),
        ),
    },
  };
}

{
  let lastId = "";
  const inputs = { name: "hostile-db", plan: "basic_256mb", version: "16", region: "oregon" };
  hostileSuite(
    target("render:Postgres", inputs.name, "postgres", "dpg-[a-z0-9]+-a", "postgres", (api) => ({
      create: async () => {
        const res = await postgresProvider.create(inputs);
        lastId = res.id;
        return res;
      },
      read: () => postgresProvider.read!(lastId, inputs as never),
      existing: () => [...api.data.postgres.keys()],
    })),
  );
}

{
  let lastId = "";
  const inputs = { name: "hostile-cache", plan: "starter", region: "oregon" };
  hostileSuite(
    target("render:KeyValue", inputs.name, "key-value", "red-[a-z0-9]+", "keyValue", (api) => ({
      create: async () => {
        const res = await keyValueProvider.create(inputs);
        lastId = res.id;
        return res;
      },
      read: () => keyValueProvider.read!(lastId, inputs as never),
      existing: () => [...api.data.keyValues.keys()],
    })),
  );
}

{
  let lastId = "";
  const inputs = { name: "hostile-project", environmentName: "production" };
  hostileSuite(
    target("render:Project", inputs.name, "projects", "prj-[a-z0-9]+", "project", (api) => ({
      create: async () => {
        const res = await projectProvider.create(inputs);
        lastId = res.id;
        return res;
      },
      read: () => projectProvider.read!(lastId, inputs as never),
      existing: () => [...api.data.projects.keys()],
    })),
  );
}

{
  // Placing a service: create is `POST /environments/{id}/resources`, read `GET /environments/{id}`.
  let inputs = { environmentId: "", resourceId: "" };
  const t = target("render:EnvironmentMember", "", "projects", "prj-[a-z0-9]+", "project", (api) => {
    // Each case has a fresh fake: seed its environment and service on the first create.
    inputs = { environmentId: "", resourceId: "" };
    return {
      create: async () => {
        if (!inputs.environmentId) {
          const env = api.data.seedEnvironment("hostile-project", "production");
          inputs = { environmentId: env, resourceId: api.seedService({ name: "hostile-api" }).id as string };
        }
        return environmentMemberProvider.create(inputs);
      },
      read: () => environmentMemberProvider.read!(`${inputs.environmentId}/${inputs.resourceId}`, inputs),
      existing: () =>
        [...api.data.environments.values()].flatMap((e) =>
          ((e.serviceIds as string[] | null) ?? []).map((s) => `${e.id as string}/${s}`),
        ),
    };
  });
  hostileSuite({
    ...t,
    name: "",
    labelPattern: /^render:EnvironmentMember "srv-[a-z0-9]+": /,
    operations: { create: /\b(create|add)\b/ },
    createRoute: { method: "POST", path: /^\/v1\/environments\/evm-[a-z0-9]+\/resources$/ },
    readRoute: { method: "GET", path: /^\/v1\/environments\/evm-[a-z0-9]+$/ },
    list: undefined,
  });
}
