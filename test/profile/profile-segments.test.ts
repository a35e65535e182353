import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { profileSegments, type ColumnStats } from "../../src/profile/index.js";
import { columnStats } from "../../src/profile/stats.js";
import * as msg from "../../src/profile/messages.js";
import { makeTable } from "./helpers.js";

const table = makeTable(
  { x: ["activity", "events", [1, 2, 3, 4, 10, 20]], y: ["table", "", [5, 5, 5, 5, 5, 5]] },
  { plan: ["free", "free", "free", "pro", "pro", "pro"] },
);
const labels = Int32Array.from([0, 0, 0, 0, 1, 1]);

describe("profileSegments", () => {
  it("profileSegments(table, labels) gives hand-computed sizes, quartiles and population stats", () => {
    const p = profileSegments(table, labels);
    expect(p.k).toBe(2);
    expect(p.segments.map((s) => [s.size, s.share])).toEqual([
      [4, 4 / 6],
      [2, 2 / 6],
    ]);
    const x0 = p.segments[0]!.features[0]!;
    expect(x0.segment.mean).toBe(2.5);
    expect(x0.segment.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    // Type-7 quantiles: h = (n − 1)p.
    expect([x0.segment.q1, x0.segment.median, x0.segment.q3]).toEqual([1.75, 2.5, 3.25]);
    expect([x0.population.q1, x0.population.median, x0.population.q3]).toEqual([2.25, 3.5, 8.5]);
    expect(x0.population.mean).toBeCloseTo(40 / 6, 12);
    const x1 = p.segments[1]!.features[0]!;
    expect([
      x1.segment.min,
      x1.segment.q1,
      x1.segment.median,
      x1.segment.q3,
      x1.segment.max,
    ]).toEqual([10, 12.5, 15, 17.5, 20]);
  });

  it("profileSegments(table, labels) computes Cohen's d with the pooled SD and the lift", () => {
    const p = profileSegments(table, labels);
    const pooled = Math.sqrt((5 + 50) / 4);
    expect(p.segments[0]!.features[0]!.effectSize).toBeCloseTo(-12.5 / pooled, 12);
    expect(p.segments[1]!.features[0]!.effectSize).toBeCloseTo(12.5 / pooled, 12);
    expect(p.segments[0]!.features[0]!.lift).toBeCloseTo(2.5 / (40 / 6), 12);
    expect(p.segments[1]!.features[0]!.lift).toBeCloseTo(15 / (40 / 6), 12);
    // A constant feature has no effect.
    expect(p.segments[0]!.features[1]!.effectSize).toBe(0);
    expect(p.segments[0]!.features[1]!.lift).toBe(1);
  });

  it("profileSegments(table, labels) falls back to the population SD when the pooled SD is 0", () => {
    const t = makeTable({ flag: ["table", "", [0, 0, 1, 1]] });
    const p = profileSegments(t, [0, 0, 1, 1]);
    const popSd = Math.sqrt(1 / 3);
    expect(p.segments[1]!.features[0]!.effectSize).toBeCloseTo(1 / popSd, 12);
  });

  it("profileSegments(table, labels) gives the attribute mix with Cohen's h and ranks traits", () => {
    const p = profileSegments(table, labels);
    const plan1 = p.segments[1]!.attributes[0]!;
    expect(plan1.name).toBe("plan");
    expect(plan1.levels.map((l) => l.level)).toEqual(["free", "pro"]);
    const pro = plan1.levels[1]!;
    expect([pro.count, pro.share, pro.populationShare, pro.lift]).toEqual([2, 1, 0.5, 2]);
    expect(pro.effectSize).toBeCloseTo(Math.PI - Math.PI / 3, 12);
    const t = p.segments[1]!.traits;
    expect(t.map((x) => [x.kind, x.name, x.level, x.direction])).toEqual([
      ["feature", "x", null, "higher"],
      ["attribute", "plan", "pro", "higher"],
    ]);
    expect(p.segments[0]!.traits[0]!.direction).toBe("lower");
  });

  it("profileSegments(table, labels, {outcomes, attributes}) summarises binary, numeric and categorical outcomes", () => {
    const p = profileSegments(table, labels, {
      attributes: [{ name: "country", values: ["DE", "DE", null, "FR", "FR", "FR"] }],
      outcomes: [
        { name: "churned", values: Float64Array.from([1, 1, 0, 0, 0, 0]) },
        { name: "revenue", values: Float64Array.from([NaN, 2, 4, 6, 10, 30]) },
        { name: "tier", values: ["a", "b", "a", "b", "a", "a"] },
      ],
    });
    const [churn, revenue, tier] = p.segments[0]!.outcomes;
    expect([churn!.kind, churn!.value, churn!.populationValue]).toEqual(["binary", 0.5, 1 / 3]);
    expect(churn!.effectSize).toBeCloseTo(2 * Math.asin(Math.sqrt(0.5)), 12);
    expect([revenue!.kind, revenue!.value, revenue!.populationValue]).toEqual([
      "numeric",
      4,
      52 / 5,
    ]);
    expect(tier!.kind).toBe("categorical");
    expect(tier!.levels.map((l) => [l.level, l.share])).toEqual([
      ["a", 0.5],
      ["b", 0.5],
    ]);
    const country = p.segments[0]!.attributes[1]!;
    expect(country.levels.map((l) => [l.level, l.count])).toEqual([
      ["FR", 1],
      ["DE", 2],
      ["(missing)", 1],
    ]);
  });

  it("profileSegments(table, labels, {exclude}) leaves excluded users out of the statistics but not the size", () => {
    const p = profileSegments(table, labels, { exclude: Uint8Array.from([0, 0, 0, 0, 0, 1]) });
    expect(p.segments[1]!.size).toBe(2);
    expect(p.segments[1]!.excluded).toBe(1);
    expect(p.excluded).toBe(1);
    expect(p.segments[1]!.features[0]!.segment.mean).toBe(10);
    expect(p.segments[1]!.features[0]!.population.mean).toBe(4);
  });

  it("profileSegments(table, labels) ignores missing feature values and round-trips through JSON", () => {
    const t = makeTable({ x: ["value", "currency", [1, NaN, 3, 5]] });
    const p = profileSegments(t, [0, 0, 1, 1]);
    expect(p.segments[0]!.features[0]!.segment).toMatchObject({ n: 1, missing: 1, mean: 1, sd: 0 });
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it("profileSegments(table, labels) rejects bad labels and columns with messages naming the value", () => {
    expect(() => profileSegments(table, [0, 1])).toThrow(
      new TypeError(msg.labelsLengthMismatch(2, 6)),
    );
    expect(() => profileSegments(table, [0, 0, 0, -1, 1, 1])).toThrow(
      new RangeError(msg.badLabel(3, -1)),
    );
    expect(() => profileSegments(table, [0, 0, 0, 0.5, 1, 1])).toThrow(
      new RangeError(msg.badLabel(3, 0.5)),
    );
    expect(() =>
      profileSegments(table, labels, { attributes: [{ name: "os", values: ["a"] }] }),
    ).toThrow(new TypeError(msg.columnLengthMismatch("attribute", "os", 1, 6)));
    expect(() =>
      profileSegments(table, labels, {
        outcomes: [{ name: "churn", values: new Float64Array(2) }],
      }),
    ).toThrow(new TypeError(msg.columnLengthMismatch("outcome", "churn", 2, 6)));
    expect(() => profileSegments(table, labels, { exclude: new Uint8Array(6).fill(1) })).toThrow(
      new RangeError(msg.noUsers()),
    );
    expect(() => profileSegments(table, labels, { exclude: new Uint8Array(3) })).toThrow(
      new TypeError(msg.columnLengthMismatch("mask", "exclude", 3, 6)),
    );
  });
});

describe("profileSegments (one sort per column)", () => {
  it("profileSegments(table, labels, {exclude}) equals columnStats of each segment's and the population's values (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(
          fc.record({
            label: fc.integer({ min: 0, max: 4 }),
            // Few distinct values (ties), some missing.
            x: fc.oneof(
              fc.constant(NaN),
              fc.integer({ min: -3, max: 3 }),
              fc.double({ min: -1e3, max: 1e3, noNaN: true }),
            ),
            out: fc.boolean(),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        (kMin, rows) => {
          const labels = rows.map((r) => r.label);
          const exclude = Uint8Array.from(rows, (r, i) => (r.out && i > 0 ? 1 : 0));
          const t = makeTable({ x: ["table", "", rows.map((r) => r.x)] });
          const p = profileSegments(t, labels, { exclude, k: kMin });
          const kept = (i: number) => exclude[i] === 0;
          const oracle = (keep: (i: number) => boolean) =>
            columnStats(Float64Array.from(rows.map((r) => r.x).filter((_, i) => keep(i))));
          const check = (got: ColumnStats, want: ColumnStats) => {
            expect([got.n, got.missing, got.min, got.q1, got.median, got.q3, got.max]).toEqual([
              want.n,
              want.missing,
              want.min,
              want.q1,
              want.median,
              want.q3,
              want.max,
            ]);
            if (want.mean === null) expect(got.mean).toBeNull();
            else expect(got.mean!).toBeCloseTo(want.mean, 9);
            if (want.sd === null) expect(got.sd).toBeNull();
            else expect(got.sd!).toBeCloseTo(want.sd, 9);
          };
          for (const s of p.segments) {
            check(
              s.features[0]!.segment,
              oracle((i) => kept(i) && labels[i] === s.segment),
            );
            check(s.features[0]!.population, oracle(kept));
          }
        },
      ),
      { numRuns: 300, seed: 16 },
    );
  });
});
