import * as assert from "node:assert/strict";
import { loadStackConfig } from "../../stacks";
import { planStack } from "../../tools/plan/cli";
import { runUnderMocks } from "../../tools/plan/collect";
import { formatText } from "../../tools/plan/format-text";
import type { PlannedStack } from "../../tools/plan/types";
import { runPlan, stackConfig, writeStack } from "../helpers/run-plan";

const T = {
  web: "pulumi-nodejs:dynamic/render:WebService",
  envVar: "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
};
const PASSWORD = "smtp-pass-Zq81xv";

type Config = Record<string, Record<string, unknown>>;

/** The repository's stack file with `backend` and `frontend` keys merged in. */
function withApp(base: "dev" | "prod", backend: object, frontend: object = {}): Config {
  const c = structuredClone(stackConfig(base)) as Config;
  c["webapp:backend"] = { ...c["webapp:backend"], ...backend };
  c["webapp:frontend"] = { ...c["webapp:frontend"], ...frontend };
  return c;
}

function webEnv(plan: PlannedStack): Record<string, string> {
  return plan.resources.find((r) => r.type === T.web)!.inputs.envVars as Record<string, string>;
}

describe("the app's own variables and layout (webapp:backend.env, .secretEnv, frontend.env)", function () {
  this.timeout(60_000);

  it("hands email and social-login variables to the backend and NEXT_PUBLIC_* to the site, printing no secret", async () => {
    const dir = writeStack(
      "app",
      withApp(
        "dev",
        {
          env: {
            EMAIL_HOST: "smtp.example.com",
            EMAIL_PORT: 2525,
            EMAIL_HOST_USER: "apikey",
            EMAIL_USE_TLS: true,
            GOOGLE_CLIENT_ID: "1234-abc.apps.googleusercontent.com",
            FACEBOOK_APP_ID: "1234567890",
          },
          secretEnv: { EMAIL_HOST_PASSWORD: PASSWORD },
        },
        { env: { NEXT_PUBLIC_GOOGLE_CLIENT_ID: "1234-abc.apps.googleusercontent.com" } },
      ),
    );
    const { planned, report } = await planStack("app", { configDir: dir });
    const env = webEnv(planned);
    assert.deepEqual(
      [
        env.EMAIL_HOST,
        env.EMAIL_PORT,
        env.EMAIL_HOST_USER,
        env.EMAIL_USE_TLS,
        env.GOOGLE_CLIENT_ID,
        env.FACEBOOK_APP_ID,
        env.EMAIL_HOST_PASSWORD,
      ],
      [
        "smtp.example.com",
        "2525",
        "apikey",
        "True",
        "1234-abc.apps.googleusercontent.com",
        "1234567890",
        PASSWORD,
      ],
    );
    const site = planned.resources.find(
      (r) => r.type === T.envVar && r.inputs.key === "NEXT_PUBLIC_GOOGLE_CLIENT_ID",
    )!;
    assert.equal(site.name, "webapp-app-frontend-env-next-public-google-client-id");
    assert.deepEqual(
      [site.inputs.value, site.inputs.sensitive, site.inputs.targets],
      ["1234-abc.apps.googleusercontent.com", false, ["production", "preview"]],
    );
    for (const text of [formatText(report), JSON.stringify(report)]) assert.ok(!text.includes(PASSWORD));
  });

  it("keeps each secretEnv value a Pulumi secret and each env value plain", async () => {
    const config = {
      "webapp:tier": "free",
      "webapp:backend": JSON.stringify({
        image: `ghcr.io/acme/api@sha256:${"ab".repeat(32)}`,
        env: { EMAIL_HOST: "smtp.example.com" },
        secretEnv: { EMAIL_HOST_PASSWORD: PASSWORD },
      }),
      "webapp:frontend": JSON.stringify({ repository: "acme/web" }),
    };
    const plan = await runUnderMocks(
      { project: "webapp", stack: "dev", config, secretKeys: ["webapp:backend"] },
      () => {
        const c = loadStackConfig();
        return { password: c.backend!.secretEnv.EMAIL_HOST_PASSWORD, host: c.backend!.env.EMAIL_HOST };
      },
    );
    assert.deepEqual(plan.secretOutputs, ["password"]);
    assert.deepEqual(plan.outputs, { password: PASSWORD, host: "smtp.example.com" });
  });

  it("sets DJANGO_SETTINGS_MODULE only when configured, and derives the commands from wsgiModule", async () => {
    const dir = writeStack(
      "app",
      withApp("prod", { settingsModule: "shop.settings.prod", wsgiModule: "shop.wsgi", worker: false }),
    );
    const { planned } = await planStack("app", { configDir: dir });
    const web = planned.resources.find((r) => r.type === T.web)!.inputs;
    const env = webEnv(planned);
    assert.equal(env.DJANGO_SETTINGS_MODULE, "shop.settings.prod");
    assert.equal(web.startCommand, "exec gunicorn shop.wsgi:application --bind 0.0.0.0:$PORT");
    // A paid stack without a worker has nobody to run the queue: tasks run eagerly.
    assert.deepEqual([env.CELERY_TASK_ALWAYS_EAGER, env.CELERY_TASK_EAGER_PROPAGATES], ["True", "True"]);

    const dev = await planStack("app", {
      configDir: writeStack("app", withApp("dev", { wsgiModule: undefined })),
    });
    assert.equal(webEnv(dev.planned).DJANGO_SETTINGS_MODULE, undefined);
    assert.match(
      String(dev.planned.resources.find((r) => r.type === T.web)!.inputs.startCommand),
      / && exec gunicorn config\.wsgi:application --bind 0\.0\.0\.0:\$PORT$/,
    );
  });

  it("runs configured commands under a shell, quoting them", async () => {
    const dir = writeStack(
      "app",
      withApp("prod", {
        startCommand: "uvicorn core.asgi:application --port $PORT",
        migrateCommand: "python manage.py migrate --database 'direct'",
        releaseCommand: "python manage.py ensure_superuser",
        workerCommand: "celery -A core worker -Q default",
      }),
    );
    const { planned } = await planStack("app", { configDir: dir });
    const web = planned.resources.find((r) => r.type === T.web)!.inputs;
    const worker = planned.resources.find((r) => r.type === "pulumi-nodejs:dynamic/render:BackgroundWorker")!;
    assert.equal(web.startCommand, "exec uvicorn core.asgi:application --port $PORT");
    assert.equal(
      web.preDeployCommand,
      `python manage.py migrate --database 'direct' && python manage.py ensure_superuser`,
    );
    assert.equal(worker.inputs.startCommand, "exec celery -A core worker -Q default");
  });

  const BAD: Array<[string, Config, string]> = [
    [
      "a backend.env key the program sets",
      withApp("dev", { env: { SECRET_KEY: "mine" } }),
      "webapp:backend.env.SECRET_KEY is a variable the program sets itself; give the app's variable another name. Fix: pulumi config rm --path webapp:backend.env.SECRET_KEY --stack bad",
    ],
    [
      "a backend.secretEnv key the program sets",
      withApp("dev", { secretEnv: { DATABASE_URL: "postgres://x" } }),
      "webapp:backend.secretEnv.DATABASE_URL is a variable the program sets itself; give the app's variable another name. Fix: pulumi config rm --path webapp:backend.secretEnv.DATABASE_URL --stack bad",
    ],
    [
      "a frontend.env key the program sets",
      withApp("dev", {}, { env: { NEXT_PUBLIC_API_URL: "https://x.example.com" } }),
      "webapp:frontend.env.NEXT_PUBLIC_API_URL is a variable the program sets itself; give the app's variable another name. Fix: pulumi config rm --path webapp:frontend.env.NEXT_PUBLIC_API_URL --stack bad",
    ],
    [
      "a key both plain and secret",
      withApp("dev", { env: { EMAIL_HOST_PASSWORD: "a" }, secretEnv: { EMAIL_HOST_PASSWORD: "b" } }),
      "webapp:backend.env.EMAIL_HOST_PASSWORD is also in webapp:backend.secretEnv; keep one. Fix: pulumi config rm --path webapp:backend.env.EMAIL_HOST_PASSWORD --stack bad",
    ],
    [
      "a value that is not a string, number or boolean",
      withApp("dev", { env: { EMAIL_PORT: [587] } }),
      "webapp:backend.env.EMAIL_PORT is [587]; allowed: a string (or a whole number, or true/false). Fix: pulumi config set --path webapp:backend.env.EMAIL_PORT text --stack bad",
    ],
    [
      "a WSGI module that is not a module path",
      withApp("dev", { wsgiModule: "core/wsgi.py" }),
      'webapp:backend.wsgiModule is "core/wsgi.py"; must be a Python module path such as core.settings. Fix: pulumi config set --path webapp:backend.wsgiModule core.wsgi --stack bad',
    ],
    [
      "a Vercel scope with capitals",
      withApp("dev", {}, { vercelScope: "Acme" }),
      'webapp:frontend.vercelScope is "Acme"; must be a Vercel team or user slug such as acme. Fix: pulumi config set --path webapp:frontend.vercelScope acme --stack bad',
    ],
  ];
  for (const [name, config, error] of BAD) {
    it(`${name}: exits 2 with one line`, async () => {
      const run = await runPlan(["--stack", "bad", "--config-dir", writeStack("bad", config)]);
      assert.deepEqual([run.code, run.stderr, run.stdout], [2, `error: ${error}\n`, ""]);
    });
  }
});
