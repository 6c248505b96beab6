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

/**
 * The config key of an upload preset's field, `webapp:media.presets[<i>].<field>`, with the preset's index
 * when the stack lists it; `<i>` when the preset comes from the program's defaults (setting
 * `webapp:media.presets` then replaces the whole default list).
 */
export function presetConfigKey(presetName: unknown, field: string): string {
  const presets = webappConfig().getObject<{ presets?: { name?: unknown }[] }>("media")?.presets;
  const index = Array.isArray(presets) ? presets.findIndex((p) => p?.name === presetName) : -1;
  return `webapp:media.presets[${index === -1 ? "<i>" : index}].${field}`;
}
