import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { checkAll, configWithDefaults, forTypes } from "../lib/helpers";
import { requireFreeTier } from "../lib/stack-config";
import { RENDER_FREE } from "../../components/render/catalog";
import { RENDER_BACKGROUND_WORKER, RENDER_WEB_SERVICE } from "../lib/tokens";
import { configRm, configSet } from "../lib/config-keys";

interface Config {
  plan: string;
}

const configSchema: PolicyConfigSchema = {
  properties: {
    plan: {
      type: "string",
      default: RENDER_FREE.plan,
      description: "The Render instance plan free stacks must use.",
    },
  },
};

/**
 * Render's free instances exist only for web services and cannot scale, run a pre-deploy command or mount
 * a disk (render.com/docs/free, render.com/docs/deploys); the API rejects or bills such settings.
 */
export const renderFreeTier: ResourceValidationPolicy = {
  name: "render-free-tier",
  description: "On the free tier, Render runs one free web service instance and no background worker.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "On free stacks run `pulumi config set --path webapp:backend.plan free`, `pulumi config set --path " +
    "webapp:backend.instances 1`, `pulumi config rm --path webapp:backend.autoscaling` and `pulumi config set " +
    "--path webapp:backend.worker false`; free stacks run webapp:backend.migrateCommand in the start command.",
  configSchema,
  validateResource: forTypes([RENDER_WEB_SERVICE, RENDER_BACKGROUND_WORKER], (props, args, report) => {
    requireFreeTier(args);
    if (args.type === RENDER_BACKGROUND_WORKER) {
      report(
        "Render has no free background workers; remove the worker with " +
          `${configSet("webapp:backend.worker", "false")} or move the stack to the paid tier ` +
          `(${configSet("webapp:tier", "paid")}).`,
      );
      return;
    }
    const config = configWithDefaults<Config>(configSchema, args);
    checkAll(
      () => {
        if (props.plan !== config.plan) {
          report(
            `The web service plan is '${props.plan}'; free stacks use '${config.plan}': ` +
              `${configSet("webapp:backend.plan", config.plan)}.`,
          );
        }
      },
      () => {
        if (props.numInstances !== undefined && props.numInstances !== 1) {
          report(
            `The web service asks for ${props.numInstances} instances; free web services run exactly 1: ` +
              `${configSet("webapp:backend.instances", "1")}.`,
          );
        }
      },
      () => {
        if (props.autoscaling !== undefined && props.autoscaling.enabled !== false) {
          report(
            "The web service enables autoscaling; free web services cannot scale, so remove it: " +
              `${configRm("webapp:backend.autoscaling")}.`,
          );
        }
      },
      () => {
        if (props.preDeployCommand) {
          report(
            "The web service sets preDeployCommand, which free web services do not run; on free stacks " +
              "(webapp:tier free) the program runs webapp:backend.migrateCommand in the start command instead.",
          );
        }
      },
      () => {
        if (props.disk !== undefined) {
          report(
            "The web service mounts a persistent disk, which free web services do not support; remove it or " +
              `move the stack to the paid tier (${configSet("webapp:tier", "paid")}).`,
          );
        }
      },
    );
  }),
};
