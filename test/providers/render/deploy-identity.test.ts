/**
 * Issue 15, item 7: the deploy a call started is the one it reports, whatever the server's clock says. A
 * lost or failed deploy answer is resolved without the `Date` header (one-second resolution, possibly
 * skewed against `createdAt`, possibly absent: RFC 9110 §5.6.7, §6.6.1) and without the local clock: no
 * second deploy, and no earlier deploy taken for ours.
 */
import * as assert from "node:assert/strict";
import { envVarProvider } from "../../../providers/render/env-var";
import { webServiceProvider } from "../../../providers/render/web-service";
import { useFakeRender } from "./harness";

const inputs = (serviceId: string) => ({ serviceId, key: "ALLOWED_HOSTS", value: "api.example.com" });

for (const [what, date] of [
  ["no Date header", { omit: true }],
  ["a server Date 5 s behind createdAt", { skewMs: -5_000 }],
  ["a server Date 5 s ahead of createdAt", { skewMs: 5_000 }],
  ["an exact server clock", {}],
] as const) {
  describe(`render deploys with ${what}`, () => {
    const h = useFakeRender({ date }, { timeoutMs: 200 });
    let serviceId: string;
    const deploys = () => h.api.services.get(serviceId)!.deploys;

    beforeEach(async () => {
      serviceId = h.api.seedService({ name: "webapp-dev-api" }).id as string;
      // A deploy made just before (the service's own first deploy, or another run's): never ours.
      await envVarProvider.create(inputs(serviceId));
      h.api.clearLog();
    });

    it("a lost deploy answer (applied) is found: exactly one new deploy, and it is the one reported", async () => {
      const before = deploys().length;
      h.api.inject({ kind: "lost-response", method: "POST", path: `/services/${serviceId}/deploys` });
      const res = await envVarProvider.create({ ...inputs(serviceId), value: "api2.example.com" });
      assert.equal(deploys().length, before + 1, "one deploy, not two");
      assert.equal(res.outs!.deployId, deploys()[deploys().length - 1].id);
    });

    it("a deploy refused with 503 (not applied) is sent again: an earlier deploy is not taken for ours", async () => {
      const before = deploys().map((d) => d.id);
      h.api.inject({ kind: "status", status: 503, method: "POST", path: `/services/${serviceId}/deploys` });
      const res = await envVarProvider.create({ ...inputs(serviceId), value: "api3.example.com" });
      assert.equal(deploys().length, before.length + 1, "the deploy was made on the retry");
      assert.ok(!before.includes(res.outs!.deployId as string), "an earlier deploy was reported as ours");
      assert.equal(res.outs!.deployId, deploys()[deploys().length - 1].id);
    });

    it("a web service update whose deploy answer is lost deploys once", async () => {
      const svc = { name: "webapp-dev-web", image: "nginx", plan: "starter", region: "oregon" };
      const { id, outs } = await webServiceProvider.create(svc);
      const list = () => h.api.services.get(id)!.deploys;
      const before = list().length;
      h.api.inject({ kind: "lost-response", method: "POST", path: `/services/${id}/deploys` });
      const res = await webServiceProvider.update!(id, outs as never, { ...svc, plan: "standard" });
      assert.equal(list().length, before + 1);
      assert.equal(res.outs!.deployId, list()[list().length - 1].id);
    });
  });
}
