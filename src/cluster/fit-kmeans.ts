import type { Matrix } from "../matrix/matrix.js";
import { createRandom, deriveSeed } from "../matrix/random.js";
import { autoThreads, Engine } from "./engine.js";
import { kmeansPlusPlus, kppCandidates, randomRows } from "./kmeans-plus-plus.js";
import { runLloyd } from "./lloyd.js";
import { buildModel, defaults, resolveOptions } from "./common.js";
import * as msg from "./messages.js";
import type { KMeansModel, KMeansOptions, KMeansParams } from "./types.js";

/**
 * Fits k-means and returns the model and the label of every row, computed in the same final
 * pass (no extra prediction pass).
 *
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007; 2 + ⌊ln k⌋ candidates per step, as
 * scikit-learn), `nInit` restarts (restart r draws from `deriveSeed(seed, r)`; the lowest
 * inertia wins, ties to the earlier restart), Lloyd iterations accelerated with Hamerly's
 * bounds (Hamerly 2010) on all cores for large data. Segment ids are ordered by descending
 * size, ties broken by the smaller index of the segment's first row. Same data and seed give
 * the same model byte for byte, for any thread count.
 *
 * @param X - rows to cluster (row-major; a SharedArrayBuffer-backed `X.data` avoids a copy
 *   when worker threads are used).
 * @param options - see {@link KMeansOptions}.
 * @returns the model and `labels` (segment id per row).
 * @throws {RangeError} k < 1, k > distinct rows, empty X, NaN/±Infinity in X (row and column
 *   named), bad numeric options or weights.
 * @throws {TypeError} X is not a Matrix, bad init shape, options of the wrong type.
 * @example
 * const X = fromRows([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]]);
 * fitPredictKMeans(X, { k: 2, seed: 0 }).labels; // => Int32Array [0, 0, 0, 1, 1, 1]
 */
export function fitPredictKMeans(
  X: Matrix,
  options: KMeansOptions,
): { model: KMeansModel; labels: Int32Array } {
  const { model, labels } = fit(X, options, true);
  return { model, labels: labels! };
}

/** The fit; the labels in the model's ids only `withLabels` (a pass over every row). */
function fit(
  X: Matrix,
  options: KMeansOptions,
  withLabels: boolean,
): { model: KMeansModel; labels: Int32Array | null } {
  // The values are checked in the engine's first pass (parallel), below.
  const r = resolveOptions(X, options, defaults.tol, 3, defaults.maxIter, false);
  const { k } = r;
  const requested = options.algorithm ?? "auto";
  if (!["auto", "elkan", "hamerly", "lloyd"].includes(requested))
    throw new TypeError(msg.badAlgorithm(requested));
  // Hamerly's one bound per row, unless k is large: the SIMD kernel computes all k distances
  // of a row in little more time than Elkan spends on two or three single ones, and Elkan's
  // n × k bounds cost a pass over them per iteration (at 100k × 20, k = 8: 0.44 s with
  // Hamerly, 0.96 s with Elkan, measured). For k > 16 Elkan skips enough distances to pay,
  // while its bounds stay small (k <= d, n × k <= 1M).
  const algorithm =
    requested === "auto"
      ? k > 16 && k <= X.cols && X.rows * k <= 1_000_000
        ? "elkan"
        : "hamerly"
      : (requested as "elkan" | "hamerly" | "lloyd");
  const threads = r.threads ?? autoThreads(X.rows, X.cols, k);
  const engine = new Engine(X, r.w, k, kppCandidates(k), threads, algorithm);
  try {
    // Also checks the values (NaN or ±Infinity: an error naming the row, column and value).
    const variance = engine.meanVariance();
    // Tolerance relative to the data's variance, as scikit-learn's `_tolerance`.
    const tolAbs = r.tol === 0 ? 0 : variance * r.tol;
    let best: ReturnType<typeof runLloyd> | null = null;
    let bestLabels: Int32Array | null = null;
    for (let run = 0; run < r.nInit; run++) {
      const random = createRandom(deriveSeed(r.seed, run));
      const init =
        r.init === "given"
          ? r.given!
          : r.init === "random"
            ? randomRows(engine, k, random)
            : kmeansPlusPlus(engine, k, random);
      const res = runLloyd(engine, init, r.maxIter, tolAbs, algorithm);
      if (best === null || res.inertia < best.inertia) {
        best = res;
        bestLabels = r.nInit === 1 ? engine.ctx.labels : Int32Array.from(engine.ctx.labels);
      }
    }
    const params: KMeansParams = {
      k,
      seed: r.seed,
      nInit: r.nInit,
      maxIter: r.maxIter,
      tol: r.tol,
      init: r.init,
      algorithm,
    };
    return buildModel(
      params,
      X.cols,
      best!.centroids,
      bestLabels!,
      best!.inertia,
      best!.nIter,
      best!.converged,
      [...r.warnings, ...best!.warnings],
      withLabels,
    );
  } finally {
    engine.close();
  }
}

/**
 * Fits k-means (see {@link fitPredictKMeans} for the method and the segment-id rule).
 *
 * @param X - rows to cluster.
 * @param options - see {@link KMeansOptions}.
 * @returns the fitted model (plain JSON).
 * @throws {RangeError} k < 1, k > distinct rows, empty X, NaN/±Infinity in X, bad numbers.
 * @throws {TypeError} X is not a Matrix, bad init shape, options of the wrong type.
 * @example
 * const X = fromRows([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]]);
 * fitKMeans(X, { k: 2 }).centroids; // => [[1, 2], [10, 2]]
 */
export function fitKMeans(X: Matrix, options: KMeansOptions): KMeansModel {
  return fit(X, options, false).model;
}
