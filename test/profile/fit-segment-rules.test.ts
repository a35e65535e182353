import { describe, expect, it } from "vitest";
import { fitSegmentRules } from "../../src/profile/index.js";
import { readableThreshold } from "../../src/profile/cart.js";
import * as msg from "../../src/profile/messages.js";
import { createRandom } from "../../src/matrix/random.js";
import { makeTable } from "./helpers.js";

/** 3 segments: x < 3 → 0; x ≥ 3 and y < 5 → 1; else 2 (x, y integers 0..9 with noise columns). */
function toy(n: number) {
  const rnd = createRandom(7);
  const x: number[] = [];
  const y: number[] = [];
  const z: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = Math.floor(rnd() * 10);
    const yi = Math.floor(rnd() * 10);
    x.push(xi);
    y.push(yi);
    z.push(rnd());
    labels.push(xi < 3 ? 0 : yi < 5 ? 1 : 2);
  }
  return {
    table: makeTable({
      noise: ["table", "", z],
      active_days_per_week: ["frequency", "days/week", x],
      distinct_events: ["breadth", "events", y],
    }),
    labels: Int32Array.from(labels),
  };
}

describe("fitSegmentRules", () => {
  it("fitSegmentRules(table, labels) recovers a separable toy with fidelity 1 and readable thresholds", () => {
    const { table, labels } = toy(300);
    const r = fitSegmentRules(table, labels);
    expect(r.fidelity).toBe(1);
    expect(r.rules.map((x) => x.text)).toEqual([
      "active_days_per_week < 3",
      "active_days_per_week ≥ 3 AND distinct_events < 5",
      "active_days_per_week ≥ 3 AND distinct_events ≥ 5",
    ]);
    expect(r.rules[1]!.conditions).toEqual([
      [
        { feature: "active_days_per_week", op: ">=", value: 3 },
        { feature: "distinct_events", op: "<", value: 5 },
      ],
    ]);
    for (const rule of r.rules) {
      expect(rule.coverage).toBe(1);
      expect(rule.precision).toBe(1);
    }
    expect(r.rules.reduce((a, b) => a + b.matched, 0)).toBe(300);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("fitSegmentRules(table, labels, {depth: 1}) measures coverage, precision and fidelity of a too-shallow tree", () => {
    const { table, labels } = toy(300);
    const r = fitSegmentRules(table, labels, { depth: 1 });
    const counts = [0, 0, 0];
    for (const l of labels) counts[l]!++;
    // Depth 1 separates segment 0; the right side predicts the larger of segments 1 and 2.
    const big = counts[1]! >= counts[2]! ? 1 : 2;
    const small = 3 - big;
    expect(r.fidelity).toBeCloseTo((counts[0]! + counts[big]!) / 300, 12);
    expect(r.rules[big]!.precision).toBeCloseTo(counts[big]! / (counts[1]! + counts[2]!), 12);
    expect(r.rules[small]!.conditions).toEqual([]);
    expect(r.rules[small]!.coverage).toBe(0);
    expect(r.rules[small]!.precision).toBeNull();
    expect(r.warnings).toEqual([msg.segmentsWithoutRule([small], 1)]);
  });

  it("fitSegmentRules(table, labels) is deterministic and independent of row order up to ties", () => {
    const { table, labels } = toy(200);
    expect(JSON.stringify(fitSegmentRules(table, labels))).toBe(
      JSON.stringify(fitSegmentRules(table, labels)),
    );
  });

  it("fitSegmentRules(table, labels) reads missing values as the median and says so", () => {
    const t = makeTable({ a: ["table", "", [1, 2, NaN, 10, 11, 12]] });
    const r = fitSegmentRules(t, [0, 0, 0, 1, 1, 1], { minLeaf: 1, depth: 1 });
    expect(r.missingAs).toEqual([{ feature: "a", value: 10 }]);
    expect(r.warnings).toEqual([msg.missingAsMedian(["a"])]);
    expect(r.rules[1]!.text).toBe("a ≥ 6");
    expect(r.fidelity).toBeCloseTo(5 / 6, 12);
  });

  it("readableThreshold(lo, hi) picks the fewest significant digits inside (lo, hi]", () => {
    expect(readableThreshold(3.2, 4.9)).toBe(4);
    expect(readableThreshold(8, 9)).toBe(9);
    expect(readableThreshold(1234.5, 1236.7)).toBe(1236);
    expect(readableThreshold(0.0312, 0.0315)).toBe(0.0314);
    expect(readableThreshold(-2, -1)).toBe(-1);
    expect(readableThreshold(-0.5, 0.5)).toBe(0);
    expect(readableThreshold(1, 1 + Number.EPSILON)).toBe(1 + Number.EPSILON);
  });

  it("fitSegmentRules(table, labels, options) rejects bad options with messages naming the value", () => {
    const { table, labels } = toy(20);
    expect(() => fitSegmentRules(table, labels, { depth: 0 })).toThrow(
      new RangeError(msg.badDepth(0)),
    );
    expect(() => fitSegmentRules(table, labels, { minLeaf: 0 })).toThrow(
      new RangeError(msg.badMinLeaf(0)),
    );
    expect(() => fitSegmentRules(table, labels, { features: ["nope"] })).toThrow(
      new RangeError(msg.unknownFeature("nope", table.featureNames)),
    );
    expect(() => fitSegmentRules(table, [0])).toThrow(
      new TypeError(msg.labelsLengthMismatch(1, 20)),
    );
  });
});
