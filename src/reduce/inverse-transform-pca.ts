import type { Matrix } from "../matrix/matrix.js";
import * as msg from "./messages.js";
import type { PCAModel } from "./types.js";
import { checkMatrix, checkModel, findNonFinite } from "./validate.js";

/**
 * Maps component scores back to the feature space: scores · components + mean (after undoing
 * whitening). Exact (up to rounding) when every component was kept; otherwise it returns the
 * projection of the original rows onto the kept components.
 *
 * @param model - from {@link fitPCA}.
 * @param Y - n × nComponents scores, e.g. from {@link transformPCA} or centroids fitted on them.
 * @returns n × d rows in the (preprocessed) feature space of the fit.
 * @throws {TypeError} when Y is not a Matrix with nComponents columns or model is not a PCA model.
 * @throws {RangeError} on a non-finite value.
 * @example
 * const m = fitPCA(fromRows([[0, 0], [1, 1], [2, 2]]));
 * inverseTransformPCA(m, transformPCA(m, fromRows([[2, 2]]))).data; // => Float64Array [2, 2] (up to rounding)
 */
export function inverseTransformPCA(model: PCAModel, Y: Matrix): Matrix {
  checkModel(model);
  checkMatrix(Y, "Y");
  const d = model.mean.length;
  const k = model.components.length;
  if (Y.cols !== k) throw new TypeError(msg.badWidth("Y", Y.cols, k, "components"));
  findNonFinite(
    Y,
    "Y",
    model.components.map((_, c) => `PC${c + 1}`),
  );
  const n = Y.rows;
  const W = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    const ev = model.explainedVariance[c]!;
    const s = model.params.whiten && ev > 0 ? Math.sqrt(ev) : 1;
    for (let j = 0; j < d; j++) W[c * d + j] = model.components[c]![j]! * s;
  }
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) out[o + j] = model.mean[j]!;
    for (let c = 0; c < k; c++) {
      const y = Y.data[i * k + c]!;
      const w = c * d;
      for (let j = 0; j < d; j++) out[o + j] += y * W[w + j]!;
    }
  }
  return { data: out, rows: n, cols: d };
}
