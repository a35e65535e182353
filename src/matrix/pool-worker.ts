/**
 * The entry of every pooled worker thread (see worker-pool.ts): for each job message it loads
 * the job's module (once; Node caches it) and calls its `runJob`. An exception is posted to the
 * calling thread with its stack, and the job's status word tells the caller it ended.
 * @internal
 */
import { createRequire } from "node:module";
import { parentPort } from "node:worker_threads";
import {
  JOB_DONE,
  JOB_FAILED,
  type JobMessage,
  type JobModule,
  type WorkerFailure,
} from "./worker-pool.js";

const load = createRequire(__filename);

function failureOf(error: unknown): WorkerFailure {
  if (error instanceof Error)
    return { name: error.name, message: error.message, stack: error.stack ?? String(error) };
  return { name: "Error", message: String(error), stack: String(error) };
}

parentPort?.on("message", (job: JobMessage) => {
  const status = new Int32Array(job.status);
  let reported = false;
  const report = (error: unknown): void => {
    if (reported) return;
    reported = true;
    job.port.postMessage(failureOf(error));
  };
  let end = JOB_DONE;
  try {
    (load(job.module) as JobModule).runJob(job.data, { report });
  } catch (e) {
    report(e);
    end = JOB_FAILED;
  }
  Atomics.store(status, 0, end);
  Atomics.notify(status, 0);
});
