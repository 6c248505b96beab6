import * as pulumi from "@pulumi/pulumi";
import { KEYDB_SERVER } from "./catalog";

/** A KeyDB server as a resource whose provider only the plan's mocks answer (a test has no real one). */
export class KeyDbServer extends pulumi.CustomResource {
  declare public readonly host: pulumi.Output<string>;
  declare public readonly password: pulumi.Output<string>;

  constructor(
    name: string,
    args: { region: string; port: number; maxMemoryMb: number; password: pulumi.Input<string> },
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      KEYDB_SERVER,
      name,
      { ...args, host: undefined },
      { ...opts, additionalSecretOutputs: ["password"] },
    );
  }
}
