import type { Matrix } from "../matrix/matrix.js";
import * as msg from "./messages.js";
import type { PCAProjection } from "./types.js";
import { checkMatrix, checkModel, findNonFinite } from "./validate.js";

/**
 * Projects rows onto the fitted components: (x − mean) · componentsᵀ, each score divided by
 * √explainedVariance when the model whitens.
 *
 * @param model - from {@link fitPCA}, or the projection a segment model stores ({@link PCAProjection}).
 * @param X - n × d, same columns as the fit, finite values.
 * @returns n × nComponents scores.
 * @throws {TypeError} when X is not a Matrix of the model's width or model is not a PCA model.
 * @throws {RangeError} on a non-finite value (naming row, column and feature).
 * @example
 * transformPCA(fitPCA(fromRows([[0, 0], [1, 1], [2, 2]]), { nComponents: 1 }), fromRows([[2, 2]])).data;
 * // => Float64Array [1.4142…]
 */
export function transformPCA(model: PCAProjection, X: Matrix): Matrix {
  checkModel(model);
  checkMatrix(X, "X");
  const d = model.mean.length;
  const k = model.components.length;
  if (X.cols !== d) throw new TypeError(msg.badWidth("X", X.cols, d, "features"));
  findNonFinite(X, "X", model.featureNames ?? []);
  const n = X.rows;
  const W = new Float64Array(k * d);
  pcaWeights(model).forEach((row, c) => W.set(row, c * d));
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

/**
 * The projection weights of a PCA model, row c = component c, divided by
 * √explainedVariance_c when whitening (a zero-variance component is not whitened: fitPCA warned
 * about it) — the numbers {@link transformPCA} multiplies by, and that the exported SQL embeds
 * as literals, so that both agree to the last bit.
 *
 * @param model - a PCA model or projection.
 * @returns nComponents rows of d weights.
 * @example
 * pcaWeights({ kind: "pca", mean: [0], components: [[2]], params: { whiten: true }, explainedVariance: [4] }); // => [[1]]
 */
export function pcaWeights(model: PCAProjection): number[][] {
  const whiten = model.params?.whiten === true;
  return model.components.map((comp, c) => {
    const ev = model.explainedVariance?.[c] ?? 0;
    const s = whiten && ev > 0 ? 1 / Math.sqrt(ev) : 1;
    return comp.map((v) => v * s);
  });
}
