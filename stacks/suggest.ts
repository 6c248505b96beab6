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
