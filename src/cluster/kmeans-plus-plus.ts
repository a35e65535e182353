/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, "k-means++: the advantages of careful
 * seeding"; greedy variant as in scikit-learn's `_kmeans_plusplus`): each new centre is the
 * best of 2 + ⌊ln k⌋ candidates sampled with probability proportional to weight × squared
 * distance to the nearest chosen centre.
 * @internal
 */
import { OP, type Simd } from "./kernels.js";
import type { Engine } from "./engine.js";

/** Number of candidates per greedy k-means++ step, as scikit-learn. */
export function kppCandidates(k: number): number {
  return 2 + Math.floor(Math.log(k));
}

/** Picks a row with probability proportional to its weight. */
function pickWeighted(engine: Engine, random: () => number): number {
  const { n, w } = engine.ctx;
  if (w === null) return Math.min(n - 1, Math.floor(random() * n));
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i]!;
  const r = random() * total;
  let acc = 0;
  let last = 0;
  for (let i = 0; i < n; i++) {
    if (!(w[i]! > 0)) continue;
    acc += w[i]!;
    last = i;
    if (acc > r) return i;
  }
  return last;
}

/**
 * Finds the row where the cumulative weighted potential first exceeds r (chunk sums first).
 * With `pending` (a centre not yet merged into `closest`), a row's potential is the smaller of
 * `closest` and its squared distance to that centre, summed as the kernels sum it.
 */
function searchPotential(engine: Engine, r: number, pending: Float64Array | null): number {
  const { x, d, n, w, closest, chunkVals, stride, chunkRows, nChunks } = engine.ctx;
  let acc = 0;
  let c = 0;
  for (; c < nChunks - 1; c++) {
    const p = chunkVals[c * stride]!;
    if (acc + p > r) break;
    acc += p;
  }
  const simd = engine.ctx.simd;
  if (simd !== null && simd.search !== null)
    return scanChunksSimd(engine, simd, c, acc, r, pending);
  let last = -1;
  for (; c < nChunks; c++) {
    const i0 = c * chunkRows;
    const i1 = Math.min(n, i0 + chunkRows);
    // Distances to the pending centre, 256 rows at a time as the scan needs them: by the SIMD
    // kernel when there is one (the same sums; a scalar loop runs cold in the interpreter at
    // the start of a fit).
    let toPending: { values: Float64Array; stride: number } | null = null;
    let b0 = i0;
    for (let i = i0; i < i1; i++) {
      let ci = closest[i]!;
      if (pending !== null) {
        if ((i - i0) % 256 === 0) {
          b0 = i;
          toPending = pendingDistances(engine, pending, i, Math.min(i1, i + 256));
        }
        let s: number;
        if (toPending !== null) s = toPending.values[(i - b0) * toPending.stride]!;
        else {
          s = 0;
          for (let f = 0; f < d; f++) {
            const t = x[i * d + f]! - pending[f]!;
            s += t * t;
          }
        }
        if (s < ci) ci = s;
      }
      const v = w === null ? ci : w[i]! * ci;
      if (v > 0) {
        acc += v;
        last = i;
        if (acc > r) return i;
      }
    }
  }
  // Rounding left r beyond the total: take the last row with positive potential.
  return last >= 0 ? last : n - 1;
}

/**
 * {@link searchPotential}'s scan from chunk c on (running total acc), in WebAssembly: the same
 * sums in the same order (the JavaScript scan ran cold in the interpreter at the start of a fit,
 * ~15 ms of a 100k-row fit).
 */
function scanChunksSimd(
  engine: Engine,
  simd: Simd,
  c0: number,
  acc0: number,
  r: number,
  pending: Float64Array | null,
): number {
  const { x, d, n, w, closest, chunkRows, nChunks } = engine.ctx;
  const F = simd.F;
  const res = simd.potByte / 8;
  const cf = simd.closestByte / 8;
  const wf = simd.weightByte / 8;
  // The pending centre in both lanes of pair 0.
  if (pending !== null) {
    const base = simd.cenByte / 8;
    for (let f = 0; f < d; f++) F[base + 2 * f] = F[base + 2 * f + 1] = pending[f]!;
  }
  let acc = acc0;
  let last = -1;
  for (let c = c0; c < nChunks; c++) {
    const i0 = c * chunkRows;
    const i1 = Math.min(n, i0 + chunkRows);
    F.set(closest.subarray(i0, i1), cf);
    if (w !== null) F.set(w.subarray(i0, i1), wf);
    let rows = i0 * d * 8;
    if (!simd.resident) {
      F.set(x.subarray(i0 * d, i1 * d), simd.rowsByte / 8);
      rows = simd.rowsByte;
    }
    F[res] = acc;
    const merge = pending === null ? 0 : 1;
    const found = simd.search!(
      rows,
      i1 - i0,
      simd.cenByte,
      simd.closestByte,
      simd.weightByte,
      simd.potByte,
      r,
      merge,
    );
    if (w !== null) F.fill(1, wf, wf + i1 - i0);
    if (found >= 0) return i0 + found;
    acc = F[res]!;
    const lastInChunk = simd.I[(simd.potByte >> 2) + 2]!;
    if (lastInChunk >= 0) last = i0 + lastInChunk;
  }
  // Rounding left r beyond the total: take the last row with positive potential.
  return last >= 0 ? last : n - 1;
}

/**
 * Squared distances from rows [i0, i1) to `centre`, computed by the calling thread's SIMD
 * kernel (every one of its k centre slots set to `centre`; the kernels lay their centres out
 * again on every call): values[(i - i0) * stride]. Null without the SIMD kernel.
 */
function pendingDistances(
  engine: Engine,
  centre: Float64Array,
  i0: number,
  i1: number,
): { values: Float64Array; stride: number } | null {
  const { simd, x, d, k } = engine.ctx;
  if (simd === null || simd.dist[0] === null) return null;
  const F = simd.F;
  const base = simd.cenByte / 8;
  for (let j = 0; j < k + (k % 2); j++)
    for (let f = 0; f < d; f++) F[base + (j >> 1) * 2 * d + 2 * f + (j & 1)] = centre[f]!;
  let rows = i0 * d * 8;
  if (!simd.resident) {
    F.set(x.subarray(i0 * d, i1 * d), simd.rowsByte / 8);
    rows = simd.rowsByte;
  }
  simd.dist[0]!(rows, i1 - i0, simd.cenByte, simd.outByte);
  const out = simd.outByte / 8;
  return { values: F.subarray(out, out + (i1 - i0) * simd.strides[0]!), stride: simd.strides[0]! };
}

/**
 * Chooses k initial centres with greedy k-means++ on the engine's data.
 *
 * @param engine - the fit's engine (its `closest`, `cands` and `chunkVals` are used as scratch).
 * @param k - number of centres.
 * @param random - the restart's random stream.
 * @returns the centres, k × d row-major.
 */
export function kmeansPlusPlus(engine: Engine, k: number, random: () => number): Float64Array {
  const ctx = engine.ctx;
  const { x, n, d, nChunks, stride, chunkVals, cands, params, closest, trial } = ctx;
  const centres = new Float64Array(k * d);
  const L = kppCandidates(k);
  const first = pickWeighted(engine, random);
  centres.set(x.subarray(first * d, first * d + d), 0);
  cands.set(x.subarray(first * d, first * d + d), 0);
  params[4] = 1;
  engine.run(OP.kppUpdate);
  params[4] = 0;
  const rows = new Int32Array(L);
  // The centre chosen last step, until the next trial pass merges it into `closest` (one pass
  // over the data per step instead of two).
  let pending: Float64Array | null = null;
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let ch = 0; ch < nChunks; ch++) total += chunkVals[ch * stride]!;
    const q0 = pending === null ? 0 : d;
    for (let t = 0; t < L; t++) {
      const i = searchPotential(engine, random() * total, pending);
      rows[t] = i;
      cands.set(x.subarray(i * d, i * d + d), q0 + t * d);
    }
    if (pending !== null) cands.set(pending, 0);
    params[0] = L;
    params[6] = pending === null ? 0 : 1;
    engine.run(OP.kppTrials);
    params[6] = 0;
    let best = 0;
    let bestPot = Infinity;
    for (let t = 0; t < L; t++) {
      let pot = 0;
      for (let ch = 0; ch < nChunks; ch++) pot += chunkVals[ch * stride + t]!;
      if (pot < bestPot) {
        bestPot = pot;
        best = t;
      }
    }
    const i = rows[best]!;
    centres.set(x.subarray(i * d, i * d + d), c * d);
    if (trial.length >= L * n) {
      // The trial pass kept every candidate's potentials: adopt the best one's.
      closest.set(trial.subarray(best * n, best * n + n));
      pending = null;
    } else pending = x.slice(i * d, i * d + d);
    // The chunk potentials with the best candidate added, as the update would sum them.
    for (let ch = 0; ch < nChunks; ch++) chunkVals[ch * stride] = chunkVals[ch * stride + best]!;
  }
  return centres;
}

/**
 * Chooses k distinct rows (with positive weight) uniformly at random as initial centres.
 *
 * @returns the centres, k × d row-major.
 */
export function randomRows(engine: Engine, k: number, random: () => number): Float64Array {
  const { x, n, d, w } = engine.ctx;
  const centres = new Float64Array(k * d);
  const chosen = new Set<number>();
  let c = 0;
  while (c < k) {
    const i = Math.min(n - 1, Math.floor(random() * n));
    if (chosen.has(i) || (w !== null && !(w[i]! > 0))) continue;
    chosen.add(i);
    centres.set(x.subarray(i * d, i * d + d), c * d);
    c++;
  }
  return centres;
}
