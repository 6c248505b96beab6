/**
 * What a first real `pulumi up` against Neon would hit (issue 8, items 10, 11, 13, 14 and 2), against a fake
 * that answers the way real-world.md says Neon does.
 */
import * as assert from "node:assert/strict";
import {
  branchProvider,
  databaseProvider,
  endpointProvider,
  neonRuntime,
  neonProjectProvider,
  projectProvider,
  roleProvider,
  type ProjectOutputs,
} from "../../../providers/neon";
import { PROJECT as project, useFakeNeon } from "./helpers";

const ORG = "org-quiet-sun-12345678";
const ORG_REQUIRED = "org_id is required, you can find it on your organization settings page";

function config(values: Record<string, string>) {
  return { config: { get: (k: string) => values[k], require: (k: string) => values[k] } };
}

describe("neon: organization-scoped keys (org_id)", () => {
  const h = useFakeNeon({ orgScoped: true });

  it("the fake refuses create and list without org_id, like Neon", async () => {
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${process.env.NEON_API_URL}${path}`, {
        method,
        headers: { Authorization: "Bearer neon-test-key", "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    for (const res of [
      await call("POST", "/projects", { project: { name: "x" } }),
      await call("GET", "/projects"),
    ]) {
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), { code: "", message: ORG_REQUIRED });
    }
  });

  it("without an org the create fails with Neon's message and the fix", async () => {
    await assert.rejects(projectProvider.create(project), {
      message: `neon:Project "webapp-dev": look up failed: 400 Bad Request: "${ORG_REQUIRED}"; run \`pulumi config set neon:orgId <org-...>\` or set NEON_ORG_ID (Neon console: organization settings)`,
    });
    assert.equal(h.fake.projects.size, 0);
  });

  it("sends neon:orgId on the look-up and the create, and keeps it in the outputs", async () => {
    await projectProvider.configure!(config({ "neon:orgId": ORG }));
    const { id, outs } = await projectProvider.create(project);
    assert.deepEqual(
      h.fake.requests.filter((r) => r.path === "/projects").map((r) => [r.method, r.query.org_id]),
      [
        ["GET", ORG],
        ["POST", undefined],
      ],
    );
    assert.equal(
      (h.fake.bodies("POST", "/projects")[0] as { project: { org_id: string } }).project.org_id,
      ORG,
    );
    assert.equal(outs!.orgId, ORG);
    assert.equal(h.fake.projects.get(id)!.project.org_id, ORG);
  });

  it("takes NEON_ORG_ID when neon:orgId is not set", async () => {
    process.env.NEON_ORG_ID = ORG;
    const { outs } = await projectProvider.create(project);
    assert.equal(outs!.orgId, ORG);
  });

  it("a lost create answer is found inside the org (the look-up sends org_id too)", async () => {
    neonRuntime().orgId = ORG;
    h.fake.fail({ method: "POST", path: "/projects", fault: { kind: "lost" } });
    const { id } = await projectProvider.create(project);
    assert.equal(h.fake.projects.size, 1);
    assert.ok(h.fake.projects.has(id));
    assert.deepEqual(
      h.fake.requests.filter((r) => r.method === "GET" && r.path === "/projects").map((r) => r.query.org_id),
      [ORG, ORG],
    );
  });
});

describe("neon: setting the org later", () => {
  const h = useFakeNeon();

  it("never replaces a project created without one, nor one whose org came from the environment", async () => {
    const personal = await projectProvider.create(project);
    assert.equal(personal.outs!.orgId, undefined);
    assert.deepEqual(await projectProvider.diff!(personal.id, personal.outs!, { ...project, orgId: ORG }), {
      changes: false,
      replaces: [],
    });
    process.env.NEON_ORG_ID = ORG;
    const scoped = await projectProvider.create({ ...project, name: "webapp-other" });
    assert.deepEqual(
      await projectProvider.diff!(scoped.id, scoped.outs!, { ...project, name: "webapp-other" }),
      { changes: false, replaces: [] },
    );
    assert.equal(h.fake.projects.size, 2);
  });
});

describe("neon: the Free plan's fixed scale-to-zero", () => {
  const h = useFakeNeon({ plan: "free" });
  const { suspendTimeoutSeconds: _requested, ...free } = project;

  it("the fake stores 0 whatever is requested, like Neon (neondatabase/neon#4915)", async () => {
    const { id } = await projectProvider.create(project);
    const stored = h.fake.projects.get(id)!;
    assert.equal(
      (stored.project.default_endpoint_settings as { suspend_timeout_seconds: number })
        .suspend_timeout_seconds,
      0,
    );
    assert.equal([...stored.endpoints.values()][0].suspend_timeout_seconds, 0);
  });

  it("sends no suspend timeout, and reading back Neon's 0 is no change", async () => {
    const { id, outs } = await projectProvider.create(free);
    const [body] = h.fake.bodies("POST", "/projects") as { project: { default_endpoint_settings: object } }[];
    assert.deepEqual(body.project.default_endpoint_settings, {
      autoscaling_limit_min_cu: 0.25,
      autoscaling_limit_max_cu: 2,
    });
    assert.equal(outs!.suspendTimeoutSeconds, 0);
    const read = await projectProvider.read!(id, outs);
    assert.equal((read.props as ProjectOutputs).suspendTimeoutSeconds, 0);
    assert.deepEqual(await projectProvider.diff!(id, read.props as ProjectOutputs, free), {
      changes: false,
      replaces: [],
    });
  });
});

describe("neon: suspend timeout semantics", () => {
  useFakeNeon();
  const reason = (property: string, value: number) =>
    `${property} must be -1 (never suspend), 0 (Neon's default, 300 s) or 60 to 604800 seconds, got ${value}`;

  for (const value of [1, 59, 604801, 90.5]) {
    it(`check refuses ${value} on a project, a branch compute and a read replica`, async () => {
      assert.deepEqual(
        (await projectProvider.check!({} as never, { ...project, suspendTimeoutSeconds: value })).failures,
        [{ property: "suspendTimeoutSeconds", reason: reason("suspendTimeoutSeconds", value) }],
      );
      const branch = {
        projectId: "p",
        name: "b",
        endpoint: { minCu: 0.25, maxCu: 1, suspendTimeoutSeconds: value },
      };
      assert.deepEqual((await branchProvider.check!({} as never, branch)).failures, [
        {
          property: "endpoint.suspendTimeoutSeconds",
          reason: reason("endpoint.suspendTimeoutSeconds", value),
        },
      ]);
      const replica = {
        projectId: "p",
        branchId: "b",
        type: "read_only" as const,
        name: "replica",
        minCu: 0.25,
        maxCu: 1,
        suspendTimeoutSeconds: value,
      };
      assert.deepEqual((await endpointProvider.check!({} as never, replica)).failures, [
        { property: "suspendTimeoutSeconds", reason: reason("suspendTimeoutSeconds", value) },
      ]);
    });
  }

  for (const value of [-1, 0, 60, 604800]) {
    it(`check accepts ${value}`, async () => {
      assert.deepEqual(
        (await projectProvider.check!({} as never, { ...project, suspendTimeoutSeconds: value })).failures,
        [],
      );
    });
  }
});

describe("neon: a run killed after the project create was applied", () => {
  const h = useFakeNeon();

  it("is continued by the next run, whatever the local clock says", async () => {
    neonRuntime().retry.attempts = 1;
    h.fake.fail({ method: "POST", path: "/projects", fault: { kind: "lost" } });
    await assert.rejects(projectProvider.create(project), { message: /create failed: network error/ });
    const [made] = [...h.fake.projects.values()];
    // The clock that ran the first attempt is long gone; a skewed one must not matter.
    made.project.created_at = "2001-01-01T00:00:00Z";
    const { id, outs } = await projectProvider.create(project);
    assert.equal(id, made.project.id);
    assert.equal(h.fake.projects.size, 1);
    assert.equal(h.fake.count("POST", "/projects"), 1);
    assert.equal(outs!.defaultBranchId, [...made.branches.keys()][0]);
  });
});

describe("neon: adopting the seed team's hand-made project", () => {
  const h = useFakeNeon();
  const rows = [{ id: 1, email: "founder@example.com" }];

  function seed() {
    return h.fake.seedProject({
      name: "acme",
      suspendTimeoutSeconds: 600,
      roles: ["app"],
      databases: [{ name: "app", owner: "app", rows }],
    });
  }

  it("takes over the project, its root branch, role and database: no create, no delete, data kept", async () => {
    const seeded = seed();
    const stored = h.fake.projects.get(seeded.projectId)!;
    const password = stored.branches.get(seeded.branchId)!.roles.get("app")!.password;
    h.fake.reset();

    const p = await projectProvider.create({ ...project, adoptId: seeded.projectId });
    assert.equal(p.id, seeded.projectId);
    assert.equal(p.outs!.defaultBranchId, seeded.branchId);
    assert.equal(p.outs!.defaultEndpointId, seeded.endpointId);
    const child = { projectId: p.id, branchId: p.outs!.defaultBranchId, name: "app" };
    const role = await roleProvider.create(child);
    assert.equal(role.id, `${p.id}/${seeded.branchId}/app`);
    assert.equal(role.outs!.password, password);
    const db = await databaseProvider.create({ ...child, ownerName: "app" });
    assert.equal(db.id, `${p.id}/${seeded.branchId}/app`);

    assert.equal(h.fake.requests.filter((r) => r.method === "POST").length, 0);
    assert.equal(h.fake.requests.filter((r) => r.method === "DELETE").length, 0);
    const branch = stored.branches.get(seeded.branchId)!;
    assert.deepEqual([...stored.branches.keys()], [seeded.branchId]);
    assert.deepEqual(branch.rows.get("app"), rows);
    assert.equal(branch.roles.get("app")!.password, password);
    // Converged with the update endpoints: the project's settings, then its running compute.
    assert.equal(stored.project.name, "webapp-dev");
    assert.equal(stored.endpoints.get(seeded.endpointId)!.suspend_timeout_seconds, 300);
    assert.equal(h.fake.count("PATCH", `/projects/${p.id}`), 1);
    assert.deepEqual(p.outs, { ...project, ...(await projectProvider.read!(p.id, p.outs)).props });
  });

  it("names the caller's config key when the id to adopt does not exist", async () => {
    const keyed = neonProjectProvider("webapp:adopt.neonProject");
    await assert.rejects(keyed.create({ ...project, adoptId: "no-such-project-123" }), {
      message:
        'neon:Project "webapp-dev": adopt failed: no resource with id "no-such-project-123" exists; check webapp:adopt.neonProject',
    });
    assert.equal(h.fake.count("POST", "/projects"), 0);
  });

  it("names only its own adoptId without a caller's key: the provider knows no program's config", async () => {
    await assert.rejects(projectProvider.create({ ...project, adoptId: "no-such-project-123" }), {
      message:
        'neon:Project "webapp-dev": adopt failed: no resource with id "no-such-project-123" exists; check the adoptId',
    });
  });
});
