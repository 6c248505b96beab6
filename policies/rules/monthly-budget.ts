import * as pulumi from "@pulumi/pulumi";
import { PolicyConfigSchema, PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { costSettingsOf, estimateMonthlyCost } from "../cost/estimate";
import { configWithDefaults } from "../lib/helpers";
import { cacheBudgetUsd } from "../../components/upstash/catalog";
import { cacheBudgetPinned, monthlyBudgetUsd, stackTier } from "../lib/stack-config";
import { UPSTASH_REDIS_DATABASE } from "../lib/tokens";

interface Config {
  itemsInMessage: number;
}

const configSchema: PolicyConfigSchema = {
  properties: {
    itemsInMessage: {
      type: "integer",
      minimum: 1,
      default: 3,
      description: "How many of the most expensive resources an over-budget message names.",
    },
  },
};

export const monthlyBudget: StackValidationPolicy = {
  name: "monthly-budget",
  description: "The stack's estimated monthly cost stays within webapp:monthlyBudget.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Choose smaller plans or fewer instances, or a lower `webapp:cache.budget` (see the cost report of " +
    "`npm run plan`), or raise the budget with `pulumi config set webapp:monthlyBudget <usd>`.",
  configSchema,
  validateStack: (args, report) => {
    const config = configWithDefaults<Config>(configSchema, args);
    const budget = monthlyBudgetUsd();
    if (budget === undefined) {
      report(
        "webapp:monthlyBudget is missing or not a non-negative number; set it with " +
          "`pulumi config set webapp:monthlyBudget <usd>` (0 for free stacks).",
      );
      return;
    }
    const estimate = estimateMonthlyCost(
      args.resources,
      stackTier(),
      costSettingsOf(pulumi.runtime.allConfig()),
    );
    for (const item of estimate.unpriced) {
      report(
        `Cannot price '${item.name}': ${item.reason}; use a plan priced in components/render/catalog.ts.`,
        item.urn,
      );
    }
    if (estimate.totalUsd > budget) {
      const passing = passingBudgetUsd(estimate.totalUsd, budget, args.resources);
      const raise = `pulumi config set webapp:monthlyBudget ${passing}`;
      if (budget === 0 && stackTier() === "paid") {
        report(
          `No monthly budget is set on this paid stack (webapp:monthlyBudget is 0); the estimate is $${estimate.totalUsd.toFixed(2)}. Fix: ${raise}`,
        );
        return;
      }
      const top = [...estimate.lines]
        .sort((a, b) => b.monthlyUsd - a.monthlyUsd)
        .slice(0, config.itemsInMessage)
        .map((l) => `${l.name} $${l.monthlyUsd.toFixed(2)}`)
        .join(", ");
      report(
        `Estimated monthly cost is $${estimate.totalUsd.toFixed(2)}, over the $${budget.toFixed(2)} budget ` +
          `(largest: ${top}). Choose smaller plans or raise webapp:monthlyBudget to $${passing}, the least that passes: ${raise}`,
      );
    }
  },
};

/**
 * The least whole-dollar budget this stack passes. Unless `webapp:cache.budget` pins it, the Upstash
 * database's budget cap is derived from webapp:monthlyBudget (`cacheBudgetUsd`: a tenth, at least $1) and
 * priced at that cap, so raising the budget raises the estimate too: the figure is the fixed point, never
 * the bare estimate (which would fail again once its own cache budget is added).
 */
function passingBudgetUsd(totalUsd: number, budget: number, resources: readonly PolicyResource[]): number {
  const cache = resources.find((r) => r.type === UPSTASH_REDIS_DATABASE)?.props.budget;
  const derived =
    !cacheBudgetPinned() && typeof cache === "number" && cache === cacheBudgetUsd(budget) ? cache : 0;
  const rest = totalUsd - derived;
  let candidate = Math.ceil(totalUsd);
  while (rest + (derived ? cacheBudgetUsd(candidate) : 0) > candidate) candidate += 1;
  return candidate;
}
