import { describe, expect, it } from "vitest";
import { fromRows } from "../../src/matrix/matrix.js";
import { createRandom } from "../../src/matrix/random.js";
import { createGapReference, gapRule, gapStatistic } from "../../src/select/index.js";
import { messages } from "../../src/select/messages.js";
import { blobs, uniform } from "./datasets.js";

describe("gapRule (R's cluster::maxSE)", () => {
  it("gapRule(gap, sk, 'firstSEmax') takes the smallest k within one SE of the first local maximum", () => {
    // first local max at k = 3 (0.55 → 0.4 decreases); Gap(2) = 0.5 ≥ 0.55 − 0.1 → 2
    expect(gapRule([0.1, 0.5, 0.55, 0.4], [0.1, 0.1, 0.1, 0.1], "firstSEmax")).toBe(2);
    // with SE 0.01, Gap(2) = 0.5 < 0.54 → 3
    expect(gapRule([0.1, 0.5, 0.55, 0.4], [0.01, 0.01, 0.01, 0.01], "firstSEmax")).toBe(3);
    // increasing throughout: K
    expect(gapRule([0.1, 0.2, 0.3], [0, 0, 0], "firstSEmax")).toBe(3);
    // seFactor widens the band: Gap(1) = 0.1 ≥ 0.55 − 5 · 0.1
    expect(gapRule([0.1, 0.5, 0.55, 0.4], [0.1, 0.1, 0.1, 0.1], "firstSEmax", 5)).toBe(1);
  });

  it("gapRule(gap, sk, 'Tibs2001SEmax') takes the smallest k with Gap(k) ≥ Gap(k+1) − s(k+1)", () => {
    // k=1: 0.1 ≥ 0.5 − 0.1? no; k=2: 0.5 ≥ 0.55 − 0.1 = 0.45 → 2
    expect(gapRule([0.1, 0.5, 0.55, 0.4], [0.1, 0.1, 0.1, 0.1], "Tibs2001SEmax")).toBe(2);
    expect(gapRule([0.1, 0.2, 0.3], [0, 0, 0], "Tibs2001SEmax")).toBe(3);
    // a global later maximum does not matter: the first k passing the test wins
    expect(gapRule([0.5, 0.45, 0.9], [0.1, 0.1, 0.1], "Tibs2001SEmax")).toBe(1);
  });

  it("gapRule rejects bad input with the documented messages", () => {
    expect(() => gapRule([1, 2], [1], "firstSEmax")).toThrow(messages.seLengths(2, 1));
    expect(() => gapRule([1], [1], "globalmax" as "firstSEmax")).toThrow(
      messages.gapMethod("globalmax"),
    );
  });
});

describe("createGapReference", () => {
  it("createGapReference(X, 'box') draws inside the bounding box", () => {
    const X = fromRows([
      [0, 10],
      [1, 12],
      [0.5, 11],
    ]);
    const Z = createGapReference(X, "box")(createRandom(3));
    expect(Z.rows).toBe(3);
    for (let i = 0; i < 3; i++) {
      expect(Z.data[i * 2]!).toBeGreaterThanOrEqual(0);
      expect(Z.data[i * 2]!).toBeLessThanOrEqual(1);
      expect(Z.data[i * 2 + 1]!).toBeGreaterThanOrEqual(10);
      expect(Z.data[i * 2 + 1]!).toBeLessThanOrEqual(12);
    }
  });

  it("createGapReference(X, 'pca') draws along the data's principal axis", () => {
    // points on the line y = x: the PCA box is a segment of that line (zero width across it)
    const X = fromRows([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    const Z = createGapReference(X, "pca")(createRandom(5));
    for (let i = 0; i < Z.rows; i++) {
      expect(Z.data[i * 2]!).toBeCloseTo(Z.data[i * 2 + 1]!, 10);
      expect(Z.data[i * 2]!).toBeGreaterThanOrEqual(-1e-9);
      expect(Z.data[i * 2]!).toBeLessThanOrEqual(3 + 1e-9);
    }
    expect(() => createGapReference(X, "ball" as "box")).toThrow(messages.reference("ball"));
  });
});

describe("gapStatistic", () => {
  it("gapStatistic(X, {kMax}) picks the planted k on separated blobs", () => {
    const { X } = blobs([120, 100, 80], 4, 20, 7);
    const g = gapStatistic(X, { kMax: 6, B: 10, seed: 1 });
    expect(g.firstSEmax).toBe(3);
    expect(g.tibs2001SEmax).toBe(3);
    expect(g.kBest).toBe(3);
    expect(g.k).toEqual([1, 2, 3, 4, 5, 6]);
    expect(g.gap[2]!).toBeGreaterThan(g.gap[0]!);
    // same seed, same result
    expect(gapStatistic(X, { kMax: 6, B: 10, seed: 1 })).toEqual(g);
  });

  it("gapStatistic(X) picks k = 1 on uniform noise with both references", () => {
    const X = uniform(300, 3, 4);
    const pca = gapStatistic(X, { kMax: 5, B: 10, seed: 2 });
    expect(pca.reference).toBe("pca");
    expect(pca.firstSEmax).toBe(1);
    expect(pca.tibs2001SEmax).toBe(1);
    const box = gapStatistic(X, {
      kMax: 5,
      B: 10,
      seed: 2,
      reference: "box",
      method: "Tibs2001SEmax",
    });
    expect(box.reference).toBe("box");
    expect(box.kBest).toBe(1);
    // noise: no gap is more than 2 SE above Gap(1)
    for (let k = 1; k < 5; k++) expect(box.gap[k]! - box.gap[0]!).toBeLessThan(2 * box.sk[k]!);
  });

  it("gapStatistic rejects bad options with the documented messages", () => {
    const X = uniform(20, 2, 1);
    expect(() => gapStatistic(X, { kMax: 0 })).toThrow(messages.kMax(0, 20));
    expect(() => gapStatistic(X, { kMax: 3, B: 1 })).toThrow(messages.B("B", 1));
    expect(() => gapStatistic(X, { kMax: 3, nInit: 0 })).toThrow(messages.nInit(0));
    expect(() => gapStatistic(X, { kMax: 3, method: "x" as "firstSEmax" })).toThrow(
      messages.gapMethod("x"),
    );
  });
});
