/**
 * The worker side of a multi-threaded k-means fit: the job module the pooled workers load
 * (see ../matrix/worker-pool.ts). A job binds a worker to one fit — its shared buffers, its SIMD
 * module and memory, its control words — and claims blocks of chunks for each operation the
 * fit's engine posts, until the engine posts {@link EXIT}.
 * @internal
 */
import type { JobContext } from "../matrix/worker-pool.js";
import { kernelsFor, setupSimd, type Ctx, type Simd, type SimdArrays } from "./kernels.js";
import type { WasmMemory } from "./shared-matrix.js";
import type { CompiledModule, SimdLayout } from "./simd-distances.js";

/** Control word: the operation's sequence number (workers wait on it). */
export const SEQ = 0;
/** Control word: the operation ({@link OP} code or {@link EXIT}). */
export const OPW = 1;
/** Control word: the sequence number (high 16 bits) and the next unclaimed block. */
export const NEXT = 2;
/** Control word: the blocks done. */
export const COMPLETED = 3;
/** Control word: 1 once a worker's kernel threw (the error is posted to the engine). */
export const ERROR = 4;
/** The number of control words. */
export const CONTROL_WORDS = 8;
/** The operation that ends a worker's job. */
export const EXIT = -1;

/** One worker's part in a fit, as the engine posts it. */
export interface KMeansJob {
  /** The fit's shared state (`simd` null: each thread makes its own instance). */
  ctx: Ctx;
  /** The SIMD module, or null for the JavaScript kernels. */
  wasm: CompiledModule | null;
  layout: SimdLayout;
  /** Identifies the layout: a worker keeps one private-memory instance per layout. */
  layoutKey: string;
  /** The fit's shared memory (resident data), or null for a private one. */
  memory: WasmMemory | null;
  /** Byte offset of this worker's region in `memory`. */
  base: number;
  arrays: SimdArrays | null;
  control: SharedArrayBuffer;
  nBlocks: number;
  blockChunks: number;
  nChunks: number;
}

/** Instances with a private memory, per layout, reused fit after fit (eight at most). */
const privates = new Map<string, Simd | null>();

function simdFor(j: KMeansJob): Simd | null {
  if (j.wasm === null) return null;
  const d = j.ctx.d;
  if (j.memory !== null)
    return setupSimd(d, {
      module: j.wasm,
      layout: j.layout,
      memory: j.memory,
      base: j.base,
      arrays: j.arrays,
    }).simd;
  // A private memory per layout, reused: each memory reserves gigabytes of address space.
  if (!privates.has(j.layoutKey)) {
    if (privates.size >= 8) privates.delete(privates.keys().next().value!);
    privates.set(j.layoutKey, setupSimd(d, { module: j.wasm, layout: j.layout }).simd);
  }
  return privates.get(j.layoutKey)!;
}

/**
 * Runs a worker's part of a fit: claims blocks of chunks for each posted operation until EXIT.
 * A kernel that throws is reported (with its stack) and flagged in {@link ERROR}; the block
 * still counts as done, so that the engine's wait ends and it throws the reported error.
 *
 * @example
 * runJob(job, { report }); // returns when the fit's engine closes
 */
export function runJob(data: unknown, job: JobContext): void {
  const j = data as KMeansJob;
  const ctx: Ctx = { ...j.ctx, simd: simdFor(j) };
  const set = kernelsFor(ctx.d);
  const kernels = ctx.simd === null ? set.js : set.simd;
  const ctl = new Int32Array(j.control);
  let seq = 0;
  for (;;) {
    Atomics.wait(ctl, SEQ, seq);
    seq = Atomics.load(ctl, SEQ);
    const op = Atomics.load(ctl, OPW);
    if (op === EXIT) break;
    for (;;) {
      const v = Atomics.load(ctl, NEXT);
      if (v >>> 16 !== (seq & 0x7fff)) break;
      const b = v & 0xffff;
      if (b >= j.nBlocks) break;
      if (Atomics.compareExchange(ctl, NEXT, v, v + 1) !== v) continue;
      try {
        kernels[op]!(ctx, b * j.blockChunks, Math.min(j.nChunks, (b + 1) * j.blockChunks));
      } catch (e) {
        job.report(e);
        Atomics.store(ctl, ERROR, 1);
      }
      Atomics.add(ctl, COMPLETED, 1);
      Atomics.notify(ctl, COMPLETED);
    }
  }
}
