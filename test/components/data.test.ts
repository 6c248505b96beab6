import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Cache } from "../../components/upstash/cache";
import { Database } from "../../components/neon/database";
import { cloudNameOf, MediaStore } from "../../components/cloudinary/media-store";
import { byName, failureOf, runComponent, tree } from "../helpers/mock-run";

const DB_ARGS = {
  projectName: "webapp-test",
  regionId: "aws-eu-central-1",
  postgresVersion: 17,
  minCu: 0.25,
  maxCu: 2,
  historyRetentionSeconds: 21600,
  suspendTimeoutSeconds: 300,
};

describe("Database", function () {
  this.timeout(20_000);

  it("puts the role and database on the project's root branch: no child branch", async () => {
    const plan = await runComponent(() => {
      new Database("db", DB_ARGS);
    });
    assert.deepEqual(tree(plan), [
      ["webapp:data:Database", "db", "webapp-test"],
      ["pulumi-nodejs:dynamic/neon:Project", "db-project", "db"],
      ["pulumi-nodejs:dynamic/neon:Role", "db-role", "db"],
      ["pulumi-nodejs:dynamic/neon:Database", "db-db", "db"],
    ]);
    const project = byName(plan, "db-project");
    assert.deepEqual(
      { ...project.inputs, __provider: undefined },
      {
        __provider: undefined,
        name: "webapp-test",
        regionId: "aws-eu-central-1",
        pgVersion: 17,
        historyRetentionSeconds: 21600,
        autoscalingMinCu: 0.25,
        autoscalingMaxCu: 2,
        suspendTimeoutSeconds: 300,
      },
    );
    const rootBranch = project.outputs.defaultBranchId;
    assert.match(String(rootBranch), /^br-/);
    assert.equal(byName(plan, "db-role").inputs.branchId, rootBranch);
    assert.equal(byName(plan, "db-db").inputs.branchId, rootBranch);
    assert.equal(byName(plan, "db-db").inputs.ownerName, "app");
    assert.deepEqual(project.options, {});
  });

  it("sends no suspend timeout when none is given (the Free plan's is fixed)", async () => {
    const plan = await runComponent(() => {
      new Database("db", { ...DB_ARGS, suspendTimeoutSeconds: undefined });
    });
    assert.equal("suspendTimeoutSeconds" in byName(plan, "db-project").inputs, false);
  });

  it("hands an adopted project's id to the Project as adoptId", async () => {
    const plan = await runComponent(() => {
      new Database("db", { ...DB_ARGS, adoptProjectId: "shiny-wind-028834" });
    });
    assert.equal(byName(plan, "db-project").inputs.adoptId, "shiny-wind-028834");
  });

  it("exposes direct and pooled URLs that require TLS, as secrets", async () => {
    let db: Database | undefined;
    await runComponent(() => {
      db = new Database("db", DB_ARGS);
    });
    const c = db!.connection;
    assert.equal(await (c.url as unknown as { isSecret: Promise<boolean> }).isSecret, true);
    assert.equal(await (c.pooledUrl! as unknown as { isSecret: Promise<boolean> }).isSecret, true);
    const [url, pooled] = await new Promise<string[]>((resolve) =>
      pulumi.all([c.url, c.pooledUrl!]).apply(resolve),
    );
    assert.match(
      url,
      /^postgresql:\/\/app:npg_[\w-]+@ep-[a-z]+-[a-z]+-[0-9a-f]{8}\.eu-central-1\.aws\.neon\.tech\/app\?sslmode=require&channel_binding=require$/,
    );
    assert.equal(pooled, url.replace(/@(ep-[^.]+)\./, "@$1-pooler."));
  });

  it("protects and retains the project, the database and its owner role when asked", async () => {
    const plan = await runComponent(() => {
      new Database("db", { ...DB_ARGS, protectData: true });
    });
    for (const name of ["db-project", "db-db"]) {
      assert.deepEqual(byName(plan, name).options, { protect: true, retainOnDelete: true });
    }
    // Neon refuses to delete a role that owns a database (test/components/teardown.test.ts).
    assert.deepEqual(byName(plan, "db-role").options, {
      protect: true,
      retainOnDelete: true,
      additionalSecretOutputs: ["password"],
    });
  });

  it("protects and retains nothing when not asked", async () => {
    const plan = await runComponent(() => {
      new Database("db", DB_ARGS);
    });
    for (const name of ["db-project", "db-role", "db-db"]) {
      const { protect, retainOnDelete } = byName(plan, name).options;
      assert.deepEqual([name, protect, retainOnDelete], [name, undefined, undefined]);
    }
  });

  it("refuses a compute range whose minimum exceeds its maximum", async () => {
    assert.equal(
      await failureOf(() => new Database("db", { ...DB_ARGS, minCu: 4, maxCu: 2 })),
      'Database "db": minCu (4) must not exceed maxCu (2).',
    );
  });
});

describe("Cache", function () {
  this.timeout(20_000);

  it("creates one global Upstash database with TLS on", async () => {
    const plan = await runComponent(() => {
      new Cache("cache", { databaseName: "webapp-test", primaryRegion: "eu-central-1", budget: 7 });
    });
    assert.deepEqual(tree(plan), [
      ["webapp:data:Cache", "cache", "webapp-test"],
      ["upstash:index/redisDatabase:RedisDatabase", "cache-redis", "cache"],
    ]);
    const db = byName(plan, "cache-redis");
    assert.deepEqual(
      {
        region: db.inputs.region,
        primaryRegion: db.inputs.primaryRegion,
        tls: db.inputs.tls,
        eviction: db.inputs.eviction,
        readRegions: db.inputs.readRegions,
        budget: db.inputs.budget,
      },
      {
        region: "global",
        primaryRegion: "eu-central-1",
        tls: true,
        eviction: true,
        readRegions: [],
        budget: 7,
      },
    );
    assert.equal(db.options.import, undefined);
  });

  it("turns eviction off when the database carries a worker's Celery broker", async () => {
    const plan = await runComponent(() => {
      new Cache("cache", {
        databaseName: "webapp-test",
        primaryRegion: "eu-central-1",
        budget: 25,
        carriesBroker: true,
      });
    });
    assert.equal(byName(plan, "cache-redis").inputs.eviction, false);
    assert.equal(
      await failureOf(
        () =>
          new Cache("cache", {
            databaseName: "webapp-test",
            primaryRegion: "eu-central-1",
            budget: 25,
            carriesBroker: true,
            eviction: true,
          }),
      ),
      'Cache "cache": eviction must be off while a Celery worker uses the database as its broker (queued tasks have no TTL and would be evicted).',
    );
  });

  it("imports an existing Upstash database by id", async () => {
    const id = "0f9e8d7c-6b5a-4321-8fed-cba987654321";
    const plan = await runComponent(() => {
      new Cache("cache", {
        databaseName: "webapp-test",
        primaryRegion: "us-east-1",
        budget: 5,
        importId: id,
      });
    });
    assert.equal(byName(plan, "cache-redis").options.import, id);
  });

  it("hands out rediss:// URLs as secrets, with ssl_cert_reqs for Celery", async () => {
    let cache: Cache | undefined;
    await runComponent(() => {
      cache = new Cache("cache", {
        databaseName: "webapp-test",
        primaryRegion: "us-east-1",
        readRegions: ["us-west-2"],
        budget: 20,
      });
    });
    const c = cache!.connection;
    assert.equal(await (c.url as unknown as { isSecret: Promise<boolean> }).isSecret, true);
    assert.equal(await (c.brokerUrl as unknown as { isSecret: Promise<boolean> }).isSecret, true);
    const [url, celery] = await new Promise<string[]>((resolve) =>
      pulumi.all([c.url, c.brokerUrl]).apply(resolve),
    );
    assert.match(url, /^rediss:\/\/default:[\w-]+@[a-z]+-[a-z]+-\d+\.upstash\.io:6379\/0$/);
    assert.equal(celery, `${url}?ssl_cert_reqs=required`);
  });
});

describe("MediaStore", function () {
  this.timeout(20_000);
  const preset = {
    name: "avatars",
    unsigned: true,
    resourceType: "image" as const,
    allowedFormats: ["png", "webp"],
    maxFileSizeBytes: 5 * 1024 * 1024,
    tags: ["user"],
  };

  it("creates a folder and its upload presets, writing into the folder", async () => {
    const plan = await runComponent(() => {
      new MediaStore("media", {
        folder: "webapp-test",
        presets: [preset],
        cloudinaryUrl: pulumi.secret("cloudinary://k:s@demo"),
      });
    });
    assert.deepEqual(tree(plan), [
      ["webapp:data:MediaStore", "media", "webapp-test"],
      ["pulumi-nodejs:dynamic/cloudinary:Folder", "media-folder", "media"],
      ["pulumi-nodejs:dynamic/cloudinary:UploadPreset", "media-preset-avatars", "media"],
    ]);
    const p = byName(plan, "media-preset-avatars").inputs;
    assert.deepEqual(
      [
        p.name,
        p.unsigned,
        p.folder,
        p.assetFolder,
        p.allowedFormats,
        p.overwrite,
        p.uniqueFilename,
        p.maxFileSizeBytes,
      ],
      ["avatars", true, "webapp-test", "webapp-test", ["png", "webp"], false, true, 5242880],
    );
    assert.equal(byName(plan, "media-folder").inputs.adoptId, undefined);
  });

  it("adopts an existing folder and tells the frontend whether its preset is signed", async () => {
    let media: MediaStore | undefined;
    const plan = await runComponent(() => {
      media = new MediaStore("media", {
        folder: "shop/media",
        adoptId: "shop/media",
        presets: [{ ...preset, unsigned: false }],
        cloudinaryUrl: pulumi.secret("cloudinary://k:s@demo"),
      });
    });
    const folder = byName(plan, "media-folder").inputs;
    assert.deepEqual([folder.path, folder.adoptId], ["shop/media", "shop/media"]);
    assert.equal(await new Promise((r) => media!.connection.uploadSigned.apply(r)), true);
  });

  it("keeps CLOUDINARY_URL secret and the cloud name public", async () => {
    let media: MediaStore | undefined;
    await runComponent(() => {
      media = new MediaStore("media", {
        folder: "f",
        presets: [preset],
        cloudinaryUrl: pulumi.secret("cloudinary://k:s@demo"),
      });
    });
    const c = media!.connection;
    assert.equal(await (c.url as unknown as { isSecret: Promise<boolean> }).isSecret, true);
    assert.equal(await (c.account as unknown as { isSecret: Promise<boolean> }).isSecret, false);
    assert.equal(await new Promise((r) => c.account.apply(r)), "demo");
  });

  it("refuses no presets and duplicate preset names", async () => {
    assert.equal(
      await failureOf(
        () => new MediaStore("media", { folder: "f", presets: [], cloudinaryUrl: "cloudinary://k:s@demo" }),
      ),
      'MediaStore "media": presets must list at least one upload preset.',
    );
    assert.equal(
      await failureOf(
        () =>
          new MediaStore("media", {
            folder: "f",
            presets: [preset, preset],
            cloudinaryUrl: "cloudinary://k:s@demo",
          }),
      ),
      'MediaStore "media": upload preset "avatars" is listed twice; preset names are unique per account.',
    );
  });

  for (const [url, cloud] of [
    ["cloudinary://123:abc@my-cloud", "my-cloud"],
    ["cloudinary://123:a-b_c@demo?secure=true", "demo"],
  ]) {
    it(`reads the cloud name of ${url.replace(/:[^:@]+@/, ":***@")}`, () =>
      assert.equal(cloudNameOf(url), cloud));
  }
  it("rejects a URL that is not cloudinary://", () =>
    assert.throws(() => cloudNameOf("https://x"), {
      message: "CLOUDINARY_URL must look like cloudinary://<api_key>:<api_secret>@<cloud_name>.",
    }));
});
