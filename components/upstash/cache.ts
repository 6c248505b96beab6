import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";
import type { CacheContract } from "../../contracts";

export interface CacheArgs {
  /** Upstash database name. Changing it replaces the database. */
  databaseName: pulumi.Input<string>;
  /** Upstash primary region of the global database, e.g. `us-east-1`. Changing it replaces the database. */
  primaryRegion: pulumi.Input<string>;
  /** Regions that serve reads from replicas (paid: every replicated write is billed). Default none. */
  readRegions?: pulumi.Input<pulumi.Input<string>[]>;
  /** Evict keys when the database is full instead of rejecting writes. Must be false with `carriesBroker`. Default true. */
  eviction?: boolean;
  /** A Celery worker consumes a queue in this database: eviction is off. Default false. */
  carriesBroker?: boolean;
  /** USD a month at which Upstash throttles the database (whole dollars). */
  budget: pulumi.Input<number>;
  /** Protect the database and keep it on delete. Default false. */
  protectData?: boolean;
  /** Id (UUID) of an existing Upstash database to import instead of creating one. Default: none. */
  importId?: string;
}

/**
 * Redis on Upstash: one global database (TLS is always on for Upstash; the flag says so explicitly).
 *
 * Cache, Celery broker and results share that one database, and when a worker consumes the broker the
 * database runs with eviction off: Upstash's eviction drops random keys once those with a TTL are gone
 * (upstash.com/docs/redis/features/eviction), and queued tasks have no TTL. A second, broker-only database
 * was the alternative; it is not worth it here because Django's cache entries expire on their own (every
 * `cache.set` has a timeout), so a full database mostly holds live data either way, while a second
 * database doubles the Upstash budget and cannot exist on the free tier (one free database per account).
 */
export class Cache extends pulumi.ComponentResource {
  public readonly databaseId: pulumi.Output<string>;
  public readonly connection: CacheContract;

  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("webapp:data:Cache", name, {}, opts);

    if (args.carriesBroker && args.eviction === true) {
      throw new Error(
        `Cache "${name}": eviction must be off while a Celery worker uses the database as its broker (queued tasks have no TTL and would be evicted).`,
      );
    }

    const db = new upstash.RedisDatabase(
      `${name}-redis`,
      {
        databaseName: args.databaseName,
        region: "global",
        primaryRegion: args.primaryRegion,
        readRegions: args.readRegions ?? [],
        tls: true,
        eviction: args.carriesBroker ? false : (args.eviction ?? true),
        budget: args.budget,
      },
      {
        parent: this,
        ...(args.protectData ? { protect: true, retainOnDelete: true } : {}),
        ...(args.importId ? { import: args.importId } : {}),
      },
    );

    // Upstash databases have a single logical database (0); cache, broker and results share it.
    const url = (query: string) =>
      pulumi.secret(pulumi.interpolate`rediss://default:${db.password}@${db.endpoint}:${db.port}/0${query}`);

    this.databaseId = db.databaseId;
    this.connection = { url: url(""), brokerUrl: url("?ssl_cert_reqs=required"), host: db.endpoint };
    this.registerOutputs({ databaseId: this.databaseId, connection: this.connection });
  }
}
