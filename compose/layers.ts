/**
 * Where a stack that deploys one layer (`webapp:layer`) takes the other layers' contracts from: their stacks'
 * outputs (contracts/index.ts `LAYER_OUTPUTS`), read by `pulumi.StackReference`. What each layer exports is
 * {@link layerOutputs}; docs/layers.md has the order and the boundaries.
 *
 * How a read fails: the engine answers a StackReference from the backend (pkg/resource/deploy/builtins.go
 * `readStackReference` -> `GetStackOutputs`: "an error if the stack cannot be found", which fails the deploy
 * naming the stack); a stack that exists but was never deployed, or whose first deploy failed, answers with no
 * outputs at all. The SDK's `requireOutput` would then say only "Required output 'x' does not exist on stack
 * 'y'" (node_modules/@pulumi/pulumi/stackReference.js), so every read here checks the stack's `layer` output
 * first and says which of the three it is, in one line, with the command that fixes it.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  CacheContract,
  DatabaseContract,
  Layer,
  LAYER_OUTPUTS,
  LAYER_PARTS,
  LayerOutput,
  LayerOutputName,
  MediaContract,
  NO_TARGET,
  Part,
} from "../contracts";

/** Another layer's stack, as this stack reads it. */
export class UpstreamLayer {
  private readonly ref: pulumi.StackReference;

  /** `layer`: the layer that stack must deploy; `fullName`: `webapp:layers.<layer>`; `stack`: this stack. */
  constructor(
    name: string,
    private readonly layer: Layer,
    private readonly fullName: string,
    private readonly stack: string,
    parent: pulumi.Resource,
  ) {
    this.ref = new pulumi.StackReference(`${name}-${layer}-layer`, { name: fullName }, { parent });
  }

  /** One output of that stack; a secret there stays a secret (the SDK marks it from `secretOutputNames`). */
  output<T>(key: LayerOutputName): pulumi.Output<T> {
    const spec = (LAYER_OUTPUTS[this.layer] as Record<string, LayerOutput>)[key];
    const checked = pulumi
      .all([this.ref.getOutput("layer"), this.ref.getOutput(key)])
      .apply(([layer, value]) => {
        const where = `webapp:layers.${this.layer} names stack ${this.fullName}`;
        if (layer === undefined) {
          throw new pulumi.RunError(
            `${where}, which has no outputs: it was never deployed or its last deploy failed. Fix: pulumi up --stack ${this.fullName}, then deploy this stack again`,
          );
        }
        if (layer !== this.layer) {
          throw new pulumi.RunError(
            `${where}, which deploys the ${String(layer)} layer, not the ${this.layer} layer. Fix: pulumi config set webapp:layers.${this.layer} <org>/<project>/<${this.layer} stack> --stack ${this.stack}`,
          );
        }
        if (value === undefined && spec.part === undefined) {
          // This stack's target joins the system's grouping, and that stack created none.
          throw new pulumi.RunError(
            `${where}, which exports no ${key}: it created no project for the system to join. Fix: pulumi config set --path webapp:render.project <this stack's project> --stack ${this.fullName} and deploy it, or pulumi config rm --path webapp:render.project --stack ${this.stack}`,
          );
        }
        if (value === undefined) {
          throw new pulumi.RunError(
            `${where}, which exports no ${key}: it has no ${spec.part}. Fix: pulumi config set --path webapp:${spec.part}.target ${NO_TARGET} --stack ${this.stack}, or give that stack a ${spec.part}`,
          );
        }
        return value;
      }) as pulumi.Output<T>;
    return spec.secret ? (pulumi.secret(checked) as pulumi.Output<T>) : checked;
  }
}

/** The data layer's contracts, from its stack; a part the system has not (`target: none`) is absent. */
export function dataContracts(
  up: UpstreamLayer,
  has: (part: Part) => boolean,
): { database?: DatabaseContract; cache?: CacheContract; media?: MediaContract } {
  return {
    ...(has("database")
      ? {
          database: {
            url: up.output<string>("databaseUrl"),
            pooledUrl: up.output<string>("databasePooledUrl"),
            host: up.output<string>("databaseHost"),
          },
        }
      : {}),
    ...(has("cache")
      ? {
          cache: {
            url: up.output<string>("redisUrl"),
            brokerUrl: up.output<string>("redisBrokerUrl"),
            host: up.output<string>("redisHost"),
          },
        }
      : {}),
    ...(has("media")
      ? {
          media: {
            url: up.output<string>("mediaUrl"),
            account: up.output<string>("mediaAccount"),
            uploadPreset: up.output<string>("mediaUploadPreset"),
            uploadSigned: up.output<boolean>("mediaUploadSigned"),
            maxUploadBytes: up.output<number>("mediaMaxUploadBytes"),
            folder: up.output<string>("mediaFolder"),
          },
        }
      : {}),
  };
}

/** Whether a stack deploying `layer` (absent: all) builds `part` itself. */
export function buildsPart(layer: Layer | undefined, part: Part): boolean {
  return !layer || LAYER_PARTS[layer].includes(part);
}
