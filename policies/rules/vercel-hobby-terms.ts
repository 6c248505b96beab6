import { ResourceValidationPolicy } from "@pulumi/policy";
import { configSet } from "../lib/config-keys";
import { forTypes } from "../lib/helpers";
import { requireFreeTier } from "../lib/stack-config";
import { VERCEL_PROJECT } from "../lib/tokens";

/**
 * Vercel Hobby is for personal, non-commercial use, connects only repositories of personal GitHub accounts
 * (not organizations), and needs the Vercel GitHub App on the repository (../shared/reference/real-world.md,
 * Vercel). None of this is visible offline: `owner/name` looks the same for a user and an organization, and
 * neither the app's purpose nor the GitHub App's installation is in the program. So this is an advisory note
 * on every free stack whose frontend Vercel builds from GitHub, and the first `pulumi up` is what confirms it.
 */
export const vercelHobbyTerms: ResourceValidationPolicy = {
  name: "vercel-hobby-terms",
  description:
    "On the free tier, the Vercel project builds from a personal GitHub repository for non-commercial use.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps:
    "Install the Vercel GitHub App on the repository; for a commercial app or a repository owned by a GitHub " +
    "organization, move the stack to the paid tier (`pulumi config set webapp:tier paid`, Vercel Pro) or build " +
    "from a personal repository (`pulumi config set --path webapp:frontend.repository <user>/<repo>`).",
  configSchema: { properties: {} },
  validateResource: forTypes([VERCEL_PROJECT], (props, args, report) => {
    requireFreeTier(args);
    const git = props.gitRepository;
    if (!git || git.type !== "github") {
      args.notApplicable("The project does not build from a GitHub repository");
    }
    report(
      `Vercel Hobby builds '${git.repo}' only if its owner is a personal GitHub account (not an organization), ` +
        "the Vercel GitHub App is installed on it and the app is non-commercial; otherwise move the stack to " +
        `the paid tier (${configSet("webapp:tier", "paid")}) or build from a personal repository ` +
        `(${configSet("webapp:frontend.repository", "<user>/<repo>")}).`,
    );
  }),
};
