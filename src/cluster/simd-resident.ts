/**
 * WebAssembly functions for resident data (the rows, labels and Hamerly's bounds in the
 * kernel's shared memory, the data at byte 0): whole k-means passes per chunk of rows, so that
 * JavaScript only orchestrates. Each repeats the JavaScript kernel's operations in the same
 * order (see kernels.ts), so the results are bit-identical.
 * @internal
 */
import { emitRow, GROUP, type RowRegs } from "./simd-distances.js";
import type { Instr, ValType, WasmFunction } from "./wasm-encoder.js";

/** base + index << shift: the address of element `index` of an array at `base`. */
function at(base: number, index: number, shift: number): Instr[] {
  return [
    ["local.get", base],
    ["local.get", index],
    ["i32.const", shift],
    ["i32.shl"],
    ["i32.add"],
  ];
}

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
  return {
    regs: { XS, T, ACC, M1, M2, D1, B1 },
    types: [...Array<ValType>(4 + groupSize).fill("v128"), "f64", "i32"],
    next: B1 + 1,
  };
}

/** Loop over n rows: i from I, n from N down to 0; `body` runs per row. */
function rowLoop(I: number, N: number, body: Instr[]): Instr[] {
  return [
    ["block"],
    ["local.get", N],
    ["i32.eqz"],
    ["br_if", 0],
    ["loop"],
    ...body,
    ["local.get", I],
    ["i32.const", 1],
    ["i32.add"],
    ["local.set", I],
    ["local.get", N],
    ["i32.const", 1],
    ["i32.sub"],
    ["local.tee", N],
    ["br_if", 0],
    ["end"],
    ["end"],
  ];
}

/** The resident functions for d columns and k centres. */
export function residentFunctions(d: number, k: number): WasmFunction[] {
  return [
    hamerlyFunction("hamerly0", d, k),
    fullFunction("full0", d, k),
    finalFunction("final0", d, k),
    statsFunction("stats0", d),
    partialFunction("partial0", d),
  ];
}

/**
 * A chunk's sums from scratch: `name(i0, n, labels, x, w, sums, bw, cn)` adds, for each row
 * of [i0, i0 + n) in order, w[r] · row to sums[label], w[r] to bw[label] and 1 to cn[label]
 * (int32) when w[r] > 0 — the JavaScript `chunkPartial`.
 */
export function partialFunction(name: string, d: number): WasmFunction {
  const [I, N, LAB, XB, WTS, SUMS, BW, CN] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [XS, ROWS, B, PTR] = [8, 9, 10, 11];
  const row: Instr[] = [
    ["local.get", XB],
    ["local.get", I],
    ["i32.const", d * 8],
    ["i32.mul"],
    ["i32.add"],
    ["local.set", ROWS],
    ...at(LAB, I, 2),
    ["i32.load", 0],
    ["local.set", B],
    ["local.get", WTS],
    ["f64.load", 0],
    ["f64x2.splat"],
    ["local.set", XS],
    ...at(BW, B, 3),
    ["local.tee", PTR],
    ["local.get", PTR],
    ["f64.load", 0],
    ["local.get", XS],
    ["f64x2.extract_lane", 0],
    ["f64.add"],
    ["f64.store", 0],
    ...at(CN, B, 2),
    ["local.tee", PTR],
    ["local.get", PTR],
    ["i32.load", 0],
    ["local.get", XS],
    ["f64x2.extract_lane", 0],
    ["f64.const", 0],
    ["f64.gt"],
    ["i32.add"],
    ["i32.store", 0],
    ["local.get", SUMS],
    ["local.get", B],
    ["i32.const", d * 8],
    ["i32.mul"],
    ["i32.add"],
    ["local.set", PTR],
    ...addWeightedRow(d, PTR, XS, ROWS),
    ["local.get", WTS],
    ["i32.const", 8],
    ["i32.add"],
    ["local.set", WTS],
  ];
  return {
    name,
    params: Array<ValType>(8).fill("i32"),
    locals: ["v128", "i32", "i32", "i32"],
    body: rowLoop(I, N, row),
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
  const row: Instr[] = [
    ["local.get", XB],
    ["local.get", I],
    ["i32.const", d * 8],
    ["i32.mul"],
    ["i32.add"],
    ["local.set", ROWS],
  ];
  emitRow(row, d, k, true, { ...regs, ROWS, CEN, OUT });
  row.push(
    ...at(LAB, I, 2),
    ["i32.load", 0],
    ["local.tee", A],
    ["local.get", B1],
    ["i32.ne"],
    ["if"],
    ...at(LAB, I, 2),
    ["local.get", B1],
    ["i32.store", 0],
    ...at(MOVED, CH, 3),
    ["local.get", I],
    ["i32.store", 0],
    ...at(MOVED, CH, 3),
    ["local.get", A],
    ["i32.store", 4],
    ["local.get", CH],
    ["i32.const", 1],
    ["i32.add"],
    ["local.set", CH],
    ["end"],
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
    // bw[b1] += w; cn[b1] += w > 0; sums[b1] += w · row (XS = splat(w)).
    ["local.get", WTS],
    ["f64.load", 0],
    ["f64x2.splat"],
    ["local.set", XS],
    ...at(BW, B1, 3),
    ["local.tee", PTR],
    ["local.get", PTR],
    ["f64.load", 0],
    ["local.get", XS],
    ["f64x2.extract_lane", 0],
    ["f64.add"],
    ["f64.store", 0],
    ...at(CN, B1, 2),
    ["local.tee", PTR],
    ["local.get", PTR],
    ["i32.load", 0],
    ["local.get", XS],
    ["f64x2.extract_lane", 0],
    ["f64.const", 0],
    ["f64.gt"],
    ["i32.add"],
    ["i32.store", 0],
    ["local.get", SUMS],
    ["local.get", B1],
    ["i32.const", d * 8],
    ["i32.mul"],
    ["i32.add"],
    ["local.set", PTR],
    ...addWeightedRow(d, PTR, XS, ROWS),
    ["local.get", WTS],
    ["i32.const", 8],
    ["i32.add"],
    ["local.set", WTS],
  );
  return {
    name,
    params: Array<ValType>(13).fill("i32"),
    results: ["i32"],
    locals: [...types, "i32", "i32", "i32", "i32"],
    body: [["i32.const", 0], ["local.set", CH], ...rowLoop(I, N, row), ["local.get", CH]],
  };
}

/** sums[PTR ..] += splat(w) (in XS) · row at ROWS, two columns at a time, then the odd one. */
function addWeightedRow(d: number, PTR: number, XS: number, ROWS: number): Instr[] {
  const code: Instr[] = [];
  for (let f = 0; f + 1 < d; f += 2)
    code.push(
      ["local.get", PTR],
      ["local.get", PTR],
      ["v128.load", f * 8],
      ["local.get", XS],
      ["local.get", ROWS],
      ["v128.load", f * 8],
      ["f64x2.mul"],
      ["f64x2.add"],
      ["v128.store", f * 8],
    );
  if (d % 2 === 1)
    code.push(
      ["local.get", PTR],
      ["local.get", PTR],
      ["f64.load", (d - 1) * 8],
      ["local.get", XS],
      ["f64x2.extract_lane", 0],
      ["local.get", ROWS],
      ["f64.load", (d - 1) * 8],
      ["f64.mul"],
      ["f64.add"],
      ["f64.store", (d - 1) * 8],
    );
  return code;
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
  const { D1, B1 } = regs;
  const [ROWS, A, CH] = [next, next + 1, next + 2];
  const [L, M, DA, BEST, INERTIA] = [next + 3, next + 4, next + 5, next + 6, next + 7];
  const row: Instr[] = [
    ["local.get", XB],
    ["local.get", I],
    ["i32.const", d * 8],
    ["i32.mul"],
    ["i32.add"],
    ["local.set", ROWS],
  ];
  emitRow(row, d, k, true, { ...regs, ROWS, CEN, OUT });
  row.push(
    ...at(LAB, I, 2),
    ["i32.load", 0],
    ["local.set", A],
    ["f64.const", Infinity],
    ["local.set", BEST],
    ["local.get", USE],
    ["if"],
    // l = lower[i] - (a === maxIdx ? second : maxMove); m = half[a] > l ? half[a] : l
    ...at(LO, I, 3),
    ["f64.load", 0],
    ["local.get", SECOND],
    ["local.get", MAXMOVE],
    ["local.get", A],
    ["local.get", MAXIDX],
    ["i32.eq"],
    ["select"],
    ["f64.sub"],
    ["local.set", L],
    ...at(HALF, A, 3),
    ["f64.load", 0],
    ["local.tee", M],
    ["local.get", L],
    ["local.get", M],
    ["local.get", L],
    ["f64.gt"],
    ["select"],
    ["local.set", M],
    // da = sqrt(s); proven when da + 1e-9 · (da + |m|) < m: best = s.
    ...at(OUT, A, 3),
    ["f64.load", 0],
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
    ...at(OUT, A, 3),
    ["f64.load", 0],
    ["local.set", BEST],
    ["end"],
    ["end"],
    ["local.get", BEST],
    ["f64.const", Infinity],
    ["f64.eq"],
    ["if"],
    ["local.get", D1],
    ["local.set", BEST],
    ["local.get", B1],
    ["local.get", A],
    ["i32.ne"],
    ["if"],
    ...at(LAB, I, 2),
    ["local.get", B1],
    ["i32.store", 0],
    ["local.get", CH],
    ["i32.const", 1],
    ["i32.add"],
    ["local.set", CH],
    ["end"],
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
    locals: [...types, "i32", "i32", "i32", "f64", "f64", "f64", "f64", "f64"],
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
  const [ROWS, T] = [5, 6];
  const zero: Instr[] = [];
  for (let f = 0; f < 2 * d; f++)
    zero.push(["local.get", OUT], ["f64.const", 0], ["f64.store", f * 8]);
  const row: Instr[] = [
    ["local.get", XB],
    ["local.get", I],
    ["i32.const", d * 8],
    ["i32.mul"],
    ["i32.add"],
    ["local.set", ROWS],
  ];
  for (let f = 0; f < d; f++)
    row.push(
      // t = x_f - r_f; s_f += t; q_f += t * t
      ["local.get", ROWS],
      ["f64.load", f * 8],
      ["local.get", REF],
      ["f64.load", f * 8],
      ["f64.sub"],
      ["local.set", T],
      ["local.get", OUT],
      ["local.get", OUT],
      ["f64.load", f * 8],
      ["local.get", T],
      ["f64.add"],
      ["f64.store", f * 8],
      ["local.get", OUT],
      ["local.get", OUT],
      ["f64.load", (d + f) * 8],
      ["local.get", T],
      ["local.get", T],
      ["f64.mul"],
      ["f64.add"],
      ["f64.store", (d + f) * 8],
    );
  return {
    name,
    params: Array<ValType>(5).fill("i32"),
    locals: ["i32", "f64"],
    body: [...zero, ...rowLoop(I, N, row)],
  };
}

/**
 * A function for one Hamerly step over rows [i0, i0 + n) of resident data (the data, labels
 * and bounds in this memory): `name(i0, n, cen, out, labels, upper, lower, moves, half, moved,
 * x, maxIdx, maxMove, second) → changed`. Each row's bounds are moved by the centres' shifts;
 * a row whose bounds fail gets every distance (as {@link distanceFunction}), its own centre's
 * distance tightens the upper bound, and only if that still fails does it take the nearest
 * centre — the JavaScript kernel's steps, operation for operation. Rows that change centre are
 * listed in `moved` as (row, old centre) pairs, in row order.
 */
export function hamerlyFunction(name: string, d: number, count: number): WasmFunction {
  const [I, N, CEN, OUT, LAB, UP, LO, MOVES, HALF, MOVED, XB, MAXIDX, MAXMOVE, SECOND] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
  ];
  const groupSize = Math.min(GROUP, Math.ceil(count / 2));
  const XS = 14;
  const T = 15;
  const ACC = 16;
  const M1 = ACC + groupSize;
  const M2 = M1 + 1;
  const D1 = M2 + 1;
  const B1 = D1 + 1;
  const A = B1 + 1;
  const U = A + 1;
  const L = U + 1;
  const M = L + 1;
  const UA = M + 1;
  const ROWS = UA + 1;
  const CH = ROWS + 1;
  const setBounds = (upper: Instr[], lower: Instr[]): Instr[] => [
    ...at(UP, I, 3),
    ...upper,
    ["f64.store", 0],
    ...at(LO, I, 3),
    ...lower,
    ["f64.store", 0],
  ];
  const base = 2 * Math.ceil(count / 2) * 8;
  const body: Instr[] = [
    ["i32.const", 0],
    ["local.set", CH],
    ["block"],
    ["local.get", N],
    ["i32.eqz"],
    ["br_if", 0],
    ["loop"],
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
    // l = lower[i] - (a === maxIdx ? second : maxMove)
    ...at(LO, I, 3),
    ["f64.load", 0],
    ["local.get", SECOND],
    ["local.get", MAXMOVE],
    ["local.get", A],
    ["local.get", MAXIDX],
    ["i32.eq"],
    ["select"],
    ["f64.sub"],
    ["local.set", L],
    // m = half[a] > l ? half[a] : l
    ...at(HALF, A, 3),
    ["f64.load", 0],
    ["local.tee", M],
    ["local.get", L],
    ["local.get", M],
    ["local.get", L],
    ["f64.gt"],
    ["select"],
    ["local.set", M],
    ["local.get", U],
    ["local.get", M],
    ["f64.gt"],
    ["if"],
    ["local.get", XB],
    ["local.get", I],
    ["i32.const", d * 8],
    ["i32.mul"],
    ["i32.add"],
    ["local.set", ROWS],
  ];
  emitRow(body, d, count, true, { ROWS, CEN, OUT, XS, T, ACC, M1, M2, D1, B1 });
  body.push(
    // The own centre's distance tightens the bound: u = sqrt(dist[a]).
    ...at(OUT, A, 3),
    ["f64.load", 0],
    ["f64.sqrt"],
    ["local.tee", UA],
    ["local.get", M],
    ["f64.le"],
    ["if"],
    ...setBounds([["local.get", UA]], [["local.get", L]]),
    ["else"],
    ["local.get", B1],
    ["local.get", A],
    ["i32.ne"],
    ["if"],
    ...at(LAB, I, 2),
    ["local.get", B1],
    ["i32.store", 0],
    ...at(MOVED, CH, 3),
    ["local.get", I],
    ["i32.store", 0],
    ...at(MOVED, CH, 3),
    ["local.get", A],
    ["i32.store", 4],
    ["local.get", CH],
    ["i32.const", 1],
    ["i32.add"],
    ["local.set", CH],
    ["end"],
    ...setBounds(
      [["local.get", D1], ["f64.sqrt"]],
      [["local.get", OUT], ["f64.load", base + 8], ["f64.sqrt"]],
    ),
    ["end"],
    ["else"],
    ...setBounds([["local.get", U]], [["local.get", L]]),
    ["end"],
    ["local.get", I],
    ["i32.const", 1],
    ["i32.add"],
    ["local.set", I],
    ["local.get", N],
    ["i32.const", 1],
    ["i32.sub"],
    ["local.tee", N],
    ["br_if", 0],
    ["end"],
    ["end"],
    ["local.get", CH],
  );
  const params: ValType[] = [...Array<ValType>(12).fill("i32"), "f64", "f64"];
  const locals: ValType[] = [
    ...Array<ValType>(4 + groupSize).fill("v128"),
    "f64",
    "i32",
    "i32",
    "f64",
    "f64",
    "f64",
    "f64",
    "i32",
    "i32",
  ];
  return { name, params, results: ["i32"], locals, body };
}
