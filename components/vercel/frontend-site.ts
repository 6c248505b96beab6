import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";
import type { FrontendVariable } from "../environment";

/** An environment variable of the site. `sensitive` values can't be read back from Vercel. */
export type SiteVariable = FrontendVariable;

export interface FrontendSiteArgs {
  /** Vercel project name, unique in the Vercel team; also the start of the default domain. */
  projectName: string;
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
  /** The site's custom domain. Default: `<projectName>-<6 hex>.vercel.app` (see {@link defaultVercelDomain}). */
  domain?: pulumi.Input<string>;
  /** Environment of production and preview deployments. */
  environment: Record<string, SiteVariable>;
  /** Id of an existing Vercel project (`prj_…` or `team_…/prj_…`) to import instead of creating one. Default: none. */
  importId?: string;
  /**
   * Vercel ids of the imported project's existing variables, by key: each is imported, as
   * `<importId>/<id>`, instead of created, which Vercel refuses for a key the project already has
   * (`ENV_ALREADY_EXISTS`: pulumiverse/pulumi-vercel#118; the provider does not upsert,
   * terraform-provider-vercel#193). Variables without an id here are created. Default: none.
   */
  importVariableIds?: Readonly<Record<string, string>>;
  /** `domain` is already on the imported project: import it, as `<importId>/<domain>`, instead of adding it. Default false. */
  importDomain?: boolean;
}

const TARGETS = ["production", "preview"];

/** The Next.js frontend: a Vercel project built from Git, its domain and its environment. */
export class FrontendSite extends pulumi.ComponentResource {
  public readonly projectId: pulumi.Output<string>;
  /** `https://<domain>`. */
  public readonly url: pulumi.Output<string>;
  /** Import ids of existing variables by key (see {@link FrontendSiteArgs.importVariableIds}). */
  private readonly variableImports: Readonly<Record<string, string>>;

  constructor(name: string, args: FrontendSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("webapp:app:FrontendSite", name, {}, opts);

    const imports = Object.keys(args.importVariableIds ?? {}).length > 0 || args.importDomain;
    if (imports && !args.importId) {
      throw new Error(
        `FrontendSite "${name}": importVariableIds and importDomain import from an existing project; set importId to that project's id (prj_… or team_…/prj_…).`,
      );
    }
    if (args.importDomain && typeof args.domain !== "string") {
      throw new Error(
        `FrontendSite "${name}": importDomain needs domain as a plain host name such as www.example.com, the one already on the project.`,
      );
    }
    // The provider's import ids are `[team_…/]prj_…/<variable id or domain>` (projectEnvironmentVariable.d.ts
    // and projectDomain.d.ts, Import; terraform-provider-vercel vercel/split.go splitInto2Or3), so they
    // extend the project's own import id.
    this.variableImports = Object.fromEntries(
      Object.entries(args.importVariableIds ?? {}).map(([key, id]) => [key, `${args.importId}/${id}`]),
    );

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
      { parent: this, ...(args.importId ? { import: args.importId } : {}) },
    );
    const domain = new vercel.ProjectDomain(
      `${name}-domain`,
      {
        projectId: project.id,
        domain: args.domain ?? project.id.apply((id) => defaultVercelDomain(args.projectName, id)),
      },
      { parent: this, ...(args.importDomain ? { import: `${args.importId}/${String(args.domain)}` } : {}) },
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
      { parent: this, ...(this.variableImports[key] ? { import: this.variableImports[key] } : {}) },
    );
  }
}

/**
 * `*.vercel.app` is one namespace for every Vercel account, so `<project>.vercel.app` may already belong to
 * someone else (vercel/vercel#15678). The suffix comes from the project id: Vercel assigns it once and
 * never to another project, so the name is unique per stack and stays the same on every run, with no
 * extra resource in state. The name is a DNS label: lowercase, at most 63 characters.
 */
export function defaultVercelDomain(projectName: string, projectId: string): string {
  const label = projectName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .slice(0, 56)
    .replace(/^-+|-+$/g, "");
  const suffix = createHash("sha256").update(projectId).digest("hex").slice(0, 6);
  return `${label}-${suffix}.vercel.app`;
}

/**
 * A `CORS_ALLOWED_ORIGIN_REGEXES` entry (Python `re` and JavaScript alike) for the Vercel preview origins of
 * one project in one scope (team or user slug): `<project>-<9-char hash>-<scope>.vercel.app` (one deployment)
 * and `<project>-git-<branch>-<scope>.vercel.app` (a branch). Anchored at both ends: `*.vercel.app` is one
 * global namespace, and the scope suffix is what ties an origin to this team (README, "Hosts and origins").
 * Project names and scopes are `[a-z0-9-]`, nothing to escape.
 */
export function previewOriginRegex(project: string, scope: string): string {
  return `^https://${project}-(?:[a-z0-9]{9}|git-[a-z0-9]+(?:-[a-z0-9]+)*)-${scope}\\.vercel\\.app$`;
}
