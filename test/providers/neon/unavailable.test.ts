/**
 * Issue 15, item 9: Neon's project list may name projects it could not load this time
 * (`unavailable_project_ids`, Neon OpenAPI ProjectsResponse): "not loaded" is not "absent", so a lookup for
 * what a lost or killed create made never creates a second project because of it.
 */
import * as assert from "node:assert/strict";
import { projectProvider } from "../../../providers/neon";
import { PROJECT, useFakeNeon } from "./helpers";

describe("neon:Project: unavailable_project_ids never leads to a duplicate", () => {
  const h = useFakeNeon();
  const named = () => [...h.fake.projects.values()].filter((p) => p.project.name === PROJECT.name);

  it("a lost create answer, the project listed only as unavailable: it is found, not made again", async () => {
    h.fake.unavailableNextProject = true;
    h.fake.fail({ method: "POST", path: "/projects", fault: { kind: "lost" } });
    const res = await projectProvider.create(PROJECT);
    assert.equal(named().length, 1);
    assert.equal(res.id, named()[0].project.id);
  });

  it("a run killed after the create: the next run finds it although the list cannot load it", async () => {
    // The first run made the project and died before its id reached the state.
    const first = await projectProvider.create(PROJECT);
    h.fake.unavailableInLists.add(first.id);
    const res = await projectProvider.create(PROJECT);
    assert.equal(named().length, 1);
    assert.equal(res.id, first.id);
  });

  it("a project that cannot be loaded even by id stops the create with a clear error, never a duplicate", async () => {
    const first = await projectProvider.create(PROJECT);
    h.fake.unavailableInLists.add(first.id);
    h.fake.fail({
      method: "GET",
      path: `/projects/${first.id}`,
      fault: { kind: "status", status: 503 },
      times: 100,
    });
    await assert.rejects(projectProvider.create(PROJECT), (e: Error) => {
      assert.match(e.message, /^neon:Project "webapp-dev": create failed: /);
      assert.match(e.message, new RegExp(`could not load project ${first.id}`));
      return true;
    });
    assert.equal(named().length, 1);
  });
});
