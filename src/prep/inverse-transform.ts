import type { Matrix } from "../matrix/matrix.js";
import * as msg from "./messages.js";
import type { PreprocessModel } from "./types.js";
import { checkModel } from "./validate.js";

/**
 * Brings preprocessed rows (e.g. k-means centroids) back to the original units of the numeric
 * features: undoes weight → scale → log1p (with `expm1`). Winsorizing cannot be undone, so a
 * value that was clipped comes back as its clip bound; imputed values come back as the median.
 * One-hot columns are read but not returned (a centroid's attribute mix is profiled from the
 * assignments instead). A feature with weight 0 comes back as NaN (its information is gone).
 *
 * @param model - from {@link fitPreprocessor}.
 * @param X - rows in the output space, one column per `model.outputNames`.
 * @returns one row per input row, columns = `model.inputFeatures`, in original units.
 * @throws {TypeError} when X does not have `model.outputNames.length` columns.
 * @example
 * inverseTransform(model, transformPreprocessor(model, table)); // => the table's values (unclipped ones exactly, up to rounding)
 */
export function inverseTransform(model: PreprocessModel, X: Matrix | number[][]): number[][] {
  checkModel(model);
  const p = model.outputNames.length;
  const rows = Array.isArray(X) ? X : null;
  const m = Array.isArray(X) ? null : X;
  const n = rows !== null ? rows.length : m!.rows;
  if (m !== null && m.cols !== p) throw new TypeError(msg.badInverseWidth(m.cols, p));
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    let row: ArrayLike<number>;
    if (rows !== null) {
      row = rows[i]!;
      if (row.length !== p) throw new TypeError(msg.badInverseWidth(row.length, p));
    } else {
      row = m!.data.subarray(i * p, i * p + p);
    }
    out[i] = model.steps.map((s, j) => {
      let v = s.weight === 0 ? NaN : row[j]! / s.weight;
      v = v * s.scale + s.center;
      return s.log1p ? Math.expm1(v) : v;
    });
  }
  return out;
}
