import { describe, expect, it } from "vitest";
import {
  adjustedRandIndex,
  fitKMeans,
  fitMiniBatchKMeans,
  predictKMeans,
} from "../../src/cluster/index.js";
import * as msg from "../../src/cluster/messages.js";
import { fromRows } from "../../src/matrix/matrix.js";
import { blobs } from "./helpers.js";

describe("fitMiniBatchKMeans", () => {
  it("fitMiniBatchKMeans(X, {k: 2}) finds two hand-made groups", () => {
    const X = fromRows([[0], [0.2], [10], [10.2]]);
    const model = fitMiniBatchKMeans(X, { k: 2, batchSize: 4 });
    expect(model.centroids.map((c) => Math.round(c[0]! * 1e9) / 1e9)).toEqual([0.1, 10.1]);
    expect(model.sizes).toEqual([2, 2]);
    expect(model.inertia).toBeCloseTo(4 * 0.01, 9);
    expect(model.params.algorithm).toBe("minibatch");
    expect(model.params.batchSize).toBe(4);
  });

  it("fitMiniBatchKMeans(X, {k}) recovers blobs with inertia within 2% of full k-means", () => {
    const { X, truth } = blobs(30_000, 10, 6, 3, 2, 6);
    const mini = fitMiniBatchKMeans(X, { k: 6, seed: 1 });
    const full = fitKMeans(X, { k: 6, seed: 1, nInit: 3 });
    expect(mini.inertia).toBeLessThanOrEqual(full.inertia * 1.02);
    expect(adjustedRandIndex(predictKMeans(mini, X), truth)).toBeGreaterThan(0.99);
    expect(mini.converged).toBe(true);
    expect(mini.nIter).toBeLessThan(Math.floor((100 * 30_000) / 1024));
  });

  it("fitMiniBatchKMeans(X, {seed, threads}) is deterministic for any thread count", () => {
    const { X } = blobs(30_000, 4, 5, 9, 3, 4);
    const a = fitMiniBatchKMeans(X, { k: 5, seed: 3, threads: 1 });
    const b = fitMiniBatchKMeans(X, { k: 5, seed: 3, threads: 2 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    const c = fitMiniBatchKMeans(X, { k: 5, seed: 4 });
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it("fitMiniBatchKMeans(X, {maxNoImprovement: 0, maxIter: 1}) runs exactly one pass of batches", () => {
    const { X } = blobs(2000, 2, 3, 4, 1, 5);
    const model = fitMiniBatchKMeans(X, { k: 3, batchSize: 100, maxIter: 1, maxNoImprovement: 0 });
    expect(model.nIter).toBe(20);
    expect(model.converged).toBe(false);
  });

  it("fitMiniBatchKMeans(X, {init}) starts from given centres and honours sample weights", () => {
    const X = fromRows([[0], [1], [10], [11]]);
    const model = fitMiniBatchKMeans(X, {
      k: 2,
      init: [[0], [10]],
      batchSize: 4,
      sampleWeight: Float64Array.of(3, 1, 1, 3),
      reassignmentRatio: 0,
    });
    expect(model.params.init).toBe("given");
    // Weighted means 0.25 and 10.75 (unweighted 0.5 and 10.5); mini-batches sample with
    // replacement, so the centres come close without being exact.
    const c = model.centroids.map((r) => r[0]!).sort((a, b) => a - b);
    expect(Math.abs(c[0]! - 0.25)).toBeLessThan(0.1);
    expect(Math.abs(c[1]! - 10.75)).toBeLessThan(0.1);
  });

  it("fitMiniBatchKMeans(X, options) throws on bad mini-batch options", () => {
    const X = fromRows([[0], [1]]);
    expect(() => fitMiniBatchKMeans(X, { k: 1, batchSize: 0 })).toThrow(
      new RangeError(msg.notInteger("batchSize", 0, 1)),
    );
    expect(() => fitMiniBatchKMeans(X, { k: 1, reassignmentRatio: 2 })).toThrow(
      new RangeError(msg.badRatio("reassignmentRatio", 2)),
    );
    expect(() => fitMiniBatchKMeans(X, { k: 1, maxNoImprovement: -1 })).toThrow(
      new RangeError(msg.notInteger("maxNoImprovement", -1, 0)),
    );
    expect(() => fitMiniBatchKMeans(X, { k: 3 })).toThrow(new RangeError(msg.kTooLarge(3, 2)));
  });

  it("fitMiniBatchKMeans(X) throws on NaN or Infinity anywhere, naming the row and column (with and without tol)", () => {
    for (const [row, col, value] of [
      [3, 1, NaN],
      [4_999, 0, Infinity],
    ] as const) {
      const { X } = blobs(5_000, 2, 3, 4);
      X.data[row * 2 + col] = value;
      for (const tol of [0, 1e-4])
        expect(() => fitMiniBatchKMeans(X, { k: 3, batchSize: 100, tol })).toThrow(
          new RangeError(msg.nonFinite("X", row, col, value)),
        );
    }
  });
});
