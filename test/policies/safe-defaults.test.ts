import * as assert from "assert";
import {
  CLOUDINARY_FOLDER,
  DOCKER_BUILD_IMAGE,
  NEON_PROJECT,
  RENDER_REGISTRY_CREDENTIAL,
  RENDER_WEB_SERVICE,
  UPSTASH_REDIS_DATABASE,
  VERCEL_ENV_VAR,
  VERCEL_PROJECT,
} from "../../policies/lib/tokens";
import { SECRET_VALUES, SECRETS, freeStack, paidStack, withBackendEnv, withVercelEnvVar } from "./fixtures";
import {
  UNKNOWN,
  assertNoSecrets,
  mutate,
  previewAdvisory,
  resource,
  runPolicy,
  urnOf,
  violation,
} from "./harness";

const api = urnOf(RENDER_WEB_SERVICE, "api");

describe("debug-disabled", () => {
  const name = "debug-disabled";

  for (const value of ["False", "false", "0", "no", "OFF", ""]) {
    it(`passes DEBUG=${JSON.stringify(value)}`, async () => {
      assert.deepStrictEqual(await runPolicy(name, withBackendEnv("DEBUG", value)), []);
    });
  }
  for (const value of ["True", "1", "yes", "on", "debug"]) {
    it(`fails DEBUG=${JSON.stringify(value)} without echoing it`, async () => {
      const vs = await runPolicy(name, withBackendEnv("DEBUG", value));
      assert.deepStrictEqual(vs, [
        violation(
          name,
          "DEBUG is set to a value that turns debug mode on; turn it off with `pulumi config set --path webapp:backend.debug false`.",
          api,
        ),
      ]);
    });
  }

  it("fails DEBUG on a Vercel environment variable", async () => {
    const stack = withVercelEnvVar({ key: "DEBUG", value: "true" });
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "DEBUG is set to a value that turns debug mode on; set it with `pulumi config set --path webapp:frontend.env.DEBUG False`.",
        urnOf(VERCEL_ENV_VAR, "web-api-url"),
      ),
    ]);
  });

  it("is advisory while DEBUG is unknown", async () => {
    assert.deepStrictEqual(await runPolicy(name, withBackendEnv("DEBUG", UNKNOWN)), [
      previewAdvisory(name, "envVars.DEBUG", api),
    ]);
  });
});

describe("credential-env-vars-sensitive", () => {
  const name = "credential-env-vars-sensitive";
  const envVar = (key: string, value: string, sensitive: boolean | string) =>
    withVercelEnvVar({ key, value, sensitive });
  const web = urnOf(VERCEL_ENV_VAR, "web-api-url");

  it("passes a sensitive credential and a non-sensitive public value", async () => {
    assert.deepStrictEqual(await runPolicy(name, envVar("REVALIDATE_TOKEN", SECRETS.secretKey, true)), []);
    assert.deepStrictEqual(await runPolicy(name, freeStack()), []);
  });

  for (const key of [
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CLOUDINARY_URL",
    "SECRET_KEY",
    "ADMIN_PASSWORD",
    "GITHUB_TOKEN",
    "STRIPE_KEY",
  ]) {
    it(`fails ${key} without sensitive: true, without echoing the value`, async () => {
      const vs = await runPolicy(name, envVar(key, SECRETS.secretKey, false));
      assert.deepStrictEqual(vs, [
        violation(
          name,
          `${key} carries a credential but is not sensitive; remove webapp:frontend.env.${key} and keep it on ` +
            `the backend with \`pulumi config set --secret --path webapp:backend.secretEnv.${key} <value>\`.`,
          web,
        ),
      ]);
      assertNoSecrets(vs, SECRET_VALUES);
    });
  }

  it("checks inline project environments", async () => {
    const stack = mutate(freeStack(), "web", (i) => {
      i.environments = [
        { key: "SECRET_KEY", value: SECRETS.secretKey, targets: ["production"], sensitive: false },
      ];
    });
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "SECRET_KEY carries a credential but is not sensitive; remove webapp:frontend.env.SECRET_KEY and keep it on the backend with `pulumi config set --secret --path webapp:backend.secretEnv.SECRET_KEY <value>`.",
        urnOf(VERCEL_PROJECT, "web"),
      ),
    ]);
  });

  it("is advisory while sensitive is unknown", async () => {
    assert.deepStrictEqual(await runPolicy(name, envVar("SECRET_KEY", "x", UNKNOWN)), [
      previewAdvisory(name, "sensitive", web),
    ]);
  });
});

describe("credential-values-are-secrets (offline plan check)", () => {
  const name = "credential-values-are-secrets";

  it("passes credentials that were Pulumi secrets", async () => {
    assert.deepStrictEqual(await runPolicy(name, paidStack()), []);
  });

  it("fails a credential the program passed as a plain value, without echoing it", async () => {
    const stack = mutate(freeStack(), "api", (_i, r) => {
      r.secretPaths = r.secretPaths.filter((p) => p !== "envVars.SECRET_KEY");
    });
    const vs = await runPolicy(name, stack);
    assert.deepStrictEqual(vs, [
      violation(
        name,
        "SECRET_KEY (input envVars.SECRET_KEY of 'api') is a plain value; set it with `pulumi config set --secret --path webapp:backend.secretEnv.SECRET_KEY <value>` instead of webapp:backend.env.SECRET_KEY.",
        api,
      ),
    ]);
    assertNoSecrets(vs, SECRET_VALUES);
  });

  it("accepts a secret parent object and checks Vercel values and registry tokens", async () => {
    const stack = mutate(freeStack(), "api", (_i, r) => {
      r.secretPaths = ["envVars"];
    });
    stack.resources.push(
      resource(RENDER_REGISTRY_CREDENTIAL, "ghcr", {
        name: "ghcr",
        registry: "GITHUB",
        username: "acme",
        authToken: "ghp_x",
      }),
      resource(VERCEL_ENV_VAR, "web-token", {
        projectId: "p",
        key: "REVALIDATE_TOKEN",
        value: "tok",
        sensitive: true,
      }),
    );
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "authToken (input authToken of 'ghcr') is a plain value; set it with `pulumi config set --secret webapp:ghcrToken <token>`.",
        urnOf(RENDER_REGISTRY_CREDENTIAL, "ghcr"),
      ),
      violation(
        name,
        "REVALIDATE_TOKEN (input value of 'web-token') is a plain value; remove webapp:frontend.env.REVALIDATE_TOKEN and keep it on the backend with `pulumi config set --secret --path webapp:backend.secretEnv.REVALIDATE_TOKEN <value>`.",
        urnOf(VERCEL_ENV_VAR, "web-token"),
      ),
    ]);
  });

  it("checks a Vercel write-only value (valueWo) like a value", async () => {
    const stack = mutate(freeStack(), "web-api-url", (i) => {
      delete i.value;
      Object.assign(i, { key: "SECRET_KEY", valueWo: SECRETS.secretKey, sensitive: true });
    });
    const vs = await runPolicy(name, stack);
    assert.deepStrictEqual(vs, [
      violation(
        name,
        "SECRET_KEY (input valueWo of 'web-api-url') is a plain value; remove webapp:frontend.env.SECRET_KEY and keep it on the backend with `pulumi config set --secret --path webapp:backend.secretEnv.SECRET_KEY <value>`.",
        urnOf(VERCEL_ENV_VAR, "web-api-url"),
      ),
    ]);
    assertNoSecrets(vs, SECRET_VALUES);
    const secret = mutate(stack, "web-api-url", (_i, r) => (r.secretPaths = ["valueWo"]));
    assert.deepStrictEqual(await runPolicy(name, secret), []);
  });
});

describe("images-pinned-by-digest", () => {
  const name = "images-pinned-by-digest";

  it("fails a service image without a digest, and a latest tag", async () => {
    const stack = mutate(freeStack(), "api", (i) => (i.image = "ghcr.io/acme/api:latest"));
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "The service image is not pinned by digest; pin it with `pulumi config set --path webapp:backend.image <repository>@sha256:<digest>`, or build it with webapp:backend.build.",
        api,
      ),
      violation(
        name,
        "The service image carries the moving tag 'latest'; drop the tag and keep the digest: `pulumi config set --path webapp:backend.image <repository>@sha256:<digest>`.",
        api,
      ),
    ]);
  });

  it("fails latest even next to a digest, and passes a registry port", async () => {
    const digest = `@sha256:${"b".repeat(64)}`;
    assert.deepStrictEqual(
      await runPolicy(
        name,
        mutate(freeStack(), "api", (i) => (i.image = `ghcr.io/acme/api:latest${digest}`)),
      ),
      [
        violation(
          name,
          "The service image carries the moving tag 'latest'; drop the tag and keep the digest: `pulumi config set --path webapp:backend.image <repository>@sha256:<digest>`.",
          api,
        ),
      ],
    );
    assert.deepStrictEqual(
      await runPolicy(
        name,
        mutate(freeStack(), "api", (i) => (i.image = `registry.local:5000/acme/api:3f2a${digest}`)),
      ),
      [],
    );
  });

  it("fails docker-build tags that are latest or missing", async () => {
    const stack = mutate(
      freeStack(),
      "api-image",
      (i) => (i.tags = ["ghcr.io/acme/api:latest", "ghcr.io/acme/api", "ghcr.io/acme/api:3f2a"]),
    );
    const image = urnOf(DOCKER_BUILD_IMAGE, "api-image");
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "The image is tagged 'latest'; tag it with the commit SHA (the program tags webapp:backend.build images <repository>:<stack>).",
        image,
      ),
      violation(
        name,
        "The image is tagged without a tag (so latest); tag it with the commit SHA (the program tags webapp:backend.build images <repository>:<stack>).",
        image,
      ),
    ]);
  });

  it("is advisory while the image is unknown", async () => {
    const stack = mutate(freeStack(), "api", (i) => (i.image = UNKNOWN));
    assert.deepStrictEqual(await runPolicy(name, stack), [previewAdvisory(name, "image", api)]);
  });
});

describe("stateful-resources-protected", () => {
  const name = "stateful-resources-protected";

  it("does not apply to free stacks", async () => {
    assert.deepStrictEqual(await runPolicy(name, freeStack()), []);
  });

  it("fails each unprotected data resource on a paid stack", async () => {
    const stack = paidStack();
    for (const r of stack.resources) {
      r.options = { retainOnDelete: true };
    }
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "'db' holds data but is not protected; `pulumi config set webapp:protectData true`.",
        urnOf(NEON_PROJECT, "db"),
      ),
      violation(
        name,
        "'cache' holds data but is not protected; `pulumi config set webapp:protectData true`.",
        urnOf(UPSTASH_REDIS_DATABASE, "cache"),
      ),
      violation(
        name,
        "'media' holds data but is not protected; `pulumi config set webapp:protectData true`.",
        urnOf(CLOUDINARY_FOLDER, "media"),
      ),
    ]);
  });
});

describe("web-services-health-check", () => {
  const name = "web-services-health-check";

  it("fails a missing or malformed health check path", async () => {
    assert.deepStrictEqual(
      await runPolicy(
        name,
        mutate(freeStack(), "api", (i) => delete i.healthCheckPath),
      ),
      [
        violation(
          name,
          "The web service has no healthCheckPath; set one with `pulumi config set --path webapp:backend.healthCheckPath /healthz`.",
          api,
        ),
      ],
    );
    assert.deepStrictEqual(
      await runPolicy(
        name,
        mutate(freeStack(), "api", (i) => (i.healthCheckPath = "healthz")),
      ),
      [
        violation(
          name,
          "The web service's healthCheckPath is not a URL path; write it as /<path> without spaces: `pulumi config set --path webapp:backend.healthCheckPath /healthz`.",
          api,
        ),
      ],
    );
  });

  it("is advisory while the health check path is unknown", async () => {
    const stack = mutate(freeStack(), "api", (i) => (i.healthCheckPath = UNKNOWN));
    assert.deepStrictEqual(await runPolicy(name, stack), [previewAdvisory(name, "healthCheckPath", api)]);
  });
});
