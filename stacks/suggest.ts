/**
 * "Did you mean": the allowed word nearest to what was written, by edit distance with swapped neighbours
 * counting as one edit (`regoin` -> `region`), ignoring case and `-`/`_`. Undefined when nothing is close
 * enough to be a likely typo.
 */
export function nearest(written: string, allowed: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, "");
  const w = norm(written);
  let best: { word: string; distance: number } | undefined;
  for (const word of allowed) {
    const distance = editDistance(w, norm(word));
    if (!best || distance < best.distance) best = { word, distance };
  }
  if (!best) return undefined;
  const limit = Math.max(1, Math.floor(Math.min(w.length, norm(best.word).length) / 3));
  return best.distance <= limit ? best.word : undefined;
}

/** Optimal string alignment distance. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * The stack a mistyped `--stack` meant: a typo (`prdo` -> `prod`), or a longer or shorter form of a known
 * name (`production` -> `prod`, `development` -> `dev`).
 */
export function nearestStack(written: string, known: readonly string[]): string | undefined {
  const w = written.toLowerCase();
  const typo = nearest(w, known);
  if (typo) return typo;
  const prefixed = known.filter(
    (k) => k.length >= 3 && (w.startsWith(k.toLowerCase()) || k.toLowerCase().startsWith(w)),
  );
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** Words people write for a tier, by what they mean: production costs money, development is free. */
const TIER_WORDS: Record<string, "free" | "paid"> = {
  production: "paid",
  prod: "paid",
  prd: "paid",
  live: "paid",
  premium: "paid",
  pro: "paid",
  paying: "paid",
  business: "paid",
  development: "free",
  dev: "free",
  hobby: "free",
  trial: "free",
  test: "free",
  testing: "free",
  sandbox: "free",
  local: "free",
};

/** The tier a written word means (`production` -> paid), else the nearest spelling (`fre` -> free). */
export function nearestTier(written: string): "free" | "paid" | undefined {
  const w = written.trim().toLowerCase();
  return TIER_WORDS[w] ?? (nearest(w, ["free", "paid"]) as "free" | "paid" | undefined);
}

/**
 * The geographic area of a region name as the providers write it (`eu-west-1`, `us-east`, `ap-south-1`),
 * or undefined when the name carries none.
 */
function areaOf(name: string): string | undefined {
  const head = /^(?:aws-|azure-)?([a-z]+)/.exec(name.trim().toLowerCase())?.[1];
  const aliases: Record<string, string> = { europe: "eu", asia: "ap", usa: "us", america: "us" };
  return head ? (aliases[head] ?? head) : undefined;
}

/**
 * The region of `allowed` a written region most likely means, by place rather than spelling: `eu-west`
 * is in Europe, so it means the European region, never `us-west`. Within an area, the nearest spelling
 * (`us-esat` -> `us-east`); a name of no known area gets a typo match only if it keeps its area.
 */
export function nearestRegion(written: string, allowed: readonly string[]): string | undefined {
  const area = areaOf(written);
  const same = allowed.filter((r) => areaOf(r) === area);
  if (same.length === 1) return same[0];
  if (same.length > 1) return nearest(written, same) ?? bestBySide(written, same);
  const typo = nearest(written, allowed);
  const typoArea = typo && areaOf(typo);
  return typoArea && (typoArea === area || area?.startsWith(typoArea)) ? typo : undefined;
}

/** `us-west-1` among us-west/us-central/us-east: the one naming the same side. */
function bestBySide(written: string, candidates: readonly string[]): string | undefined {
  const w = written.toLowerCase();
  return candidates.find((c) => w.includes(c.split("-").slice(1).join("-")));
}
