import { describe, expect, it } from "vitest";
import { predictKMeans } from "../../src/cluster/index.js";
import { scanK, toScanTable } from "../../src/select/index.js";
import { messages } from "../../src/select/messages.js";
import { blobs } from "./datasets.js";

describe("scanK", () => {
  const { X } = blobs([200, 150, 100, 50], 4, 24, 21);
  const scan = scanK(X, { kRange: [2, 7], seed: 3, gap: { B: 5 }, stability: { B: 5 } });

  it("scanK(X, {kRange}) measures every k and marks the planted k", () => {
    expect(scan.rowsByK.map((r) => r.k)).toEqual([2, 3, 4, 5, 6, 7]);
    const at = (k: number) => scan.rowsByK.find((r) => r.k === k)!;
    const sil = scan.rowsByK.map((r) => r.silhouette);
    expect(Math.max(...sil)).toBe(at(4).silhouette);
    // the knee is at 3 here: the 50-point blob adds little inertia reduction (Kneedle is a weak vote)
    expect(scan.knee).toBe(3);
    expect(at(3).knee).toBe(true);
    expect(at(4).smallestShare).toBeCloseTo(50 / 500, 12);
    expect(at(4).minStability!).toBeGreaterThanOrEqual(0.75);
    expect(scan.gap!.firstSEmax).toBe(4);
    expect(scan.gap!.k).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(at(4).gap).toBe(scan.gap!.gap[3]);
    // inertia does not increase with k
    for (let t = 1; t < scan.rowsByK.length; t++)
      expect(scan.rowsByK[t]!.inertia).toBeLessThanOrEqual(scan.rowsByK[t - 1]!.inertia);
  });

  it("scanK returns the fitted models and labels so the caller does not refit", () => {
    scan.models.forEach((m, t) => {
      expect(m.centroids.length).toBe(scan.rowsByK[t]!.k);
      expect(predictKMeans(m, X)).toEqual(scan.labels[t]);
      expect(scan.silhouettes[t]!.perPoint.length).toBe(500);
    });
  });

  it("toScanTable(scan) is plain JSON without models, labels or per-point values", () => {
    const table = toScanTable(scan);
    expect(Object.keys(table)).not.toContain("models");
    expect(Object.keys(table)).not.toContain("labels");
    expect(JSON.parse(JSON.stringify(table))).toEqual(table);
    expect(table.rowsByK).toEqual(scan.rowsByK);
  });

  it("scanK(X, {seed}) gives the same scan for the same seed", () => {
    const again = scanK(X, { kRange: [2, 7], seed: 3, gap: { B: 5 }, stability: { B: 5 } });
    expect(toScanTable(again)).toEqual(toScanTable(scan));
  });

  it("scanK(X, {silhouetteSampleSize, fitSampleSize}) samples and keeps 1–3 % segments visible", () => {
    // 2 % and 1 % segments, far from the rest
    const { X: Y } = blobs([2000, 1500, 73, 37], 5, 40, 5);
    const s = scanK(Y, {
      kRange: [3, 5],
      seed: 1,
      silhouetteSampleSize: 600,
      minPerCluster: 30,
      fitSampleSize: 1500,
      gap: false,
      stability: false,
    });
    const row = s.rowsByK.find((r) => r.k === 4)!;
    expect(row.silhouetteSampled).toBe(true);
    expect(row.silhouetteSampleSize).toBeGreaterThanOrEqual(600);
    expect(row.silhouetteSampleSize).toBeLessThan(700);
    expect(row.sizes).toEqual([2000, 1500, 73, 37]);
    const sil = s.silhouettes[1]!;
    expect(sil.perCluster[3]!.evaluated).toBe(30);
    expect(sil.perCluster[3]!.mean).toBeGreaterThan(0.8);
    expect(s.gap).toBeUndefined();
    expect(row.stability).toBeUndefined();
  });

  it("scanK(X, {onProgress}) reports every step", () => {
    const steps: string[] = [];
    const { X: Y } = blobs([30, 30], 2, 20, 1);
    scanK(Y, {
      kRange: [2, 3],
      gap: { B: 2 },
      stability: { B: 2 },
      onProgress: (d, t, s) => steps.push(`${d}/${t} ${s}`),
    });
    expect(steps).toEqual([
      "1/5 k = 2",
      "2/5 k = 3",
      "3/5 gap statistic",
      "4/5 stability k = 2",
      "5/5 stability k = 3",
    ]);
  });

  it("scanK rejects bad options with the documented messages", () => {
    const { X: Y } = blobs([5, 5], 2, 20, 1);
    expect(() => scanK(Y, { kRange: [1, 3] })).toThrow(messages.kRange(1, 3, 10));
    expect(() => scanK(Y, { kRange: [2, 10] })).toThrow(messages.kRange(2, 10, 10));
    expect(() => scanK(Y, { kRange: [2, 3], nInit: 0 })).toThrow(messages.nInit(0));
    expect(() => scanK(Y, { kRange: [2, 3], gap: { B: 1 } })).toThrow(messages.B("gap.B", 1));
    expect(() => scanK(Y, { kRange: [2, 3], stability: { sampleSize: 5 } })).toThrow(
      messages.subsample("stability.sampleSize", 5),
    );
  });
});
