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
  /** The environment events are tagged with: the stack's name. */
  environment: pulumi.Input<string>;
  /** The release events are tagged with: the backend image's digest, so an error names the build. */
  release: pulumi.Input<string>;
  /** Protect the project on delete (its event history). Default false. */
  protectProject?: boolean;
}

/** What an app part needs to report errors. */
export interface ErrorTrackingConnection {
  /** The client key's DSN (public by design in a browser bundle; a Pulumi secret here all the same). */
  dsn: pulumi.Output<string>;
  environment: pulumi.Output<string>;
  release: pulumi.Output<string>;
}

/**
 * A Sentry project and its client key (DSN), through `@pulumiverse/sentry`. Only SentryProject and SentryKey:
 * issue alerts go through an endpoint Sentry is retiring (catalog AVOID_TYPES), so alerting stays Sentry's
 * per-project default. Environment and release are not Sentry resources: the SDK tags each event with them,
 * so they travel with the DSN to the app's environment.
 */
export class ErrorTracking extends pulumi.ComponentResource {
  public readonly projectSlug: pulumi.Output<string>;
  public readonly connection: ErrorTrackingConnection;

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
      { parent: this },
    );

    this.projectSlug = project.slug;
    this.connection = {
      dsn: pulumi.secret(key.dsnPublic),
      environment: pulumi.output(args.environment),
      release: pulumi.output(args.release),
    };
    this.registerOutputs({ projectSlug: this.projectSlug, connection: this.connection });
  }
}
