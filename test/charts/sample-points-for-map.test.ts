import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chartMessages, samplePointsForMap, sampleRowsForMap } from "../../src/charts/index.js";

const make = (sizes: number[]) =>
  sizes.flatMap((n, segmentId) =>
    Array.from({ length: n }, (_, i) => ({ segmentId, i: segmentId * 100_000 + i })),
  );

describe("samplePointsForMap", () => {
  it("samplePointsForMap(points, max, seed) keeps each segment's share (largest remainder)", () => {
    const pts = make([600, 300, 100]);
    const s = samplePointsForMap(pts, 100, 1);
    expect(s).toHaveLength(100);
    const count = (id: number) => s.filter((p) => p.segmentId === id).length;
    expect([count(0), count(1), count(2)]).toEqual([60, 30, 10]);
  });

  it("samplePointsForMap(points, max, seed) keeps at least one point of a tiny segment", () => {
    const s = samplePointsForMap(make([995, 5]), 10, 3);
    expect(s).toHaveLength(10);
    expect(s.filter((p) => p.segmentId === 1)).toHaveLength(1);
  });

  it("samplePointsForMap(points, max, seed) is deterministic, seed-dependent and keeps input order", () => {
    const pts = make([500, 500]);
    const a = samplePointsForMap(pts, 50, 42);
    expect(samplePointsForMap(pts, 50, 42)).toEqual(a);
    expect(samplePointsForMap(pts, 50, 43)).not.toEqual(a);
    const idx = a.map((p) => pts.indexOf(p));
    expect(idx).toEqual([...idx].sort((x, y) => x - y));
  });

  it("samplePointsForMap(points, max, seed) returns a copy when there are at most max points", () => {
    const pts = make([3, 2]);
    const s = samplePointsForMap(pts, 5, 1);
    expect(s).toEqual(pts);
    expect(s).not.toBe(pts);
  });

  it("samplePointsForMap(points, max, seed) rejects a bad max", () => {
    expect(() => samplePointsForMap([], 0, 1)).toThrow(
      new RangeError(chartMessages.invalidMaxPoints(0)),
    );
    expect(() => samplePointsForMap([], 2.5, 1)).toThrow(
      new RangeError(chartMessages.invalidMaxPoints(2.5)),
    );
  });

  it("samplePointsForMap(points, max, seed): a subset of at most max distinct points, every segment kept when max allows", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer(),
        (sizes, max, seed) => {
          const pts = make(sizes);
          const s = samplePointsForMap(pts, max, seed);
          expect(s.length).toBe(Math.min(max, pts.length));
          expect(new Set(s).size).toBe(s.length);
          for (const p of s) expect(pts).toContain(p);
          const nonEmpty = sizes.filter((n) => n > 0).length;
          if (max >= nonEmpty) {
            const kept = new Set(s.map((p) => p.segmentId));
            expect(kept.size).toBe(nonEmpty);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("sampleRowsForMap", () => {
  it("sampleRowsForMap(segmentIds, max, seed) keeps exactly the rows samplePointsForMap keeps, ascending", () => {
    const ids = Int32Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 13 === 0 ? 3 : i % 4));
    const pts = Array.from(ids, (segmentId, row) => ({ row, segmentId }));
    const rows = sampleRowsForMap(ids, 300, 9);
    expect(Array.from(rows)).toEqual(samplePointsForMap(pts, 300, 9).map((p) => p.row));
    expect(rows.length).toBe(300);
    expect(Array.from(sampleRowsForMap(ids.subarray(0, 5), 10, 1))).toEqual([0, 1, 2, 3, 4]);
    expect(() => sampleRowsForMap(ids, 0, 1)).toThrow(chartMessages.invalidMaxPoints(0));
  });
});
