import { describe, expect, it } from "vitest";
import {
  formatRecommendation,
  NO_STRUCTURE,
  recommendK,
  scanK,
  type KScanRow,
  type KScanTable,
} from "../../src/select/index.js";
import { messages } from "../../src/select/messages.js";
import { blobs, classic, uniform } from "./datasets.js";

const scanOptions = { seed: 1, gap: { B: 10 }, stability: { B: 10 } };

describe("recommendK on data with known classes (standardised)", () => {
  for (const name of ["iris", "wine", "seeds", "penguins"] as const) {
    it(`recommendK(scanK(${name})) finds the true class count or names it as a runner-up`, () => {
      const { X, classes } = classic(name);
      const rec = recommendK(scanK(X, scanOptions));
      expect(rec.verdict).toBe("structure");
      const ks = [rec.k, ...rec.runnersUp.map((r) => r.k)];
      expect(ks).toContain(classes);
      expect(rec.reasons[0]).toMatch(new RegExp(`^k = ${rec.k}: `));
    });
  }

  it("recommendK(scanK(wine)) picks 3 with the evidence in plain words", () => {
    const rec = recommendK(scanK(classic("wine").X, scanOptions));
    expect(rec.k).toBe(3);
    expect(rec.reasons[0]).toContain("silhouette peaks at 3");
    expect(rec.reasons[0]).toContain("gap's first-SE rule picks 3");
    expect(rec.reasons[0]).toContain("every segment's stability ≥ 0.8");
  });
});

describe("recommendK says when there is no structure", () => {
  it("recommendK(scanK(uniform noise)) says 'no clear segment structure'", () => {
    const rec = recommendK(scanK(uniform(500, 5, 1), scanOptions));
    expect(rec.k).toBeNull();
    expect(rec.verdict).toBe("no clear segment structure");
    expect(rec.reasons[0]!.startsWith(NO_STRUCTURE)).toBe(true);
    expect(formatRecommendation(rec).split("\n")[0]).toBe("Verdict: no clear segment structure");
  });

  it("recommendK(scanK(2-D uniform square)) says 'no clear segment structure' although quadrants are stable", () => {
    const rec = recommendK(scanK(uniform(500, 2, 2), scanOptions));
    expect(rec.verdict).toBe(NO_STRUCTURE);
    expect(rec.reasons[0]).toMatch(/gap's .*rules? picks? k = 1/);
  });

  for (const d of [2, 6]) {
    it(`recommendK(scanK(one Gaussian blob in ${d}-D)) says 'no clear segment structure'`, () => {
      const { X } = blobs([500], d, 0, 3 + d);
      const rec = recommendK(scanK(X, scanOptions));
      expect(rec.k).toBeNull();
      expect(rec.verdict).toBe(NO_STRUCTURE);
    });
  }
});

describe("recommendK on planted segments", () => {
  it("recommendK(scanK(5 planted blobs)) recommends 5", () => {
    const { X } = blobs([300, 250, 200, 150, 100], 8, 14, 12);
    const rec = recommendK(scanK(X, scanOptions));
    expect(rec.k).toBe(5);
    expect(rec.table.find((t) => t.k === 5)!.eligible).toBe(true);
    expect(formatRecommendation(rec).split("\n")[0]).toBe("Recommended k = 5");
  });
});

/** A hand-made scan table: k = 4 is best, k = 5 adds a 1.4 % segment, k = 6 is unstable. */
function table(): KScanTable {
  const row = (k: number, sil: number, share: number, stab: number, gap: number): KScanRow => ({
    k,
    inertia: 100 / k,
    knee: k === 4,
    silhouette: sil,
    silhouetteSampleSize: 1000,
    silhouetteSampled: false,
    calinskiHarabasz: k === 4 ? 900 : 500,
    daviesBouldin: k === 4 ? 0.5 : 1,
    sizes: [],
    smallestShare: share,
    gap,
    gapSk: 0.01,
    stability: [],
    minStability: stab,
  });
  return {
    kind: "kscan",
    version: 1,
    params: {
      kRange: [2, 9],
      seed: 0,
      nInit: 3,
      fitSampleSize: 20000,
      silhouetteSampleSize: 5000,
      minPerCluster: 100,
      gap: { B: 10, sampleSize: 2000, reference: "pca", nInit: 1 },
      stability: { B: 20, sampleSize: 4000, nInit: 1 },
    },
    rows: 1000,
    cols: 5,
    knee: 4,
    rowsByK: [
      row(2, 0.4, 0.4, 0.9, 0.5),
      row(3, 0.45, 0.2, 0.86, 0.6),
      row(4, 0.6, 0.1, 0.83, 0.8),
      row(5, 0.62, 0.014, 0.8, 0.79),
      row(6, 0.5, 0.05, 0.55, 0.78),
      row(9, 0.5, 0.05, 0.9, 0.7),
    ],
    gap: {
      k: [1, 2, 3, 4, 5, 6],
      gap: [0, 0.5, 0.6, 0.8, 0.79, 0.78],
      sk: [0.01, 0.01, 0.01, 0.01, 0.01, 0.01],
      firstSEmax: 4,
      tibs2001SEmax: 4,
      B: 10,
      reference: "pca",
      rows: 1000,
    },
    warnings: [],
  };
}

describe("recommendK reasons", () => {
  it("recommendK(table) explains the pick, the floor and the runner-up in plain words", () => {
    const rec = recommendK(table());
    expect(rec.k).toBe(4);
    expect(rec.reasons[0]).toBe(
      "k = 4: the highest silhouette among eligible k (0.60), gap's first-SE rule picks 4, Calinski–Harabasz peaks at 4, Davies–Bouldin is lowest at 4, the inertia curve bends at 4, every segment's stability ≥ 0.83, smallest segment 10.0 %",
    );
    expect(rec.reasons[1]).toBe("k = 5 adds a 1.4 % segment below the 2 % floor");
    expect(rec.reasons[2]).toBe(
      "k = 5 has the highest silhouette but a 1.4 % segment below the 2 % floor",
    );
    expect(rec.runnersUp.map((r) => r.k)).toEqual([3, 2]);
    const t6 = rec.table.find((t) => t.k === 6)!;
    expect(t6.issues).toEqual(["a segment with stability 0.55 (< 0.75)"]);
    const t9 = rec.table.find((t) => t.k === 9)!;
    expect(t9.issues).toEqual(["more than the 8-segment limit"]);
    expect(JSON.parse(JSON.stringify(rec))).toEqual(rec);
    const text = formatRecommendation(rec);
    expect(text).toContain("Runners-up:");
    expect(text).toMatch(/\n\s*4\s+0\.600 .*knee\s+<- recommended/);
  });

  it("recommendK(table, {minSegmentShare, maxSegments}) respects the team's limits", () => {
    expect(recommendK(table(), { minSegmentShare: 0.01 }).k).toBe(4);
    expect(recommendK(table(), { minSegmentShare: 0.15 }).k).toBe(3);
    expect(recommendK(table(), { maxSegments: 3, minSegmentShare: 0.15 }).k).toBe(3);
    const none = recommendK(table(), { minSegmentShare: 0.5 });
    expect(none.verdict).toBe(NO_STRUCTURE);
    expect(none.reasons[0]).toContain("no k from 2 to 9 has at most 8 segments");
  });

  it("recommendK rejects bad options with the documented messages", () => {
    expect(() => recommendK(table(), { minSegmentShare: 2 })).toThrow(
      messages.share("minSegmentShare", 2),
    );
    expect(() => recommendK(table(), { maxSegments: 1 })).toThrow(messages.maxSegments(1));
    expect(() => recommendK({ ...table(), rowsByK: [] })).toThrow(messages.emptyScan());
  });
});
