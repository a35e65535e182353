import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import type { FeatureMatrix, Matrix } from "../matrix/matrix.js";
import * as msg from "./messages.js";
import type { PCALoading, PCAModel, PCAOptions } from "./types.js";
import { checkMatrix, findNonFinite } from "./validate.js";

/** Rows per block of the covariance pass: 512 rows × d columns stay in L2 for d up to ~60. */
const BLOCK = 512;

/**
 * Principal component analysis through the covariance matrix: one pass over the row-major X
 * accumulates the column sums and XᵀX (shifted by a pilot mean for accuracy), then `ml-matrix`'s
 * symmetric eigen-decomposition gives the components. For n ≫ d this costs O(n·d²) once and no
 * copy of X, where an SVD of X needs an n × d working copy (Jolliffe 2002, §3.1; Chan, Golub &
 * LeVeque 1983 on shifted sums).
 *
 * @param X - n × d data, finite values (impute and scale first: PCA is scale-sensitive).
 * @param options - see {@link PCAOptions}.
 * @returns a plain-JSON {@link PCAModel}, components by decreasing variance.
 * @throws {TypeError} when X is not a Matrix, featureNames does not match its width, or both
 *   nComponents and varianceToKeep are given.
 * @throws {RangeError} on fewer than 2 rows, no column, a non-finite value (naming row, column
 *   and feature), nComponents outside [1, min(rows, cols)], or varianceToKeep outside (0, 1].
 * @example
 * const m = fitPCA(fromRows([[0, 0], [1, 1], [2, 2]]));
 * m.components[0]; // => [0.7071…, 0.7071…]
 * m.explainedVariance; // => [2, 0]
 */
export function fitPCA(X: Matrix, options: PCAOptions = {}): PCAModel {
  checkMatrix(X, "X");
  const { rows: n, cols: d } = X;
  // A FeatureMatrix (from transformPreprocessor) carries its column names.
  const carried = (X as Partial<FeatureMatrix>).featureNames;
  const featureNames = options.featureNames
    ? [...options.featureNames]
    : Array.isArray(carried) && carried.length === d
      ? [...carried]
      : Array.from({ length: d }, (_, j) => `x${j}`);
  if (featureNames.length !== d) throw new TypeError(msg.badFeatureNames(featureNames.length, d));
  if (options.nComponents !== undefined && options.varianceToKeep !== undefined)
    throw new TypeError(msg.bothCounts());
  if (n < 2) throw new RangeError(msg.tooFewRows(n));
  if (d === 0) throw new RangeError(msg.noColumns());
  const maxK = Math.min(n, d);
  const k0 = options.nComponents;
  if (k0 !== undefined && !(Number.isInteger(k0) && k0 >= 1 && k0 <= maxK))
    throw new RangeError(msg.badNComponents(k0, n, d));
  const v = options.varianceToKeep;
  if (v !== undefined && !(typeof v === "number" && v > 0 && v <= 1))
    throw new RangeError(msg.badVarianceToKeep(v));
  const whiten = options.whiten ?? false;

  const { mean, cov } = covariance(X);
  if (!mean.every(Number.isFinite) || !cov.every(Number.isFinite)) {
    // Non-finite sums mean a NaN or an infinity somewhere: name it; else the squares overflowed.
    findNonFinite(X, "X", featureNames);
    throw new RangeError(msg.overflow());
  }

  // Symmetric eigen-decomposition (Householder tridiagonalisation + QL, via ml-matrix).
  const evd = new EigenvalueDecomposition(MlMatrix.from1DArray(d, d, cov), {
    assumeSymmetric: true,
  });
  const values = evd.realEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b);

  let totalVariance = 0;
  for (let j = 0; j < d; j++) totalVariance += cov[j * d + j]!;
  // The covariance carries rounding errors of order ε·λmax, so a singular covariance gives
  // eigenvalues of that size (of either sign) instead of 0: they are set to 0, so that the rank
  // warning and whitening see the true zeros.
  const top = Math.max(values[order[0]!]!, 0);
  const tol = 4 * d * Number.EPSILON * top;
  const variance = order.map((i) => (values[i]! > tol ? values[i]! : 0));
  const ratio = variance.map((x) => (totalVariance > 0 ? x / totalVariance : 0));

  let k = k0 ?? maxK;
  if (v !== undefined) {
    let cum = 0;
    k = maxK;
    for (let c = 0; c < maxK; c++) {
      cum += ratio[c]!;
      if (cum >= v) {
        k = c + 1;
        break;
      }
    }
  }

  const components: number[][] = [];
  for (let c = 0; c < k; c++) {
    const col = order[c]!;
    const comp = new Array<number>(d);
    let big = 0;
    for (let j = 0; j < d; j++) {
      comp[j] = vectors.get(j, col);
      if (Math.abs(comp[j]!) > Math.abs(comp[big]!)) big = j;
    }
    const sign = comp[big]! < 0 ? -1 : 1;
    // `+ 0` turns -0 into 0 so that the JSON round trip is exact.
    for (let j = 0; j < d; j++) comp[j] = sign * comp[j]! + 0;
    components.push(comp);
  }

  const explainedVariance = variance.slice(0, k);
  const warnings: string[] = [];
  const positive = explainedVariance.filter((x) => x > 0).length;
  if (positive < k) warnings.push(msg.rankDeficient(k, positive));
  if (whiten)
    explainedVariance.forEach((x, c) => {
      if (!(x > 0)) warnings.push(msg.whitenZeroVariance(c));
    });

  const loadings: PCALoading[] = [];
  for (let c = 0; c < k; c++) {
    const s = Math.sqrt(explainedVariance[c]!);
    for (let j = 0; j < d; j++)
      loadings.push({ component: c, feature: featureNames[j]!, value: components[c]![j]! * s + 0 });
  }

  return {
    kind: "pca",
    version: 1,
    params: { nComponents: k, varianceToKeep: v ?? null, whiten },
    nSamples: n,
    featureNames,
    mean: Array.from(mean, (x) => x + 0),
    components,
    explainedVariance,
    explainedVarianceRatio: ratio.slice(0, k),
    singularValues: explainedVariance.map((x) => Math.sqrt(x * (n - 1))),
    totalVariance,
    loadings,
    warnings,
  };
}

/**
 * Column means and the d × d sample covariance (n − 1 denominator) of X in one pass.
 *
 * The data are shifted by the mean of the first block, so that the sums of products do not
 * cancel catastrophically when the means are large against the spread. Each block of rows is
 * transposed into a small column-major buffer, and the upper triangle of XᵀX is accumulated 2 × 2
 * entries at a time over contiguous columns: four multiply-adds per four loads, which is what
 * makes a JavaScript loop approach BLAS speed here. Per-block partial sums also bound the
 * rounding error growth.
 */
function covariance(X: Matrix): { mean: Float64Array; cov: Float64Array } {
  const { data, rows: n, cols: d } = X;
  const B = BLOCK;
  const shift = new Float64Array(d);
  const first = Math.min(n, B);
  for (let i = 0; i < first; i++) for (let j = 0; j < d; j++) shift[j] += data[i * d + j]!;
  for (let j = 0; j < d; j++) shift[j] /= first;

  // One zero row of padding lets the 2 × 2 kernel run over an odd d without branches.
  const T = new Float64Array((d + 1) * B);
  const S = new Float64Array(d * d);
  const sums = new Float64Array(d);
  for (let i0 = 0; i0 < n; i0 += B) {
    const m = Math.min(B, n - i0);
    for (let r = 0; r < m; r++) {
      const o = (i0 + r) * d;
      for (let j = 0; j < d; j++) T[j * B + r] = data[o + j]! - shift[j]!;
    }
    for (let j = 0; j < d; j++) {
      let s = 0;
      const o = j * B;
      for (let r = 0; r < m; r++) s += T[o + r]!;
      sums[j] += s;
    }
    for (let a = 0; a < d; a += 2) {
      const a0 = a * B;
      const a1 = a0 + B;
      for (let c = a; c < d; c += 2) {
        const c0 = c * B;
        const c1 = c0 + B;
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        for (let r = 0; r < m; r++) {
          const x0 = T[a0 + r]!;
          const x1 = T[a1 + r]!;
          const y0 = T[c0 + r]!;
          const y1 = T[c1 + r]!;
          s00 += x0 * y0;
          s01 += x0 * y1;
          s10 += x1 * y0;
          s11 += x1 * y1;
        }
        // Entries past column d - 1 or below the diagonal are padding or duplicates: the
        // upper triangle alone is kept, and the padding row is all zeros.
        S[a * d + c] += s00;
        if (c + 1 < d) S[a * d + c + 1] += s01;
        if (a + 1 < d && c > a) S[(a + 1) * d + c] += s10;
        if (a + 1 < d && c + 1 < d) S[(a + 1) * d + c + 1] += s11;
      }
    }
  }

  const mean = new Float64Array(d);
  for (let j = 0; j < d; j++) mean[j] = shift[j]! + sums[j]! / n;
  const cov = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let c = a; c < d; c++) {
      // Σ(x−s)(y−s) − n·(x̄−s)(ȳ−s) = Σ(x−x̄)(y−ȳ)
      const v = (S[a * d + c]! - (sums[a]! * sums[c]!) / n) / (n - 1);
      cov[a * d + c] = v;
      cov[c * d + a] = v;
    }
  }
  return { mean, cov };
}
