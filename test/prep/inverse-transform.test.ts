import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromRows, toRows } from "../../src/matrix/matrix.js";
import { fitPreprocessor, inverseTransform, transformPreprocessor } from "../../src/prep/index.js";
import * as msg from "../../src/prep/messages.js";
import { makeTable } from "./helpers.js";

describe("inverseTransform", () => {
  it("inverseTransform(model, X) undoes weight, scale and log1p by hand", () => {
    const t = makeTable({ a: [0, 2], b: [Math.E - 1, Math.E ** 3 - 1] });
    const m = fitPreprocessor(t, {
      winsorize: false,
      transforms: { b: "log1p" },
      weights: { a: 4 },
      duplicateThreshold: null,
    });
    // a: mean 1, sd 1, weight 4 → row 0 is −4. b: log1p → [1, 3], mean 2, sd 1.
    expect(toRows(transformPreprocessor(m, t))).toEqual([
      [-4, -1],
      [4, 1],
    ]);
    const back = inverseTransform(m, [
      [-4, -1],
      [2, 0],
    ]);
    expect(back[0]![0]).toBe(0);
    expect(back[0]![1]).toBeCloseTo(Math.E - 1, 12);
    expect(back[1]![0]).toBe(1.5);
    expect(back[1]![1]).toBeCloseTo(Math.E ** 2 - 1, 12);
  });

  it("inverseTransform(model, X) returns only the numeric features, reading past one-hot columns", () => {
    const t = makeTable({ a: [1, 3] }, { plan: ["x", "y"] });
    const m = fitPreprocessor(t, { winsorize: false, encodeAttributes: ["plan"] });
    expect(m.inputFeatures).toEqual(["a"]);
    expect(inverseTransform(m, transformPreprocessor(m, t))).toEqual([[1], [3]]);
    expect(inverseTransform(m, fromRows([[0, 0.5, 0.5]]))).toEqual([[2]]);
  });

  it("inverseTransform(model, X) returns a clipped value as its bound (clipping cannot be undone)", () => {
    const x = [...Array.from({ length: 100 }, (_, i) => i), 1000];
    const t = makeTable({ x });
    const m = fitPreprocessor(t, { winsorize: [0.01, 0.99], skewThreshold: null });
    const back = inverseTransform(m, transformPreprocessor(m, t));
    expect(back[100]![0]).toBeCloseTo(99, 10);
    expect(back[50]![0]).toBeCloseTo(50, 10);
  });

  it("inverseTransform(model, transformPreprocessor(model, t)) ≈ t for unclipped values (property)", () => {
    const col = fc.array(
      fc.oneof(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.constant(NaN),
      ),
      { minLength: 6, maxLength: 6 },
    );
    fc.assert(
      fc.property(
        fc.array(col, { minLength: 1, maxLength: 4 }),
        fc.constantFrom("standard", "robust", "none"),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        (cols, scaling, w) => {
          const named: Record<string, number[]> = {};
          cols.forEach((c, j) => (named[`f${j}`] = c));
          const t = makeTable(named);
          let m;
          try {
            m = fitPreprocessor(t, {
              scaling,
              winsorize: false,
              weights: { f0: w },
              duplicateThreshold: null,
            });
          } catch (e) {
            // Every column constant or missing: nothing to invert.
            expect((e as Error).message).toBe(msg.noOutputColumns());
            return;
          }
          const back = inverseTransform(m, transformPreprocessor(m, t));
          m.inputFeatures.forEach((name, k) => {
            const step = m.steps[k]!;
            named[name]!.forEach((x, i) => {
              const want = Number.isNaN(x) ? step.impute : x;
              const got = back[i]![k]!;
              expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
            });
          });
        },
      ),
      { numRuns: 200, seed: 42 },
    );
  });

  it("inverseTransform rejects rows of the wrong width", () => {
    const m = fitPreprocessor(makeTable({ a: [1, 3], b: [0, 5] }), { duplicateThreshold: null });
    expect(() => inverseTransform(m, [[1]])).toThrow(new TypeError(msg.badInverseWidth(1, 2)));
    expect(() => inverseTransform(m, fromRows([[1, 2, 3]]))).toThrow(
      `inverseTransform: X has 3 columns, expected 2 (model.outputNames)`,
    );
  });
});
