import type { Matrix } from "../../src/matrix/matrix.js";
import { createRandom, randomNormal } from "../../src/matrix/random.js";

/** Gaussian blobs: `k` centres uniform in [-spread, spread]^d, unit-sd noise times `sd`. */
export function blobs(
  n: number,
  d: number,
  k: number,
  seed: number,
  sd = 1,
  spread = 10,
  shared = false,
): { X: Matrix; truth: Int32Array } {
  const random = createRandom(seed);
  const centres = Array.from({ length: k }, () =>
    Array.from({ length: d }, () => (random() * 2 - 1) * spread),
  );
  const data = shared
    ? new Float64Array(new SharedArrayBuffer(n * d * 8))
    : new Float64Array(n * d);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(random() * k);
    truth[i] = c;
    for (let f = 0; f < d; f++) data[i * d + f] = centres[c]![f]! + sd * randomNormal(random);
  }
  return { X: { data, rows: n, cols: d }, truth };
}
