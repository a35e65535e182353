import type { Matrix } from "../matrix/matrix.js";
import * as msg from "./messages.js";
import type { PCAModel } from "./types.js";
import { checkMatrix, checkModel, findNonFinite } from "./validate.js";

/**
 * Projects rows onto the fitted components: (x − mean) · componentsᵀ, each score divided by
 * √explainedVariance when the model whitens.
 *
 * @param model - from {@link fitPCA}.
 * @param X - n × d, same columns as the fit, finite values.
 * @returns n × nComponents scores.
 * @throws {TypeError} when X is not a Matrix of the model's width or model is not a PCA model.
 * @throws {RangeError} on a non-finite value (naming row, column and feature).
 * @example
 * transformPCA(fitPCA(fromRows([[0, 0], [1, 1], [2, 2]]), { nComponents: 1 }), fromRows([[2, 2]])).data;
 * // => Float64Array [1.4142…]
 */
export function transformPCA(model: PCAModel, X: Matrix): Matrix {
  checkModel(model);
  checkMatrix(X, "X");
  const d = model.mean.length;
  const k = model.components.length;
  if (X.cols !== d) throw new TypeError(msg.badWidth("X", X.cols, d, "features"));
  findNonFinite(X, "X", model.featureNames);
  const n = X.rows;
  const W = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    const ev = model.explainedVariance[c]!;
    // A zero-variance component is not whitened (fitPCA warned about it).
    const s = model.params.whiten && ev > 0 ? 1 / Math.sqrt(ev) : 1;
    for (let j = 0; j < d; j++) W[c * d + j] = model.components[c]![j]! * s;
  }
  const mean = Float64Array.from(model.mean);
  const x = new Float64Array(d);
  const out = new Float64Array(n * k);
  const src = X.data;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) x[j] = src[o + j]! - mean[j]!;
    for (let c = 0; c < k; c++) {
      let s = 0;
      const w = c * d;
      for (let j = 0; j < d; j++) s += x[j]! * W[w + j]!;
      out[i * k + c] = s;
    }
  }
  return { data: out, rows: n, cols: k };
}
