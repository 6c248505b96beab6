/**
 * Render's Postgres, Key Value, project and environment endpoints for the fake in ./render-api.ts, which
 * hands every request it does not serve itself to `route`. Shapes follow R-OAS (openapi.json operation named
 * per route) and the real answers recorded by Render's Terraform provider ("TF-CAS":
 * render-oss/terraform-provider-render internal/provider/{postgres,keyvalue,project}/resource/testdata/
 * *_cassette.yaml, HEAD 033eb45). Where no source says how Render answers, the choice is marked "unknown".
 */

type Json = Record<string, unknown>;
type Result = { status: number; body?: unknown };

const PG_PLANS = new Set([
  "free", "starter", "standard", "pro", "pro_plus", "custom", "basic_256mb", "basic_1gb", "basic_4gb",
  "pro_4gb", "pro_8gb", "pro_16gb", "pro_32gb", "pro_64gb", "pro_128gb", "pro_192gb", "pro_256gb",
  "pro_384gb", "pro_512gb", "accelerated_16gb", "accelerated_32gb", "accelerated_64gb", "accelerated_128gb",
  "accelerated_256gb", "accelerated_384gb", "accelerated_512gb", "accelerated_768gb", "accelerated_1024gb",
]); // prettier-ignore
// R-OAS postgresVersion lists 11–17; render-oss/sdk's newest schema adds 18.
const PG_VERSIONS = new Set(["11", "12", "13", "14", "15", "16", "17", "18"]);
const KV_PLANS = ["free", "starter", "standard", "pro", "pro_plus", "custom"];
const POLICIES = new Set([
  "noeviction", "allkeys_lfu", "allkeys_lru", "allkeys_random", "volatile_lfu", "volatile_lru",
  "volatile_random", "volatile_ttl",
]); // prettier-ignore
const REGIONS = new Set(["frankfurt", "oregon", "ohio", "singapore", "virginia"]);
const PG_PATCH = new Set(["name", "plan", "diskSizeGB", "enableHighAvailability", "datadogAPIKey", "datadogSite", "ipAllowList", "readReplicas"]); // prettier-ignore
const KV_PATCH = new Set(["name", "plan", "maxmemoryPolicy", "ipAllowList"]);

const bad = (message: string): Result => ({ status: 400, body: { message } });
const notFound = (id: string): Result => ({ status: 404, body: { message: `not found: ${id}` } });
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

let counter = 0;
function token(n: number): string {
  counter += 1;
  const alphabet = "abcdefghijklmnopqrstuv0123456789";
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return s + String(counter).padStart(4, "0");
}

function allowListProblem(list: unknown): string | undefined {
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) return "ipAllowList must be a list";
  // R-OAS cidrBlockAndDescription: cidrBlock and description both required.
  for (const c of list as Json[]) {
    if (typeof c?.cidrBlock !== "string" || typeof c?.description !== "string") {
      return "ipAllowList entries need cidrBlock and description";
    }
  }
  return undefined;
}

export class FakeRenderData {
  readonly postgres = new Map<string, Json>();
  readonly keyValues = new Map<string, Json>();
  readonly projects = new Map<string, Json>();
  readonly environments = new Map<string, Json>();
  /** Polls of GET /postgres/{id} before a new or changed database is `available` (TF-CAS: two). */
  pollsUntilAvailable = 2;
  private polls = new Map<string, number>();

  constructor(
    private readonly owner: () => Json,
    /** Whether a service id exists in the service store of ./render-api.ts. */
    private readonly hasService: (id: string) => boolean = () => false,
  ) {}

  /** Seeds a database straight into the store, as if made in the dashboard; returns the stored record. */
  seedPostgres(fields: Json): Json {
    const r = this.postPostgres({ ownerId: this.owner().id, version: "16", plan: "basic_256mb", ...fields });
    const pg = this.postgres.get((r.body as Json).id as string)!;
    this.polls.set(pg.id as string, this.pollsUntilAvailable);
    pg.status = "available";
    return pg;
  }

  /** Seeds a project with one environment straight into the store; returns the environment's id. */
  seedEnvironment(projectName: string, environmentName: string): string {
    const r = this.postProject({
      name: projectName,
      ownerId: this.owner().id,
      environments: [{ name: environmentName }],
    });
    return ((r.body as Json).environmentIds as string[])[0];
  }

  route(method: string, p: string, query: Record<string, string[]>, b: Json): Result | undefined {
    let m: RegExpExecArray | null;
    if (p === "/postgres") {
      if (method === "POST") return this.postPostgres(b);
      if (method === "GET") return this.list(this.postgres, "postgres", query);
    }
    if ((m = /^\/postgres\/([^/]+)(\/connection-info)?$/.exec(p)))
      return this.onePostgres(method, m[1], m[2], b);
    if (p === "/key-value") {
      if (method === "POST") return this.postKeyValue(b);
      if (method === "GET") return this.list(this.keyValues, "keyValue", query);
    }
    if ((m = /^\/key-value\/([^/]+)(\/connection-info)?$/.exec(p)))
      return this.oneKeyValue(method, m[1], m[2], b);
    if (p === "/projects") {
      if (method === "POST") return this.postProject(b);
      if (method === "GET") return this.list(this.projects, "project", query);
    }
    if ((m = /^\/projects\/([^/]+)$/.exec(p))) return this.oneProject(method, m[1], b);
    if (p === "/environments") {
      if (method === "POST") return this.postEnvironment(b);
      if (method === "GET") {
        // R-OAS list-environments: projectId is a required query parameter.
        if (!query.projectId) return bad("projectId is required");
        const envs = new Map(
          [...this.environments].filter(([, e]) => query.projectId.includes(e.projectId as string)),
        );
        return this.list(envs, "environment", query);
      }
    }
    if ((m = /^\/environments\/([^/]+)(\/resources)?$/.exec(p)))
      return this.oneEnvironment(method, m[1], m[2], query, b);
    return undefined;
  }

  /** R-OAS list-*: a bare array of `{<key>, cursor}`, filtered by name and ownerId (repeatable). */
  private list(store: Map<string, Json>, key: string, query: Record<string, string[]>): Result {
    const items = [...store.values()].filter(
      (x) =>
        (!query.name || query.name.includes(x.name as string)) &&
        (!query.ownerId || query.ownerId.includes((x.owner as Json | undefined)?.id as string)),
    );
    const limit = Math.min(100, Number(query.limit?.[0] ?? 20));
    const entries = items.map((item, i) => ({
      cursor: Buffer.from(`c${i}`).toString("base64url"),
      [key]: this.view(key, item),
    }));
    const cursor = query.cursor?.[0];
    const start = cursor ? entries.findIndex((e) => e.cursor === cursor) + 1 : 0;
    return { status: 200, body: entries.slice(start, start + limit) };
  }

  private view(key: string, item: Json): Json {
    const out = clone(item);
    delete out.secret;
    // R-OAS keyValueDetail has no dashboardUrl; the list item `keyValue` requires one.
    if (key === "keyValue") out.dashboardUrl = `https://dashboard.render.com/r/${out.id as string}`;
    return out;
  }

  private owns(ownerId: unknown): boolean {
    return ownerId === this.owner().id;
  }

  private environmentProblem(id: unknown): Result | undefined {
    // Unknown: Render's answer for an environmentId that does not exist; a 400 naming it.
    if (id !== undefined && id !== null && !this.environments.has(id as string))
      return bad(`environment ${String(id)} not found`);
    return undefined;
  }

  private place(id: string, list: "databasesIds" | "redisIds" | "serviceIds", to: unknown): void {
    for (const e of this.environments.values()) {
      e[list] = ((e[list] as string[] | null) ?? []).filter((x) => x !== id);
      if ((e[list] as string[]).length === 0) e[list] = null;
    }
    if (typeof to === "string" && this.environments.has(to)) {
      const e = this.environments.get(to)!;
      e[list] = [...((e[list] as string[] | null) ?? []), id];
    }
  }

  private postPostgres(b: Json): Result {
    // R-OAS postgresPOSTInput: name, plan, ownerId, version required.
    for (const k of ["name", "plan", "ownerId", "version"])
      if (typeof b[k] !== "string") return bad(`${k} is required`);
    if (!this.owns(b.ownerId)) return notFound(String(b.ownerId));
    if (!PG_PLANS.has(b.plan as string)) return bad(`invalid plan ${String(b.plan)}`);
    if (!PG_VERSIONS.has(b.version as string)) return bad(`invalid version ${String(b.version)}`);
    if (b.region !== undefined && !REGIONS.has(b.region as string))
      return bad(`invalid region ${String(b.region)}`);
    const allow = allowListProblem(b.ipAllowList);
    if (allow) return bad(allow);
    const env = this.environmentProblem(b.environmentId);
    if (env) return env;
    // render.com/docs/free: one free database per workspace (the status and wording Render uses: unknown).
    if (b.plan === "free" && [...this.postgres.values()].some((x) => x.plan === "free")) {
      return bad("only one free database is allowed per workspace");
    }
    // R-SK render-postgres: HA needs a Pro or Accelerated instance type and PostgreSQL 13+.
    if (
      b.enableHighAvailability === true &&
      (!/^(pro|accelerated)_/.test(b.plan as string) || Number(b.version) < 13)
    ) {
      return bad("high availability is not available for this plan or version");
    }
    // R-SK render-postgres: 1 GB or multiples of 5 GB.
    const disk = b.diskSizeGB;
    if (
      disk !== undefined &&
      (typeof disk !== "number" || !Number.isInteger(disk) || (disk !== 1 && disk % 5 !== 0))
    ) {
      return bad("diskSizeGB must be 1 or a multiple of 5");
    }
    const id = `dpg-${token(16)}-a`;
    const now = new Date().toISOString();
    const plan = b.plan as string;
    // TF-CAS: the name is suffixed (`db_name` -> `db_name_ehyv`), a user kept as given; random when omitted.
    const suffix = token(0)
      .slice(-4)
      .replace(/\d/g, (d) => "abcdefghij"[Number(d)]);
    const pg: Json = {
      id,
      createdAt: now,
      updatedAt: now,
      dashboardUrl: `https://dashboard.render.com/d/${id}`,
      databaseName: `${typeof b.databaseName === "string" ? b.databaseName : `db_${token(4)}`}_${suffix}`,
      databaseUser: typeof b.databaseUser === "string" ? b.databaseUser : `user_${token(4)}`,
      diskAutoscalingEnabled: false,
      ...(disk === undefined ? {} : { diskSizeGB: disk }),
      ...(b.environmentId ? { environmentId: b.environmentId } : {}),
      highAvailabilityEnabled: b.enableHighAvailability === true,
      ipAllowList: Array.isArray(b.ipAllowList) && b.ipAllowList.length > 0 ? clone(b.ipAllowList) : null,
      name: b.name,
      owner: this.owner(),
      plan,
      readReplicas: [],
      region: (b.region as string | undefined) ?? "oregon",
      role: "primary",
      // TF-CAS: "unknown" in the create answer, "creating" on the next reads, then "available".
      status: "unknown",
      suspended: "not_suspended",
      suspenders: [],
      version: b.version,
      // R-OAS postgresDetail.expiresAt, free only; render.com/docs/free: 30 days after creation.
      ...(plan === "free" ? { expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() } : {}),
      secret: token(28),
    };
    this.postgres.set(id, pg);
    this.polls.set(id, 0);
    this.place(id, "databasesIds", b.environmentId);
    return { status: 201, body: this.view("postgres", pg) };
  }

  private onePostgres(method: string, id: string, sub: string | undefined, b: Json): Result {
    const pg = this.postgres.get(id);
    if (!pg) return notFound(id);
    if (sub) {
      if (method !== "GET") return { status: 404, body: { message: "not found" } };
      // R-OAS postgresConnectionInfo; hosts and the absent sslmode as in TF-CAS postgres_cassette.yaml.
      const auth = `${pg.databaseUser as string}:${pg.secret as string}`;
      const external = `${id}.${pg.region as string}-postgres.render.com`;
      return {
        status: 200,
        body: {
          password: pg.secret,
          internalConnectionString: `postgresql://${auth}@${id}/${pg.databaseName as string}`,
          externalConnectionString: `postgresql://${auth}@${external}:5432/${pg.databaseName as string}`,
          psqlCommand: `PGPASSWORD=${pg.secret as string} psql -h ${external} -p 5432 -U ${pg.databaseUser as string} ${pg.databaseName as string}`,
        },
      };
    }
    if (method === "GET") {
      const polls = (this.polls.get(id) ?? 0) + 1;
      this.polls.set(id, polls);
      if (pg.status === "unknown" || pg.status === "creating" || pg.status === "updating_instance") {
        pg.status =
          polls >= this.pollsUntilAvailable ? "available" : pg.status === "unknown" ? "creating" : pg.status;
      }
      return { status: 200, body: this.view("postgres", pg) };
    }
    if (method === "DELETE") {
      this.postgres.delete(id);
      this.place(id, "databasesIds", undefined);
      return { status: 204 };
    }
    if (method === "PATCH") {
      // R-OAS postgresPATCHInput; anything else (region, version, names) is not patchable.
      for (const k of Object.keys(b)) if (!PG_PATCH.has(k)) return bad(`${k} cannot be updated`);
      if (b.plan !== undefined && !PG_PLANS.has(b.plan as string))
        return bad(`invalid plan ${String(b.plan)}`);
      const allow = allowListProblem(b.ipAllowList);
      if (allow) return bad(allow);
      // R-SK render-postgres: no shrinking.
      if (
        typeof b.diskSizeGB === "number" &&
        typeof pg.diskSizeGB === "number" &&
        b.diskSizeGB < pg.diskSizeGB
      ) {
        return bad("disk size cannot be decreased");
      }
      const plan = (b.plan as string | undefined) ?? (pg.plan as string);
      if (
        (b.enableHighAvailability ?? pg.highAvailabilityEnabled) === true &&
        !/^(pro|accelerated)_/.test(plan)
      ) {
        return bad("high availability is not available for this plan or version");
      }
      if (b.name !== undefined) pg.name = b.name;
      if (b.diskSizeGB !== undefined) pg.diskSizeGB = b.diskSizeGB;
      if (b.enableHighAvailability !== undefined) pg.highAvailabilityEnabled = b.enableHighAvailability;
      if (b.ipAllowList !== undefined)
        pg.ipAllowList =
          Array.isArray(b.ipAllowList) && b.ipAllowList.length > 0 ? clone(b.ipAllowList) : null;
      // TF-CAS: a plan/disk/HA change answers with a status other than available until it settles.
      if (b.plan !== undefined || b.diskSizeGB !== undefined || b.enableHighAvailability !== undefined) {
        pg.plan = plan;
        pg.status = "updating_instance";
        this.polls.set(id, 0);
      }
      pg.updatedAt = new Date().toISOString();
      return { status: 200, body: this.view("postgres", pg) };
    }
    return { status: 404, body: { message: "not found" } };
  }

  private postKeyValue(b: Json): Result {
    // R-OAS keyValuePOSTInput: name, ownerId, plan required.
    for (const k of ["name", "plan", "ownerId"]) if (typeof b[k] !== "string") return bad(`${k} is required`);
    if (!this.owns(b.ownerId)) return notFound(String(b.ownerId));
    if (!KV_PLANS.includes(b.plan as string)) return bad(`invalid plan ${String(b.plan)}`);
    if (b.region !== undefined && !REGIONS.has(b.region as string))
      return bad(`invalid region ${String(b.region)}`);
    if (b.maxmemoryPolicy !== undefined && !POLICIES.has(b.maxmemoryPolicy as string)) {
      return bad(`invalid maxmemoryPolicy ${String(b.maxmemoryPolicy)}`);
    }
    const allow = allowListProblem(b.ipAllowList);
    if (allow) return bad(allow);
    const env = this.environmentProblem(b.environmentId);
    if (env) return env;
    // render.com/docs/free: one free Key Value per workspace (status and wording: unknown).
    if (b.plan === "free" && [...this.keyValues.values()].some((x) => x.plan === "free")) {
      return bad("only one free Key Value instance is allowed per workspace");
    }
    const id = `red-${token(16)}`;
    const now = new Date().toISOString();
    const kv: Json = {
      id,
      createdAt: now,
      updatedAt: now,
      ...(b.environmentId ? { environmentId: b.environmentId } : {}),
      ipAllowList: Array.isArray(b.ipAllowList) && b.ipAllowList.length > 0 ? clone(b.ipAllowList) : null,
      name: b.name,
      // TF-CAS: persistenceMode "off" on free, "journal_snapshot" on paid. The default policy when none is
      // sent is unknown; allkeys_lru here, so a provider that omits it is caught.
      options: {
        maxmemoryPolicy: (b.maxmemoryPolicy as string | undefined) ?? "allkeys_lru",
        persistenceMode: b.plan === "free" ? "off" : "journal_snapshot",
      },
      owner: this.owner(),
      plan: b.plan,
      region: (b.region as string | undefined) ?? "oregon",
      status: "unknown",
      version: "8.1.4",
      secret: token(28),
    };
    this.keyValues.set(id, kv);
    this.place(id, "redisIds", b.environmentId);
    return { status: 201, body: this.view("keyValueDetail", kv) };
  }

  private oneKeyValue(method: string, id: string, sub: string | undefined, b: Json): Result {
    const kv = this.keyValues.get(id);
    if (!kv) return notFound(id);
    if (sub) {
      if (method !== "GET") return { status: 404, body: { message: "not found" } };
      // R-OAS keyValueConnectionInfo; URL forms as in TF-CAS keyvalue_cassette.yaml and R-SK render-keyvalue.
      const host = `${kv.region as string}-keyvalue.render.com`;
      return {
        status: 200,
        body: {
          internalConnectionString: `redis://${id}:6379`,
          externalConnectionString: `rediss://${id}:${kv.secret as string}@${host}:6379`,
          cliCommand: ` REDISCLI_AUTH=${kv.secret as string} valkey-cli --user ${id} -h ${host} -p 6379 --tls`,
        },
      };
    }
    if (method === "GET") {
      if (kv.status === "unknown") kv.status = "creating";
      else if (kv.status === "creating") kv.status = "available";
      return { status: 200, body: this.view("keyValueDetail", kv) };
    }
    if (method === "DELETE") {
      this.keyValues.delete(id);
      this.place(id, "redisIds", undefined);
      return { status: 204 };
    }
    if (method === "PATCH") {
      for (const k of Object.keys(b)) if (!KV_PATCH.has(k)) return bad(`${k} cannot be updated`);
      if (b.plan !== undefined) {
        if (!KV_PLANS.includes(b.plan as string)) return bad(`invalid plan ${String(b.plan)}`);
        // R-SK render-keyvalue: "You cannot downgrade to a smaller type".
        if (KV_PLANS.indexOf(b.plan as string) < KV_PLANS.indexOf(kv.plan as string))
          return bad("cannot downgrade a Key Value instance");
        kv.plan = b.plan;
        (kv.options as Json).persistenceMode = b.plan === "free" ? "off" : "journal_snapshot";
      }
      if (b.maxmemoryPolicy !== undefined) {
        if (!POLICIES.has(b.maxmemoryPolicy as string))
          return bad(`invalid maxmemoryPolicy ${String(b.maxmemoryPolicy)}`);
        (kv.options as Json).maxmemoryPolicy = b.maxmemoryPolicy;
      }
      const allow = allowListProblem(b.ipAllowList);
      if (allow) return bad(allow);
      if (b.ipAllowList !== undefined)
        kv.ipAllowList =
          Array.isArray(b.ipAllowList) && b.ipAllowList.length > 0 ? clone(b.ipAllowList) : null;
      if (b.name !== undefined) kv.name = b.name;
      kv.updatedAt = new Date().toISOString();
      return { status: 200, body: this.view("keyValueDetail", kv) };
    }
    return { status: 404, body: { message: "not found" } };
  }

  private newEnvironment(projectId: string, e: Json): Json {
    // TF-CAS project_cassette.yaml: empty id lists come back null.
    const env: Json = {
      id: `evm-${token(16)}`,
      name: e.name,
      projectId,
      protectedStatus: (e.protectedStatus as string | undefined) ?? "unprotected",
      networkIsolationEnabled: e.networkIsolationEnabled === true,
      serviceIds: null,
      databasesIds: null,
      redisIds: null,
      envGroupIds: null,
    };
    this.environments.set(env.id as string, env);
    return env;
  }

  private postProject(b: Json): Result {
    // R-OAS projectPOSTInput: name, ownerId, environments (each with a name) required.
    if (typeof b.name !== "string" || typeof b.ownerId !== "string" || !Array.isArray(b.environments)) {
      return bad("name, ownerId and environments are required");
    }
    if (!this.owns(b.ownerId)) return notFound(b.ownerId);
    if ((b.environments as Json[]).some((e) => typeof e?.name !== "string"))
      return bad("environment name is required");
    const id = `prj-${token(16)}`;
    const now = new Date().toISOString();
    const envs = (b.environments as Json[]).map((e) => this.newEnvironment(id, e));
    const prj: Json = {
      id,
      createdAt: now,
      updatedAt: now,
      name: b.name,
      owner: this.owner(),
      environmentIds: envs.map((e) => e.id),
    };
    this.projects.set(id, prj);
    return { status: 201, body: clone(prj) };
  }

  private oneProject(method: string, id: string, b: Json): Result {
    const prj = this.projects.get(id);
    if (!prj) return notFound(id);
    if (method === "GET") return { status: 200, body: clone(prj) };
    if (method === "PATCH") {
      // R-OAS projectPATCHInput: name only.
      for (const k of Object.keys(b)) if (k !== "name") return bad(`${k} cannot be updated`);
      if (typeof b.name === "string") prj.name = b.name;
      return { status: 200, body: clone(prj) };
    }
    if (method === "DELETE") {
      // R-OAS delete-project: deletes its environments and every resource in them.
      for (const envId of prj.environmentIds as string[]) this.deleteEnvironment(envId);
      this.projects.delete(id);
      return { status: 204 };
    }
    return { status: 404, body: { message: "not found" } };
  }

  private deleteEnvironment(envId: string): void {
    const e = this.environments.get(envId);
    if (!e) return;
    for (const x of (e.databasesIds as string[] | null) ?? []) this.postgres.delete(x);
    for (const x of (e.redisIds as string[] | null) ?? []) this.keyValues.delete(x);
    this.environments.delete(envId);
  }

  private postEnvironment(b: Json): Result {
    // R-OAS environmentPOSTInput: name, projectId required.
    if (typeof b.name !== "string" || typeof b.projectId !== "string")
      return bad("name and projectId are required");
    const prj = this.projects.get(b.projectId);
    if (!prj) return notFound(b.projectId);
    const env = this.newEnvironment(b.projectId, b);
    (prj.environmentIds as string[]).push(env.id as string);
    return { status: 201, body: clone(env) };
  }

  private oneEnvironment(
    method: string,
    id: string,
    sub: string | undefined,
    query: Record<string, string[]>,
    b: Json,
  ): Result {
    const env = this.environments.get(id);
    if (!env) return notFound(id);
    if (sub) {
      if (method === "POST") {
        const ids = b.resourceIds;
        if (!Array.isArray(ids)) return bad("resourceIds is required");
        for (const r of ids as string[]) {
          if (this.postgres.has(r)) {
            this.place(r, "databasesIds", id);
            this.postgres.get(r)!.environmentId = id;
          } else if (this.keyValues.has(r)) {
            this.place(r, "redisIds", id);
            this.keyValues.get(r)!.environmentId = id;
          } else if (this.hasService(r)) {
            this.place(r, "serviceIds", id);
          } else return notFound(r);
        }
        // TF-CAS answers 201 with the environment (R-OAS add-resources-to-environment says 200).
        return { status: 201, body: clone(env) };
      }
      if (method === "DELETE") {
        // R-OAS remove-resources-from-environment: resourceIds in the query, 204.
        if (!query.resourceIds) return bad("resourceIds is required");
        for (const r of query.resourceIds) {
          for (const store of [this.postgres, this.keyValues])
            if (store.get(r)?.environmentId === id) delete store.get(r)!.environmentId;
          this.place(r, "databasesIds", undefined);
          this.place(r, "redisIds", undefined);
          this.place(r, "serviceIds", undefined);
        }
        return { status: 204 };
      }
    }
    if (method === "GET") return { status: 200, body: clone(env) };
    if (method === "PATCH") {
      // R-OAS environmentPATCHInput.
      for (const k of Object.keys(b))
        if (!["name", "protectedStatus", "networkIsolationEnabled"].includes(k))
          return bad(`${k} cannot be updated`);
      Object.assign(env, b);
      return { status: 200, body: clone(env) };
    }
    if (method === "DELETE") {
      this.deleteEnvironment(id);
      const prj = this.projects.get(env.projectId as string);
      if (prj) prj.environmentIds = (prj.environmentIds as string[]).filter((x) => x !== id);
      return { status: 204 };
    }
    return { status: 404, body: { message: "not found" } };
  }
}
