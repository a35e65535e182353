import type { Matrix } from "../matrix/matrix.js";
import { checkLabelCount, checkMatrix, clusterMeans, compactLabels } from "./internal.js";

/**
 * Calinski–Harabasz index (Caliński & Harabasz 1974): the ratio of between-cluster to
 * within-cluster dispersion, each divided by its degrees of freedom, (B / (k − 1)) / (W / (n − k)).
 * Higher is better. Returns 1 when W = 0, as scikit-learn's `calinski_harabasz_score` does.
 *
 * @param X - the data (rows = points).
 * @param labels - a cluster label (integer >= 0) per row; 2 <= distinct labels <= rows − 1.
 * @returns the index.
 * @throws {TypeError} when X is not a Matrix or labels do not match its rows.
 * @throws {RangeError} on non-finite values or bad labels.
 * @example
 * calinskiHarabasz(fromRows([[0], [1], [10], [11]]), Int32Array.of(0, 0, 1, 1)); // => 200
 */
export function calinskiHarabasz(X: Matrix, labels: ArrayLike<number>): number {
  checkMatrix(X);
  const { codes, counts, k } = compactLabels(labels, X.rows);
  checkLabelCount(k, X.rows);
  const n = X.rows;
  const d = X.cols;
  const a = X.data;
  const means = clusterMeans(X, codes, k, counts);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += a[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j] /= n;
  let extra = 0;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const e = means[c * d + j]! - mean[j]!;
      s += e * e;
    }
    extra += counts[c]! * s;
  }
  let intra = 0;
  for (let i = 0; i < n; i++) {
    const o = codes[i]! * d;
    for (let j = 0; j < d; j++) {
      const e = a[i * d + j]! - means[o + j]!;
      intra += e * e;
    }
  }
  return intra === 0 ? 1 : (extra * (n - k)) / (intra * (k - 1));
}
