import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { RENDER_PLANS, RENDER_WORKER_PLANS } from "../../components/render/catalog";

/** Render's own OpenAPI spec (a stored copy): `plan` for web services, `paidPlan` for background workers. */
const spec = JSON.parse(
  fs.readFileSync(path.join(__dirname, "..", "fixtures", "render", "openapi.json"), "utf8"),
) as { components: { schemas: Record<string, { enum: string[] }> } };

describe("Render plans in the stack schema", () => {
  it("accept every web service plan Render's schema lists, legacy names aside", () => {
    const current = spec.components.schemas.plan.enum.filter((p) => !p.endsWith("_legacy"));
    assert.deepEqual([...RENDER_PLANS].sort(), current.sort());
  });

  it("accept exactly the worker plans of Render's paidPlan", () => {
    assert.deepEqual([...RENDER_WORKER_PLANS].sort(), [...spec.components.schemas.paidPlan.enum].sort());
  });
});
