import * as pulumi from "@pulumi/pulumi";
import type { CacheContract } from "../../contracts";
import * as render from "../../providers/render";

export interface KeyValueStoreArgs {
  /** Render instance name. */
  name: string;
  /** Render instance type (`free`, `starter`, ...). */
  plan: string;
  /** Render region. */
  region: string;
  /** What Valkey drops when full (`noeviction` while it carries the Celery broker). */
  maxmemoryPolicy: string;
  /** Addresses admitted to the external (TLS) endpoint. */
  ipAllowList: { cidrBlock: string; description: string }[];
  /** The Render environment (evm-…) to create it in. Default: none. */
  environmentId?: pulumi.Input<string>;
  /** An existing instance (red-…) to take over instead of creating one. Default: none. */
  adoptId?: string;
  /** Protect the instance and keep it on delete. Default false. */
  protectData?: boolean;
}

/**
 * Render Key Value: cache, Celery broker and results in one instance, over the external `rediss://` URL
 * (TLS + password); the internal URL has no TLS form (datastore-settings.ts). The broker's URL asks Celery
 * to verify the certificate, as the Upstash cache's does.
 */
export class KeyValueStore extends pulumi.ComponentResource {
  public readonly instanceId: pulumi.Output<string>;
  public readonly connection: CacheContract;

  constructor(name: string, args: KeyValueStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super("webapp:data:RenderKeyValue", name, {}, opts);

    const kv = new render.KeyValue(
      `${name}-keyvalue`,
      {
        name: args.name,
        plan: args.plan,
        region: args.region,
        maxmemoryPolicy: args.maxmemoryPolicy,
        ipAllowList: args.ipAllowList,
        environmentId: args.environmentId,
        adoptId: args.adoptId,
      },
      { parent: this, ...(args.protectData ? { protect: true, retainOnDelete: true } : {}) },
    );

    const url = pulumi.secret(kv.externalConnectionString);
    this.instanceId = kv.id;
    this.connection = {
      url,
      brokerUrl: pulumi.secret(
        pulumi.interpolate`${url}${url.apply((u) => (u.includes("?") ? "&" : "?"))}ssl_cert_reqs=required`,
      ),
      host: url.apply((u) => new URL(u).hostname),
    };
    this.registerOutputs({ instanceId: this.instanceId, connection: this.connection });
  }
}
