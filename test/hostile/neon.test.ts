/**
 * The hostile-API harness against every Neon resource type, through the proxy in front of the fake:
 * secrets (3), foreign redirects (4) and waits that end (5). Classes 1, 2 and 6 need Neon's own answer
 * shapes and live in test/providers/neon/hostile.test.ts.
 */
import {
  branchProvider,
  databaseProvider,
  endpointProvider,
  neonRuntime,
  projectProvider,
  roleProvider,
} from "../../providers/neon";
import { FakeNeonApi } from "../fakes/neon-api";
import { ANSWERED_TIMEOUT_MS, saveEnv } from "../providers/shared";
import { PROJECT } from "../providers/neon/helpers";
import { HUNG_TIMEOUT_MS, Target, hostileSuite } from "./suite";

interface Ids {
  projectId: string;
  branchId: string;
}

interface Kind {
  type: string;
  name: string;
  labelPattern?: RegExp;
  create(ids: Ids): Promise<{ id: string; outs?: unknown }>;
  read(id: string, outs: unknown): Promise<unknown>;
  createPath: (ids: Ids) => RegExp;
  readPath: (ids: Ids) => RegExp;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const KINDS: Kind[] = [
  {
    type: "neon:Project",
    name: "webapp-dev",
    create: () => projectProvider.create(PROJECT),
    read: (id, outs) => projectProvider.read!(id, outs as never),
    createPath: () => /\/projects$/,
    readPath: () => /\/projects\/(?!webapp-parent)[^/]+$/,
  },
  {
    type: "neon:Branch",
    name: "app",
    create: (ids) => branchProvider.create({ projectId: ids.projectId, name: "app" }),
    read: (id, outs) => branchProvider.read!(id, outs as never),
    createPath: (ids) => new RegExp(`/projects/${esc(ids.projectId)}/branches$`),
    readPath: (ids) => new RegExp(`/projects/${esc(ids.projectId)}/branches/(?!${esc(ids.branchId)})[^/]+$`),
  },
  {
    type: "neon:Role",
    name: "app",
    create: (ids) => roleProvider.create({ ...ids, name: "app" }),
    read: (id, outs) => roleProvider.read!(id, outs as never),
    createPath: (ids) => new RegExp(`/branches/${esc(ids.branchId)}/roles$`),
    readPath: (ids) => new RegExp(`/branches/${esc(ids.branchId)}/roles/app$`),
  },
  {
    type: "neon:Database",
    name: "appdb",
    create: (ids) => databaseProvider.create({ ...ids, name: "appdb", ownerName: "neondb_owner" }),
    read: (id, outs) => databaseProvider.read!(id, outs as never),
    createPath: (ids) => new RegExp(`/branches/${esc(ids.branchId)}/databases$`),
    readPath: (ids) => new RegExp(`/branches/${esc(ids.branchId)}/databases/appdb$`),
  },
  {
    type: "neon:Endpoint",
    name: "replica",
    labelPattern: /^neon:Endpoint "(replica on br-|ep-)[^"]*": /,
    create: (ids) =>
      endpointProvider.create({ ...ids, type: "read_only", name: "replica", minCu: 0.25, maxCu: 1 }),
    read: (id, outs) => endpointProvider.read!(id, outs as never),
    createPath: (ids) => new RegExp(`/projects/${esc(ids.projectId)}/endpoints$`),
    readPath: (ids) => new RegExp(`/projects/${esc(ids.projectId)}/endpoints/[^/]+$`),
  },
];

for (const kind of KINDS) {
  let fake: FakeNeonApi;
  let restore: () => void;
  let ids: Ids;
  let last: { id: string; outs?: unknown } = { id: "" };
  const target: Target = {
    type: kind.type,
    name: kind.name,
    labelPattern: kind.labelPattern,
    // The Neon API key, and the password Neon hands back for a role.
    secrets: ["neon-test-key"],
    async setup(proxyOrigin) {
      fake = new FakeNeonApi();
      const url = new URL(await fake.start());
      restore = saveEnv(["NEON_API_KEY", "NEON_API_URL"]);
      process.env.NEON_API_KEY = fake.apiKey;
      process.env.NEON_API_URL = `${proxyOrigin}${url.pathname}`;
      const rt = neonRuntime();
      rt.apiKey = undefined;
      rt.pollIntervalMs = 1;
      rt.maxPolls = 50;
      rt.retry = {
        attempts: 3,
        baseDelayMs: 1,
        maxDelayMs: 5,
        timeoutMs: ANSWERED_TIMEOUT_MS,
        sleep: async () => undefined,
      };
      const parent = await projectProvider.create({ ...PROJECT, name: "webapp-parent" });
      ids = { projectId: parent.id, branchId: (parent.outs as { defaultBranchId: string }).defaultBranchId };
    },
    upstream: () => new URL(fake.url).origin,
    async teardown() {
      await fake.stop();
      restore();
    },
    quick() {
      neonRuntime().retry = {
        attempts: 2,
        baseDelayMs: 1,
        timeoutMs: HUNG_TIMEOUT_MS,
        sleep: async () => undefined,
      };
    },
    async create() {
      last = await kind.create(ids);
      return last;
    },
    read: () => kind.read(last.id, last.outs),
    get createRoute() {
      return { method: "POST", path: kind.createPath(ids) };
    },
    get readRoute() {
      return { method: "GET", path: kind.readPath(ids) };
    },
    existing: () => [],
  };
  hostileSuite(target, { orphans: false });
}
