import type { Matrix } from "../matrix/matrix.js";
import { createRandom, deriveSeed } from "../matrix/random.js";
import { buildModel, resolveOptions, type Resolved } from "./common.js";
import { autoThreads, Engine } from "./engine.js";
import { batchKernelFor, OP, privateSimd } from "./kernels.js";
import { distanceModule, simdLayout } from "./simd-distances.js";
import { kmeansPlusPlus, kppCandidates, randomRows } from "./kmeans-plus-plus.js";
import type { KMeansModel, KMeansParams, MiniBatchKMeansOptions } from "./types.js";
import { checkInteger, checkRatio } from "./validate.js";

/** Random stream of the validation sample and the mini-batches (restarts use 0..nInit-1). */
const BATCH_STREAM = 0x7ffffffe;

/** Squared distance from row i of x to centre j of c. */
function dist2(x: Float64Array, i: number, c: Float64Array, j: number, d: number): number {
  let s = 0;
  const o = i * d;
  const q = j * d;
  for (let f = 0; f < d; f++) {
    const t = x[o + f]! - c[q + f]!;
    s += t * t;
  }
  return s;
}

/** Nearest centre of row i (ties to the smaller index) and its squared distance. */
function nearest(
  x: Float64Array,
  i: number,
  c: Float64Array,
  k: number,
  d: number,
): [number, number] {
  let best = Infinity;
  let b = 0;
  for (let j = 0; j < k; j++) {
    const s = dist2(x, i, c, j, d);
    if (s < best) {
      best = s;
      b = j;
    }
  }
  return [b, best];
}

/** Gathers rows (with replacement) into a new matrix and weight vector. */
function gather(
  X: Matrix,
  w: Float64Array | null,
  idx: Int32Array,
): { X: Matrix; w: Float64Array | null } {
  const d = X.cols;
  const data = new Float64Array(idx.length * d);
  const ws = w === null ? null : new Float64Array(idx.length);
  for (let r = 0; r < idx.length; r++) {
    const i = idx[r]!;
    data.set(X.data.subarray(i * d, i * d + d), r * d);
    if (ws !== null) ws[r] = w![i]!;
  }
  return { X: { data, rows: idx.length, cols: d }, w: ws };
}

/**
 * Fits k-means with mini-batches (Sculley 2010, "Web-scale k-means clustering"), as
 * scikit-learn's `MiniBatchKMeans`: initial centres from k-means++ (or `init`) on a random
 * sample of 3 × batchSize rows (the best of `nInit` by inertia on a second sample), then
 * per-centre learning rates from accumulated weights, re-assignment of centres whose weight
 * falls below `reassignmentRatio` × the largest to random rows of the batch, and an early stop
 * when the smoothed batch inertia has not improved for `maxNoImprovement` batches (or the
 * centre shift is below `tol`, off by default). A final pass over all rows gives the sizes
 * and the inertia. Deterministic for a seed; segment ids ordered as {@link fitKMeans}.
 *
 * @param X - rows to cluster.
 * @param options - {@link MiniBatchKMeansOptions}; `maxIter` counts passes over the data
 *   (default 100), `tol` defaults to 0, `nInit` to 3 (as scikit-learn 1.2's MiniBatchKMeans).
 * @returns the fitted model; `nIter` is the number of mini-batch steps.
 * @throws {RangeError} as {@link fitKMeans}, and for batchSize < 1 or a ratio outside [0, 1].
 * @throws {TypeError} as {@link fitKMeans}.
 * @example
 * const X = fromRows([[0], [0.2], [10], [10.2]]);
 * fitMiniBatchKMeans(X, { k: 2, batchSize: 4 }).centroids; // => [[0.1], [10.1]]
 */
export function fitMiniBatchKMeans(X: Matrix, options: MiniBatchKMeansOptions): KMeansModel {
  // The values are checked in one of the final engine's parallel passes (fitWithEngine).
  const r = resolveOptions(X, options, 0, 3, 100, false);
  const batchSize = checkInteger("batchSize", options.batchSize ?? 1024, 1);
  const maxNoImprovement = checkInteger("maxNoImprovement", options.maxNoImprovement ?? 10, 0);
  const reassignmentRatio = checkRatio("reassignmentRatio", options.reassignmentRatio ?? 0.01);
  const { k, w } = r;
  const { rows: n, cols: d } = X;
  // The engine of the final pass, started now: its workers start while the batches run.
  const threads = r.threads ?? autoThreads(n, d, k);
  const engine = new Engine(X, w, k, 1, threads);
  try {
    return fitWithEngine(X, r, engine, batchSize, maxNoImprovement, reassignmentRatio);
  } finally {
    engine.close();
  }
}

function fitWithEngine(
  X: Matrix,
  r: Resolved,
  engine: Engine,
  batchSize: number,
  maxNoImprovement: number,
  reassignmentRatio: number,
): KMeansModel {
  const { k, w } = r;
  const { data: x, rows: n, cols: d } = X;
  const bs = Math.min(batchSize, n);
  // The data's values are checked in the engine's variance pass: first when the tolerance
  // needs the variance, else after the final pass (the workers have started by then). The
  // batches on NaN or ±Infinity end early (their inertia never improves).
  const tolAbs = r.tol === 0 ? 0 : engine.meanVariance() * r.tol;
  const stream = createRandom(deriveSeed(r.seed, BATCH_STREAM));
  const randInt = (random: () => number): number => Math.min(n - 1, Math.floor(random() * n));

  // Initialisation on samples of initSize rows, scored on one validation sample.
  let initSize = Math.min(n, 3 * bs);
  if (initSize < k) initSize = Math.min(n, 3 * k);
  const sample = (random: () => number): Int32Array => {
    if (initSize === n) return Int32Array.from({ length: n }, (_, i) => i);
    const idx = new Int32Array(initSize);
    for (let s = 0; s < initSize; s++) idx[s] = randInt(random);
    return idx;
  };
  const valid = sample(stream);
  let centres: Float64Array | null = null;
  let bestValid = Infinity;
  for (let run = 0; run < r.nInit; run++) {
    const random = createRandom(deriveSeed(r.seed, run));
    let cand: Float64Array;
    if (r.init === "given") cand = Float64Array.from(r.given!);
    else {
      const sub = gather(X, w, sample(random));
      const engine = new Engine(sub.X, sub.w, k, kppCandidates(k), 1);
      // A sample may hold fewer distinct rows than k: fall back to the whole data then.
      const usable = sub.w === null || sub.w.some((v) => v > 0);
      cand =
        r.init === "random" || !usable
          ? randomRows(usable ? engine : new Engine(X, w, k, 1, 1), k, random)
          : kmeansPlusPlus(engine, k, random);
    }
    let inertia = 0;
    for (let s = 0; s < valid.length; s++) {
      const i = valid[s]!;
      inertia += (w === null ? 1 : w[i]!) * nearest(x, i, cand, k, d)[1];
    }
    if (centres === null || inertia < bestValid) {
      centres = cand;
      bestValid = inertia;
    }
  }
  const c = centres!;

  // Mini-batch steps.
  const weightSums = new Float64Array(k);
  const batchW = new Float64Array(k);
  const batchSum = new Float64Array(k * d);
  const idx = new Int32Array(bs);
  const lab = new Int32Array(bs);
  const assignBatch = batchKernelFor(d);
  // The batch's distance sums in WebAssembly SIMD when available (same results).
  const layout = simdLayout(d, bs, [{ count: k, argmin: true }]);
  const wasm = distanceModule(layout);
  const simd = wasm === null ? null : privateSimd(d, wasm, layout).simd;
  const rowsBuf = new Float64Array(bs * d);
  const nSteps = Math.max(1, Math.floor((r.maxIter * n) / bs));
  const alpha = Math.min(1, (bs * 2) / (n + 1));
  let ewa = NaN;
  let ewaMin = Infinity;
  let noImprovement = 0;
  let sinceReassign = 0;
  let converged = false;
  let step = 0;
  while (step < nSteps) {
    step++;
    let batchInertia = 0;
    batchW.fill(0);
    batchSum.fill(0);
    for (let b = 0; b < bs; b++) idx[b] = randInt(stream);
    // Unrolled for d like the full fit's kernels; same sums, same order, same result.
    batchInertia = assignBatch(x, idx, bs, c, k, w, lab, batchW, batchSum, rowsBuf, simd);
    let shift = 0;
    for (let j = 0; j < k; j++) {
      if (!(batchW[j]! > 0)) continue;
      const old = weightSums[j]!;
      const total = old + batchW[j]!;
      for (let f = 0; f < d; f++) {
        const q = j * d + f;
        const v = (c[q]! * old + batchSum[q]!) / total;
        const t = v - c[q]!;
        shift += t * t;
        c[q] = v;
      }
      weightSums[j] = total;
    }
    // Re-assign centres that receive (almost) no weight, as scikit-learn.
    sinceReassign += bs;
    if (reassignmentRatio > 0 && (weightSums.includes(0) || sinceReassign >= 10 * k)) {
      sinceReassign = 0;
      let max = 0;
      for (let j = 0; j < k; j++) if (weightSums[j]! > max) max = weightSums[j]!;
      let small: number[] = [];
      for (let j = 0; j < k; j++) if (weightSums[j]! < reassignmentRatio * max) small.push(j);
      if (small.length > 0.5 * bs) {
        small.sort((a, b) => weightSums[a]! - weightSums[b]! || a - b);
        small = small.slice(0, Math.floor(0.5 * bs)).sort((a, b) => a - b);
      }
      if (small.length > 0) {
        let minKept = Infinity;
        const isSmall = new Uint8Array(k);
        for (const j of small) isSmall[j] = 1;
        for (let j = 0; j < k; j++)
          if (!isSmall[j] && weightSums[j]! < minKept) minKept = weightSums[j]!;
        // Rows of the batch drawn without replacement, with probability proportional to weight.
        const pw = new Float64Array(bs);
        let total = 0;
        for (let b = 0; b < bs; b++) total += pw[b] = w === null ? 1 : w[idx[b]!]!;
        for (const j of small) {
          if (!(total > 0)) break;
          const target = stream() * total;
          let acc = 0;
          let pick = -1;
          for (let b = 0; b < bs; b++) {
            if (!(pw[b]! > 0)) continue;
            acc += pw[b]!;
            pick = b;
            if (acc > target) break;
          }
          total -= pw[pick]!;
          pw[pick] = 0;
          const i = idx[pick]!;
          c.set(x.subarray(i * d, i * d + d), j * d);
          weightSums[j] = minKept === Infinity ? 0 : minKept;
        }
      }
    }
    // Convergence, as scikit-learn's _mini_batch_convergence (the first step is not scored).
    if (step === 1) continue;
    const mean = batchInertia / bs;
    ewa = Number.isNaN(ewa) ? mean : ewa * (1 - alpha) + mean * alpha;
    if (tolAbs > 0 && shift <= tolAbs) {
      converged = true;
      break;
    }
    if (ewa < ewaMin) {
      noImprovement = 0;
      ewaMin = ewa;
    } else noImprovement++;
    if (maxNoImprovement > 0 && noImprovement >= maxNoImprovement) {
      converged = true;
      break;
    }
  }

  // Final pass over all rows: labels, sizes and inertia (all cores for large data).
  engine.ctx.centroids.set(c);
  engine.ctx.params[4] = 1;
  engine.run(OP.assignFinal);
  if (r.tol === 0) engine.meanVariance();
  let inertia = 0;
  for (let ch = 0; ch < engine.ctx.nChunks; ch++) inertia += engine.ctx.chunkVals[ch]!;
  const params: KMeansParams = {
    k,
    seed: r.seed,
    nInit: r.nInit,
    maxIter: r.maxIter,
    tol: r.tol,
    init: r.init,
    algorithm: "minibatch",
    batchSize,
    maxNoImprovement,
    reassignmentRatio,
  };
  return buildModel(params, d, c, engine.ctx.labels, inertia, step, converged, r.warnings, false)
    .model;
}
