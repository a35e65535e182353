import * as msg from "./messages.js";

/** n choose 2 */
const pairs = (n: number): number => (n * (n - 1)) / 2;

/**
 * Adjusted Rand index between two labelings of the same rows (Hubert & Arabie 1985,
 * "Comparing partitions"): 1 for identical partitions (up to renaming), about 0 for random
 * ones, possibly negative. Labels may be any integers. Equals scikit-learn's
 * `adjusted_rand_score`, including its convention of 1 when both labelings put every row in
 * one cluster (or each row in its own).
 *
 * @param a - first labeling.
 * @param b - second labeling (same length).
 * @returns the ARI.
 * @throws {TypeError} different lengths, or a label that is not an integer.
 * @example
 * adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]); // => 1
 * adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]); // => -0.5
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new TypeError(msg.labelLengthMismatch(n, b.length));
  const ia = new Map<number, number>();
  const ib = new Map<number, number>();
  const ca = new Int32Array(n);
  const cb = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (!Number.isInteger(x)) throw new TypeError(msg.badLabel("a", i, x));
    if (!Number.isInteger(y)) throw new TypeError(msg.badLabel("b", i, y));
    let p = ia.get(x);
    if (p === undefined) ia.set(x, (p = ia.size));
    let q = ib.get(y);
    if (q === undefined) ib.set(y, (q = ib.size));
    ca[i] = p;
    cb[i] = q;
  }
  const ra = ia.size;
  const rb = ib.size;
  // Special cases as scikit-learn: identical trivial partitions score 1.
  if (ra === rb && (ra === 1 || ra === 0 || ra === n)) return 1;
  const table = new Map<number, number>();
  const sa = new Float64Array(ra);
  const sb = new Float64Array(rb);
  for (let i = 0; i < n; i++) {
    const key = ca[i]! * rb + cb[i]!;
    table.set(key, (table.get(key) ?? 0) + 1);
    sa[ca[i]!]++;
    sb[cb[i]!]++;
  }
  let sumCells = 0;
  for (const v of table.values()) sumCells += pairs(v);
  let sumA = 0;
  for (let p = 0; p < ra; p++) sumA += pairs(sa[p]!);
  let sumB = 0;
  for (let q = 0; q < rb; q++) sumB += pairs(sb[q]!);
  const expected = (sumA * sumB) / pairs(n);
  const max = (sumA + sumB) / 2;
  if (max === expected) return 1;
  return (sumCells - expected) / (max - expected);
}
