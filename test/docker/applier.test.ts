/**
 * The proof's applier, against a recording engine (no Docker needed): the order in which it creates and
 * deletes containers on an update is the engine's (applier.ts header; docs/self-hosted.md "Replacement
 * order"), so the proof's update-under-load count measures what `pulumi up` would do.
 */
import * as assert from "node:assert/strict";
import { apply, Engine } from "./applier";
import { runComponent } from "../helpers/mock-run";
import { selfHostedStack } from "./component-stack";

/** Answers every call the applier makes with success, and records them in order. */
class RecordingEngine extends Engine {
  readonly calls: string[] = [];
  private next = 0;

  override bytes(method: string, path: string): Promise<{ status: number; body: Buffer }> {
    this.calls.push(`${method} ${path.replace(/\?.*$/, (q) => (q.startsWith("?name=") ? q : ""))}`);
    const json = (v: unknown) => Promise.resolve({ status: 200, body: Buffer.from(JSON.stringify(v)) });
    if (path === "/networks/create") return json({ Id: `net${this.next++}` });
    if (path.startsWith("/containers/create")) {
      return json({ Id: decodeURIComponent(path.slice(path.indexOf("name=") + 5)) });
    }
    if (/^\/images\/.+\/json$/.test(path)) return json({ Id: "sha256:img" });
    if (path.endsWith("/wait")) return json({ StatusCode: 0 });
    if (/^\/containers\/[^/]+\/json$/.test(path))
      return json({ State: { Running: true, Health: { Status: "healthy" } } });
    if (path.endsWith("/logs")) return Promise.resolve({ status: 200, body: Buffer.alloc(0) });
    return json({});
  }
}

const PIN = (c: string) => `sha256:${c.repeat(64)}`;
const options = {
  prefix: "shop",
  domain: "shop.example.com",
  images: { backend: PIN("a"), postgres: PIN("b"), redis: PIN("c"), nginx: PIN("d") },
  frontendImage: PIN("e"),
  certificatePem: "-----BEGIN CERTIFICATE-----",
  privateKeyPem: "-----BEGIN PRIVATE KEY-----",
  secrets: { django: "d".repeat(50), database: "p", redis: "r", superuser: "s" },
  httpPort: 80,
  httpsPort: 443,
  backupIntervalSeconds: 86400,
};

/** Applies the stack, then `changed`; returns the update's log and its engine calls. */
async function update(changed: typeof options) {
  const engine = new RecordingEngine();
  const first = await runComponent(() => selfHostedStack(options));
  const state = await apply(engine, first.resources);
  const second = await runComponent(() => selfHostedStack(changed));
  const start = engine.calls.length;
  const log: string[] = [];
  const after = await apply(engine, second.resources, state, (l) => log.push(l));
  return { log, calls: engine.calls.slice(start), before: state, after };
}

const idOf = (state: Map<string, { urn: string; id: string }>, name: string) =>
  [...state.values()].find((a) => a.urn.endsWith(`::${name}`))!.id;

describe("test/docker/applier: the engine's replacement order", function () {
  this.timeout(30_000);

  it("a new backend image: the release step, web and worker are created first and the old ones deleted last", async () => {
    const { log, calls, before, after } = await update({
      ...options,
      images: { ...options.images, backend: PIN("f") },
    });
    assert.deepEqual(
      log.filter((l) => /^(replace|delete)/.test(l)).sort(),
      [
        "delete replaced " + idOf(before, "api-release"),
        "delete replaced " + idOf(before, "api-web"),
        "delete replaced " + idOf(before, "api-worker"),
        // The old image stays on the host (keepLocally); only its resource goes.
        `delete replaced ${PIN("a")}`,
        "replace (create first) api-image",
        "replace (create first) api-release",
        "replace (create first) api-web",
        "replace (create first) api-worker",
      ].sort(),
    );
    const lastCreate = calls.map((c) => c.startsWith("POST /containers/create")).lastIndexOf(true);
    const firstDelete = calls.findIndex((c) => c.startsWith("DELETE /containers/"));
    assert.ok(firstDelete > lastCreate, calls.join("\n"));
    // The old web container is stopped with its grace period before it is removed.
    const oldWeb = idOf(before, "api-web");
    assert.deepEqual(
      calls.filter((c) => c.includes(`/containers/${oldWeb}`) && !c.endsWith("/json")),
      [`POST /containers/${oldWeb}/stop`, `DELETE /containers/${oldWeb}`],
    );
    assert.notEqual(idOf(after, "api-web"), oldWeb);
  });

  it("a new PostgreSQL image: every container whose URL carries it is deleted ahead of it, then the database", async () => {
    const { log, calls, before } = await update({
      ...options,
      images: { ...options.images, postgres: PIN("f") },
    });
    const deletes = calls.filter((c) => c.startsWith("DELETE /containers/"));
    const db = idOf(before, "db-postgres");
    // The dependents go first (in reverse dependency order), then the database, before anything is created.
    assert.equal(deletes.indexOf(`DELETE /containers/${db}`), 4, deletes.join("\n"));
    assert.deepEqual(
      deletes
        .slice(0, 4)
        .map((c) => c.slice("DELETE /containers/".length))
        .sort(),
      ["api-release", "api-web", "api-worker", "backup-job"].map((n) => idOf(before, n)).sort(),
    );
    const firstCreate = calls.findIndex((c) => c.startsWith("POST /containers/create"));
    assert.ok(firstCreate > calls.indexOf(`DELETE /containers/${db}`));
    assert.ok(log.includes("replace (delete first) db-postgres"), log.join("\n"));
    assert.ok(log.includes("replace (deleted ahead) api-web"), log.join("\n"));
  });
});
