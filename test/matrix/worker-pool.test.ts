import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as msg from "../../src/matrix/messages.js";
import { WorkerGroup } from "../../src/matrix/worker-pool.js";
import type { TestJob } from "./fixtures/pool-jobs.js";

const jobs = path.join(__dirname, "fixtures", "pool-jobs.ts");
const shared = (n: number) => new Int32Array(new SharedArrayBuffer(4 * n));

describe("WorkerGroup", () => {
  it("WorkerGroup.start(i, module, data) runs the module's runJob in worker threads", () => {
    const out = shared(2);
    const group = new WorkerGroup(2, "a test worker failed");
    try {
      for (let i = 0; i < 2; i++)
        group.start(i, jobs, { out, index: i, action: "write" } satisfies TestJob);
      group.wait();
    } finally {
      group.release();
    }
    // Two distinct worker threads (thread ids > 0; the calling thread's is 0).
    expect(out[0]).toBeGreaterThan(0);
    expect(out[1]).toBeGreaterThan(0);
    expect(out[0]).not.toBe(out[1]);
  });

  it("WorkerGroup.wait() throws a job's error with the worker's stack as its cause", () => {
    const group = new WorkerGroup(1, "a test worker failed");
    let error: unknown;
    try {
      group.start(0, jobs, { out: shared(1), index: 0, action: "throw" } satisfies TestJob);
      group.wait();
    } catch (e) {
      error = e;
    } finally {
      group.release();
    }
    expect(error).toBeInstanceOf(Error);
    const e = error as Error & { cause: Error };
    expect(e.message).toBe("a test worker failed: thrown by failInTheWorker");
    expect(e.cause.name).toBe("RangeError");
    expect(e.cause.stack).toContain("failInTheWorker");
    expect(e.cause.stack).toContain("pool-jobs.ts");
  });

  it("WorkerGroup.failure() returns an error a job reported and carried on past", () => {
    const out = shared(1);
    const group = new WorkerGroup(1, "a test worker failed");
    try {
      group.start(0, jobs, { out, index: 0, action: "report" } satisfies TestJob);
      group.wait();
      expect(out[0]).toBeGreaterThan(0);
      expect(group.anyFailed()).toBe(false);
      const e = group.failure() as Error & { cause: Error };
      expect(e.message).toBe("a test worker failed: thrown by failInTheWorker");
      expect(e.cause.stack).toContain("failInTheWorker");
    } finally {
      group.release();
    }
  });

  it("WorkerGroup.wait(timeoutMs) throws when a job has not ended in time", () => {
    const out = shared(1);
    const group = new WorkerGroup(1, "a test worker failed");
    try {
      group.start(0, jobs, { out, index: 0, action: "block" } satisfies TestJob);
      expect(() => group.wait(300)).toThrow(
        new Error(msg.workerTimeout("a test worker failed", 300)),
      );
    } finally {
      // Let the job end before its worker goes back to the pool.
      Atomics.store(out, 0, 1);
      Atomics.notify(out, 0);
      group.release();
    }
  });

  it("WorkerGroup.wait() throws when the worker cannot load the job's module", () => {
    const group = new WorkerGroup(1, "a test worker failed");
    try {
      group.start(0, path.join(__dirname, "fixtures", "no-such-module.ts"), null);
      expect(() => group.wait()).toThrow(/^a test worker failed: Cannot find module/);
    } finally {
      group.release();
    }
  });

  it("WorkerGroup runs jobs when the library runs from source under tsx (npm run bench)", () => {
    const tsx = path.join(__dirname, "..", "..", "node_modules", "tsx", "dist", "cli.mjs");
    const script = path.join(__dirname, "fixtures", "run-under-tsx.ts");
    const run = spawnSync(process.execPath, [tsx, script], { encoding: "utf8", timeout: 90_000 });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout).threadId).toBeGreaterThan(0);
  });
});
