import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";

/** An environment variable of the site. `sensitive` values can't be read back from Vercel. */
export interface SiteVariable {
  value: pulumi.Input<string>;
  sensitive: boolean;
}

export interface FrontendSiteArgs {
  /** Vercel project name; also the default `<name>.vercel.app` domain. */
  projectName: pulumi.Input<string>;
  /** Vercel framework preset, e.g. `nextjs`. */
  framework: pulumi.Input<string>;
  /** GitHub repository `owner/name` Vercel builds from. */
  repository: pulumi.Input<string>;
  /** Branch that deploys to production. Default `main`. */
  productionBranch?: pulumi.Input<string>;
  /** Directory of the app inside the repository. Default the repository root. */
  rootDirectory?: pulumi.Input<string>;
  /** Vercel region for server-side functions, near the API. */
  functionRegion: pulumi.Input<string>;
  /** The site's domain: a custom one, or `<projectName>.vercel.app`. */
  domain: pulumi.Input<string>;
  /** Environment of production and preview deployments. */
  environment: Record<string, SiteVariable>;
}

const TARGETS = ["production", "preview"];

/** The Next.js frontend: a Vercel project built from Git, its domain and its environment. */
export class FrontendSite extends pulumi.ComponentResource {
  public readonly projectId: pulumi.Output<string>;
  /** `https://<domain>`. */
  public readonly url: pulumi.Output<string>;

  constructor(name: string, args: FrontendSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("webapp:app:FrontendSite", name, {}, opts);

    const project = new vercel.Project(
      `${name}-project`,
      {
        name: args.projectName,
        framework: args.framework,
        gitRepository: {
          type: "github",
          repo: args.repository,
          productionBranch: args.productionBranch ?? "main",
        },
        rootDirectory: args.rootDirectory,
        resourceConfig: { functionDefaultRegions: [args.functionRegion] },
      },
      { parent: this },
    );
    const domain = new vercel.ProjectDomain(
      `${name}-domain`,
      { projectId: project.id, domain: args.domain },
      { parent: this },
    );
    for (const [key, variable] of Object.entries(args.environment)) {
      this.addVariable(`${name}-env-${key.toLowerCase().replace(/_/g, "-")}`, project.id, key, variable);
    }

    this.projectId = project.id;
    this.url = pulumi.interpolate`https://${domain.domain}`;
    this.registerOutputs({ projectId: this.projectId, url: this.url });
  }

  /**
   * Adds one variable as its own resource, so a value that depends on this site (the API's URL, which
   * needs the site's URL for CORS) can be set after both exist without a dependency cycle.
   */
  public addVariable(
    resourceName: string,
    projectId: pulumi.Input<string>,
    key: string,
    variable: SiteVariable,
  ) {
    return new vercel.ProjectEnvironmentVariable(
      resourceName,
      {
        projectId,
        key,
        value: variable.sensitive ? pulumi.secret(variable.value) : variable.value,
        sensitive: variable.sensitive,
        targets: TARGETS,
      },
      { parent: this },
    );
  }
}
