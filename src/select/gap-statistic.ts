import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import { fitKMeans } from "../cluster/index.js";
import type { Matrix } from "../matrix/matrix.js";
import { createRandom, deriveSeed } from "../matrix/random.js";
import { checkMatrix, checkPositiveInt, checkSeed } from "./internal.js";
import { messages } from "./messages.js";

/** Where gap reference data is drawn: the data's bounding box, or its PCA-aligned box. */
export type GapReference = "box" | "pca";

/** The two rules of R's `cluster::maxSE` this package offers. */
export type GapRule = "firstSEmax" | "Tibs2001SEmax";

/** Options of {@link gapStatistic}. */
export interface GapOptions {
  /** Largest k (k runs over 1..kMax). Required. */
  kMax: number;
  /** Number of reference data sets. Default 20 (R's clusGap uses 100; 20 keeps scans fast). */
  B?: number;
  /** Seed of the reference draws and k-means fits. Default 0. */
  seed?: number;
  /** k-means restarts per fit. Default 1 (k-means++ seeding). */
  nInit?: number;
  /**
   * Reference distribution: uniform over the bounding box of the data ("box", Tibshirani's
   * (a)) or over the box aligned with the data's principal components ("pca", (b); the default,
   * which Tibshirani et al. recommend because it respects the data's shape).
   */
  reference?: GapReference;
  /** Rule that picks k. Default "firstSEmax" (R's clusGap default). */
  method?: GapRule;
  /** Multiplier of s_k in the rule. Default 1. */
  seFactor?: number;
  /** Threads for k-means. Default: k-means' own default. */
  threads?: number;
}

/** Result of {@link gapStatistic}; arrays are indexed by k − 1 (k = 1..kMax). */
export interface GapResult {
  k: number[];
  /** log(W_k) of the data, W_k = within-cluster sum of squares. */
  logW: number[];
  /** Mean over the B reference sets of log(W*_k). */
  expectedLogW: number[];
  /** Gap(k) = E*[log W*_k] − log W_k. */
  gap: number[];
  /** s_k = sd_k · sqrt(1 + 1/B), sd_k with the n − 1 denominator (as R's clusGap). */
  sk: number[];
  /** k chosen by R's firstSEmax rule. */
  firstSEmax: number;
  /** k chosen by Tibshirani et al.'s (2001) rule. */
  tibs2001SEmax: number;
  /** k chosen by the requested method. */
  kBest: number;
  B: number;
  reference: GapReference;
  method: GapRule;
}

/**
 * Picks k from a gap curve with R's `cluster::maxSE` rules (Maechler et al.):
 * - `"Tibs2001SEmax"`: the smallest k with Gap(k) ≥ Gap(k+1) − s_{k+1} (Tibshirani, Walther &
 *   Hastie 2001);
 * - `"firstSEmax"`: the smallest k with Gap(k) ≥ Gap(K) − s_K, where K is the first local maximum.
 *
 * @param gap - Gap(k) for k = 1..K.
 * @param sk - s_k for k = 1..K.
 * @param method - the rule.
 * @param seFactor - multiplier of s_k. Default 1.
 * @returns the chosen k (1-based).
 * @throws {TypeError} when the lengths differ.
 * @throws {RangeError} on an unknown method.
 * @example
 * gapRule([0.1, 0.5, 0.55, 0.4], [0.1, 0.1, 0.1, 0.1], "firstSEmax"); // => 2
 */
export function gapRule(
  gap: readonly number[],
  sk: readonly number[],
  method: GapRule,
  seFactor = 1,
): number {
  if (gap.length !== sk.length) throw new TypeError(messages.seLengths(gap.length, sk.length));
  const K = gap.length;
  const fSE = sk.map((s) => s * seFactor);
  if (method === "Tibs2001SEmax") {
    for (let k = 0; k < K - 1; k++) if (gap[k]! >= gap[k + 1]! - fSE[k + 1]!) return k + 1;
    return K;
  }
  if (method === "firstSEmax") {
    let nc = K;
    for (let k = 0; k < K - 1; k++)
      if (gap[k + 1]! - gap[k]! <= 0) {
        nc = k + 1;
        break;
      }
    for (let k = 0; k < nc - 1; k++) if (gap[k]! >= gap[nc - 1]! - fSE[nc - 1]!) return k + 1;
    return nc;
  }
  throw new RangeError(messages.gapMethod(method));
}

/**
 * Returns a function that draws one reference data set (same shape as X) uniformly in the
 * bounding box of X ("box") or in the box of X's principal-component scores, rotated back ("pca").
 *
 * @param X - the data.
 * @param reference - "box" or "pca".
 * @returns a draw function taking a uniform source.
 * @throws {RangeError} on an unknown reference.
 * @example
 * createGapReference(fromRows([[0, 0], [1, 2]]), "box")(createRandom(1)).rows; // => 2
 */
export function createGapReference(
  X: Matrix,
  reference: GapReference,
): (random: () => number) => Matrix {
  if (reference !== "box" && reference !== "pca")
    throw new RangeError(messages.reference(reference));
  const n = X.rows;
  const d = X.cols;
  const a = X.data;
  if (reference === "box") {
    const lo = new Float64Array(d).fill(Infinity);
    const hi = new Float64Array(d).fill(-Infinity);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < d; j++) {
        const v = a[i * d + j]!;
        if (v < lo[j]!) lo[j] = v;
        if (v > hi[j]!) hi[j] = v;
      }
    return (random) => {
      const out = new Float64Array(n * d);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < d; j++) out[i * d + j] = lo[j]! + random() * (hi[j]! - lo[j]!);
      return { data: out, rows: n, cols: d };
    };
  }
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += a[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j] /= n;
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < n; i++)
    for (let p = 0; p < d; p++) {
      const ep = a[i * d + p]! - mean[p]!;
      for (let q = p; q < d; q++) cov[p]![q]! += ep * (a[i * d + q]! - mean[q]!);
    }
  for (let p = 0; p < d; p++) for (let q = 0; q < p; q++) cov[p]![q] = cov[q]![p]!;
  const V = new EigenvalueDecomposition(new MlMatrix(cov), {
    assumeSymmetric: true,
  }).eigenvectorMatrix.to2DArray();
  // Scores z = (x − mean) · V; their box; draws are rotated back: x = mean + z · Vᵀ.
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < d; c++) {
      let z = 0;
      for (let j = 0; j < d; j++) z += (a[i * d + j]! - mean[j]!) * V[j]![c]!;
      if (z < lo[c]!) lo[c] = z;
      if (z > hi[c]!) hi[c] = z;
    }
  return (random) => {
    const out = new Float64Array(n * d);
    const z = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < d; c++) z[c] = lo[c]! + random() * (hi[c]! - lo[c]!);
      for (let j = 0; j < d; j++) {
        let x = mean[j]!;
        for (let c = 0; c < d; c++) x += z[c]! * V[j]![c]!;
        out[i * d + j] = x;
      }
    }
    return { data: out, rows: n, cols: d };
  };
}

/** log of the within-cluster sum of squares of k-means fits for k = 1..kMax. */
export function logWithinCurve(
  X: Matrix,
  kMax: number,
  seed: number,
  nInit: number,
  threads: number | undefined,
): number[] {
  const out: number[] = [];
  // k = 1: total sum of squares about the mean (no fit needed).
  const d = X.cols;
  const mean = new Float64Array(d);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < d; j++) mean[j] += X.data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j] /= X.rows;
  let w1 = 0;
  for (let i = 0; i < X.rows; i++)
    for (let j = 0; j < d; j++) {
      const e = X.data[i * d + j]! - mean[j]!;
      w1 += e * e;
    }
  out.push(Math.log(w1));
  for (let k = 2; k <= kMax; k++) {
    const m = fitKMeans(X, {
      k,
      seed: deriveSeed(seed, k),
      nInit,
      // W_k barely moves after 100 iterations; the bound keeps (B + 1)·(kMax − 1) fits affordable.
      maxIter: 100,
      ...(threads === undefined ? {} : { threads }),
    });
    out.push(Math.log(m.inertia));
  }
  return out;
}

/**
 * Gap statistic (Tibshirani, Walther & Hastie 2001): compares log(W_k) of k-means on the data with
 * its expectation under a uniform reference distribution, for k = 1..kMax, and picks k with
 * `firstSEmax` or `Tibs2001SEmax` (R's `cluster::clusGap` / `maxSE`). A pick of k = 1 means the data
 * is no more clustered than uniform noise in its box.
 *
 * Cost: (B + 1) · (kMax − 1) k-means fits on X — run it on a sample of a few thousand rows.
 *
 * @param X - the data.
 * @param options - see {@link GapOptions}.
 * @returns the curves and the chosen k.
 * @throws {TypeError} when X is not a Matrix.
 * @throws {RangeError} on a bad option.
 * @example
 * gapStatistic(X, { kMax: 6, B: 20, seed: 1 }).firstSEmax; // => 3 on three separated blobs
 */
export function gapStatistic(X: Matrix, options: GapOptions): GapResult {
  checkMatrix(X);
  const kMax = options.kMax;
  if (!Number.isInteger(kMax) || kMax < 1 || kMax > X.rows)
    throw new RangeError(messages.kMax(kMax, X.rows));
  const B = checkPositiveInt(options.B ?? 20, messages.B("B", options.B ?? 20), 2);
  const seed = checkSeed(options.seed ?? 0);
  const nInit = checkPositiveInt(options.nInit ?? 1, messages.nInit(options.nInit ?? 1));
  const reference = options.reference ?? "pca";
  const method = options.method ?? "firstSEmax";
  if (method !== "firstSEmax" && method !== "Tibs2001SEmax")
    throw new RangeError(messages.gapMethod(method));
  const seFactor = options.seFactor ?? 1;
  const draw = createGapReference(X, reference);
  const logW = logWithinCurve(X, kMax, deriveSeed(seed, 0), nInit, options.threads);
  const ref: number[][] = [];
  for (let b = 0; b < B; b++) {
    const Z = draw(createRandom(deriveSeed(seed, 1000 + b)));
    ref.push(logWithinCurve(Z, kMax, deriveSeed(seed, 2000 + b), nInit, options.threads));
  }
  const expectedLogW: number[] = [];
  const sk: number[] = [];
  for (let k = 0; k < kMax; k++) {
    let m = 0;
    for (let b = 0; b < B; b++) m += ref[b]![k]!;
    m /= B;
    let v = 0;
    for (let b = 0; b < B; b++) v += (ref[b]![k]! - m) ** 2;
    v /= B - 1;
    expectedLogW.push(m);
    sk.push(Math.sqrt(v) * Math.sqrt(1 + 1 / B));
  }
  const gap = expectedLogW.map((e, k) => e - logW[k]!);
  const firstSEmax = gapRule(gap, sk, "firstSEmax", seFactor);
  const tibs2001SEmax = gapRule(gap, sk, "Tibs2001SEmax", seFactor);
  return {
    k: Array.from({ length: kMax }, (_, i) => i + 1),
    logW,
    expectedLogW,
    gap,
    sk,
    firstSEmax,
    tibs2001SEmax,
    kBest: method === "firstSEmax" ? firstSEmax : tibs2001SEmax,
    B,
    reference,
    method,
  };
}
