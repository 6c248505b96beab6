/** The hostile-API harness against every Render resource type, through the proxy in front of the fake. */
import { backgroundWorkerProvider } from "../../providers/render/background-worker";
import { resetRender, tuneRender } from "../../providers/render/client";
import { envVarProvider } from "../../providers/render/env-var";
import { registryCredentialProvider } from "../../providers/render/registry-credential";
import { webServiceProvider } from "../../providers/render/web-service";
import { FakeRenderApi } from "../fakes/render-api";
import { ANSWERED_TIMEOUT_MS, saveEnv } from "../providers/shared";
import { HUNG_TIMEOUT_MS, Target, hostileSuite } from "./suite";

const SECRET_ENV = "django-secret-value-0123456789";
const DB_URL = "postgresql://app:pg-pass-9876543210@ep-x.neon.tech/app?sslmode=require";
const TOKEN = "ghp_hostile_token_0123456789";

function renderTarget(
  type: string,
  name: string,
  drive: (api: FakeRenderApi) => Pick<Target, "create" | "read" | "createRoute" | "readRoute" | "existing">,
  operations?: Target["operations"],
  list?: Target["list"],
): Target {
  let api: FakeRenderApi;
  let restore: () => void;
  let driver: ReturnType<typeof drive>;
  const t: Target = {
    type,
    name,
    operations,
    secrets: [SECRET_ENV, "pg-pass-9876543210", TOKEN, "rnd_fake_test_key"],
    async setup(proxyOrigin) {
      api = new FakeRenderApi({ enforceRateLimits: false });
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
    get createRoute() {
      return driver.createRoute;
    },
    get readRoute() {
      return driver.readRoute;
    },
    existing: () => driver.existing(),
    list,
  };
  return t;
}

/** A full page (100 entries) of Render's `[{cursor, <key>: item}]` list whose cursor never moves on. */
const fullPage = (key: string, item: (i: number) => object) =>
  JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ cursor: "c-same", [key]: item(i) })));

const serviceInputs = (name: string) => ({
  name,
  image: "ghcr.io/acme/api@sha256:" + "a".repeat(64),
  plan: "starter",
  region: "oregon",
  envVars: { SECRET_KEY: SECRET_ENV, DATABASE_URL: DB_URL, DEBUG: "False" },
});

for (const [type, provider, serviceType] of [
  ["render:WebService", webServiceProvider, "web_service"],
  ["render:BackgroundWorker", backgroundWorkerProvider, "background_worker"],
] as const) {
  const name = `hostile-${serviceType.replace("_", "-")}`;
  let lastId = "";
  hostileSuite(
    renderTarget(
      type,
      name,
      (api) => ({
        create: async () => {
          const res = await provider.create(serviceInputs(name));
          lastId = res.id;
          return res;
        },
        read: () => provider.read!(lastId, serviceInputs(name) as never),
        createRoute: { method: "POST", path: /^\/v1\/services$/ },
        readRoute: { method: "GET", path: /^\/v1\/services\/srv-[^/]+$/ },
        existing: () =>
          [...api.services.values()]
            .filter((s) => s.service.type === serviceType)
            .map((s) => s.service.id as string),
      }),
      undefined,
      // The lost-create lookup lists services by name before anything is created.
      {
        route: { method: "GET", path: /^\/v1\/services$/ },
        via: "create",
        page: () =>
          fullPage("service", (i) => ({ id: `srv-other${i}`, name: `other-${i}`, type: serviceType })),
      },
    ),
  );
}

{
  let lastId = "";
  const inputs = { name: "hostile-ghcr", registry: "GITHUB", username: "octocat", authToken: TOKEN };
  hostileSuite(
    renderTarget("render:RegistryCredential", inputs.name, (api) => ({
      create: async () => {
        const res = await registryCredentialProvider.create(inputs);
        lastId = res.id;
        return res;
      },
      read: () => registryCredentialProvider.read!(lastId, inputs as never),
      createRoute: { method: "POST", path: /^\/v1\/registrycredentials$/ },
      readRoute: { method: "GET", path: /^\/v1\/registrycredentials\/rgc-[^/]+$/ },
      existing: () => [...api.credentials.keys()],
    })),
  );
}

{
  let serviceId = "";
  const inputs = () => ({ serviceId, key: "ALLOWED_HOSTS", value: SECRET_ENV });
  hostileSuite(
    renderTarget(
      "render:EnvVar",
      "ALLOWED_HOSTS",
      (api) => {
        serviceId = api.seedService({ name: "hostile-env-owner" }).id as string;
        return {
          create: () => envVarProvider.create(inputs()),
          read: () => envVarProvider.read!(`${serviceId}/ALLOWED_HOSTS`, inputs() as never),
          createRoute: { method: "PUT", path: /^\/v1\/services\/srv-[^/]+\/env-vars\/ALLOWED_HOSTS$/ },
          readRoute: { method: "GET", path: /^\/v1\/services\/srv-[^/]+\/env-vars\/ALLOWED_HOSTS$/ },
          existing: () =>
            (api.services.get(serviceId)?.envVars ?? [])
              .filter((e) => e.key === "ALLOWED_HOSTS")
              .map(() => `${serviceId}/ALLOWED_HOSTS`),
        };
      },
      { create: /\b(create|set)\b/ },
    ),
  );
}
