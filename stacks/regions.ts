/**
 * One region name per stack (`webapp:region`), mapped by each target's catalog to its vendor's own region id
 * so the parts land in the same place (the columns live in components/<vendor>/catalog.ts).
 */
import { REGION_NAMES, RegionName } from "../contracts";
import { catalogs } from "../components/targets";

export { REGION_NAMES };
export type { RegionName };

/** Vendor name -> its region id, for one of our regions. */
export type RegionIds = Record<string, string>;

/** Our region -> every registered vendor's region id there. */
export function regionIds(region: RegionName): RegionIds {
  return Object.fromEntries(catalogs().flatMap((c) => (c.regions ? [[c.name, c.regions[region]]] : [])));
}

/** Which of our regions a vendor's region id belongs to; used to check co-location. */
export function regionOf(vendor: string, id: string): RegionName | undefined {
  const regions = catalogs().find((c) => c.name === vendor)?.regions;
  return regions ? REGION_NAMES.find((name) => regions[name] === id) : undefined;
}

/**
 * Our region for a vendor's own region name (Render `oregon`, Neon `aws-us-west-2`, Upstash `us-west-2`,
 * Vercel `pdx1`, or a vendor region near one of ours), for "did you mean" when a stack sets `webapp:region`
 * in a vendor's words.
 */
export function regionForProviderName(name: string): RegionName | undefined {
  const id = name.trim().toLowerCase();
  for (const c of catalogs()) {
    const region = regionOf(c.name, id);
    if (region) return region;
  }
  for (const c of catalogs()) {
    if (c.nearRegions?.[id]) return c.nearRegions[id];
  }
  return undefined;
}
