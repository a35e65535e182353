/**
 * The blockwise silhouette kernel, kept as JavaScript source so that the very same code runs in
 * the calling thread and in `worker_threads` workers created with `{eval: true}` (a TypeScript
 * function's `toString()` would depend on the transpiler).
 *
 * Work split: the upper triangle of the n × n distance matrix is cut into TILE × TILE tiles,
 * numbered in row-major order; tile t belongs to partition t mod PARTITIONS. Each partition sums
 * its tiles, in a fixed order, into its own n × k buffer, and the buffers are added in partition
 * order at the end. Which thread computes a partition does not matter, so the result is the same
 * for any thread count, bit for bit. Memory: PARTITIONS × n × k doubles, never n × n.
 */
import { Worker } from "node:worker_threads";

/** Rows per tile: 256 rows × 30 features × 8 bytes ≈ 60 kB, so a tile pair stays in L2. */
export const TILE = 256;
/** Fixed number of partitions (upper bound on useful threads). */
export const PARTITIONS = 4;

const KERNEL_SOURCE = `
function silhouettePartition(X, n, d, codes, k, tile, P, p, sums) {
  const nb = Math.ceil(n / tile);
  const acc0 = new Float64Array(k);
  const acc1 = new Float64Array(k);
  let t = 0;
  for (let I = 0; I < nb; I++) {
    const i0 = I * tile, i1 = Math.min(n, i0 + tile);
    for (let J = I; J < nb; J++, t++) {
      if (t % P !== p) continue;
      const j0 = J * tile, j1 = Math.min(n, j0 + tile);
      let i = i0;
      // 2 × 4 register block: each loaded coordinate serves 2 or 4 distances.
      for (; i + 1 < i1; i += 2) {
        acc0.fill(0);
        acc1.fill(0);
        const l0 = codes[i], l1 = codes[i + 1];
        const o0 = i * d, o1 = o0 + d;
        let j = j0;
        if (I === J) {
          let s = 0;
          for (let c = 0; c < d; c++) { const e = X[o0 + c] - X[o1 + c]; s += e * e; }
          const dist = Math.sqrt(s);
          acc0[l1] += dist;
          acc1[l0] += dist;
          j = i + 2;
        }
        for (; j + 3 < j1; j += 4) {
          const p0 = j * d, p1 = p0 + d, p2 = p1 + d, p3 = p2 + d;
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
          for (let c = 0; c < d; c++) {
            const x = X[o0 + c], y = X[o1 + c];
            const z0 = X[p0 + c], z1 = X[p1 + c], z2 = X[p2 + c], z3 = X[p3 + c];
            let e = x - z0; a0 += e * e; e = x - z1; a1 += e * e;
            e = x - z2; a2 += e * e; e = x - z3; a3 += e * e;
            e = y - z0; b0 += e * e; e = y - z1; b1 += e * e;
            e = y - z2; b2 += e * e; e = y - z3; b3 += e * e;
          }
          const q0 = codes[j], q1 = codes[j + 1], q2 = codes[j + 2], q3 = codes[j + 3];
          const r0 = j * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
          let v = Math.sqrt(a0); acc0[q0] += v; sums[r0 + l0] += v;
          v = Math.sqrt(a1); acc0[q1] += v; sums[r1 + l0] += v;
          v = Math.sqrt(a2); acc0[q2] += v; sums[r2 + l0] += v;
          v = Math.sqrt(a3); acc0[q3] += v; sums[r3 + l0] += v;
          v = Math.sqrt(b0); acc1[q0] += v; sums[r0 + l1] += v;
          v = Math.sqrt(b1); acc1[q1] += v; sums[r1 + l1] += v;
          v = Math.sqrt(b2); acc1[q2] += v; sums[r2 + l1] += v;
          v = Math.sqrt(b3); acc1[q3] += v; sums[r3 + l1] += v;
        }
        for (; j < j1; j++) {
          const oj = j * d;
          let a = 0, b = 0;
          for (let c = 0; c < d; c++) {
            const z = X[oj + c];
            let e = X[o0 + c] - z; a += e * e;
            e = X[o1 + c] - z; b += e * e;
          }
          a = Math.sqrt(a);
          b = Math.sqrt(b);
          const q = codes[j];
          acc0[q] += a;
          acc1[q] += b;
          sums[j * k + l0] += a;
          sums[j * k + l1] += b;
        }
        const r = i * k;
        for (let c = 0; c < k; c++) { sums[r + c] += acc0[c]; sums[r + k + c] += acc1[c]; }
      }
      if (i < i1) {
        // the block's odd last row
        acc0.fill(0);
        const l0 = codes[i], o0 = i * d;
        for (let j = I === J ? i + 1 : j0; j < j1; j++) {
          const oj = j * d;
          let a = 0;
          for (let c = 0; c < d; c++) { const e = X[o0 + c] - X[oj + c]; a += e * e; }
          a = Math.sqrt(a);
          acc0[codes[j]] += a;
          sums[j * k + l0] += a;
        }
        const r = i * k;
        for (let c = 0; c < k; c++) sums[r + c] += acc0[c];
      }
    }
  }
}
`;

const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
${KERNEL_SOURCE}
const w = workerData;
const flag = new Int32Array(w.flag);
let status = 1;
try {
  const X = new Float64Array(w.x);
  const codes = new Int32Array(w.codes);
  for (const p of w.parts) {
    silhouettePartition(X, w.n, w.d, codes, w.k, w.tile, w.P, p,
      new Float64Array(w.sums, p * w.n * w.k * 8, w.n * w.k));
  }
} catch (e) {
  status = 2;
}
Atomics.store(flag, 0, status);
Atomics.notify(flag, 0);
`;

type Kernel = (
  X: Float64Array,
  n: number,
  d: number,
  codes: Int32Array,
  k: number,
  tile: number,
  P: number,
  p: number,
  sums: Float64Array,
) => void;

let kernel: Kernel | undefined;
function getKernel(): Kernel {
  // new Function keeps one source of truth for the thread and the workers.
  kernel ??= new Function(`${KERNEL_SOURCE}; return silhouettePartition;`)() as Kernel;
  return kernel;
}

/**
 * Per point i and cluster c, the sum of Euclidean distances from i to the points of cluster c
 * (n × k, row-major). Runs synchronously: the calling thread works on its share of partitions and
 * then blocks on `Atomics.wait` until the workers are done (Node allows that on the main thread).
 */
export function clusterDistanceSums(
  data: Float64Array,
  n: number,
  d: number,
  codes: Int32Array,
  k: number,
  threads: number,
): Float64Array {
  const t = Math.max(1, Math.min(threads, PARTITIONS));
  const partsOf = (w: number) =>
    Array.from({ length: PARTITIONS }, (_, p) => p).filter((p) => p % t === w);
  const kern = getKernel();
  if (t === 1) {
    const buffers = new Float64Array(PARTITIONS * n * k);
    for (let p = 0; p < PARTITIONS; p++)
      kern(data, n, d, codes, k, TILE, PARTITIONS, p, buffers.subarray(p * n * k, (p + 1) * n * k));
    return reducePartitions(buffers, n * k);
  }
  const x = new SharedArrayBuffer(data.length * 8);
  new Float64Array(x).set(data);
  const codesBuf = new SharedArrayBuffer(n * 4);
  new Int32Array(codesBuf).set(codes);
  const sums = new SharedArrayBuffer(PARTITIONS * n * k * 8);
  const X = new Float64Array(x);
  const all = new Float64Array(sums);
  const runHere = (parts: number[]) => {
    for (const p of parts) {
      const out = all.subarray(p * n * k, (p + 1) * n * k);
      out.fill(0);
      kern(X, n, d, codes, k, TILE, PARTITIONS, p, out);
    }
  };
  const workers: { worker: Worker | undefined; flag: Int32Array; parts: number[] }[] = [];
  for (let w = 1; w < t; w++) {
    const flagBuf = new SharedArrayBuffer(4);
    const parts = partsOf(w);
    let worker: Worker | undefined;
    try {
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          x,
          codes: codesBuf,
          sums,
          flag: flagBuf,
          n,
          d,
          k,
          tile: TILE,
          P: PARTITIONS,
          parts,
        },
      });
      worker.unref();
    } catch {
      worker = undefined; // no worker threads here (a sandbox): this thread does the work
    }
    workers.push({ worker, flag: new Int32Array(flagBuf), parts });
  }
  runHere(partsOf(0));
  for (const { worker, flag, parts } of workers) {
    if (worker === undefined) {
      runHere(parts);
      continue;
    }
    // A worker that fails sets its flag to 2 and stops; this thread then redoes its share.
    const r = Atomics.wait(flag, 0, 0, 600_000);
    void worker.terminate();
    if (r === "timed-out")
      throw new Error("a silhouette worker thread did not finish in 10 minutes");
    if (Atomics.load(flag, 0) !== 1) runHere(parts);
  }
  return reducePartitions(all, n * k);
}

function reducePartitions(buffers: Float64Array, size: number): Float64Array {
  const out = buffers.slice(0, size);
  for (let p = 1; p < PARTITIONS; p++) {
    const o = p * size;
    for (let i = 0; i < size; i++) out[i] += buffers[o + i]!;
  }
  return out;
}
