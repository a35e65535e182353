/**
 * Small column statistics used by the preprocessing fit (internal: inputs are assumed valid).
 */

/**
 * Quantile by linear interpolation between order statistics (Hyndman & Fan type 7, the default
 * of numpy, pandas and R, which scikit-learn's RobustScaler uses), given the value of each rank.
 *
 * @param at - the value of rank k (0-based) of the n values.
 * @example
 * quantileFrom((k) => [1, 2, 3, 4][k], 4, 0.5); // => 2.5
 */
export function quantileFrom(at: (k: number) => number, n: number, q: number): number {
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const frac = h - lo;
  const a = at(lo);
  if (frac === 0) return a;
  const b = at(Math.min(lo + 1, n - 1));
  // a + frac·(b − a) is exact when a === b, unlike (1 − frac)·a + frac·b.
  return a + frac * (b - a);
}

/**
 * Quantile of an ascending sorted array by linear interpolation (see {@link quantileFrom}).
 *
 * @example
 * quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5); // => 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  return quantileFrom((k) => sorted[k]!, sorted.length, q);
}

/**
 * Adjusted Fisher–Pearson sample skewness G1 = √(n(n−1)) / (n−2) · m3 / m2^1.5 (Joanes & Gill
 * 1998; pandas `Series.skew`, simple-statistics `sampleSkewness`). `null` when n < 3 or the
 * values are constant, where it is undefined.
 *
 * @example
 * sampleSkewness(Float64Array.of(2, 4, 6, 3, 1)); // => 0.590128656384365
 */
export function sampleSkewness(x: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 3) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]!;
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
  }
  m2 /= n;
  m3 /= n;
  // A tiny m2 relative to the mean's magnitude is rounding noise of a constant column.
  if (m2 <= Number.EPSILON * Number.EPSILON * mean * mean || m2 === 0) return null;
  return ((Math.sqrt(n * (n - 1)) / (n - 2)) * m3) / Math.pow(m2, 1.5);
}

/**
 * Mean and population standard deviation (ddof = 0, as scikit-learn's StandardScaler), two-pass
 * for accuracy.
 *
 * @example
 * meanAndSd(Float64Array.of(1, 3)); // => { mean: 2, sd: 1 }
 */
export function meanAndSd(x: ArrayLike<number>): { mean: number; sd: number } {
  const n = x.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    ss += d * d;
  }
  return { mean, sd: Math.sqrt(ss / n) };
}

/**
 * Order statistics of `a` at the given 0-based ranks, by multi-quickselect (Hoare 1961) on `a`
 * itself (which is reordered): O(n·log r) on average for r ranks instead of an O(n log n) sort,
 * which is what lets preprocessing fit a million rows per column quickly. A range that
 * partitioning does not shrink (adversarial data) is sorted instead.
 *
 * @example
 * orderStatistics(Float64Array.of(5, 1, 4, 2, 3), [4, 0, 2]); // => [5, 1, 3]
 */
export function orderStatistics(a: Float64Array, ranks: readonly number[]): number[] {
  const unique = [...new Set(ranks)].sort((x, y) => x - y);
  multiSelect(a, unique, 0, unique.length - 1, 0, a.length - 1);
  return ranks.map((k) => a[k]!);
}

/** Places ranks[r0..r1] (ascending) at their positions within a[left..right]. */
function multiSelect(
  a: Float64Array,
  ranks: number[],
  r0: number,
  r1: number,
  left: number,
  right: number,
): void {
  if (r0 > r1) return;
  const m = (r0 + r1) >>> 1;
  const k = ranks[m]!;
  select(a, k, left, right);
  multiSelect(a, ranks, r0, m - 1, left, k - 1);
  multiSelect(a, ranks, m + 1, r1, k + 1, right);
}

/** Rearranges a[left..right] so that a[k] holds the value of rank k, smaller left, larger right. */
function select(a: Float64Array, k: number, left: number, right: number): void {
  let budget = 2 * Math.ceil(Math.log2(right - left + 2)) + 8;
  while (right > left) {
    if (right - left < 32 || budget-- === 0) {
      a.subarray(left, right + 1).sort();
      return;
    }
    // Median of three as pivot; Hoare's partition splits runs of equal values evenly.
    const mid = (left + right) >>> 1;
    const x = a[left]!;
    const y = a[mid]!;
    const z = a[right]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[left..j] <= pivot <= a[i..right], and a[j+1..i-1] all equal the pivot.
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}
