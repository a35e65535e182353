/**
 * Small descriptive statistics shared by the profile and persona stages (not re-exported).
 *
 * Quantiles use linear interpolation between order statistics — Hyndman & Fan (1996) type 7,
 * the default of R's `quantile`, NumPy's `percentile` and pandas: for sorted x of length n,
 * q(p) = x[h] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]) with h = (n − 1)p (0-based).
 */

/** Type-7 quantile of an ascending array (NaN when empty). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Summary of one numeric column over one group of users, ignoring missing values. */
export interface ColumnStats {
  /** Users with a value (missing values are left out of every statistic). */
  n: number;
  /** Users whose value is missing (NaN). */
  missing: number;
  mean: number | null;
  /** Sample standard deviation (n − 1 in the denominator); 0 for one value. */
  sd: number | null;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
}

/** Statistics of the finite values of `values`. */
export function columnStats(values: Float64Array): ColumnStats {
  const finite = values.filter((v) => !Number.isNaN(v));
  finite.sort();
  return sortedStats(finite, values.length - finite.length);
}

/** {@link columnStats} of values already sorted ascending (no NaN), with `missing` left out. */
export function sortedStats(finite: Float64Array, missing: number): ColumnStats {
  const n = finite.length;
  if (n === 0) {
    return {
      n,
      missing,
      mean: null,
      sd: null,
      min: null,
      q1: null,
      median: null,
      q3: null,
      max: null,
    };
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += finite[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (finite[i]! - mean) ** 2;
  return {
    n,
    missing,
    mean,
    sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
    min: finite[0]!,
    q1: quantileSorted(finite, 0.25),
    median: quantileSorted(finite, 0.5),
    q3: quantileSorted(finite, 0.75),
    max: finite[n - 1]!,
  };
}

/** Mean, sum of squared deviations and count of the finite values. */
export function moments(values: ArrayLike<number>): { n: number; mean: number; ss: number } {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) {
      n++;
      sum += v;
    }
  }
  if (n === 0) return { n: 0, mean: NaN, ss: 0 };
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) ss += (v - mean) ** 2;
  }
  return { n, mean, ss };
}

/**
 * Standardised mean difference of a group against the rest (Cohen's d with the pooled SD,
 * Cohen 1988): (mean_g − mean_r) / sqrt(((n_g−1)s_g² + (n_r−1)s_r²) / (n_g+n_r−2)).
 * When the pooled SD is 0 but the means differ (e.g. a 0/1 feature that separates perfectly)
 * the population SD is used instead so the value stays finite; 0 when either side is empty.
 */
export function cohensD(
  group: { n: number; mean: number; ss: number },
  rest: { n: number; mean: number; ss: number },
  populationSd: number,
): number {
  if (group.n === 0 || rest.n === 0) return 0;
  const diff = group.mean - rest.mean;
  if (diff === 0) return 0;
  const df = group.n + rest.n - 2;
  const pooled = df > 0 ? Math.sqrt((group.ss + rest.ss) / df) : 0;
  if (pooled > 0) return diff / pooled;
  return populationSd > 0 ? diff / populationSd : 0;
}

/**
 * Cohen's h for two proportions (Cohen 1988): 2·asin√p1 − 2·asin√p2 — the effect size of a
 * difference in shares, on the same "0.2 small, 0.5 medium, 0.8 large" scale as d.
 */
export function cohensH(p1: number, p2: number): number {
  return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2));
}
