/**
 * Small statistical helpers of the track stage: the normal distribution, the chi-square upper
 * tail, Wilson and Newcombe intervals, Holm's correction.
 */

/**
 * The standard normal cumulative distribution Φ(z), via the complementary error function
 * (Numerical Recipes' erfc with fractional error < 1.2e-7).
 *
 * @example
 * normalCdf(1.959964); // => 0.975 (to 6 digits)
 */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * The standard normal quantile Φ⁻¹(p) (Acklam's rational approximation, relative error < 1.2e-9).
 *
 * @example
 * normalQuantile(0.975); // => 1.95996 (to 6 digits)
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
    -3.066479806614716e1, 2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/**
 * Two-sided p-value of a z statistic: 2 (1 − Φ(|z|)).
 *
 * @example
 * twoSidedP(1.96); // => 0.05 (to 3 digits)
 */
export function twoSidedP(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? NaN : 0;
  return Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
}

/** ln Γ(x) (Lanczos, g = 7). */
function logGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = g[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += g[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized upper incomplete gamma Q(s, x) (series below s + 1, continued fraction above). */
function upperGamma(s: number, x: number): number {
  if (x <= 0) return 1;
  if (x < s + 1) {
    let sum = 1 / s;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= x / (s + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(-x + s * Math.log(x) - logGamma(s));
  }
  // Lentz's continued fraction.
  let b = x + 1 - s;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(-x + s * Math.log(x) - logGamma(s)) * h;
}

/**
 * Upper tail of the chi-square distribution: P(χ²_df ≥ x).
 *
 * @example
 * chiSquareSf(3.841459, 1); // => 0.05 (to 6 digits)
 */
export function chiSquareSf(x: number, df: number): number {
  if (df <= 0 || Number.isNaN(x)) return NaN;
  return Math.min(1, Math.max(0, upperGamma(df / 2, x / 2)));
}

/**
 * Wilson score interval of a proportion `x / n` at level 1 − α (Wilson, 1927): it keeps its
 * coverage near the nominal level for small n and proportions near 0 or 1, where the Wald
 * interval does not.
 *
 * @example
 * wilsonInterval(5, 10); // => [0.2366, 0.7634] (to 4 digits)
 */
export function wilsonInterval(x: number, n: number, alpha = 0.05): [number, number] {
  if (n === 0) return [0, 1];
  const z = normalQuantile(1 - alpha / 2);
  const p = x / n;
  const den = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / den;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Newcombe's hybrid score interval for a difference of proportions p₁ − p₀ (Newcombe 1998,
 * method 10): built from each arm's Wilson interval, it covers the true difference at close to
 * the nominal rate where the Wald interval is too narrow.
 *
 * @example
 * newcombeInterval({ x1: 30, n1: 100, x0: 20, n0: 100 }); // => [-0.0202, 0.2167] (to 4 digits)
 */
export function newcombeInterval(
  arms: { x1: number; n1: number; x0: number; n0: number },
  alpha = 0.05,
): [number, number] {
  const p1 = arms.x1 / arms.n1;
  const p0 = arms.x0 / arms.n0;
  const [l1, u1] = wilsonInterval(arms.x1, arms.n1, alpha);
  const [l0, u0] = wilsonInterval(arms.x0, arms.n0, alpha);
  const d = p1 - p0;
  return [
    d - Math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2),
    d + Math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2),
  ];
}

/**
 * Holm's step-down adjustment of p-values (Holm 1979): controls the family-wise error rate
 * like Bonferroni, but is uniformly more powerful. NaN p-values stay NaN and do not count.
 *
 * @example
 * holmAdjust([0.01, 0.04, 0.03]); // => [0.03, 0.06, 0.06]
 */
export function holmAdjust(p: readonly number[]): number[] {
  const idx = p.map((_, i) => i).filter((i) => !Number.isNaN(p[i]!));
  idx.sort((a, b) => p[a]! - p[b]! || a - b);
  const m = idx.length;
  const out = p.map(() => NaN);
  let running = 0;
  idx.forEach((i, r) => {
    running = Math.max(running, Math.min(1, (m - r) * p[i]!));
    out[i] = running;
  });
  return out;
}
