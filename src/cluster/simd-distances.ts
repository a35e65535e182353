/**
 * A WebAssembly SIMD kernel that computes squared distances from a block of rows to a set of
 * centres, two centres per 128-bit lane pair, four pairs at a time (independent sums, so the
 * adder's latency is hidden).
 *
 * Why: V8 compiles the JavaScript distance loop to scalar code whose additions form one long
 * dependency chain per distance; the SIMD kernel does the same arithmetic ~2–3× faster
 * (measured at d = 20, k = 8). Exactness: each lane sums (x_f − c_f)² over f from the first
 * column on, in the same order and with the same IEEE operations as the JavaScript loops, so
 * the distances — and every label and inertia — are bit-identical to the JavaScript path.
 *
 * Memory of one thread's instance (bytes): rows (R × d doubles) at 0, then the centres laid
 * out in pairs (pair p, column f at ((p × d + f) × 2 + lane) doubles), then the output: for
 * row r, centre j at (r × stride + j) doubles (see {@link outputStride}).
 * @internal
 */
import { debuglog } from "node:util";
import * as msg from "./messages.js";
import {
  encodeModule,
  type Instr,
  type ValType,
  type WasmFunction,
  type WasmModuleSpec,
} from "./wasm-encoder.js";
import { residentFunctions } from "./simd-resident.js";
import { accumulate, addToCentre, countedLoop, emitRow, GROUP } from "./simd-emit.js";

/** Above this many columns the fully unrolled kernel gets large; the JavaScript path is used. */
export const SIMD_MAX_COLUMNS = 256;

/** Doubles per output row: the distances (padded to pairs), then d1, d2, b1 and a pad. */
export function outputStride(count: number, argmin: boolean): number {
  return 2 * Math.ceil(count / 2) + (argmin ? 4 : 0);
}

/**
 * A function `name(rows, nRows, centres, out)` (byte addresses; nRows ≥ 0) computing the
 * squared distance from each of nRows rows of d columns to `count` centres laid out in pairs.
 * With `argmin`, each output row also holds, after the distances, the smallest distance d1,
 * the second smallest d2 (of the multiset: a tie gives d2 = d1) and the smallest index b1 of
 * a centre at d1 — exactly what the JavaScript scan `if (s < d1) … else if (s < d2) …` finds,
 * computed without branches (the scan's branches mispredict on most rows).
 */
export function distanceFunction(
  name: string,
  d: number,
  count: number,
  argmin: boolean,
  indexed = false,
  sums = false,
): WasmFunction {
  const pairs = Math.ceil(count / 2);
  const stride = outputStride(count, argmin);
  const ROWS = 0;
  const N = 1;
  const CEN = 2;
  const OUT = 3;
  // Indexed: `name(rows, n, cen, out, idx, x)` reads row idx[r] of the matrix at x (ignoring
  // `rows`), so the rows need no copying when the data lives in the kernel's memory.
  const IDX = 4;
  const XBASE = 5;
  // Sums (mini-batch): `name(rows, n, cen, out, w, sums, bw)` also adds each row, times its
  // weight w[r], to sums[b1] (k × d) and w[r] to bw[b1], as the JavaScript batch kernel does.
  const WTS = 4;
  const SUMS = 5;
  const BW = 6;
  const XS = indexed ? 6 : sums ? 7 : 4;
  const T = XS + 1;
  const ACC = XS + 2;
  const groupSize = Math.min(GROUP, pairs);
  const M1 = ACC + groupSize;
  const M2 = M1 + 1;
  const D1 = M2 + 1;
  const B1 = D1 + 1;
  const locals: ValType[] = ["v128", "v128", ...Array<ValType>(groupSize).fill("v128")];
  if (argmin) locals.push("v128", "v128", "f64", "i32");
  if (sums && argmin) locals.push("i32");
  const params: ValType[] = Array(indexed ? 6 : sums ? 7 : 4).fill("i32");
  // Three i32 locals for the column loop, after all others.
  const LOOP = params.length + locals.length;
  locals.push("i32", "i32", "i32");
  const row: Instr[] = [];
  if (indexed)
    row.push(
      ["local.get", XBASE],
      ["local.get", IDX],
      ["i32.load", 0],
      ["i32.const", d * 8],
      ["i32.mul"],
      ["i32.add"],
      ["local.set", ROWS],
    );
  emitRow(row, d, count, argmin, { ROWS, CEN, OUT, XS, T, ACC, M1, M2, D1, B1, LOOP });
  // Mini-batch: bw[b1] += w, sums[b1] += w · row.
  // (The column loop's locals are free again after the distances.)
  if (sums && argmin)
    row.push(...addToCentre(d, { WTS, XS, BW, SUMS, B: B1, PTR: B1 + 1, ROWS, LOOP }));
  const body = countedLoop(N, row, [indexed ? [IDX, 4] : [ROWS, d * 8], [OUT, stride * 8]]);
  return { name, params, locals, body };
}

/** Most candidate pairs the k-means++ trial function keeps in registers (k ≤ e⁷ ≈ 1,100). */
export const TRIAL_MAX_PAIRS = 5;

/**
 * A function `name(rows, nRows, cands, closest, weights, pots)` for one greedy k-means++ step:
 * for each row, the squared distances to L candidates (and, with `merge`, to the centre chosen
 * last step, laid out after them, which first lowers `closest` in place); each candidate's
 * potential Σ w · min(distance, closest) is summed over the rows in order and stored at `pots`
 * — the same operations, in the same order, as the JavaScript trial kernel.
 */
export function trialFunction(name: string, d: number, L: number, merge: boolean): WasmFunction {
  const count = L + (merge ? 1 : 0);
  const pairs = Math.ceil(count / 2);
  const potPairs = Math.ceil(L / 2);
  const [ROWS, N, CEN, CLO, WTS, POTS] = [0, 1, 2, 3, 4, 5];
  const XS = 6;
  const T = 7;
  const ACC = 8;
  const POT = ACC + pairs;
  const CIV = POT + potPairs;
  const WV = CIV + 1;
  const CI = WV + 1;
  const LOOP = CI + 1;
  const body: Instr[] = [];
  for (let q = 0; q < potPairs; q++)
    body.push(["f64.const", 0], ["f64x2.splat"], ["local.set", POT + q]);
  const row: Instr[] = [];
  accumulate(row, d, 0, pairs, { ROWS, CEN, XS, T, ACC, LOOP });
  row.push(["local.get", CLO], ["f64.load", 0], ["f64x2.splat"], ["local.set", CIV]);
  if (merge) {
    // ci = s < ci ? s : ci (pmin(ci, s)), s the distance to the merged centre (index L).
    row.push(
      ["local.get", CIV],
      ["local.get", ACC + (L >> 1)],
      ["f64x2.extract_lane", L & 1],
      ["f64x2.splat"],
      ["f64x2.pmin"],
      ["local.tee", CIV],
      ["f64x2.extract_lane", 0],
      ["local.set", CI],
      ["local.get", CLO],
      ["local.get", CI],
      ["f64.store", 0],
    );
  }
  row.push(["local.get", WTS], ["f64.load", 0], ["f64x2.splat"], ["local.set", WV]);
  // pot += w · (v < ci ? v : ci); pmin(a, b) is b < a ? b : a.
  for (let q = 0; q < potPairs; q++)
    row.push(
      ["local.get", POT + q],
      ["local.get", WV],
      ["local.get", CIV],
      ["local.get", ACC + q],
      ["f64x2.pmin"],
      ["f64x2.mul"],
      ["f64x2.add"],
      ["local.set", POT + q],
    );
  body.push(
    ...countedLoop(N, row, [
      [ROWS, d * 8],
      [CLO, 8],
      [WTS, 8],
    ]),
  );
  for (let q = 0; q < potPairs; q++)
    body.push(["local.get", POTS], ["local.get", POT + q], ["v128.store", q * 16]);
  const locals: ValType[] = [
    ...Array<ValType>(2 + pairs + potPairs + 2).fill("v128"),
    "f64",
    ...Array<ValType>(3).fill("i32"),
  ];
  return { name, params: ["i32", "i32", "i32", "i32", "i32", "i32"], locals, body };
}

/**
 * A function `name(rows, nRows, cen, closest, weights, res, r, merge) → index` for drawing a
 * k-means++ candidate within a chunk: from the running total at res (f64), it adds each row's
 * potential w · c (c = closest, or with `merge` the smaller of closest and the squared
 * distance to the centre laid out as pair 0 at cen), in row order, and returns the first row
 * where the total exceeds r; else −1, with the total stored back at res and the last row with
 * a positive potential (or −1) at res + 8 (int32) — the JavaScript scan, operation for
 * operation (which ran cold in the interpreter: ~15 ms of a 100k-row fit, measured).
 */
export function searchFunction(name: string, d: number): WasmFunction {
  const [ROWS, N, CEN, CLO, WTS, RES, R, MERGE] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [XS, T, ACC, CI, S, TOTAL, LAST, I, LOOP] = [8, 9, 10, 11, 12, 13, 14, 15, 16];
  const row: Instr[] = [
    ["local.get", CLO],
    ["f64.load", 0],
    ["local.set", CI],
    ["local.get", MERGE],
    ["if"],
  ];
  accumulate(row, d, 0, 1, { ROWS, CEN, XS, T, ACC, LOOP });
  row.push(
    // if (s < ci) ci = s
    ["local.get", ACC],
    ["f64x2.extract_lane", 0],
    ["local.tee", S],
    ["local.get", CI],
    ["local.get", S],
    ["local.get", CI],
    ["f64.lt"],
    ["select"],
    ["local.set", CI],
    ["end"],
    // v = w · ci; if (v > 0) { total += v; last = i; if (total > r) return i; }
    ["local.get", WTS],
    ["f64.load", 0],
    ["local.get", CI],
    ["f64.mul"],
    ["local.tee", S],
    ["f64.const", 0],
    ["f64.gt"],
    ["if"],
    ["local.get", TOTAL],
    ["local.get", S],
    ["f64.add"],
    ["local.tee", TOTAL],
    ["local.get", I],
    ["local.set", LAST],
    ["local.get", R],
    ["f64.gt"],
    ["if"],
    ["local.get", RES],
    ["local.get", TOTAL],
    ["f64.store", 0],
    ["local.get", I],
    ["return"],
    ["end"],
    ["end"],
  );
  return {
    name,
    params: ["i32", "i32", "i32", "i32", "i32", "i32", "f64", "i32"],
    results: ["i32"],
    locals: ["v128", "v128", "v128", "f64", "f64", "f64", "i32", "i32", "i32", "i32", "i32"],
    body: [
      ["local.get", RES],
      ["f64.load", 0],
      ["local.set", TOTAL],
      ["i32.const", -1],
      ["local.set", LAST],
      ["i32.const", 0],
      ["local.set", I],
      ...countedLoop(N, row, [
        [ROWS, d * 8],
        [CLO, 8],
        [WTS, 8],
        [I, 1],
      ]),
      ["local.get", RES],
      ["local.get", TOTAL],
      ["f64.store", 0],
      ["local.get", RES],
      ["local.get", LAST],
      ["i32.store", 8],
      ["i32.const", -1],
    ],
  };
}

/** One set of centres the module computes distances to. */
export interface CentreSet {
  count: number;
  argmin: boolean;
}

/** Byte layout of one thread's kernel memory. */
export interface SimdLayout {
  d: number;
  /** Rows the row buffers hold. */
  rows: number;
  sets: CentreSet[];
  /** Doubles per output row of each set. */
  strides: number[];
  /** k-means++ candidates per step, or 0 for no trial functions (too many candidates). */
  trials: number;
  cenByte: number;
  outByte: number;
  /** Per row: `closest` (trials), then the weights (ones unless the fit has weights). */
  closestByte: number;
  weightByte: number;
  potByte: number;
  /** Row indices (int32) for the indexed distance function. */
  idxByte: number;
  /** Mini-batch sums (set 0's count × d) and weights per centre, side by side. */
  sumsByte: number;
  bwByte: number;
  /** Hamerly (resident): centre moves and half-distances, and (row, old centre) pairs. */
  movesByte: number;
  halfByte: number;
  movedByte: number;
  /** Bytes of one thread's region (the whole memory of a private instance). */
  regionBytes: number;
  pages: number;
}

/** The layout for `rows` rows of d columns, the given centre sets and L trial candidates. */
export function simdLayout(
  d: number,
  rows: number,
  sets: readonly CentreSet[],
  trials = 0,
): SimdLayout {
  const strides = sets.map((c) => outputStride(c.count, c.argmin));
  const L = Math.ceil((trials + 1) / 2) <= TRIAL_MAX_PAIRS ? trials : 0;
  const maxPairs = Math.max(1, Math.ceil((L + 1) / 2), ...sets.map((c) => Math.ceil(c.count / 2)));
  const cenByte = rows * d * 8;
  const outByte = cenByte + maxPairs * d * 16;
  const closestByte = outByte + rows * Math.max(...strides) * 8;
  const weightByte = closestByte + rows * 8;
  const potByte = weightByte + rows * 8;
  const idxByte = potByte + maxPairs * 16;
  const sumsByte = Math.ceil((idxByte + rows * 4) / 16) * 16;
  const k0 = sets.length > 0 ? sets[0]!.count : 0;
  const bwByte = sumsByte + k0 * d * 8;
  const movesByte = bwByte + k0 * 8;
  const halfByte = movesByte + k0 * 8;
  const movedByte = halfByte + k0 * 8;
  // Regions of several threads sit side by side: keep them 64-byte (cache line) aligned.
  const end = Math.ceil((movedByte + rows * 8) / 64) * 64;
  return {
    d,
    rows,
    sets: [...sets],
    strides,
    trials: L,
    cenByte,
    outByte,
    closestByte,
    weightByte,
    potByte,
    idxByte,
    sumsByte,
    bwByte,
    movesByte,
    halfByte,
    movedByte,
    regionBytes: end,
    pages: Math.ceil(end / 65536) + 1,
  };
}

/**
 * The module spec: `dist<i>` for the i-th centre set of the layout, and with trials, `trial0`
 * and `trial1` (without and with a merged centre), `update0` (the first centre's pass) and
 * `search0` (a k-means++ draw); `batch0` for a mini-batch layout (one
 * set). Shared (resident data): the resident passes instead of the distance functions they
 * replace — generating and encoding the code is a good part of a small fit's start-up. Lean
 * (a resident fit running Hamerly's steps): without `dist0` and `distIdx0`, which only
 * Lloyd's and Elkan's steps call.
 */
export function distanceModuleSpec(
  layout: SimdLayout,
  shared = false,
  lean = false,
): WasmModuleSpec {
  const { d, sets, trials } = layout;
  const functions: WasmFunction[] = [];
  // Resident fits use the trial functions for k-means++, never the candidate sets' dist1/dist2;
  // lean ones (Hamerly's steps) not dist0 either.
  sets.forEach((c, i) => {
    if (!(shared && i > 0 && trials > 0) && !(lean && i === 0))
      functions.push(distanceFunction(`dist${i}`, d, c.count, c.argmin));
  });
  if (trials > 0)
    functions.push(
      trialFunction("trial0", d, trials, false),
      trialFunction("trial1", d, trials, true),
      // The first centre's pass: one candidate and the merged centre, both the first centre.
      trialFunction("update0", d, 1, true),
      searchFunction("search0", d),
    );
  const first = sets[0];
  // The mini-batch step: set 0's distances, nearest centre and the weighted sums.
  if (first !== undefined && first.argmin && sets.length === 1)
    functions.push(distanceFunction("batch0", d, first.count, true, false, true));
  // With the data in a shared memory, the first set also reads listed rows in place.
  if (shared && first !== undefined) {
    if (!lean) functions.push(distanceFunction("distIdx0", d, first.count, first.argmin, true));
    if (first.argmin) functions.push(...residentFunctions(d, first.count));
  }
  return shared
    ? { memoryPages: 1, sharedMaximum: MAX_PAGES, functions }
    : { memoryPages: layout.pages, functions };
}

/** A WebAssembly memory's largest size in pages of 64 KiB (4 GiB). */
export const MAX_PAGES = 65536;

/** Why this engine cannot run the SIMD kernel ("" while unknown, null when it can). */
let simdUnsupported: string | null | undefined;

/** Whether this JavaScript engine runs WebAssembly with 128-bit SIMD. */
export function simdSupported(): boolean {
  if (simdUnsupported === undefined) {
    try {
      // One SIMD instruction is enough to know (a whole kernel took ~4 ms to build cold).
      const probe = encodeModule({
        memoryPages: 1,
        functions: [
          {
            name: "probe",
            params: [],
            locals: ["v128"],
            body: [["f64.const", 0], ["f64x2.splat"], ["local.set", 0]],
          },
        ],
      });
      // The project's TypeScript lib has no WebAssembly types; Node has had SIMD since 16.4.
      const wasm = (globalThis as { WebAssembly?: { validate(b: Uint8Array): boolean } })
        .WebAssembly;
      simdUnsupported =
        wasm === undefined
          ? msg.simdNoWebAssembly()
          : wasm.validate(probe)
            ? null
            : msg.simdNotValidated();
    } catch (e) {
      simdUnsupported = msg.simdProbeFailed(e);
    }
  }
  return simdUnsupported === null;
}

/**
 * Why the SIMD kernel does not serve data of d columns here, or null when it does (see
 * {@link simdEnabled}); each reason is logged once with NODE_DEBUG=segmentlab.
 */
export function simdDisabledReason(d: number): string | null {
  const reason = process.env.SEGMENTLAB_NO_SIMD
    ? msg.simdDisabledByEnv()
    : d > SIMD_MAX_COLUMNS
      ? msg.simdTooManyColumns(d, SIMD_MAX_COLUMNS)
      : simdSupported()
        ? null
        : simdUnsupported!;
  return reason === null ? null : noteSimdFallback(reason);
}

const debug = debuglog("segmentlab");
const logged = new Set<string>();

/** Logs why a thread runs the JavaScript kernels, once per reason; returns the reason. */
export function noteSimdFallback(reason: string): string {
  if (!logged.has(reason)) {
    logged.add(reason);
    debug("%s", reason);
  }
  return reason;
}

/**
 * The compiled module for a layout, or null when SIMD is unavailable, the data has too many
 * columns, or the environment variable `SEGMENTLAB_NO_SIMD` is set (to compare the paths).
 * `shared`: for a memory shared by the threads of a fit (regions side by side after the data);
 * `lean`: for a shared one running Hamerly's steps (see {@link distanceModuleSpec}).
 */
export function distanceModule(
  layout: SimdLayout,
  shared = false,
  lean = false,
): CompiledModule | null {
  if (!simdEnabled(layout.d)) return null;
  // Scans of k fit the same shapes again and again: encode and compile each module once. The
  // compiled module is also what the worker threads get: V8 shares its code (and the
  // optimised tier, once compiled) between threads instead of compiling it again in each.
  const key = JSON.stringify([layout, shared, lean]);
  let compiled = compiledModules.get(key);
  if (compiled === undefined) {
    // simdEnabled checked that WebAssembly exists.
    const WA = (globalThis as { WebAssembly?: { Module: new (b: Uint8Array) => object } })
      .WebAssembly!;
    compiled = new WA.Module(
      encodeModule(distanceModuleSpec(layout, shared, lean)),
    ) as CompiledModule;
    if (compiledModules.size >= 64) compiledModules.clear();
    compiledModules.set(key, compiled);
  }
  return compiled;
}

/** A compiled `WebAssembly.Module` (opaque here: the project's lib has no WebAssembly types). */
export type CompiledModule = object & { readonly __compiledWasm?: never };

const compiledModules = new Map<string, CompiledModule>();

/** Whether the SIMD kernel serves data of d columns here (see {@link distanceModule}). */
export function simdEnabled(d: number): boolean {
  return !process.env.SEGMENTLAB_NO_SIMD && d <= SIMD_MAX_COLUMNS && simdSupported();
}
