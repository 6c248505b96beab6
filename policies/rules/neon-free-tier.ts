import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { checkAll, configWithDefaults, forTypes } from "../lib/helpers";
import { requireFreeTier } from "../lib/stack-config";
import { NEON_FREE } from "../../components/neon/catalog";
import { NEON_BRANCH, NEON_ENDPOINT, NEON_PROJECT } from "../lib/tokens";
import { configSet } from "../lib/config-keys";

interface Config {
  maxCu: number;
  maxHistoryRetentionSeconds: number;
}

const configSchema: PolicyConfigSchema = {
  properties: {
    maxCu: {
      type: "number",
      minimum: 0.25,
      default: NEON_FREE.maxCu,
      description: "Largest autoscaling size (CU) on Neon's Free plan.",
    },
    maxHistoryRetentionSeconds: {
      type: "integer",
      minimum: 0,
      default: NEON_FREE.historyRetentionSeconds,
      description: "Longest restore window (seconds) on Neon's Free plan (6 hours).",
    },
  },
};

/** Neon Free plan: autoscaling up to 2 CU, restore window up to 6 h, scale-to-zero cannot be disabled. */
export const neonFreeTier: ResourceValidationPolicy = {
  name: "neon-free-tier",
  description:
    "On the free tier, Neon computes stay within the Free plan's size, restore window and scale-to-zero limits.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "On free stacks run `pulumi config set --path webapp:database.maxCu 2`, `pulumi config set --path " +
    "webapp:database.historyRetentionSeconds 21600` and `pulumi config set --path " +
    "webapp:database.suspendTimeoutSeconds 0` (Neon's default; never -1).",
  configSchema,
  validateResource: forTypes([NEON_PROJECT, NEON_BRANCH, NEON_ENDPOINT], (props, args, report) => {
    requireFreeTier(args);
    const config = configWithDefaults<Config>(configSchema, args);
    const checkCompute = (what: string, maxCu: unknown, suspend: unknown) => [
      () => {
        if (typeof maxCu === "number" && maxCu > config.maxCu) {
          report(
            `${what} autoscales to ${maxCu} CU; the Free plan allows at most ${config.maxCu} CU: ` +
              `${configSet("webapp:database.maxCu", String(config.maxCu))}.`,
          );
        }
      },
      () => {
        if (suspend === -1) {
          report(
            `${what} disables scale-to-zero (suspendTimeoutSeconds: -1), which the Free plan does not allow: ` +
              `${configSet("webapp:database.suspendTimeoutSeconds", "0")}.`,
          );
        }
      },
    ];
    let checks: (() => void)[];
    if (args.type === NEON_PROJECT) {
      checks = [
        ...checkCompute("The project's default compute", props.autoscalingMaxCu, props.suspendTimeoutSeconds),
        () => {
          const retention = props.historyRetentionSeconds;
          if (typeof retention === "number" && retention > config.maxHistoryRetentionSeconds) {
            report(
              `historyRetentionSeconds is ${retention}; the Free plan keeps at most ` +
                `${config.maxHistoryRetentionSeconds} seconds of history: ` +
                `${configSet("webapp:database.historyRetentionSeconds", String(config.maxHistoryRetentionSeconds))}.`,
            );
          }
        },
      ];
    } else if (args.type === NEON_BRANCH) {
      const endpoint = props.endpoint;
      checks = endpoint
        ? checkCompute("The branch's compute", endpoint.maxCu, endpoint.suspendTimeoutSeconds)
        : [];
    } else {
      checks = checkCompute("The read replica", props.maxCu, props.suspendTimeoutSeconds);
    }
    checkAll(...checks);
  }),
};
