import { availableParallelism } from "node:os";
import type { Matrix } from "../matrix/matrix.js";
import { takeRows } from "../matrix/matrix.js";
import {
  checkLabelCount,
  checkMatrix,
  checkPositiveInt,
  checkSeed,
  compactLabels,
} from "./internal.js";
import { messages } from "./messages.js";
import { clusterDistanceSums } from "./silhouette-kernel.js";
import { stratifiedSample } from "./stratified-sample.js";

/** Options of {@link silhouetteScore}. */
export interface SilhouetteOptions {
  /**
   * Rows above which the silhouette is estimated on a stratified sample instead of computed
   * exactly. Default 20 000 (exact costs about n²·d/2 flops, ~1–2 s at 20k × 20 on two cores).
   */
  maxExact?: number;
  /**
   * Size of the stratified sample used when rows > maxExact (or when given explicitly and
   * smaller than rows). Default 10 000.
   */
  sampleSize?: number;
  /** Minimum sampled rows per cluster (all of a smaller cluster). Default 100. */
  minPerCluster?: number;
  /** Seed of the sample. Default 0. */
  seed?: number;
  /**
   * Threads (the calling thread plus workers). Default min(2, available cores). The result does
   * not depend on it.
   */
  threads?: number;
}

/** Result of {@link silhouetteScore}. */
export interface SilhouetteResult {
  /**
   * Mean silhouette. With a stratified sample, each cluster's sampled mean is weighted by the
   * cluster's share of all rows (inverse inclusion probability), so oversampled small clusters do
   * not bias it.
   */
  mean: number;
  /** Silhouette of every evaluated point (all rows, or the sampled rows in `sampleIndices` order). */
  perPoint: Float64Array;
  /** Row indices of the evaluated points when sampled. */
  sampleIndices?: Int32Array;
  /** True when estimated on a sample. */
  sampled: boolean;
  /** Number of evaluated points. */
  sampleSize: number;
  /** Per cluster (increasing label order): mean silhouette of its evaluated points. */
  perCluster: { label: number; mean: number; size: number; evaluated: number }[];
  warnings: string[];
}

/**
 * Silhouette coefficient (Rousseeuw 1987): for each point, a = mean distance to its own cluster,
 * b = smallest mean distance to another cluster, s = (b − a) / max(a, b), 0 for singletons — the
 * definition scikit-learn's `silhouette_samples` uses. Computed blockwise with O(n·k) memory
 * (never an n × n matrix), exploiting symmetry, on up to 4 threads with a thread-independent
 * result. Above `maxExact` rows, a stratified sample per cluster is used (see
 * {@link stratifiedSample}), so small segments keep a minimum number of points.
 *
 * @param X - the data (rows = points).
 * @param labels - a cluster label (integer >= 0) per row; 2 <= distinct labels <= rows − 1.
 * @param options - see {@link SilhouetteOptions}.
 * @returns the mean, per-point values and sample information.
 * @throws {TypeError} when X is not a Matrix or labels do not match its rows.
 * @throws {RangeError} on non-finite values, bad labels, or a bad option.
 * @example
 * silhouetteScore(fromRows([[0], [1], [10], [11]]), Int32Array.of(0, 0, 1, 1)).mean;
 * // => 0.899749373433584
 */
export function silhouetteScore(
  X: Matrix,
  labels: ArrayLike<number>,
  options: SilhouetteOptions = {},
): SilhouetteResult {
  checkMatrix(X);
  const all = compactLabels(labels, X.rows);
  checkLabelCount(all.k, X.rows);
  const maxExact = checkPositiveInt(
    options.maxExact ?? 20_000,
    messages.sampleSize(options.maxExact ?? 0),
    2,
  );
  const threads = options.threads ?? Math.min(2, availableParallelism());
  if (!Number.isInteger(threads) || threads < 1 || threads > 64)
    throw new RangeError(messages.threads(threads));
  const seed = checkSeed(options.seed ?? 0);
  const wantSample =
    options.sampleSize !== undefined ? options.sampleSize < X.rows : X.rows > maxExact;
  if (!wantSample) {
    const perPoint = silhouetteSamples(X, all.codes, all.k, all.counts, threads);
    const perCluster = summarise(perPoint, all.codes, all.values, all.counts);
    let s = 0;
    for (let i = 0; i < perPoint.length; i++) s += perPoint[i]!;
    return {
      mean: s / X.rows,
      perPoint,
      sampled: false,
      sampleSize: X.rows,
      perCluster,
      warnings: [],
    };
  }
  const sampleSize = options.sampleSize ?? 10_000;
  const sample = stratifiedSample(all.codes, {
    sampleSize,
    minPerCluster: options.minPerCluster ?? 100,
    seed,
  });
  const idx = sample.indices;
  const sub = takeRows(X, idx);
  const subCodes = new Int32Array(idx.length);
  for (let r = 0; r < idx.length; r++) subCodes[r] = all.codes[idx[r]!]!;
  const perPoint = silhouetteSamples(sub, subCodes, all.k, sample.sampledSizes, threads);
  const perCluster = summarise(perPoint, subCodes, all.values, sample.sampledSizes).map((c, i) => ({
    ...c,
    size: all.counts[i]!,
  }));
  let mean = 0;
  for (const c of perCluster) mean += (c.mean * c.size) / X.rows;
  return {
    mean,
    perPoint,
    sampleIndices: idx,
    sampled: true,
    sampleSize: idx.length,
    perCluster,
    warnings: [messages.silhouetteSampled(idx.length, X.rows)],
  };
}

function summarise(
  perPoint: Float64Array,
  codes: Int32Array,
  values: number[],
  counts: number[],
): { label: number; mean: number; size: number; evaluated: number }[] {
  const sums = new Float64Array(values.length);
  for (let i = 0; i < perPoint.length; i++) sums[codes[i]!] += perPoint[i]!;
  return values.map((label, c) => ({
    label,
    mean: counts[c]! > 0 ? sums[c]! / counts[c]! : 0,
    size: counts[c]!,
    evaluated: counts[c]!,
  }));
}

/** Unchecked core: per-point silhouette of compact codes (clusters may be empty in a sample). */
export function silhouetteSamples(
  X: Matrix,
  codes: Int32Array,
  k: number,
  counts: number[],
  threads: number,
): Float64Array {
  const n = X.rows;
  const work = (n * n * X.cols) / 2;
  // Starting a worker costs ~30 ms; below ~5e7 flops one thread is faster.
  const sums = clusterDistanceSums(X.data, n, X.cols, codes, k, work < 5e7 ? 1 : threads);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const li = codes[i]!;
    const own = counts[li]!;
    if (own <= 1) continue; // scikit-learn: a singleton's silhouette is 0
    const o = i * k;
    const a = sums[o + li]! / (own - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === li || counts[c]! === 0) continue;
      const m = sums[o + c]! / counts[c]!;
      if (m < b) b = m;
    }
    const den = Math.max(a, b);
    s[i] = den > 0 ? (b - a) / den : 0;
  }
  return s;
}
