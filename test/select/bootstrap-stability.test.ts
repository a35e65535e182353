import { describe, expect, it } from "vitest";
import { fitKMeans } from "../../src/cluster/index.js";
import { bootstrapStability, readStability } from "../../src/select/index.js";
import { messages } from "../../src/select/messages.js";
import { blobs, uniform } from "./datasets.js";

describe("readStability", () => {
  it("readStability(j) follows Hennig's reading at the boundaries", () => {
    expect(readStability(0.59)).toBe("not trustworthy");
    expect(readStability(0.6)).toBe("a pattern");
    expect(readStability(0.749)).toBe("a pattern");
    expect(readStability(0.75)).toBe("stable");
    expect(readStability(0.85)).toBe("highly stable");
  });
});

describe("bootstrapStability", () => {
  it("bootstrapStability(X, {k, B}) finds separated blobs highly stable", () => {
    const { X } = blobs([150, 100, 50], 3, 30, 3);
    const r = bootstrapStability(X, { k: 3, B: 10, seed: 1 });
    expect(r.B).toBe(10);
    expect(r.perSegment.map((s) => s.segment)).toEqual([0, 1, 2]);
    for (const s of r.perSegment) {
      expect(s.meanJaccard).toBeGreaterThan(0.95);
      expect(s.reading).toBe("highly stable");
      expect(s.recovered).toBe(10);
      expect(s.dissolved).toBe(0);
    }
  });

  it("bootstrapStability(X, {model}) is aligned to the model's segment ids", () => {
    const { X } = blobs([150, 100, 20], 3, 30, 3);
    const model = fitKMeans(X, { k: 3, seed: 4 });
    const r = bootstrapStability(X, { model, B: 5, seed: 1 });
    expect(r.k).toBe(3);
    // segment ids are ordered by size: the 20-point blob is segment 2 and still stable
    expect(model.sizes).toEqual([150, 100, 20]);
    expect(r.perSegment[2]!.meanJaccard).toBeGreaterThan(0.9);
  });

  it("bootstrapStability(X, {k}) finds splits of uniform noise not trustworthy", () => {
    const r = bootstrapStability(uniform(400, 6, 5), { k: 5, B: 10, seed: 2 });
    const min = Math.min(...r.perSegment.map((s) => s.meanJaccard));
    expect(min).toBeLessThan(0.6);
    expect(r.perSegment.some((s) => s.reading === "not trustworthy")).toBe(true);
  });

  it("bootstrapStability(X, {labels}) uses given labels; same seed gives the same result", () => {
    const { X, labels } = blobs([60, 60], 2, 30, 9);
    const a = bootstrapStability(X, { labels, B: 4, seed: 7 });
    expect(a.k).toBe(2);
    expect(bootstrapStability(X, { labels, B: 4, seed: 7 })).toEqual(a);
  });

  it("bootstrapStability rejects bad options with the documented messages", () => {
    const { X } = blobs([10, 10], 2, 30, 9);
    expect(() => bootstrapStability(X, {})).toThrow(messages.k(NaN, 20));
    expect(() => bootstrapStability(X, { k: 2, B: 0 })).toThrow(messages.B("B", 0));
    const model = fitKMeans(X, { k: 2 });
    expect(() => bootstrapStability(X, { model, k: 3 })).toThrow(messages.modelK(2, 3));
    const { X: X3 } = blobs([10, 10], 3, 30, 9);
    expect(() => bootstrapStability(X3, { model })).toThrow(messages.modelFeatures(2, 3));
    expect(() => bootstrapStability(X, { labels: new Int32Array(3) })).toThrow(
      messages.labelsLength(3, 20),
    );
  });
});
