/**
 * One k-means run from given initial centres: Lloyd's algorithm (Lloyd 1982) with Hamerly's
 * bounds, convergence as scikit-learn's `_kmeans_single_lloyd` (labels stable, or summed
 * squared centre shift <= tolerance), then a final assignment consistent with the centres.
 * @internal
 */
import { OP } from "./kernels.js";
import type { Engine } from "./engine.js";
import * as msg from "./messages.js";

/** The result of one run; `labels` stay in the engine's buffer. */
export interface RunResult {
  centroids: Float64Array;
  inertia: number;
  nIter: number;
  converged: boolean;
  warnings: string[];
}

/** Sets half[j] = ½ min distance to another centre, and the move statistics. */
function centreGeometry(engine: Engine): void {
  const { k, d, centroids: c, half, moves, params, cc } = engine.ctx;
  half.fill(Infinity);
  for (let a = 0; a < k; a++) {
    cc[a * k + a] = 0;
    for (let b = a + 1; b < k; b++) {
      let s = 0;
      for (let f = 0; f < d; f++) {
        const t = c[a * d + f]! - c[b * d + f]!;
        s += t * t;
      }
      const h = 0.5 * Math.sqrt(s);
      cc[a * k + b] = h;
      cc[b * k + a] = h;
      if (h < half[a]!) half[a] = h;
      if (h < half[b]!) half[b] = h;
    }
  }
  let max = 0;
  let maxIdx = -1;
  let second = 0;
  for (let j = 0; j < k; j++) {
    const m = moves[j]!;
    if (m > max) {
      second = max;
      max = m;
      maxIdx = j;
    } else if (m > second) second = m;
  }
  params[1] = max;
  params[2] = maxIdx;
  params[3] = second;
}

/**
 * Re-seeds empty clusters from the rows farthest from their (old) centres, moving those rows'
 * weight out of their clusters' sums (as scikit-learn's `_relocate_empty_clusters`).
 */
function reseedEmpty(
  engine: Engine,
  sums: Float64Array,
  weights: Float64Array,
  counts: Int32Array,
  empty: number[],
  iteration: number,
  warnings: string[],
): void {
  const ctx = engine.ctx;
  const { x, n, d, w, labels, closest } = ctx;
  engine.run(OP.ownDistance);
  const taken = new Set<number>();
  for (const j of empty) {
    let best = -1;
    let bestD = -1;
    for (let i = 0; i < n; i++) {
      if (w !== null && !(w[i]! > 0)) continue;
      const v = closest[i]!;
      if (v > bestD && !taken.has(i) && counts[labels[i]!]! > 1) {
        bestD = v;
        best = i;
      }
    }
    if (best < 0) continue;
    taken.add(best);
    const old = labels[best]!;
    const wi = w === null ? 1 : w[best]!;
    for (let f = 0; f < d; f++) {
      sums[old * d + f] -= wi * x[best * d + f]!;
      sums[j * d + f] = wi * x[best * d + f]!;
    }
    weights[old] -= wi;
    weights[j] = wi;
    counts[old]--;
    counts[j] = 1;
    warnings.push(msg.emptyClusterReseeded(j, iteration, best));
  }
}

/**
 * M-step: reduces the per-chunk sums in chunk order (deterministic for any thread count). A
 * function of its own so that V8 optimises it after a few calls: inside runLloyd's one long
 * call the loops ran in the interpreter for most of a small fit (~10 ms at 100k rows).
 */
function reduceChunks(
  engine: Engine,
  sums: Float64Array,
  weights: Float64Array,
  counts: Int32Array,
): void {
  const { k, d, nChunks, chunkSums, chunkW, chunkN } = engine.ctx;
  sums.fill(0);
  weights.fill(0);
  counts.fill(0);
  const kd = k * d;
  for (let c = 0; c < nChunks; c++) {
    const sBase = c * kd;
    for (let q = 0; q < kd; q++) sums[q] += chunkSums[sBase + q]!;
    const wBase = c * k;
    for (let j = 0; j < k; j++) {
      weights[j] += chunkW[wBase + j]!;
      counts[j] += chunkN[wBase + j]!;
    }
  }
}

/**
 * Runs Lloyd iterations from `init` until convergence or `maxIter`.
 *
 * @param engine - the fit's engine.
 * @param init - initial centres, k × d row-major.
 * @param maxIter - iteration limit.
 * @param tolAbs - absolute tolerance on the summed squared centre shift.
 * @param algorithm - `"elkan"` (Elkan 2003, "Using the triangle inequality to accelerate
 *   k-means": one lower bound per row and centre; the engine must keep them), `"hamerly"` (one
 *   lower bound per row) or `"lloyd"` (every distance).
 */
export function runLloyd(
  engine: Engine,
  init: Float64Array,
  maxIter: number,
  tolAbs: number,
  algorithm: "elkan" | "hamerly" | "lloyd",
): RunResult {
  const ctx = engine.ctx;
  const { k, d, nChunks, centroids, moves, chunkFlags } = ctx;
  const { chunkVals, stride } = ctx;
  const warnings: string[] = [];
  centroids.set(init);
  ctx.labels.fill(-1);
  ctx.params[4] = 0;
  ctx.params[5] = algorithm === "elkan" ? 1 : 0;
  const step =
    algorithm === "elkan"
      ? OP.assignElkan
      : algorithm === "hamerly"
        ? OP.assignHamerly
        : OP.assignFull;
  const sums = new Float64Array(k * d);
  const weights = new Float64Array(k);
  const counts = new Int32Array(k);
  let converged = false;
  let shift = Infinity;
  let iter = 0;
  for (;;) {
    iter++;
    engine.run(iter === 1 ? OP.assignFull : step);
    let changed = 0;
    for (let c = 0; c < nChunks; c++) changed += chunkFlags[c]!;
    reduceChunks(engine, sums, weights, counts);
    // Counts are exact where summed weights may keep a rounding residue after rows left.
    const empty: number[] = [];
    for (let j = 0; j < k; j++) if (counts[j] === 0 || !(weights[j]! > 0)) empty.push(j);
    if (empty.length > 0) reseedEmpty(engine, sums, weights, counts, empty, iter, warnings);
    shift = 0;
    for (let j = 0; j < k; j++) {
      const wj = weights[j]!;
      let m = 0;
      for (let f = 0; f < d; f++) {
        const q = j * d + f;
        const v = wj > 0 && counts[j]! > 0 ? sums[q]! / wj : centroids[q]!;
        const t = v - centroids[q]!;
        m += t * t;
        centroids[q] = v;
      }
      moves[j] = Math.sqrt(m);
      shift += m;
    }
    centreGeometry(engine);
    if (empty.length === 0) {
      if (iter > 1 && changed === 0) {
        converged = true;
        break;
      }
      if (shift <= tolAbs) {
        converged = true;
        break;
      }
    }
    if (iter >= maxIter) break;
  }
  ctx.params[4] = 0;
  engine.run(OP.assignFinal);
  let inertia = 0;
  for (let c = 0; c < nChunks; c++) inertia += chunkVals[c * stride]!;
  if (!converged) warnings.push(msg.notConverged(maxIter, shift, tolAbs));
  return { centroids: Float64Array.from(centroids), inertia, nIter: iter, converged, warnings };
}
