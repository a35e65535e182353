import type { Matrix } from "../matrix/matrix.js";
import * as msg from "./messages.js";
import type { PCAProjection } from "./types.js";

/** Throws a TypeError unless `X` is a well-formed Matrix. */
export function checkMatrix(X: Matrix, what: string): void {
  if (
    X === null ||
    typeof X !== "object" ||
    !(X.data instanceof Float64Array) ||
    !Number.isInteger(X.rows) ||
    !Number.isInteger(X.cols) ||
    X.rows < 0 ||
    X.cols < 0 ||
    X.data.length !== X.rows * X.cols
  )
    throw new TypeError(msg.notAMatrix(what));
}

/** Throws a RangeError naming the first non-finite value of X (row, column, feature name). */
export function findNonFinite(X: Matrix, what: string, names: readonly string[]): void {
  const { data, cols } = X;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      const row = Math.floor(i / cols);
      const col = i - row * cols;
      throw new RangeError(msg.notFinite(what, data[i]!, row, col, names[col] ?? `x${col}`));
    }
  }
}

/** Throws a TypeError unless `model` is a version-1 PCA model. */
export function checkModel(model: PCAProjection): void {
  if (
    model === null ||
    typeof model !== "object" ||
    model.kind !== "pca" ||
    (model.version !== undefined && model.version !== 1) ||
    !Array.isArray(model.mean) ||
    !Array.isArray(model.components)
  )
    throw new TypeError(
      msg.badModel(
        (model as { kind?: unknown } | null)?.kind,
        (model as { version?: unknown } | null)?.version,
      ),
    );
}
