/**
 * WebAssembly functions for resident data (the rows, labels and Hamerly's bounds in the
 * kernel's shared memory, the data at byte 0): whole k-means passes per chunk of rows, so that
 * JavaScript only orchestrates. Each repeats the JavaScript kernel's operations in the same
 * order (see kernels.ts), so the results are bit-identical.
 * @internal
 */
import {
  accumulate,
  addToCentre,
  at,
  columnLoop,
  countedLoop,
  emitRow,
  GROUP,
  hamerlyBound,
  moveRow,
  pairwise,
  rowAddress,
  rowLoop,
  type RowRegs,
} from "./simd-emit.js";
import type { Instr, ValType, WasmFunction } from "./wasm-encoder.js";

/** Locals for {@link emitRow} from index `first` on, and their types. */
function rowLocals(
  first: number,
  count: number,
): { regs: Omit<RowRegs, "ROWS" | "CEN" | "OUT">; types: ValType[]; next: number } {
  const groupSize = Math.min(GROUP, Math.ceil(count / 2));
  const XS = first;
  const T = first + 1;
  const ACC = first + 2;
  const M1 = ACC + groupSize;
  const M2 = M1 + 1;
  const D1 = M2 + 1;
  const B1 = D1 + 1;
  const LOOP = B1 + 1;
  return {
    regs: { XS, T, ACC, M1, M2, D1, B1, LOOP },
    types: [...Array<ValType>(4 + groupSize).fill("v128"), "f64", "i32", "i32", "i32", "i32"],
    next: LOOP + 3,
  };
}

/** The resident functions for d columns and k centres. */
export function residentFunctions(d: number, k: number): WasmFunction[] {
  return [
    hamerlyFunction("hamerly0", d, k),
    fullFunction("full0", d, k),
    finalFunction("final0", d, k),
    statsFunction("stats0", d),
    partialFunction("partial0", d),
    deltaFunction("delta0", d),
  ];
}

/**
 * A chunk's sums from scratch: `name(i0, n, labels, x, w, sums, bw, cn)` adds, for each row
 * of [i0, i0 + n) in order, w[r] · row to sums[label], w[r] to bw[label] and 1 to cn[label]
 * (int32) when w[r] > 0 — the JavaScript `chunkPartial`.
 */
export function partialFunction(name: string, d: number): WasmFunction {
  const [I, N, LAB, XB, WTS, SUMS, BW, CN] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [XS, ROWS, B, PTR, LOOP] = [8, 9, 10, 11, 12];
  const row: Instr[] = [
    ...rowAddress(XB, I, d, ROWS),
    ...at(LAB, I, 2),
    ["i32.load", 0],
    ["local.set", B],
    ...addToCentre(d, { WTS, XS, BW, CN, SUMS, B, PTR, ROWS, LOOP }),
  ];
  return {
    name,
    params: Array<ValType>(8).fill("i32"),
    locals: ["v128", "i32", "i32", "i32", "i32", "i32"],
    body: rowLoop(I, N, row),
  };
}

/**
 * A chunk's sums updated for the rows that changed centre: `name(n, moved, labels, x, w, i0,
 * sums, bw, cn)` takes n (row, old centre) pairs from `moved` (int32, in row order) and, for
 * each, subtracts w · row from sums[old] and adds it to sums[labels[row]], moves w (the weight of
 * row − i0 at w) from bw[old] to bw[new] and, when w > 0, a count in cn (int32) — the JavaScript
 * `chunkDelta`, operation for operation (it ran in the interpreter at the start of a fit:
 * ~20 ms of a 100k-row fit, measured).
 */
export function deltaFunction(name: string, d: number): WasmFunction {
  const [N, MOVED, LAB, XB, WTS, I0, SUMS, BW, CN] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [I, FROM, TO, ROWS, PF, PT, PTR, W, XS, V, END] = [
    9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
  ];
  const row: Instr[] = [
    ["local.get", MOVED],
    ["i32.load", 0],
    ["local.set", I],
    ["local.get", MOVED],
    ["i32.load", 4],
    ["local.set", FROM],
    ...at(LAB, I, 2),
    ["i32.load", 0],
    ["local.set", TO],
    ...rowAddress(XB, I, d, ROWS),
    // w = weights[i − i0]
    ["local.get", WTS],
    ["local.get", I],
    ["local.get", I0],
    ["i32.sub"],
    ["i32.const", 3],
    ["i32.shl"],
    ["i32.add"],
    ["f64.load", 0],
    ["local.tee", W],
    ["f64x2.splat"],
    ["local.set", XS],
    ["local.get", SUMS],
    ["local.get", FROM],
    ["i32.const", d * 8],
    ["i32.mul"],
    ["i32.add"],
    ["local.set", PF],
    ["local.get", SUMS],
    ["local.get", TO],
    ["i32.const", d * 8],
    ["i32.mul"],
    ["i32.add"],
    ["local.set", PT],
  ];
  // v = w * x_f; sums[from] -= v; sums[to] += v: two columns at a time, then the odd one.
  const update = (P: number, op: string, o: number, wide: boolean): Instr[] =>
    wide
      ? [
          ["local.get", P],
          ["local.get", P],
          ["v128.load", o],
          ["local.get", V],
          [`f64x2.${op}`],
          ["v128.store", o],
        ]
      : [
          ["local.get", P],
          ["local.get", P],
          ["f64.load", o],
          ["local.get", V],
          ["f64x2.extract_lane", 0],
          [`f64.${op}`],
          ["f64.store", o],
        ];
  const columns = (count: number): Instr[] =>
    pairwise(
      count,
      (o) => [
        ["local.get", XS],
        ["local.get", ROWS],
        ["v128.load", o],
        ["f64x2.mul"],
        ["local.set", V],
        ...update(PF, "sub", o, true),
        ...update(PT, "add", o, true),
      ],
      (o) => [
        ["local.get", XS],
        ["local.get", ROWS],
        ["f64.load", o],
        ["f64x2.splat"],
        ["f64x2.mul"],
        ["local.set", V],
        ...update(PF, "sub", o, false),
        ...update(PT, "add", o, false),
      ],
    );
  row.push(
    ...columnLoop(
      d,
      4,
      [
        [ROWS, 8],
        [PF, 8],
        [PT, 8],
      ],
      END,
      columns,
    ),
  );
  const shift = (
    base: number,
    j: number,
    type: "f64" | "i32",
    value: Instr[],
    op: string,
  ): Instr[] => [
    ...at(base, j, type === "f64" ? 3 : 2),
    ["local.tee", PTR],
    ["local.get", PTR],
    [`${type}.load`, 0],
    ...value,
    [op],
    [`${type}.store`, 0],
  ];
  row.push(
    ...shift(BW, FROM, "f64", [["local.get", W]], "f64.sub"),
    ...shift(BW, TO, "f64", [["local.get", W]], "f64.add"),
    ["local.get", W],
    ["f64.const", 0],
    ["f64.gt"],
    ["if"],
    ...shift(CN, FROM, "i32", [["i32.const", 1]], "i32.sub"),
    ...shift(CN, TO, "i32", [["i32.const", 1]], "i32.add"),
    ["end"],
  );
  return {
    name,
    params: Array<ValType>(9).fill("i32"),
    locals: ["i32", "i32", "i32", "i32", "i32", "i32", "i32", "f64", "v128", "v128", "i32"],
    body: countedLoop(N, row, [[MOVED, 8]]),
  };
}

/**
 * The first Lloyd pass over rows [i0, i0 + n), whose labels are all -1: `name(i0, n, cen, out,
 * labels, upper, lower, moved, x, w, sums, bw, cn) → changed`. Each row takes its nearest
 * centre (listed in `moved` with its old label), upper = d1, lower = d2 (square roots; `lower`
 * 0 skips it), and its weight w[r] (rows r of the chunk) is added to bw[b1], w · row to sums[b1]
 * and 1 to cn[b1] (int32) when w > 0 — the JavaScript `assignFull` and `chunkPartial`.
 */
export function fullFunction(name: string, d: number, k: number): WasmFunction {
  const [I, N, CEN, OUT, LAB, UP, LO, MOVED, XB, WTS, SUMS, BW, CN] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
  ];
  const { regs, types, next } = rowLocals(13, k);
  const { XS, D1, B1 } = regs;
  const [ROWS, A, CH, PTR] = [next, next + 1, next + 2, next + 3];
  const base = 2 * Math.ceil(k / 2) * 8;
  const row: Instr[] = rowAddress(XB, I, d, ROWS);
  emitRow(row, d, k, true, { ...regs, ROWS, CEN, OUT });
  row.push(
    ...at(LAB, I, 2),
    ["i32.load", 0],
    ["local.set", A],
    ...moveRow(LAB, MOVED, CH, I, A, B1),
    ...at(UP, I, 3),
    ["local.get", D1],
    ["f64.sqrt"],
    ["f64.store", 0],
    ["local.get", LO],
    ["if"],
    ...at(LO, I, 3),
    ["local.get", OUT],
    ["f64.load", base + 8],
    ["f64.sqrt"],
    ["f64.store", 0],
    ["end"],
    // bw[b1] += w; cn[b1] += w > 0; sums[b1] += w · row.
    ...addToCentre(d, { WTS, XS, BW, CN, SUMS, B: B1, PTR, ROWS, LOOP: regs.LOOP }),
  );
  return {
    name,
    params: Array<ValType>(13).fill("i32"),
    results: ["i32"],
    locals: [...types, "i32", "i32", "i32", "i32"],
    body: [["i32.const", 0], ["local.set", CH], ...rowLoop(I, N, row), ["local.get", CH]],
  };
}

/**
 * The final pass over rows [i0, i0 + n): `name(i0, n, cen, out, labels, lower, half, x, w,
 * maxIdx, maxMove, second, useBounds, res) → changed`. A row keeps its centre when the
 * Hamerly bound proves it with a margin against rounding (with useBounds), else takes the
 * nearest; the weighted inertia Σ w · distance² in row order is stored at res — the JavaScript
 * `assignFinal`.
 */
export function finalFunction(name: string, d: number, k: number): WasmFunction {
  const [I, N, CEN, OUT, LAB, LO, HALF, XB, WTS, MAXIDX, MAXMOVE, SECOND, USE, RES] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
  ];
  const { regs, types, next } = rowLocals(14, k);
  const { XS, T, ACC, LOOP, D1, B1 } = regs;
  const [ROWS, A, CH] = [next, next + 1, next + 2];
  const [L, M, DA, BEST, INERTIA] = [next + 3, next + 4, next + 5, next + 6, next + 7];
  const [S, PAIR] = [next + 8, next + 9];
  const row: Instr[] = [
    ...rowAddress(XB, I, d, ROWS),
    ...at(LAB, I, 2),
    ["i32.load", 0],
    ["local.set", A],
    ["f64.const", Infinity],
    ["local.set", BEST],
    ["local.get", USE],
    ["if"],
    ...hamerlyBound({ LO, HALF, I, A, MAXIDX, MAXMOVE, SECOND, L, M }),
    // s = the squared distance to the own centre only (lane a & 1 of pair a >> 1): after the
    // last iteration the bounds prove nearly every row, so most rows need no other distance.
    ["local.get", CEN],
    ["local.get", A],
    ["i32.const", 1],
    ["i32.shr_u"],
    ["i32.const", d * 16],
    ["i32.mul"],
    ["i32.add"],
    ["local.set", PAIR],
  ];
  accumulate(row, d, 0, 1, { ROWS, CEN: PAIR, XS, T, ACC, LOOP });
  row.push(
    ["local.get", ACC],
    ["f64x2.extract_lane", 1],
    ["local.get", ACC],
    ["f64x2.extract_lane", 0],
    ["local.get", A],
    ["i32.const", 1],
    ["i32.and"],
    ["select"],
    ["local.tee", S],
    // da = sqrt(s); proven when da + 1e-9 · (da + |m|) < m: best = s.
    ["f64.sqrt"],
    ["local.tee", DA],
    ["f64.const", 1e-9],
    ["local.get", DA],
    ["local.get", M],
    ["f64.abs"],
    ["f64.add"],
    ["f64.mul"],
    ["f64.add"],
    ["local.get", M],
    ["f64.lt"],
    ["if"],
    ["local.get", S],
    ["local.set", BEST],
    ["end"],
    ["end"],
    ["local.get", BEST],
    ["f64.const", Infinity],
    ["f64.eq"],
    ["if"],
  );
  emitRow(row, d, k, true, { ...regs, ROWS, CEN, OUT });
  row.push(
    ["local.get", D1],
    ["local.set", BEST],
    ...moveRow(LAB, null, CH, I, A, B1),
    ["end"],
    ["local.get", INERTIA],
    ["local.get", WTS],
    ["f64.load", 0],
    ["local.get", BEST],
    ["f64.mul"],
    ["f64.add"],
    ["local.set", INERTIA],
    ["local.get", WTS],
    ["i32.const", 8],
    ["i32.add"],
    ["local.set", WTS],
  );
  return {
    name,
    params: [...Array<ValType>(9).fill("i32"), "i32", "f64", "f64", "i32", "i32"],
    results: ["i32"],
    locals: [...types, "i32", "i32", "i32", "f64", "f64", "f64", "f64", "f64", "f64", "i32"],
    body: [
      ["i32.const", 0],
      ["local.set", CH],
      ["f64.const", 0],
      ["local.set", INERTIA],
      ...rowLoop(I, N, row),
      ["local.get", RES],
      ["local.get", INERTIA],
      ["f64.store", 0],
      ["local.get", CH],
    ],
  };
}

/**
 * Column sums of rows [i0, i0 + n) shifted by the row at ref, and of their squares:
 * `name(i0, n, x, ref, out)` writes Σ (x − r) for each column, then Σ (x − r)² — the
 * JavaScript `columnStats` for one chunk.
 */
export function statsFunction(name: string, d: number): WasmFunction {
  const [I, N, XB, REF, OUT] = [0, 1, 2, 3, 4];
  const [ROWS, T, RF, O, END, TV] = [5, 6, 7, 8, 9, 10];
  const zero: Instr[] = [];
  for (let f = 0; f < 2 * d; f++)
    zero.push(["local.get", OUT], ["f64.const", 0], ["f64.store", f * 8]);
  // t = x_f - r_f; s_f += t; q_f += t * t (the sums at O, the squares d columns after them):
  // two columns at a time in the lanes of an f64x2, the odd last one alone.
  const step = (wide: boolean, o: number): Instr[] => {
    const [load, store, sub, add, mul, t] = wide
      ? ["v128.load", "v128.store", "f64x2.sub", "f64x2.add", "f64x2.mul", TV]
      : ["f64.load", "f64.store", "f64.sub", "f64.add", "f64.mul", T];
    return [
      ["local.get", ROWS],
      [load, o],
      ["local.get", RF],
      [load, o],
      [sub],
      ["local.set", t],
      ["local.get", O],
      ["local.get", O],
      [load, o],
      ["local.get", t],
      [add],
      [store, o],
      ["local.get", O],
      ["local.get", O],
      [load, d * 8 + o],
      ["local.get", t],
      ["local.get", t],
      [mul],
      [add],
      [store, d * 8 + o],
    ];
  };
  const columns = (count: number): Instr[] =>
    pairwise(
      count,
      (o) => step(true, o),
      (o) => step(false, o),
    );
  const row: Instr[] = [
    ...rowAddress(XB, I, d, ROWS),
    ["local.get", REF],
    ["local.set", RF],
    ["local.get", OUT],
    ["local.set", O],
    ...columnLoop(
      d,
      4,
      [
        [ROWS, 8],
        [RF, 8],
        [O, 8],
      ],
      END,
      columns,
    ),
  ];
  return {
    name,
    params: Array<ValType>(5).fill("i32"),
    locals: ["i32", "f64", "i32", "i32", "i32", "v128"],
    body: [...zero, ...rowLoop(I, N, row)],
  };
}

/** Rows ahead of the current one whose data {@link hamerlyFunction} asks for early. */
const AHEAD = 16;

/**
 * A function for one Hamerly step over rows [i0, i0 + n) of resident data (the data, labels
 * and bounds in this memory): `name(i0, n, cen, out, labels, upper, lower, moves, half, moved,
 * x, maxIdx, maxMove, second, prefetch, res) → changed`, the number of rows whose bounds
 * failed stored at res (int32). Each row's bounds are moved by the centres' shifts;
 * a row whose bounds fail gets every distance (as {@link distanceFunction}) and takes the
 * nearest centre, its upper bound the distance to it and its lower bound the second-nearest
 * (exact again: with the old bound left loose, most rows failed on every iteration) — the
 * JavaScript kernel's steps, operation for operation. Rows that change centre are listed in
 * `moved` as (row, old centre) pairs, in row order.
 */
export function hamerlyFunction(name: string, d: number, count: number): WasmFunction {
  const [I, N, CEN, OUT, LAB, UP, LO, MOVES, HALF, MOVED, XB, MAXIDX, MAXMOVE, SECOND] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
  ];
  const [PREFETCH, RES] = [14, 15];
  const { regs, types, next } = rowLocals(16, count);
  const { D1, B1 } = regs;
  const [A, U, L, M, ROWS, CH, FAILS] = [
    next,
    next + 1,
    next + 2,
    next + 3,
    next + 4,
    next + 5,
    next + 6,
  ];
  const setBounds = (upper: Instr[], lower: Instr[]): Instr[] => [
    ...at(UP, I, 3),
    ...upper,
    ["f64.store", 0],
    ...at(LO, I, 3),
    ...lower,
    ["f64.store", 0],
  ];
  const base = 2 * Math.ceil(count / 2) * 8;
  // With `prefetch`, read one value from each cache line of row i + AHEAD, so that it is in
  // cache if its bounds fail: the rows that fail are scattered, which the hardware prefetcher
  // does not follow. At 100k × 20, k = 8, one thread, ns a row with and without: 33 vs 51 with
  // 30 % of rows failing, 27 vs 30 with 10 %, 24 vs 5 with none (the reads stream the whole
  // data); measured. Past the last row the reads land in the labels and bounds after the
  // data, inside the memory.
  const touch: Instr[] = [
    ["local.get", PREFETCH],
    ["if"],
    ["local.get", XB],
    ["local.get", I],
    ["i32.const", AHEAD],
    ["i32.add"],
    ["i32.const", d * 8],
    ["i32.mul"],
    ["i32.add"],
    ["local.set", ROWS],
  ];
  for (let b = 0; b < d * 8; b += 64) touch.push(["local.get", ROWS], ["f64.load", b], ["drop"]);
  touch.push(["local.get", ROWS], ["f64.load", d * 8 - 8], ["drop"], ["end"]);
  const row: Instr[] = [
    ...touch,
    // a = labels[i]; u = upper[i] + moves[a]
    ...at(LAB, I, 2),
    ["i32.load", 0],
    ["local.set", A],
    ...at(UP, I, 3),
    ["f64.load", 0],
    ...at(MOVES, A, 3),
    ["f64.load", 0],
    ["f64.add"],
    ["local.set", U],
    ...hamerlyBound({ LO, HALF, I, A, MAXIDX, MAXMOVE, SECOND, L, M }),
    ["local.get", U],
    ["local.get", M],
    ["f64.gt"],
    ["if"],
    ["local.get", FAILS],
    ["i32.const", 1],
    ["i32.add"],
    ["local.set", FAILS],
    ...rowAddress(XB, I, d, ROWS),
  ];
  emitRow(row, d, count, true, { ...regs, ROWS, CEN, OUT });
  row.push(
    // The full search's outcome: label b1, u = sqrt(d1), l = sqrt(d2).
    ...moveRow(LAB, MOVED, CH, I, A, B1),
    ...setBounds(
      [["local.get", D1], ["f64.sqrt"]],
      [["local.get", OUT], ["f64.load", base + 8], ["f64.sqrt"]],
    ),
    ["else"],
    ...setBounds([["local.get", U]], [["local.get", L]]),
    ["end"],
  );
  return {
    name,
    params: [...Array<ValType>(12).fill("i32"), "f64", "f64", "i32", "i32"],
    results: ["i32"],
    locals: [...types, "i32", "f64", "f64", "f64", "i32", "i32", "i32"],
    body: [
      ["i32.const", 0],
      ["local.set", CH],
      ["i32.const", 0],
      ["local.set", FAILS],
      ...rowLoop(I, N, row),
      ["local.get", RES],
      ["local.get", FAILS],
      ["i32.store", 0],
      ["local.get", CH],
    ],
  };
}
