/**
 * Issue 15, item 9: an operation's deadline holds exactly: no request is sent once it has passed, however
 * late a sleep returns (a loaded machine, a laptop lid closed mid-run) and whoever sends it (a retry, a
 * lost-answer lookup, a deploy poll).
 */
import * as assert from "node:assert/strict";
import { renderContext, tuneRender } from "../../../providers/render/client";
import { waitForLive } from "../../../providers/render/deploys";
import { ApiError, withRetries } from "../../../providers/shared/http";
import { useFakeRender } from "../render/harness";

describe("deadlines hold exactly", () => {
  const unavailable = () => new ApiError("op failed: 503 Service Unavailable", { status: 503 });

  it("withRetries: a sleep that returns after the deadline sends no further attempt", async () => {
    let clock = 0;
    const sent: number[] = [];
    const err = await withRetries(
      "op",
      async () => {
        sent.push(clock);
        throw unavailable();
      },
      {
        attempts: 5,
        deadlineMs: 10_000,
        baseDelayMs: 1000,
        random: () => 0.5,
        now: () => clock,
        // The machine stalls: each sleep returns 20 s late.
        sleep: async (ms) => {
          clock += ms + 20_000;
        },
      },
    ).catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.deepEqual(sent, [0]);
    assert.match(err.message, /deadline/);
  });

  it("withRetries: no lost-answer lookup (recover) runs after the deadline", async () => {
    let clock = 0;
    let lookups = 0;
    await withRetries(
      "op",
      async () => {
        throw unavailable();
      },
      {
        deadlineMs: 10_000,
        random: () => 0.5,
        now: () => clock,
        sleep: async (ms) => {
          clock += ms + 20_000;
        },
        recover: async () => {
          lookups++;
          return undefined;
        },
      },
    ).catch(() => undefined);
    assert.equal(lookups, 0);
  });

  describe("Render: waiting for a deploy", () => {
    const h = useFakeRender({ deployPollsBeforeDone: 1_000_000 });

    it("no poll is sent after the wait's limit, and the last one is at the limit", async () => {
      const svc = h.api.seedService({ name: "webapp-dev-api" });
      const id = svc.id as string;
      const ctx = renderContext('render:WebService "webapp-dev-api"', "update");
      const deployId = await (async () => {
        const { triggerDeploy } = await import("../../../providers/render/deploys");
        return triggerDeploy(ctx, id, undefined);
      })();
      tuneRender({
        now: () => h.clock.now,
        sleep: async (ms) => {
          h.sleeps.push(ms);
          h.clock.now += ms;
        },
        random: () => 0.5,
        pollIntervalMs: 3_000,
        pollTimeoutMs: 10_000,
      });
      h.api.clearLog();
      const started = h.clock.now;
      const err = await waitForLive(ctx, id, "https://dashboard", deployId).catch((e: unknown) => e);
      assert.ok(err instanceof ApiError);
      assert.match(err.message, /still update_in_progress after/);
      const polls = h.api.requests.filter((r) => r.path === `/services/${id}/deploys/${deployId}`);
      assert.ok(polls.length >= 2);
      for (const p of polls) assert.ok(p.at - started <= 10_000, `a poll at +${p.at - started} ms`);
      assert.equal(polls[polls.length - 1].at - started, 10_000, "the last look is at the limit");
    });
  });
});
