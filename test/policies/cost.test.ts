import * as assert from "assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as cloudinaryCatalogModule from "../../components/cloudinary/catalog";
import * as neonCatalogModule from "../../components/neon/catalog";
import * as renderCatalogModule from "../../components/render/catalog";
import * as upstashCatalogModule from "../../components/upstash/catalog";
import * as vercelCatalogModule from "../../components/vercel/catalog";
import { CostInput, costSettingsOf, estimateMonthlyCost } from "../../policies/cost/estimate";
import {
  CLOUDINARY_FOLDER,
  NEON_ENDPOINT,
  NEON_PROJECT,
  RENDER_BACKGROUND_WORKER,
  RENDER_WEB_SERVICE,
  UPSTASH_REDIS_DATABASE,
} from "../../policies/lib/tokens";
import { freeStack, paidStack } from "./fixtures";
import { mutate, runPolicy, violation, withConfig } from "./harness";
import { PlannedStack } from "../../tools/plan/types";

const inputsOf = (stack: PlannedStack): CostInput[] =>
  stack.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, props: r.inputs }));
const one = (type: string, props: Record<string, unknown>): CostInput[] => [
  { urn: `urn:${type}`, type, name: "r", props },
];

describe("estimateMonthlyCost", () => {
  it("prices every free-tier resource at $0.00", () => {
    const estimate = estimateMonthlyCost(inputsOf(freeStack()), "free");
    assert.strictEqual(estimate.totalUsd, 0);
    assert.deepStrictEqual(estimate.unpriced, []);
    assert.deepStrictEqual(
      estimate.lines.map((l) => [l.name, l.monthlyUsd, l.basis]),
      [
        ["api", 0, "Render free: 1 × $0.00/instance-month"],
        ["db", 0, "Neon Free plan"],
        ["db-branch", 0, "Neon Free plan"],
        ["cache", 0, "Upstash free database"],
        ["web", 0, "Vercel Hobby (team)"],
        ["media", 0, "Cloudinary Free plan (account)"],
      ],
    );
  });

  it("prices the prod-like stack to the cent", () => {
    const estimate = estimateMonthlyCost(inputsOf(paidStack()), "paid");
    assert.deepStrictEqual(
      estimate.lines.map((l) => [l.name, l.monthlyUsd]),
      [
        ["api", 50],
        ["worker", 7],
        ["db", 39.04],
        ["db-branch", 14.51],
        ["cache", 50],
        ["web", 20],
        ["media", 99],
      ],
    );
    assert.strictEqual(estimate.totalUsd, 279.55);
  });

  const cases: [string, CostInput[], string | undefined, number, string][] = [
    [
      "Render pro × 3",
      one(RENDER_WEB_SERVICE, { plan: "pro", numInstances: 3 }),
      "paid",
      255,
      "Render pro: 3 × $85.00/instance-month",
    ],
    [
      "Render autoscaling bills the minimum",
      one(RENDER_WEB_SERVICE, {
        plan: "pro_plus",
        numInstances: 5,
        autoscaling: { enabled: true, min: 2, max: 6 },
      }),
      "paid",
      350,
      "Render pro_plus: 2 × $175.00/instance-month (autoscaling 2-6, minimum billed)",
    ],
    [
      "Render pro_ultra",
      one(RENDER_WEB_SERVICE, { plan: "pro_ultra" }),
      "paid",
      450,
      "Render pro_ultra: 1 × $450.00/instance-month",
    ],
    [
      "Render starter on a free stack still costs",
      one(RENDER_WEB_SERVICE, { plan: "starter" }),
      "free",
      7,
      "Render starter: 1 × $7.00/instance-month",
    ],
    [
      "Neon always-on 1 CU",
      one(NEON_PROJECT, { autoscalingMinCu: 1, suspendTimeoutSeconds: -1 }),
      "paid",
      77.73,
      "Neon Launch: 1 CU always on × 730 h at $0.106/CU-h + 1 GB storage (assumed) at $0.35/GB-month",
    ],
    [
      "Neon smallest compute with scale to zero",
      one(NEON_PROJECT, { autoscalingMinCu: 0.25, suspendTimeoutSeconds: 300 }),
      "paid",
      7.6,
      "Neon Launch: 0.25 CU × 273.75 h (9 h/day active, scale to zero otherwise) at $0.106/CU-h + 1 GB storage (assumed) at $0.35/GB-month",
    ],
    [
      "Neon read replica",
      one(NEON_ENDPOINT, { minCu: 2, suspendTimeoutSeconds: -1 }),
      "paid",
      154.76,
      "Neon Launch: 2 CU always on × 730 h at $0.106/CU-h",
    ],
    [
      "Upstash default budget",
      one(UPSTASH_REDIS_DATABASE, { region: "global" }),
      "paid",
      20,
      "Upstash pay-as-you-go at its $20.00 budget cap",
    ],
    [
      "Upstash Prod Pack",
      one(UPSTASH_REDIS_DATABASE, { prodPack: true, budget: 30 }),
      "paid",
      230,
      "Upstash pay-as-you-go at its $30.00 budget cap + Prod Pack $200.00",
    ],
    [
      "Upstash paid option on a free stack",
      one(UPSTASH_REDIS_DATABASE, { readRegions: ["us-east-1"] }),
      "free",
      20,
      "Upstash pay-as-you-go at its $20.00 budget cap",
    ],
    ["Cloudinary Plus", one(CLOUDINARY_FOLDER, { path: "x" }), "paid", 99, "Cloudinary Plus plan (account)"],
  ];
  for (const [label, resources, tier, total, basis] of cases) {
    it(label, () => {
      const estimate = estimateMonthlyCost(resources, tier);
      assert.strictEqual(estimate.totalUsd, total);
      assert.strictEqual(estimate.lines[0].basis, basis);
    });
  }

  it("reports plans it cannot price instead of guessing", () => {
    const estimate = estimateMonthlyCost(one(RENDER_WEB_SERVICE, { plan: "custom" }), "paid");
    assert.deepStrictEqual(estimate, {
      lines: [],
      totalUsd: 0,
      unpriced: [
        {
          urn: `urn:${RENDER_WEB_SERVICE}`,
          type: RENDER_WEB_SERVICE,
          name: "r",
          reason: "no price for Render plan 'custom'",
        },
      ],
    });
  });
});

describe("the Render workspace fee", () => {
  const render: CostInput[] = [
    { urn: "urn:web", type: RENDER_WEB_SERVICE, name: "api", props: { plan: "standard", numInstances: 2 } },
    { urn: "urn:worker", type: RENDER_BACKGROUND_WORKER, name: "worker", props: { plan: "starter" } },
  ];

  it("is charged once, on the first Render service, in a Professional workspace", () => {
    const estimate = estimateMonthlyCost(render, "paid", { renderWorkspace: "professional" });
    assert.deepStrictEqual(
      estimate.lines.map((l) => [l.name, l.monthlyUsd, l.basis]),
      [
        [
          "api",
          69,
          "Render standard: 2 × $25.00/instance-month + professional workspace: 1 user(s) × $19.00",
        ],
        ["worker", 7, "Render starter: 1 × $7.00/instance-month"],
      ],
    );
    assert.strictEqual(estimate.totalUsd, 76);
  });

  it("costs nothing in a Hobby workspace, the default", () => {
    assert.strictEqual(estimateMonthlyCost(render, "paid", { renderWorkspace: "hobby" }).totalUsd, 57);
    assert.strictEqual(estimateMonthlyCost(render, "paid").totalUsd, 57);
  });

  it("refuses to guess the fee of a workspace plan it does not know", () => {
    const estimate = estimateMonthlyCost(render.slice(0, 1), "paid", { renderWorkspace: "enterprise" });
    assert.deepStrictEqual(estimate.unpriced, [
      {
        urn: "urn:web",
        type: RENDER_WEB_SERVICE,
        name: "api",
        reason: "no price for Render workspace 'enterprise'",
      },
    ]);
  });

  for (const [config, settings] of [
    [{ "webapp:render": '{"workspace":"professional"}' }, { renderWorkspace: "professional" }],
    [{ "webapp:render": "{}" }, {}],
    [{ "webapp:render": "not json" }, {}],
    [{}, {}],
  ] as const) {
    it(`reads ${JSON.stringify(config)} from the stack config`, () =>
      assert.deepStrictEqual(costSettingsOf(config), settings));
  }

  it("is counted by the monthly-budget policy from the stack's webapp:render", async () => {
    // The prod-like fixture costs $279.55 on Hobby; the Professional fee makes it $298.55.
    const stack = withConfig(paidStack(), {
      "webapp:monthlyBudget": "290",
      "webapp:render": '{"workspace":"professional"}',
    });
    assert.deepStrictEqual(await runPolicy("monthly-budget", stack, { itemsInMessage: 1 }), [
      violation(
        "monthly-budget",
        "Estimated monthly cost is $298.55, over the $290.00 budget (largest: media $99.00). Choose smaller plans or raise webapp:monthlyBudget to $299, the least that passes: pulumi config set webapp:monthlyBudget 299",
      ),
    ]);
    assert.deepStrictEqual(
      await runPolicy("monthly-budget", withConfig(paidStack(), { "webapp:monthlyBudget": "290" })),
      [],
    );
  });

  it("leaves the budget to the Upstash database's own budget", async () => {
    const stack = mutate(paidStack(), "cache", (i) => (i.budget = 5));
    const estimate = estimateMonthlyCost(
      stack.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, props: r.inputs })),
      "paid",
    );
    assert.strictEqual(estimate.lines.find((l) => l.name === "cache")!.monthlyUsd, 5);
  });
});

// Issue 15 item 18: the estimate bills an autoscaling resource at its minimum, so a raised maximum moved no
// figure; the ceiling is what the stack may spend at the maximum.
describe("the cost at the autoscaling maximum (ceiling)", () => {
  it("bills a Render service's autoscaling maximum, with the workspace fee once", () => {
    const estimate = estimateMonthlyCost(
      [
        {
          urn: "urn:web",
          type: RENDER_WEB_SERVICE,
          name: "api",
          props: { plan: "standard", numInstances: 2, autoscaling: { enabled: true, min: 2, max: 6 } },
        },
        { urn: "urn:worker", type: RENDER_BACKGROUND_WORKER, name: "worker", props: { plan: "starter" } },
      ],
      "paid",
      { renderWorkspace: "professional" },
    );
    assert.strictEqual(estimate.totalUsd, 76);
    assert.deepStrictEqual(estimate.ceiling, {
      totalUsd: 176,
      lines: [
        {
          urn: "urn:web",
          type: RENDER_WEB_SERVICE,
          name: "api",
          monthlyUsd: 169,
          basis:
            "Render standard: 6 × $25.00/instance-month (autoscaling maximum) + professional workspace: 1 user(s) × $19.00",
        },
      ],
    });
  });

  it("runs each paid Neon compute at its maximum CU all month, storage included", () => {
    const estimate = estimateMonthlyCost(
      [
        ...one(NEON_PROJECT, { autoscalingMinCu: 0.5, autoscalingMaxCu: 4, suspendTimeoutSeconds: -1 }),
        { urn: "urn:replica", type: NEON_ENDPOINT, name: "replica", props: { minCu: 0.25, maxCu: 1 } },
      ],
      "paid",
    );
    assert.strictEqual(estimate.totalUsd, 39.04 + 7.25);
    assert.deepStrictEqual(
      estimate.ceiling?.lines.map((l) => [l.name, l.monthlyUsd, l.basis]),
      [
        [
          "r",
          309.87,
          "Neon Launch: 4 CU (autoscaling maximum) × 730 h at $0.106/CU-h + 1 GB storage (assumed) at $0.35/GB-month",
        ],
        ["replica", 77.38, "Neon Launch: 1 CU (autoscaling maximum) × 730 h at $0.106/CU-h"],
      ],
    );
    assert.strictEqual(estimate.ceiling?.totalUsd, 387.25);
  });

  it("is absent when nothing autoscales, and on the free tier (Neon Free caps usage)", () => {
    assert.strictEqual(
      estimateMonthlyCost(one(RENDER_WEB_SERVICE, { plan: "standard", numInstances: 2 }), "paid").ceiling,
      undefined,
    );
    assert.strictEqual(estimateMonthlyCost(inputsOf(freeStack()), "free").ceiling, undefined);
  });
});

// Issue 16 item 3: a vendor's prices live in its own catalog, as pure data with the page they were read from.
describe("prices live in the vendors' catalogs", () => {
  const catalogs: Record<string, Record<string, unknown>> = {
    render: renderCatalogModule,
    neon: neonCatalogModule,
    upstash: upstashCatalogModule,
    cloudinary: cloudinaryCatalogModule,
    vercel: vercelCatalogModule,
  };

  it("each catalog states its prices with a source URL and the date they were read", () => {
    const prices = Object.entries(catalogs).flatMap(([vendor, exports]) =>
      Object.entries(exports)
        .filter(([name]) => /_USD/.test(name))
        .map(([name, p]) => ({ vendor, name, p: p as { value: unknown; source: string; read: string } })),
    );
    assert.deepStrictEqual(
      prices.map((x) => `${x.vendor}:${x.name}`),
      [
        "render:RENDER_PLAN_USD_PER_MONTH",
        "render:RENDER_WORKSPACE_USD_PER_USER_MONTH",
        "neon:NEON_LAUNCH_USD_PER_CU_HOUR",
        "neon:NEON_LAUNCH_USD_PER_GB_MONTH",
        "neon:NEON_FREE_USD",
        "upstash:UPSTASH_FREE_USD",
        "upstash:UPSTASH_DEFAULT_BUDGET_USD",
        "upstash:UPSTASH_PROD_PACK_USD",
        "cloudinary:CLOUDINARY_PLAN_USD_PER_MONTH",
        "vercel:VERCEL_PLAN_USD_PER_SEAT_MONTH",
      ],
    );
    for (const { name, p } of prices) {
      assert.match(p.source, /^https:\/\/[a-z0-9.-]+\.[a-z]+\//, name);
      assert.match(p.read, /^\d{4}-\d{2}-\d{2}$/, name);
    }
  });

  it("the cost policy keeps no price table of its own", () =>
    assert.ok(!fs.existsSync(path.join(__dirname, "../../policies/cost/prices.ts"))));
});
