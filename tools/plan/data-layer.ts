/**
 * `--compare` on a data-layer stack: a plan that replaces or deletes a resource holding data (the targets'
 * catalogs: `stateful`) is a mandatory violation of `data-layer-protected` unless `webapp:protectData` is off.
 * The pack's policy sees only the proposed resources, so it requires protect; here the steps are known.
 */
import { PACK_NAME } from "../../policies/pack";
import { dataLayerProtected } from "../../policies/rules/data-layer-protected";
import { protectsData } from "../../policies/lib/stack-config";
import { statefulTypes } from "../../policies/lib/tokens";
import type { PlanComparison } from "./compare";
import type { PlanReport } from "./report";
import type { Violation } from "./types";

/** One violation per stateful resource of the old plan that `comparison` replaces or removes. */
export function dataLayerLosses(
  comparison: PlanComparison,
  old: PlanReport,
  config: Record<string, string>,
): Violation[] {
  const read = (key: string) => config[`webapp:${key}`];
  if (read("layer") !== "data" || !protectsData(read)) return [];
  const before = new Map(old.resources.map((r) => [r.urn, r]));
  const going = [
    ...comparison.changed
      .filter((c) => c.action === "replace")
      .map((c) => ({ urn: c.oldUrn ?? c.urn, now: c.urn, what: "replaces" })),
    ...comparison.removed.map((r) => ({ urn: r.urn, now: undefined, what: "deletes" })),
  ];
  return going.flatMap(({ urn, now, what }) => {
    const r = before.get(urn);
    if (!r || !statefulTypes().includes(r.type)) return [];
    return [
      {
        policyPack: PACK_NAME,
        policyName: dataLayerProtected.name,
        enforcementLevel: "mandatory" as const,
        message:
          `${dataLayerProtected.description}\n'${r.name}' holds data on a data-layer stack and this plan ${what} it; ` +
          "back it up and run `pulumi config set webapp:protectData false` to do so on purpose, or undo the change.",
        ...(now ? { urn: now } : { urn }),
      },
    ];
  });
}
