/**
 * Input validation of WebService and BackgroundWorker: sentences that say what is allowed. Values unknown
 * during preview are skipped. Holds no state (see ../shared/http.ts).
 */

import type * as pulumi from "@pulumi/pulumi";
import { ENV_KEY } from "./env-vars";
import { parseImageRef } from "./image-ref";
import type { ServiceInputs, ServiceKind } from "./service-types";

export { PAID_PLANS, REGIONS, WEB_PLANS } from "./service-types";
import { PAID_PLANS, REGIONS, WEB_PLANS } from "./service-types";

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export function checkService(kind: ServiceKind, news: ServiceInputs): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const web = kind.serviceType === "web_service";
  const plans: readonly string[] = web ? WEB_PLANS : PAID_PLANS;
  const free = news.plan === "free";

  if (typeof news.name === "string" && news.name.trim() === "") fail("name", "name must not be empty.");
  if (typeof news.adoptId === "string" && news.adoptId !== "" && !/^srv-[a-z0-9]+$/.test(news.adoptId)) {
    fail("adoptId", `adoptId ${JSON.stringify(news.adoptId)} is not a Render service id (srv-…).`);
  }
  if (typeof news.image === "string") {
    try {
      parseImageRef(news.image);
    } catch {
      fail("image", "image must be an image reference such as ghcr.io/org/api@sha256:<digest>.");
    }
  }
  if (typeof news.plan === "string" && !plans.includes(news.plan)) {
    fail(
      "plan",
      !web && free
        ? `Render background workers have no free plan; use one of ${PAID_PLANS.join(", ")}.`
        : `plan "${news.plan}" is not a Render ${kind.typeName} plan; use one of ${plans.join(", ")}.`,
    );
  }
  if (typeof news.region === "string" && !REGIONS.includes(news.region)) {
    fail("region", `region "${news.region}" is not a Render region; use one of ${REGIONS.join(", ")}.`);
  }
  if (typeof news.numInstances === "number") {
    if (!Number.isInteger(news.numInstances) || news.numInstances < 1 || news.numInstances > 100) {
      fail("numInstances", "numInstances must be an integer from 1 to 100.");
    } else if (free && news.numInstances > 1) {
      fail(
        "numInstances",
        "Render free web services run exactly 1 instance; choose a paid plan to scale out.",
      );
    }
  }
  const a = news.autoscaling;
  if (a && typeof a === "object" && a.enabled === true) {
    if (free)
      fail(
        "autoscaling",
        "Render free web services cannot autoscale; choose a paid plan or disable autoscaling.",
      );
    if (
      typeof a.min === "number" &&
      typeof a.max === "number" &&
      !(1 <= a.min && a.min <= a.max && a.max <= 100)
    ) {
      fail("autoscaling", "autoscaling needs 1 <= min <= max <= 100.");
    }
    for (const key of ["cpuPercent", "memoryPercent"] as const) {
      const v = a[key];
      if (typeof v === "number" && !(Number.isInteger(v) && v >= 1 && v <= 90)) {
        fail("autoscaling", `autoscaling.${key} must be an integer from 1 to 90.`);
      }
    }
  }
  if (typeof news.preDeployCommand === "string" && news.preDeployCommand !== "" && free) {
    fail(
      "preDeployCommand",
      "Render runs pre-deploy commands only for paid services; on the free plan put the step in startCommand.",
    );
  }
  if (
    web &&
    typeof news.healthCheckPath === "string" &&
    news.healthCheckPath !== "" &&
    !news.healthCheckPath.startsWith("/")
  ) {
    fail("healthCheckPath", "healthCheckPath must start with / (for example /healthz).");
  }
  if (
    typeof news.deployTimeoutMinutes === "number" &&
    !(Number.isInteger(news.deployTimeoutMinutes) && news.deployTimeoutMinutes >= 1)
  ) {
    fail("deployTimeoutMinutes", "deployTimeoutMinutes must be a whole number of minutes, at least 1.");
  }
  if (news.envVars && typeof news.envVars === "object") {
    for (const key of Object.keys(news.envVars)) {
      if (!ENV_KEY.test(key))
        fail("envVars", `env var name ${JSON.stringify(key)} is not a valid variable name.`);
    }
  }
  if (Array.isArray(news.customDomains)) {
    for (const d of news.customDomains) {
      if (typeof d === "string" && !HOSTNAME.test(d))
        fail("customDomains", `${JSON.stringify(d)} is not a hostname.`);
    }
  }
  return failures;
}
