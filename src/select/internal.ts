/**
 * Shared boundary checks and small kernels of the `select/` stage (not exported from the barrel).
 */
import type { Matrix } from "../matrix/matrix.js";
import { messages } from "./messages.js";

/** Labels recoded to 0..k-1 in increasing order of the original label values. */
export interface CompactLabels {
  codes: Int32Array;
  /** The original label value of each code. */
  values: number[];
  counts: number[];
  k: number;
}

/** Checks that `X` is a finite Matrix; throws TypeError / RangeError. */
export function checkMatrix(X: Matrix, name = "X"): void {
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
    throw new TypeError(messages.notMatrix(name));
  const a = X.data;
  for (let i = 0; i < a.length; i++)
    if (!Number.isFinite(a[i]!))
      throw new RangeError(messages.nonFinite(name, Math.floor(i / X.cols), i % X.cols, a[i]!));
}

/** Checks labels against `rows` and recodes them to 0..k-1; throws TypeError / RangeError. */
export function compactLabels(labels: ArrayLike<number>, rows: number): CompactLabels {
  if (
    labels === null ||
    typeof labels !== "object" ||
    typeof (labels as { length?: unknown }).length !== "number"
  )
    throw new TypeError(messages.notLabels());
  if (labels.length !== rows) throw new TypeError(messages.labelsLength(labels.length, rows));
  const seen = new Map<number, number>();
  for (let i = 0; i < rows; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v) || v < 0) throw new RangeError(messages.badLabel(i, v));
    seen.set(v, (seen.get(v) ?? 0) + 1);
  }
  const values = [...seen.keys()].sort((a, b) => a - b);
  const code = new Map<number, number>();
  values.forEach((v, c) => code.set(v, c));
  const codes = new Int32Array(rows);
  for (let i = 0; i < rows; i++) codes[i] = code.get(labels[i]!)!;
  return { codes, values, counts: values.map((v) => seen.get(v)!), k: values.length };
}

/** Throws unless 2 <= k <= n - 1 (scikit-learn's check_number_of_labels). */
export function checkLabelCount(k: number, rows: number): void {
  if (k < 2 || k > rows - 1) throw new RangeError(messages.labelCount(k, rows));
}

export function checkSeed(seed: unknown): number {
  if (typeof seed !== "number" || !Number.isInteger(seed))
    throw new RangeError(messages.seed(seed));
  return seed;
}

export function checkPositiveInt(value: number, message: string, min = 1): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(message);
  return value;
}

/** Per-cluster means (k × d, row-major) of compact codes. */
export function clusterMeans(
  X: Matrix,
  codes: Int32Array,
  k: number,
  counts: number[],
): Float64Array {
  const d = X.cols;
  const means = new Float64Array(k * d);
  const a = X.data;
  for (let i = 0; i < X.rows; i++) {
    const o = codes[i]! * d;
    const oi = i * d;
    for (let j = 0; j < d; j++) means[o + j] += a[oi + j]!;
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) means[c * d + j] /= counts[c]!;
  return means;
}

/** Within-cluster sum of squares about the cluster means (W_k of the gap statistic). */
export function withinSS(X: Matrix, codes: Int32Array, k: number, counts: number[]): number {
  const d = X.cols;
  const means = clusterMeans(X, codes, k, counts);
  const a = X.data;
  let w = 0;
  for (let i = 0; i < X.rows; i++) {
    const o = codes[i]! * d;
    const oi = i * d;
    for (let j = 0; j < d; j++) {
      const diff = a[oi + j]! - means[o + j]!;
      w += diff * diff;
    }
  }
  return w;
}

/**
 * Draws `m` distinct indices of 0..n-1 uniformly (partial Fisher–Yates), returned sorted so the
 * sample keeps the data's row order.
 */
export function sampleIndices(n: number, m: number, random: () => number): Int32Array {
  if (m >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm.subarray(0, m).slice().sort();
}
