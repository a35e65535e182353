import { kmeans as mlKMeans } from "ml-kmeans";
import { describe, expect, it } from "vitest";
import {
  adjustedRandIndex,
  fitKMeans,
  fitPredictKMeans,
  predictKMeans,
  transformKMeans,
} from "../../src/cluster/index.js";
import * as msg from "../../src/cluster/messages.js";
import { fromRows, toRows } from "../../src/matrix/matrix.js";
import { createRandom } from "../../src/matrix/random.js";
import { blobs } from "./helpers.js";

const six = fromRows([
  [1, 2],
  [1, 4],
  [1, 0],
  [10, 2],
  [10, 4],
  [10, 0],
]);

describe("fitKMeans", () => {
  it("fitKMeans(X, {k: 2}) finds the two hand-computed groups", () => {
    const { model, labels } = fitPredictKMeans(six, { k: 2, seed: 0 });
    expect(Array.from(labels)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(model.centroids).toEqual([
      [1, 2],
      [10, 2],
    ]);
    // Each group: squared distances 0 + 4 + 4 to its centre.
    expect(model.inertia).toBe(16);
    expect(model.sizes).toEqual([3, 3]);
    expect(model.converged).toBe(true);
    expect(model.nFeatures).toBe(2);
    expect(model.params).toEqual({
      k: 2,
      seed: 0,
      nInit: 3,
      maxIter: 300,
      tol: 1e-4,
      init: "k-means++",
      algorithm: "hamerly",
    });
  });

  it("fitKMeans(X, {sampleWeight, init}) reproduces scikit-learn's weighted toy (inertia 0.375)", () => {
    // scikit-learn test_k_means.py: weights 3,1,1,3, centres [0.125, 0] and [0.875, 1].
    const X = fromRows([
      [0, 0],
      [0.5, 0],
      [0.5, 1],
      [1, 1],
    ]);
    for (const algorithm of ["elkan", "hamerly", "lloyd"] as const) {
      const { model, labels } = fitPredictKMeans(X, {
        k: 2,
        init: [
          [0, 0],
          [1, 1],
        ],
        sampleWeight: Float64Array.of(3, 1, 1, 3),
        algorithm,
      });
      expect(Array.from(labels)).toEqual([0, 0, 1, 1]);
      expect(model.centroids).toEqual([
        [0.125, 0],
        [0.875, 1],
      ]);
      expect(model.inertia).toBeCloseTo(0.375, 14);
      expect(model.nIter).toBe(2);
      expect(model.params.init).toBe("given");
    }
  });

  it("fitKMeans(X, {k: 1}) returns the weighted mean and total sum of squares", () => {
    const X = fromRows([[0], [2], [10]]);
    const model = fitKMeans(X, { k: 1, sampleWeight: Float64Array.of(1, 1, 2) });
    expect(model.centroids).toEqual([[5.5]]);
    expect(model.inertia).toBeCloseTo(5.5 ** 2 + 3.5 ** 2 + 2 * 4.5 ** 2, 12);
  });

  it("fitKMeans(X, {k: n}) puts every distinct row in its own segment with inertia 0", () => {
    const model = fitKMeans(six, { k: 6, seed: 3 });
    expect(model.inertia).toBe(0);
    expect(model.sizes).toEqual([1, 1, 1, 1, 1, 1]);
    // Ties in size: ordered by first row, so centroids come back in row order.
    expect(model.centroids).toEqual(toRows(six));
  });

  it("fitKMeans(X, {init}) matches ml-kmeans from the same initial centres", () => {
    const { X } = blobs(600, 3, 4, 11, 2.5, 6);
    const rows = toRows(X);
    const init = [rows[0]!, rows[1]!, rows[2]!, rows[3]!];
    const ours = fitPredictKMeans(X, { k: 4, init, tol: 0 });
    const oracle = mlKMeans(rows, 4, { initialization: init, tolerance: 0, maxIterations: 1000 });
    expect(adjustedRandIndex(ours.labels, oracle.clusters)).toBe(1);
    // Same partition: map each oracle cluster to ours through one member row.
    for (let j = 0; j < 4; j++) {
      const member = oracle.clusters.indexOf(j);
      const ourId = ours.labels[member]!;
      const a = ours.model.centroids[ourId]!;
      const b = oracle.centroids[j]!;
      for (let f = 0; f < 3; f++) expect(a[f]).toBeCloseTo(b[f]!, 10);
    }
    expect(ours.model.converged).toBe(true);
  });

  it("fitKMeans(X, {k}) orders segment ids by descending size", () => {
    const X = fromRows([[0], [0.1], [50], [50.1], [50.2], [100]]);
    const { model, labels } = fitPredictKMeans(X, { k: 3, seed: 1 });
    expect(model.sizes).toEqual([3, 2, 1]);
    expect(Array.from(labels)).toEqual([1, 1, 0, 0, 0, 2]);
  });

  it("fitKMeans(X, {init}) re-seeds an empty cluster from the farthest row with a warning", () => {
    const X = fromRows([[0], [1], [2], [10]]);
    const { model, labels } = fitPredictKMeans(X, { k: 2, init: [[1], [1000]], tol: 0 });
    expect(model.warnings).toContain(msg.emptyClusterReseeded(1, 1, 3));
    expect(model.centroids).toEqual([[1], [10]]);
    expect(Array.from(labels)).toEqual([0, 0, 0, 1]);
    expect(model.inertia).toBe(2);
  });

  it("fitKMeans(X, {maxIter: 1}) reports non-convergence as a warning", () => {
    const { X } = blobs(500, 2, 5, 3, 4, 5);
    const model = fitKMeans(X, { k: 5, maxIter: 1, seed: 2 });
    expect(model.converged).toBe(false);
    expect(model.nIter).toBe(1);
    expect(model.warnings.some((w) => w.startsWith("k-means did not converge in maxIter=1"))).toBe(
      true,
    );
  });

  it("fitKMeans(X, {init: 'random', nInit}) keeps the lowest-inertia restart", () => {
    const { X } = blobs(400, 2, 6, 5, 1.5, 8);
    const multi = fitKMeans(X, { k: 6, init: "random", nInit: 8, seed: 4 });
    expect(multi.params.nInit).toBe(8);
    // Restart 0 draws from deriveSeed(seed, 0), exactly as a single run with the same seed.
    const single = fitKMeans(X, { k: 6, init: "random", nInit: 1, seed: 4 });
    expect(multi.inertia).toBeLessThanOrEqual(single.inertia);
    let worse = 0;
    for (let seed = 0; seed < 8; seed++)
      if (fitKMeans(X, { k: 6, init: "random", nInit: 1, seed }).inertia > multi.inertia + 1e-9)
        worse++;
    expect(worse).toBeGreaterThan(0);
    expect(fitKMeans(X, { k: 6, init: "random", seed: 4 }).params.nInit).toBe(10);
  });

  it("fitKMeans(X, {algorithm}) gives the same result with Elkan, Hamerly and plain Lloyd", () => {
    const { X } = blobs(3000, 5, 7, 8, 3, 6);
    const lloyd = fitPredictKMeans(X, { k: 7, seed: 9, algorithm: "lloyd", tol: 0 });
    for (const algorithm of ["elkan", "hamerly"] as const) {
      const fast = fitPredictKMeans(X, { k: 7, seed: 9, algorithm, tol: 0 });
      expect(fast.model.centroids).toEqual(lloyd.model.centroids);
      expect(Array.from(fast.labels)).toEqual(Array.from(lloyd.labels));
      expect(fast.model.nIter).toBe(lloyd.model.nIter);
      expect(fast.model.params.algorithm).toBe(algorithm);
    }
    // auto: Hamerly for the usual k.
    expect(fitKMeans(X, { k: 5 }).params.algorithm).toBe("hamerly");
  });

  it("fitKMeans(X, {k}) picks Elkan for k > 16 while k <= d and its bounds stay within 1M numbers", () => {
    const random = createRandom(3);
    const d = 20;
    const n = 58_824; // n × 17 = 1,000,008
    const data = Float64Array.from({ length: n * d }, () => random());
    const big = { data, rows: n, cols: d };
    const small = { data: data.subarray(0, (n - 1) * d), rows: n - 1, cols: d };
    expect(fitKMeans(big, { k: 17, maxIter: 1 }).params.algorithm).toBe("hamerly");
    expect(fitKMeans(small, { k: 17, maxIter: 1 }).params.algorithm).toBe("elkan");
    expect(fitKMeans(small, { k: 16, maxIter: 1 }).params.algorithm).toBe("hamerly");
    const narrow = { data: data.subarray(0, 1000 * 2), rows: 1000, cols: 2 };
    expect(fitKMeans(narrow, { k: 17, maxIter: 1 }).params.algorithm).toBe("hamerly");
  });

  it("fitKMeans(X, {k}) handles wide data (d = 120, loops not unrolled) like narrow data", () => {
    const { X, truth } = blobs(400, 120, 4, 17, 1, 2);
    const lloyd = fitPredictKMeans(X, { k: 4, seed: 2, algorithm: "lloyd", tol: 0 });
    const elkan = fitPredictKMeans(X, { k: 4, seed: 2, algorithm: "elkan", tol: 0 });
    expect(elkan.model.centroids).toEqual(lloyd.model.centroids);
    expect(Array.from(predictKMeans(elkan.model, X))).toEqual(Array.from(elkan.labels));
    expect(adjustedRandIndex(elkan.labels, truth)).toBe(1);
  });

  it("fitKMeans(X, {threads: 2}) gives the same model byte for byte as threads: 1", () => {
    const { X } = blobs(40_000, 6, 5, 21, 4, 5);
    const one = fitPredictKMeans(X, { k: 5, seed: 7, threads: 1 });
    const two = fitPredictKMeans(X, { k: 5, seed: 7, threads: 2 });
    expect(JSON.stringify(two.model)).toBe(JSON.stringify(one.model));
    expect(Buffer.from(two.labels.buffer).equals(Buffer.from(one.labels.buffer))).toBe(true);
    const shared = blobs(40_000, 6, 5, 21, 4, 5, true);
    const three = fitKMeans(shared.X, { k: 5, seed: 7, threads: 3 });
    expect(JSON.stringify(three)).toBe(JSON.stringify(one.model));
  });

  it("fitKMeans(X, {k}) recovers well-separated blobs (ARI 1)", () => {
    const { X, truth } = blobs(5000, 4, 6, 13, 0.5, 20);
    const { labels, model } = fitPredictKMeans(X, { k: 6, seed: 0, nInit: 3 });
    expect(adjustedRandIndex(labels, truth)).toBe(1);
    expect(model.converged).toBe(true);
  });
});

describe("fitKMeans errors", () => {
  it("fitKMeans(X, {k: 0}) throws a RangeError naming k and the limit", () => {
    expect(() => fitKMeans(six, { k: 0 })).toThrow(new RangeError(msg.notInteger("k", 0, 1)));
    expect(() => fitKMeans(six, { k: 1.5 })).toThrow(new RangeError(msg.notInteger("k", 1.5, 1)));
    expect(() => fitKMeans(six, { k: "2" as unknown as number })).toThrow(
      new TypeError(msg.notNumber("k", "2")),
    );
  });

  it("fitKMeans(X, {k}) throws when k exceeds the distinct rows", () => {
    const X = fromRows([
      [1, 1],
      [1, 1],
      [2, 2],
      [-0, 0],
      [0, 0],
    ]);
    expect(() => fitKMeans(X, { k: 4 })).toThrow(new RangeError(msg.kTooLarge(4, 3)));
    expect(fitKMeans(X, { k: 3 }).inertia).toBe(0);
    const w = Float64Array.of(1, 1, 0, 1, 1);
    expect(() => fitKMeans(X, { k: 3, sampleWeight: w })).toThrow(
      new RangeError(msg.kTooLarge(3, 2)),
    );
  });

  it("fitKMeans(X) throws on NaN or Infinity, naming the row and column", () => {
    const X = fromRows([
      [1, 2],
      [3, NaN],
    ]);
    expect(() => fitKMeans(X, { k: 1 })).toThrow(new RangeError(msg.nonFinite("X", 1, 1, NaN)));
    const Y = fromRows([
      [1, 2],
      [3, 4],
      [-Infinity, 0],
    ]);
    expect(() => fitKMeans(Y, { k: 1 })).toThrow(
      new RangeError(msg.nonFinite("X", 2, 0, -Infinity)),
    );
  });

  it("fitKMeans(X) throws on empty or malformed input", () => {
    expect(() => fitKMeans(fromRows([]), { k: 1 })).toThrow(
      new RangeError(msg.emptyMatrix("X", 0, 0)),
    );
    expect(() => fitKMeans({ data: new Float64Array(3), rows: 2, cols: 2 }, { k: 1 })).toThrow(
      new TypeError(msg.badMatrixShape("X", 3, 2, 2)),
    );
    expect(() => fitKMeans({ data: [1, 2], rows: 1, cols: 2 } as never, { k: 1 })).toThrow(
      new TypeError(msg.notAMatrix("X")),
    );
  });

  it("fitKMeans(X, {init}) throws on a wrong init shape or value", () => {
    expect(() => fitKMeans(six, { k: 2, init: [[1, 2]] })).toThrow(
      new TypeError(msg.badInitRows(1, 2)),
    );
    expect(() => fitKMeans(six, { k: 2, init: [[1, 2], [3]] })).toThrow(
      new TypeError(msg.badInitCols(1, 1, 2)),
    );
    expect(() => fitKMeans(six, { k: 1, init: [[1, NaN]] })).toThrow(
      new RangeError(msg.nonFiniteInit(0, 1, NaN)),
    );
    expect(() => fitKMeans(six, { k: 1, init: "farthest" as never })).toThrow(
      new TypeError(msg.badInit("farthest")),
    );
    const m = fitKMeans(six, { k: 1, init: [[0, 0]], nInit: 3 });
    expect(m.warnings).toEqual([msg.nInitIgnored(3)]);
    expect(m.params.nInit).toBe(1);
  });

  it("fitKMeans(X, options) throws on bad numeric options and weights", () => {
    expect(() => fitKMeans(six, { k: 2, nInit: 0 })).toThrow(
      new RangeError(msg.notInteger("nInit", 0, 1)),
    );
    expect(() => fitKMeans(six, { k: 2, maxIter: 0 })).toThrow(
      new RangeError(msg.notInteger("maxIter", 0, 1)),
    );
    expect(() => fitKMeans(six, { k: 2, threads: 0 })).toThrow(
      new RangeError(msg.notInteger("threads", 0, 1)),
    );
    expect(() => fitKMeans(six, { k: 2, tol: -1 })).toThrow(new RangeError(msg.badTol(-1)));
    expect(() => fitKMeans(six, { k: 2, algorithm: "yinyang" as never })).toThrow(
      new TypeError(msg.badAlgorithm("yinyang")),
    );
    expect(() => fitKMeans(six, { k: 2, sampleWeight: [1] as never })).toThrow(
      new TypeError(msg.badWeightType()),
    );
    expect(() => fitKMeans(six, { k: 2, sampleWeight: new Float64Array(2) })).toThrow(
      new TypeError(msg.badWeightLength(2, 6)),
    );
    expect(() =>
      fitKMeans(six, { k: 2, sampleWeight: Float64Array.of(1, 1, -1, 1, 1, 1) }),
    ).toThrow(new RangeError(msg.badWeight(2, -1)));
    expect(() => fitKMeans(six, { k: 2, sampleWeight: new Float64Array(6) })).toThrow(
      new RangeError(msg.zeroWeights()),
    );
  });
});

describe("predictKMeans / transformKMeans", () => {
  it("predictKMeans(model, X) assigns new rows to the nearest centroid", () => {
    const model = fitKMeans(six, { k: 2 });
    expect(
      Array.from(
        predictKMeans(
          model,
          fromRows([
            [0, 0],
            [9, 9],
            [5.6, 2],
          ]),
        ),
      ),
    ).toEqual([0, 1, 1]);
  });

  it("transformKMeans(model, X) returns Euclidean distances to every centroid", () => {
    const model = fitKMeans(six, { k: 2 });
    const t = transformKMeans(
      model,
      fromRows([
        [1, 5],
        [10, 2],
      ]),
    );
    expect(t.rows).toBe(2);
    expect(t.cols).toBe(2);
    expect(Array.from(t.data)).toEqual([3, Math.hypot(9, 3), 9, 0]);
  });

  it("predictKMeans(centres, X) takes the centres a segment model stores (no version, no nFeatures)", () => {
    const centres = {
      kind: "kmeans" as const,
      centroids: [
        [1, 2],
        [10, 2],
      ],
    };
    expect(
      Array.from(
        predictKMeans(
          centres,
          fromRows([
            [0, 0],
            [9, 9],
          ]),
        ),
      ),
    ).toEqual([0, 1]);
    expect(() => predictKMeans(centres, fromRows([[1, 2, 3]]))).toThrow(
      new TypeError(msg.featureMismatch(3, 2)),
    );
    expect(() => predictKMeans({ ...centres, version: 2 as 1 }, six)).toThrow(
      new TypeError(msg.notAModel({ kind: "kmeans" })),
    );
  });

  it("predictKMeans(model, X) throws on a bad model or a column mismatch", () => {
    const model = fitKMeans(six, { k: 2 });
    expect(() => predictKMeans(model, fromRows([[1, 2, 3]]))).toThrow(
      new TypeError(msg.featureMismatch(3, 2)),
    );
    expect(() => transformKMeans({ kind: "pca" } as never, six)).toThrow(
      new TypeError(msg.notAModel({ kind: "pca" })),
    );
    expect(() => predictKMeans(model, fromRows([[1, Infinity]]))).toThrow(
      new RangeError(msg.nonFinite("X", 0, 1, Infinity)),
    );
  });
});
