import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { configSet } from "../lib/config-keys";
import { checkEnvVars } from "../lib/env-vars";
import { configWithDefaults, forTypes } from "../lib/helpers";
import { RENDER_WEB_SERVICE } from "../lib/tokens";

interface Config {
  keys: string[];
  blockedPorts: number[];
}

const configSchema: PolicyConfigSchema = {
  properties: {
    keys: {
      type: "array",
      items: { type: "string" },
      default: ["EMAIL_PORT"],
      description: "Environment variables that hold the SMTP port the app sends email to.",
    },
    blockedPorts: {
      type: "array",
      items: { type: "integer", minimum: 1, maximum: 65535 },
      default: [25, 465, 587],
      description: "Outbound ports Render's free instances cannot reach.",
    },
  },
};

/**
 * Render free web services cannot open outbound connections to SMTP ports 25, 465 and 587 since 2025-09-26
 * (Render support, see ../shared/reference/real-world.md): Django's SMTP backend then hangs or fails on every
 * email (sign-up confirmations, password resets), while the deploy itself looks healthy.
 */
export const renderFreeTierSmtp: ResourceValidationPolicy = {
  name: "render-free-tier-smtp",
  description:
    "A free Render web service never sends email to SMTP ports 25, 465 or 587, which Render blocks.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Send email through your provider's HTTPS email API, or use a port the provider offers outside 25, 465 " +
    "and 587 (`pulumi config set --path webapp:backend.env.EMAIL_PORT <port>`), or move the stack to the paid " +
    "tier with `pulumi config set webapp:tier paid`.",
  configSchema,
  validateResource: forTypes([RENDER_WEB_SERVICE], (props, args, report) => {
    if (props.plan !== "free") {
      args.notApplicable("Render blocks SMTP ports only on free instances");
    }
    const config = configWithDefaults<Config>(configSchema, args);
    checkEnvVars(
      args,
      (key) => config.keys.includes(key),
      (envVar) => {
        const value = envVar.value();
        // Django reads EMAIL_PORT with int(), which accepts surrounding whitespace and leading zeros.
        const port = typeof value === "number" ? value : Number(String(value).trim());
        if (!config.blockedPorts.includes(port)) {
          return;
        }
        report(
          `${envVar.key} is ${port}, an SMTP port Render's free instances cannot reach (blocked since ` +
            "2025-09-26); send email through an HTTPS email API, or use another port with " +
            `${configSet(`webapp:backend.env.${envVar.key}`, "<port>")}.`,
        );
      },
    );
  }),
};
