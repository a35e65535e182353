import { describe, expect, it } from "vitest";
import { batchKernelFor } from "../../src/cluster/kernels.js";
import { createRandom, randomNormal } from "../../src/matrix/random.js";

/** Plain nearest-centre loop (ties to the smaller index), summed left to right. */
function reference(
  x: Float64Array,
  idx: Int32Array,
  cen: Float64Array,
  k: number,
  d: number,
  w: Float64Array | null,
): { lab: number[]; batchW: Float64Array; sums: Float64Array; inertia: number } {
  const lab: number[] = [];
  const batchW = new Float64Array(k);
  const sums = new Float64Array(k * d);
  let inertia = 0;
  for (const i of idx) {
    let best = Infinity;
    let b = 0;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let f = 0; f < d; f++) {
        const t = x[i * d + f]! - cen[j * d + f]!;
        s += t * t;
      }
      if (s < best) {
        best = s;
        b = j;
      }
    }
    const wi = w === null ? 1 : w[i]!;
    lab.push(b);
    inertia += wi * best;
    batchW[b] += wi;
    for (let f = 0; f < d; f++) sums[b * d + f] += wi * x[i * d + f]!;
  }
  return { lab, batchW, sums, inertia };
}

describe("batchKernelFor", () => {
  for (const d of [1, 7, 20, 120]) {
    it(`batchKernelFor(${d}) matches a plain nearest-centre loop bit for bit (weighted and not)`, () => {
      const random = createRandom(d);
      const n = 300;
      const k = 5;
      const bs = 64;
      const x = Float64Array.from({ length: n * d }, () => randomNormal(random));
      // Duplicate centres make ties: the smaller index must win.
      const cen = Float64Array.from({ length: k * d }, () => randomNormal(random));
      cen.copyWithin(4 * d, 1 * d, 2 * d);
      const idx = Int32Array.from({ length: bs }, () => Math.floor(random() * n));
      const w = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : 1 + random()));
      for (const weights of [null, w]) {
        const lab = new Int32Array(bs);
        const batchW = new Float64Array(k);
        const sums = new Float64Array(k * d);
        const scratch = new Float64Array(bs * d);
        const inertia = batchKernelFor(d)(x, idx, bs, cen, k, weights, lab, batchW, sums, scratch);
        const ref = reference(x, idx, cen, k, d, weights);
        expect(Array.from(lab)).toEqual(ref.lab);
        expect(lab.includes(4)).toBe(false);
        expect(inertia).toBe(ref.inertia);
        expect(Array.from(batchW)).toEqual(Array.from(ref.batchW));
        expect(Array.from(sums)).toEqual(Array.from(ref.sums));
      }
    });
  }
});
