import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sampleSkewness as ssSkewness } from "simple-statistics";
import { SegmentLabError } from "../../src/errors.js";
import { fitPreprocessor, transformPreprocessor } from "../../src/prep/index.js";
import * as msg from "../../src/prep/messages.js";
import { createRandom } from "../../src/matrix/random.js";
import { orderStatistics, quantileSorted, sampleSkewness } from "../../src/prep/stats.js";
import { column, makeTable, plain } from "./helpers.js";

describe("fitPreprocessor: imputation", () => {
  it("fitPreprocessor(table) imputes the median of the observed values and counts them", () => {
    const t = makeTable({ x: [1, NaN, 3, 10], y: [NaN, NaN, 2, 4] });
    const m = fitPreprocessor(t, plain);
    expect(m.steps.map((s) => [s.name, s.impute, s.imputedCount])).toEqual([
      ["x", 3, 1],
      ["y", 3, 2],
    ]);
    expect(m.imputedCounts).toEqual({ x: 1, y: 2 });
    const X = transformPreprocessor(m, t);
    expect(column(X, 0)).toEqual([1, 3, 3, 10]);
    expect(column(X, 1)).toEqual([3, 3, 2, 4]);
  });

  it("fitPreprocessor(table) warns when more than half of a feature is missing", () => {
    const m = fitPreprocessor(makeTable({ x: [NaN, NaN, NaN, 4, 6] }), plain);
    expect(m.warnings).toEqual([msg.mostlyImputed("x", 3, 5)]);
    expect(m.warnings[0]).toBe(`feature "x": 3 of 5 values missing (60%), imputed with the median`);
  });

  it("fitPreprocessor(table) drops an all-missing feature but still counts it", () => {
    const m = fitPreprocessor(makeTable({ x: [1, 2, 3], gone: [NaN, NaN, NaN] }), plain);
    expect(m.inputFeatures).toEqual(["x"]);
    expect(m.imputedCounts).toEqual({ x: 0, gone: 3 });
    expect(m.dropped).toEqual([{ name: "gone", reason: "all missing" }]);
    expect(m.warnings).toEqual([`dropped feature "gone": every value is missing`]);
  });
});

describe("fitPreprocessor: log1p skew rule", () => {
  const skewed = [0, 0, 0, 1, 1, 2, 3, 50];
  const symmetric = [1, 2, 3, 4, 5, 6, 7, 8];
  const negative = [-1, 0, 0, 1, 1, 2, 3, 50];

  it("sampleSkewness matches simple-statistics' adjusted Fisher–Pearson G1", () => {
    for (const x of [skewed, symmetric, negative, [2, 4, 6, 3, 1]])
      expect(sampleSkewness(Float64Array.from(x))).toBeCloseTo(ssSkewness(x), 12);
    expect(sampleSkewness(Float64Array.of(1, 2))).toBeNull();
    expect(sampleSkewness(Float64Array.of(0.1, 0.1, 0.1))).toBeNull();
  });

  it("fitPreprocessor(table) log-transforms skewed non-negative features only (skewness > 1, min >= 0)", () => {
    const t = makeTable({ skewed, symmetric, negative });
    const m = fitPreprocessor(t, { ...plain, skewThreshold: 1 });
    expect(ssSkewness(skewed)).toBeGreaterThan(1);
    expect(ssSkewness(negative)).toBeGreaterThan(1);
    expect(m.steps.map((s) => [s.name, s.log1p, s.log1pReason])).toEqual([
      ["skewed", true, "auto"],
      ["symmetric", false, "auto"],
      ["negative", false, "auto"],
    ]);
    expect(m.steps[0]!.skewness).toBeCloseTo(ssSkewness(skewed), 12);
    expect(column(transformPreprocessor(m, t), 0)).toEqual(skewed.map(Math.log1p));
  });

  it("fitPreprocessor(table, {skewThreshold}) moves the cut-off; null turns the rule off", () => {
    const t = makeTable({ skewed });
    const g1 = ssSkewness(skewed);
    expect(fitPreprocessor(t, { ...plain, skewThreshold: g1 + 0.01 }).steps[0]!.log1p).toBe(false);
    expect(fitPreprocessor(t, { ...plain, skewThreshold: g1 - 0.01 }).steps[0]!.log1p).toBe(true);
    expect(fitPreprocessor(t, { ...plain, skewThreshold: null }).steps[0]!.log1p).toBe(false);
  });

  it("fitPreprocessor(table, {transforms}) overrides the rule per feature", () => {
    const t = makeTable({ skewed, symmetric });
    const m = fitPreprocessor(t, {
      ...plain,
      skewThreshold: 1,
      transforms: { skewed: "none", symmetric: "log1p" },
    });
    expect(m.steps.map((s) => [s.name, s.log1p, s.log1pReason])).toEqual([
      ["skewed", false, "option"],
      ["symmetric", true, "option"],
    ]);
  });

  it("fitPreprocessor(table, {transforms: log1p}) refuses a feature with negative values", () => {
    const t = makeTable({ negative });
    expect(() => fitPreprocessor(t, { transforms: { negative: "log1p" } })).toThrow(
      new RangeError(msg.log1pNegative("negative", -1)),
    );
    expect(msg.log1pNegative("negative", -1)).toBe(
      `transforms["negative"] = "log1p" needs values >= 0, but the feature has -1`,
    );
  });

  it("transformPreprocessor floors negative new values of a log1p feature at 0", () => {
    const m = fitPreprocessor(makeTable({ skewed }), { ...plain, skewThreshold: 1 });
    const X = transformPreprocessor(m, makeTable({ skewed: [-3, 0, Math.E - 1] }));
    expect(column(X, 0)).toEqual([0, 0, 1]);
  });
});

describe("fitPreprocessor: winsorizing", () => {
  const ramp = [...Array.from({ length: 100 }, (_, i) => i), 1000]; // 101 values: 0..99, 1000

  it("fitPreprocessor(table) clips at outward order statistics [0.01, 0.99] by default", () => {
    const t = makeTable({ x: ramp });
    const m = fitPreprocessor(t, { ...plain, winsorize: undefined });
    // n − 1 = 100: low = sorted[floor(1)] = 1, high = sorted[ceil(99)] = 99.
    expect(m.params.winsorize).toEqual([0.01, 0.99]);
    expect(m.steps[0]!.clip).toEqual([1, 99]);
    const x = column(transformPreprocessor(m, t), 0);
    expect([x[0], x[1], x[99], x[100]]).toEqual([1, 1, 99, 99]);
  });

  it("fitPreprocessor(table, {winsorize}) takes other quantiles; a small table is not clipped", () => {
    const m = fitPreprocessor(makeTable({ x: ramp }), { ...plain, winsorize: [0.1, 0.9] });
    expect(m.steps[0]!.clip).toEqual([10, 90]);
    const small = fitPreprocessor(makeTable({ x: [5, 1, 9, 3, 7] }), {
      ...plain,
      winsorize: [0.01, 0.99],
    });
    expect(small.steps[0]!.clip).toEqual([1, 9]);
  });

  it("fitPreprocessor(table) clips on the log1p scale when the feature is logged", () => {
    const m = fitPreprocessor(makeTable({ x: ramp }), {
      ...plain,
      winsorize: [0.01, 0.99],
      transforms: { x: "log1p" },
    });
    expect(m.steps[0]!.clip).toEqual([Math.log1p(1), Math.log1p(99)]);
  });

  it("fitPreprocessor(table) does not clip a sparse feature into a constant, and says so", () => {
    const sparse = Array.from({ length: 200 }, (_, i) => (i === 7 ? 5 : 0));
    const m = fitPreprocessor(makeTable({ sparse }), { ...plain, winsorize: [0.01, 0.99] });
    expect(m.steps[0]!.clip).toBeNull();
    expect(m.warnings).toEqual([msg.clipSkipped("sparse", 0)]);
    expect(m.warnings[0]).toBe(
      `feature "sparse": not winsorized, because clipping at the quantiles would make every value 0`,
    );
  });

  it("fitPreprocessor(table, {winsorize: false}) stores no bounds", () => {
    expect(fitPreprocessor(makeTable({ x: ramp }), plain).steps[0]!.clip).toBeNull();
  });
});

describe("fitPreprocessor: scaling", () => {
  it("fitPreprocessor(table, {scaling: standard}) uses the mean and population standard deviation", () => {
    const t = makeTable({ x: [1, 2, 3, 4] });
    const m = fitPreprocessor(t, { ...plain, scaling: "standard" });
    expect(m.steps[0]!.center).toBe(2.5);
    expect(m.steps[0]!.scale).toBeCloseTo(Math.sqrt(1.25), 15);
    const x = column(transformPreprocessor(m, t), 0);
    const s = Math.sqrt(1.25);
    [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 14));
  });

  it("fitPreprocessor(table, {scaling: robust}) uses the median and the interquartile range", () => {
    const t = makeTable({ x: [4, 1, 100, 3, 2] });
    const m = fitPreprocessor(t, { ...plain, scaling: "robust" });
    // sorted 1 2 3 4 100: median 3, q25 = 2, q75 = 4, IQR 2.
    expect([m.steps[0]!.center, m.steps[0]!.scale]).toEqual([3, 2]);
    expect(column(transformPreprocessor(m, t), 0)).toEqual([0.5, -1, 48.5, 0, -0.5]);
  });

  it("quantileSorted interpolates linearly (numpy's default)", () => {
    const s = Float64Array.of(0, 0, 0, 0, 0, 0, 0, 3);
    expect(quantileSorted(s, 0.75)).toBe(0);
    expect(quantileSorted(Float64Array.of(1, 2, 3, 4), 0.75)).toBe(3.25);
    expect(quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5)).toBe(2.5);
  });

  it("fitPreprocessor(table, {scaling: robust}) falls back to the standard deviation when IQR is 0", () => {
    const x = [0, 0, 0, 0, 0, 0, 0, 8];
    const m = fitPreprocessor(makeTable({ x }), { ...plain, scaling: "robust" });
    expect(m.steps[0]!.center).toBe(0);
    expect(m.steps[0]!.scale).toBeCloseTo(Math.sqrt(7), 14); // mean 1, population variance 7
    expect(m.warnings).toEqual([msg.robustScaleFallback("x")]);
    expect(m.warnings[0]).toBe(
      `feature "x": interquartile range is 0, scaled by the standard deviation instead`,
    );
  });

  it("fitPreprocessor(table, {scaling: none}) leaves the values", () => {
    const m = fitPreprocessor(makeTable({ x: [1, 5, 9] }), plain);
    expect([m.steps[0]!.center, m.steps[0]!.scale]).toEqual([0, 1]);
  });
});

describe("fitPreprocessor: weights", () => {
  it("fitPreprocessor(table, {weights}) multiplies after scaling", () => {
    const t = makeTable({ a: [1, 3], b: [1, 3] });
    const m = fitPreprocessor(t, { ...plain, scaling: "standard", weights: { b: 3 } });
    expect(m.steps.map((s) => s.weight)).toEqual([1, 3]);
    const X = transformPreprocessor(m, t);
    expect(Array.from(X.data)).toEqual([-1, -3, 1, 3]);
  });
});

describe("fitPreprocessor: one-hot encoding", () => {
  const plan = ["pro", "free", "free", null, "team", "free", "pro", "ent"];

  it("fitPreprocessor(table) leaves attributes aside unless asked", () => {
    const m = fitPreprocessor(makeTable({ x: [1, 2, 3, 4, 5, 6, 7, 8] }, { plan }), plain);
    expect(m.encodings).toEqual([]);
    expect(m.outputNames).toEqual(["x"]);
  });

  it("fitPreprocessor(table, {encodeAttributes, maxLevels}) keeps the top levels, then other and missing", () => {
    const t = makeTable({ x: [1, 2, 3, 4, 5, 6, 7, 8] }, { plan });
    const m = fitPreprocessor(t, { ...plain, encodeAttributes: ["plan"], maxLevels: 2 });
    expect(m.encodings).toEqual([
      {
        attribute: "plan",
        levels: ["free", "pro"],
        other: true,
        missing: true,
        weight: 1,
        outputNames: ["plan=free", "plan=pro", "plan=(other)", "plan=(missing)"],
      },
    ]);
    expect(m.outputNames).toEqual(["x", "plan=free", "plan=pro", "plan=(other)", "plan=(missing)"]);
    const X = transformPreprocessor(m, t);
    const rows = Array.from({ length: 8 }, (_, i) =>
      Array.from(X.data.subarray(i * 5 + 1, i * 5 + 5)),
    );
    expect(rows).toEqual([
      [0, 1, 0, 0], // pro
      [1, 0, 0, 0], // free
      [1, 0, 0, 0],
      [0, 0, 0, 1], // null
      [0, 0, 1, 0], // team → other
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0], // ent → other
    ]);
  });

  it("fitPreprocessor(table, {encodeAttributes}) breaks count ties by string order and omits unused extra columns", () => {
    const t = makeTable({ x: [1, 2, 3, 4] }, { c: ["b", "a", "c", "a"] });
    const m = fitPreprocessor(t, { ...plain, encodeAttributes: ["c"] });
    expect(m.encodings[0]!.levels).toEqual(["a", "b", "c"]);
    expect(m.encodings[0]!.outputNames).toEqual(["c=a", "c=b", "c=c"]);
  });

  it("transformPreprocessor sends unseen values to other, or to no column when there is none", () => {
    const t = makeTable({ x: [1, 2, 3, 4] }, { c: ["b", "a", "c", "a"] });
    const m = fitPreprocessor(t, { ...plain, encodeAttributes: ["c"], maxLevels: 2 });
    expect(m.encodings[0]!.outputNames).toEqual(["c=a", "c=b", "c=(other)"]);
    const X = transformPreprocessor(m, makeTable({ x: [1, 1] }, { c: ["zzz", null] }));
    // No (missing) column in training: a null goes to (other).
    expect(Array.from(X.data)).toEqual([1, 0, 0, 1, 1, 0, 0, 1]);
    const m2 = fitPreprocessor(t, { ...plain, encodeAttributes: ["c"] });
    const X2 = transformPreprocessor(m2, makeTable({ x: [1] }, { c: ["zzz"] }));
    expect(Array.from(X2.data)).toEqual([1, 0, 0, 0]);
  });

  it("fitPreprocessor(table, {weights}) weights every one-hot column of an attribute", () => {
    const t = makeTable({ x: [1, 2] }, { c: ["a", "b"] });
    const m = fitPreprocessor(t, { ...plain, encodeAttributes: ["c"], weights: { c: 0.5 } });
    expect(Array.from(transformPreprocessor(m, t).data)).toEqual([1, 0.5, 0, 2, 0, 0.5]);
  });
});

describe("fitPreprocessor: dropping features", () => {
  it("fitPreprocessor(table) drops a constant feature with a warning naming it", () => {
    const m = fitPreprocessor(makeTable({ a: [1, 2, 3], c: [5, 5, 5] }), {
      ...plain,
      dropConstant: true,
    });
    expect(m.inputFeatures).toEqual(["a"]);
    expect(m.dropped).toEqual([{ name: "c", reason: "constant" }]);
    expect(m.warnings).toEqual([
      `dropped feature "c": constant (every value is 5 after imputation and transforms)`,
    ]);
    expect(m.warnings[0]).toBe(msg.droppedConstant("c", 5));
  });

  it("fitPreprocessor(table, {dropConstant: false}) keeps it, centred and divided by 1", () => {
    const t = makeTable({ a: [1, 2, 3], c: [5, 5, 5] });
    const m = fitPreprocessor(t, { ...plain, scaling: "standard", dropConstant: false });
    expect(m.steps[1]).toMatchObject({ name: "c", center: 5, scale: 1 });
    expect(column(transformPreprocessor(m, t), 1)).toEqual([0, 0, 0]);
  });

  it("fitPreprocessor(table) drops a near-duplicate (|r| > 0.95), keeping the first in column order", () => {
    const a = [1, 2, 3, 4, 5, 6];
    const t = makeTable({
      b: a.map((x) => 2 * x + 1),
      a,
      neg: a.map((x) => -x),
      other: [1, 0, 1, 0, 1, 0],
    });
    const m = fitPreprocessor(t, { ...plain, duplicateThreshold: 0.95 });
    expect(m.inputFeatures).toEqual(["b", "other"]);
    expect(m.warnings).toEqual([
      `dropped feature "a": near-duplicate of "b" (|r| = 1 > 0.95)`,
      `dropped feature "neg": near-duplicate of "b" (|r| = 1 > 0.95)`,
    ]);
    expect(m.warnings[1]).toBe(msg.droppedDuplicate("neg", "b", -1, 0.95));
    expect(m.dropped).toEqual([
      { name: "a", reason: `near-duplicate of "b" (r = 1)` },
      { name: "neg", reason: `near-duplicate of "b" (r = -1)` },
    ]);
  });

  it("fitPreprocessor(table, {duplicateThreshold}) compares |r| strictly with the threshold", () => {
    // r(a, b) = 0.8 exactly: a = [1, 2, 3, 4, 5]... chosen by hand below.
    const a = [-2, -1, 0, 1, 2];
    const b = [-2, -1, 0, 1, 2].map((x, i) => x + [0.5, -1, 0, 1, -0.5][i]!);
    const r = pearson(a, b);
    const t = makeTable({ a, b });
    expect(fitPreprocessor(t, { ...plain, duplicateThreshold: r + 1e-9 }).inputFeatures).toEqual([
      "a",
      "b",
    ]);
    expect(fitPreprocessor(t, { ...plain, duplicateThreshold: r - 1e-9 }).inputFeatures).toEqual([
      "a",
    ]);
    expect(fitPreprocessor(t, { ...plain, duplicateThreshold: null }).inputFeatures).toEqual([
      "a",
      "b",
    ]);
  });

  it("fitPreprocessor(table) computes r after log1p and clipping", () => {
    // y = exp(x) − 1 is a duplicate of x only after y is logged.
    const x = [0, 0.5, 1, 2, 3, 4, 5, 6];
    const y = x.map(Math.expm1);
    const t = makeTable({ x, y });
    expect(fitPreprocessor(t, { ...plain, duplicateThreshold: 0.99 }).inputFeatures).toEqual([
      "x",
      "y",
    ]);
    expect(
      fitPreprocessor(t, { ...plain, duplicateThreshold: 0.99, transforms: { y: "log1p" } })
        .inputFeatures,
    ).toEqual(["x"]);
  });
});

describe("fitPreprocessor: defaults and determinism", () => {
  it("fitPreprocessor(table) records the resolved defaults in params", () => {
    const m = fitPreprocessor(makeTable({ x: [1, 2, 3] }));
    expect(m.params).toEqual({
      skewThreshold: 1,
      transforms: {},
      winsorize: [0.01, 0.99],
      scaling: "standard",
      encodeAttributes: [],
      maxLevels: 10,
      weights: {},
      dropConstant: true,
      duplicateThreshold: 0.95,
    });
    expect(m.kind).toBe("preprocess");
    expect(m.version).toBe(1);
    expect(m.nRows).toBe(3);
  });

  it("fitPreprocessor(table) does not mutate its input and gives the same model twice", () => {
    const t = makeTable({ x: [1, NaN, 3, 40], y: [2, 2, 3, 1] }, { c: ["a", null, "b", "a"] });
    const before = JSON.stringify({ ...t, columns: t.columns.map((c) => Array.from(c)) });
    const m1 = fitPreprocessor(t, { encodeAttributes: ["c"] });
    const m2 = fitPreprocessor(t, { encodeAttributes: ["c"] });
    expect(JSON.stringify(m1)).toBe(JSON.stringify(m2));
    expect(JSON.stringify({ ...t, columns: t.columns.map((c) => Array.from(c)) })).toBe(before);
  });
});

describe("fitPreprocessor: errors", () => {
  const t = makeTable({ x: [1, 2, 3] }, { plan: ["a", "b", "a"] });

  it("fitPreprocessor rejects an empty table", () => {
    expect(() => fitPreprocessor(makeTable({ x: [] }))).toThrow(new RangeError(msg.emptyTable()));
  });

  it("fitPreprocessor names the feature, row and id of an infinite value", () => {
    const bad = makeTable({ x: [1, Infinity, 3] });
    expect(() => fitPreprocessor(bad)).toThrow(RangeError);
    expect(() => fitPreprocessor(bad)).toThrow(
      `feature "x" row 1 (id "u001"): value Infinity is not finite (use NaN for a missing value)`,
    );
  });

  it("fitPreprocessor rejects option values out of range", () => {
    const cases: [object, string][] = [
      [
        { winsorize: [0.9, 0.1] },
        msg.badOption("winsorize", [0.9, 0.1], "false or [low, high] with 0 <= low < high <= 1"),
      ],
      [{ scaling: "zscore" }, msg.badOption("scaling", "zscore", `"standard", "robust" or "none"`)],
      [{ maxLevels: 0 }, msg.badOption("maxLevels", 0, "an integer >= 1")],
      [{ duplicateThreshold: 1.5 }, msg.badOption("duplicateThreshold", 1.5, "in (0, 1] or null")],
      [{ skewThreshold: NaN }, msg.badOption("skewThreshold", NaN, "a finite number or null")],
      [{ weights: { x: -1 } }, msg.badOption(`weights["x"]`, -1, "finite and >= 0")],
      [
        { transforms: { x: "sqrt" } },
        msg.badOption(`transforms["x"]`, "sqrt", `"log1p" or "none"`),
      ],
    ];
    for (const [o, text] of cases)
      expect(() => fitPreprocessor(t, o)).toThrow(new RangeError(text));
    expect(msg.badOption("maxLevels", 0, "an integer >= 1")).toBe(
      "maxLevels=0 should be an integer >= 1",
    );
  });

  it("fitPreprocessor names an unknown feature or attribute in the options", () => {
    expect(() => fitPreprocessor(t, { transforms: { nope: "log1p" } })).toThrow(SegmentLabError);
    expect(() => fitPreprocessor(t, { transforms: { nope: "log1p" } })).toThrow(
      `transforms names feature "nope", which is not in the table (features: "x")`,
    );
    expect(() => fitPreprocessor(t, { weights: { nope: 2 } })).toThrow(
      msg.unknownFeatureOption("weights", "nope", ["x"]),
    );
    expect(() => fitPreprocessor(t, { encodeAttributes: ["country"] })).toThrow(
      `encodeAttributes names attribute "country", which is not in the table (attributes: "plan")`,
    );
  });

  it("fitPreprocessor rejects a malformed table", () => {
    const bad = makeTable({ x: [1, 2, 3] });
    bad.columns[0] = Float64Array.of(1, 2);
    expect(() => fitPreprocessor(bad)).toThrow(
      new TypeError(`malformed feature table: column "x" has 2 entries, expected 3`),
    );
  });

  it("fitPreprocessor says so when no column is left", () => {
    expect(() => fitPreprocessor(makeTable({ c: [1, 1, 1] }))).toThrow(
      new RangeError(msg.noOutputColumns()),
    );
  });
});

function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe("fitPreprocessor: quantiles without sorting", () => {
  /** The straightforward reference: build the imputed, logged column, sort it, read quantiles. */
  function reference(x: number[], log1p: boolean, winsorize: [number, number]) {
    const obs = x.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    const impute = quantileSorted(obs, 0.5);
    const t = (v: number) => (log1p ? Math.log1p(Math.max(v, 0)) : v);
    const sorted = x.map((v) => t(Number.isNaN(v) ? impute : v)).sort((a, b) => a - b);
    const n = sorted.length;
    const lo = sorted[Math.floor(winsorize[0] * (n - 1))]!;
    const hi = sorted[Math.ceil(winsorize[1] * (n - 1))]!;
    const clipped = sorted.map((v) => Math.min(Math.max(v, lo), hi));
    return {
      impute,
      clip: [lo, hi],
      center: quantileSorted(clipped, 0.5),
      scale: quantileSorted(clipped, 0.75) - quantileSorted(clipped, 0.25),
    };
  }

  it("fitPreprocessor(table, {scaling: robust}) matches a sort-based reference (property)", () => {
    const value = fc.oneof(
      fc.integer({ min: 0, max: 5 }),
      fc.double({ min: -50, max: 1e4, noNaN: true }),
      fc.constant(NaN),
    );
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 3, maxLength: 60 }),
        fc.boolean(),
        fc.constantFrom<[number, number]>([0.01, 0.99], [0.1, 0.9], [0, 1], [0.25, 0.6]),
        (x, log, w) => {
          const obs = x.filter((v) => !Number.isNaN(v));
          fc.pre(obs.length > 0);
          const log1p = log && Math.min(...obs) >= 0;
          const ref = reference(x, log1p, w);
          fc.pre(ref.clip[0] !== ref.clip[1]); // not a skipped clip or a constant
          const m = fitPreprocessor(makeTable({ x }), {
            scaling: "robust",
            winsorize: w,
            transforms: { x: log1p ? "log1p" : "none" },
            dropConstant: false,
          });
          const s = m.steps[0]!;
          expect(s.impute).toBe(ref.impute);
          expect(s.clip).toEqual(ref.clip);
          expect(s.center).toBe(ref.center);
          if (ref.scale > 0) expect(s.scale).toBe(ref.scale);
        },
      ),
      { numRuns: 400, seed: 7 },
    );
  });

  it("orderStatistics(a, ranks) equals sorting, on ties and sorted input too", () => {
    const r = createRandom(3);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(r() * 200);
      const kind = trial % 4;
      const a = Float64Array.from({ length: n }, (_, i) =>
        kind === 0 ? r() : kind === 1 ? Math.floor(r() * 3) : kind === 2 ? i : n - i,
      );
      const sorted = a.slice().sort();
      const ranks = Array.from({ length: 5 }, () => Math.floor(r() * n));
      expect(orderStatistics(a.slice(), ranks)).toEqual(ranks.map((k) => sorted[k]));
    }
  });
});
