import * as assert from "node:assert/strict";
import {
  keepWarmQuotas,
  keepsWarm,
  monitorCount,
  monitorInterval,
  neonComputeHours,
  renderInstanceHours,
  type KeepWarmChoice,
} from "../../../components/uptimerobot/keep-warm";

const base: KeepWarmChoice = { warmServices: 1, intervalSeconds: 600, monitors: 2, touchesDatabase: false };

describe("keep-warm quota math", () => {
  describe("Render free instance hours (750 per workspace per month)", () => {
    const cases: Array<[string, Partial<KeepWarmChoice>, number, boolean]> = [
      ["no service kept warm uses none", { warmServices: 0 }, 0, false],
      ["one service warm all of a 31-day month uses nearly all", {}, 744, false],
      ["one warm service in a 30-day month", { daysInMonth: 30 }, 720, false],
      ["at the quota: one warm service plus 6 h of another", { otherInstanceHours: 6 }, 750, false],
      ["just over: one warm service plus 6.5 h of another", { otherInstanceHours: 6.5 }, 750.5, true],
      ["two warm services exceed it", { warmServices: 2 }, 1488, true],
      // Past the 15-minute spin-down each ping wakes the service for 15 minutes: half of 30 min.
      ["a 30-minute interval keeps a service up half the time", { intervalSeconds: 1800 }, 372, false],
    ];
    for (const [title, change, used, over] of cases) {
      it(title, () => {
        const q = renderInstanceHours({ ...base, ...change });
        assert.deepEqual([q.used, q.limit, q.over], [used, 750, over]);
      });
    }
    it("says what to do when over", () => {
      assert.equal(
        renderInstanceHours({ ...base, warmServices: 2 }).note,
        "2 kept-warm free service(s) use 1488 of 750 workspace hours a month; once spent, Render suspends every free service of the workspace until the month ends: keep at most one free service warm",
      );
    });
  });

  describe("Neon free compute hours (100 CU-h per project per month, suspend after 5 min)", () => {
    const cases: Array<[string, Partial<KeepWarmChoice>, number, boolean]> = [
      ["a /healthz that skips the database lets the compute sleep", {}, 0, false],
      [
        "a DB-touching ping every 5 min keeps 0.25 CU awake all month",
        { touchesDatabase: true, intervalSeconds: 300 },
        186,
        true,
      ],
      ["a DB-touching ping every 10 min keeps it awake half the time", { touchesDatabase: true }, 93, false],
      [
        "at the quota: that plus 7 CU-h of the app's own",
        { touchesDatabase: true, otherComputeHours: 7 },
        100,
        false,
      ],
      ["over: that plus 7.01 CU-h", { touchesDatabase: true, otherComputeHours: 7.01 }, 100.01, true],
      [
        "nothing kept warm: the monitor costs no compute",
        { touchesDatabase: true, warmServices: 0 },
        0,
        false,
      ],
    ];
    for (const [title, change, used, over] of cases) {
      it(title, () => {
        const q = neonComputeHours({ ...base, ...change });
        assert.deepEqual([q.used, q.limit, q.over], [used, 100, over]);
      });
    }
    it("names the fix when over", () => {
      assert.match(
        neonComputeHours({ ...base, touchesDatabase: true, intervalSeconds: 300 }).note,
        /uses 186 of 100 CU-hours a month; point the monitor at \/healthz, which does not touch the database$/,
      );
    });
  });

  describe("UptimeRobot free limits", () => {
    it("50 monitors are at the limit, 51 over", () => {
      assert.equal(monitorCount({ ...base, monitors: 50 }).over, false);
      assert.equal(monitorCount({ ...base, monitors: 51 }).over, true);
    });
    it("a 300 s interval is at the floor, 299 s under it", () => {
      assert.equal(monitorInterval({ ...base, intervalSeconds: 300 }).over, false);
      const q = monitorInterval({ ...base, intervalSeconds: 299 });
      assert.equal(q.over, true);
      assert.equal(
        q.note,
        "an interval of 299 s is shorter than the free plan's 300 s; use 300 s or more (under 900 s still keeps a service warm)",
      );
    });
    it("an interval keeps a free service warm only at or under the 15-minute spin-down", () => {
      assert.deepEqual([keepsWarm(900), keepsWarm(901)], [true, false]);
    });
  });

  it("lists every quota with its source, in plan order", () => {
    const all = keepWarmQuotas(base);
    assert.deepEqual(
      all.map((q) => [q.quota, q.over]),
      [
        ["render free instance hours", false],
        ["neon free compute hours", false],
        ["uptimerobot free monitors", false],
        ["uptimerobot free minimum interval", false],
      ],
    );
    for (const q of all) assert.ok(q.source.length > 10, q.quota);
  });
});
