import * as assert from "assert";
import {
  CLOUDINARY_UPLOAD_PRESET,
  NEON_BRANCH,
  NEON_ENDPOINT,
  NEON_PROJECT,
  RENDER_BACKGROUND_WORKER,
  RENDER_WEB_SERVICE,
  UPSTASH_REDIS_DATABASE,
  VERCEL_PROJECT,
} from "../../policies/lib/tokens";
import { DIGEST_IMAGE, PAID_CONFIG, freeStack } from "./fixtures";
import {
  UNKNOWN,
  mutate,
  previewAdvisory,
  resource,
  runPolicy,
  urnOf,
  violation,
  withConfig,
} from "./harness";

const api = urnOf(RENDER_WEB_SERVICE, "api");

describe("render-free-tier", () => {
  const name = "render-free-tier";
  const fails = async (change: (i: Record<string, unknown>) => void, ...messages: string[]) =>
    assert.deepStrictEqual(
      await runPolicy(name, mutate(freeStack(), "api", change)),
      messages.map((m) => violation(name, m, api)),
    );

  it("fails a paid plan", () =>
    fails(
      (i) => (i.plan = "starter"),
      "The web service plan is 'starter'; free stacks use 'free': `pulumi config set --path webapp:backend.plan free`.",
    ));
  it("fails more than one instance", () =>
    fails(
      (i) => (i.numInstances = 2),
      "The web service asks for 2 instances; free web services run exactly 1: `pulumi config set --path webapp:backend.instances 1`.",
    ));
  it("fails autoscaling", () =>
    fails(
      (i) => (i.autoscaling = { enabled: true, min: 1, max: 3 }),
      "The web service enables autoscaling; free web services cannot scale, so remove it: `pulumi config rm --path webapp:backend.autoscaling`.",
    ));
  it("fails a pre-deploy command", () =>
    fails(
      (i) => (i.preDeployCommand = "python manage.py migrate"),
      "The web service sets preDeployCommand, which free web services do not run; on free stacks (webapp:tier free) the program runs webapp:backend.migrateCommand in the start command instead.",
    ));
  it("fails a disk", () =>
    fails(
      (i) => (i.disk = { name: "data", mountPath: "/data", sizeGB: 1 }),
      "The web service mounts a persistent disk, which free web services do not support; remove it or move the stack to the paid tier (`pulumi config set webapp:tier paid`).",
    ));

  it("fails any background worker", async () => {
    const stack = freeStack();
    stack.resources.push(
      resource(RENDER_BACKGROUND_WORKER, "worker", {
        name: "w",
        image: DIGEST_IMAGE,
        plan: "starter",
        region: "oregon",
      }),
    );
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "Render has no free background workers; remove the worker with `pulumi config set --path webapp:backend.worker false` or move the stack to the paid tier (`pulumi config set webapp:tier paid`).",
        urnOf(RENDER_BACKGROUND_WORKER, "worker"),
      ),
    ]);
  });

  it("does not apply to paid stacks", async () => {
    const stack = withConfig(
      mutate(freeStack(), "api", (i) => (i.plan = "pro")),
      PAID_CONFIG,
    );
    assert.deepStrictEqual(await runPolicy(name, stack), []);
  });

  it("checks the known settings when the plan is unknown, then notes the unknown", async () => {
    const stack = mutate(freeStack(), "api", (i) => {
      i.plan = UNKNOWN;
      i.numInstances = 3;
    });
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "The web service asks for 3 instances; free web services run exactly 1: `pulumi config set --path webapp:backend.instances 1`.",
        api,
      ),
      previewAdvisory(name, "plan", api),
    ]);
  });
});

describe("neon-free-tier", () => {
  const name = "neon-free-tier";
  const db = urnOf(NEON_PROJECT, "db");

  it("fails a project above 2 CU, with long history and no scale-to-zero", async () => {
    const stack = mutate(freeStack(), "db", (i) => {
      i.autoscalingMaxCu = 4;
      i.historyRetentionSeconds = 86400;
      i.suspendTimeoutSeconds = -1;
    });
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "The project's default compute autoscales to 4 CU; the Free plan allows at most 2 CU: `pulumi config set --path webapp:database.maxCu 2`.",
        db,
      ),
      violation(
        name,
        "The project's default compute disables scale-to-zero (suspendTimeoutSeconds: -1), which the Free plan does not allow: `pulumi config set --path webapp:database.suspendTimeoutSeconds 0`.",
        db,
      ),
      violation(
        name,
        "historyRetentionSeconds is 86400; the Free plan keeps at most 21600 seconds of history: `pulumi config set --path webapp:database.historyRetentionSeconds 21600`.",
        db,
      ),
    ]);
  });

  it("fails a branch compute and a read replica above 2 CU", async () => {
    const stack = mutate(freeStack(), "db-branch", (i) => {
      i.endpoint = { minCu: 1, maxCu: 3 };
    });
    stack.resources.push(
      resource(NEON_ENDPOINT, "replica", {
        projectId: "p",
        branchId: "b",
        type: "read_only",
        minCu: 0.25,
        maxCu: 8,
      }),
    );
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "The branch's compute autoscales to 3 CU; the Free plan allows at most 2 CU: `pulumi config set --path webapp:database.maxCu 2`.",
        urnOf(NEON_BRANCH, "db-branch"),
      ),
      violation(
        name,
        "The read replica autoscales to 8 CU; the Free plan allows at most 2 CU: `pulumi config set --path webapp:database.maxCu 2`.",
        urnOf(NEON_ENDPOINT, "replica"),
      ),
    ]);
  });

  it("honours a configured CU limit", async () => {
    const stack = mutate(freeStack(), "db", (i) => (i.autoscalingMaxCu = 3));
    assert.deepStrictEqual(await runPolicy(name, stack, { maxCu: 4 }), []);
    const branch = urnOf(NEON_BRANCH, "db-branch");
    assert.deepStrictEqual(await runPolicy(name, freeStack(), { maxCu: 1 }), [
      violation(
        name,
        "The project's default compute autoscales to 2 CU; the Free plan allows at most 1 CU: `pulumi config set --path webapp:database.maxCu 1`.",
        db,
      ),
      violation(
        name,
        "The branch's compute autoscales to 2 CU; the Free plan allows at most 1 CU: `pulumi config set --path webapp:database.maxCu 1`.",
        branch,
      ),
    ]);
  });

  it("is advisory while a size is unknown", async () => {
    const stack = mutate(freeStack(), "db", (i) => (i.autoscalingMaxCu = UNKNOWN));
    assert.deepStrictEqual(await runPolicy(name, stack), [previewAdvisory(name, "autoscalingMaxCu", db)]);
  });
});

describe("neon-free-tier-branches", () => {
  const name = "neon-free-tier-branches";
  const branches = (n: number) =>
    Array.from({ length: n }, (_, k) =>
      resource(
        NEON_BRANCH,
        `extra-${k}`,
        { projectId: "proj-calm-1", name: `b${k}` },
        { dependencies: [urnOf(NEON_PROJECT, "db")] },
      ),
    );

  it("passes 9 branches plus the default branch", async () => {
    const stack = freeStack();
    stack.resources.push(...branches(8));
    assert.deepStrictEqual(await runPolicy(name, stack), []);
  });

  it("fails an 11th branch", async () => {
    const stack = freeStack();
    stack.resources.push(...branches(9));
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "The Neon project 'db' would have 11 branches (10 declared plus the default branch); the Free plan allows 10. Remove 1 branch(es) or move the stack to the paid tier (`pulumi config set webapp:tier paid`).",
        urnOf(NEON_PROJECT, "db"),
      ),
    ]);
  });

  it("groups branches by projectId when the project is not in the stack", async () => {
    const stack = freeStack();
    stack.resources.push(
      ...Array.from({ length: 3 }, (_, k) =>
        resource(NEON_BRANCH, `x-${k}`, { projectId: "proj-other", name: `x${k}` }),
      ),
    );
    assert.deepStrictEqual(await runPolicy(name, stack, { maxBranchesPerProject: 3 }), [
      violation(
        name,
        "The Neon project would have 4 branches (3 declared plus the default branch); the Free plan allows 3. Remove 1 branch(es) or move the stack to the paid tier (`pulumi config set webapp:tier paid`).",
      ),
    ]);
  });

  it("is advisory while a stray branch's projectId is unknown", async () => {
    const stack = freeStack();
    stack.resources.push(resource(NEON_BRANCH, "stray", { projectId: UNKNOWN, name: "stray" }));
    assert.deepStrictEqual(await runPolicy(name, stack), [previewAdvisory(name, "projectId")]);
  });
});

describe("upstash-free-tier", () => {
  const name = "upstash-free-tier";
  const cache = urnOf(UPSTASH_REDIS_DATABASE, "cache");

  it("fails Prod Pack, auto-scaling and read regions", async () => {
    const stack = mutate(freeStack(), "cache", (i) => {
      i.prodPack = true;
      i.autoScale = true;
      i.readRegions = ["us-east-1", "eu-west-1"];
    });
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "The database sets prodPack: true, a paid Upstash option; remove it on free stacks or move the stack to the paid tier (`pulumi config set webapp:tier paid`).",
        cache,
      ),
      violation(
        name,
        "The database sets autoScale: true, a paid Upstash option; remove it on free stacks or move the stack to the paid tier (`pulumi config set webapp:tier paid`).",
        cache,
      ),
      violation(
        name,
        "The database replicates to 2 read region(s), which the free database does not offer; remove them: `pulumi config rm --path webapp:cache.readRegions`.",
        cache,
      ),
    ]);
  });

  it("is advisory while readRegions is unknown", async () => {
    const stack = mutate(freeStack(), "cache", (i) => (i.readRegions = UNKNOWN));
    assert.deepStrictEqual(await runPolicy(name, stack), [previewAdvisory(name, "readRegions", cache)]);
  });
});

describe("upstash-free-tier-databases", () => {
  const name = "upstash-free-tier-databases";

  it("fails a second database", async () => {
    const stack = freeStack();
    stack.resources.push(
      resource(UPSTASH_REDIS_DATABASE, "broker", {
        databaseName: "b",
        region: "global",
        primaryRegion: "us-west-2",
      }),
    );
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "The stack declares 2 Upstash databases; the free plan allows 1. Remove 'broker' and share the first database, or move the stack to the paid tier (`pulumi config set webapp:tier paid`).",
        urnOf(UPSTASH_REDIS_DATABASE, "broker"),
      ),
    ]);
  });
});

describe("vercel-free-tier", () => {
  const name = "vercel-free-tier";

  it("fails password protection and trusted IPs, without echoing the password", async () => {
    const stack = mutate(freeStack(), "web", (i) => {
      i.passwordProtection = { deploymentType: "standard_protection", password: "Vc-s3cret-11" };
      i.trustedIps = { addresses: [{ value: "10.0.0.1" }], deploymentType: "production" };
    });
    const vs = await runPolicy(name, stack);
    const web = urnOf(VERCEL_PROJECT, "web");
    assert.deepStrictEqual(vs, [
      violation(
        name,
        "The project sets passwordProtection, which Vercel Hobby teams cannot use; remove it on free stacks or move the stack to the paid tier (`pulumi config set webapp:tier paid`).",
        web,
      ),
      violation(
        name,
        "The project sets trustedIps, which Vercel Hobby teams cannot use; remove it on free stacks or move the stack to the paid tier (`pulumi config set webapp:tier paid`).",
        web,
      ),
    ]);
    assert.ok(!JSON.stringify(vs).includes("Vc-s3cret-11"));
  });

  it("does not apply to paid stacks", async () => {
    const stack = withConfig(
      mutate(freeStack(), "web", (i) => (i.trustedIps = { addresses: [], deploymentType: "production" })),
      PAID_CONFIG,
    );
    assert.deepStrictEqual(await runPolicy(name, stack), []);
  });

  it("checks the known settings while passwordProtection is unknown, then notes the unknown", async () => {
    const stack = mutate(freeStack(), "web", (i) => {
      i.passwordProtection = UNKNOWN;
      i.trustedIps = { addresses: [{ value: "10.0.0.1" }], deploymentType: "production" };
    });
    const web = urnOf(VERCEL_PROJECT, "web");
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "The project sets trustedIps, which Vercel Hobby teams cannot use; remove it on free stacks or move the stack to the paid tier (`pulumi config set webapp:tier paid`).",
        web,
      ),
      previewAdvisory(name, "passwordProtection", web),
    ]);
  });
});

describe("cloudinary-free-tier", () => {
  const name = "cloudinary-free-tier";
  const uploads = urnOf(CLOUDINARY_UPLOAD_PRESET, "uploads");
  const preset = (resourceType: string | undefined, maxFileSizeBytes: number) =>
    mutate(freeStack(), "uploads", (i) => {
      i.resourceType = resourceType;
      i.maxFileSizeBytes = maxFileSizeBytes;
    });
  const MB = 1024 * 1024;

  const cases: [string | undefined, number, string | undefined][] = [
    ["image", 10 * MB, undefined],
    [
      "image",
      10 * MB + 1,
      `maxFileSizeBytes is ${10 * MB + 1} for image uploads; the Free plan accepts at most ${10 * MB} bytes (10 MB). Lower it with \`pulumi config set --path 'webapp:media.presets[0].name' webapp-dev-uploads\` then \`pulumi config set --path 'webapp:media.presets[0].maxFileSizeMb' 10\`.`,
    ],
    [
      undefined,
      20 * MB,
      `maxFileSizeBytes is ${20 * MB} for image uploads; the Free plan accepts at most ${10 * MB} bytes (10 MB). Lower it with \`pulumi config set --path 'webapp:media.presets[0].name' webapp-dev-uploads\` then \`pulumi config set --path 'webapp:media.presets[0].maxFileSizeMb' 10\`.`,
    ],
    ["video", 100 * MB, undefined],
    [
      "video",
      101 * MB,
      `maxFileSizeBytes is ${101 * MB} for video uploads; the Free plan accepts at most ${100 * MB} bytes (100 MB). Lower it with \`pulumi config set --path 'webapp:media.presets[0].name' webapp-dev-uploads\` then \`pulumi config set --path 'webapp:media.presets[0].maxFileSizeMb' 100\`.`,
    ],
    [
      "raw",
      11 * MB,
      `maxFileSizeBytes is ${11 * MB} for raw uploads; the Free plan accepts at most ${10 * MB} bytes (10 MB). Lower it with \`pulumi config set --path 'webapp:media.presets[0].name' webapp-dev-uploads\` then \`pulumi config set --path 'webapp:media.presets[0].maxFileSizeMb' 10\`.`,
    ],
    [
      "auto",
      50 * MB,
      `maxFileSizeBytes is ${50 * MB} for auto uploads; the Free plan accepts at most ${10 * MB} bytes (10 MB). Lower it with \`pulumi config set --path 'webapp:media.presets[0].name' webapp-dev-uploads\` then \`pulumi config set --path 'webapp:media.presets[0].maxFileSizeMb' 10\`.`,
    ],
  ];
  it("is advisory while the size is unknown", async () => {
    const stack = mutate(freeStack(), "uploads", (i) => (i.maxFileSizeBytes = UNKNOWN));
    assert.deepStrictEqual(await runPolicy(name, stack), [
      previewAdvisory(name, "maxFileSizeBytes", uploads),
    ]);
  });

  it("does not apply to paid stacks", async () => {
    assert.deepStrictEqual(await runPolicy(name, withConfig(preset("image", 50 * MB), PAID_CONFIG)), []);
  });

  for (const [type, bytes, message] of cases) {
    it(`${message ? "fails" : "passes"} ${bytes} bytes for ${type ?? "unset"} uploads`, async () => {
      assert.deepStrictEqual(
        await runPolicy(name, preset(type, bytes)),
        message ? [violation(name, message, uploads)] : [],
      );
    });
  }
});
