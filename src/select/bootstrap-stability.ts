import { fitPredictKMeans, predictKMeans } from "../cluster/index.js";
import type { KMeansModel } from "../cluster/index.js";
import type { Matrix } from "../matrix/matrix.js";
import { takeRows } from "../matrix/matrix.js";
import { createRandom, deriveSeed } from "../matrix/random.js";
import { checkMatrix, checkPositiveInt, checkSeed } from "./internal.js";
import { messages, readStability, type StabilityReading } from "./messages.js";

/** Options of {@link bootstrapStability}. */
export interface StabilityOptions {
  /** Number of segments. Required unless `model` is given (then it must match). */
  k?: number;
  /** Bootstrap replicates. Default 20 (fpc::clusterboot's default is 100). */
  B?: number;
  /** Seed of the resamples and refits. Default 0. */
  seed?: number;
  /** k-means restarts per refit. Default 1. */
  nInit?: number;
  /**
   * Reference clustering whose segment ids the result is aligned to: its predictions on X are
   * the "original" segments. Default: k-means fitted on X with `k`, `seed`, `nInit`.
   */
  model?: KMeansModel;
  /** Reference labels (0..k−1 per row) instead of a model. */
  labels?: Int32Array;
  /** Threads for k-means. Default: k-means' own default. */
  threads?: number;
}

/** One segment's bootstrap stability. */
export interface SegmentStability {
  /** Segment id (row of the reference model's centroids / label value). */
  segment: number;
  /** Mean over replicates of the best Jaccard similarity to a bootstrap cluster. */
  meanJaccard: number;
  /** Hennig's reading of meanJaccard. */
  reading: StabilityReading;
  /** Replicates where the best Jaccard was ≤ 0.5 ("dissolved", as fpc counts them). */
  dissolved: number;
  /** Replicates where the best Jaccard was ≥ 0.75 ("recovered"). */
  recovered: number;
}

/** Result of {@link bootstrapStability}. */
export interface StabilityResult {
  perSegment: SegmentStability[];
  B: number;
  k: number;
  /** Rows the stability was computed on. */
  rows: number;
  warnings: string[];
}

/**
 * Per-segment bootstrap stability as Hennig's `fpc::clusterboot` computes it (Hennig 2007,
 * "Cluster-wise assessment of cluster stability", CSDA 52): draw n rows with replacement, refit
 * k-means with the same k, and for each original segment take the best Jaccard similarity to a
 * bootstrap cluster, both restricted to the distinct rows present in the resample; average over B
 * replicates. Reading: < 0.6 not trustworthy, 0.6–0.75 a pattern, ≥ 0.75 stable, ≥ 0.85 highly
 * stable.
 *
 * @param X - the data (use a sample of a few thousand rows on big data: cost is B k-means fits).
 * @param options - see {@link StabilityOptions}.
 * @returns per-segment mean Jaccard with its reading, aligned to the reference's segment ids.
 * @throws {TypeError} when X is not a Matrix or the model does not fit X.
 * @throws {RangeError} on a bad option.
 * @example
 * bootstrapStability(X, { k: 3, B: 20, seed: 1 }).perSegment[0];
 * // => { segment: 0, meanJaccard: 0.98, reading: "highly stable", dissolved: 0, recovered: 20 }
 */
export function bootstrapStability(X: Matrix, options: StabilityOptions): StabilityResult {
  checkMatrix(X);
  const B = checkPositiveInt(options.B ?? 20, messages.B("B", options.B ?? 20));
  const seed = checkSeed(options.seed ?? 0);
  const nInit = checkPositiveInt(options.nInit ?? 1, messages.nInit(options.nInit ?? 1));
  const threads = options.threads === undefined ? {} : { threads: options.threads };
  let k: number;
  let ref: Int32Array;
  if (options.model !== undefined) {
    const model = options.model;
    if (model.nFeatures !== X.cols)
      throw new TypeError(messages.modelFeatures(model.nFeatures, X.cols));
    k = model.centroids.length;
    if (options.k !== undefined && options.k !== k)
      throw new RangeError(messages.modelK(k, options.k));
    ref = predictKMeans(model, X);
  } else if (options.labels !== undefined) {
    if (options.labels.length !== X.rows)
      throw new TypeError(messages.labelsLength(options.labels.length, X.rows));
    ref = options.labels;
    k = options.k ?? 0;
    for (let i = 0; i < ref.length; i++) {
      if (!Number.isInteger(ref[i]) || ref[i]! < 0)
        throw new RangeError(messages.badLabel(i, ref[i]!));
      if (options.k === undefined) k = Math.max(k, ref[i]! + 1);
      else if (ref[i]! >= k) throw new RangeError(messages.badLabel(i, ref[i]!));
    }
  } else {
    k = options.k ?? NaN;
    if (!Number.isInteger(k) || k < 1 || k > X.rows) throw new RangeError(messages.k(k, X.rows));
    ref = fitPredictKMeans(X, { k, seed, nInit, ...threads }).labels;
  }
  if (!Number.isInteger(k) || k < 1 || k > X.rows) throw new RangeError(messages.k(k, X.rows));
  const sums = _bootstrapJaccard(X, ref, k, B, seed, nInit, options.threads);
  const warnings: string[] = [];
  const perSegment = sums.map((s, segment) => {
    if (s.replicates === 0) warnings.push(messages.segmentNeverSampled(segment));
    const meanJaccard = s.replicates === 0 ? 0 : s.total / s.replicates;
    return {
      segment,
      meanJaccard,
      reading: readStability(meanJaccard),
      dissolved: s.dissolved,
      recovered: s.recovered,
    };
  });
  return { perSegment, B, k, rows: X.rows, warnings };
}

/** Unchecked core of {@link bootstrapStability}: per segment, summed best Jaccard and counts. */
export function _bootstrapJaccard(
  X: Matrix,
  ref: Int32Array,
  k: number,
  B: number,
  seed: number,
  nInit: number,
  threads: number | undefined,
): { total: number; replicates: number; dissolved: number; recovered: number }[] {
  const n = X.rows;
  const out = Array.from({ length: k }, () => ({
    total: 0,
    replicates: 0,
    dissolved: 0,
    recovered: 0,
  }));
  const idx = new Int32Array(n);
  const bootLabel = new Int32Array(n);
  const table = new Int32Array(k * k);
  const origSize = new Int32Array(k);
  const bootSize = new Int32Array(k);
  for (let b = 0; b < B; b++) {
    const random = createRandom(deriveSeed(seed, 10_000 + b));
    for (let r = 0; r < n; r++) idx[r] = Math.floor(random() * n);
    const { labels } = fitPredictKMeans(takeRows(X, idx), {
      k,
      seed: deriveSeed(seed, 20_000 + b),
      nInit,
      // Lloyd's long tail moves labels little; 100 iterations bound the cost of B refits.
      maxIter: 100,
      ...(threads === undefined ? {} : { threads }),
    });
    // Distinct rows of the resample with their bootstrap cluster (duplicates share coordinates,
    // hence a cluster).
    bootLabel.fill(-1);
    for (let r = 0; r < n; r++) bootLabel[idx[r]!] = labels[r]!;
    table.fill(0);
    origSize.fill(0);
    bootSize.fill(0);
    for (let i = 0; i < n; i++) {
      const bl = bootLabel[i]!;
      if (bl < 0) continue;
      const ol = ref[i]!;
      table[ol * k + bl]++;
      origSize[ol]++;
      bootSize[bl]++;
    }
    for (let c = 0; c < k; c++) {
      if (origSize[c] === 0) continue;
      let best = 0;
      for (let j = 0; j < k; j++) {
        const inter = table[c * k + j]!;
        const union = origSize[c]! + bootSize[j]! - inter;
        const jac = union > 0 ? inter / union : 0;
        if (jac > best) best = jac;
      }
      const s = out[c]!;
      s.total += best;
      s.replicates++;
      if (best <= 0.5) s.dissolved++;
      if (best >= 0.75) s.recovered++;
    }
  }
  return out;
}
