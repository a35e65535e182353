import { describe, expect, it } from "vitest";
import { flagAtypical } from "../../src/persona/index.js";
import * as msg from "../../src/persona/messages.js";

describe("flagAtypical", () => {
  it("flagAtypical(distances, labels, {percentile}) uses a per-segment type-7 percentile", () => {
    // Segment 0: 1..10 → 0.9 quantile = 9.1, flags 10. Segment 1: 1,1,1,100 → 0.9 quantile = 70.3, flags 100.
    const d = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 1, 1, 100]);
    const l = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    const a = flagAtypical(d, l, { percentile: 0.9 });
    expect(a.thresholds[0]).toBeCloseTo(9.1, 12);
    expect(a.thresholds[1]).toBeCloseTo(70.3, 12);
    expect([...a.flags]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(a.countPerSegment).toEqual([1, 1]);
    expect(a.count).toBe(2);
    expect(a.scope).toBe("segment");
  });

  it("flagAtypical(distances, labels, {scope: 'global'}) uses one threshold for all segments", () => {
    const d = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 1, 1, 100]);
    const l = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    const a = flagAtypical(d, l, { percentile: 0.9, scope: "global", k: 3 });
    // Sorted: 1,1,1,1,2,…,10,100; h = 13·0.9 = 11.7 → 9 + 0.7·1 = 9.7.
    expect(a.thresholds[0]).toBeCloseTo(9.7, 12);
    expect(a.thresholds).toEqual([a.thresholds[0], a.thresholds[0], a.thresholds[0]]);
    expect(a.countPerSegment).toEqual([1, 1, 0]);
  });

  it("flagAtypical(distances, labels) flags about 1 % at the default 0.99", () => {
    const d = Float64Array.from({ length: 1000 }, (_, i) => i);
    const a = flagAtypical(d, new Int32Array(1000));
    expect(a.percentile).toBe(0.99);
    expect(a.count).toBe(10);
  });

  it("flagAtypical(distances, labels, options) rejects bad input with messages naming the value", () => {
    expect(() => flagAtypical([1], [0], { percentile: 1 })).toThrow(
      new RangeError(msg.badPercentile(1)),
    );
    expect(() => flagAtypical([1, 2], [0])).toThrow(new TypeError(msg.lengthMismatch(2, 1)));
    expect(() => flagAtypical([1, -2], [0, 0])).toThrow(new RangeError(msg.badDistance(1, -2)));
    expect(() => flagAtypical([1, NaN], [0, 0])).toThrow(new RangeError(msg.badDistance(1, NaN)));
    expect(() => flagAtypical([1, 2], [0, -1])).toThrow(new RangeError(msg.badLabel(1, -1)));
  });
});
