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

/**
 * The replacement order of a container, always stated, never left to the provider: pulumi-docker answers
 * every docker_container replacement with delete-before-replace (provider/resources.go:112-114
 * `DeleteBeforeReplace: true`, pulumi/pulumi-docker 237b789; the bridge passes it on for any replacement,
 * pulumi-terraform-bridge pkg/tfbridge/provider.go:1275-1276), and the engine keeps the provider's answer
 * unless the program sets the option either way (pulumi/pulumi pkg/resource/deploy/step_generator.go:2042-2046;
 * the Node SDK sends it whenever it is defined, sdk/nodejs runtime/resource.ts `deleteBeforeReplaceDefined`).
 *
 * - `"create-first"`: the new container starts (and with `wait`, is healthy) before the old one is stopped at
 *   the end of the update. Only for containers with no fixed `name` (autonamed `<resource>-<7 hex>`, so old and
 *   new never clash) and no host port.
 * - `"delete-first"`: the old one goes first: fixed host ports, one data directory, one backup loop.
 */
export function replaceOrder(order: "create-first" | "delete-first"): { deleteBeforeReplace: boolean } {
  return { deleteBeforeReplace: order === "delete-first" };
}
