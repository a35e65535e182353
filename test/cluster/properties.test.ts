import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  adjustedRandIndex,
  fitKMeans,
  fitPredictKMeans,
  predictKMeans,
} from "../../src/cluster/index.js";
import { fromRows, takeRows } from "../../src/matrix/matrix.js";
import { createRandom } from "../../src/matrix/random.js";
import { blobs } from "./helpers.js";

/** Small matrices with at least `minRows` rows and some duplicate values. */
const matrices = (minRows: number) =>
  fc
    .integer({ min: 1, max: 4 })
    .chain((d) =>
      fc.array(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: d, maxLength: d }), {
        minLength: minRows,
        maxLength: 60,
      }),
    )
    .map((rows) => fromRows(rows.map((r) => r.map((v) => v / 4))));

const distinctRows = (rows: number[][]): number => new Set(rows.map((r) => r.join(","))).size;

describe("fitKMeans properties", () => {
  it("fitKMeans(X, {k, seed}) is deterministic and predictKMeans reproduces its labels", () => {
    fc.assert(
      fc.property(matrices(1), fc.integer({ min: 1, max: 6 }), fc.integer(), (X, k0, seed) => {
        const rows = Array.from({ length: X.rows }, (_, i) =>
          Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)),
        );
        const k = Math.min(k0, distinctRows(rows));
        const a = fitPredictKMeans(X, { k, seed });
        const b = fitPredictKMeans(X, { k, seed });
        expect(JSON.stringify(a.model)).toBe(JSON.stringify(b.model));
        expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
        expect(Array.from(predictKMeans(a.model, X))).toEqual(Array.from(a.labels));
        // Sizes agree with the labels and are in descending order.
        const counts = new Array<number>(k).fill(0);
        for (const l of a.labels) counts[l]!++;
        expect(a.model.sizes).toEqual(counts);
        for (let j = 1; j < k; j++) expect(counts[j - 1]!).toBeGreaterThanOrEqual(counts[j]!);
      }),
      { numRuns: 60, seed: 1 },
    );
  });

  it("fitKMeans(X, {k}) JSON round trip is exact", () => {
    fc.assert(
      fc.property(matrices(3), fc.integer({ min: 0, max: 1000 }), (X, seed) => {
        const model = fitKMeans(X, { k: 1, seed, nInit: 2 });
        expect(JSON.parse(JSON.stringify(model))).toEqual(model);
      }),
      { numRuns: 30, seed: 2 },
    );
    const { X } = blobs(300, 3, 4, 1, 2, 3);
    const model = fitKMeans(X, { k: 4, seed: 5 });
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  it("fitKMeans(X, {k, nInit}) inertia does not increase with k", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (seed) => {
        const { X } = blobs(120, 2, 5, seed, 2, 4);
        let previous = Infinity;
        for (let k = 1; k <= 6; k++) {
          const inertia = fitKMeans(X, { k, seed, nInit: 8 }).inertia;
          expect(inertia).toBeLessThanOrEqual(previous * (1 + 1e-12));
          previous = inertia;
        }
      }),
      { numRuns: 8, seed: 3 },
    );
  });

  it("fitKMeans(X, {k}) partition does not depend on row order (well-separated data)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (seed) => {
        const { X } = blobs(400, 3, 5, seed, 0.3, 30);
        const random = createRandom(seed + 1);
        const perm = Array.from({ length: X.rows }, (_, i) => i);
        for (let i = perm.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [perm[i], perm[j]] = [perm[j]!, perm[i]!];
        }
        const a = fitPredictKMeans(X, { k: 5, seed, nInit: 3 }).labels;
        const b = fitPredictKMeans(takeRows(X, perm), { k: 5, seed, nInit: 3 }).labels;
        const back = new Int32Array(X.rows);
        perm.forEach((orig, r) => (back[orig] = b[r]!));
        expect(adjustedRandIndex(a, back)).toBe(1);
      }),
      { numRuns: 10, seed: 4 },
    );
  });

  it("fitKMeans(X, {threads}) gives identical models for 1, 2 and 3 threads", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 2, max: 9 }),
        (seed, k) => {
          const { X } = blobs(25_000, 3, k, seed, 3, 4);
          const w = new Float64Array(X.rows).map((_, i) => 1 + (i % 3));
          const one = fitPredictKMeans(X, { k, seed, threads: 1, sampleWeight: w });
          for (const threads of [2, 3]) {
            const many = fitPredictKMeans(X, { k, seed, threads, sampleWeight: w });
            expect(JSON.stringify(many.model)).toBe(JSON.stringify(one.model));
            expect(Array.from(many.labels)).toEqual(Array.from(one.labels));
          }
        },
      ),
      { numRuns: 3, seed: 5 },
    );
  });
});
