/**
 * Deploys of an image-backed Render service: trigger one without ever starting two for one request, and
 * wait for one to go live within Render's own limits. Holds no state (see ../shared/http.ts).
 */

import { ApiError, JsonResponse } from "../shared/http";
import { RenderContext, call, pollTiming } from "./client";
import { normalizeImageRef } from "./image-ref";

export interface RenderDeploy {
  id: string;
  status: string;
  createdAt?: string;
  image?: { ref?: string };
}

const FAILED_DEPLOY = ["build_failed", "update_failed", "pre_deploy_failed", "canceled", "deactivated"];

function isDeploy(v: unknown): v is RenderDeploy {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as RenderDeploy).id === "string" &&
    typeof (v as RenderDeploy).status === "string"
  );
}

/** The newest deploys, newest first (Render's order); entries without a deploy object are skipped. */
export async function recentDeploys(
  ctx: RenderContext,
  serviceId: string,
  query: Record<string, string | number | undefined> = {},
): Promise<{ deploys: RenderDeploy[]; res: JsonResponse<unknown> }> {
  const res = await call<unknown>(ctx, "list deploys", "GET", `/services/${serviceId}/deploys`, {
    query: { limit: 20, ...query },
  });
  const page = Array.isArray(res.body) ? res.body : [];
  const deploys = page.map((entry) => (entry as { deploy?: unknown } | null)?.deploy).filter(isDeploy);
  return { deploys, res };
}

export async function latestDeployId(ctx: RenderContext, serviceId: string): Promise<string> {
  return (await recentDeploys(ctx, serviceId, { limit: 1 })).deploys[0]?.id ?? "";
}

/**
 * POST /services/{id}/deploys, never starting two for one request and never taking an earlier deploy for
 * ours. The deploys that exist before the POST are listed first; a deploy found after a lost or broken
 * answer that is not among them (and is of our image) is the one this call started. No clock is involved:
 * the `Date` header has one-second resolution and may be skewed or absent, and the local clock is not
 * Render's. Returns the deploy id ("" when Render answered 202 Queued, which has no body, and the queued
 * deploy is not listed yet; waiting then takes the newest).
 */
export async function triggerDeploy(
  ctx: RenderContext,
  serviceId: string,
  image: string | undefined,
): Promise<string> {
  const imageUrl = image === undefined ? undefined : normalizeImageRef(image);
  const earlier = new Set((await recentDeploys(ctx, serviceId)).deploys.map((d) => d.id));
  const started = async (): Promise<RenderDeploy | undefined> => {
    const { deploys } = await recentDeploys(ctx, serviceId);
    return deploys.find(
      (d) =>
        !earlier.has(d.id) &&
        (imageUrl === undefined || d.image?.ref === undefined || d.image.ref === imageUrl),
    );
  };
  let res: JsonResponse<unknown>;
  try {
    res = await call<unknown>(ctx, "deploy", "POST", `/services/${serviceId}/deploys`, {
      body: imageUrl ? { imageUrl } : {},
      attempts: 3,
      recover: async (err) => {
        // A 429 was refused before anything happened.
        if (err instanceof ApiError && err.status === 429) return undefined;
        const found = await started();
        return found ? { status: 201, headers: new Headers(), body: found } : undefined;
      },
    });
  } catch (e) {
    // A 2xx with a body that is not JSON: the deploy was accepted; never start a second one for it.
    if (!(e instanceof ApiError && e.kind === "parse")) throw e;
    return (await started())?.id ?? "";
  }
  if (isDeploy(res.body)) return res.body.id;
  // 202 Queued, or a 201 without a deploy in it: accepted all the same; look it up, never deploy again.
  return (await started())?.id ?? "";
}

/** Polls a deploy until it is live; a failed status or the deadline becomes an error naming it. */
export async function waitForLive(
  ctx: RenderContext,
  serviceId: string,
  dashboardUrl: string,
  deployId: string,
  timeoutMs?: number,
): Promise<string> {
  const timing = pollTiming();
  const limit = timeoutMs ?? timing.pollTimeoutMs;
  const started = timing.now();
  let interval = timing.pollIntervalMs;
  const id = deployId || (await latestDeployId(ctx, serviceId));
  if (!id) {
    throw new ApiError(`${ctx.resource}: wait for deploy failed: the service has no deploy`, {
      kind: "deploy",
    });
  }
  const stillWaiting = (status: string) =>
    new ApiError(
      `${ctx.resource}: deploy ${id} failed: still ${status} after ${Math.round(limit / 60_000)} min (logs: ${dashboardUrl}/deploys/${id})`,
      { kind: "deploy", apiMessage: status },
    );
  for (;;) {
    const res = await call<unknown>(ctx, "wait for deploy", "GET", `/services/${serviceId}/deploys/${id}`);
    if (!isDeploy(res.body)) {
      throw new ApiError(
        `${ctx.resource}: wait for deploy failed: ${res.status} answer has no deploy status`,
        {
          kind: "parse",
          status: res.status,
        },
      );
    }
    const status = res.body.status;
    if (status === "live") return id;
    if (FAILED_DEPLOY.includes(status)) {
      throw new ApiError(
        `${ctx.resource}: deploy ${id} failed: status ${status} (logs: ${dashboardUrl}/deploys/${id})`,
        { kind: "deploy", apiMessage: status },
      );
    }
    // The last look is at the limit itself, never after it (a sleep that returns late sends nothing more).
    const left = started + limit - timing.now();
    if (left <= 0) throw stillWaiting(status);
    await timing.sleep(Math.min(interval, left));
    interval = Math.min(15_000, Math.round(interval * 1.2));
    if (timing.now() - started > limit) throw stillWaiting(status);
  }
}
