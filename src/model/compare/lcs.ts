/**
 * Longest-common-subsequence alignment of two token lists, shared by the
 * span matching (sibling names) and the text diff (words or lines). Callers
 * cap the table size (`a.length × b.length` cells of 4 bytes).
 */

/** Pairs of positions in `a` and `b`, in order; null where one side has none. */
export function lcsAlign(
  a: readonly string[],
  b: readonly string[]
): [number | null, number | null][] {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  // lcs[i * w + j]: length of the LCS of a[i:] and b[j:].
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * w + j + 1] + 1
          : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const out: [number | null, number | null][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push([i++, j++]);
    } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
      out.push([i++, null]);
    } else {
      out.push([null, j++]);
    }
  }
  for (; i < n; i++) {
    out.push([i, null]);
  }
  for (; j < m; j++) {
    out.push([null, j]);
  }
  return out;
}
