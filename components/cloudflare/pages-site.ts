import * as pulumi from "@pulumi/pulumi";
import * as cloudflare from "@pulumi/cloudflare";
import type { FrontendVariable } from "../environment";

export interface PagesSiteArgs {
  /** Cloudflare account id (32 hex digits). */
  accountId: string;
  /** Pages project name, unique in the account; also the start of `<name>.pages.dev`. */
  projectName: string;
  /** Branch whose deployments are production. */
  productionBranch: string;
  buildCommand: string;
  /** Build output directory, relative to `rootDir`. */
  destinationDir: string;
  /** Directory of the site inside the repository. Default: the repository root. */
  rootDir?: string;
  /**
   * GitHub `owner/name` Cloudflare builds from; needs the GitHub account linked to Cloudflare first
   * (docs/pages.md). Default: none, a Direct Upload project that CI deploys with `wrangler pages deploy`.
   */
  repository?: string;
  /** Workers runtime date of the site's Functions. */
  compatibilityDate: string;
  compatibilityFlags: readonly string[];
  /** The site's custom domain. Default: none, the site answers at its `*.pages.dev` subdomain. */
  domain?: string;
  /** Variables of production and preview deployments alike; sensitive ones become `secret_text`. */
  environment: Record<string, FrontendVariable>;
}

/** One Pages variable: secrets are write-only `secret_text`, everything else `plain_text`. */
export function pagesVariable(v: FrontendVariable): { type: string; value: pulumi.Input<string> } {
  return v.sensitive
    ? { type: "secret_text", value: pulumi.secret(v.value) }
    : { type: "plain_text", value: v.value };
}

/**
 * The site's URL before the project exists: its custom domain, else `<project>.pages.dev`. Cloudflare
 * adds a suffix to the subdomain when the name is taken elsewhere; {@link PagesSite.url} is the real one
 * (docs/pages.md says to pick a unique `projectName` or set a domain).
 */
export function pagesSiteUrl(projectName: string, domain: string | undefined): string {
  return `https://${domain ?? `${projectName}.pages.dev`}`;
}

/** A Cloudflare Pages site: the project, its production and preview variables, and its custom domain. */
export class PagesSite extends pulumi.ComponentResource {
  public readonly projectName: pulumi.Output<string>;
  /** `https://<domain>`, or `https://<subdomain>` (`*.pages.dev`, as Cloudflare assigned it) without one. */
  public readonly url: pulumi.Output<string>;

  constructor(name: string, args: PagesSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("webapp:app:PagesSite", name, {}, opts);

    // Every variable is in the project (Pages has no variable resource of its own), one entry per key so
    // each secret stays its own Pulumi secret. A variable added or changed applies from the next
    // deployment on (cloudflare/terraform-provider-cloudflare#6692, cloudflare/cloudflare-docs#7333).
    const envVars = Object.fromEntries(
      Object.entries(args.environment).map(([k, v]) => [k, pagesVariable(v)]),
    );
    const deployment = (vars: typeof envVars) => ({
      compatibilityDate: args.compatibilityDate,
      compatibilityFlags: [...args.compatibilityFlags],
      envVars: vars,
    });
    const project = new cloudflare.PagesProject(
      `${name}-project`,
      {
        accountId: args.accountId,
        name: args.projectName,
        productionBranch: args.productionBranch,
        buildConfig: {
          buildCommand: args.buildCommand,
          destinationDir: args.destinationDir,
          rootDir: args.rootDir,
        },
        deploymentConfigs: { production: deployment(envVars), preview: deployment(envVars) },
        ...(args.repository
          ? {
              source: {
                type: "github",
                config: {
                  owner: args.repository.split("/")[0],
                  repoName: args.repository.split("/")[1],
                  productionBranch: args.productionBranch,
                  deploymentsEnabled: true,
                  prCommentsEnabled: true,
                  previewDeploymentSetting: "all",
                },
              },
            }
          : {}),
      },
      { parent: this },
    );
    if (args.domain) {
      new cloudflare.PagesDomain(
        `${name}-domain`,
        { accountId: args.accountId, projectName: project.name, name: args.domain },
        { parent: this },
      );
    }

    this.projectName = project.name;
    this.url = args.domain
      ? pulumi.output(`https://${args.domain}`)
      : pulumi.interpolate`https://${project.subdomain}`;
    this.registerOutputs({ projectName: this.projectName, url: this.url });
  }
}

/**
 * A `CORS_ALLOWED_ORIGIN_REGEXES` entry for the project's preview deployments: `<hash>.<project>.pages.dev`
 * and `<branch alias>.<project>.pages.dev` (developers.cloudflare.com/pages/configuration/preview-deployments).
 * Anchored at both ends; every name under `<project>.pages.dev` is this project's.
 */
export function previewOriginRegex(projectName: string): string {
  return `^https://[a-z0-9-]+\\.${projectName}\\.pages\\.dev$`;
}
