import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { BackendService, BackendServiceArgs } from "../../components/render/backend-service";
import { FrontendSite, defaultVercelDomain } from "../../components/vercel/frontend-site";
import { byName, failureOf, runComponent, tree } from "../helpers/mock-run";

const IMAGE = `ghcr.io/acme/api@sha256:${"ab".repeat(32)}`;
const BASE: BackendServiceArgs = {
  serviceName: "webapp-test-api",
  image: IMAGE,
  plan: "free",
  region: "frankfurt",
  healthCheckPath: "/healthz",
  startCommand: "gunicorn app.wsgi",
  migrateCommand: "python manage.py migrate",
  frontendUrl: "https://web.example.com",
  environment: { DEBUG: "False", SECRET_KEY: pulumi.secret("s3cr3t-key-value") },
};

describe("BackendService", function () {
  this.timeout(20_000);

  it("runs a given image on a free web service, migrating in the start command", async () => {
    const plan = await runComponent(() => {
      new BackendService("api", BASE);
    });
    assert.deepEqual(tree(plan), [
      ["webapp:app:BackendService", "api", "webapp-test"],
      ["pulumi-nodejs:dynamic/render:WebService", "api-web", "api"],
    ]);
    const web = byName(plan, "api-web");
    assert.deepEqual(
      [web.inputs.name, web.inputs.image, web.inputs.plan, web.inputs.region, web.inputs.numInstances],
      ["webapp-test-api", IMAGE, "free", "frankfurt", 1],
    );
    assert.equal(web.inputs.startCommand, "python manage.py migrate && exec gunicorn app.wsgi");
    // The first deploy's env (the create request): no custom domain, so no ALLOWED_HOSTS (the app adds its
    // onrender.com host from RENDER_EXTERNAL_HOSTNAME, docs/app-contract.md); the origins name the frontend.
    assert.deepEqual(web.inputs.envVars, {
      DEBUG: "False",
      SECRET_KEY: "s3cr3t-key-value",
      CSRF_TRUSTED_ORIGINS: "https://web.example.com",
      CORS_ALLOWED_ORIGINS: "https://web.example.com",
    });
    assert.equal(web.inputs.preDeployCommand, undefined);
    assert.equal(web.inputs.healthCheckPath, "/healthz");
    assert.deepEqual(web.secretPaths, ["envVars"]);
    assert.deepEqual(web.options, { additionalSecretOutputs: ["envVars"] });
  });

  it("builds and pushes to GHCR, pins Render to the digest, adds a registry credential and a worker", async () => {
    const plan = await runComponent(() => {
      new BackendService("api", {
        ...BASE,
        image: undefined,
        build: { context: "../api", repository: "ghcr.io/acme/api" },
        registry: { username: "octocat", token: pulumi.secret("ghp_t0ken") },
        plan: "standard",
        autoscaling: { min: 2, max: 5, cpuPercent: 60 },
        worker: { plan: "starter", command: "celery -A app worker" },
        releaseCommand: "python manage.py collectstatic --noinput",
        customDomains: ["api.example.com"],
      });
    }, "prod");
    assert.deepEqual(tree(plan), [
      ["webapp:app:BackendService", "api", "webapp-prod"],
      ["pulumi-nodejs:dynamic/render:RegistryCredential", "api-registry", "api"],
      ["docker-build:index:Image", "api-image", "api"],
      ["pulumi-nodejs:dynamic/render:WebService", "api-web", "api"],
      ["pulumi-nodejs:dynamic/render:BackgroundWorker", "api-worker", "api"],
    ]);
    const image = byName(plan, "api-image");
    assert.deepEqual(image.inputs.tags, ["ghcr.io/acme/api:prod"]);
    assert.equal(image.inputs.push, true);
    assert.deepEqual(image.inputs.platforms, ["linux/amd64"]);
    assert.deepEqual(image.inputs.dockerfile, { location: "../api/Dockerfile" });
    assert.deepEqual(image.options, { retainOnDelete: true, additionalSecretOutputs: ["secrets"] });
    assert.ok(image.secretPaths.includes("registries"));
    const credential = byName(plan, "api-registry");
    assert.deepEqual([credential.inputs.registry, credential.inputs.username], ["GITHUB", "octocat"]);
    assert.deepEqual(credential.secretPaths, ["authToken"]);
    const web = byName(plan, "api-web");
    assert.match(String(web.inputs.image), /^ghcr\.io\/acme\/api:prod@sha256:[0-9a-f]{64}$/);
    assert.match(String(web.inputs.registryCredentialId), /^rgc-[0-9a-f]{20}$/);
    assert.deepEqual(web.inputs.autoscaling, { enabled: true, min: 2, max: 5, cpuPercent: 60 });
    assert.equal(web.inputs.numInstances, 2);
    assert.equal(
      web.inputs.preDeployCommand,
      "python manage.py migrate && python manage.py collectstatic --noinput",
    );
    assert.equal(web.inputs.startCommand, "exec gunicorn app.wsgi");
    assert.deepEqual(web.inputs.customDomains, ["api.example.com"]);
    const worker = byName(plan, "api-worker");
    assert.deepEqual(
      [worker.inputs.name, worker.inputs.plan, worker.inputs.image, worker.inputs.startCommand],
      ["webapp-test-api-worker", "starter", web.inputs.image, "exec celery -A app worker"],
    );
    const webEnv = web.inputs.envVars as Record<string, string>;
    const workerEnv = worker.inputs.envVars as Record<string, string>;
    // The custom domain is known before create, so the first deploy already allows it.
    assert.deepEqual(
      [webEnv.ALLOWED_HOSTS, webEnv.CSRF_TRUSTED_ORIGINS, webEnv.CORS_ALLOWED_ORIGINS],
      [
        "api.example.com",
        "https://web.example.com,https://api.example.com",
        "https://web.example.com,https://api.example.com",
      ],
    );
    // The worker exists beside the web service, so it can already name the web service's onrender.com host.
    assert.match(workerEnv.ALLOWED_HOSTS, /^webapp-test-api-[0-9a-f]{4}\.onrender\.com,api\.example\.com$/);
    const render = `https://${workerEnv.ALLOWED_HOSTS.split(",")[0]}`;
    assert.equal(workerEnv.CSRF_TRUSTED_ORIGINS, `https://web.example.com,${render},https://api.example.com`);
    assert.equal(workerEnv.CORS_ALLOWED_ORIGINS, workerEnv.CSRF_TRUSTED_ORIGINS);
  });

  it("adopts existing services, protects the web service and rolls the worker out after it", async () => {
    const plan = await runComponent(() => {
      new BackendService("api", {
        ...BASE,
        plan: "standard",
        worker: { plan: "starter", command: "celery -A app worker" },
        adopt: { webService: "srv-ct6vn35j0q5s700ckga0", worker: "srv-ct6vn35j0q5s700ckgb0" },
        protect: true,
      });
    });
    const web = byName(plan, "api-web");
    const worker = byName(plan, "api-worker");
    assert.equal(web.inputs.adoptId, "srv-ct6vn35j0q5s700ckga0");
    assert.equal(worker.inputs.adoptId, "srv-ct6vn35j0q5s700ckgb0");
    assert.deepEqual(web.options, { protect: true, additionalSecretOutputs: ["envVars"] });
    assert.deepEqual(worker.dependencies, [web.urn]);
  });

  it("refuses what the free plan and Render cannot do", async () => {
    assert.equal(
      await failureOf(() => new BackendService("api", { ...BASE, image: undefined })),
      'BackendService "api": set exactly one of image (a prebuilt image) and build (a context to build).',
    );
    assert.equal(
      await failureOf(
        () => new BackendService("api", { ...BASE, worker: { plan: "starter", command: "celery" } }),
      ),
      'BackendService "api": Render has no free background workers; choose a paid plan such as starter.',
    );
    assert.equal(
      await failureOf(
        () =>
          new BackendService("api", {
            ...BASE,
            plan: "starter",
            worker: { plan: "free", command: "celery" },
          }),
      ),
      'BackendService "api": Render has no free background workers; choose a paid worker plan such as starter.',
    );
  });
});

describe("FrontendSite", function () {
  this.timeout(20_000);

  it("creates the Vercel project, its domain and one variable per key, secrets sensitive", async () => {
    const plan = await runComponent(() => {
      const site = new FrontendSite("web", {
        projectName: "webapp-test",
        framework: "nextjs",
        repository: "acme/web",
        rootDirectory: "web",
        functionRegion: "fra1",
        domain: "webapp-test.vercel.app",
        environment: {
          NEXT_PUBLIC_SITE_NAME: { value: "Test", sensitive: false },
          REVALIDATE_TOKEN: { value: "t0ken-value", sensitive: true },
        },
      });
      return { url: site.url };
    });
    assert.deepEqual(tree(plan), [
      ["webapp:app:FrontendSite", "web", "webapp-test"],
      ["vercel:index/project:Project", "web-project", "web"],
      ["vercel:index/projectDomain:ProjectDomain", "web-domain", "web"],
      [
        "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
        "web-env-next-public-site-name",
        "web",
      ],
      [
        "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
        "web-env-revalidate-token",
        "web",
      ],
    ]);
    const project = byName(plan, "web-project").inputs;
    assert.deepEqual(project.gitRepository, { type: "github", repo: "acme/web", productionBranch: "main" });
    assert.deepEqual(project.resourceConfig, { functionDefaultRegions: ["fra1"] });
    assert.equal(project.framework, "nextjs");
    assert.equal(byName(plan, "web-domain").inputs.domain, "webapp-test.vercel.app");
    const token = byName(plan, "web-env-revalidate-token");
    assert.equal(token.inputs.sensitive, true);
    assert.deepEqual(token.secretPaths, ["value"]);
    assert.deepEqual(token.inputs.targets, ["production", "preview"]);
    assert.equal(byName(plan, "web-env-next-public-site-name").inputs.sensitive, false);
    assert.equal(plan.outputs.url, "https://webapp-test.vercel.app");
    assert.equal(byName(plan, "web-project").options.import, undefined);
  });

  it("imports an existing project and names its default domain after the project id", async () => {
    const plan = await runComponent(() => {
      const site = new FrontendSite("web", {
        projectName: "webapp-test",
        framework: "nextjs",
        repository: "acme/web",
        functionRegion: "iad1",
        environment: {},
        importId: "team_acme/prj_Q1w2E3r4T5y6U7i8O9p0",
      });
      return { url: site.url };
    });
    assert.equal(byName(plan, "web-project").options.import, "team_acme/prj_Q1w2E3r4T5y6U7i8O9p0");
    const domain = byName(plan, "web-domain").inputs;
    assert.equal(domain.domain, defaultVercelDomain("webapp-test", String(domain.projectId)));
    assert.equal(plan.outputs.url, `https://${String(domain.domain)}`);
  });
});

describe("defaultVercelDomain", () => {
  const cases: [string, string, string][] = [
    ["webapp-dev", "prj_a", "webapp-dev-912b9c.vercel.app"],
    ["webapp-dev", "prj_b", "webapp-dev-ed1cd4.vercel.app"],
    ["Shop_Front.EU", "prj_a", "shop-front-eu-912b9c.vercel.app"],
    ["x".repeat(80), "prj_a", `${"x".repeat(56)}-912b9c.vercel.app`],
  ];
  for (const [project, id, domain] of cases) {
    it(`${project.slice(0, 20)} + ${id} -> ${domain.slice(0, 30)}`, () =>
      assert.equal(defaultVercelDomain(project, id), domain));
  }
});
