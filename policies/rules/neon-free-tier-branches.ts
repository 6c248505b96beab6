import { PolicyConfigSchema, PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/helpers";
import { requireFreeTier } from "../lib/stack-config";
import { NEON_BRANCH, NEON_PROJECT } from "../lib/tokens";
import { configSet } from "../lib/config-keys";

interface Config {
  maxBranchesPerProject: number;
}

const configSchema: PolicyConfigSchema = {
  properties: {
    maxBranchesPerProject: {
      type: "integer",
      minimum: 1,
      default: 10,
      description: "Branches per project on Neon's Free plan, the project's default branch included.",
    },
  },
};

/** The project a branch belongs to: the Neon Project it depends on, else its `projectId` value. */
function projectKey(branch: PolicyResource): string {
  const project = branch.dependencies.find((d) => d.type === NEON_PROJECT);
  return project ? project.urn : String(branch.props.projectId);
}

export const neonFreeTierBranches: StackValidationPolicy = {
  name: "neon-free-tier-branches",
  description: "On the free tier, each Neon project has at most 10 branches, its default branch included.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Delete branches you no longer need or move the stack to the paid tier with `pulumi config set webapp:tier " +
    "paid`; every Neon project already counts its default branch.",
  configSchema,
  validateStack: (args, report) => {
    requireFreeTier(args);
    const config = configWithDefaults<Config>(configSchema, args);
    const branchesPerProject = new Map<string, PolicyResource[]>();
    for (const branch of args.resources.filter((r) => r.type === NEON_BRANCH)) {
      const key = projectKey(branch);
      branchesPerProject.set(key, [...(branchesPerProject.get(key) ?? []), branch]);
    }
    for (const [key, branches] of branchesPerProject) {
      const total = branches.length + 1;
      if (total > config.maxBranchesPerProject) {
        const project = args.resources.find((r) => r.urn === key);
        report(
          `The Neon project${project ? ` '${project.name}'` : ""} would have ${total} branches (${branches.length} ` +
            `declared plus the default branch); the Free plan allows ${config.maxBranchesPerProject}. Remove ` +
            `${total - config.maxBranchesPerProject} branch(es) or move the stack to the paid tier ` +
            `(${configSet("webapp:tier", "paid")}).`,
          project?.urn,
        );
      }
    }
  },
};
