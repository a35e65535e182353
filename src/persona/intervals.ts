/**
 * The Wilson score interval of a proportion (Wilson 1927): better than the normal ("Wald")
 * interval for small n and rates near 0 or 1, and never outside [0, 1].
 *
 * @param rate - the observed proportion in [0, 1].
 * @param n - the number of observations (> 0).
 * @param z - the normal quantile. Default 1.959964 (95 %).
 * @returns [low, high].
 * @example
 * wilsonRateInterval(0.5, 100).map((x) => x.toFixed(3)); // => ["0.404", "0.596"]
 */
export function wilsonRateInterval(rate: number, n: number, z = 1.959964): [number, number] {
  if (!(n > 0)) return [0, 1];
  const z2 = z * z;
  const centre = (rate + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((rate * (1 - rate)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * The 97.5 % quantile of Student's t with df degrees of freedom, by the Cornish–Fisher
 * expansion around the normal quantile (Abramowitz & Stegun 26.7.5; within 0.3 % for df ≥ 3).
 */
function t975(df: number): number {
  const z = 1.959964;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
}

/**
 * The 95 % t interval of a mean: mean ± t(0.975, n − 1) · sd / √n.
 *
 * @param mean - the sample mean.
 * @param sd - the sample SD (n − 1 in the denominator).
 * @param n - the sample size (≥ 2).
 * @returns [low, high]; [mean, mean] for n < 2.
 * @example
 * tInterval(10, 2, 100).map((x) => x.toFixed(2)); // => ["9.60", "10.40"]
 */
export function tInterval(mean: number, sd: number, n: number): [number, number] {
  if (!(n >= 2)) return [mean, mean];
  const half = (t975(n - 1) * sd) / Math.sqrt(n);
  return [mean - half, mean + half];
}
