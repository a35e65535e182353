/** Boundary checks of the clustering stage. @internal */
import type { Matrix } from "../matrix/matrix.js";
import * as msg from "./messages.js";

/** Checks that X is a non-empty finite row-major matrix. */
export function validateMatrix(X: Matrix, what = "X"): void {
  validateMatrixShape(X, what);
  const data = X.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    // v - v is NaN exactly for NaN and ±Infinity: one cheap test per value.
    if (v - v !== 0) {
      const row = Math.floor(i / X.cols);
      throw new RangeError(msg.nonFinite(what, row, i - row * X.cols, v));
    }
  }
}

/** Checks that X is a non-empty Matrix of consistent shape (values not read). */
export function validateMatrixShape(X: Matrix, what = "X"): void {
  if (
    X === null ||
    typeof X !== "object" ||
    !(X.data instanceof Float64Array) ||
    !Number.isInteger(X.rows) ||
    !Number.isInteger(X.cols)
  )
    throw new TypeError(msg.notAMatrix(what));
  if (X.data.length !== X.rows * X.cols)
    throw new TypeError(msg.badMatrixShape(what, X.data.length, X.rows, X.cols));
  if (X.rows < 1 || X.cols < 1) throw new RangeError(msg.emptyMatrix(what, X.rows, X.cols));
}

/** Checks an integer option against a minimum. */
export function checkInteger(name: string, value: unknown, min: number): number {
  if (typeof value !== "number") throw new TypeError(msg.notNumber(name, value));
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(msg.notInteger(name, value, min));
  return value;
}

/** Checks the sample weights; returns null when absent. */
export function validateWeights(w: unknown, rows: number): Float64Array | null {
  if (w === undefined || w === null) return null;
  if (!(w instanceof Float64Array)) throw new TypeError(msg.badWeightType());
  if (w.length !== rows) throw new TypeError(msg.badWeightLength(w.length, rows));
  let total = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i]!;
    if (!(v >= 0) || v === Infinity) throw new RangeError(msg.badWeight(i, v));
    total += v;
  }
  if (!(total > 0)) throw new RangeError(msg.zeroWeights());
  return w;
}

/**
 * Counts distinct rows (among rows with positive weight), stopping as soon as `limit` are
 * found: the usual case costs a handful of rows.
 */
export function countDistinctRows(X: Matrix, w: Float64Array | null, limit: number): number {
  const d = X.cols;
  const data = X.data;
  const buckets = new Map<number, number[]>();
  const bits = new Uint32Array(new Float64Array(1).buffer);
  const one = new Float64Array(bits.buffer);
  let count = 0;
  for (let i = 0; i < X.rows && count < limit; i++) {
    if (w !== null && !(w[i]! > 0)) continue;
    const o = i * d;
    let h = 0x811c9dc5;
    for (let f = 0; f < d; f++) {
      // -0 and 0 are the same point: hash 0 + value.
      one[0] = data[o + f]! + 0;
      h = Math.imul(h ^ bits[0]!, 0x01000193);
      h = Math.imul(h ^ bits[1]!, 0x01000193);
    }
    const list = buckets.get(h);
    if (list === undefined) {
      buckets.set(h, [i]);
      count++;
      continue;
    }
    let seen = false;
    for (const r of list) {
      let same = true;
      for (let f = 0; f < d && same; f++) same = data[r * d + f] === data[o + f];
      if (same) {
        seen = true;
        break;
      }
    }
    if (!seen) {
      list.push(i);
      count++;
    }
  }
  return count;
}

/** Checks explicit initial centres and returns them flattened. */
export function validateInitCentres(init: unknown, k: number, d: number): Float64Array {
  if (!Array.isArray(init)) throw new TypeError(msg.badInit(init));
  if (init.length !== k) throw new TypeError(msg.badInitRows(init.length, k));
  const out = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    const row: unknown = init[j];
    if (!Array.isArray(row) || row.length !== d)
      throw new TypeError(msg.badInitCols(j, Array.isArray(row) ? row.length : 0, d));
    for (let f = 0; f < d; f++) {
      const v: unknown = row[f];
      if (typeof v !== "number" || !Number.isFinite(v))
        throw new RangeError(msg.nonFiniteInit(j, f, v));
      out[j * d + f] = v;
    }
  }
  return out;
}

/** Checks a finite number in [0, 1]. */
export function checkRatio(name: string, value: unknown): number {
  if (typeof value !== "number") throw new TypeError(msg.notNumber(name, value));
  if (!(value >= 0 && value <= 1)) throw new RangeError(msg.badRatio(name, value));
  return value;
}
