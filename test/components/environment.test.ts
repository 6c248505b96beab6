import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
  backendEnvironment,
  HOST_KEYS,
  hostVariables,
  PROGRAM_BACKEND_KEYS,
} from "../../components/environment";
import { previewOriginRegex } from "../../components/vercel/frontend-site";
import { runComponent } from "../helpers/mock-run";

describe("the backend's environment", () => {
  const HOSTS: Array<[string | undefined, string[], string, Record<string, string>]> = [
    [
      undefined,
      [],
      "https://webapp-dev.vercel.app",
      {
        ALLOWED_HOSTS: "",
        CSRF_TRUSTED_ORIGINS: "https://webapp-dev.vercel.app",
        CORS_ALLOWED_ORIGINS: "https://webapp-dev.vercel.app",
      },
    ],
    [
      "https://webapp-dev-api-a9e9.onrender.com",
      [],
      "https://webapp-dev.vercel.app",
      {
        ALLOWED_HOSTS: "webapp-dev-api-a9e9.onrender.com",
        CSRF_TRUSTED_ORIGINS: "https://webapp-dev.vercel.app,https://webapp-dev-api-a9e9.onrender.com",
        CORS_ALLOWED_ORIGINS: "https://webapp-dev.vercel.app,https://webapp-dev-api-a9e9.onrender.com",
      },
    ],
    [
      "https://webapp-prod-api-12ab.onrender.com",
      ["api.example.com", "api.example.com"],
      "https://www.example.com/",
      {
        ALLOWED_HOSTS: "webapp-prod-api-12ab.onrender.com,api.example.com",
        CSRF_TRUSTED_ORIGINS:
          "https://www.example.com,https://webapp-prod-api-12ab.onrender.com,https://api.example.com",
        CORS_ALLOWED_ORIGINS:
          "https://www.example.com,https://webapp-prod-api-12ab.onrender.com,https://api.example.com",
      },
    ],
  ];
  for (const [render, domains, frontend, expected] of HOSTS) {
    it(`host variables for ${render ?? "a service not created yet"} and [${domains.join(", ")}]`, () =>
      assert.deepEqual(hostVariables(render, domains, frontend), expected));
  }

  describe("the Vercel preview origin pattern", () => {
    const re = new RegExp(previewOriginRegex("webapp-dev", "acme"));
    for (const origin of [
      "https://webapp-dev-k3j2h1g0f-acme.vercel.app",
      "https://webapp-dev-git-main-acme.vercel.app",
      "https://webapp-dev-git-feature-login-acme.vercel.app",
    ]) {
      it(`allows ${origin}`, () => assert.ok(re.test(origin)));
    }
    for (const origin of [
      "https://webapp-dev.vercel.app.evil.com",
      "http://webapp-dev-k3j2h1g0f-acme.vercel.app",
      "https://webapp-dev-k3j2h1g0f-other.vercel.app",
      "https://webapp-prod-k3j2h1g0f-acme.vercel.app",
      "https://evil-webapp-dev-k3j2h1g0f-acme.vercel.app",
      "https://webapp-dev-k3j2h1g0f-acmex.vercel.app",
      "https://webapp-dev-k3j2h1g0f-acme.vercel.app:8443",
      "https://webapp-dev-k3j2h1g0f-acme.vercelXapp",
    ]) {
      it(`refuses ${origin}`, () => assert.ok(!re.test(origin)));
    }
  });

  it("sets exactly the program's keys, the app's own beside them, eager Celery without a worker", async () => {
    let env: Record<string, pulumi.Input<string>> = {};
    await runComponent(() => {
      const secret = pulumi.secret("s");
      env = backendEnvironment({
        database: { url: secret, pooledUrl: secret, host: pulumi.output("h") },
        cache: { url: secret, brokerUrl: secret, host: pulumi.output("h") },
        media: {
          url: secret,
          account: pulumi.output("c"),
          folder: pulumi.output("f"),
          uploadPreset: pulumi.output("p"),
          maxUploadBytes: pulumi.output(1),
          uploadSigned: pulumi.output(true),
        },
        secretKey: secret,
        superuser: { username: "admin", email: "a@example.com", password: secret },
        frontendUrl: "https://www.example.com",
        previewOriginRegex: "^x$",
        settingsModule: "core.settings",
        webConcurrency: 2,
        debug: false,
        celeryEager: true,
        appEnv: { EMAIL_HOST: "smtp.example.com" },
        appSecretEnv: { EMAIL_HOST_PASSWORD: secret },
      });
    });
    const programKeys = [...Object.keys(env), ...HOST_KEYS].filter((k) => !k.startsWith("EMAIL_")).sort();
    // The SENTRY_* keys come only with error tracking (test/plan/operations.test.ts).
    assert.deepEqual(
      programKeys,
      PROGRAM_BACKEND_KEYS.filter((k) => !k.startsWith("SENTRY_")),
    );
    assert.deepEqual(
      [env.CELERY_TASK_ALWAYS_EAGER, env.CELERY_TASK_EAGER_PROPAGATES, env.DJANGO_SETTINGS_MODULE],
      ["True", "True", "core.settings"],
    );
    assert.equal(env.EMAIL_HOST, "smtp.example.com");
  });
});
