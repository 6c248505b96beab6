import * as pulumi from "@pulumi/pulumi";
import * as neon from "../providers/neon";

export interface DatabaseArgs {
  /** Neon project name; also the prefix of the branch, role and database names' owner. */
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
  /** Seconds of inactivity before the compute suspends; 0 = Neon's default, -1 = never. */
  suspendTimeoutSeconds: pulumi.Input<number>;
  /** Branch the application uses. Default `app`. */
  branchName?: pulumi.Input<string>;
  /** Role the application logs in as. Default `app`. */
  roleName?: pulumi.Input<string>;
  /** Database name. Default `app`. */
  databaseName?: pulumi.Input<string>;
  /** Protect the project and keep it on delete (production data). Default false. */
  protectData?: boolean;
  /** Id of an existing Neon project to take over instead of creating one. Default: none. */
  adoptId?: pulumi.Input<string>;
}

/** What the backend needs to reach the database. Both URLs are secrets and require TLS. */
export interface DatabaseConnection {
  /** Direct connection (migrations, long sessions). */
  url: pulumi.Output<string>;
  /** Through Neon's PgBouncer (`-pooler` host, transaction mode) for the web workers. */
  pooledUrl: pulumi.Output<string>;
  host: pulumi.Output<string>;
}

/** Serverless Postgres on Neon: a project, the application's branch, its role and database. */
export class Database extends pulumi.ComponentResource {
  public readonly projectId: pulumi.Output<string>;
  public readonly connection: DatabaseConnection;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("webapp:data:Database", name, {}, opts);

    if (args.minCu > args.maxCu) {
      throw new Error(`Database "${name}": minCu (${args.minCu}) must not exceed maxCu (${args.maxCu}).`);
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
        adoptId: args.adoptId,
      },
      { parent: this, ...data },
    );
    const branch = new neon.Branch(
      `${name}-branch`,
      {
        projectId: project.id,
        name: args.branchName ?? "app",
        endpoint: { minCu: args.minCu, maxCu: args.maxCu, suspendTimeoutSeconds: args.suspendTimeoutSeconds },
      },
      { parent: this, ...data },
    );
    const role = new neon.Role(
      `${name}-role`,
      { projectId: project.id, branchId: branch.id, name: args.roleName ?? "app" },
      { parent: this },
    );
    const database = new neon.Database(
      `${name}-db`,
      { projectId: project.id, branchId: branch.id, name: args.databaseName ?? "app", ownerName: role.name },
      { parent: this, ...data },
    );

    const uri = (pooled: boolean) =>
      pulumi.secret(
        pulumi
          .all([branch.host, role.name, role.password, database.name])
          .apply(([host, roleName, password, db]) =>
            neon.connectionUri({ host, role: roleName, password, database: db, pooled }),
          ),
      );

    this.projectId = project.id;
    this.connection = { url: uri(false), pooledUrl: uri(true), host: branch.host };
    this.registerOutputs({ projectId: this.projectId, connection: this.connection });
  }
}
