import { describe, expect, it } from "vitest";
import { findKnee } from "../../src/select/index.js";
import { messages } from "../../src/select/messages.js";

describe("findKnee", () => {
  it("findKnee(x, y) finds the bend of a convex decreasing curve", () => {
    // Normalised: x = 0, .2, .4, .6, .8, 1; 1 − y = 0, .667, .889, .944, .978, 1;
    // D = 0, .467, .489, .344, .178, 0 → maximum at x = 3, and D drops below .489 − .2 right after.
    const r = findKnee([1, 2, 3, 4, 5, 6], [100, 40, 20, 15, 12, 10]);
    expect(r.knee).toBe(3);
    expect(r.index).toBe(2);
    expect(r.difference[2]).toBeCloseTo(0.4888888888888889, 12);
  });

  it("findKnee(x, y, {shape: 'concave-increasing'}) finds the bend of a gain curve", () => {
    expect(
      findKnee([1, 2, 3, 4, 5, 6], [0, 60, 80, 85, 88, 90], { shape: "concave-increasing" }).knee,
    ).toBe(3);
  });

  it("findKnee(x, y) returns null on a straight line and on a flat curve", () => {
    expect(findKnee([1, 2, 3, 4], [4, 3, 2, 1]).knee).toBeNull();
    expect(findKnee([1, 2, 3], [5, 5, 5])).toEqual({
      knee: null,
      index: -1,
      difference: [0, 0, 0],
    });
  });

  it("findKnee(x, y, {sensitivity}) with a large S declares no knee", () => {
    expect(
      findKnee([1, 2, 3, 4, 5, 6], [100, 40, 20, 15, 12, 10], { sensitivity: 10 }).knee,
    ).toBeNull();
  });

  it("findKnee rejects bad curves with the documented messages", () => {
    expect(() => findKnee([1, 2], [1, 2, 3])).toThrow(messages.curveLengths(2, 3));
    expect(() => findKnee([1, 2], [1, 2])).toThrow(messages.curveTooShort(2));
    expect(() => findKnee([1, 3, 2], [1, 2, 3])).toThrow(messages.curveNotIncreasing(2));
    expect(() => findKnee([1, 2, 3], [1, NaN, 3])).toThrow(messages.curveNonFinite("y", 1, NaN));
    expect(() => findKnee([1, 2, Infinity], [1, 2, 3])).toThrow(
      messages.curveNonFinite("x", 2, Infinity),
    );
    expect(() => findKnee([1, 2, 3], [3, 2, 1], { sensitivity: -1 })).toThrow(
      messages.sensitivity(-1),
    );
  });
});
