import { fitKMeans, fitPredictKMeans } from "../cluster/index.js";
import type { KMeansModel } from "../cluster/index.js";
import type { Matrix } from "../matrix/matrix.js";
import { takeRows } from "../matrix/matrix.js";
import { createRandom, deriveSeed } from "../matrix/random.js";
import { _bootstrapJaccard } from "./bootstrap-stability.js";
import { calinskiHarabasz } from "./calinski-harabasz.js";
import { daviesBouldin } from "./davies-bouldin.js";
import { findKnee } from "./find-knee.js";
import { gapStatistic, type GapReference, type GapResult } from "./gap-statistic.js";
import { checkMatrix, checkPositiveInt, checkSeed, sampleIndices } from "./internal.js";
import { messages, readStability, type StabilityReading } from "./messages.js";
import { silhouetteScore, type SilhouetteResult } from "./silhouette-score.js";

/** Options of {@link scanK}. */
export interface ScanOptions {
  /** Smallest and largest k to fit. Default [2, 10]. */
  kRange?: [number, number];
  /** Seed of every fit and sample. Default 0. */
  seed?: number;
  /** k-means restarts of the main fits (on all rows). Default 3. */
  nInit?: number;
  /** Threads for k-means and the silhouette. Default: their own defaults. */
  threads?: number;
  /**
   * Above this many rows, each k is first fitted (with `nInit` restarts) on a uniform sample of
   * this size, and the best centres are then refined by Lloyd iterations on all rows (one run,
   * no restarts) — the restarts only need to find the basin, and a sample of 20k rows finds it.
   * Default 20 000.
   */
  fitSampleSize?: number;
  /**
   * Rows above which the silhouette is estimated on a stratified sample of this size (per k,
   * stratified by that k's segments, at least `minPerCluster` rows per segment). Default 5000.
   */
  silhouetteSampleSize?: number;
  /** Minimum rows per segment in the silhouette sample. Default 100. */
  minPerCluster?: number;
  /**
   * Gap statistic, or false to skip it. Computed on a uniform sample of at most `sampleSize`
   * rows (default 2000): gap compares the data with uniform reference sets of the same size, so
   * a sample of a few thousand rows carries the answer. Default `{ B: 10 }`.
   */
  gap?: { B?: number; sampleSize?: number; reference?: GapReference; nInit?: number } | false;
  /**
   * Bootstrap stability, or false to skip it. Computed on one uniform sample of at most
   * `sampleSize` rows (default 4000), shared by every k; the original segments are the main
   * models' labels on those rows, and each replicate refits k-means on a resample of them. This
   * measures the stability of k-means at that sample size, which is conservative for the full
   * data. Default `{ B: 20 }`.
   */
  stability?: { B?: number; sampleSize?: number; nInit?: number } | false;
  /** Called after each step (for a progress bar). */
  onProgress?: (done: number, total: number, step: string) => void;
}

/** Per-segment stability in a scan row. */
export interface ScanSegmentStability {
  segment: number;
  meanJaccard: number;
  reading: StabilityReading;
}

/** One k of a scan: plain JSON. */
export interface KScanRow {
  k: number;
  inertia: number;
  /** True for the Kneedle knee of the inertia curve. */
  knee: boolean;
  silhouette: number;
  /** Rows the silhouette was evaluated on (all rows when exact). */
  silhouetteSampleSize: number;
  silhouetteSampled: boolean;
  calinskiHarabasz: number;
  daviesBouldin: number;
  /** Rows per segment (segment ids as in the model: by descending size). */
  sizes: number[];
  /** Smallest segment's share of rows, in [0, 1]. */
  smallestShare: number;
  /** Gap(k) and s_k when the gap statistic was computed. */
  gap?: number;
  gapSk?: number;
  /** Per-segment bootstrap stability when computed. */
  stability?: ScanSegmentStability[];
  /** Smallest per-segment mean Jaccard when computed. */
  minStability?: number;
}

/** The plain-JSON part of a scan (what model.json stores). */
export interface KScanTable {
  kind: "kscan";
  version: 1;
  params: {
    kRange: [number, number];
    seed: number;
    nInit: number;
    fitSampleSize: number;
    silhouetteSampleSize: number;
    minPerCluster: number;
    gap: { B: number; sampleSize: number; reference: GapReference; nInit: number } | false;
    stability: { B: number; sampleSize: number; nInit: number } | false;
  };
  rows: number;
  cols: number;
  /** Kneedle knee of the inertia curve, or null. */
  knee: number | null;
  rowsByK: KScanRow[];
  /** Gap curve for k = 1..kMax (k = 1 is the "no clusters" baseline), when computed. */
  gap?: {
    k: number[];
    gap: number[];
    sk: number[];
    firstSEmax: number;
    tibs2001SEmax: number;
    B: number;
    reference: GapReference;
    rows: number;
  };
  warnings: string[];
}

/** A scan with the fitted models, labels and per-point silhouettes (for reuse and charts). */
export interface KScan extends KScanTable {
  /** The fitted k-means model of each k (same order as rowsByK). */
  models: KMeansModel[];
  /** The labels of all rows for each k. */
  labels: Int32Array[];
  /** Silhouette details per k (per-point values for the silhouette chart). */
  silhouettes: SilhouetteResult[];
}

/**
 * Fits k-means for every k in `kRange` and measures each fit: inertia and its Kneedle knee, mean
 * silhouette (exact, or on a stratified sample), Calinski–Harabasz, Davies–Bouldin, the smallest
 * segment's share, the gap statistic (on a sample) and per-segment bootstrap stability (on a
 * sample). The models and labels are returned so the caller does not refit.
 *
 * @param X - the preprocessed data (rows = users).
 * @param options - see {@link ScanOptions}.
 * @returns the scan; {@link toScanTable} strips it to plain JSON.
 * @throws {TypeError} when X is not a Matrix.
 * @throws {RangeError} on a bad option or too few rows for the k range.
 * @example
 * scanK(X, { kRange: [2, 6], seed: 1 }).rowsByK.map((r) => r.k); // => [2, 3, 4, 5, 6]
 */
export function scanK(X: Matrix, options: ScanOptions = {}): KScan {
  checkMatrix(X);
  const n = X.rows;
  const [kLo, kHi] = options.kRange ?? [2, 10];
  if (!Number.isInteger(kLo) || !Number.isInteger(kHi) || kLo < 2 || kHi < kLo || kHi > n - 1)
    throw new RangeError(messages.kRange(kLo, kHi, n));
  const seed = checkSeed(options.seed ?? 0);
  const nInit = checkPositiveInt(options.nInit ?? 3, messages.nInit(options.nInit ?? 3));
  const silhouetteSampleSize = checkPositiveInt(
    options.silhouetteSampleSize ?? 5000,
    messages.sampleSize(options.silhouetteSampleSize ?? 5000),
    2,
  );
  const minPerCluster = options.minPerCluster ?? 100;
  const fitSampleSize = checkPositiveInt(
    options.fitSampleSize ?? 20_000,
    messages.subsample("fitSampleSize", options.fitSampleSize ?? 20_000),
    10,
  );
  const threads = options.threads;
  const th = threads === undefined ? {} : { threads };
  const gapOpt =
    options.gap === false
      ? false
      : {
          B: checkPositiveInt(options.gap?.B ?? 10, messages.B("gap.B", options.gap?.B ?? 10), 2),
          sampleSize: checkPositiveInt(
            options.gap?.sampleSize ?? 2000,
            messages.subsample("gap.sampleSize", options.gap?.sampleSize ?? 2000),
            10,
          ),
          reference: options.gap?.reference ?? "pca",
          nInit: checkPositiveInt(options.gap?.nInit ?? 1, messages.nInit(options.gap?.nInit ?? 1)),
        };
  const stabOpt =
    options.stability === false
      ? false
      : {
          B: checkPositiveInt(
            options.stability?.B ?? 20,
            messages.B("stability.B", options.stability?.B ?? 20),
          ),
          sampleSize: checkPositiveInt(
            options.stability?.sampleSize ?? 4000,
            messages.subsample("stability.sampleSize", options.stability?.sampleSize ?? 4000),
            10,
          ),
          nInit: checkPositiveInt(
            options.stability?.nInit ?? 1,
            messages.nInit(options.stability?.nInit ?? 1),
          ),
        };
  const ks: number[] = [];
  for (let k = kLo; k <= kHi; k++) ks.push(k);
  const total = ks.length * (stabOpt ? 2 : 1) + (gapOpt ? 1 : 0);
  let done = 0;
  const progress = (step: string) => options.onProgress?.(++done, total, step);

  const models: KMeansModel[] = [];
  const labels: Int32Array[] = [];
  const silhouettes: SilhouetteResult[] = [];
  const rowsByK: KScanRow[] = [];
  const warnings: string[] = [];
  const fitSample =
    n > fitSampleSize
      ? takeRows(X, sampleIndices(n, fitSampleSize, createRandom(deriveSeed(seed, 6001))))
      : undefined;
  for (const k of ks) {
    const kSeed = deriveSeed(seed, k);
    const fit =
      fitSample === undefined
        ? fitPredictKMeans(X, { k, seed: kSeed, nInit, ...th })
        : fitPredictKMeans(X, {
            k,
            seed: kSeed,
            init: fitKMeans(fitSample, { k, seed: kSeed, nInit, ...th }).centroids,
            nInit: 1,
            ...th,
          });
    models.push(fit.model);
    labels.push(fit.labels);
    const sizes = fit.model.sizes;
    const nonEmpty = sizes.filter((s) => s > 0).length;
    const sil =
      nonEmpty >= 2 && nonEmpty <= n - 1
        ? silhouetteScore(X, fit.labels, {
            maxExact: silhouetteSampleSize,
            ...(n > silhouetteSampleSize ? { sampleSize: silhouetteSampleSize } : {}),
            minPerCluster,
            seed: deriveSeed(seed, 100 + k),
            ...th,
          })
        : undefined;
    if (sil !== undefined) silhouettes.push(sil);
    else
      silhouettes.push({
        mean: NaN,
        perPoint: new Float64Array(0),
        sampled: false,
        sampleSize: 0,
        perCluster: [],
        warnings: [],
      });
    rowsByK.push({
      k,
      inertia: fit.model.inertia,
      knee: false,
      silhouette: sil?.mean ?? NaN,
      silhouetteSampleSize: sil?.sampleSize ?? 0,
      silhouetteSampled: sil?.sampled ?? false,
      calinskiHarabasz: nonEmpty >= 2 ? calinskiHarabasz(X, fit.labels) : NaN,
      daviesBouldin: nonEmpty >= 2 ? daviesBouldin(X, fit.labels) : NaN,
      sizes: [...sizes],
      smallestShare: Math.min(...sizes) / n,
    });
    progress(`k = ${k}`);
  }
  let knee: number | null = null;
  if (ks.length >= 3) {
    knee = findKnee(
      ks,
      rowsByK.map((r) => r.inertia),
    ).knee;
    for (const r of rowsByK) r.knee = r.k === knee;
  }

  let gapTable: KScanTable["gap"];
  if (gapOpt) {
    const m = Math.min(n, gapOpt.sampleSize);
    const sub = m < n ? takeRows(X, sampleIndices(n, m, createRandom(deriveSeed(seed, 7001)))) : X;
    const g: GapResult = gapStatistic(sub, {
      kMax: Math.min(kHi, sub.rows - 1),
      B: gapOpt.B,
      seed: deriveSeed(seed, 7002),
      nInit: gapOpt.nInit,
      reference: gapOpt.reference,
      ...th,
    });
    gapTable = {
      k: g.k,
      gap: g.gap,
      sk: g.sk,
      firstSEmax: g.firstSEmax,
      tibs2001SEmax: g.tibs2001SEmax,
      B: g.B,
      reference: g.reference,
      rows: sub.rows,
    };
    for (const r of rowsByK)
      if (r.k <= g.k.length) {
        r.gap = g.gap[r.k - 1]!;
        r.gapSk = g.sk[r.k - 1]!;
      }
    progress("gap statistic");
  }

  if (stabOpt) {
    const m = Math.min(n, stabOpt.sampleSize);
    const idx = sampleIndices(n, m, createRandom(deriveSeed(seed, 8001)));
    const sub = m < n ? takeRows(X, idx) : X;
    rowsByK.forEach((row, t) => {
      const full = labels[t]!;
      const ref = new Int32Array(m);
      for (let r = 0; r < m; r++) ref[r] = full[idx[r]!]!;
      const sums = _bootstrapJaccard(
        sub,
        ref,
        row.k,
        stabOpt.B,
        deriveSeed(seed, 9000 + row.k),
        stabOpt.nInit,
        threads,
      );
      row.stability = sums.map((s, segment) => {
        if (s.replicates === 0) warnings.push(messages.segmentNeverSampled(segment));
        const meanJaccard = s.replicates === 0 ? 0 : s.total / s.replicates;
        return { segment, meanJaccard, reading: readStability(meanJaccard) };
      });
      row.minStability = Math.min(...row.stability.map((s) => s.meanJaccard));
      progress(`stability k = ${row.k}`);
    });
  }

  return {
    kind: "kscan",
    version: 1,
    params: {
      kRange: [kLo, kHi],
      seed,
      nInit,
      fitSampleSize,
      silhouetteSampleSize,
      minPerCluster,
      gap: gapOpt,
      stability: stabOpt,
    },
    rows: n,
    cols: X.cols,
    knee,
    rowsByK,
    ...(gapTable === undefined ? {} : { gap: gapTable }),
    warnings,
    models,
    labels,
    silhouettes,
  };
}

/**
 * Strips a {@link KScan} to its plain-JSON table (no models, labels or per-point values), for
 * model.json. A JSON round trip of the result is exact.
 *
 * @param scan - a scan from {@link scanK}.
 * @returns the table.
 * @example
 * Object.keys(toScanTable(scanK(X))).includes("models"); // => false
 */
export function toScanTable(scan: KScan | KScanTable): KScanTable {
  const { kind, version, params, rows, cols, knee, rowsByK, gap, warnings } = scan;
  return JSON.parse(
    JSON.stringify({ kind, version, params, rows, cols, knee, rowsByK, gap, warnings }),
  ) as KScanTable;
}
