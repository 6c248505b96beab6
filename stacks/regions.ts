/**
 * One region name per stack, mapped to each provider's own region id so the backend, database and cache
 * land in the same place. Render has five regions; each row picks the nearest Neon, Upstash and Vercel
 * region to it (Render region list: render.md §4; Neon: neon.com/docs/introduction/regions; Upstash global
 * primary regions: upstash docs `primary_region`; Vercel function regions: vercel.com/docs/regions).
 */
export interface RegionIds {
  /** Render service region. */
  render: string;
  /** Neon `region_id`. */
  neon: string;
  /** Upstash global database `primaryRegion`. */
  upstash: string;
  /** Vercel `functionDefaultRegions` entry. */
  vercel: string;
}

export const REGIONS = {
  "us-west": { render: "oregon", neon: "aws-us-west-2", upstash: "us-west-2", vercel: "pdx1" },
  "us-central": { render: "ohio", neon: "aws-us-east-2", upstash: "us-east-2", vercel: "cle1" },
  "us-east": { render: "virginia", neon: "aws-us-east-1", upstash: "us-east-1", vercel: "iad1" },
  "eu-central": { render: "frankfurt", neon: "aws-eu-central-1", upstash: "eu-central-1", vercel: "fra1" },
  "ap-southeast": {
    render: "singapore",
    neon: "aws-ap-southeast-1",
    upstash: "ap-southeast-1",
    vercel: "sin1",
  },
} as const satisfies Record<string, RegionIds>;

export type RegionName = keyof typeof REGIONS;

export const REGION_NAMES = Object.keys(REGIONS) as RegionName[];

/** Upstash regions a global database may replicate reads to (Upstash Developer API `read_regions`, AWS). */
export const UPSTASH_READ_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "sa-east-1",
  "ap-south-1",
  "ap-northeast-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "af-south-1",
] as const;

/** Which of our regions a provider-specific region id belongs to; used to check co-location. */
export function regionOf(provider: keyof RegionIds, id: string): RegionName | undefined {
  return REGION_NAMES.find((name) => REGIONS[name][provider] === id);
}

/**
 * Neon regions with no twin in {@link REGIONS}, mapped to our nearest region (Neon region list:
 * neon.com/docs/introduction/regions): a stack that names one is told which of ours to use.
 */
const NEON_NEAREST: Record<string, RegionName> = {
  "aws-eu-west-2": "eu-central",
  "aws-ap-southeast-2": "ap-southeast",
  "aws-sa-east-1": "us-east",
  "azure-eastus2": "us-east",
  "azure-westus3": "us-west",
  "azure-gwc": "eu-central",
};

/**
 * Our region for a provider's own region name (Render `oregon`, Neon `aws-us-west-2`, Upstash `us-west-2`,
 * Vercel `pdx1`), for "did you mean" when a stack sets `webapp:region` in a provider's words.
 */
export function regionForProviderName(name: string): RegionName | undefined {
  const providers: Array<keyof RegionIds> = ["render", "neon", "upstash", "vercel"];
  const id = name.trim().toLowerCase();
  for (const provider of providers) {
    const region = regionOf(provider, id);
    if (region) return region;
  }
  return NEON_NEAREST[id];
}
