/**
 * The blockwise silhouette kernel, run by the calling thread and by the library's pooled
 * worker threads (this module is also the workers' job module, see `runJob`).
 *
 * Work split: the upper triangle of the n × n distance matrix is cut into TILE × TILE tiles,
 * numbered in row-major order; tile t belongs to partition t mod PARTITIONS. Each partition sums
 * its tiles, in a fixed order, into its own n × k buffer, and the buffers are added in partition
 * order at the end. Which thread computes a partition does not matter, so the result is the same
 * for any thread count, bit for bit. Memory: PARTITIONS × n × k doubles, never n × n.
 */
import { jobModule, WorkerGroup } from "../matrix/worker-pool.js";
import { messages } from "./messages.js";

/** Rows per tile: 256 rows × 30 features × 8 bytes ≈ 60 kB, so a tile pair stays in L2. */
export const TILE = 256;
/** Fixed number of partitions (upper bound on useful threads). */
export const PARTITIONS = 4;

/**
 * Adds partition p's tiles (tile t belongs to partition t mod P) to `sums` (n × k): for each
 * pair of rows in a tile, the distance goes to each row's sum for the other row's cluster.
 */
function silhouettePartition(
  X: Float64Array,
  n: number,
  d: number,
  codes: Int32Array,
  k: number,
  tile: number,
  P: number,
  p: number,
  sums: Float64Array,
): void {
  const nb = Math.ceil(n / tile);
  const acc0 = new Float64Array(k);
  const acc1 = new Float64Array(k);
  let t = 0;
  for (let I = 0; I < nb; I++) {
    const i0 = I * tile,
      i1 = Math.min(n, i0 + tile);
    for (let J = I; J < nb; J++, t++) {
      if (t % P !== p) continue;
      const j0 = J * tile,
        j1 = Math.min(n, j0 + tile);
      let i = i0;
      // 2 × 4 register block: each loaded coordinate serves 2 or 4 distances.
      for (; i + 1 < i1; i += 2) {
        acc0.fill(0);
        acc1.fill(0);
        const l0 = codes[i],
          l1 = codes[i + 1];
        const o0 = i * d,
          o1 = o0 + d;
        let j = j0;
        if (I === J) {
          let s = 0;
          for (let c = 0; c < d; c++) {
            const e = X[o0 + c] - X[o1 + c];
            s += e * e;
          }
          const dist = Math.sqrt(s);
          acc0[l1] += dist;
          acc1[l0] += dist;
          j = i + 2;
        }
        for (; j + 3 < j1; j += 4) {
          const p0 = j * d,
            p1 = p0 + d,
            p2 = p1 + d,
            p3 = p2 + d;
          let a0 = 0,
            a1 = 0,
            a2 = 0,
            a3 = 0,
            b0 = 0,
            b1 = 0,
            b2 = 0,
            b3 = 0;
          for (let c = 0; c < d; c++) {
            const x = X[o0 + c],
              y = X[o1 + c];
            const z0 = X[p0 + c],
              z1 = X[p1 + c],
              z2 = X[p2 + c],
              z3 = X[p3 + c];
            let e = x - z0;
            a0 += e * e;
            e = x - z1;
            a1 += e * e;
            e = x - z2;
            a2 += e * e;
            e = x - z3;
            a3 += e * e;
            e = y - z0;
            b0 += e * e;
            e = y - z1;
            b1 += e * e;
            e = y - z2;
            b2 += e * e;
            e = y - z3;
            b3 += e * e;
          }
          const q0 = codes[j],
            q1 = codes[j + 1],
            q2 = codes[j + 2],
            q3 = codes[j + 3];
          const r0 = j * k,
            r1 = r0 + k,
            r2 = r1 + k,
            r3 = r2 + k;
          let v = Math.sqrt(a0);
          acc0[q0] += v;
          sums[r0 + l0] += v;
          v = Math.sqrt(a1);
          acc0[q1] += v;
          sums[r1 + l0] += v;
          v = Math.sqrt(a2);
          acc0[q2] += v;
          sums[r2 + l0] += v;
          v = Math.sqrt(a3);
          acc0[q3] += v;
          sums[r3 + l0] += v;
          v = Math.sqrt(b0);
          acc1[q0] += v;
          sums[r0 + l1] += v;
          v = Math.sqrt(b1);
          acc1[q1] += v;
          sums[r1 + l1] += v;
          v = Math.sqrt(b2);
          acc1[q2] += v;
          sums[r2 + l1] += v;
          v = Math.sqrt(b3);
          acc1[q3] += v;
          sums[r3 + l1] += v;
        }
        for (; j < j1; j++) {
          const oj = j * d;
          let a = 0,
            b = 0;
          for (let c = 0; c < d; c++) {
            const z = X[oj + c];
            let e = X[o0 + c] - z;
            a += e * e;
            e = X[o1 + c] - z;
            b += e * e;
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
        for (let c = 0; c < k; c++) {
          sums[r + c] += acc0[c];
          sums[r + k + c] += acc1[c];
        }
      }
      if (i < i1) {
        // the block's odd last row
        acc0.fill(0);
        const l0 = codes[i],
          o0 = i * d;
        for (let j = I === J ? i + 1 : j0; j < j1; j++) {
          const oj = j * d;
          let a = 0;
          for (let c = 0; c < d; c++) {
            const e = X[o0 + c] - X[oj + c];
            a += e * e;
          }
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

/** What a worker computes: its partitions, each into its own slice of the shared sums. */
interface SilhouetteJob {
  x: Float64Array;
  codes: Int32Array;
  sums: Float64Array;
  n: number;
  d: number;
  k: number;
  parts: number[];
}

/**
 * The worker side (see worker-pool.ts): sums the job's partitions.
 *
 * @example
 * runJob({ x, codes, sums, n, d, k, parts: [1, 3] }); // sums's slices 1 and 3 filled
 */
export function runJob(data: unknown): void {
  const j = data as SilhouetteJob;
  for (const p of j.parts) {
    const out = j.sums.subarray(p * j.n * j.k, (p + 1) * j.n * j.k);
    out.fill(0);
    silhouettePartition(j.x, j.n, j.d, j.codes, j.k, TILE, PARTITIONS, p, out);
  }
}

/**
 * Per point i and cluster c, the sum of Euclidean distances from i to the points of cluster c
 * (n × k, row-major). Runs synchronously: the calling thread works on its share of partitions and
 * then blocks on `Atomics.wait` until the pooled workers are done; a worker's error is thrown
 * here, with the worker's stack as its `cause`.
 *
 * @example
 * clusterDistanceSums(Float64Array.of(0, 1, 3), 3, 1, Int32Array.of(0, 0, 1), 2, 1);
 * // => Float64Array [1, 3, 1, 2, 3, 2]
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
  if (t === 1) {
    const sums = new Float64Array(PARTITIONS * n * k);
    runJob({ x: data, codes, sums, n, d, k, parts: partsOf(0) } satisfies SilhouetteJob);
    return reducePartitions(sums, n * k);
  }
  const x = new Float64Array(new SharedArrayBuffer(data.length * 8));
  x.set(data);
  const shared = new Int32Array(new SharedArrayBuffer(n * 4));
  shared.set(codes);
  const sums = new Float64Array(new SharedArrayBuffer(PARTITIONS * n * k * 8));
  const group = new WorkerGroup(t - 1, messages.silhouetteWorkerFailed);
  try {
    const module = jobModule(__dirname, "silhouette-kernel");
    for (let w = 1; w < t; w++) {
      const job: SilhouetteJob = { x, codes: shared, sums, n, d, k, parts: partsOf(w) };
      group.start(w - 1, module, job);
    }
    runJob({ x, codes: shared, sums, n, d, k, parts: partsOf(0) } satisfies SilhouetteJob);
    group.wait();
  } finally {
    group.release();
  }
  return reducePartitions(sums, n * k);
}

function reducePartitions(buffers: Float64Array, size: number): Float64Array {
  const out = buffers.slice(0, size);
  for (let p = 1; p < PARTITIONS; p++) {
    const o = p * size;
    for (let i = 0; i < size; i++) out[i] += buffers[o + i]!;
  }
  return out;
}
