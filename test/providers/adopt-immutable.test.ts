/**
 * Issue 15, item 5: adopting (adoptId) or continuing (a same-named resource a killed run left) records what
 * is live for the fields that cannot change in place, never the requested values: a later refresh would
 * otherwise plan the replacement of adopted data. A mismatch is a one-line error before any write, naming
 * the field, the live and the requested value and the fix; a resource of another type or workspace is
 * refused.
 */
import * as assert from "node:assert/strict";
import { projectProvider } from "../../providers/neon";
import { backgroundWorkerProvider } from "../../providers/render/background-worker";
import type { ServiceInputs } from "../../providers/render/service";
import { webServiceProvider } from "../../providers/render/web-service";
import { PROJECT, useFakeNeon } from "./neon/helpers";
import { useFakeRender } from "./render/harness";

const writes = (requests: Array<{ method: string }>) => requests.filter((r) => r.method !== "GET").length;

describe("adopt and continue: live immutable fields, refused mismatches", () => {
  describe("Render services", () => {
    const h = useFakeRender();
    const inputs = (over: Partial<ServiceInputs> = {}): ServiceInputs => ({
      name: "modestwear-api",
      image: "ghcr.io/acme/api:v1",
      plan: "starter",
      region: "oregon",
      ...over,
    });

    it("adoptId of a service in another region: one line naming region, live and requested, nothing written", async () => {
      const id = h.api.seedService({ name: "modestwear-api", region: "frankfurt", plan: "starter" })
        .id as string;
      h.api.clearLog();
      await assert.rejects(webServiceProvider.create(inputs({ adoptId: id })), (e: Error) => {
        assert.equal(
          e.message,
          `render:WebService "modestwear-api": adopt failed: region is "frankfurt" at Render but "oregon" is asked for, and a service cannot change region; set the region to "frankfurt" to adopt it as it is`,
        );
        return true;
      });
      assert.equal(writes(h.api.requests), 0);
    });

    it("a killed run's same-named service in another region is not continued as if it matched", async () => {
      h.api.seedService({ name: "modestwear-api", region: "frankfurt", plan: "starter" });
      h.api.clearLog();
      await assert.rejects(
        webServiceProvider.create(inputs()),
        /create failed: region is "frankfurt" at Render/,
      );
      assert.equal(writes(h.api.requests), 0);
    });

    it("adoptId of a background worker given to a WebService is refused", async () => {
      const id = h.api.seedService({ name: "modestwear-worker", type: "background_worker" }).id as string;
      h.api.clearLog();
      await assert.rejects(webServiceProvider.create(inputs({ adoptId: id })), (e: Error) => {
        assert.match(e.message, /adopt failed: .* is a background_worker, not a web_service/);
        return true;
      });
      assert.equal(writes(h.api.requests), 0);
    });

    it("adoptId of a service in another workspace is refused", async () => {
      const id = h.api.seedService({ name: "modestwear-api", region: "oregon" }).id as string;
      h.api.services.get(id)!.service.ownerId = "tea-someoneelse00000000";
      h.api.clearLog();
      await assert.rejects(webServiceProvider.create(inputs({ adoptId: id })), (e: Error) => {
        assert.match(
          e.message,
          /adopt failed: .*workspace "tea-someoneelse00000000".*"tea-fakeowner000000000"/,
        );
        return true;
      });
      assert.equal(writes(h.api.requests), 0);
    });

    it("a matching adopt records the live workspace, not the requested spelling", async () => {
      const id = h.api.seedService({ name: "modestwear-worker", type: "background_worker", region: "oregon" })
        .id as string;
      const res = await backgroundWorkerProvider.create({
        ...inputs({ adoptId: id }),
        name: "modestwear-worker",
      });
      assert.equal(res.outs!.ownerId, h.api.ownerId);
      assert.equal(res.outs!.region, "oregon");
    });
  });

  describe("Neon project", () => {
    const h = useFakeNeon();

    it("adoptId of a project on another Postgres version: one line, nothing written", async () => {
      const seeded = h.fake.seedProject({ name: "acme", pgVersion: 16, regionId: PROJECT.regionId });
      h.fake.reset();
      await assert.rejects(projectProvider.create({ ...PROJECT, adoptId: seeded.projectId }), (e: Error) => {
        assert.equal(
          e.message,
          'neon:Project "webapp-dev": adopt failed: pgVersion is 16 at Neon but 17 is asked for, and a project cannot change it; set the Postgres version to 16 to adopt it as it is',
        );
        return true;
      });
      assert.equal(writes(h.fake.requests), 0);
    });

    it("adoptId of a project in another region: refused the same way", async () => {
      const seeded = h.fake.seedProject({ name: "acme", pgVersion: 17, regionId: "aws-eu-central-1" });
      h.fake.reset();
      await assert.rejects(
        projectProvider.create({ ...PROJECT, adoptId: seeded.projectId }),
        /adopt failed: regionId is "aws-eu-central-1" at Neon but "aws-us-east-1" is asked for/,
      );
      assert.equal(writes(h.fake.requests), 0);
    });

    it("adoptId of a project of another organization is refused", async () => {
      const seeded = h.fake.seedProject({
        name: "acme",
        pgVersion: 17,
        regionId: PROJECT.regionId,
        orgId: "org-other-1",
      });
      h.fake.reset();
      await assert.rejects(
        projectProvider.create({ ...PROJECT, orgId: "org-ours-2", adoptId: seeded.projectId }),
        /adopt failed: orgId is "org-other-1" at Neon but "org-ours-2" is asked for/,
      );
      assert.equal(writes(h.fake.requests), 0);
    });

    it("a matching adopt records what is live", async () => {
      const seeded = h.fake.seedProject({
        name: "acme",
        pgVersion: 17,
        regionId: PROJECT.regionId,
        orgId: "org-ours-2",
      });
      const res = await projectProvider.create({ ...PROJECT, adoptId: seeded.projectId });
      assert.equal(res.outs!.regionId, PROJECT.regionId);
      assert.equal(res.outs!.pgVersion, 17);
      assert.equal(res.outs!.orgId, "org-ours-2");
    });
  });
});
