import * as assert from "assert";
import { RENDER_WEB_SERVICE, UPSTASH_REDIS_DATABASE } from "../../policies/lib/tokens";
import { freeStack, paidStack } from "./fixtures";
import { UNKNOWN, mutate, previewAdvisory, runPolicy, urnOf, violation, withConfig } from "./harness";

describe("monthly-budget", () => {
  const name = "monthly-budget";

  it("passes the $0 dev stack and the prod-like stack within $500", async () => {
    assert.deepStrictEqual(await runPolicy(name, freeStack()), []);
    assert.deepStrictEqual(await runPolicy(name, paidStack()), []);
  });

  it("fails a stack over budget, naming the largest items", async () => {
    const stack = withConfig(paidStack(), { "webapp:monthlyBudget": "200" });
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "Estimated monthly cost is $279.55, over the $200.00 budget (largest: media $99.00, api $50.00, cache $50.00). Choose smaller plans or raise webapp:monthlyBudget to $280, the least that passes: pulumi config set webapp:monthlyBudget 280",
      ),
    ]);
  });

  it("fails a paid plan on the $0 dev stack", async () => {
    const stack = mutate(freeStack(), "api", (i) => (i.plan = "starter"));
    assert.deepStrictEqual(await runPolicy(name, stack, { itemsInMessage: 1 }), [
      violation(
        name,
        "Estimated monthly cost is $7.00, over the $0.00 budget (largest: api $7.00). Choose smaller plans or raise webapp:monthlyBudget to $7, the least that passes: pulumi config set webapp:monthlyBudget 7",
      ),
    ]);
  });

  it("fails a missing budget and an unpriceable plan", async () => {
    const noBudget = freeStack();
    delete noBudget.config["webapp:monthlyBudget"];
    assert.deepStrictEqual(await runPolicy(name, noBudget), [
      violation(
        name,
        "webapp:monthlyBudget is missing or not a non-negative number; set it with `pulumi config set webapp:monthlyBudget <usd>` (0 for free stacks).",
      ),
    ]);
    const custom = mutate(paidStack(), "api", (i) => (i.plan = "custom"));
    assert.deepStrictEqual(await runPolicy(name, custom), [
      violation(
        name,
        "Cannot price 'api': no price for Render plan 'custom'; use a plan priced in components/render/catalog.ts.",
        urnOf(RENDER_WEB_SERVICE, "api"),
      ),
    ]);
  });

  it("is advisory while a plan is unknown", async () => {
    const stack = mutate(paidStack(), "api", (i) => (i.plan = UNKNOWN));
    assert.deepStrictEqual(await runPolicy(name, stack), [previewAdvisory(name, "plan")]);
  });
});

describe("services-co-located", () => {
  const name = "services-co-located";

  it("passes services in one region", async () => {
    assert.deepStrictEqual(await runPolicy(name, paidStack()), []);
  });

  it("warns when the database is in another region", async () => {
    const stack = mutate(freeStack(), "db", (i) => (i.regionId = "aws-eu-central-1"));
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "The services span 2 regions (us-west: api (render oregon), cache (upstash us-west-2); eu-central: db (neon aws-eu-central-1)); put them all in one region with `pulumi config set webapp:region <region>`.",
      ),
    ]);
  });

  it("warns about a region no row maps", async () => {
    const stack = mutate(freeStack(), "cache", (i) => (i.primaryRegion = "sa-east-1"));
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "'cache' runs in upstash region 'sa-east-1', which no row of stacks/regions.ts maps; pick one with `pulumi config set webapp:region <region>`.",
        urnOf(UPSTASH_REDIS_DATABASE, "cache"),
      ),
    ]);
  });

  it("compares only the configured services", async () => {
    const stack = mutate(freeStack(), "db", (i) => (i.regionId = "aws-eu-central-1"));
    assert.deepStrictEqual(await runPolicy(name, stack, { services: ["render", "upstash"] }), []);
  });

  it("is advisory while a region is unknown, yet still flags known strays", async () => {
    const stack = mutate(
      mutate(freeStack(), "db", (i) => (i.regionId = UNKNOWN)),
      "cache",
      (i) => (i.primaryRegion = "sa-east-1"),
    );
    assert.deepStrictEqual(await runPolicy(name, stack), [
      violation(
        name,
        "'cache' runs in upstash region 'sa-east-1', which no row of stacks/regions.ts maps; pick one with `pulumi config set webapp:region <region>`.",
        urnOf(UPSTASH_REDIS_DATABASE, "cache"),
      ),
      previewAdvisory(name, "regionId"),
    ]);
  });
});
