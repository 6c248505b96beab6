import * as assert from "node:assert/strict";
import { backgroundWorkerProvider } from "../../../providers/render/background-worker";
import { RenderService, ServiceOutputs } from "../../../providers/render/service";
import { webServiceProvider } from "../../../providers/render/web-service";
import { RECORDED_FILES, loadRecorded } from "../../fakes/render-api";
import { useFakeRender, validateRequest } from "./harness";

type Details = { url?: string; plan: string; region: string; envSpecificDetails: Record<string, string> };

/** Every distinct service object Render returned from GET /services/{id} in the recordings. */
function recordedServices(): Array<{ file: string; service: RenderService & { serviceDetails: Details } }> {
  const out: Array<{ file: string; service: RenderService & { serviceDetails: Details } }> = [];
  for (const file of RECORDED_FILES) {
    const seen = new Set<string>();
    for (const i of loadRecorded(file)) {
      if (i.method !== "GET" || i.status !== 200 || !/^\/services\/srv-[a-z0-9]+$/.test(i.path)) continue;
      const text = JSON.stringify(i.responseBody);
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({ file, service: i.responseBody as RenderService & { serviceDetails: Details } });
    }
  }
  return out;
}

describe("render providers parse recorded real responses", () => {
  const h = useFakeRender();

  const services = recordedServices();
  it("found the recorded services", () => {
    assert.equal(services.length, 14);
  });

  for (const [n, { file, service }] of services.entries()) {
    it(`${file} #${n}: ${service.type} "${service.name}" reads to the right outputs`, async () => {
      const web = service.type === "web_service";
      h.api.services.set(service.id, {
        service: service as never,
        envVars: [
          { key: "K", value: "v" },
          { key: "BY_HAND", value: "not ours" },
        ],
        domains: [],
        deploys: [],
      });
      const p = web ? webServiceProvider : backgroundWorkerProvider;
      const res = await p.read!(service.id, {
        ownerId: "some-owner-id",
        deployId: "dep-prev",
        envVars: { K: "before" },
      } as unknown as ServiceOutputs);
      const d = service.serviceDetails;
      const expected: Record<string, unknown> = {
        name: service.name,
        ownerId: "some-owner-id",
        image: service.imagePath ?? "",
        plan: d.plan,
        region: d.region,
        slug: service.slug,
        dashboardUrl: service.dashboardUrl,
        deployId: "dep-prev",
        envVars: { K: "v" },
        unmanagedEnvVarKeys: ["BY_HAND"],
        liveStartCommand: d.envSpecificDetails.dockerCommand ?? "",
        livePreDeployCommand: d.envSpecificDetails.preDeployCommand ?? "",
      };
      if (d.envSpecificDetails.dockerCommand) expected.startCommand = d.envSpecificDetails.dockerCommand;
      if (d.envSpecificDetails.preDeployCommand)
        expected.preDeployCommand = d.envSpecificDetails.preDeployCommand;
      if (web) expected.url = d.url;
      if ((d as { autoscaling?: unknown }).autoscaling)
        expected.autoscaling = { enabled: true, min: 1, max: 3, cpuPercent: 60 };
      assert.deepEqual(res.props, expected);
    });
  }

  it("the URL comes from serviceDetails.url, not from the name", async () => {
    const { service } = services.find((s) => s.service.name === "web-service-image-tf")!;
    h.api.services.set(service.id, { service: service as never, envVars: [], domains: [], deploys: [] });
    const res = await webServiceProvider.read!(service.id, {} as ServiceOutputs);
    assert.equal(res.props!.url, "https://web-service-image-tf.localhost.onrender.com:9443");
  });

  it("a worker's pre-deploy command is read back from envSpecificDetails", async () => {
    const { service } = services.find((s) => s.service.type === "background_worker")!;
    h.api.services.set(service.id, { service: service as never, envVars: [], domains: [], deploys: [] });
    const res = await backgroundWorkerProvider.read!(service.id, {} as ServiceOutputs);
    assert.equal(res.props!.preDeployCommand, "echo 'hello world'");
    assert.equal(res.props!.url, undefined);
  });

  it("recorded env-var, custom-domain and service-list pages parse through the provider's pagination", async () => {
    const web = loadRecorded("webservice-web_service.yaml");
    const envPage = web.find((i) => i.method === "GET" && /\/env-vars$/.test(i.path))!.responseBody as Array<{
      envVar: { key: string; value: string };
    }>;
    const domainPage = web.find((i) => i.method === "GET" && /\/custom-domains\?limit=100$/.test(i.path))!
      .responseBody as Array<{
      customDomain: Record<string, unknown>;
    }>;
    const { service } = services.find((s) => s.service.name === "web-service-image-tf")!;
    h.api.services.set(service.id, {
      service: service as never,
      envVars: envPage.map((e) => e.envVar),
      domains: domainPage.map((d) => d.customDomain),
      deploys: [],
    });
    const res = await webServiceProvider.read!(service.id, {
      envVars: { key1: "", key2: "" },
      customDomains: ["terraform-provider-1.example.com", "terraform-provider-2.example.com"],
    } as unknown as ServiceOutputs);
    assert.deepEqual(res.props!.envVars, { key2: "val2", key1: "val1" });
    assert.deepEqual(res.props!.unmanagedEnvVarKeys, []);
    // Both recorded domains are found, so the managed list keeps the program's own order.
    assert.deepEqual(res.props!.customDomains, [
      "terraform-provider-1.example.com",
      "terraform-provider-2.example.com",
    ]);
  });

  it("the spec validator accepts every image-service request Render's own TF provider sent", () => {
    let checked = 0;
    for (const file of RECORDED_FILES) {
      const recs = loadRecorded(file);
      const type = file.startsWith("backgroundworker") ? "background_worker" : "web_service";
      for (const i of recs) {
        const isService =
          (i.method === "POST" && i.path === "/services") ||
          (i.method === "PATCH" && /^\/services\/srv-[a-z0-9]+$/.test(i.path));
        if (!isService || !JSON.stringify(i.requestBody).includes('"imagePath"')) continue;
        validateRequest({ method: i.method, path: i.path, query: {}, body: i.requestBody, at: 0 }, type);
        checked += 1;
      }
    }
    assert.equal(checked, 12);
  });
});
