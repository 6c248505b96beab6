import * as assert from "node:assert/strict";
import { monitorProvider, type MonitorInputs } from "../../../providers/uptimerobot";
import { ResourceInitError } from "../../../providers/shared/lifecycle";
import { useFakeUptimeRobot } from "./helpers";

const inputs: MonitorInputs = {
  friendlyName: "webapp-dev-api",
  url: "https://webapp-dev-api.onrender.com/healthz",
  type: "KEYWORD",
  interval: 600,
  keywordType: "ALERT_NOT_EXISTS",
  keywordValue: "ok",
};

describe("uptimerobot:Monitor", () => {
  const h = useFakeUptimeRobot();

  it("creates with the documented JSON body and Bearer key, looking for an earlier run's monitor first", async () => {
    const contact = h.fake.addContact({ value: "oncall@example.com" });
    const res = await monitorProvider.create({ ...inputs, alertContactIds: [String(contact.id)] });
    assert.equal(h.fake.count("GET", "/monitors"), 1);
    assert.deepEqual(h.fake.requests[0].query, { name: "webapp-dev-api" });
    assert.deepEqual(h.fake.bodies("POST", "/monitors"), [
      {
        friendlyName: "webapp-dev-api",
        url: "https://webapp-dev-api.onrender.com/healthz",
        type: "KEYWORD",
        interval: 600,
        keywordType: "ALERT_NOT_EXISTS",
        keywordValue: "ok",
        assignedAlertContacts: [{ alertContactId: String(contact.id), threshold: 0, recurrence: 0 }],
      },
    ]);
    const post = h.fake.requests.find((r) => r.method === "POST")!;
    assert.equal(post.authorization, `Bearer ${h.fake.apiKey}`);
    assert.equal(post.contentType, "application/json");
    assert.deepEqual(res, {
      id: String([...h.fake.monitors.keys()][0]),
      outs: {
        friendlyName: "webapp-dev-api",
        url: "https://webapp-dev-api.onrender.com/healthz",
        type: "KEYWORD",
        interval: 600,
        timeout: 30,
        keywordType: "ALERT_NOT_EXISTS",
        keywordValue: "ok",
        alertContactIds: [String(contact.id)],
        status: "NOT_CHECKED_YET",
      },
    });
  });

  it("reads back what makes the next diff empty, and a gone monitor as gone", async () => {
    const { id } = await monitorProvider.create(inputs);
    const read = await monitorProvider.read!(id, {} as never);
    assert.equal(read.id, id);
    const diff = await monitorProvider.diff!(id, read.props!, inputs);
    assert.equal(diff.changes, false);
    h.fake.monitors.clear();
    assert.deepEqual(await monitorProvider.read!(id, {} as never), {});
  });

  it("diffs each changed field as an update, never a replacement", async () => {
    const { id, outs: created } = await monitorProvider.create(inputs);
    const outs = created!;
    const diff = await monitorProvider.diff!(id, outs, {
      ...inputs,
      interval: 300,
      url: "https://x.example/healthz",
    });
    assert.deepEqual(diff, { changes: true, replaces: [], stables: [] });
    const updated = await monitorProvider.update!(id, outs, { ...inputs, interval: 300 });
    assert.equal(updated.outs!.interval, 300);
    assert.deepEqual(h.fake.bodies("PATCH").length, 1);
  });

  it("deletes, and a second delete of a gone monitor succeeds", async () => {
    const { id, outs: created } = await monitorProvider.create(inputs);
    const outs = created!;
    await monitorProvider.delete!(id, outs);
    await monitorProvider.delete!(id, outs);
    assert.equal(h.fake.monitors.size, 0);
    assert.equal(h.fake.count("DELETE"), 2);
  });

  it("a create whose answer was lost finds the monitor by name instead of making a second", async () => {
    h.fake.fail({ method: "POST", path: "/monitors", fault: { kind: "lost" } });
    const res = await monitorProvider.create(inputs);
    assert.equal(h.fake.monitors.size, 1);
    assert.equal(res.id, String([...h.fake.monitors.keys()][0]));
    assert.equal(h.fake.count("POST", "/monitors"), 1);
  });

  it("continues an earlier run's monitor, found by exact name over every page, and brings it to the inputs", async () => {
    h.fake.pageSize = 2;
    for (const n of ["webapp-dev-api-old", "webapp-dev-api-2", "other"])
      h.fake.addMonitor({ friendlyName: n });
    const mine = h.fake.addMonitor({ friendlyName: "webapp-dev-api", interval: 900 });
    const res = await monitorProvider.create(inputs);
    assert.equal(res.id, String(mine.id));
    assert.equal(h.fake.count("POST", "/monitors"), 0);
    assert.equal(h.fake.count("GET", "/monitors"), 2);
    assert.deepEqual([mine.interval, mine.type, mine.keywordValue], [600, "KEYWORD", "ok"]);
  });

  it("refuses to guess between two monitors of the same name", async () => {
    const a = h.fake.addMonitor({ friendlyName: "webapp-dev-api" });
    const b = h.fake.addMonitor({ friendlyName: "webapp-dev-api" });
    await assert.rejects(monitorProvider.create(inputs), {
      message: `uptimerobot:Monitor "webapp-dev-api": create failed: 2 monitors are named "webapp-dev-api" (ids ${a.id}, ${b.id}); take one over with adoptId and delete the others, then run again`,
    });
  });

  it("adopts by id, and names a missing id", async () => {
    const m = h.fake.addMonitor({ friendlyName: "hand-made", interval: 300 });
    const res = await monitorProvider.create({ ...inputs, adoptId: String(m.id) });
    assert.equal(res.id, String(m.id));
    assert.equal(m.friendlyName, "webapp-dev-api");
    await assert.rejects(monitorProvider.create({ ...inputs, adoptId: "42" }), {
      message:
        'uptimerobot:Monitor "webapp-dev-api": adopt failed: no resource with id "42" exists; a monitor\'s id is the number in its dashboard URL (uptimerobot.com/dashboard#<id>)',
    });
  });

  it("an adopted monitor that cannot be updated is kept in the state with its id", async () => {
    const m = h.fake.addMonitor({ friendlyName: "hand-made" });
    h.fake.fail({ method: "PATCH", fault: { kind: "status", status: 400, message: "interval too short" } });
    const err = await monitorProvider.create({ ...inputs, adoptId: String(m.id) }).catch((e: unknown) => e);
    assert.ok(err instanceof ResourceInitError);
    assert.equal(err.id, String(m.id));
    assert.match(err.message, /update failed: 400 Bad Request: "interval too short"/);
  });

  it("waits out Free's 10 requests a minute by the server's Retry-After, then succeeds", async () => {
    h.fake.rateLimit = 2;
    // One request of the window is spent already, so the create's POST is the one over the limit.
    await monitorProvider.read!("1", {} as never);
    const { id } = await monitorProvider.create(inputs);
    assert.ok(id);
    assert.equal(h.fake.count("POST", "/monitors"), 2);
    assert.equal(h.sleeps.length, 1);
    assert.ok(h.sleeps[0] >= 1000 && h.sleeps[0] <= 60_000, String(h.sleeps));
  });

  it("a 429 without Retry-After waits until X-RateLimit-Reset by the server's Date", async () => {
    const reset = Math.floor(h.fake.now / 1000) + 42;
    h.fake.fail({
      method: "GET",
      fault: {
        kind: "status",
        status: 429,
        headers: { "X-RateLimit-Reset": String(reset), Date: new Date(h.fake.now).toUTCString() },
      },
    });
    await monitorProvider.create(inputs);
    assert.deepEqual(h.sleeps, [42_000]);
  });

  it("an unset API key fails with the command that fixes it", async () => {
    delete process.env.UPTIMEROBOT_API_KEY;
    await assert.rejects(monitorProvider.create(inputs), {
      message:
        'uptimerobot:Monitor "webapp-dev-api": look up failed: no UptimeRobot API key; run `pulumi config set --secret uptimerobot:apiKey <key>` or set UPTIMEROBOT_API_KEY, with the account\'s Main API key from Integrations > API in the UptimeRobot dashboard',
    });
  });

  it("a wrong key is a 401 naming the fix, with the key redacted", async () => {
    process.env.UPTIMEROBOT_API_KEY = "u999-wrong-key-123456";
    const err = (await monitorProvider.create(inputs).catch((e: unknown) => e)) as Error;
    assert.equal(
      err.message,
      'uptimerobot:Monitor "webapp-dev-api": look up failed: 401 Unauthorized: "Unauthorized": check uptimerobot:apiKey (or UPTIMEROBOT_API_KEY): it must be the Main API key, not a read-only or monitor-specific one',
    );
  });

  describe("check", () => {
    const failures = async (change: Partial<MonitorInputs>) =>
      (
        await monitorProvider.check!({} as MonitorInputs, { ...inputs, ...change } as MonitorInputs)
      ).failures!.map((f) => `${f.property}: ${f.reason}`);
    it("accepts the inputs", async () => assert.deepEqual(await failures({}), []));
    const cases: Array<[Partial<MonitorInputs>, string]> = [
      [
        { url: "webapp.onrender.com" },
        'url: url "webapp.onrender.com" is not an http(s) URL; use e.g. "https://api.example.com/healthz"',
      ],
      [{ interval: 0 }, "interval: interval 0 must be a whole number of seconds, e.g. 300"],
      [{ type: "PING" as never }, 'type: type "PING" is not one of HTTP, KEYWORD'],
      [
        { keywordValue: undefined },
        'keywordValue: a KEYWORD monitor needs keywordValue, the word to look for, e.g. "ok"',
      ],
      [
        { type: "HTTP" },
        "keywordValue: keywordType and keywordValue apply to KEYWORD monitors only; set type to KEYWORD or drop them",
      ],
      [
        { adoptId: "abc" },
        'adoptId: adoptId "abc" is not a monitor id; ids are numbers, as the monitor\'s dashboard URL shows',
      ],
    ];
    for (const [change, message] of cases) {
      it(message, async () => assert.deepEqual(await failures(change), [message]));
    }
  });
});
