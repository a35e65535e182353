/**
 * The library's one pool of worker threads, for every stage that computes on several cores
 * (k-means and everything that fits it — scans of k, bootstrap stability — and the silhouette).
 *
 * A fresh Node worker takes ~40 ms to start, which a scan of k paid on every fit; pooled
 * workers are kept between tasks. A task borrows a {@link WorkerGroup}, starts one job per
 * worker — a module (a file of this library, see {@link jobModule}) whose `runJob(data, job)`
 * the worker loads and calls — and gives the workers back. Jobs share data through
 * SharedArrayBuffers and wait on `Atomics`, so callers stay synchronous.
 *
 * Failures are loud: an exception in a job (or one it reports and carries on past) is posted
 * back with the worker's stack, and {@link WorkerGroup.failure} / {@link WorkerGroup.wait}
 * turn it into an error of the calling thread whose `cause` carries that stack.
 * @internal
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { debuglog } from "node:util";
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
  type Transferable,
} from "node:worker_threads";
import * as msg from "./messages.js";

/** A job's status word while its `runJob` runs. */
export const JOB_RUNNING = 0;
/** A job's status word after its `runJob` returned. */
export const JOB_DONE = 1;
/** A job's status word after its `runJob` threw (the error was posted first). */
export const JOB_FAILED = 2;

/** What the worker passes to a job's `runJob` besides its data. */
export interface JobContext {
  /**
   * Posts an error to the calling thread (the first one of the job only), for a job that
   * carries on after a failure so that the caller's wait ends (k-means' block loop).
   */
  report(error: unknown): void;
}

/** The interface of a job module: the worker loads it once and calls `runJob` per job. */
export interface JobModule {
  runJob(data: unknown, job: JobContext): void;
}

/** The message a pooled worker receives for one job. */
export interface JobMessage {
  /** Absolute path of the job module. */
  module: string;
  data: unknown;
  /** One Int32 status word: {@link JOB_RUNNING}, then {@link JOB_DONE} or {@link JOB_FAILED}. */
  status: SharedArrayBuffer;
  /** Where the worker posts a {@link WorkerFailure}. */
  port: MessagePort;
}

/** A worker's error as posted to the calling thread. */
export interface WorkerFailure {
  name: string;
  message: string;
  /** The stack as thrown in the worker thread. */
  stack: string;
}

/** The extension of this library's modules where it runs: ".ts" from source (tests, tsx), else ".js". */
const EXT = path.extname(__filename);

/**
 * The path of a job module `name` in folder `dir` (pass the caller's `__dirname`): the built
 * `.js`, or the `.ts` source when the library itself runs from source.
 *
 * @example
 * jobModule(__dirname, "kmeans-job"); // => "/…/dist/cluster/kmeans-job.js"
 */
export function jobModule(dir: string, name: string): string {
  return path.join(dir, `${name}${EXT}`);
}

/**
 * Node options for a new worker: the parent's, and when the library runs from TypeScript source
 * (tests, `npx tsx`), tsx's CommonJS loader in place of any tsx loader of the parent: a worker
 * started with tsx's ESM loader (what `npx tsx` passes on) cannot load a `.ts` entry on Node 20
 * (ERR_UNKNOWN_FILE_EXTENSION), and the worker would die before its first job.
 */
function workerExecArgv(): string[] | undefined {
  if (EXT !== ".ts") return undefined;
  const kept: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const takesValue = ["--require", "-r", "--import", "--loader"].includes(a);
    if (takesValue && args[i + 1]?.includes("tsx")) i++;
    else if (!a.includes("tsx")) kept.push(a);
  }
  return [...kept, "--require", createRequire(__filename).resolve("tsx/cjs")];
}

const idle: Worker[] = [];
const debug = debuglog("segmentlab");

function spawn(): Worker {
  const execArgv = workerExecArgv();
  const worker = new Worker(
    jobModule(__dirname, "pool-worker"),
    execArgv === undefined ? {} : { execArgv },
  );
  // Pooled workers never keep the process alive.
  worker.unref();
  // Jobs report their errors through their port; a worker that dies leaves the pool (and says
  // why with NODE_DEBUG=segmentlab).
  worker.on("error", (e) => {
    debug("a pooled worker thread died: %s", e.stack ?? String(e));
    forget(worker);
  });
  worker.on("exit", () => forget(worker));
  return worker;
}

function forget(worker: Worker): void {
  const i = idle.indexOf(worker);
  if (i >= 0) idle.splice(i, 1);
}

/**
 * Starts workers now, up to `count` idle ones (default: one per core beyond the first, at most
 * 7), so that the next large task finds them running.
 *
 * @example
 * prestartWorkers(); // the next multi-threaded fit starts at once
 */
export function prestartWorkers(count = Math.min(availableParallelism(), 8) - 1): void {
  while (idle.length < count) idle.push(spawn());
}

/** An Error of the calling thread for a worker's failure; `cause` has the worker's stack. */
function failureError(message: string, failure: WorkerFailure): Error {
  const cause = new Error(failure.message);
  cause.name = failure.name;
  cause.stack = failure.stack;
  return new Error(`${message}: ${failure.message}`, { cause });
}

/**
 * Workers borrowed from the pool for one task; {@link WorkerGroup.release} gives them back
 * (a worker finishes its current job before it starts the next one).
 */
export class WorkerGroup {
  private workers: Worker[] = [];
  private readonly jobs: { status: Int32Array; port: MessagePort }[] = [];

  /**
   * @param count - the number of workers (idle pooled ones first, new ones for the rest).
   * @param what - how errors of this group's jobs begin, e.g. "a k-means worker thread failed".
   */
  constructor(
    count: number,
    private readonly what: string,
  ) {
    while (this.workers.length < count && idle.length > 0) this.workers.push(idle.pop()!);
    while (this.workers.length < count) this.workers.push(spawn());
  }

  /** The number of workers. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Starts a job on worker `index`: it loads `module` (once per worker) and calls its
   * `runJob(data, job)`. `transfer`: objects moved to the worker rather than copied.
   */
  start(index: number, module: string, data: unknown, transfer: Transferable[] = []): void {
    const { port1, port2 } = new MessageChannel();
    const status = new Int32Array(new SharedArrayBuffer(4));
    const message: JobMessage = {
      module,
      data,
      status: status.buffer as SharedArrayBuffer,
      port: port2,
    };
    this.workers[index]!.postMessage(message, [port2, ...transfer]);
    this.jobs.push({ status, port: port1 });
  }

  /**
   * The first failure a job of this group has posted, as an Error (its `cause` carries the
   * worker's stack), or null. Does not block; call it when a job signalled a failure.
   */
  failure(): Error | null {
    // A job posts its failure before it signals it; allow the message a moment to arrive.
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (let attempt = 0; attempt < 100; attempt++) {
      for (const job of this.jobs) {
        const received = receiveMessageOnPort(job.port);
        if (received !== undefined)
          return failureError(this.what, received.message as WorkerFailure);
      }
      Atomics.wait(pause, 0, 0, 10);
    }
    return null;
  }

  /** Whether a job of this group has ended by throwing (its error: {@link WorkerGroup.failure}). */
  anyFailed(): boolean {
    return this.jobs.some((j) => Atomics.load(j.status, 0) === JOB_FAILED);
  }

  /**
   * Blocks until every job started so far has ended; throws the first failure (see
   * {@link WorkerGroup.failure}), or when a job has not ended within `timeoutMs`.
   */
  wait(timeoutMs = 600_000): void {
    const deadline = Date.now() + timeoutMs;
    for (const job of this.jobs) {
      while (Atomics.load(job.status, 0) === JOB_RUNNING) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(msg.workerTimeout(this.what, timeoutMs));
        Atomics.wait(job.status, 0, JOB_RUNNING, left);
      }
    }
    if (this.anyFailed()) {
      throw this.failure() ?? new Error(msg.workerSilent(this.what));
    }
  }

  /** Gives the workers back to the pool (at most 8 stay idle) and closes the jobs' ports. */
  release(): void {
    for (const job of this.jobs) job.port.close();
    this.jobs.length = 0;
    for (const w of this.workers) {
      if (idle.length < 8) idle.push(w);
      else void w.terminate();
    }
    this.workers = [];
  }
}
