import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import {
  DOCKER_TYPES,
  dockerMockOutputs,
  dockerMonthlyCost,
  isPinnedImage,
  unpinnedImageError,
} from "../../components/docker/catalog";
import { DockerBackend, DockerDatabase, DockerHost, DockerProxy } from "../../components/docker";
import { byName, failureOf, runComponent, tree } from "../helpers/mock-run";
import { deletesFirst, dependentReplacements } from "./applier";
import { selfHostedStack } from "./component-stack";

const PIN = `sha256:${"a".repeat(64)}`;
const stackOptions = {
  prefix: "shop-prod",
  domain: "shop.example.com",
  images: { backend: PIN, postgres: PIN, redis: PIN, nginx: PIN },
  frontendImage: PIN,
  certificatePem: "-----BEGIN CERTIFICATE-----",
  privateKeyPem: "-----BEGIN PRIVATE KEY-----",
  secrets: { django: "d".repeat(50), database: "p@ss/word", redis: "r", superuser: "s" },
  httpPort: 80,
  httpsPort: 443,
  backupIntervalSeconds: 86400,
};

describe("components/docker", () => {
  it("registers the self-hosted stack's resources under their components", async () => {
    const plan = await runComponent(() => selfHostedStack(stackOptions));
    const containers = tree(plan).filter(([t]) => t === DOCKER_TYPES.container);
    assert.deepEqual(containers.map(([, n, p]) => `${p}/${n}`).sort(), [
      "api/api-release",
      "api/api-web",
      "api/api-worker",
      "backup/backup-job",
      "cache/cache-redis",
      "db/db-postgres",
      "proxy/proxy-nginx",
      "web/web-web",
    ]);
    assert.equal(tree(plan).filter(([t]) => t === DOCKER_TYPES.volume).length, 5);
    assert.deepEqual(byName(plan, "host-internal").inputs, {
      driver: "bridge",
      internal: true,
      name: "shop-prod-internal",
    });
    assert.deepEqual(byName(plan, "host-public").inputs, { driver: "bridge", name: "shop-prod-public" });
  });

  it("states every container's replacement order: delete first for ports, data and the backup loop, else create first", async () => {
    const plan = await runComponent(() => selfHostedStack(stackOptions));
    const containers = plan.resources.filter((r) => r.type === DOCKER_TYPES.container);
    // Stated on each (never left to the provider, which deletes every container first): true or false.
    assert.deepEqual(Object.fromEntries(containers.map((r) => [r.name, r.options.deleteBeforeReplace])), {
      "db-postgres": true,
      "backup-job": true,
      "cache-redis": true,
      "api-release": false,
      "api-web": false,
      "api-worker": false,
      "web-web": false,
      "proxy-nginx": true,
    });
    assert.deepEqual(
      containers
        .filter((r) => deletesFirst(r))
        .map((r) => r.name)
        .sort(),
      ["backup-job", "cache-redis", "db-postgres", "proxy-nginx"],
    );
    // Left to the provider, a container is deleted first (pulumi-docker resources.go:112-114).
    assert.equal(deletesFirst({ type: DOCKER_TYPES.container, options: {} }), true);
    const web = byName(plan, "api-web");
    assert.equal(web.inputs.name, undefined, "a fixed name would block create-before-delete");
    assert.deepEqual(web.inputs.networksAdvanced, [{ aliases: ["backend"], name: "shop-prod-internal" }]);
    assert.equal(web.inputs.destroyGraceSeconds, 35);
    assert.equal(web.inputs.wait, true);
    assert.ok(web.dependencies.includes(byName(plan, "api-release").urn), "web waits for the release step");
  });

  it("deletes ahead of a delete-first replacement every container taking a replacing input from it", async () => {
    const plan = await runComponent(() => selfHostedStack(stackOptions));
    const urn = (name: string) => byName(plan, name).urn;
    const names = (root: string) =>
      dependentReplacements(urn(root), plan.resources)
        .map((u) => u.slice(u.lastIndexOf("::") + 2))
        .sort();
    // The database's URL (made from its container's id) is in the release, web, worker and backup envs.
    assert.deepEqual(names("db-postgres"), ["api-release", "api-web", "api-worker", "backup-job"]);
    assert.deepEqual(names("cache-redis"), ["api-release", "api-web", "api-worker"]);
    // The web command is made from the release step's exit code: a delete-first release step would take the
    // web container down ahead of it, which is why the release step is stated create-first.
    assert.deepEqual(names("api-release"), ["api-web"]);
    assert.deepEqual(names("api-web"), []);
    assert.deepEqual(names("proxy-nginx"), []);
  });

  it("runs the release step once per image, to completion, never restarted", async () => {
    const plan = await runComponent(() => selfHostedStack(stackOptions));
    const release = byName(plan, "api-release").inputs;
    assert.equal(release.attach, true);
    assert.equal(release.mustRun, false);
    assert.equal(release.restart, "no");
    assert.equal(release.image, PIN);
  });

  it("builds the database URL with the password escaped, and keeps it secret in every env", async () => {
    const plan = await runComponent(() => selfHostedStack(stackOptions));
    const envs = byName(plan, "api-web").inputs.envs as string[];
    assert.ok(envs.includes("DATABASE_URL=postgres://shop:p%40ss%2Fword@db:5432/shop"));
    assert.ok(envs.includes("REDIS_URL=redis://:r@cache:6379/0"));
    assert.ok(byName(plan, "api-web").secretPaths.includes("envs"));
    assert.ok(byName(plan, "proxy-nginx").secretPaths.some((p) => p.startsWith("uploads")));
  });

  it("protects the data volumes only when asked", async () => {
    const plan = await runComponent(() => {
      new DockerHost("host", { prefix: "p", protectData: true });
      new DockerDatabase("db", {
        image: PIN,
        network: "n",
        volumeName: "v",
        databaseName: "shop",
        user: "shop",
        password: "x",
        protectData: true,
      });
      new DockerDatabase("db2", {
        image: PIN,
        network: "n",
        volumeName: "v2",
        databaseName: "shop",
        user: "shop",
        password: "x",
      });
    });
    assert.deepEqual(byName(plan, "host-media").options, { protect: true, retainOnDelete: true });
    assert.deepEqual(byName(plan, "db-data").options, { protect: true, retainOnDelete: true });
    assert.deepEqual(byName(plan, "db2-data").options, {});
    // A protected stack deletes no volume by accident: static files too (stateful-resources-protected).
    assert.deepEqual(byName(plan, "host-static").options, { protect: true, retainOnDelete: true });
  });

  it("refuses unpinned images, bad names and a worker without a health check, in one sentence each", async () => {
    assert.equal(
      await failureOf(
        () =>
          new DockerDatabase("db", {
            image: "postgres:15",
            network: "n",
            volumeName: "v",
            databaseName: "shop",
            user: "shop",
            password: "x",
          }),
      ),
      unpinnedImageError('DockerDatabase "db": image', "postgres:15"),
    );
    assert.equal(
      await failureOf(
        () =>
          new DockerDatabase("db", {
            image: PIN,
            network: "n",
            volumeName: "v",
            databaseName: "Shop-DB",
            user: "shop",
            password: "x",
          }),
      ),
      `DockerDatabase "db": databaseName "Shop-DB" is not a plain PostgreSQL identifier: use lowercase letters, digits and '_' (at most 63), starting with a letter or '_'.`,
    );
    assert.equal(
      await failureOf(() => new DockerHost("host", { prefix: "Prod Stack" })),
      `DockerHost "host": prefix "Prod Stack" is not a Docker name: use lowercase letters, digits, '.', '_' or '-', starting with a letter or digit.`,
    );
    assert.match(
      await failureOf(
        () =>
          new DockerBackend("api", {
            image: PIN,
            network: "n",
            environment: {},
            healthCheckHost: "h",
            releaseCommand: ["true"],
            workerCommand: ["celery"],
            staticVolume: "s",
            mediaVolume: "m",
          }),
      ),
      /^DockerBackend "api": workerCommand needs workerHealthCheck/,
    );
    assert.equal(
      await failureOf(
        () =>
          new DockerProxy("proxy", {
            image: PIN,
            publicNetwork: "p",
            internalNetwork: "i",
            serverNames: ["a.com"],
            certificatePem: "c",
            privateKeyPem: "k",
            backend: { host: "b", port: 1 },
            frontend: { host: "f", port: 1 },
            staticVolume: "s",
            mediaVolume: "m",
            maxUploadMegabytes: 0,
          }),
      ),
      `DockerProxy "proxy": maxUploadMegabytes 0 must be a whole number of megabytes, at least 1.`,
    );
  });
});

describe("components/docker/catalog", () => {
  for (const [ref, pinned] of [
    [`postgres:15@sha256:${"0".repeat(64)}`, true],
    [`ghcr.io/acme/api@sha256:${"f".repeat(64)}`, true],
    [`sha256:${"1".repeat(64)}`, true],
    ["postgres:15", false],
    ["nginx:latest", false],
    [`postgres@sha256:${"0".repeat(63)}`, false],
  ] as const) {
    it(`${pinned ? "accepts" : "refuses"} ${ref.slice(0, 40)}`, () =>
      assert.equal(isPinnedImage(ref), pinned));
  }

  it("prices the host once from config, unknown when absent, and refuses a negative price", () => {
    assert.deepEqual(dockerMonthlyCost(6), [{ item: "Docker host (VPS)", usd: 6 }]);
    assert.deepEqual(dockerMonthlyCost(undefined), [{ item: "Docker host (VPS)", usd: undefined }]);
    assert.throws(() => dockerMonthlyCost(-1), {
      message:
        "docker host monthly price -1 is not a non-negative number of US dollars: set it with `pulumi config set webapp:docker.hostMonthlyUsd 6`.",
    });
  });

  it("answers mocks with the provider's autonaming and computed outputs", () => {
    const hex = "0123456789abcdef".repeat(4);
    assert.equal(
      dockerMockOutputs(DOCKER_TYPES.container, "api-web", {}, hex)?.state.name,
      "api-web-0123456",
    );
    assert.equal(
      dockerMockOutputs(DOCKER_TYPES.volume, "v", { name: "shop-media" }, hex)?.state.mountpoint,
      "/var/lib/docker/volumes/shop-media/_data",
    );
    assert.equal(dockerMockOutputs(DOCKER_TYPES.remoteImage, "i", { name: PIN }, hex)?.state.imageId, PIN);
    assert.equal(dockerMockOutputs("render:x", "i", {}, hex), undefined);
  });

  it("loads without @pulumi/docker (or any @pulumi package)", () => {
    const root = path.join(__dirname, "..", "..");
    const r = spawnSync(
      process.execPath,
      [
        "-r",
        "sucrase/register/ts",
        "-e",
        "require('./components/docker/catalog'); console.log(Object.keys(require.cache).filter((k) => k.includes('@pulumi')).length)",
      ],
      { cwd: root, encoding: "utf8" },
    );
    assert.equal(r.stdout.trim(), "0", r.stderr);
  });
});

describe("components/docker ordering", () => {
  it("starts the release step, web and worker only after the database and cache containers (their URLs carry them)", async () => {
    const plan = await runComponent(() => selfHostedStack(stackOptions));
    for (const user of ["api-release", "api-web", "api-worker", "backup-job"]) {
      const deps = byName(plan, user).dependencies;
      assert.ok(deps.includes(byName(plan, "db-postgres").urn), `${user} does not wait for PostgreSQL`);
      if (user !== "backup-job")
        assert.ok(deps.includes(byName(plan, "cache-redis").urn), `${user} does not wait for Redis`);
    }
  });
});
