import * as pulumi from "@pulumi/pulumi";

/*
 * The program's stack config as the pack sees it: the engine hands the stack's config to the pack process
 * through PULUMI_CONFIG. Every policy reads it through here, so all of them agree on keys and parsing. The
 * Config object is built per call because the offline plan switches the process's config between stacks.
 */
const webappConfig = () => new pulumi.Config("webapp");

/** Stack config `webapp:tier` ("free" or "paid"). */
export function stackTier(): string | undefined {
  return webappConfig().get("tier");
}

/** Free-tier limits apply only to stacks that declare `webapp:tier: free`. */
export function requireFreeTier(args: { notApplicable(reason?: string): never }): void {
  if (stackTier() !== "free") {
    args.notApplicable("Free-tier limits apply only when webapp:tier is free");
  }
}

/** Stack config `webapp:monthlyBudget` in USD, or undefined when it is missing or not a non-negative number. */
export function monthlyBudgetUsd(): number | undefined {
  const raw = webappConfig().get("monthlyBudget");
  if (raw === undefined || raw.trim() === "") {
    return undefined;
  }
  const usd = Number(raw);
  return Number.isFinite(usd) && usd >= 0 ? usd : undefined;
}

/** The index of an upload preset in `webapp:media.presets`, or undefined when the stack lists none by that name. */
export function presetIndex(presetName: unknown): number | undefined {
  const presets = webappConfig().getObject<{ presets?: { name?: unknown }[] }>("media")?.presets;
  const index = Array.isArray(presets) ? presets.findIndex((p) => p?.name === presetName) : -1;
  return index === -1 ? undefined : index;
}

/** Whether the stack pins `webapp:cache.budget` (otherwise it is derived from webapp:monthlyBudget). */
export function cacheBudgetPinned(): boolean {
  return webappConfig().getObject<{ budget?: unknown }>("cache")?.budget !== undefined;
}

/** Stack config `webapp:layer`: the one layer the stack deploys, or undefined (every part). */
export function stackLayer(): string | undefined {
  return webappConfig().get("layer");
}

/**
 * Whether the stack protects its data (`webapp:protectData`), with the program's default where it is unset:
 * on for paid stacks and for data-layer stacks (stacks/schema.ts). `read` gives a `webapp:` key's raw value:
 * the pack's stack config by default, or a plan's config map.
 */
export function protectsData(
  read: (key: string) => string | undefined = (key) => webappConfig().get(key),
): boolean {
  const set = read("protectData");
  if (set === "true" || set === "false") return set === "true";
  return read("tier") === "paid" || read("layer") === "data";
}
