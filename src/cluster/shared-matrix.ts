/**
 * Matrices whose values live at the start of a shared WebAssembly memory, so that the k-means
 * SIMD kernel on every thread reads the rows in place (no copy into worker memory, no copying
 * of rows into the kernel's buffer).
 */
import type { Matrix } from "../matrix/matrix.js";
import { MAX_PAGES } from "./simd-distances.js";
import { prestartWorkers } from "../matrix/worker-pool.js";

/** The parts of `WebAssembly.Memory` used here (the project's TypeScript lib has no types). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

type MemoryConstructor = new (descriptor: {
  initial: number;
  maximum?: number;
  shared?: boolean;
}) => WasmMemory;

const PAGE = 65536;

/** Memories by the buffer their matrix was allocated on (the buffer object at allocation). */
const registry = new WeakMap<ArrayBufferLike, WasmMemory>();

/**
 * A new shared WebAssembly memory of at least `bytes` bytes (growable to 4 GiB), or null when
 * the size exceeds 4 GiB or this engine has no shared WebAssembly memory.
 */
export function createSharedMemory(bytes: number): WasmMemory | null {
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  if (pages > MAX_PAGES) return null;
  try {
    const Memory = (globalThis as { WebAssembly?: { Memory: MemoryConstructor } }).WebAssembly
      ?.Memory;
    if (Memory === undefined) return null;
    return new Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
  } catch {
    return null;
  }
}

/** Grows a memory to at least `bytes` bytes; false when it cannot. */
export function ensureMemory(memory: WasmMemory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return true;
  if (bytes > MAX_PAGES * PAGE) return false;
  try {
    memory.grow(Math.ceil((bytes - have) / PAGE));
    return true;
  } catch {
    return false;
  }
}

/** One idle memory kept for the next fit (see {@link acquireSharedMemory}). */
let idle: WasmMemory | null = null;

/** Idle memories above this size are left to the garbage collector (their pages stay in use). */
const KEEP_IDLE_BYTES = 64 * 2 ** 20;

/**
 * A shared memory of at least `bytes` bytes for one fit: the idle one when it is (or can grow)
 * large enough, else a new one. Each WebAssembly memory reserves gigabytes of address space
 * until it is collected, and a scan of k makes hundreds of fits: reusing one keeps a process
 * far from V8's limit. Give it back with {@link releaseSharedMemory}. @internal
 */
export function acquireSharedMemory(bytes: number): WasmMemory | null {
  const memory = idle;
  idle = null;
  if (memory !== null && ensureMemory(memory, bytes)) return memory;
  return createSharedMemory(bytes);
}

/** Returns a memory from {@link acquireSharedMemory} when its fit is over. @internal */
export function releaseSharedMemory(memory: WasmMemory): void {
  if (memory.buffer.byteLength <= KEEP_IDLE_BYTES) idle = memory;
}

/**
 * Allocates a rows × cols matrix (zeros) in a shared WebAssembly memory: fitting k-means on it
 * uses the SIMD kernel on all threads with no copy of the data (otherwise a multi-threaded fit
 * copies the matrix once). From 50,000 rows it also starts the worker threads, so that they are
 * ready when the fit begins. Falls back to a SharedArrayBuffer above 4 GiB.
 *
 * @example
 * const X = sharedMatrix(1_000_000, 20);
 * X.data.set(values); // fill it, then fitKMeans(X, { k: 8 })
 */
export function sharedMatrix(rows: number, cols: number): Matrix {
  const bytes = rows * cols * 8;
  const memory = createSharedMemory(bytes);
  if (memory === null) return { data: new Float64Array(new SharedArrayBuffer(bytes)), rows, cols };
  const data = new Float64Array(memory.buffer, 0, rows * cols);
  registry.set(memory.buffer, memory);
  // Large enough for threads (autoThreads): start them while the caller fills the matrix.
  if (rows >= 50_000) prestartWorkers();
  return { data, rows, cols };
}

/** The memory a matrix was allocated in by {@link sharedMatrix}, or null. @internal */
export function memoryOf(data: Float64Array): WasmMemory | null {
  return data.byteOffset === 0 ? (registry.get(data.buffer) ?? null) : null;
}
