/**
 * The k-means worker threads, kept between fits. A fresh Node worker takes ~40 ms to start,
 * which a scan of k paid on every fit and a 100k-row fit spent mostly with one thread; pooled
 * workers are bound to each fit by a message and go back to the pool when its engine closes.
 * `sharedMatrix` starts them while the caller is still filling the matrix.
 * @internal
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

// Control words in the shared Int32Array of a fit.
export const SEQ = 0;
export const OPW = 1;
export const NEXT = 2;
export const COMPLETED = 3;
export const ERROR = 4;
export const CONTROL_WORDS = 8;
export const EXIT = -1;

/**
 * A pooled worker: waits for a fit's job (kernel source, context, SIMD module and layout,
 * control words), claims blocks of chunks until the fit's engine posts EXIT, then waits for
 * the next job. Kernel sets and private SIMD instances are kept per source and per layout.
 */
const WORKER_SOURCE = `"use strict";
const { parentPort } = require("node:worker_threads");
const sets = new Map();
const privates = new Map();
parentPort.on("message", (job) => {
  let set = sets.get(job.source);
  if (set === undefined) {
    set = new Function(job.source)();
    sets.set(job.source, set);
  }
  const ctx = Object.assign({}, job.ctx);
  if (job.wasm === null) ctx.simd = null;
  else if (job.memory !== null) ctx.simd = set.setup(job.wasm, job.layout, job.memory, job.base, job.arrays);
  else {
    // A private memory per layout, reused: each memory reserves gigabytes of address space.
    if (!privates.has(job.layoutKey)) {
      if (privates.size >= 8) privates.delete(privates.keys().next().value);
      privates.set(job.layoutKey, set.setup(job.wasm, job.layout));
    }
    ctx.simd = privates.get(job.layoutKey);
  }
  const KERNELS = ctx.simd === null ? set.js : set.simd;
  const ctl = new Int32Array(job.control);
  let seq = 0;
  for (;;) {
    Atomics.wait(ctl, ${SEQ}, seq);
    seq = Atomics.load(ctl, ${SEQ});
    const op = Atomics.load(ctl, ${OPW});
    if (op === ${EXIT}) break;
    for (;;) {
      const v = Atomics.load(ctl, ${NEXT});
      if ((v >>> 16) !== (seq & 0x7fff)) break;
      const b = v & 0xffff;
      if (b >= job.nBlocks) break;
      if (Atomics.compareExchange(ctl, ${NEXT}, v, v + 1) !== v) continue;
      try {
        KERNELS[op](ctx, b * job.blockChunks, Math.min(job.nChunks, (b + 1) * job.blockChunks));
      } catch (e) {
        Atomics.store(ctl, ${ERROR}, 1);
      }
      Atomics.add(ctl, ${COMPLETED}, 1);
      Atomics.notify(ctl, ${COMPLETED});
    }
  }
});
`;

const idle: Worker[] = [];

function spawn(): Worker {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  // Pooled workers never keep the process alive.
  worker.unref();
  // A failing kernel reports through the ERROR control word; a dead worker leaves the pool.
  worker.on("error", () => forget(worker));
  worker.on("exit", () => forget(worker));
  return worker;
}

function forget(worker: Worker): void {
  const i = idle.indexOf(worker);
  if (i >= 0) idle.splice(i, 1);
}

/** `count` workers for one fit: idle ones first, new ones for the rest. */
export function acquireWorkers(count: number): Worker[] {
  const out: Worker[] = [];
  while (out.length < count && idle.length > 0) out.push(idle.pop()!);
  while (out.length < count) out.push(spawn());
  return out;
}

/** Gives workers back after their fit's engine has posted EXIT (they finish it first). */
export function releaseWorkers(workers: readonly Worker[]): void {
  for (const w of workers) {
    if (idle.length < 8) idle.push(w);
    else void w.terminate();
  }
}

/**
 * Starts workers now, up to `count` idle ones (default: one per core beyond the first, at most
 * 7), so that the next large fit finds them running.
 */
export function prestartWorkers(count = Math.min(availableParallelism(), 8) - 1): void {
  while (idle.length < count) idle.push(spawn());
}
