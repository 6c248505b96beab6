/**
 * A cache target that exists only in the tests: "keydb", a Redis-compatible server on a host of the team's
 * own. It proves a new target plugs in with files of its own (this catalog, its component, its builder) and
 * one `registerTarget` call, editing nothing else.
 */
import { z } from "zod";
import type { TargetCatalog } from "../../../components/catalog";

export const KEYDB_SERVER = "webapp:test:KeyDbServer";

export const keydbCatalog: TargetCatalog & { part: "cache" } = {
  part: "cache",
  name: "keydb",
  title: "Redis-compatible KeyDB on the team's own host (test only)",
  schema: (tier) => ({
    port: z.number().int().min(1).max(65535).default(6379),
    maxMemoryMb: z
      .number()
      .int()
      .min(64)
      .default(tier === "paid" ? 1024 : 128),
  }),
  rules: {
    free: ({ settings }) =>
      (settings.maxMemoryMb as number) > 256
        ? [
            {
              path: "cache.maxMemoryMb",
              value: settings.maxMemoryMb,
              why: "the free host has 256 MB",
              fix: "256",
            },
          ]
        : [],
  },
  regions: {
    "us-west": "sfo",
    "us-central": "chi",
    "us-east": "nyc",
    "eu-central": "fra",
    "ap-southeast": "sgp",
  },
  resources: { [KEYDB_SERVER]: { stateful: true } },
  mocks: {
    [KEYDB_SERVER]: ({ inputs, hex }) => ({
      id: `keydb-${hex(8)}`,
      extra: { host: `keydb-${hex(6)}.${String(inputs.region)}.example.net` },
    }),
  },
};
