import * as assert from "node:assert/strict";
import { KeyValueOutputs, keyValueProvider as kv } from "../../../providers/render/key-value";
import { PostgresInputs, postgresProvider as pg } from "../../../providers/render/postgres";
import { useFakeRender } from "./harness";

const db: PostgresInputs = { name: "db", plan: "basic_256mb", version: "16", region: "frankfurt" };

/**
 * Render answers `Ratelimit-Limit: 20` on POST /postgres, /key-value and /redis, with a `Ratelimit-Reset` of up
 * to 3494 s that lands on the hour for every instance created in it (render-oss/terraform-provider-render
 * postgres_cassette.yaml, postgres_parameter_overrides_cassette.yaml, keyvalue_cassette.yaml, 2026; summary in
 * ../shared/reference/render.md §1): 20 datastore creates per hour. The documented table
 * (api-docs.render.com/reference/rate-limiting) does not list them, which would put them under "all other
 * POST" at 30 per minute; the recorded hourly limit is the stricter, so the client keeps to it.
 */
describe("render datastore creates stay under Render's 20 per hour", () => {
  const h = useFakeRender();

  it("the 21st create (Postgres and Key Value together) is refused locally; other writes go on; an hour later it goes through", async () => {
    const start = h.clock.now;
    const made: Array<{ id: string; outs: KeyValueOutputs }> = [];
    for (let i = 0; i < 10; i++) await pg.create({ ...db, name: `db-${i}` });
    for (let i = 0; i < 10; i++) {
      const res = await kv.create({ name: `kv-${i}`, plan: "starter", region: "frankfurt" });
      made.push({ id: res.id, outs: res.outs as KeyValueOutputs });
    }
    const firstCreate = h.api.requests.find((r) => r.method === "POST")!.at;
    const waitS = Math.ceil((firstCreate + 3_600_000 - h.clock.now) / 1000);
    await assert.rejects(pg.create({ ...db, name: "db-20" }), {
      message: `render:Postgres "db-20": create failed: Render allows 20 datastore creates (Postgres, Key Value) per hour; the next slot opens in ${waitS}s, run again then`,
    });
    await assert.rejects(kv.create({ name: "kv-20", plan: "starter", region: "frankfurt" }), {
      message: new RegExp(`^render:KeyValue "kv-20": create failed: Render allows 20 datastore creates`),
    });
    const posts = () =>
      h.api.requests.filter((r) => r.method === "POST" && /^\/(postgres|key-value)$/.test(r.path));
    assert.equal(posts().length, 20, "the 21st and 22nd never reached the API");
    assert.equal(
      h.api.requests.some((r) => r.status === 429),
      false,
      "no create was answered 429",
    );
    // A write of another kind counts against its own limit, not the spent create window: no wait.
    const sleepsBefore = h.sleeps.length;
    await kv.update!(made[0].id, made[0].outs, { name: "kv-0", plan: "standard", region: "frankfurt" });
    assert.deepEqual(h.sleeps.slice(sleepsBefore), []);
    // An hour after the first create, the window has a slot again.
    h.clock.now = start + 3_600_000 + 60_000;
    const late = await pg.create({ ...db, name: "db-20" });
    assert.match(late.id, /^dpg-/);
    assert.equal(posts().length, 21);
  });
});
