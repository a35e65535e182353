import type { Matrix } from "../matrix/matrix.js";
import { checkLabelCount, checkMatrix, clusterMeans, compactLabels } from "./internal.js";

/**
 * Davies–Bouldin index (Davies & Bouldin 1979): the mean over clusters of the worst ratio
 * (S_i + S_j) / M_ij, where S is the mean distance of a cluster's points to its centroid and M the
 * distance between centroids. Lower is better; 0 when every S or every M is 0 (scikit-learn's
 * `davies_bouldin_score` convention, including its `allclose` test and coinciding centroids
 * counting as infinitely far apart).
 *
 * @param X - the data (rows = points).
 * @param labels - a cluster label (integer >= 0) per row; 2 <= distinct labels <= rows − 1.
 * @returns the index.
 * @throws {TypeError} when X is not a Matrix or labels do not match its rows.
 * @throws {RangeError} on non-finite values or bad labels.
 * @example
 * daviesBouldin(fromRows([[0], [1], [10], [11]]), Int32Array.of(0, 0, 1, 1)); // => 0.1
 */
export function daviesBouldin(X: Matrix, labels: ArrayLike<number>): number {
  checkMatrix(X);
  const { codes, counts, k } = compactLabels(labels, X.rows);
  checkLabelCount(k, X.rows);
  const n = X.rows;
  const d = X.cols;
  const a = X.data;
  const means = clusterMeans(X, codes, k, counts);
  const intra = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const e = a[i * d + j]! - means[c * d + j]!;
      s += e * e;
    }
    intra[c] += Math.sqrt(s);
  }
  for (let c = 0; c < k; c++) intra[c] /= counts[c]!;
  const centroidDist = new Float64Array(k * k);
  for (let p = 0; p < k; p++)
    for (let q = 0; q < k; q++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const e = means[p * d + j]! - means[q * d + j]!;
        s += e * e;
      }
      centroidDist[p * k + q] = Math.sqrt(s);
    }
  // numpy.allclose(v, 0) with its default atol = 1e-8.
  const allClose = (v: Float64Array) => v.every((x) => Math.abs(x) <= 1e-8);
  if (allClose(intra) || allClose(centroidDist)) return 0;
  let total = 0;
  for (let p = 0; p < k; p++) {
    let worst = -Infinity;
    for (let q = 0; q < k; q++) {
      const m = centroidDist[p * k + q]!;
      const r = m === 0 ? 0 : (intra[p]! + intra[q]!) / m;
      if (r > worst) worst = r;
    }
    total += worst;
  }
  return total / k;
}
