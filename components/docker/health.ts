import { ROLE_LABEL, type ContainerRole, isPinnedImage, unpinnedImageError } from "./catalog";

/**
 * Health-check timing shared by the containers. The interval is above the proxy's resolver `valid` time
 * (1 s): a new backend container is healthy only after its first check, by which time nginx has
 * re-resolved the alias and knows its address (see backend.ts). A check passing during the start period
 * reports healthy at once, so a long start period delays nothing; it only keeps a slow first start (a busy
 * host, PostgreSQL's initdb) from being declared unhealthy, which `wait` would fail the update on.
 */
export function healthcheck<T>(tests: T[], startPeriodSeconds = 30) {
  return { tests, interval: "2s", timeout: "5s", retries: 3, startPeriod: `${startPeriodSeconds}s` };
}

/** The role label policies read (catalog.ts POLICY_FACTS). */
export function roleLabel(role: ContainerRole) {
  return [{ label: ROLE_LABEL, value: role }];
}

/** Throws the catalog's sentence when a plain-string image is not pinned; an Output is checked by the policy. */
export function requirePinned(what: string, image: unknown): void {
  if (typeof image === "string" && !isPinnedImage(image)) throw new Error(unpinnedImageError(what, image));
}
