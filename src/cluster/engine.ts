/**
 * Runs the k-means kernels over fixed row chunks on the calling thread plus optional worker
 * threads that share the data through SharedArrayBuffers. The calling thread blocks with
 * `Atomics.wait` (allowed in Node's main thread), so the public API stays synchronous.
 *
 * Work is split into blocks of chunks that threads claim with compare-and-swap; the calling
 * thread claims blocks too, so a worker that is slow to start (or never starts) costs time,
 * never correctness. A chunk's result does not depend on who computed it.
 * @internal
 */
import { availableParallelism } from "node:os";
import type { Matrix } from "../matrix/matrix.js";
import { jobModule, WorkerGroup } from "../matrix/worker-pool.js";
import {
  kernelsFor,
  OP,
  privateSimd,
  setupSimd,
  type Ctx,
  type Kernel,
  type Simd,
} from "./kernels.js";
import {
  COMPLETED,
  CONTROL_WORDS,
  ERROR,
  EXIT,
  NEXT,
  OPW,
  SEQ,
  type KMeansJob,
} from "./kmeans-job.js";
import * as msg from "./messages.js";
import {
  acquireSharedMemory,
  ensureMemory,
  memoryOf,
  releaseSharedMemory,
  type WasmMemory,
} from "./shared-matrix.js";
import { distanceModule, simdDisabledReason, simdEnabled, simdLayout } from "./simd-distances.js";
import { validateMatrix } from "./validate.js";

/** Rows per chunk: depends only on (n, k, d), never on the thread count. */
export function chunkRowsFor(n: number, k: number, d: number): number {
  // Keep the per-chunk partial sums (nChunks * k * (d + 1) numbers) around 2M doubles, and
  // chunks of at least 4,096 rows: fewer partial sums to reduce per iteration (measured ~3 %
  // faster than 1,024 at 1M rows).
  return Math.max(4096, Math.ceil((n * k * (d + 1)) / 2_000_000));
}

/**
 * The number of threads used when the caller does not say: all cores (up to 8) for large data.
 * With the SIMD kernel two threads pay from ~50k rows (20 columns, k = 8, a fresh process per
 * fit: 100k rows 0.15 s on two threads, 0.21 s on one; 50k 0.115 s vs 0.13 s; 30k 0.11 s vs
 * 0.09 s, measured); the JavaScript kernels need ~200k rows before a fresh worker's start-up and
 * cold JIT are repaid.
 */
export function autoThreads(n: number, d: number, k: number): number {
  const [minRows, minWork] = simdEnabled(d) ? [50_000, 4_000_000] : [200_000, 30_000_000];
  if (n < minRows || n * d * k < minWork) return 1;
  return Math.max(1, Math.min(availableParallelism(), 8, Math.floor(n / (minRows / 2))));
}

function f64(length: number, shared: boolean): Float64Array {
  return shared
    ? new Float64Array(new SharedArrayBuffer(Math.max(1, length) * 8), 0, length)
    : new Float64Array(length);
}

function i32(length: number, shared: boolean): Int32Array {
  return shared
    ? new Int32Array(new SharedArrayBuffer(Math.max(1, length) * 4), 0, length)
    : new Int32Array(length);
}

/** The fit's shared buffers and its worker threads. Call {@link Engine.close} when done. */
export class Engine {
  readonly ctx: Ctx;
  readonly threads: number;
  /** Whether the distance sums run in the WebAssembly SIMD kernel. */
  readonly simd: boolean;
  /** Why the calling thread runs the JavaScript kernels instead (null when it runs SIMD). */
  readonly simdReason: string | null;
  private readonly kernels: readonly Kernel[];
  private workers: WorkerGroup | null = null;
  private readonly control: Int32Array;
  private readonly nBlocks: number;
  private readonly blockChunks: number;
  private seq = 0;
  /** The shared memory this engine borrowed for its copy of the data, given back at close. */
  private pooled: WasmMemory | null = null;

  /**
   * @param X - the data (copied into shared memory when threads > 1, unless it already is;
   *   see {@link sharedMatrix} for data the SIMD kernel reads in place).
   * @param w - row weights or null.
   * @param k - number of centres.
   * @param maxCandidates - k-means++ candidates per step (width of chunkVals).
   * @param threads - requested thread count (>= 1).
   * @param passes - the Lloyd steps the fit runs: "elkan" keeps Elkan's n × k lower bounds
   *   (else Hamerly's one per row); "hamerly" lets a resident fit leave out the kernel's
   *   plain distance functions, which only Lloyd's and Elkan's steps use.
   */
  constructor(
    X: Matrix,
    w: Float64Array | null,
    k: number,
    maxCandidates: number,
    threads: number,
    passes: "hamerly" | "elkan" | "lloyd" = "hamerly",
  ) {
    const elkan = passes === "elkan";
    const n = X.rows;
    const d = X.cols;
    const chunkRows = chunkRowsFor(n, k, d);
    const nChunks = Math.ceil(n / chunkRows);
    const t = Math.max(1, Math.min(threads, nChunks));
    const shared = t > 1;
    this.threads = t;
    const stride = Math.max(1, maxCandidates);
    const set = kernelsFor(d);
    // Every thread gets its own instance of the SIMD distance module; the results are
    // bit-identical to the JavaScript path.
    const layout = simdLayout(
      d,
      chunkRows,
      [
        { count: k, argmin: true },
        { count: stride, argmin: false },
        { count: stride + 1, argmin: false },
      ],
      stride,
    );
    // Resident: the data sits at the start of one shared WebAssembly memory, each thread's
    // kernel region after it, and the kernels read rows in place. Used when the data is
    // already there (sharedMatrix) or would be copied for the threads anyway.
    // Memory: the data, then labels and Hamerly's bounds (read by the SIMD Hamerly step), then
    // one region per thread; each part 64-byte aligned.
    const align = (b: number): number => Math.ceil(b / 64) * 64;
    const labelsByte = align(n * d * 8);
    const upperByte = align(labelsByte + n * 4);
    const lowerByte = align(upperByte + n * 8);
    const regionStart = align(lowerByte + (elkan ? 0 : n * 8));
    const memoryBytes = regionStart + t * layout.regionBytes;
    let memory: WasmMemory | null = null;
    let x = X.data;
    if (simdEnabled(d)) {
      memory = memoryOf(X.data);
      if (memory !== null && !ensureMemory(memory, memoryBytes)) memory = null;
      if (memory === null && shared && !(X.data.buffer instanceof SharedArrayBuffer)) {
        memory = acquireSharedMemory(memoryBytes);
        if (memory !== null) {
          this.pooled = memory;
          x = new Float64Array(memory.buffer, 0, n * d);
          x.set(X.data);
        }
      }
    }
    if (shared && !(x.buffer instanceof SharedArrayBuffer)) {
      x = f64(n * d, true);
      x.set(X.data);
    }
    let wv = w;
    if (shared && w !== null && !(w.buffer instanceof SharedArrayBuffer)) {
      wv = f64(n, true);
      wv.set(w);
    }
    const wasm = distanceModule(layout, memory !== null, memory !== null && passes === "hamerly");
    // Keeping each k-means++ candidate's potentials saves a pass per step (one distance per
    // row, ~5 % of a fit); above 16 MB the memory matters more (peak ≤ 2× the data).
    // (The SIMD path merges the chosen centre into the next trial pass instead.)
    const keepTrials = maxCandidates > 1 && n * maxCandidates <= 2_000_000 && wasm === null;
    // k-means++ runs before Lloyd, so its candidate potentials and Elkan's bounds share memory.
    const scratch = f64(Math.max(keepTrials ? maxCandidates : 0, elkan ? k : 0) * n, shared);
    this.ctx = {
      x,
      n,
      d,
      k,
      chunkRows,
      nChunks,
      stride,
      w: wv,
      labels: memory ? new Int32Array(memory.buffer, labelsByte, n) : i32(n, shared),
      upper: memory ? new Float64Array(memory.buffer, upperByte, n) : f64(n, shared),
      lower: memory
        ? new Float64Array(memory.buffer, lowerByte, elkan ? 0 : n)
        : f64(elkan ? 0 : n, shared),
      closest: f64(n, shared),
      trial: keepTrials ? scratch : f64(0, shared),
      lowerK: elkan ? scratch : f64(0, shared),
      cc: f64(k * k, shared),
      centroids: f64(k * d, shared),
      half: f64(k, shared),
      moves: f64(k, shared),
      cands: f64((stride + 1) * d, shared),
      chunkSums: f64(nChunks * k * d, shared),
      chunkW: f64(nChunks * k, shared),
      chunkN: i32(nChunks * k, shared),
      chunkFlags: i32(nChunks, shared),
      chunkVals: f64(nChunks * stride, shared),
      chunkStats: f64(nChunks * 2 * d, shared),
      params: f64(8, shared),
      simd: null,
    };
    // Where the SIMD Hamerly step finds the labels and bounds (resident, not Elkan), else null.
    const arrays = memory && !elkan ? { labelsByte, upperByte, lowerByte } : null;
    // Several blocks per thread so that a late or slow thread is compensated by the others.
    this.blockChunks = Math.max(1, Math.ceil(nChunks / (t * 8)));
    this.nBlocks = Math.ceil(nChunks / this.blockChunks);
    this.control = i32(CONTROL_WORDS, shared);
    if (shared) {
      // The workers' jobs go out before this thread sets up its own instance, so that they
      // start on theirs at once. A thread whose instance cannot be made runs the JavaScript
      // kernels, whose results are the same bit for bit.
      const workers = new WorkerGroup(t - 1, msg.workerFailed);
      this.workers = workers;
      const module = jobModule(__dirname, "kmeans-job");
      const layoutKey = JSON.stringify([layout, memory !== null]);
      for (let w = 0; w < workers.size; w++) {
        const job: KMeansJob = {
          ctx: { ...this.ctx, simd: null },
          wasm,
          layout,
          layoutKey,
          memory,
          base: regionStart + (w + 1) * layout.regionBytes,
          arrays,
          control: this.control.buffer as SharedArrayBuffer,
          nBlocks: this.nBlocks,
          blockChunks: this.blockChunks,
          nChunks,
        };
        workers.start(w, module, job);
      }
    }
    let simd: Simd | null = null;
    let reason = simdDisabledReason(d);
    if (wasm !== null) {
      const setup =
        memory === null
          ? privateSimd(d, wasm, layout)
          : setupSimd(d, { module: wasm, layout, memory, base: regionStart, arrays });
      simd = setup.simd;
      reason = setup.reason;
    }
    this.kernels = simd === null ? set.js : set.simd;
    this.simd = simd !== null;
    this.simdReason = reason;
    this.ctx.simd = simd;
  }

  /** Runs kernel `op` over every chunk and returns when all chunks are done. */
  run(op: number): void {
    const ctx = this.ctx;
    const kernel = this.kernels[op]!;
    if (this.workers === null) {
      kernel(ctx, 0, ctx.nChunks);
      return;
    }
    const ctl = this.control;
    this.seq = (this.seq + 1) & 0x7fff;
    const seq = this.seq;
    Atomics.store(ctl, OPW, op);
    Atomics.store(ctl, COMPLETED, 0);
    Atomics.store(ctl, NEXT, seq << 16);
    Atomics.store(ctl, SEQ, seq);
    Atomics.notify(ctl, SEQ);
    for (;;) {
      const v = Atomics.load(ctl, NEXT);
      const b = v & 0xffff;
      if (b >= this.nBlocks) break;
      if (Atomics.compareExchange(ctl, NEXT, v, v + 1) !== v) continue;
      kernel(ctx, b * this.blockChunks, Math.min(ctx.nChunks, (b + 1) * this.blockChunks));
      Atomics.add(ctl, COMPLETED, 1);
    }
    for (;;) {
      const done = Atomics.load(ctl, COMPLETED);
      if (done >= this.nBlocks) break;
      Atomics.wait(ctl, COMPLETED, done, 1000);
    }
    // A worker's kernel threw (it counted its block as done): its error, with its stack.
    if (Atomics.load(ctl, ERROR) !== 0 || this.workers.anyFailed())
      throw this.workers.failure() ?? new Error(msg.workerFailed);
  }

  /**
   * The mean column variance of the data (as `np.var(X, axis=0).mean()`, shifted by the first
   * row for accuracy), in one parallel pass that also checks the values: NaN or ±Infinity makes
   * a sum non-finite, and the scan then throws validateMatrix's error naming the row, column and
   * value (finite values whose squares overflow give Infinity, as the two-pass formula did).
   */
  meanVariance(): number {
    this.run(OP.columnStats);
    const { n, d, nChunks, chunkStats } = this.ctx;
    let total = 0;
    for (let f = 0; f < d; f++) {
      let s = 0;
      let q = 0;
      for (let c = 0; c < nChunks; c++) {
        s += chunkStats[c * 2 * d + f]!;
        q += chunkStats[c * 2 * d + d + f]!;
      }
      const mean = s / n;
      // Σ (t − mean)² = Σ t² − n mean², never below 0 after rounding.
      total += Math.max(0, q / n - mean * mean);
    }
    const variance = total / d;
    if (!Number.isFinite(variance)) validateMatrix({ data: this.ctx.x, rows: n, cols: d });
    return variance;
  }

  /** Ends the fit for the worker threads (they leave its wait loop) and returns them to the pool. */
  close(): void {
    if (this.pooled !== null) releaseSharedMemory(this.pooled);
    this.pooled = null;
    if (this.workers === null) return;
    const ctl = this.control;
    Atomics.store(ctl, OPW, EXIT);
    Atomics.store(ctl, SEQ, (this.seq + 1) & 0x7fff);
    Atomics.notify(ctl, SEQ);
    this.workers.release();
    this.workers = null;
  }
}
