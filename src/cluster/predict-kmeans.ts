import type { Matrix } from "../matrix/matrix.js";
import * as msg from "./messages.js";
import type { KMeansCentres } from "./types.js";
import { validateMatrix } from "./validate.js";

function checkModel(model: KMeansCentres, X: Matrix): Float64Array {
  if (
    model === null ||
    typeof model !== "object" ||
    model.kind !== "kmeans" ||
    (model.version !== undefined && model.version !== 1) ||
    !Array.isArray(model.centroids) ||
    model.centroids.length === 0
  )
    throw new TypeError(msg.notAModel(model));
  validateMatrix(X);
  const width = model.nFeatures ?? model.centroids[0]!.length;
  if (X.cols !== width) throw new TypeError(msg.featureMismatch(X.cols, width));
  const d = X.cols;
  const k = model.centroids.length;
  const c = new Float64Array(k * d);
  for (let j = 0; j < k; j++) c.set(model.centroids[j]!, j * d);
  return c;
}

/**
 * Assigns each row to its nearest centroid (squared Euclidean distance; ties to the smaller
 * segment id). On the training data this returns exactly the labels of {@link fitPredictKMeans}.
 *
 * @param model - a fitted {@link KMeansModel}, or the centres a segment model stores ({@link KMeansCentres}).
 * @param X - rows with `model.nFeatures` columns.
 * @returns the segment id of every row.
 * @throws {TypeError} not a k-means model, or a column count that differs from the model's.
 * @throws {RangeError} empty X or a NaN/±Infinity value (row and column named).
 * @example
 * const model = fitKMeans(fromRows([[0], [1], [10], [11]]), { k: 2 });
 * predictKMeans(model, fromRows([[0.2], [12]])); // => Int32Array [0, 1]
 */
export function predictKMeans(model: KMeansCentres, X: Matrix): Int32Array {
  const cen = checkModel(model, X);
  const { data: x, rows: n, cols: d } = X;
  const k = model.centroids.length;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let best = Infinity;
    let b = 0;
    for (let j = 0; j < k; j++) {
      const q = j * d;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const t = x[o + f]! - cen[q + f]!;
        s += t * t;
      }
      if (s < best) {
        best = s;
        b = j;
      }
    }
    out[i] = b;
  }
  return out;
}

/**
 * Euclidean distance from every row to every centroid (scikit-learn's `KMeans.transform`).
 *
 * @param model - a fitted {@link KMeansModel}.
 * @param X - rows with `model.nFeatures` columns.
 * @returns an X.rows × k matrix; entry (i, j) is the distance from row i to centroid j.
 * @throws {TypeError} not a k-means model, or a column count that differs from the model's.
 * @throws {RangeError} empty X or a NaN/±Infinity value.
 * @example
 * const model = fitKMeans(fromRows([[0], [1], [10], [11]]), { k: 2 });
 * transformKMeans(model, fromRows([[0.5]])).data; // => Float64Array [0, 10]
 */
export function transformKMeans(model: KMeansCentres, X: Matrix): Matrix {
  const cen = checkModel(model, X);
  const { data: x, rows: n, cols: d } = X;
  const k = model.centroids.length;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < k; j++) {
      const q = j * d;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const t = x[o + f]! - cen[q + f]!;
        s += t * t;
      }
      out[i * k + j] = Math.sqrt(s);
    }
  }
  return { data: out, rows: n, cols: k };
}
