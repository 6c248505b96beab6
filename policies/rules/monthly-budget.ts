import * as pulumi from "@pulumi/pulumi";
import { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { costSettingsOf, estimateMonthlyCost } from "../cost/estimate";
import { configWithDefaults } from "../lib/helpers";
import { monthlyBudgetUsd, stackTier } from "../lib/stack-config";

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
        `Cannot price '${item.name}': ${item.reason}; use a plan listed in policies/cost/prices.ts.`,
        item.urn,
      );
    }
    if (estimate.totalUsd > budget) {
      const top = [...estimate.lines]
        .sort((a, b) => b.monthlyUsd - a.monthlyUsd)
        .slice(0, config.itemsInMessage)
        .map((l) => `${l.name} $${l.monthlyUsd.toFixed(2)}`)
        .join(", ");
      report(
        `Estimated monthly cost is $${estimate.totalUsd.toFixed(2)}, over the $${budget.toFixed(2)} budget ` +
          `(largest: ${top}). Choose smaller plans or raise webapp:monthlyBudget.`,
      );
    }
  },
};
