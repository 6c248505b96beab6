import * as pulumi from "@pulumi/pulumi";
import type { DatabaseContract } from "../../contracts";
import * as render from "../../providers/render";

export interface DatabaseArgs {
  /** Render database name (its `name`); the Postgres database and user are named after it. */
  name: string;
  /** Render instance type (`free`, `basic_1gb`, `pro_4gb`, ...). */
  plan: string;
  /** PostgreSQL major version, e.g. `17`. */
  version: string;
  /** Render region (`oregon`, `ohio`, `virginia`, `frankfurt`, `singapore`). */
  region: string;
  /** Disk in GB (1 or a multiple of 5). Default: the plan's. */
  diskSizeGB?: number;
  /** A standby in another zone (Pro and Accelerated types). Default false. */
  highAvailability?: boolean;
  /** Addresses admitted to the external (TLS) endpoint. */
  ipAllowList: { cidrBlock: string; description: string }[];
  /** The Render environment (evm-…) to create it in. Default: none. */
  environmentId?: pulumi.Input<string>;
  /** An existing database (dpg-…) to take over instead of creating one. Default: none. */
  adoptId?: string;
  /** Protect the database and keep it on delete. Default false. */
  protectData?: boolean;
}

/**
 * Render's managed PostgreSQL. The app gets the external URL, which requires TLS (`sslmode=require`, added
 * by the provider): the internal one would carry none (datastore-settings.ts says why). Render has no
 * transaction pooler in its API, so the pooled URL is the direct one again, as the contract allows.
 */
export class Database extends pulumi.ComponentResource {
  public readonly databaseId: pulumi.Output<string>;
  public readonly connection: DatabaseContract;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("webapp:data:RenderDatabase", name, {}, opts);

    const db = new render.Postgres(
      `${name}-postgres`,
      {
        name: args.name,
        plan: args.plan,
        version: args.version,
        region: args.region,
        diskSizeGB: args.diskSizeGB,
        highAvailability: args.highAvailability,
        ipAllowList: args.ipAllowList,
        environmentId: args.environmentId,
        adoptId: args.adoptId,
      },
      { parent: this, ...(args.protectData ? { protect: true, retainOnDelete: true } : {}) },
    );

    const url = pulumi.secret(db.externalConnectionString);
    this.databaseId = db.id;
    this.connection = { url, pooledUrl: url, host: db.externalHost };
    this.registerOutputs({ databaseId: this.databaseId, connection: this.connection });
  }
}
