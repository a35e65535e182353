import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adjustedRandIndex } from "../../src/cluster/index.js";
import * as msg from "../../src/cluster/messages.js";

describe("adjustedRandIndex", () => {
  it("adjustedRandIndex(a, b) is 1 for the same partition under renaming", () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [5, 5, -1, -1, 7])).toBe(1);
  });

  it("adjustedRandIndex(a, b) matches hand-computed values (scikit-learn's examples)", () => {
    // sklearn docs: adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1]) == -0.5
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
    // adjusted_rand_score([0, 0, 1, 2], [0, 0, 1, 1]) == 0.5714285714285715
    expect(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(0.5714285714285715, 12);
    // adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) == 0.5714285714285715 (symmetric)
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.5714285714285715, 12);
    // Everything in one cluster vs every row alone: 0.
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
  });

  it("adjustedRandIndex(a, b) follows scikit-learn's special cases", () => {
    expect(adjustedRandIndex([], [])).toBe(1);
    expect(adjustedRandIndex([3, 3, 3], [1, 1, 1])).toBe(1);
    expect(adjustedRandIndex([0, 1, 2], [2, 0, 1])).toBe(1);
  });

  it("adjustedRandIndex(a, b) is symmetric and at most 1", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), {
          minLength: 2,
          maxLength: 50,
        }),
        (pairs) => {
          const a = pairs.map((p) => p[0]);
          const b = pairs.map((p) => p[1]);
          const ab = adjustedRandIndex(a, b);
          expect(ab).toBeLessThanOrEqual(1 + 1e-12);
          expect(Math.abs(ab - adjustedRandIndex(b, a))).toBeLessThan(1e-12);
        },
      ),
      { seed: 6 },
    );
  });

  it("adjustedRandIndex(a, b) throws on different lengths or non-integer labels", () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(
      new TypeError(msg.labelLengthMismatch(2, 1)),
    );
    expect(() => adjustedRandIndex([0, 0.5], [0, 1])).toThrow(
      new TypeError(msg.badLabel("a", 1, 0.5)),
    );
    expect(() => adjustedRandIndex([0, 1], [NaN, 1])).toThrow(
      new TypeError(msg.badLabel("b", 0, NaN)),
    );
  });
});
