import { describe, expect, it } from "vitest";
import { SegmentLabError } from "../../src/errors.js";
import { fitPreprocessor, transformPreprocessor } from "../../src/prep/index.js";
import * as msg from "../../src/prep/messages.js";
import { makeTable } from "./helpers.js";

describe("transformPreprocessor", () => {
  const train = makeTable(
    { a: [1, 2, 3, 4], b: [10, NaN, 30, 20] },
    { plan: ["x", "y", "x", null] },
  );
  const model = fitPreprocessor(train, {
    winsorize: false,
    encodeAttributes: ["plan"],
    weights: { b: 2 },
  });

  it("transformPreprocessor(model, table) returns ids, output names and the scaled values", () => {
    const X = transformPreprocessor(model, train);
    expect(X.ids).toEqual(["u000", "u001", "u002", "u003"]);
    expect(X.featureNames).toEqual(["a", "b", "plan=x", "plan=y", "plan=(missing)"]);
    expect([X.rows, X.cols]).toEqual([4, 5]);
    // a: mean 2.5, sd √1.25. b: imputed 20 → [10, 20, 30, 20], mean 20, sd √50, weight 2.
    const sa = Math.sqrt(1.25);
    const sb = Math.sqrt(50);
    const expected = [
      [-1.5 / sa, (-10 / sb) * 2, 1, 0, 0],
      [-0.5 / sa, 0, 0, 1, 0],
      [0.5 / sa, (10 / sb) * 2, 1, 0, 0],
      [1.5 / sa, 0, 0, 0, 1],
    ].flat();
    Array.from(X.data).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 14));
  });

  it("transformPreprocessor(model, table) finds columns by name, whatever their order and extras", () => {
    const shuffled = makeTable(
      { extra: [9, 9], b: [30, NaN], a: [1, 4] },
      { country: ["fr", "de"], plan: ["y", "x"] },
      ["p", "q"],
    );
    const X = transformPreprocessor(model, shuffled);
    const direct = transformPreprocessor(
      model,
      makeTable({ a: [1, 4], b: [30, NaN] }, { plan: ["y", "x"] }, ["p", "q"]),
    );
    expect(Array.from(X.data)).toEqual(Array.from(direct.data));
    expect(X.ids).toEqual(["p", "q"]);
  });

  it("transformPreprocessor(model, table) does not need the dropped features", () => {
    const m = fitPreprocessor(makeTable({ a: [1, 2, 3], c: [7, 7, 7] }));
    expect(m.inputFeatures).toEqual(["a"]);
    expect(transformPreprocessor(m, makeTable({ a: [2] })).rows).toBe(1);
  });

  it("transformPreprocessor names a missing feature", () => {
    const t = makeTable({ a: [1] }, { plan: ["x"] });
    expect(() => transformPreprocessor(model, t)).toThrow(SegmentLabError);
    expect(() => transformPreprocessor(model, t)).toThrow(
      `the table has no numeric feature "b", which the preprocessing model needs (table features: "a")`,
    );
  });

  it("transformPreprocessor names a missing attribute", () => {
    const t = makeTable({ a: [1], b: [2] });
    expect(() => transformPreprocessor(model, t)).toThrow(SegmentLabError);
    expect(() => transformPreprocessor(model, t)).toThrow(msg.missingAttribute("plan", []));
    expect(msg.missingAttribute("plan", [])).toBe(
      `the table has no attribute "plan", which the preprocessing model one-hot encodes (table attributes: none)`,
    );
  });

  it("transformPreprocessor names the feature, row and id of an infinite value", () => {
    const t = makeTable({ a: [1, 2], b: [-Infinity, 1] }, { plan: ["x", "y"] }, ["p", "q"]);
    expect(() => transformPreprocessor(model, t)).toThrow(
      new RangeError(msg.infiniteValue("b", 0, "p", -Infinity)),
    );
  });

  it("transformPreprocessor rejects something that is not a preprocessing model", () => {
    const bad = { ...model, kind: "pca" } as unknown as typeof model;
    expect(() => transformPreprocessor(bad, train)).toThrow(
      new TypeError(
        `expected a preprocessing model (kind "preprocess", version 1), got kind "pca" version 1`,
      ),
    );
  });

  it("transformPreprocessor rejects a table whose attribute length disagrees with its ids", () => {
    const t = makeTable({ a: [1, 2], b: [1, 2] }, { plan: ["x"] });
    expect(() => transformPreprocessor(model, t)).toThrow(
      new TypeError(msg.badTableShape(`attribute "plan"`, 1, 2)),
    );
  });

  it("transformPreprocessor(model, table) survives a JSON round trip of the model bit for bit", () => {
    const t = makeTable(
      {
        a: Array.from({ length: 300 }, (_, i) => (i * 7919) % 101),
        b: Array.from({ length: 300 }, (_, i) => (i % 13 === 0 ? NaN : Math.exp((i % 17) / 3))),
        c: Array.from({ length: 300 }, () => 4),
        d: Array.from({ length: 300 }, (_, i) => 2 * ((i * 7919) % 101) - 1),
      },
      { plan: Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? null : `p${i % 5}`)) },
    );
    for (const scaling of ["standard", "robust"] as const) {
      const m = fitPreprocessor(t, { scaling, encodeAttributes: ["plan"], maxLevels: 3 });
      expect(m.steps.some((s) => s.log1p)).toBe(true);
      expect(m.dropped.map((d) => d.name)).toEqual(["c", "d"]);
      const copy = JSON.parse(JSON.stringify(m));
      expect(copy).toEqual(m);
      expect(Array.from(transformPreprocessor(copy, t).data)).toEqual(
        Array.from(transformPreprocessor(m, t).data),
      );
    }
  });
});

describe("transformPreprocessor on many rows", () => {
  it("transformPreprocessor(model, table) applies each step's formula to every row past the block size", () => {
    const n = 5000;
    const t = makeTable({
      a: Array.from({ length: n }, (_, i) => (i % 97 === 0 ? NaN : (i * 31) % 1000)),
      b: Array.from({ length: n }, (_, i) => Math.expm1((i % 50) / 7)),
      c: Array.from({ length: n }, (_, i) => Math.sin(i)),
    });
    const m = fitPreprocessor(t, { weights: { c: 1.5 } });
    expect(m.steps.map((s) => [s.name, s.log1p, s.clip !== null])).toEqual([
      ["a", false, true],
      ["b", true, true],
      ["c", false, true],
    ]);
    const X = transformPreprocessor(m, t);
    m.steps.forEach((s, j) => {
      const col = t.columns[t.featureNames.indexOf(s.name)]!;
      for (let i = 0; i < n; i += 7) {
        let v = Number.isNaN(col[i]!) ? s.impute : col[i]!;
        if (s.log1p) v = Math.log1p(Math.max(v, 0));
        if (s.clip) v = Math.min(Math.max(v, s.clip[0]), s.clip[1]);
        expect(X.data[i * X.cols + j]).toBe(((v - s.center) / s.scale) * s.weight);
      }
    });
  });
});
