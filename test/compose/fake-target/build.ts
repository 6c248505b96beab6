import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { CacheContract } from "../../../contracts";
import type { Builder } from "../../../components/catalog";
import { keydbCatalog } from "./catalog";
import { KeyDbServer } from "./keydb-server";

/** The `cache` part on KeyDB: one server in the stack's region, its password generated. */
export const keydbBuilder: Builder<"cache"> = {
  build: ({ name, parent, facts, settings }): CacheContract => {
    const s = settings as { port: number; maxMemoryMb: number };
    const password = new random.RandomPassword(
      `${name}-password`,
      { length: 32, special: false },
      { parent },
    );
    const server = new KeyDbServer(
      `${name}-server`,
      {
        region: keydbCatalog.regions![facts.region],
        port: s.port,
        maxMemoryMb: s.maxMemoryMb,
        password: password.result,
      },
      { parent },
    );
    const url = pulumi.secret(pulumi.interpolate`redis://:${password.result}@${server.host}:${s.port}/0`);
    return { url, brokerUrl: url, host: server.host };
  },
};
