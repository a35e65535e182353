/** Option resolution and model building shared by the full and mini-batch fits. @internal */
import type { Matrix } from "../matrix/matrix.js";
import * as msg from "./messages.js";
import { orderBySize } from "./order-segments.js";
import type { KMeansModel, KMeansOptions, KMeansParams } from "./types.js";
import {
  checkInteger,
  countDistinctRows,
  validateInitCentres,
  validateMatrix,
  validateMatrixShape,
  validateWeights,
} from "./validate.js";

export const defaults = { seed: 0, maxIter: 300, tol: 1e-4, init: "k-means++" as const };

/** Resolved, validated options shared by the full and mini-batch fits. @internal */
export interface Resolved {
  k: number;
  seed: number;
  nInit: number;
  maxIter: number;
  tol: number;
  init: "k-means++" | "random" | "given";
  given: Float64Array | null;
  w: Float64Array | null;
  threads: number | null;
  warnings: string[];
}

/** Validates X and the options at the public boundary. @internal */
export function resolveOptions(
  X: Matrix,
  options: KMeansOptions,
  tolDefault: number,
  nInitKpp: number,
  maxIterDefault: number = defaults.maxIter,
  scanFinite = true,
): Resolved {
  // Without the scan the caller must check X's values itself (the full fit does it in its
  // engine's first parallel pass and then calls validateMatrix to name the bad value).
  if (scanFinite) validateMatrix(X);
  else validateMatrixShape(X);
  if (options === null || typeof options !== "object")
    throw new TypeError(msg.notNumber("k", undefined));
  const k = checkInteger("k", options.k, 1);
  const seed = checkInteger("seed", options.seed ?? defaults.seed, -Infinity);
  const maxIter = checkInteger("maxIter", options.maxIter ?? maxIterDefault, 1);
  const tol = options.tol ?? tolDefault;
  if (typeof tol !== "number") throw new TypeError(msg.notNumber("tol", tol));
  if (!(tol >= 0) || tol === Infinity) throw new RangeError(msg.badTol(tol));
  const threads =
    options.threads === undefined ? null : checkInteger("threads", options.threads, 1);
  const w = validateWeights(options.sampleWeight, X.rows);
  const rawInit = options.init ?? defaults.init;
  let init: Resolved["init"];
  let given: Float64Array | null = null;
  if (rawInit === "k-means++" || rawInit === "random") init = rawInit;
  else if (Array.isArray(rawInit)) {
    init = "given";
    given = validateInitCentres(rawInit, k, X.cols);
  } else throw new TypeError(msg.badInit(rawInit));
  const warnings: string[] = [];
  let nInit = checkInteger(
    "nInit",
    options.nInit ?? (init === "random" ? 10 : init === "given" ? 1 : nInitKpp),
    1,
  );
  if (init === "given" && nInit > 1) {
    warnings.push(msg.nInitIgnored(nInit));
    nInit = 1;
  }
  const distinct = countDistinctRows(X, w, k);
  if (distinct < k) throw new RangeError(msg.kTooLarge(k, distinct));
  return { k, seed, nInit, maxIter, tol, init, given, w, threads, warnings };
}

/**
 * Builds the model from a run (segment-id rule applied) and, with `withLabels`, the labels in
 * the new ids. @internal
 */
export function buildModel(
  params: KMeansParams,
  d: number,
  centroids: Float64Array,
  labels: Int32Array,
  inertia: number,
  nIter: number,
  converged: boolean,
  warnings: string[],
  withLabels: boolean,
): { model: KMeansModel; labels: Int32Array | null } {
  const k = params.k;
  const { rank, sizes } = orderBySize(labels, k);
  // The labels in the new ids, when the caller wants them (a pass over every row, cold JIT).
  let out: Int32Array | null = null;
  if (withLabels) {
    out = new Int32Array(labels.length);
    for (let i = 0; i < labels.length; i++) out[i] = rank[labels[i]!]!;
  }
  const rows: number[][] = new Array<number[]>(k);
  for (let j = 0; j < k; j++) {
    const row = new Array<number>(d);
    // + 0 turns -0 into 0 so that a JSON round trip is exact.
    for (let f = 0; f < d; f++) row[f] = centroids[j * d + f]! + 0;
    rows[rank[j]!] = row;
  }
  const empties = sizes.filter((s) => s === 0).length;
  const all = empties > 0 ? [...warnings, msg.emptyFinalCluster(empties)] : warnings;
  return {
    model: {
      kind: "kmeans",
      version: 1,
      params,
      nFeatures: d,
      centroids: rows,
      sizes,
      inertia,
      nIter,
      converged,
      warnings: all,
    },
    labels: out,
  };
}
