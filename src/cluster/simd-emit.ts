/**
 * Pieces of WebAssembly code shared by the k-means kernel generators (simd-distances.ts and
 * simd-resident.ts): the distance sums of one row, loops over rows, and the small updates
 * several passes make alike.
 * @internal
 */
import type { Instr } from "./wasm-encoder.js";

/** Pairs of centres summed together (accumulator registers). */
export const GROUP = 4;

/**
 * Columns per turn of the column loop in {@link accumulate} (d = 20, k = 8: 72 ns a row with
 * two, 77 with one, 94 with four, whose loads V8 again hoists and spills; measured).
 */
const UNROLL = 2;

/**
 * A loop over the d columns of a row, `perTurn` columns a turn, then the d mod perTurn left
 * over. `columns(count)` emits the code for `count` consecutive columns, column u at byte
 * offset u · step from each pointer; the pointers (locals the caller sets first; the first
 * moves 8 bytes a column) move on after each turn. END is an i32 scratch local.
 *
 * Why loops, not straight-line code: V8's optimising compiler schedules every load of
 * unrolled code first and spills them to the stack (a full pass at d = 20, k = 8: 101 ns a
 * row unrolled, 72 in a loop; measured); a loop keeps one turn's values in registers, and the
 * module is a third of the size, so it is generated, encoded and compiled faster (all of that
 * happens in each fit).
 */
export function columnLoop(
  d: number,
  perTurn: number,
  pointers: readonly (readonly [local: number, step: number])[],
  END: number,
  columns: (count: number) => Instr[],
): Instr[] {
  const turns = Math.floor(d / perTurn);
  const code: Instr[] = [];
  if (turns > 0) {
    const [first] = pointers[0]!;
    code.push(
      ["local.get", first],
      ["i32.const", turns * perTurn * 8],
      ["i32.add"],
      ["local.set", END],
      ["loop"],
      ...columns(perTurn),
    );
    for (const [local, step] of pointers.slice(1))
      code.push(
        ["local.get", local],
        ["i32.const", perTurn * step],
        ["i32.add"],
        ["local.set", local],
      );
    code.push(
      ["local.get", first],
      ["i32.const", perTurn * 8],
      ["i32.add"],
      ["local.tee", first],
      ["local.get", END],
      ["i32.ne"],
      ["br_if", 0],
      ["end"],
    );
  }
  code.push(...columns(d - turns * perTurn));
  return code;
}

/**
 * Code for `count` consecutive columns (a {@link columnLoop} turn), two at a time as f64x2
 * (`wide`) and the odd last one as f64 (`narrow`), each given the byte offset of its column(s).
 */
export function pairwise(
  count: number,
  wide: (offset: number) => Instr[],
  narrow: (offset: number) => Instr[],
): Instr[] {
  const code: Instr[] = [];
  for (let u = 0; u + 1 < count; u += 2) code.push(...wide(u * 8));
  if (count % 2 === 1) code.push(...narrow((count - 1) * 8));
  return code;
}

/** Local indices used by {@link accumulate}: LOOP, LOOP + 1 and LOOP + 2 are i32 scratch. */
export interface AccumulateRegs {
  ROWS: number;
  CEN: number;
  XS: number;
  T: number;
  ACC: number;
  LOOP: number;
}

/**
 * Appends code that sets locals ACC + q (q < size) to the squared distances from the row at
 * ROWS to centre pairs g + q: per lane, Σ over f of (x_f − c_f)², from f = 0 on, starting from
 * +0 (+0 + t² is t², so the sums equal the JavaScript `s = t * t; s += …` bit for bit).
 */
export function accumulate(
  body: Instr[],
  d: number,
  g: number,
  size: number,
  r: AccumulateRegs,
): void {
  const { ROWS, CEN, XS, T, ACC, LOOP } = r;
  const [PX, PC, PE] = [LOOP, LOOP + 1, LOOP + 2];
  for (let q = 0; q < size; q++)
    body.push(["f64.const", 0], ["f64x2.splat"], ["local.set", ACC + q]);
  body.push(["local.get", ROWS], ["local.set", PX], ["local.get", CEN], ["local.set", PC]);
  // Column u at PX (row) and PC (centre pairs, pair p at p · d · 16).
  const columns = (count: number): Instr[] => {
    const code: Instr[] = [];
    for (let u = 0; u < count; u++) {
      code.push(["local.get", PX], ["f64.load", u * 8], ["f64x2.splat"], ["local.set", XS]);
      for (let q = 0; q < size; q++)
        code.push(
          ["local.get", XS],
          ["local.get", PC],
          ["v128.load", ((g + q) * d + u) * 16],
          ["f64x2.sub"],
          ["local.tee", T],
          ["local.get", T],
          ["f64x2.mul"],
          ["local.get", ACC + q],
          ["f64x2.add"],
          ["local.set", ACC + q],
        );
    }
    return code;
  };
  body.push(
    ...columnLoop(
      d,
      UNROLL,
      [
        [PX, 8],
        [PC, 16],
      ],
      PE,
      columns,
    ),
  );
}

/** Local indices used by {@link emitRow}. */
export interface RowRegs {
  ROWS: number;
  /** Three i32 scratch locals from here (see {@link accumulate}). */
  LOOP: number;
  CEN: number;
  OUT: number;
  XS: number;
  T: number;
  ACC: number;
  M1: number;
  M2: number;
  D1: number;
  B1: number;
}

/**
 * Appends the code for one row at ROWS: its squared distances to `count` centres (pairs at
 * CEN) stored at OUT, and with argmin d1, d2, b1 after them (d1 and b1 also left in D1, B1).
 */
export function emitRow(
  body: Instr[],
  d: number,
  count: number,
  argmin: boolean,
  r: RowRegs,
): void {
  const { ROWS, CEN, OUT, XS, T, ACC, M1, M2, D1, B1, LOOP } = r;
  const pairs = Math.ceil(count / 2);
  if (argmin)
    body.push(["f64.const", Infinity], ["f64x2.splat"], ["local.tee", M1], ["local.set", M2]);
  for (let g = 0; g < pairs; g += GROUP) {
    const size = Math.min(GROUP, pairs - g);
    accumulate(body, d, g, size, { ROWS, CEN, XS, T, ACC, LOOP });
    for (let q = 0; q < size; q++) {
      body.push(["local.get", OUT], ["local.get", ACC + q], ["v128.store", (g + q) * 16]);
      if (!argmin) continue;
      // An odd count's last lane repeats a centre: it must not count as a second distance.
      if (g + q === pairs - 1 && count % 2 === 1)
        body.push(
          ["local.get", ACC + q],
          ["f64.const", Infinity],
          ["f64x2.replace_lane", 1],
          ["local.set", ACC + q],
        );
      // Per lane: m2 = min(m2, max(m1, v)); m1 = min(m1, v) keeps the two smallest.
      body.push(
        ["local.get", M2],
        ["local.get", M1],
        ["local.get", ACC + q],
        ["f64x2.pmax"],
        ["f64x2.pmin"],
        ["local.set", M2],
        ["local.get", M1],
        ["local.get", ACC + q],
        ["f64x2.pmin"],
        ["local.set", M1],
      );
    }
  }
  if (argmin) {
    const base = 2 * pairs * 8;
    // Lane 0 of pmin(v, splat(v[1])) is min(v[0], v[1]). Distances are never NaN or −0, so
    // pmin/pmax equal f64.min/max here, and V8 compiles them without f64.min's branches.
    const across = (v: number, op: string): Instr[] => [
      ["local.get", v],
      ["local.get", v],
      ["f64x2.extract_lane", 1],
      ["f64x2.splat"],
      [op],
    ];
    body.push(
      ...across(M1, "f64x2.pmin"),
      ["f64x2.extract_lane", 0],
      ["local.set", D1],
      ["local.get", OUT],
      ["local.get", D1],
      ["f64.store", base],
      // d2 = min(max(m1[0], m1[1]), min(m2[0], m2[1])).
      ["local.get", OUT],
      ...across(M1, "f64x2.pmax"),
      ...across(M2, "f64x2.pmin"),
      ["f64x2.pmin"],
      ["f64x2.extract_lane", 0],
      ["f64.store", base + 8],
    );
    if (count <= 32) {
      // b1 = the lowest set bit of the mask of stored distances equal to d1 (bit j for centre
      // j; an odd count's padding lane repeats the last centre, so it never is the lowest).
      body.push(["local.get", D1], ["f64x2.splat"], ["local.set", T]);
      for (let q = 0; q < pairs; q++) {
        body.push(
          ["local.get", OUT],
          ["v128.load", q * 16],
          ["local.get", T],
          ["f64x2.eq"],
          ["i64x2.bitmask"],
        );
        if (q > 0) body.push(["i32.const", 2 * q], ["i32.shl"], ["local.get", B1], ["i32.or"]);
        body.push(["local.set", B1]);
      }
      body.push(["local.get", B1], ["i32.ctz"], ["local.set", B1]);
    } else {
      // From the last centre down, so that the smallest index at d1 is the one kept.
      body.push(["i32.const", 0], ["local.set", B1]);
      for (let j = count - 1; j >= 0; j--)
        body.push(
          ["i32.const", j],
          ["local.get", B1],
          ["local.get", OUT],
          ["f64.load", j * 8],
          ["local.get", D1],
          ["f64.eq"],
          ["select"],
          ["local.set", B1],
        );
    }
    body.push(
      ["local.get", OUT],
      ["local.get", B1],
      ["f64.convert_i32_u"],
      ["f64.store", base + 16],
    );
  }
}

/** base + index << shift: the address of element `index` of an array at `base`. */
export function at(base: number, index: number, shift: number): Instr[] {
  return [
    ["local.get", base],
    ["local.get", index],
    ["i32.const", shift],
    ["i32.shl"],
    ["i32.add"],
  ];
}

/** ROWS = x + i · d · 8: the address of row i of the matrix at x. */
export function rowAddress(X: number, I: number, d: number, ROWS: number): Instr[] {
  return [
    ["local.get", X],
    ["local.get", I],
    ["i32.const", d * 8],
    ["i32.mul"],
    ["i32.add"],
    ["local.set", ROWS],
  ];
}

/**
 * A loop running `body` N times (none when N is 0), each time adding `steps` to their locals
 * (pointers and counters) and counting N down to 0.
 */
export function countedLoop(N: number, body: Instr[], steps: readonly [number, number][]): Instr[] {
  const code: Instr[] = [["block"], ["local.get", N], ["i32.eqz"], ["br_if", 0], ["loop"], ...body];
  for (const [local, step] of steps)
    code.push(["local.get", local], ["i32.const", step], ["i32.add"], ["local.set", local]);
  code.push(
    ["local.get", N],
    ["i32.const", 1],
    ["i32.sub"],
    ["local.tee", N],
    ["br_if", 0],
    ["end"],
    ["end"],
  );
  return code;
}

/** Loop over n rows: i from I, n from N down to 0; `body` runs per row. */
export function rowLoop(I: number, N: number, body: Instr[]): Instr[] {
  return countedLoop(N, body, [[I, 1]]);
}

/** Local indices for {@link addToCentre}; CN is optional (the mini-batch step counts none). */
export interface CentreSums {
  WTS: number;
  XS: number;
  BW: number;
  CN?: number;
  SUMS: number;
  B: number;
  PTR: number;
  ROWS: number;
  /** Two i32 scratch locals from here (the column loop's row pointer and its end). */
  LOOP: number;
}

/**
 * Adds the row at ROWS to centre B: XS = splat(w) with w the weight at WTS; bw[B] += w;
 * cn[B] += 1 when w > 0 (int32); sums[B] += w · row, two columns at a time, then the odd one;
 * WTS moves to the next weight. The JavaScript kernels' `sums[s + f] += wi * x[o + f]`, in the
 * same order.
 */
export function addToCentre(d: number, r: CentreSums): Instr[] {
  const { WTS, XS, BW, CN, SUMS, B, PTR, ROWS, LOOP } = r;
  const RP = LOOP;
  const code: Instr[] = [
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
  ];
  if (CN !== undefined)
    code.push(
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
    );
  code.push(
    ["local.get", SUMS],
    ["local.get", B],
    ["i32.const", d * 8],
    ["i32.mul"],
    ["i32.add"],
    ["local.set", PTR],
    ["local.get", ROWS],
    ["local.set", RP],
  );
  const columns = (count: number): Instr[] =>
    pairwise(
      count,
      (o) => [
        ["local.get", PTR],
        ["local.get", PTR],
        ["v128.load", o],
        ["local.get", XS],
        ["local.get", RP],
        ["v128.load", o],
        ["f64x2.mul"],
        ["f64x2.add"],
        ["v128.store", o],
      ],
      (o) => [
        ["local.get", PTR],
        ["local.get", PTR],
        ["f64.load", o],
        ["local.get", XS],
        ["f64x2.extract_lane", 0],
        ["local.get", RP],
        ["f64.load", o],
        ["f64.mul"],
        ["f64.add"],
        ["f64.store", o],
      ],
    );
  code.push(
    ...columnLoop(
      d,
      4,
      [
        [RP, 8],
        [PTR, 8],
      ],
      LOOP + 1,
      columns,
    ),
    ["local.get", WTS],
    ["i32.const", 8],
    ["i32.add"],
    ["local.set", WTS],
  );
  return code;
}

/**
 * When the nearest centre B1 is not the row's centre A: labels[I] = B1, row I is listed with A
 * at moved[CH] (int32 pairs; no list when MOVED is null), and CH is counted up.
 */
export function moveRow(
  LAB: number,
  MOVED: number | null,
  CH: number,
  I: number,
  A: number,
  B1: number,
): Instr[] {
  return [
    ["local.get", B1],
    ["local.get", A],
    ["i32.ne"],
    ["if"],
    ...at(LAB, I, 2),
    ["local.get", B1],
    ["i32.store", 0],
    ...(MOVED === null
      ? []
      : ([
          ...at(MOVED, CH, 3),
          ["local.get", I],
          ["i32.store", 0],
          ...at(MOVED, CH, 3),
          ["local.get", A],
          ["i32.store", 4],
        ] as Instr[])),
    ["local.get", CH],
    ["i32.const", 1],
    ["i32.add"],
    ["local.set", CH],
    ["end"],
  ];
}

/** Locals for {@link hamerlyBound}. */
export interface BoundRegs {
  LO: number;
  HALF: number;
  I: number;
  A: number;
  MAXIDX: number;
  MAXMOVE: number;
  SECOND: number;
  L: number;
  M: number;
}

/**
 * Hamerly's bound for row I with centre A: L = lower[i] − (a === maxIdx ? second : maxMove),
 * M = half[a] > l ? half[a] : l — as the JavaScript kernels compute it.
 */
export function hamerlyBound(r: BoundRegs): Instr[] {
  const { LO, HALF, I, A, MAXIDX, MAXMOVE, SECOND, L, M } = r;
  return [
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
  ];
}
