/**
 * The inner loops of k-means, run on a range of fixed-size row chunks by the calling thread
 * and by worker threads alike.
 *
 * Why generated code: for the number of columns d of the data, the distance loops are
 * unrolled and the row is held in local variables while it is compared with every centre —
 * about 2.5× faster in V8 than nested loops over typed arrays. The same source text is
 * compiled on the calling thread and in each worker (`new Function`), so all threads run the
 * same arithmetic; it works alike from the CommonJS build and under vitest.
 *
 * Exactness: a squared distance is always summed left to right over the columns starting
 * from the first term, exactly as `predictKMeans`'s loop does, so labels agree to the bit.
 *
 * Determinism: a chunk's results depend only on the chunk, never on which thread ran it, and
 * callers reduce per-chunk results in chunk order — so the thread count cannot change a result.
 * @internal
 */

import * as msg from "./messages.js";
import type { WasmMemory } from "./shared-matrix.js";
import { noteSimdFallback, type CompiledModule, type SimdLayout } from "./simd-distances.js";

/** Shared state of one fit. Arrays are SharedArrayBuffer-backed when workers are used. */
export interface Ctx {
  x: Float64Array;
  n: number;
  d: number;
  k: number;
  chunkRows: number;
  nChunks: number;
  /** Entries per chunk in `chunkVals`. */
  stride: number;
  w: Float64Array | null;
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  closest: Float64Array;
  /** k-means++ candidate potentials per row (L × n), or empty when too large to keep. */
  trial: Float64Array;
  /** Elkan's lower bounds (n × k; shares memory with `trial`), or empty for Hamerly. */
  lowerK: Float64Array;
  /** Half the distance between centres a and b at [a * k + b] (Elkan). */
  cc: Float64Array;
  centroids: Float64Array;
  half: Float64Array;
  moves: Float64Array;
  cands: Float64Array;
  chunkSums: Float64Array;
  chunkW: Float64Array;
  /** Rows with positive weight per chunk and cluster (exact emptiness test). */
  chunkN: Int32Array;
  /** Per-thread scratch for (row, old label) pairs of the rows that changed in a chunk. */
  chunkFlags: Int32Array;
  chunkVals: Float64Array;
  /** Per chunk: Σ (x − r) then Σ (x − r)² per column, r the first row (columnStats). */
  chunkStats: Float64Array;
  /**
   * [0] candidates L, [1] max move, [2] index of max move, [3] second max move,
   * [4] flag (k-means++: first centre; final pass: no bounds), [5] 1 when Elkan's bounds are kept,
   * [6] 1 when kppTrials first merges the centre in cands row 0 into `closest`.
   */
  params: Float64Array;
  /** This thread's WebAssembly distance kernel (never shared between threads), or null. */
  simd: Simd | null;
}

/** One thread's instance of the SIMD distance module (see simd-distances.ts). */
export interface Simd {
  /** The instance's memory as doubles and as int32. */
  F: Float64Array;
  I: Int32Array;
  /** dist[s](rowsByte, nRows, centresByte, outByte): distances to centre set s. */
  dist: (((rows: number, n: number, cen: number, out: number) => void) | null)[];
  /** k-means++ trial step without and with a merged centre, or null. */
  trial: ((...args: number[]) => void)[] | null;
  /** k-means++ draw within a chunk (see simd-distances.ts `searchFunction`), with trials. */
  search: ((...args: number[]) => number) | null;
  /** Resident data: distances to set 0 for the rows listed at idxByte (data at byte 0). */
  distIdx:
    ((rows: number, n: number, cen: number, out: number, idx: number, x: number) => void) | null;
  resident: boolean;
  /** Doubles per output row of each centre set. */
  strides: number[];
  /** This thread's region: row buffer, centres, output, closest, weights, potentials, rows list. */
  rowsByte: number;
  cenByte: number;
  outByte: number;
  closestByte: number;
  weightByte: number;
  potByte: number;
  idxByte: number;
  trials: number;
  /** Mini-batch step (rows, n, cen, out, weights, sums, bw), sums and bw regions. */
  batch: ((...args: number[]) => void) | null;
  sumsByte: number;
  bwByte: number;
  /** Resident Hamerly step (see simd-distances.ts) and where it finds labels and bounds. */
  hamerly: ((...args: number[]) => number) | null;
  /** Resident first pass, final pass and column statistics (simd-resident.ts). */
  full: ((...args: number[]) => number) | null;
  /** Resident chunk sums from the labels (chunkPartial). */
  partial: ((...args: number[]) => void) | null;
  /** Resident chunk sums updated for the moved rows (chunkDelta). */
  delta: ((...args: number[]) => void) | null;
  /** 1 while the resident Hamerly step reads rows ahead (see simd-resident.ts), else 0. */
  readAhead: number;
  final: ((...args: number[]) => number) | null;
  stats: ((...args: number[]) => void) | null;
  labelsByte: number;
  upperByte: number;
  lowerByte: number;
  movesByte: number;
  halfByte: number;
  movedByte: number;
}

/** The compiled kernels: plain JavaScript, the SIMD-assisted ones, and the SIMD set-up. */
export interface KernelSet {
  js: readonly Kernel[];
  simd: readonly Kernel[];
  /** Instantiates the SIMD module for this thread; throws when it cannot (see {@link setupSimd}). */
  setup: (
    bytes: Uint8Array | CompiledModule,
    layout: SimdLayout,
    memory?: WasmMemory | null,
    base?: number,
    arrays?: SimdArrays | null,
  ) => Simd;
}

/** Where the resident Hamerly step finds the labels and bounds in the fit's shared memory. */
export interface SimdArrays {
  labelsByte: number;
  upperByte: number;
  lowerByte: number;
}

/** A kernel: processes chunks [c0, c1). */
export type Kernel = (ctx: Ctx, c0: number, c1: number) => void;

/** Operation codes, in the order the kernel source returns them. */
export const OP = {
  kppUpdate: 0,
  kppTrials: 1,
  assignFull: 2,
  assignHamerly: 3,
  assignFinal: 4,
  ownDistance: 5,
  assignElkan: 6,
  columnStats: 7,
} as const;

/** Above this many columns the loops are not unrolled (code size). */
const UNROLL_LIMIT = 96;

/**
 * JavaScript source of the kernels for d columns; `new Function(src)()` returns the
 * {@link KernelSet} (each list in {@link OP} order).
 */
function kernelSource(d: number): string {
  const unroll = d <= UNROLL_LIMIT;
  const cols = Array.from({ length: d }, (_, f) => f);
  // Loads row i (offset o) into locals x0..x{d-1}.
  const loadX = unroll ? `const ${cols.map((f) => `x${f} = x[o + ${f}]`).join(", ")};` : "";
  // target = squared distance from the row to C[q .. q + d).
  const dist = (target: string, C: string, q: string): string =>
    unroll
      ? `{ let t = x0 - ${C}[${q}]; ${target} = t * t;` +
        cols
          .slice(1)
          .map((f) => ` t = x${f} - ${C}[${q} + ${f}]; ${target} += t * t;`)
          .join("") +
        " }"
      : `{ ${target} = 0; for (let f = 0; f < ${d}; f++) { const t = x[o + f] - ${C}[${q} + f]; ${target} += t * t; } }`;
  // The same sum reading the row from memory (no locals): for kernels that rarely need it.
  const distMem = (target: string, C: string, q: string): string =>
    unroll
      ? `{ let t = x[o] - ${C}[${q}]; ${target} = t * t;` +
        cols
          .slice(1)
          .map((f) => ` t = x[o + ${f}] - ${C}[${q} + ${f}]; ${target} += t * t;`)
          .join("") +
        " }"
      : dist(target, C, q);
  // sums[s .. s + d) += wi * row
  const addRow = (weighted: boolean): string =>
    unroll
      ? cols.map((f) => `sums[s + ${f}] += ${weighted ? "wi * " : ""}x[o + ${f}];`).join(" ")
      : `for (let f = 0; f < ${d}; f++) sums[s + f] += ${weighted ? "wi * " : ""}x[o + f];`;
  // Full arg-min search: b1 / d1 best, d2 second best (squared); Elkan keeps every distance.
  // With fromSimd the distances come from the SIMD kernel's output row at F[ob ..].
  const search = (
    keepAll: boolean,
    fromSimd = false,
  ): string => `let b1 = 0, d1 = Infinity, d2 = Infinity;
        for (let j = 0, q = 0; j < k; j++, q += ${d}) {
          let s2; ${fromSimd ? "s2 = F[ob + j];" : dist("s2", "cen", "q")}
          ${keepAll ? "if (elkan) lbk[i * k + j] = Math.sqrt(s2);" : ""}
          if (s2 < d1) { d2 = d1; d1 = s2; b1 = j; } else if (s2 < d2) d2 = s2;
        }`;
  // A full search's outcome for row i (b1, d1, d2): the label, the moved list, the bounds.
  const takeNearest = `const a0 = labels[i];
      if (a0 !== b1) {
        if (a0 < 0) first = true;
        moved[2 * changed] = i; moved[2 * changed + 1] = a0;
        labels[i] = b1; changed++;
      }
      upper[i] = Math.sqrt(d1);
      if (!elkan) lower[i] = Math.sqrt(d2);`;
  // The final pass's check: best = the own centre's squared distance when the bounds prove,
  // with a margin against rounding, that no other centre is closer; else best stays Infinity.
  const provenBest = (distance: typeof dist): string => `if (useBounds) {
        let m;
        if (elkan) {
          // No other centre is closer than max(its lower bound, half its distance to a).
          m = Infinity;
          for (let j = 0; j < k; j++) {
            if (j === a) continue;
            const l = lbk[i * k + j] - moves[j], h = cc[a * k + j];
            const mj = l > h ? l : h;
            if (mj < m) m = mj;
          }
        } else {
          const l = lower[i] - (a === maxIdx ? second : maxMove);
          m = half[a] > l ? half[a] : l;
        }
        const qa = a * ${d};
        let s; ${distance("s", "cen", "qa")}
        const da = Math.sqrt(s);
        if (da + 1e-9 * (da + Math.abs(m)) < m) best = s;
      }`;
  // F[pb .. pb + d) = row at o.
  const copyRow = unroll
    ? cols.map((f) => `F[pb + ${f}] = x[o + ${f}];`).join(" ")
    : `for (let f = 0; f < ${d}; f++) F[pb + f] = x[o + f];`;
  return `"use strict";
function chunkPartial(ctx, c) {
  const sm = ctx.simd;
  if (sm !== null && sm.partial !== null) {
    // Resident data and labels: the same sums in WebAssembly, then copied to the chunk's slots.
    const k = ctx.k, i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows), F = sm.F;
    const wf = sm.weightByte / 8, sf = sm.sumsByte / 8, bf = sm.bwByte / 8, cnI = sm.idxByte >> 2;
    if (ctx.w !== null) F.set(ctx.w.subarray(i0, i1), wf);
    F.fill(0, sf, sf + k * ${d});
    F.fill(0, bf, bf + k);
    sm.I.fill(0, cnI, cnI + k);
    sm.partial(i0, i1 - i0, sm.labelsByte, 0, sm.weightByte, sm.sumsByte, sm.bwByte, sm.idxByte);
    if (ctx.w !== null) F.fill(1, wf, wf + i1 - i0);
    ctx.chunkSums.set(F.subarray(sf, sf + k * ${d}), c * k * ${d});
    ctx.chunkW.set(F.subarray(bf, bf + k), c * k);
    ctx.chunkN.set(sm.I.subarray(cnI, cnI + k), c * k);
    return;
  }
  const x = ctx.x, k = ctx.k, w = ctx.w, labels = ctx.labels, sums = ctx.chunkSums, ws = ctx.chunkW, cn = ctx.chunkN;
  const i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows);
  const sBase = c * k * ${d}, wBase = c * k;
  sums.fill(0, sBase, sBase + k * ${d});
  ws.fill(0, wBase, wBase + k);
  cn.fill(0, wBase, wBase + k);
  if (w === null) {
    for (let i = i0; i < i1; i++) {
      const j = labels[i], o = i * ${d}, s = sBase + j * ${d};
      ${addRow(false)}
      ws[wBase + j] += 1;
      cn[wBase + j]++;
    }
  } else {
    for (let i = i0; i < i1; i++) {
      const j = labels[i], o = i * ${d}, s = sBase + j * ${d}, wi = w[i];
      ${addRow(true)}
      ws[wBase + j] += wi;
      if (wi > 0) cn[wBase + j]++;
    }
  }
}
// Updates chunk c's sums for 'count' moved rows listed in moved as (row, old label) pairs:
// cheaper than recomputing when few rows moved; the order (row order) is fixed, so the
// result does not depend on the thread.
function chunkDelta(ctx, c, moved, count) {
  const x = ctx.x, k = ctx.k, w = ctx.w, labels = ctx.labels, sums = ctx.chunkSums, ws = ctx.chunkW, cn = ctx.chunkN;
  const sBase = c * k * ${d}, wBase = c * k;
  for (let r = 0; r < count; r++) {
    const i = moved[2 * r], from = moved[2 * r + 1], to = labels[i], o = i * ${d};
    const wi = w === null ? 1 : w[i];
    const sf = sBase + from * ${d}, st = sBase + to * ${d};
    for (let f = 0; f < ${d}; f++) {
      const v = wi * x[o + f];
      sums[sf + f] -= v;
      sums[st + f] += v;
    }
    ws[wBase + from] -= wi;
    ws[wBase + to] += wi;
    if (wi > 0) { cn[wBase + from]--; cn[wBase + to]++; }
  }
}
// After a chunk's assignment: fresh sums when many rows moved (or on the first pass), else deltas.
// 'moved' null: the list is in the resident kernel's memory, and WebAssembly applies it.
function chunkUpdate(ctx, c, moved, changed, first) {
  if (changed === 0) return;
  if (first || changed * 4 > ctx.chunkRows) chunkPartial(ctx, c);
  else if (moved === null) chunkDeltaSimd(ctx, c, changed);
  else chunkDelta(ctx, c, moved, changed);
}
// chunkDelta in WebAssembly, on the chunk's sums copied into the kernel's memory and back.
function chunkDeltaSimd(ctx, c, count) {
  const sm = ctx.simd, F = sm.F, k = ctx.k, i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows);
  const wf = sm.weightByte / 8, sf = sm.sumsByte / 8, bf = sm.bwByte / 8, cnI = sm.idxByte >> 2;
  const s0 = c * k * ${d}, w0 = c * k;
  if (ctx.w !== null) F.set(ctx.w.subarray(i0, i1), wf);
  F.set(ctx.chunkSums.subarray(s0, s0 + k * ${d}), sf);
  F.set(ctx.chunkW.subarray(w0, w0 + k), bf);
  sm.I.set(ctx.chunkN.subarray(w0, w0 + k), cnI);
  sm.delta(count, sm.movedByte, sm.labelsByte, 0, sm.weightByte, i0, sm.sumsByte, sm.bwByte, sm.idxByte);
  if (ctx.w !== null) F.fill(1, wf, wf + i1 - i0);
  ctx.chunkSums.set(F.subarray(sf, sf + k * ${d}), s0);
  ctx.chunkW.set(F.subarray(bf, bf + k), w0);
  ctx.chunkN.set(sm.I.subarray(cnI, cnI + k), w0);
}
function kppUpdate(ctx, c0, c1) {
  const x = ctx.x, w = ctx.w, closest = ctx.closest, cand = ctx.cands, first = ctx.params[4] !== 0;
  const vals = ctx.chunkVals, stride = ctx.stride;
  for (let c = c0; c < c1; c++) {
    const i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows);
    let pot = 0;
    for (let i = i0; i < i1; i++) {
      const o = i * ${d};
      ${loadX}
      let s; ${dist("s", "cand", "0")}
      const v = first || s < closest[i] ? s : closest[i];
      closest[i] = v;
      pot += w === null ? v : w[i] * v;
    }
    vals[c * stride] = pot;
  }
}
// Candidate potentials. With params[6] = 1, cands row 0 is the centre chosen last step, merged
// into 'closest' first (saves the update pass), and the L candidates follow it.
function kppTrials(ctx, c0, c1) {
  const x = ctx.x, w = ctx.w, closest = ctx.closest, cands = ctx.cands, L = ctx.params[0];
  const vals = ctx.chunkVals, stride = ctx.stride, n = ctx.n, trial = ctx.trial;
  const keep = trial.length >= L * n, merge = ctx.params[6] === 1, q0 = merge ? ${d} : 0;
  const pots = new Float64Array(L);
  for (let c = c0; c < c1; c++) {
    const i0 = c * ctx.chunkRows, i1 = Math.min(n, i0 + ctx.chunkRows);
    pots.fill(0);
    for (let i = i0; i < i1; i++) {
      const o = i * ${d};
      ${loadX}
      let ci = closest[i];
      if (merge) {
        let s; ${dist("s", "cands", "0")}
        if (s < ci) { ci = s; closest[i] = s; }
      }
      const wi = w === null ? 1 : w[i];
      for (let t = 0, q = q0; t < L; t++, q += ${d}) {
        let s; ${dist("s", "cands", "q")}
        const m = s < ci ? s : ci;
        if (keep) trial[t * n + i] = m;
        pots[t] += wi * m;
      }
    }
    for (let t = 0; t < L; t++) vals[c * stride + t] = pots[t];
  }
}
function assignFull(ctx, c0, c1) {
  const x = ctx.x, k = ctx.k, cen = ctx.centroids, labels = ctx.labels, upper = ctx.upper, lower = ctx.lower;
  const lbk = ctx.lowerK, elkan = ctx.params[5] === 1;
  const moved = new Int32Array(2 * ctx.chunkRows);
  for (let c = c0; c < c1; c++) {
    const i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows);
    let changed = 0, first = false;
    for (let i = i0; i < i1; i++) {
      const o = i * ${d};
      ${loadX}
      ${search(true)}
      ${takeNearest}
    }
    ctx.chunkFlags[c] = changed;
    chunkUpdate(ctx, c, moved, changed, first);
  }
}
function assignHamerly(ctx, c0, c1) {
  const x = ctx.x, k = ctx.k, cen = ctx.centroids, labels = ctx.labels, upper = ctx.upper, lower = ctx.lower;
  const half = ctx.half, moves = ctx.moves, maxMove = ctx.params[1], maxIdx = ctx.params[2], second = ctx.params[3];
  const moved = new Int32Array(2 * ctx.chunkRows);
  for (let c = c0; c < c1; c++) {
    const i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows);
    let changed = 0;
    for (let i = i0; i < i1; i++) {
      const a = labels[i];
      let u = upper[i] + moves[a];
      let l = lower[i] - (a === maxIdx ? second : maxMove);
      const m = half[a] > l ? half[a] : l;
      if (u > m) {
        // A full search, not first the own centre's distance to tighten u (Hamerly's step):
        // it also makes the lower bound exact again, so the row does not fail every
        // iteration after (and the SIMD kernel, which gets every distance at the cost of a
        // few, does the same, so both give the same labels).
        const o = i * ${d};
        ${loadX}
        ${search(false)}
        if (b1 !== a) { moved[2 * changed] = i; moved[2 * changed + 1] = a; labels[i] = b1; changed++; }
        u = Math.sqrt(d1);
        l = Math.sqrt(d2);
      }
      upper[i] = u;
      lower[i] = l;
    }
    ctx.chunkFlags[c] = changed;
    chunkUpdate(ctx, c, moved, changed, false);
  }
}
function assignFinal(ctx, c0, c1) {
  const x = ctx.x, k = ctx.k, w = ctx.w, cen = ctx.centroids, labels = ctx.labels, lower = ctx.lower;
  const half = ctx.half, maxMove = ctx.params[1], maxIdx = ctx.params[2], second = ctx.params[3];
  const useBounds = ctx.params[4] === 0, elkan = ctx.params[5] === 1, lbk = ctx.lowerK, cc = ctx.cc, moves = ctx.moves;
  for (let c = c0; c < c1; c++) {
    const i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows);
    let inertia = 0, changed = 0;
    for (let i = i0; i < i1; i++) {
      const o = i * ${d};
      ${loadX}
      const a = labels[i];
      let best = Infinity;
      ${provenBest(dist)}
      if (best === Infinity) {
        let b1 = 0;
        for (let j = 0, q = 0; j < k; j++, q += ${d}) {
          let s2; ${dist("s2", "cen", "q")}
          if (s2 < best) { best = s2; b1 = j; }
        }
        if (b1 !== a) { labels[i] = b1; changed++; }
      }
      inertia += w === null ? best : w[i] * best;
    }
    ctx.chunkFlags[c] = changed;
    ctx.chunkVals[c * ctx.stride] = inertia;
  }
}
function ownDistance(ctx, c0, c1) {
  const x = ctx.x, cen = ctx.centroids, labels = ctx.labels, closest = ctx.closest;
  for (let c = c0; c < c1; c++) {
    const i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows);
    for (let i = i0; i < i1; i++) {
      const o = i * ${d};
      ${loadX}
      const q = labels[i] * ${d};
      let s; ${dist("s", "cen", "q")}
      closest[i] = s;
    }
  }
}
function assignElkan(ctx, c0, c1) {
  const x = ctx.x, k = ctx.k, cen = ctx.centroids, labels = ctx.labels, upper = ctx.upper, lbk = ctx.lowerK;
  const half = ctx.half, cc = ctx.cc, moves = ctx.moves;
  const moved = new Int32Array(2 * ctx.chunkRows);
  for (let c = c0; c < c1; c++) {
    const i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows);
    let changed = 0;
    for (let i = i0; i < i1; i++) {
      const a0 = labels[i], base = i * k;
      let a = a0, u = upper[i] + moves[a];
      for (let j = 0; j < k; j++) lbk[base + j] -= moves[j];
      if (u > half[a]) {
        const o = i * ${d};
        let tight = false;
        for (let j = 0; j < k; j++) {
          if (j === a) continue;
          const lj = lbk[base + j], h = cc[a * k + j];
          if (u <= lj || u <= h) continue;
          if (!tight) {
            const qa = a * ${d};
            let s; ${distMem("s", "cen", "qa")}
            u = Math.sqrt(s);
            lbk[base + a] = u;
            tight = true;
            if (u <= lj || u <= h) continue;
          }
          const q = j * ${d};
          let s2; ${distMem("s2", "cen", "q")}
          const dj = Math.sqrt(s2);
          lbk[base + j] = dj;
          if (dj < u) { a = j; u = dj; }
        }
        if (a !== a0) { moved[2 * changed] = i; moved[2 * changed + 1] = a0; labels[i] = a; changed++; }
      }
      upper[i] = u;
    }
    ctx.chunkFlags[c] = changed;
    chunkUpdate(ctx, c, moved, changed, false);
  }
}
// Column sums of the rows shifted by the first row, and of their squares (one pass; NaN or
// ±Infinity anywhere makes a sum non-finite).
function columnStats(ctx, c0, c1) {
  const x = ctx.x, st = ctx.chunkStats;
  const ${cols.map((f) => `r${f} = x[${f}]`).join(", ")};
  for (let c = c0; c < c1; c++) {
    const i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows);
    let ${cols.map((f) => `s${f} = 0, q${f} = 0`).join(", ")};
    for (let i = i0; i < i1; i++) {
      const o = i * ${d};
      let t;
      ${cols.map((f) => `t = x[o + ${f}] - r${f}; s${f} += t; q${f} += t * t;`).join(" ")}
    }
    const b = c * ${2 * d};
    ${cols.map((f) => `st[b + ${f}] = s${f}; st[b + ${d + f}] = q${f};`).join(" ")}
  }
}
// --- SIMD-assisted kernels ---
// The first k-means++ centre: closest = its distance, through the trial function with every
// candidate that centre and closest starting at +Infinity (min(∞, s) = s, the same sums).
function kppUpdateSimd(ctx, c0, c1) {
  const sm = ctx.simd, L = sm.trials, n = ctx.n;
  if (ctx.params[4] === 0 || sm.trial === null || ctx.trial.length >= L * n) return kppUpdate(ctx, c0, c1);
  const x = ctx.x, w = ctx.w, closest = ctx.closest, vals = ctx.chunkVals, stride = ctx.stride, F = sm.F;
  // update0: one candidate and the merged centre, both the first centre (closest starts at
  // Infinity, so it becomes the distance, and the candidate's potential sums w · distance).
  const cf = sm.closestByte / 8, wf = sm.weightByte / 8, same = new Float64Array(2 * ${d});
  same.set(ctx.cands.subarray(0, ${d}), 0);
  same.set(ctx.cands.subarray(0, ${d}), ${d});
  layCentres(sm, same, 2, 1);
  for (let c = c0; c < c1; c++) {
    const i0 = c * ctx.chunkRows, i1 = Math.min(n, i0 + ctx.chunkRows);
    const rp = rowsAt(sm, x, i0, i1);
    F.fill(Infinity, cf, cf + i1 - i0);
    if (w !== null) F.set(w.subarray(i0, i1), wf);
    sm.trial[2](rp, i1 - i0, sm.cenByte, sm.closestByte, sm.weightByte, sm.potByte);
    if (w !== null) F.fill(1, wf, wf + i1 - i0);
    closest.set(F.subarray(cf, cf + i1 - i0), i0);
    vals[c * stride] = F[sm.potByte / 8];
  }
}
function columnStatsSimd(ctx, c0, c1) {
  const sm = ctx.simd, st = ctx.chunkStats;
  if (sm.stats === null) return columnStats(ctx, c0, c1);
  const of = sm.outByte / 8;
  for (let c = c0; c < c1; c++) {
    const i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows);
    sm.stats(i0, i1 - i0, 0, 0, sm.outByte);
    st.set(sm.F.subarray(of, of + ${2 * d}), c * ${2 * d});
  }
}
// ---: the same results, the distance sums done by WebAssembly. ---
// memory: the fit's shared memory with the data at 0 and this thread's region at 'base'
// (resident), or null for a private memory holding just the region. Between calls the
// weights part of a region always holds ones (every writer restores them), so an instance
// can serve one fit after another.
function simdSetup(bytes, layout, memory, base, arrays) {
  {
    const resident = memory != null, b = resident ? base : 0;
    const mem = resident ? memory : new WebAssembly.Memory({ initial: layout.pages });
    const inst = new WebAssembly.Instance(bytes instanceof WebAssembly.Module ? bytes : new WebAssembly.Module(bytes), { env: { mem } });
    const dist = layout.sets.map((_, i) => inst.exports["dist" + i] ?? null);
    const trial = layout.trials > 0 ? [inst.exports.trial0, inst.exports.trial1, inst.exports.update0] : null;
    const search = layout.trials > 0 ? inst.exports.search0 : null;
    const F = new Float64Array(mem.buffer), I = new Int32Array(mem.buffer);
    // Unweighted fits read weights of 1 (1 · m is m exactly).
    F.fill(1, (b + layout.weightByte) / 8, (b + layout.weightByte) / 8 + layout.rows);
    return { F, I, dist, trial, search, distIdx: resident ? inst.exports.distIdx0 ?? null : null, resident,
      batch: inst.exports.batch0 ?? null, sumsByte: b + layout.sumsByte, bwByte: b + layout.bwByte,
      hamerly: arrays ? inst.exports.hamerly0 : null, full: arrays ? inst.exports.full0 : null,
      partial: arrays ? inst.exports.partial0 : null, delta: arrays ? inst.exports.delta0 : null, readAhead: 1,
      final: arrays ? inst.exports.final0 : null, stats: resident ? inst.exports.stats0 : null, labelsByte: arrays ? arrays.labelsByte : -1,
      upperByte: arrays ? arrays.upperByte : -1, lowerByte: arrays ? arrays.lowerByte : -1,
      movesByte: b + layout.movesByte, halfByte: b + layout.halfByte, movedByte: b + layout.movedByte,
      strides: layout.strides, rowsByte: b, cenByte: b + layout.cenByte, outByte: b + layout.outByte,
      closestByte: b + layout.closestByte, weightByte: b + layout.weightByte, potByte: b + layout.potByte,
      idxByte: b + layout.idxByte, trials: layout.trials };
  }
}
// Byte address of rows i0 .. i1 for the kernel: in place when resident, else copied in.
function rowsAt(sm, x, i0, i1) {
  if (sm.resident) return i0 * ${d * 8};
  sm.F.set(x.subarray(i0 * ${d}, i1 * ${d}), sm.rowsByte / 8);
  return sm.rowsByte;
}
// Lays 'count' centres of src out in lane pairs; an odd last lane repeats the last centre.
// With rotate = 1 the first centre of src goes last (the trial functions want it there).
function layCentres(s, src, count, rotate = 0) {
  const F = s.F, base = s.cenByte / 8;
  for (let j = 0; j <= count; j++) {
    if (j === count && (count & 1) === 0) break;
    const from = j < count ? (j + rotate) % count : (count - 1 + rotate) % count;
    const p = base + (j >> 1) * ${2 * d} + (j & 1), q = from * ${d};
    for (let f = 0; f < ${d}; f++) F[p + 2 * f] = src[q + f];
  }
}
function kppTrialsSimd(ctx, c0, c1) {
  const x = ctx.x, w = ctx.w, closest = ctx.closest, L = ctx.params[0];
  const vals = ctx.chunkVals, stride = ctx.stride, n = ctx.n, trial = ctx.trial;
  const keep = trial.length >= L * n, merge = ctx.params[6] === 1 ? 1 : 0;
  const sm = ctx.simd, F = sm.F, dist = sm.dist[1 + merge], S = sm.strides[1 + merge], out = sm.outByte / 8;
  if (!keep && sm.trial !== null && sm.trials === L) {
    // The whole step in WebAssembly: the merged centre comes after the L candidates there.
    const fn = sm.trial[merge], cf = sm.closestByte / 8, wf = sm.weightByte / 8, pf = sm.potByte / 8;
    layCentres(sm, ctx.cands, L + merge, merge);
    for (let c = c0; c < c1; c++) {
      const i0 = c * ctx.chunkRows, i1 = Math.min(n, i0 + ctx.chunkRows);
      const rp = rowsAt(sm, x, i0, i1);
      F.set(closest.subarray(i0, i1), cf);
      if (w !== null) F.set(w.subarray(i0, i1), wf);
      fn(rp, i1 - i0, sm.cenByte, sm.closestByte, sm.weightByte, sm.potByte);
      if (w !== null) F.fill(1, wf, wf + i1 - i0);
      if (merge === 1) closest.set(F.subarray(cf, cf + i1 - i0), i0);
      for (let t = 0; t < L; t++) vals[c * stride + t] = F[pf + t];
    }
    return;
  }
  layCentres(sm, ctx.cands, L + merge);
  const pots = new Float64Array(L);
  for (let c = c0; c < c1; c++) {
    const i0 = c * ctx.chunkRows, i1 = Math.min(n, i0 + ctx.chunkRows);
    dist(rowsAt(sm, x, i0, i1), i1 - i0, sm.cenByte, sm.outByte);
    pots.fill(0);
    for (let i = i0, ob = out; i < i1; i++, ob += S) {
      let ci = closest[i];
      if (merge === 1 && F[ob] < ci) { ci = F[ob]; closest[i] = ci; }
      const wi = w === null ? 1 : w[i];
      for (let t = 0; t < L; t++) {
        const v = F[ob + merge + t];
        const m = v < ci ? v : ci;
        if (keep) trial[t * n + i] = m;
        pots[t] += wi * m;
      }
    }
    for (let t = 0; t < L; t++) vals[c * stride + t] = pots[t];
  }
}
function assignFullSimd(ctx, c0, c1) {
  const x = ctx.x, k = ctx.k, labels = ctx.labels, upper = ctx.upper, lower = ctx.lower;
  const lbk = ctx.lowerK, elkan = ctx.params[5] === 1;
  // Each output row: k distances (padded to pairs), then d1, d2 and b1 at P, P + 1, P + 2.
  const sm = ctx.simd, F = sm.F, dist = sm.dist[0], S = sm.strides[0], out = sm.outByte / 8, P = 2 * ((k + 1) >> 1);
  layCentres(sm, ctx.centroids, k);
  if (sm.full !== null && labels[c0 * ctx.chunkRows] === -1) {
    // Resident first pass (every label -1): nearest centres, bounds and fresh chunk sums. After
    // it nearly every bound fails, so the Hamerly step starts reading ahead.
    sm.readAhead = 1;
    const w = ctx.w, wf = sm.weightByte / 8, sf = sm.sumsByte / 8, bf = sm.bwByte / 8, cnI = sm.idxByte >> 2;
    for (let c = c0; c < c1; c++) {
      const i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows);
      if (w !== null) F.set(w.subarray(i0, i1), wf);
      F.fill(0, sf, sf + k * ${d});
      F.fill(0, bf, bf + k);
      sm.I.fill(0, cnI, cnI + k);
      const changed = sm.full(i0, i1 - i0, sm.cenByte, sm.outByte, sm.labelsByte, sm.upperByte,
        sm.lowerByte, sm.movedByte, 0, sm.weightByte, sm.sumsByte, sm.bwByte, sm.idxByte);
      if (w !== null) F.fill(1, wf, wf + i1 - i0);
      ctx.chunkFlags[c] = changed;
      if (changed === 0) continue;
      ctx.chunkSums.set(F.subarray(sf, sf + k * ${d}), c * k * ${d});
      ctx.chunkW.set(F.subarray(bf, bf + k), c * k);
      ctx.chunkN.set(sm.I.subarray(cnI, cnI + k), c * k);
    }
    return;
  }
  const moved = new Int32Array(2 * ctx.chunkRows);
  for (let c = c0; c < c1; c++) {
    const i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows);
    dist(rowsAt(sm, x, i0, i1), i1 - i0, sm.cenByte, sm.outByte);
    let changed = 0, first = false;
    for (let i = i0, ob = out; i < i1; i++, ob += S) {
      let b1, d1, d2;
      if (elkan) {
        ${search(true, true).replace("let b1 = 0, d1 = Infinity, d2 = Infinity;", "b1 = 0; d1 = Infinity; d2 = Infinity;")}
      } else {
        d1 = F[ob + P]; d2 = F[ob + P + 1]; b1 = F[ob + P + 2];
      }
      ${takeNearest}
    }
    ctx.chunkFlags[c] = changed;
    chunkUpdate(ctx, c, moved, changed, first);
  }
}
// Rows whose bounds fail get every distance at once from the SIMD kernel and take the full
// search's outcome, as the JavaScript kernel does; the rows are handled in row order, so
// labels, bounds and 'moved' are the same.
function assignHamerlySimd(ctx, c0, c1) {
  const x = ctx.x, k = ctx.k, cen = ctx.centroids, labels = ctx.labels, upper = ctx.upper, lower = ctx.lower;
  const half = ctx.half, moves = ctx.moves, maxMove = ctx.params[1], maxIdx = ctx.params[2], second = ctx.params[3];
  // Each output row: k distances (padded to pairs), then d1, d2 and b1 at P, P + 1, P + 2.
  const sm = ctx.simd, F = sm.F, dist = sm.dist[0], S = sm.strides[0], out = sm.outByte / 8, P = 2 * ((k + 1) >> 1);
  layCentres(sm, cen, k);
  if (sm.hamerly !== null) {
    // Resident data, labels and bounds: the whole step per chunk in WebAssembly.
    F.set(moves, sm.movesByte / 8);
    F.set(half, sm.halfByte / 8);
    for (let c = c0; c < c1; c++) {
      const i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows);
      const changed = sm.hamerly(i0, i1 - i0, sm.cenByte, sm.outByte, sm.labelsByte, sm.upperByte,
        sm.lowerByte, sm.movesByte, sm.halfByte, sm.movedByte, 0, maxIdx | 0, maxMove, second,
        sm.readAhead, sm.potByte);
      // Read ahead in the next chunk while at least a tenth of this one's bounds failed (the
      // choice changes only the speed, so each thread makes its own).
      sm.readAhead = sm.I[sm.potByte >> 2] * 10 >= i1 - i0 ? 1 : 0;
      ctx.chunkFlags[c] = changed;
      chunkUpdate(ctx, c, null, changed, false);
    }
    return;
  }
  // Resident: the row list lives in the kernel's memory and rows are read in place.
  const moved = new Int32Array(2 * ctx.chunkRows);
  const pend = sm.resident ? sm.I.subarray(sm.idxByte >> 2, (sm.idxByte >> 2) + ctx.chunkRows) : new Int32Array(ctx.chunkRows);
  for (let c = c0; c < c1; c++) {
    const i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows);
    let changed = 0, pending = 0;
    for (let i = i0; i < i1; i++) {
      const a = labels[i];
      let u = upper[i] + moves[a];
      const l = lower[i] - (a === maxIdx ? second : maxMove);
      const m = half[a] > l ? half[a] : l;
      if (u > m) pend[pending++] = i;
      else {
        upper[i] = u;
        lower[i] = l;
      }
    }
    // Many rows to search: copy the whole chunk (one memcpy) and compute every row's
    // distances; few: gather just those rows.
    const whole = !sm.resident && pending * 1.25 > i1 - i0;
    if (whole) {
      dist(rowsAt(sm, x, i0, i1), i1 - i0, sm.cenByte, sm.outByte);
    } else if (pending > 0 && sm.resident) {
      sm.distIdx(0, pending, sm.cenByte, sm.outByte, sm.idxByte, 0);
    } else if (pending > 0) {
      const rb = sm.rowsByte / 8;
      for (let r = 0; r < pending; r++) {
        const o = pend[r] * ${d}, pb = rb + r * ${d};
        ${copyRow}
      }
      dist(sm.rowsByte, pending, sm.cenByte, sm.outByte);
    }
    for (let r = 0; r < pending; r++) {
      const i = pend[r], a = labels[i], ob = out + (whole ? i - i0 : r) * S;
      const d1 = F[ob + P], d2 = F[ob + P + 1], b1 = F[ob + P + 2];
      if (b1 !== a) { moved[2 * changed] = i; moved[2 * changed + 1] = a; labels[i] = b1; changed++; }
      upper[i] = Math.sqrt(d1);
      lower[i] = Math.sqrt(d2);
    }
    ctx.chunkFlags[c] = changed;
    chunkUpdate(ctx, c, moved, changed, false);
  }
}
function assignFinalSimd(ctx, c0, c1) {
  const x = ctx.x, k = ctx.k, w = ctx.w, cen = ctx.centroids, labels = ctx.labels, lower = ctx.lower;
  const half = ctx.half, maxMove = ctx.params[1], maxIdx = ctx.params[2], second = ctx.params[3];
  const useBounds = ctx.params[4] === 0, elkan = ctx.params[5] === 1, lbk = ctx.lowerK, cc = ctx.cc, moves = ctx.moves;
  // Each output row: k distances (padded to pairs), then d1, d2 and b1 at P, P + 1, P + 2.
  const sm = ctx.simd, F = sm.F, dist = sm.dist[0], S = sm.strides[0], out = sm.outByte / 8, P = 2 * ((k + 1) >> 1);
  layCentres(sm, cen, k);
  if (sm.final !== null) {
    // Resident: the whole pass per chunk in WebAssembly; inertia comes back at potByte.
    const wf = sm.weightByte / 8;
    F.set(ctx.half, sm.halfByte / 8);
    for (let c = c0; c < c1; c++) {
      const i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows);
      if (w !== null) F.set(w.subarray(i0, i1), wf);
      const changed = sm.final(i0, i1 - i0, sm.cenByte, sm.outByte, sm.labelsByte, sm.lowerByte,
        sm.halfByte, 0, sm.weightByte, maxIdx | 0, maxMove, second, useBounds ? 1 : 0, sm.potByte);
      if (w !== null) F.fill(1, wf, wf + i1 - i0);
      ctx.chunkFlags[c] = changed;
      ctx.chunkVals[c * ctx.stride] = F[sm.potByte / 8];
    }
    return;
  }
  const pend = sm.resident ? sm.I.subarray(sm.idxByte >> 2, (sm.idxByte >> 2) + ctx.chunkRows) : new Int32Array(ctx.chunkRows);
  const bests = new Float64Array(ctx.chunkRows), rb = sm.rowsByte / 8;
  for (let c = c0; c < c1; c++) {
    const i0 = c * ctx.chunkRows, i1 = Math.min(ctx.n, i0 + ctx.chunkRows);
    let inertia = 0, changed = 0, pending = 0;
    for (let i = i0; i < i1; i++) {
      const o = i * ${d};
      const a = labels[i];
      let best = Infinity;
      ${provenBest(distMem)}
      if (best === Infinity) {
        if (useBounds && !sm.resident) {
          const pb = rb + pending * ${d};
          ${copyRow}
        }
        pend[pending++] = i;
      }
      bests[i - i0] = best;
    }
    // Without bounds every row is searched: one copy of the whole chunk.
    if (!useBounds) dist(rowsAt(sm, x, i0, i1), i1 - i0, sm.cenByte, sm.outByte);
    else if (pending > 0 && sm.resident) sm.distIdx(0, pending, sm.cenByte, sm.outByte, sm.idxByte, 0);
    else if (pending > 0) dist(sm.rowsByte, pending, sm.cenByte, sm.outByte);
    for (let r = 0, ob = out; r < pending; r++, ob += S) {
      const i = pend[r], best = F[ob + P], b1 = F[ob + P + 2];
      if (b1 !== labels[i]) { labels[i] = b1; changed++; }
      bests[i - i0] = best;
    }
    for (let i = i0; i < i1; i++) inertia += w === null ? bests[i - i0] : w[i] * bests[i - i0];
    ctx.chunkFlags[c] = changed;
    ctx.chunkVals[c * ctx.stride] = inertia;
  }
}
return {
  js: [kppUpdate, kppTrials, assignFull, assignHamerly, assignFinal, ownDistance, assignElkan, columnStats],
  simd: [kppUpdateSimd, kppTrialsSimd, assignFullSimd, assignHamerlySimd, assignFinalSimd, ownDistance, assignElkan, columnStatsSimd],
  setup: simdSetup,
};
`;
}

/**
 * One mini-batch pass: assigns the rows idx[0 .. bs) to their nearest centre (ties to the
 * smaller index), writes the labels to `lab`, adds each row's weight to `batchW` and its
 * weighted values to `sums` (k × d; both zeroed by the caller), and returns the batch's
 * weighted inertia; `scratch` (bs × d) receives a copy of the batch's rows, unless `simd` is
 * given (the rows are gathered into its memory then).
 */
export type BatchKernel = (
  x: Float64Array,
  idx: Int32Array,
  bs: number,
  cen: Float64Array,
  k: number,
  w: Float64Array | null,
  lab: Int32Array,
  batchW: Float64Array,
  sums: Float64Array,
  scratch: Float64Array,
  simd?: Simd | null,
) => number;

/** Source of the {@link BatchKernel} for d columns (same distance sums as the kernels). */
function batchSource(d: number): string {
  const unroll = d <= UNROLL_LIMIT;
  const cols = Array.from({ length: d }, (_, f) => f);
  const loadX = unroll ? `const ${cols.map((f) => `x${f} = x[o + ${f}]`).join(", ")};` : "";
  const dist = unroll
    ? `let t = x0 - cen[q], s2 = t * t;` +
      cols
        .slice(1)
        .map((f) => ` t = x${f} - cen[q + ${f}]; s2 += t * t;`)
        .join("")
    : `let s2 = 0; for (let f = 0; f < ${d}; f++) { const t = x[o + f] - cen[q + f]; s2 += t * t; }`;
  const addRow = unroll
    ? cols.map((f) => `sums[s + ${f}] += wi * x[o + ${f}];`).join(" ")
    : `for (let f = 0; f < ${d}; f++) sums[s + f] += wi * x[o + f];`;
  return `"use strict";
return function batchAssign(data, idx, bs, cen, k, w, lab, batchW, sums, x, simd) {
  // With the SIMD kernel the batch is gathered straight into its row buffer.
  const F = simd ? simd.F : null;
  if (F !== null) x = F;
  // Gather the batch first. Randomly drawn rows miss the caches; a loop of independent loads
  // (a few words per row) keeps many misses in flight where the distance loop would wait for
  // them one by one (measured: ~2× faster batches at 1M rows). The sum is stored so that the
  // loads are not optimised away; the copy then overwrites it.
  let touch = 0;
  for (let b = 0; b < bs; b++) {
    const r = idx[b] * ${d};
    touch += ${Array.from({ length: Math.ceil(d / 8) }, (_, t) => `data[r + ${t * 8}]`).join(" + ")} + data[r + ${d - 1}];
  }
  x[0] = touch;
  for (let b = 0, o = 0; b < bs; b++) {
    const r = idx[b] * ${d};
    for (let f = 0; f < ${d}; f++, o++) x[o] = data[r + f];
  }
  let inertia = 0;
  if (F !== null) {
    const base = simd.cenByte / 8;
    for (let j = 0; j < k + (k & 1); j++) {
      const p = base + (j >> 1) * ${2 * d} + (j & 1), q = (j < k ? j : k - 1) * ${d};
      for (let f = 0; f < ${d}; f++) F[p + 2 * f] = cen[q + f];
    }
    // The sums are accumulated in WebAssembly from zero (the caller passes them zeroed).
    const wf = simd.weightByte / 8, sf = simd.sumsByte / 8, bf = simd.bwByte / 8;
    if (w !== null) for (let b = 0; b < bs; b++) F[wf + b] = w[idx[b]];
    F.fill(0, sf, sf + k * ${d});
    F.fill(0, bf, bf + k);
    simd.batch(0, bs, simd.cenByte, simd.outByte, simd.weightByte, simd.sumsByte, simd.bwByte);
    if (w !== null) F.fill(1, wf, wf + bs);
    const P = 2 * ((k + 1) >> 1), S = simd.strides[0];
    for (let b = 0, ob = simd.outByte / 8; b < bs; b++, ob += S) {
      lab[b] = F[ob + P + 2];
      inertia += (w === null ? 1 : w[idx[b]]) * F[ob + P];
    }
    sums.set(F.subarray(sf, sf + k * ${d}));
    batchW.set(F.subarray(bf, bf + k));
    return inertia;
  }
  for (let b = 0; b < bs; b++) {
    const i = idx[b], o = b * ${d};
    ${loadX}
    let b1 = 0, d1 = Infinity;
    for (let j = 0, q = 0; j < k; j++, q += ${d}) {
      ${dist}
      if (s2 < d1) { d1 = s2; b1 = j; }
    }
    lab[b] = b1;
    const wi = w === null ? 1 : w[i], s = b1 * ${d};
    inertia += wi * d1;
    batchW[b1] += wi;
    ${addRow}
  }
  return inertia;
};
`;
}

const compiledBatch = new Map<number, BatchKernel>();

/** The mini-batch assignment kernel for d columns, compiled once per d. */
export function batchKernelFor(d: number): BatchKernel {
  let b = compiledBatch.get(d);
  if (b === undefined) {
    b = new Function(batchSource(d))() as BatchKernel;
    compiledBatch.set(d, b);
  }
  return b;
}

/** What {@link setupSimd} needs: the module, its layout, and for resident data the fit's memory. */
export interface SimdSetupOptions {
  module: Uint8Array | CompiledModule;
  layout: SimdLayout;
  /** The fit's shared memory (data at byte 0), or absent for a private memory. */
  memory?: WasmMemory | null;
  /** Byte offset of this thread's region in `memory`. */
  base?: number;
  /** Labels and bounds in `memory` for the resident Hamerly step, or null. */
  arrays?: SimdArrays | null;
}

/**
 * This thread's SIMD instance, or null and the reason (logged once with NODE_DEBUG=segmentlab)
 * when the module cannot be instantiated here; the JavaScript kernels then give the same
 * results bit for bit.
 */
export function setupSimd(
  d: number,
  options: SimdSetupOptions,
): { simd: Simd | null; reason: string | null } {
  try {
    const { module, layout, memory, base, arrays } = options;
    return { simd: kernelsFor(d).setup(module, layout, memory, base, arrays), reason: null };
  } catch (e) {
    return { simd: null, reason: noteSimdFallback(msg.simdSetupFailed(e)) };
  }
}

const privateInstances = new Map<CompiledModule, { simd: Simd | null; reason: string | null }>();

/**
 * This thread's instance of a module with a private memory, made once and reused fit after fit
 * (each memory reserves gigabytes of address space until collected; a scan makes hundreds of
 * fits). The eight most recent are kept.
 */
export function privateSimd(
  d: number,
  module: CompiledModule,
  layout: SimdLayout,
): { simd: Simd | null; reason: string | null } {
  let setup = privateInstances.get(module);
  if (setup === undefined) {
    setup = setupSimd(d, { module, layout });
    if (privateInstances.size >= 8) privateInstances.delete(privateInstances.keys().next().value!);
    privateInstances.set(module, setup);
  }
  return setup;
}

const compiled = new Map<number, KernelSet>();

/** The kernels for d columns, compiled once per d on this thread. */
export function kernelsFor(d: number): KernelSet {
  let set = compiled.get(d);
  if (set === undefined) {
    set = new Function(kernelSource(d))() as KernelSet;
    compiled.set(d, set);
  }
  return set;
}
