import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { webServiceProvider } from "../../../providers/render/web-service";
import { ServiceInputs, ServiceOutputs } from "../../../providers/render/service";
import { ResourceInitError } from "../../../providers/shared/lifecycle";
import { FIXTURES, createBody, useFakeRender, validateAll } from "./harness";

const p = webServiceProvider;
const DIGEST = "sha256:" + "a".repeat(64);

function baseInputs(overrides: Partial<ServiceInputs> = {}): ServiceInputs {
  return {
    name: "webapp-prod-api",
    image: `ghcr.io/acme/api@${DIGEST}`,
    plan: "standard",
    region: "frankfurt",
    numInstances: 2,
    healthCheckPath: "/healthz",
    startCommand: "gunicorn app.wsgi",
    preDeployCommand: "python manage.py migrate",
    envVars: { DEBUG: "False", SECRET_KEY: "s3cr3t-value" },
    customDomains: ["api.example.com"],
    ...overrides,
  };
}

describe("render:WebService provider", () => {
  const h = useFakeRender();

  async function created(inputs: ServiceInputs) {
    const res = await p.create(inputs);
    h.api.clearLog();
    return { id: res.id, outs: res.outs as ServiceOutputs };
  }

  describe("create", () => {
    it("creates with one POST /services plus one POST per custom domain, all valid per the spec", async () => {
      const res = await p.create(baseInputs({ customDomains: ["api.example.com", "www.example.com"] }));
      assert.deepEqual(h.api.counts(), {
        "GET /services": 1,
        "POST /services": 1,
        "POST /services/{srv}/custom-domains": 2,
      });
      validateAll(h.api, "web_service");
      const body = createBody(h.api);
      assert.deepEqual(body, {
        type: "web_service",
        name: "webapp-prod-api",
        ownerId: h.api.ownerId,
        image: { imagePath: `ghcr.io/acme/api@${DIGEST}`, ownerId: h.api.ownerId },
        envVars: [
          { key: "DEBUG", value: "False" },
          { key: "SECRET_KEY", value: "s3cr3t-value" },
        ],
        serviceDetails: {
          runtime: "image",
          plan: "standard",
          region: "frankfurt",
          numInstances: 2,
          healthCheckPath: "/healthz",
          preDeployCommand: "/bin/sh -c 'python manage.py migrate'",
          envSpecificDetails: { dockerCommand: "/bin/sh -c 'gunicorn app.wsgi'" },
        },
      });
      const rec = h.api.services.get(res.id)!;
      assert.match(res.id, /^srv-/);
      assert.equal(res.outs!.url, (rec.service.serviceDetails as { url: string }).url);
      assert.match(String(res.outs!.url), /^https:\/\/webapp-prod-api-[a-z0-9]{4}\.onrender\.com$/);
      assert.equal(res.outs!.slug, rec.service.slug);
      assert.equal(res.outs!.dashboardUrl, `https://dashboard.render.com/web/${res.id}`);
      assert.match(res.outs!.deployId, /^dep-/);
      assert.equal(res.outs!.ownerId, h.api.ownerId);
      assert.deepEqual(res.outs!.envVars, { DEBUG: "False", SECRET_KEY: "s3cr3t-value" });
    });

    it("sends nothing the free plan rejects", async () => {
      await p.create({
        name: "webapp-dev-api",
        image: "nginx",
        plan: "free",
        region: "oregon",
        startCommand: "migrate && exec serve --port $PORT",
      });
      validateAll(h.api, "web_service");
      assert.deepEqual(createBody(h.api).serviceDetails, {
        runtime: "image",
        plan: "free",
        region: "oregon",
        numInstances: 1,
        envSpecificDetails: { dockerCommand: "/bin/sh -c 'migrate && exec serve --port $PORT'" },
      });
    });

    it("sends autoscaling in the create body and starts at the minimum", async () => {
      await p.create(baseInputs({ autoscaling: { enabled: true, min: 2, max: 5, cpuPercent: 60 } }));
      validateAll(h.api, "web_service");
      const details = createBody(h.api).serviceDetails as Record<string, unknown>;
      assert.equal(details.numInstances, 2);
      assert.deepEqual(details.autoscaling, {
        enabled: true,
        min: 2,
        max: 5,
        criteria: { cpu: { enabled: true, percentage: 60 }, memory: { enabled: false, percentage: 70 } },
      });
    });

    it("waits for the deploy to go live when asked", async () => {
      h.api.deployPollsBeforeDone = 3;
      const res = await p.create(baseInputs({ customDomains: undefined, waitForLive: true }));
      assert.equal(h.api.counts()["GET /services/{srv}/deploys/{dep}"], 3);
      assert.deepEqual(h.sleeps, [3000, 3600]);
      assert.match(res.outs!.deployId, /^dep-/);
    });

    it("a failed first deploy keeps the service: init error with its id, and the next update deploys again", async () => {
      h.api.deployOutcome = "update_failed";
      const inputs = baseInputs({ customDomains: undefined, waitForLive: true });
      const err = await p.create(inputs).catch((e: unknown) => e);
      assert.ok(err instanceof ResourceInitError, String(err));
      assert.match(
        err.message,
        /^render:WebService "webapp-prod-api": deploy dep-[a-z0-9]+ failed: status update_failed \(logs: https:\/\/dashboard\.render\.com\/web\/srv-[a-z0-9]+\/deploys\/dep-[a-z0-9]+\) \(the resource "srv-[a-z0-9]+" exists and is kept in the state; run `pulumi up` again to finish it\)$/,
      );
      assert.deepEqual([...h.api.services.keys()], [err.id]);
      assert.equal(h.api.counts()["DELETE /services/{srv}"], undefined);
      const olds = err.properties as unknown as ServiceOutputs;
      assert.equal(olds.deployPending, true);
      assert.deepEqual(await p.diff!(err.id, olds, inputs), { changes: true });
      h.api.deployOutcome = "live";
      h.api.clearLog();
      const res = await p.update!(err.id, olds, inputs);
      assert.deepEqual(h.api.counts(), {
        "GET /services/{srv}/deploys": 1,
        "POST /services/{srv}/deploys": 1,
        "GET /services/{srv}/deploys/{dep}": 1,
      });
      assert.equal(res.outs!.deployPending, undefined);
      assert.deepEqual(await p.diff!(err.id, res.outs!, inputs), { changes: false });
    });

    it("a deploy slower than the limit keeps the service too; the limit is the deployTimeoutMinutes input", async () => {
      h.api.deployPollsBeforeDone = 1_000;
      const err = await p
        .create(baseInputs({ customDomains: undefined, waitForLive: true, deployTimeoutMinutes: 2 }))
        .catch((e: unknown) => e);
      assert.ok(err instanceof ResourceInitError, String(err));
      assert.match(
        err.message,
        /: deploy dep-[a-z0-9]+ failed: still update_in_progress after 2 min \(logs: /,
      );
      assert.equal(h.api.services.size, 1);
      assert.ok(h.clock.now - 1_700_000_000_000 <= 2 * 60_000 + 15_000, "stopped at the limit");
    });

    it("waits 45 minutes by default (Render: pre-deploy 30 min + start 15 min)", async () => {
      h.api.deployPollsBeforeDone = 10_000;
      const err = await p
        .create(baseInputs({ customDomains: undefined, waitForLive: true }))
        .catch((e: unknown) => e);
      assert.match(String(err), /still update_in_progress after 45 min/);
    });
  });

  describe("read", () => {
    it("reads with at most 3 requests and keeps the user's spelling of equivalent values", async () => {
      const { id, outs } = await created(baseInputs({ image: "nginx" }));
      const res = await p.read!(id, outs);
      assert.deepEqual(h.api.counts(), {
        "GET /services/{srv}": 1,
        "GET /services/{srv}/env-vars": 1,
        "GET /services/{srv}/custom-domains": 1,
      });
      assert.equal(res.id, id);
      assert.deepEqual(res.props, outs);
      assert.equal(h.api.services.get(id)!.service.imagePath, "docker.io/library/nginx:latest");
    });

    it("reports drift of what it manages; env vars added by hand are listed by name only", async () => {
      const { id, outs } = await created(baseInputs());
      const rec = h.api.services.get(id)!;
      rec.envVars.push({ key: "ADDED", value: "by hand" });
      (rec.service.serviceDetails as Record<string, unknown>).plan = "pro";
      const res = await p.read!(id, outs);
      assert.equal(res.props!.plan, "pro");
      assert.deepEqual(res.props!.envVars, { DEBUG: "False", SECRET_KEY: "s3cr3t-value" });
      assert.deepEqual(res.props!.unmanagedEnvVarKeys, ["ADDED"]);
      assert.ok(!JSON.stringify(res.props).includes("by hand"), "an unmanaged value never reaches the state");
      assert.equal((await p.diff!(id, res.props!, baseInputs())).changes, true);
      assert.equal((await p.diff!(id, res.props!, baseInputs({ plan: "pro" }))).changes, false);
    });

    it("returns no id on 404 so Pulumi drops the resource", async () => {
      const res = await p.read!("srv-gone000000000000", { name: "x" } as ServiceOutputs);
      assert.deepEqual(res, {});
    });

    it("follows cursor pagination for long env var lists", async () => {
      const envVars = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`VAR_${i}`, `v${i}`]));
      const { id, outs } = await created(baseInputs({ envVars, customDomains: undefined }));
      const res = await p.read!(id, outs);
      assert.equal(h.api.counts()["GET /services/{srv}/env-vars"], 2);
      assert.deepEqual(res.props!.envVars, envVars);
    });
  });

  describe("diff", () => {
    it("unchanged inputs: no change and no request", async () => {
      const { id, outs } = await created(baseInputs());
      const res = await p.diff!(id, outs, baseInputs());
      assert.deepEqual(res, { changes: false });
      assert.equal(h.api.requests.length, 0);
    });

    it("equivalent image spellings and env var order are no change", async () => {
      const { id, outs } = await created(baseInputs({ image: "nginx", envVars: { A: "1", B: "2" } }));
      const res = await p.diff!(
        id,
        outs,
        baseInputs({ image: "https://docker.io/library/nginx:latest", envVars: { B: "2", A: "1" } }),
      );
      assert.deepEqual(res, { changes: false });
    });

    it("state written before commands got their shell: the next plan updates the command once", async () => {
      const { id, outs } = await created(baseInputs());
      const legacy = { ...outs, liveStartCommand: undefined, livePreDeployCommand: undefined };
      assert.deepEqual(await p.diff!(id, legacy, baseInputs()), { changes: true });
      const res = await p.update!(id, legacy, baseInputs());
      assert.deepEqual(h.api.requests[0].body, {
        serviceDetails: {
          envSpecificDetails: { dockerCommand: "/bin/sh -c 'gunicorn app.wsgi'" },
          preDeployCommand: "/bin/sh -c 'python manage.py migrate'",
        },
      });
      assert.deepEqual(await p.diff!(id, res.outs!, baseInputs()), { changes: false });
    });

    it("region change replaces, deleting first because names are unique", async () => {
      const { id, outs } = await created(baseInputs());
      assert.deepEqual(await p.diff!(id, outs, baseInputs({ region: "oregon" })), {
        changes: true,
        replaces: ["region"],
        deleteBeforeReplace: true,
      });
    });

    it("ownerId change replaces", async () => {
      const { id, outs } = await created(baseInputs());
      assert.deepEqual((await p.diff!(id, outs, baseInputs({ ownerId: "tea-other" }))).replaces, ["ownerId"]);
    });

    for (const [field, value] of [
      ["name", "renamed"],
      ["image", "ghcr.io/acme/api:v2"],
      ["plan", "pro"],
      ["numInstances", 3],
      ["autoscaling", { enabled: true, min: 1, max: 3 }],
      ["healthCheckPath", "/ready"],
      ["startCommand", "uvicorn app:app"],
      ["preDeployCommand", undefined],
      ["envVars", { DEBUG: "True" }],
      ["customDomains", []],
      ["registryCredentialId", "rgc-abc"],
    ] as const) {
      it(`${field} change is an in-place update`, async () => {
        const { id, outs } = await created(baseInputs());
        assert.deepEqual(await p.diff!(id, outs, baseInputs({ [field]: value })), { changes: true });
      });
    }
  });

  describe("update", () => {
    const cases: Array<{
      field: string;
      news: Partial<ServiceInputs>;
      expect: Record<string, number>;
      check?: (body: unknown) => void;
    }> = [
      {
        field: "name",
        news: { name: "webapp-prod-api2" },
        expect: {
          "PATCH /services/{srv}": 1,
          "GET /services/{srv}/deploys": 1,
          "POST /services/{srv}/deploys": 1,
        },
        check: (b) => assert.deepEqual(b, { name: "webapp-prod-api2" }),
      },
      {
        field: "plan",
        news: { plan: "pro" },
        expect: {
          "PATCH /services/{srv}": 1,
          "GET /services/{srv}/deploys": 1,
          "POST /services/{srv}/deploys": 1,
        },
        check: (b) => assert.deepEqual(b, { serviceDetails: { plan: "pro" } }),
      },
      {
        field: "healthCheckPath",
        news: { healthCheckPath: "/ready" },
        expect: {
          "PATCH /services/{srv}": 1,
          "GET /services/{srv}/deploys": 1,
          "POST /services/{srv}/deploys": 1,
        },
        check: (b) => assert.deepEqual(b, { serviceDetails: { healthCheckPath: "/ready" } }),
      },
      {
        field: "startCommand",
        news: { startCommand: "uvicorn app:app" },
        expect: {
          "PATCH /services/{srv}": 1,
          "GET /services/{srv}/deploys": 1,
          "POST /services/{srv}/deploys": 1,
        },
        check: (b) =>
          assert.deepEqual(b, {
            serviceDetails: { envSpecificDetails: { dockerCommand: "/bin/sh -c 'uvicorn app:app'" } },
          }),
      },
      {
        field: "preDeployCommand (cleared)",
        news: { preDeployCommand: undefined },
        expect: {
          "PATCH /services/{srv}": 1,
          "GET /services/{srv}/deploys": 1,
          "POST /services/{srv}/deploys": 1,
        },
        check: (b) => assert.deepEqual(b, { serviceDetails: { preDeployCommand: "" } }),
      },
      { field: "numInstances", news: { numInstances: 4 }, expect: { "POST /services/{srv}/scale": 1 } },
      {
        field: "autoscaling on",
        news: { autoscaling: { enabled: true, min: 2, max: 6, memoryPercent: 80 } },
        expect: { "PUT /services/{srv}/autoscaling": 1 },
      },
      {
        field: "envVars",
        news: { envVars: { DEBUG: "True" } },
        // Per key: DEBUG changes, SECRET_KEY is no longer managed; never the whole-list PUT.
        expect: {
          "PUT /services/{srv}/env-vars/DEBUG": 1,
          "DELETE /services/{srv}/env-vars/SECRET_KEY": 1,
          "GET /services/{srv}/deploys": 1,
          "POST /services/{srv}/deploys": 1,
        },
      },
      {
        field: "customDomains",
        news: { customDomains: ["app.example.com"] },
        expect: {
          "POST /services/{srv}/custom-domains": 1,
          "DELETE /services/{srv}/custom-domains/app.example.com": 0,
          "DELETE /services/{srv}/custom-domains/api.example.com": 1,
        },
      },
    ];
    for (const c of cases) {
      it(`${c.field}: only the endpoint that owns it`, async () => {
        const { id, outs } = await created(baseInputs());
        const news = baseInputs(c.news);
        const res = await p.update!(id, outs, news);
        const expected = Object.fromEntries(Object.entries(c.expect).filter(([, n]) => n > 0));
        assert.deepEqual(h.api.counts(), expected);
        validateAll(h.api, "web_service");
        if (c.check) c.check(h.api.requests[0].body);
        const read = await p.read!(id, res.outs);
        assert.equal(
          (await p.diff!(id, read.props!, news)).changes,
          false,
          "live state matches the new inputs",
        );
      });
    }

    it("image change PATCHes the image and deploys that image", async () => {
      const { id, outs } = await created(baseInputs());
      const res = await p.update!(id, outs, baseInputs({ image: "ghcr.io/acme/api:v2" }));
      assert.deepEqual(h.api.counts(), {
        "PATCH /services/{srv}": 1,
        "GET /services/{srv}/deploys": 1,
        "POST /services/{srv}/deploys": 1,
      });
      validateAll(h.api, "web_service");
      assert.deepEqual(h.api.requests[0].body, {
        image: { imagePath: "ghcr.io/acme/api:v2", ownerId: h.api.ownerId },
      });
      assert.deepEqual(h.api.requests[2].body, { imageUrl: "ghcr.io/acme/api:v2" });
      assert.notEqual(res.outs!.deployId, outs.deployId);
      assert.match(res.outs!.deployId, /^dep-/);
    });

    it("turning autoscaling off deletes it and sets the instance count", async () => {
      const { id, outs } = await created(baseInputs({ autoscaling: { enabled: true, min: 2, max: 4 } }));
      await p.update!(id, outs, baseInputs({ numInstances: 3 }));
      assert.deepEqual(h.api.counts(), {
        "DELETE /services/{srv}/autoscaling": 1,
        "POST /services/{srv}/scale": 1,
      });
      assert.deepEqual(h.api.requests[1].body, { numInstances: 3 });
    });

    it("fails naming the deploy status when waitForLive and the deploy fails", async () => {
      const { id, outs } = await created(baseInputs());
      h.api.deployOutcome = "build_failed";
      await assert.rejects(
        p.update!(id, outs, baseInputs({ plan: "pro", waitForLive: true })),
        /deploy dep-[a-z0-9]+ failed: status build_failed/,
      );
    });
  });

  describe("delete", () => {
    it("deletes with one request", async () => {
      const { id, outs } = await created(baseInputs());
      await p.delete!(id, outs);
      assert.deepEqual(h.api.counts(), { "DELETE /services/{srv}": 1 });
      assert.equal(h.api.services.size, 0);
    });

    it("404 means already gone", async () => {
      await p.delete!("srv-gone000000000000", { name: "x" } as ServiceOutputs);
      assert.deepEqual(h.api.counts(), { "DELETE /services/{srv}": 1 });
    });
  });

  describe("check", () => {
    it("rejects what the free plan cannot do, in words that say what to do", async () => {
      const res = await p.check!(
        {} as ServiceInputs,
        baseInputs({
          plan: "free",
          customDomains: undefined,
          autoscaling: { enabled: true, min: 1, max: 2 },
        }),
      );
      assert.deepEqual(res.failures, [
        {
          property: "numInstances",
          reason: "Render free web services run exactly 1 instance; choose a paid plan to scale out.",
        },
        {
          property: "autoscaling",
          reason: "Render free web services cannot autoscale; choose a paid plan or disable autoscaling.",
        },
        {
          property: "preDeployCommand",
          reason:
            "Render runs pre-deploy commands only for paid services; on the free plan put the step in startCommand.",
        },
      ]);
    });

    it("accepts every web service plan Render's schema lists (openapi.json `plan`)", async () => {
      const spec = JSON.parse(fs.readFileSync(path.join(FIXTURES, "openapi.json"), "utf8"));
      const plans: string[] = spec.components.schemas.plan.enum;
      assert.ok(plans.includes("starter_plus") && plans.includes("standard_plus"));
      for (const plan of plans) {
        const free = plan === "free";
        const res = await p.check!(
          {} as ServiceInputs,
          baseInputs({ plan, ...(free ? { numInstances: 1, preDeployCommand: undefined } : {}) }),
        );
        assert.equal(res.failures, undefined, `${plan}: ${JSON.stringify(res.failures)}`);
      }
    });

    it("accepts valid inputs unchanged", async () => {
      const inputs = baseInputs();
      assert.deepEqual(await p.check!({} as ServiceInputs, inputs), { inputs });
    });

    it("rejects an unknown region and plan", async () => {
      const res = await p.check!({} as ServiceInputs, baseInputs({ region: "mars", plan: "huge" }));
      assert.deepEqual(res.failures, [
        {
          property: "plan",
          reason:
            'plan "huge" is not a Render WebService plan; use one of free, starter, starter_plus, standard, standard_plus, pro, pro_plus, pro_max, pro_ultra, custom.',
        },
        {
          property: "region",
          reason:
            'region "mars" is not a Render region; use one of oregon, ohio, virginia, frankfurt, singapore.',
        },
      ]);
    });
  });
});
