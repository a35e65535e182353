import fc from "fast-check";
import { PCA } from "ml-pca";
import { describe, expect, it } from "vitest";
import { fromRows, type Matrix } from "../../src/matrix/matrix.js";
import { createRandom, randomNormal } from "../../src/matrix/random.js";
import { fitPCA, inverseTransformPCA, transformPCA } from "../../src/reduce/index.js";
import * as msg from "../../src/reduce/messages.js";

/** n rows of correlated Gaussian data with large means (to exercise the shifted sums). */
function correlated(n: number, d: number, seed: number, offset = 1000): number[][] {
  const r = createRandom(seed);
  const mix = Array.from({ length: d }, () => Array.from({ length: d }, () => randomNormal(r)));
  return Array.from({ length: n }, () => {
    const z = Array.from({ length: d }, (_, j) => randomNormal(r) * (d - j));
    return mix.map((row, a) => offset * (a + 1) + row.reduce((s, m, b) => s + m * z[b]!, 0));
  });
}

/** Column variances with the n − 1 denominator. */
function variances(m: Matrix): number[] {
  return Array.from({ length: m.cols }, (_, j) => {
    let s = 0;
    for (let i = 0; i < m.rows; i++) s += m.data[i * m.cols + j]!;
    const mean = s / m.rows;
    let ss = 0;
    for (let i = 0; i < m.rows; i++) ss += (m.data[i * m.cols + j]! - mean) ** 2;
    return ss / (m.rows - 1);
  });
}

describe("fitPCA", () => {
  it("fitPCA(X) finds the direction of a 2-D line by hand", () => {
    // Points on y = x: all variance along (1, 1)/√2. Mean (1, 1); scores −√2, 0, √2 → variance 2.
    const m = fitPCA(
      fromRows([
        [0, 0],
        [1, 1],
        [2, 2],
      ]),
      { featureNames: ["a", "b"] },
    );
    expect(m.mean).toEqual([1, 1]);
    expect(m.components[0]![0]).toBeCloseTo(Math.SQRT1_2, 14);
    expect(m.components[0]![1]).toBeCloseTo(Math.SQRT1_2, 14);
    expect(m.explainedVariance[0]).toBeCloseTo(2, 14);
    expect(m.explainedVariance[1]).toBeCloseTo(0, 14);
    expect(m.explainedVarianceRatio[0]).toBeCloseTo(1, 14);
    expect(m.totalVariance).toBe(2);
    expect(m.singularValues[0]).toBeCloseTo(2, 14); // √(2 · (3 − 1))
    expect(m.warnings).toEqual([msg.rankDeficient(2, 1)]);
    expect(m.loadings.slice(0, 2).map((l) => [l.component, l.feature])).toEqual([
      [0, "a"],
      [0, "b"],
    ]);
    // loading = component × √variance = (1/√2)·√2 = 1: the covariance of the feature with the score.
    expect(m.loadings[0]!.value).toBeCloseTo(1, 14);
    const y = transformPCA(
      m,
      fromRows([
        [2, 2],
        [0, 0],
      ]),
    );
    expect(y.data[0]).toBeCloseTo(Math.SQRT2, 14);
    expect(y.data[2]).toBeCloseTo(-Math.SQRT2, 14);
  });

  it("fitPCA(X) agrees with ml-pca: same components up to sign, same explained variance", () => {
    const rows = correlated(400, 6, 7);
    const ours = fitPCA(fromRows(rows));
    const oracle = new PCA(rows);
    const ev = oracle.getEigenvalues();
    const ratio = oracle.getExplainedVariance();
    const U = oracle.getEigenvectors().transpose().to2DArray();
    ours.explainedVariance.forEach((v, c) => {
      expect(v).toBeCloseTo(ev[c]!, 6);
      expect(ours.explainedVarianceRatio[c]).toBeCloseTo(ratio[c]!, 12);
      const dot = ours.components[c]!.reduce((s, x, j) => s + x * U[c]![j]!, 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 10);
    });
    const ourScores = transformPCA(ours, fromRows(rows.slice(0, 5)));
    const theirScores = oracle.predict(rows.slice(0, 5)).to2DArray();
    for (let i = 0; i < 5; i++)
      for (let c = 0; c < 6; c++) {
        const sign = Math.sign(ours.components[c]!.reduce((s, x, j) => s + x * U[c]![j]!, 0));
        expect(ourScores.data[i * 6 + c]).toBeCloseTo(sign * theirScores[i]![c]!, 8);
      }
  });

  it("fitPCA(X) makes each component's largest-|value| entry positive", () => {
    const m = fitPCA(fromRows(correlated(200, 5, 3)));
    for (const comp of m.components) {
      const big = comp.reduce((b, x, j) => (Math.abs(x) > Math.abs(comp[b]!) ? j : b), 0);
      expect(comp[big]).toBeGreaterThan(0);
    }
    const flipped = fitPCA(fromRows(correlated(200, 5, 3).map((r) => r.map((x) => -x))));
    expect(flipped.components).toEqual(m.components);
  });

  it("fitPCA(X) stays accurate when the means dwarf the spread", () => {
    const r = createRandom(5);
    const rows = Array.from({ length: 2000 }, () => {
      const a = randomNormal(r);
      return [1e8 + a, 1e8 - a + 0.01 * randomNormal(r)];
    });
    const m = fitPCA(fromRows(rows));
    const oracle = new PCA(rows);
    expect(m.explainedVariance[0]).toBeCloseTo(oracle.getEigenvalues()[0]!, 6);
    expect(m.explainedVariance[1]! / oracle.getEigenvalues()[1]!).toBeCloseTo(1, 6);
  });

  it("inverseTransformPCA(model, transformPCA(model, X)) returns X when every component is kept", () => {
    const X = fromRows(correlated(100, 4, 11));
    for (const whiten of [false, true]) {
      const m = fitPCA(X, { whiten });
      const back = inverseTransformPCA(m, transformPCA(m, X));
      Array.from(back.data).forEach((v, i) => expect(v).toBeCloseTo(X.data[i]!, 6));
    }
  });

  it("inverseTransformPCA(model, Y) with fewer components gives the projection onto them", () => {
    const X = fromRows(correlated(100, 4, 11));
    const m = fitPCA(X, { nComponents: 2 });
    const P = inverseTransformPCA(m, transformPCA(m, X));
    // Projecting the projection again changes nothing.
    const P2 = inverseTransformPCA(m, transformPCA(m, P));
    Array.from(P2.data).forEach((v, i) => expect(v).toBeCloseTo(P.data[i]!, 6));
  });

  it("fitPCA(X, {varianceToKeep}) keeps the fewest components reaching the share", () => {
    const X = fromRows(correlated(300, 6, 2));
    const full = fitPCA(X);
    const cum = full.explainedVarianceRatio.map((_, c, a) =>
      a.slice(0, c + 1).reduce((s, x) => s + x, 0),
    );
    for (const v of [0.5, 0.8, 0.9, 0.99, 1]) {
      const want = cum.findIndex((x) => x >= v) + 1 || 6;
      const m = fitPCA(X, { varianceToKeep: v });
      expect(m.params.nComponents).toBe(want);
      expect(m.components).toHaveLength(want);
      expect(m.params.varianceToKeep).toBe(v);
    }
    // Just above and just below a cumulative share.
    expect(fitPCA(X, { varianceToKeep: cum[1]! }).params.nComponents).toBe(2);
    expect(fitPCA(X, { varianceToKeep: cum[1]! + 1e-9 }).params.nComponents).toBe(3);
  });

  it("fitPCA(X, {whiten: true}) gives scores of unit variance", () => {
    const X = fromRows(correlated(500, 5, 4));
    const m = fitPCA(X, { whiten: true, nComponents: 3 });
    for (const v of variances(transformPCA(m, X))) expect(v).toBeCloseTo(1, 10);
    const plain = fitPCA(X, { nComponents: 3 });
    variances(transformPCA(plain, X)).forEach((v, c) =>
      expect(v).toBeCloseTo(plain.explainedVariance[c]!, 6),
    );
  });

  it("fitPCA(X) survives a JSON round trip exactly", () => {
    const m = fitPCA(fromRows(correlated(100, 5, 9)), {
      nComponents: 3,
      whiten: true,
      featureNames: ["a", "b", "c", "d", "e"],
    });
    const copy = JSON.parse(JSON.stringify(m));
    expect(copy).toEqual(m);
    const X = fromRows(correlated(10, 5, 10));
    expect(Array.from(transformPCA(copy, X).data)).toEqual(Array.from(transformPCA(m, X).data));
  });

  it("fitPCA(X) is the same for the same data and does not depend on row order (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 40 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer(),
        (n, d, seed) => {
          const rows = correlated(n, d, seed, 10);
          const a = fitPCA(fromRows(rows));
          expect(fitPCA(fromRows(rows))).toEqual(a);
          const b = fitPCA(fromRows([...rows].reverse()));
          a.explainedVariance.forEach((v, c) =>
            expect(Math.abs(v - b.explainedVariance[c]!)).toBeLessThan(
              1e-7 * (1 + a.totalVariance),
            ),
          );
        },
      ),
      { numRuns: 50, seed: 1 },
    );
  });

  it("fitPCA handles blocks of rows and odd widths (n = 1300, d = 7) like ml-pca", () => {
    const rows = correlated(1300, 7, 21, 3);
    const ours = fitPCA(fromRows(rows));
    const ev = new PCA(rows).getEigenvalues();
    ours.explainedVariance.forEach((v, c) => expect(v / ev[c]!).toBeCloseTo(1, 9));
  });
});

describe("fitPCA errors", () => {
  const X = fromRows([
    [1, 2, 3],
    [4, 5, 6],
    [7, 8, 10],
  ]);

  it("fitPCA rejects nComponents outside [1, min(rows, cols)]", () => {
    expect(() => fitPCA(X, { nComponents: 4 })).toThrow(
      new RangeError("nComponents=4 should be an integer >= 1 and <= min(rows=3, cols=3)=3"),
    );
    expect(() => fitPCA(X, { nComponents: 0 })).toThrow(
      new RangeError(msg.badNComponents(0, 3, 3)),
    );
    expect(() => fitPCA(X, { nComponents: 1.5 })).toThrow(RangeError);
  });

  it("fitPCA names the row, column and feature of a NaN or an infinity", () => {
    const bad = fromRows([
      [1, 2],
      [3, NaN],
      [5, 6],
    ]);
    expect(() => fitPCA(bad, { featureNames: ["visits", "revenue"] })).toThrow(
      new RangeError(
        `X has NaN at row 1, column 1 ("revenue"): PCA needs finite numbers (impute missing values first)`,
      ),
    );
    expect(() =>
      fitPCA(
        fromRows([
          [1, 2],
          [3, 4],
          [Infinity, 6],
        ]),
      ),
    ).toThrow(new RangeError(msg.notFinite("X", Infinity, 2, 0, "x0")));
    const m = fitPCA(X);
    expect(() => transformPCA(m, fromRows([[1, NaN, 3]]))).toThrow(
      new RangeError(msg.notFinite("X", NaN, 0, 1, "x1")),
    );
  });

  it("fitPCA rejects finite values whose squares overflow", () => {
    expect(() => fitPCA(fromRows([[1e200], [-1e200], [0]]))).toThrow(
      new RangeError(msg.overflow()),
    );
  });

  it("fitPCA rejects bad options and shapes", () => {
    expect(() => fitPCA(X, { nComponents: 2, varianceToKeep: 0.9 })).toThrow(
      new TypeError("give either nComponents or varianceToKeep, not both"),
    );
    expect(() => fitPCA(X, { varianceToKeep: 0 })).toThrow(
      new RangeError("varianceToKeep=0 should be in (0, 1]"),
    );
    expect(() => fitPCA(X, { varianceToKeep: 1.2 })).toThrow(
      new RangeError(msg.badVarianceToKeep(1.2)),
    );
    expect(() => fitPCA(fromRows([[1, 2]]))).toThrow(
      new RangeError("PCA needs at least 2 rows, got rows=1"),
    );
    expect(() => fitPCA({ data: new Float64Array(0), rows: 3, cols: 0 })).toThrow(
      new RangeError(msg.noColumns()),
    );
    expect(() => fitPCA(X, { featureNames: ["a"] })).toThrow(
      new TypeError("featureNames has 1 names, X has cols=3"),
    );
    expect(() => fitPCA({ data: new Float64Array(5), rows: 2, cols: 3 })).toThrow(
      new TypeError(msg.notAMatrix("X")),
    );
  });

  it("transformPCA and inverseTransformPCA reject widths that do not fit the model", () => {
    const m = fitPCA(X, { nComponents: 2 });
    expect(() => transformPCA(m, fromRows([[1, 2]]))).toThrow(
      new TypeError("X has cols=2, the PCA model expects 3 (features)"),
    );
    expect(() => inverseTransformPCA(m, fromRows([[1, 2, 3]]))).toThrow(
      new TypeError(msg.badWidth("Y", 3, 2, "components")),
    );
    expect(() => inverseTransformPCA(m, fromRows([[1, NaN]]))).toThrow(
      new RangeError(msg.notFinite("Y", NaN, 0, 1, "PC2")),
    );
    expect(() => transformPCA({ ...m, kind: "kmeans" } as unknown as typeof m, X)).toThrow(
      new TypeError(`expected a PCA model (kind "pca", version 1), got kind "kmeans" version 1`),
    );
  });

  it("fitPCA(X, {whiten}) warns about a zero-variance component instead of dividing by 0", () => {
    const m = fitPCA(
      fromRows([
        [0, 0],
        [1, 1],
        [2, 2],
      ]),
      { whiten: true },
    );
    expect(m.warnings).toEqual([msg.rankDeficient(2, 1), msg.whitenZeroVariance(1)]);
    expect(m.warnings[1]).toBe("component 1 has zero variance: it is not whitened (divided by 1)");
    expect(Array.from(transformPCA(m, fromRows([[1, 1]])).data).every(Number.isFinite)).toBe(true);
  });
});

describe("fitPCA on preprocessed features", () => {
  it("fitPCA(featureMatrix) takes the feature names for its loadings", () => {
    const X = {
      ...fromRows([
        [0, 1],
        [1, 0],
        [2, 2],
      ]),
      ids: ["a", "b", "c"],
      featureNames: ["visits", "days"],
    };
    const m = fitPCA(X);
    expect(m.featureNames).toEqual(["visits", "days"]);
    expect(m.loadings.map((l) => l.feature)).toEqual(["visits", "days", "visits", "days"]);
    expect(fitPCA(X, { featureNames: ["p", "q"] }).featureNames).toEqual(["p", "q"]);
  });
});
