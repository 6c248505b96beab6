import * as pulumi from "@pulumi/pulumi";
import type { DatabaseContract } from "../../contracts";
import * as neon from "../../providers/neon";
import { cuRangeProblem } from "./catalog";

export interface DatabaseArgs {
  /** Neon project name in the console. */
  projectName: pulumi.Input<string>;
  /** Neon region id, e.g. `aws-us-east-1`. Changing it replaces the project (and its data). */
  regionId: pulumi.Input<string>;
  /** Postgres major version (14-18). Changing it replaces the project. */
  postgresVersion: pulumi.Input<number>;
  /** Smallest compute size in CU the endpoint scales down to. */
  minCu: number;
  /** Largest compute size in CU the endpoint scales up to (Neon Free: at most 2). */
  maxCu: number;
  /** Point-in-time restore window in seconds (Neon Free: at most 21600). */
  historyRetentionSeconds: pulumi.Input<number>;
  /**
   * Seconds of inactivity before the compute suspends: -1 never, 0 Neon's default (300 s), or 60 to 604800.
   * Default: not sent (Neon's own). Leave it unset on the Free plan, where scale-to-zero is fixed: Neon
   * stores 0 whatever is sent, and a sent value would show as a change on every run.
   */
  suspendTimeoutSeconds?: pulumi.Input<number>;
  /** Role the application logs in as, on the project's root branch. Default `app`. */
  roleName?: pulumi.Input<string>;
  /** Database name, on the project's root branch. Default `app`. */
  databaseName?: pulumi.Input<string>;
  /**
   * Id of an existing Neon project to take over instead of creating one; its root branch, and a role and
   * database of these names on it, are adopted with their data. Default: none.
   */
  adoptProjectId?: pulumi.Input<string>;
  /** The caller's config key that sets `adoptProjectId`, named in the provider's errors. Default: none. */
  adoptConfigKey?: string;
  /** Protect the project, the database and its owner role, and keep them on delete (production data). Default false. */
  protectData?: boolean;
}

/**
 * Serverless Postgres on Neon: a project, and the application's role and database on its root branch, the
 * one branch where point-in-time restore works (a child branch cannot be restored and is archived when idle).
 */
export class Database extends pulumi.ComponentResource {
  public readonly projectId: pulumi.Output<string>;
  /** The project's root branch, which holds the application's data. */
  public readonly branchId: pulumi.Output<string>;
  public readonly connection: DatabaseContract;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("webapp:data:Database", name, {}, opts);

    const cuProblem = cuRangeProblem(args.minCu, args.maxCu);
    if (cuProblem) {
      throw new Error(`Database "${name}": minCu (${args.minCu}) ${cuProblem}.`);
    }

    const data = args.protectData ? { protect: true, retainOnDelete: true } : {};
    const project = new neon.Project(
      `${name}-project`,
      {
        name: args.projectName,
        regionId: args.regionId,
        pgVersion: args.postgresVersion,
        historyRetentionSeconds: args.historyRetentionSeconds,
        autoscalingMinCu: args.minCu,
        autoscalingMaxCu: args.maxCu,
        suspendTimeoutSeconds: args.suspendTimeoutSeconds,
        adoptId: args.adoptProjectId,
        adoptConfigKey: args.adoptConfigKey,
      },
      { parent: this, ...data },
    );
    // Kept with the database it owns: Neon refuses to delete a role that owns a database
    // (neon.tech/docs/manage/roles), so a destroy that retains the database would stop on the role.
    const role = new neon.Role(
      `${name}-role`,
      { projectId: project.id, branchId: project.defaultBranchId, name: args.roleName ?? "app" },
      { parent: this, ...data },
    );
    const database = new neon.Database(
      `${name}-db`,
      {
        projectId: project.id,
        branchId: project.defaultBranchId,
        name: args.databaseName ?? "app",
        ownerName: role.name,
      },
      { parent: this, ...data },
    );

    const uri = (pooled: boolean) =>
      pulumi.secret(
        pulumi
          .all([project.defaultHost, role.name, role.password, database.name])
          .apply(([host, roleName, password, db]) =>
            neon.connectionUri({ host, role: roleName, password, database: db, pooled }),
          ),
      );

    this.projectId = project.id;
    this.branchId = project.defaultBranchId;
    this.connection = { url: uri(false), pooledUrl: uri(true), host: project.defaultHost };
    this.registerOutputs({ projectId: this.projectId, branchId: this.branchId, connection: this.connection });
  }
}
