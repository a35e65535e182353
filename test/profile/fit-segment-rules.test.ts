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
    expect(() => fitSegmentRules(table, labels, { sampleSize: 1 })).toThrow(
      new RangeError(msg.badSampleSize(1)),
    );
  });
});

/** Does a user (row i of the table) satisfy an OR of ANDs of conditions? */
function matches(
  table: ReturnType<typeof toy>["table"],
  conditions: { feature: string; op: "<" | ">="; value: number }[][],
  i: number,
): boolean {
  return conditions.some((path) =>
    path.every((c) => {
      const v = table.columns[table.featureNames.indexOf(c.feature)]![i]!;
      return c.op === "<" ? v < c.value : v >= c.value;
    }),
  );
}

describe("fitSegmentRules on a sample", () => {
  it("fitSegmentRules(table, labels, {sampleSize}) fits on a stratified sample and measures coverage, precision and fidelity on every user", () => {
    const { table, labels } = toy(3000);
    // 10 % of the labels flipped: the rules cannot be perfect, so the measurement matters.
    const rnd = createRandom(3);
    const noisy = labels.map((l) => (rnd() < 0.1 ? (l + 1) % 3 : l));
    const exclude = Uint8Array.from({ length: 3000 }, (_, i) => (i % 50 === 0 ? 1 : 0));
    const r = fitSegmentRules(table, noisy, { sampleSize: 600, exclude, seed: 5 });
    expect(r.n).toBe(3000 - 60);
    expect(r.fittedOn).toBe(600);
    expect(r.params.sampleSize).toBe(600);
    expect(r.params.minLeaf).toBe(6);
    // Recompute every measure by applying the rules' conditions to all kept users.
    let agree = 0;
    const size = [0, 0, 0];
    const matched = [0, 0, 0];
    const hits = [0, 0, 0];
    for (let i = 0; i < 3000; i++) {
      if (exclude[i] === 1) continue;
      const rule = r.rules.find((x) => matches(table, x.conditions, i))!;
      size[noisy[i]!]!++;
      matched[rule.segment]!++;
      if (rule.segment === noisy[i]) {
        agree++;
        hits[rule.segment]!++;
      }
    }
    expect(r.fidelity).toBe(agree / 2940);
    expect(r.rules.map((x) => x.matched)).toEqual(matched);
    expect(r.rules.map((x) => x.coverage)).toEqual(hits.map((h, s) => h / size[s]!));
    expect(r.rules.map((x) => x.precision)).toEqual(hits.map((h, s) => h / matched[s]!));
    // The planted structure is found from the sample: x < 3, then y < 5.
    expect(r.rules[0]!.text).toBe("active_days_per_week < 3");
    expect(r.fidelity).toBeGreaterThan(0.85);
    // Below the sample size every kept user is fitted on.
    expect(fitSegmentRules(table, noisy, { exclude }).fittedOn).toBe(2940);
  });

  it("fitSegmentRules(table, labels) on 200,000 users: rules fitted on the default 50,000-user sample are within 1 point of fidelity of rules fitted on everyone", () => {
    // Nearest-centre labels of 8 centres in 6 dimensions (the partition k-means gives), which
    // axis-parallel rules of depth 3 can only approximate.
    const n = 200_000;
    const d = 6;
    const rnd = createRandom(11);
    const centres = Array.from({ length: 8 }, () => Array.from({ length: d }, () => 4 * rnd()));
    const cols = Array.from({ length: d }, () => new Float64Array(n));
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = centres[Math.floor(rnd() * 8)]!;
      for (let j = 0; j < d; j++) cols[j]![i] = c[j]! + gaussian(rnd);
      let best = 0;
      let bestD = Infinity;
      centres.forEach((m, s) => {
        let dist = 0;
        for (let j = 0; j < d; j++) dist += (cols[j]![i]! - m[j]!) ** 2;
        if (dist < bestD) [best, bestD] = [s, dist];
      });
      labels[i] = best;
    }
    const table = {
      ids: Array.from({ length: n }, (_, i) => `u${i}`),
      features: cols.map((_, j) => ({
        name: `f${j}`,
        family: "table" as const,
        unit: "",
        description: "",
      })),
      featureNames: cols.map((_, j) => `f${j}`),
      columns: cols,
      attributes: [],
    };
    const sampled = fitSegmentRules(table, labels);
    const all = fitSegmentRules(table, labels, { sampleSize: n });
    expect([sampled.fittedOn, sampled.n, all.fittedOn, all.n]).toEqual([50_000, n, n, n]);
    expect(all.fidelity).toBeGreaterThan(0.5);
    expect(all.fidelity).toBeLessThan(0.99);
    expect(Math.abs(sampled.fidelity - all.fidelity)).toBeLessThanOrEqual(0.01);
  });
});

/** A standard normal draw (Box–Muller). */
function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}
