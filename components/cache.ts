import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";

export interface CacheArgs {
  /** Upstash database name. Changing it replaces the database. */
  databaseName: pulumi.Input<string>;
  /** Upstash primary region of the global database, e.g. `us-east-1`. Changing it replaces the database. */
  primaryRegion: pulumi.Input<string>;
  /** Regions that serve reads from replicas (paid: every replicated write is billed). Default none. */
  readRegions?: pulumi.Input<pulumi.Input<string>[]>;
  /** Evict keys when the database is full instead of rejecting writes. Default true. */
  eviction?: pulumi.Input<boolean>;
  /** Protect the database and keep it on delete. Default false. */
  protectData?: boolean;
}

/** What the backend needs to reach Redis. Every URL is a secret and uses TLS (`rediss://`). */
export interface CacheConnection {
  /** Django cache. */
  url: pulumi.Output<string>;
  /** Celery broker and result backend: Celery insists on `ssl_cert_reqs` for `rediss://` URLs. */
  celeryUrl: pulumi.Output<string>;
  host: pulumi.Output<string>;
}

/** Redis on Upstash: one global database (TLS is always on for Upstash; the flag says so explicitly). */
export class Cache extends pulumi.ComponentResource {
  public readonly databaseId: pulumi.Output<string>;
  public readonly connection: CacheConnection;

  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("webapp:data:Cache", name, {}, opts);

    const db = new upstash.RedisDatabase(
      `${name}-redis`,
      {
        databaseName: args.databaseName,
        region: "global",
        primaryRegion: args.primaryRegion,
        readRegions: args.readRegions ?? [],
        tls: true,
        eviction: args.eviction ?? true,
      },
      { parent: this, ...(args.protectData ? { protect: true, retainOnDelete: true } : {}) },
    );

    // Upstash databases have a single logical database (0); cache, broker and results share it.
    const url = (query: string) =>
      pulumi.secret(pulumi.interpolate`rediss://default:${db.password}@${db.endpoint}:${db.port}/0${query}`);

    this.databaseId = db.databaseId;
    this.connection = { url: url(""), celeryUrl: url("?ssl_cert_reqs=required"), host: db.endpoint };
    this.registerOutputs({ databaseId: this.databaseId, connection: this.connection });
  }
}
