import * as pulumi from "@pulumi/pulumi";
import * as sentry from "@pulumiverse/sentry";

export interface ErrorTrackingArgs {
  /** Sentry organization slug, e.g. `acme`. */
  organization: pulumi.Input<string>;
  /** Slug of the team that owns the project. */
  team: pulumi.Input<string>;
  /** Project name and slug, one per app, part and stack, e.g. `webapp-dev-api`. Changing it replaces the project. */
  project: pulumi.Input<string>;
  /** Sentry platform, e.g. `python-django` (catalog PLATFORMS). */
  platform: pulumi.Input<string>;
  /** The stack's name: the client key is named after it (events carry it as SENTRY_ENVIRONMENT). */
  environment: pulumi.Input<string>;
  /** Protect the project on delete (its event history). Default false. */
  protectProject?: boolean;
}

/**
 * A Sentry project and its client key (DSN), through `@pulumiverse/sentry`. Only SentryProject and SentryKey:
 * issue alerts go through an endpoint Sentry is retiring (catalog AVOID_TYPES), so alerting stays Sentry's
 * per-project default. Environment and release are not Sentry resources: the SDK tags each event with them
 * from the app's environment (components/environment.ts).
 */
export class ErrorTracking extends pulumi.ComponentResource {
  public readonly projectSlug: pulumi.Output<string>;
  /** The client key's DSN: public by design in a browser bundle, a Pulumi secret here all the same. */
  public readonly dsn: pulumi.Output<string>;

  constructor(name: string, args: ErrorTrackingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("webapp:ops:ErrorTracking", name, {}, opts);

    const project = new sentry.SentryProject(
      `${name}-project`,
      {
        organization: args.organization,
        teams: [args.team],
        name: args.project,
        slug: args.project,
        platform: args.platform,
      },
      { parent: this, protect: args.protectProject ?? false },
    );
    const key = new sentry.SentryKey(
      `${name}-key`,
      { organization: args.organization, project: project.slug, name: args.environment },
      { parent: this, additionalSecretOutputs: ["dsnPublic", "dsnSecret", "dsnCsp", "secret", "public"] },
    );

    this.projectSlug = project.slug;
    this.dsn = pulumi.secret(key.dsnPublic);
    this.registerOutputs({ projectSlug: this.projectSlug, dsn: this.dsn });
  }
}
