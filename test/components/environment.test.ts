import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
  backendEnvironment,
  frontendEnvironment,
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
    // The SENTRY_* keys come only with error tracking (test/plan/operations.test.ts), MEDIA_* only with media
    // kept as files (below).
    assert.deepEqual(
      programKeys,
      PROGRAM_BACKEND_KEYS.filter((k) => !k.startsWith("SENTRY_") && !k.startsWith("MEDIA_")),
    );
    assert.deepEqual(
      [env.CELERY_TASK_ALWAYS_EAGER, env.CELERY_TASK_EAGER_PROPAGATES, env.DJANGO_SETTINGS_MODULE],
      ["True", "True", "core.settings"],
    );
    assert.equal(env.EMAIL_HOST, "smtp.example.com");
  });

  describe("data parts without a service's extras", () => {
    const secret = () => pulumi.secret("s");
    const base = {
      secretKey: pulumi.secret("k"),
      superuser: { username: "admin", email: "a@example.com", password: pulumi.secret("p") },
      webConcurrency: 2,
      debug: false,
      celeryEager: true,
      appEnv: {},
      appSecretEnv: {},
    };
    const files = {
      files: { root: "/app/media", publicUrl: "/media/" },
      account: pulumi.output(""),
      folder: pulumi.output("/media/"),
      uploadPreset: pulumi.output(""),
      maxUploadBytes: pulumi.output(20 * 1024 * 1024),
      uploadSigned: pulumi.output(false),
    };

    it("sets no DATABASE_POOLED_URL for a database without a pooler, on the backend and on a full-stack site", async () => {
      let backend: Record<string, unknown> = {};
      let site: Record<string, unknown> = {};
      await runComponent(() => {
        const database = { url: secret(), host: pulumi.output("db") };
        backend = backendEnvironment({ ...base, database });
        site = frontendEnvironment(undefined, {}, { database });
      });
      assert.ok("DATABASE_URL" in backend);
      assert.ok(!("DATABASE_POOLED_URL" in backend));
      assert.deepEqual(Object.keys(site), ["DATABASE_URL"]);
    });

    it("hands media kept as files as MEDIA_ROOT and MEDIA_URL, with no CLOUDINARY_URL at all", async () => {
      let backend: Record<string, unknown> = {};
      let site: Record<string, unknown> = {};
      await runComponent(() => {
        backend = backendEnvironment({ ...base, media: files });
        site = frontendEnvironment(files, {});
      });
      assert.equal(backend.MEDIA_ROOT, "/app/media");
      assert.equal(backend.MEDIA_URL, "/media/");
      assert.ok(!("CLOUDINARY_URL" in backend));
      // No upload widget names for a store with no media service; the upload size limit stays.
      assert.deepEqual(Object.keys(site), ["NEXT_PUBLIC_MEDIA_MAX_UPLOAD_BYTES"]);
    });

    it("hands a media service its CLOUDINARY_URL and no MEDIA_ROOT", async () => {
      let backend: Record<string, unknown> = {};
      await runComponent(() => {
        const { files: _files, ...rest } = files;
        backend = backendEnvironment({ ...base, media: { ...rest, url: secret() } });
      });
      assert.ok("CLOUDINARY_URL" in backend);
      assert.ok(!("MEDIA_ROOT" in backend) && !("MEDIA_URL" in backend));
    });
  });
});
