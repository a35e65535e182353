import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromRows, type Matrix } from "../../src/matrix/matrix.js";
import { createRandom, randomNormal } from "../../src/matrix/random.js";
import {
  calinskiHarabasz,
  daviesBouldin,
  silhouetteScore,
  stratifiedSample,
} from "../../src/select/index.js";
import { messages } from "../../src/select/messages.js";

interface RefSet {
  name: string;
  X: number[][];
  labels: number[];
  silhouette: number;
  silhouetteSamples: number[];
  calinskiHarabasz: number;
  daviesBouldin: number;
}
const ref = JSON.parse(
  readFileSync(path.join(process.cwd(), "test/fixtures/select/reference.json"), "utf8"),
) as { datasets: RefSet[] };

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("scikit-learn agreement (stored values from bench/select_reference.py)", () => {
  for (const set of ref.datasets) {
    const X = fromRows(set.X);
    const labels = Int32Array.from(set.labels);
    it(`silhouetteScore(X, labels) matches silhouette_score on ${set.name} to 1e-9`, () => {
      const r = silhouetteScore(X, labels);
      expect(rel(r.mean, set.silhouette)).toBeLessThan(1e-9);
      expect(r.sampled).toBe(false);
      expect(r.sampleSize).toBe(set.X.length);
      // Per point 1e-8: scikit-learn computes distances as sqrt(|x|² + |y|² − 2x·y), which is off
      // by ~sqrt(eps·|x|²) ≈ 1e-7 for iris's duplicate rows; we subtract coordinates first.
      for (let i = 0; i < set.silhouetteSamples.length; i++)
        expect(Math.abs(r.perPoint[i]! - set.silhouetteSamples[i]!)).toBeLessThan(1e-8);
    });
    it(`calinskiHarabasz(X, labels) matches calinski_harabasz_score on ${set.name}`, () => {
      expect(rel(calinskiHarabasz(X, labels), set.calinskiHarabasz)).toBeLessThan(1e-9);
    });
    it(`daviesBouldin(X, labels) matches davies_bouldin_score on ${set.name}`, () => {
      expect(rel(daviesBouldin(X, labels), set.daviesBouldin)).toBeLessThan(1e-9);
    });
  }
});

function blobs(
  sizes: number[],
  d: number,
  spread: number,
  seed: number,
): { X: Matrix; labels: Int32Array } {
  const r = createRandom(seed);
  const n = sizes.reduce((a, b) => a + b, 0);
  const data = new Float64Array(n * d);
  const labels = new Int32Array(n);
  let i = 0;
  sizes.forEach((size, c) => {
    const center = Array.from({ length: d }, () => (r() - 0.5) * spread);
    for (let t = 0; t < size; t++, i++) {
      labels[i] = c;
      for (let j = 0; j < d; j++) data[i * d + j] = center[j]! + randomNormal(r);
    }
  });
  return { X: { data, rows: n, cols: d }, labels };
}

describe("silhouetteScore", () => {
  it("silhouetteScore(X, labels) on a hand-computed 1-D case", () => {
    // a(0)=1, b(0)=(10+11)/2=10.5 → s = 9.5/10.5; by symmetry all four points are alike in pairs.
    const r = silhouetteScore(fromRows([[0], [1], [10], [11]]), Int32Array.of(0, 0, 1, 1));
    const s0 = 9.5 / 10.5; // point 0 and point 3
    const s1 = (9.5 - 1) / 9.5; // point 1: a=1, b=(9+10)/2
    expect(r.mean).toBeCloseTo((2 * s0 + 2 * s1) / 4, 14);
  });

  it("silhouetteScore(X, labels, {threads}) gives the same bits for 1, 2 and 3 threads", () => {
    const { X, labels } = blobs([700, 500, 300], 12, 8, 3);
    const a = silhouetteScore(X, labels, { threads: 1 });
    const b = silhouetteScore(X, labels, { threads: 2 });
    const c = silhouetteScore(X, labels, { threads: 3 });
    expect(Buffer.from(b.perPoint.buffer).equals(Buffer.from(a.perPoint.buffer))).toBe(true);
    expect(Buffer.from(c.perPoint.buffer).equals(Buffer.from(a.perPoint.buffer))).toBe(true);
    expect(b.mean).toBe(a.mean);
  });

  it("silhouetteScore(X, labels, {sampleSize}) keeps 1–3 % segments and estimates the mean", () => {
    const { X, labels } = blobs([5000, 3000, 150, 80], 6, 30, 11);
    const exact = silhouetteScore(X, labels);
    const s = silhouetteScore(X, labels, { sampleSize: 1000, minPerCluster: 60, seed: 2 });
    expect(s.sampled).toBe(true);
    expect(s.sampleIndices).toBeDefined();
    expect(s.sampleSize).toBe(s.perPoint.length);
    expect(s.warnings).toEqual([messages.silhouetteSampled(s.sampleSize, X.rows)]);
    // a plain 1000-row uniform sample would hold ~18 and ~10 points of the small segments
    const evaluated = s.perCluster.map((c) => c.evaluated);
    expect(evaluated[2]).toBeGreaterThanOrEqual(60);
    expect(evaluated[3]).toBeGreaterThanOrEqual(60);
    expect(s.perCluster[3]!.mean).toBeGreaterThan(0.7);
    expect(Math.abs(s.mean - exact.mean)).toBeLessThan(0.02);
    // same seed, same sample
    const again = silhouetteScore(X, labels, { sampleSize: 1000, minPerCluster: 60, seed: 2 });
    expect(again.mean).toBe(s.mean);
  });

  it("silhouetteScore rejects bad input with the documented messages", () => {
    const X = fromRows([[0], [1], [2]]);
    expect(() => silhouetteScore(X, Int32Array.of(0, 0))).toThrow(messages.labelsLength(2, 3));
    expect(() => silhouetteScore(X, Int32Array.of(0, 0, 0))).toThrow(messages.labelCount(1, 3));
    expect(() => silhouetteScore(X, Int32Array.of(0, 1, 2))).toThrow(messages.labelCount(3, 3));
    expect(() => silhouetteScore(X, [0, -1, 1])).toThrow(messages.badLabel(1, -1));
    expect(() =>
      silhouetteScore({ data: new Float64Array(2), rows: 3, cols: 1 }, [0, 1, 1]),
    ).toThrow(messages.notMatrix("X"));
    expect(() => silhouetteScore(fromRows([[0], [NaN], [2]]), [0, 1, 1])).toThrow(
      messages.nonFinite("X", 1, 0, NaN),
    );
    expect(() => silhouetteScore(X, [0, 1, 1], { threads: 0 })).toThrow(messages.threads(0));
    expect(() => silhouetteScore(X, [0, 1, 1], { seed: 0.5 })).toThrow(messages.seed(0.5));
    expect(() => silhouetteScore(X, null as unknown as number[])).toThrow(messages.notLabels());
  });
});

describe("stratifiedSample", () => {
  it("stratifiedSample(labels, {sampleSize, minPerCluster}) allocates proportionally with a floor", () => {
    const labels = new Int32Array(1000);
    labels.fill(1, 900); // 900 × 0, 100 × 1
    const s = stratifiedSample(labels, { sampleSize: 100, minPerCluster: 30, seed: 1 });
    expect(s.sampledSizes).toEqual([90, 30]);
    expect(s.indices.length).toBe(120);
    expect(new Set(s.indices).size).toBe(120);
    expect([...s.indices].filter((i) => i >= 900).length).toBe(30);
    expect(() => stratifiedSample(labels, { sampleSize: 1 })).toThrow(messages.sampleSize(1));
    expect(() => stratifiedSample(labels, { sampleSize: 10, minPerCluster: 1 })).toThrow(
      messages.minPerCluster(1),
    );
  });
});

describe("calinskiHarabasz / daviesBouldin", () => {
  it("calinskiHarabasz(X, labels) and daviesBouldin(X, labels) on a hand-computed case", () => {
    const X = fromRows([[0], [1], [10], [11]]);
    // B = 2·5² + 2·5² = 100, W = 4·0.25 = 1 → (100/1)/(1/2) = 200
    expect(calinskiHarabasz(X, [0, 0, 1, 1])).toBeCloseTo(200, 12);
    // S = 0.5 each, M = 10 → (0.5+0.5)/10
    expect(daviesBouldin(X, [0, 0, 1, 1])).toBeCloseTo(0.1, 14);
    expect(calinskiHarabasz(fromRows([[0], [0], [1], [1]]), [0, 0, 1, 1])).toBe(1);
    expect(() => daviesBouldin(X, [0, 0, 0, 0])).toThrow(messages.labelCount(1, 4));
  });
});

describe("silhouetteScore properties (fast-check)", () => {
  it("silhouetteScore(X, labels) is invariant to renaming the labels and lies in [-1, 1]", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 6, max: 40 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        (n, d, seed) => {
          const r = createRandom(seed);
          const X: Matrix = {
            data: Float64Array.from({ length: n * d }, () => r()),
            rows: n,
            cols: d,
          };
          const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
          const renamed = labels.map((l) => [7, 2, 40][l]!);
          const a = silhouetteScore(X, labels, { threads: 1 });
          const b = silhouetteScore(X, renamed, { threads: 1 });
          expect(b.perPoint).toEqual(a.perPoint);
          for (const s of a.perPoint) {
            expect(s).toBeGreaterThanOrEqual(-1);
            expect(s).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
