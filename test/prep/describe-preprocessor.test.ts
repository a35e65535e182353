import { describe, expect, it } from "vitest";
import { describePreprocessor, fitPreprocessor } from "../../src/prep/index.js";
import { makeTable } from "./helpers.js";

describe("describePreprocessor", () => {
  it("describePreprocessor(model) gives one line per step", () => {
    const t = makeTable(
      {
        visits: [1, 2, NaN, 4, 5, 6],
        revenue: [0, 0, 1, 2, 3, 400],
        flat: [3, 3, 3, 3, 3, 3],
        twice: [2, 4, NaN, 8, 10, 12],
      },
      { plan: ["a", "b", null, "a", "c", "a"] },
    );
    const m = fitPreprocessor(t, {
      encodeAttributes: ["plan"],
      maxLevels: 2,
      weights: { visits: 2 },
    });
    expect(describePreprocessor(m)).toEqual([
      "impute: median; 2 missing values filled (visits 1, twice 1)",
      "log1p: revenue (automatic: skewness > 1 and min >= 0)",
      "winsorize: quantiles [0.01, 0.99] on 2 features",
      "scale: standard ((x - mean) / standard deviation)",
      "one-hot: plan (2 levels + other + missing)",
      "weights: visits x2",
      `dropped: flat (constant), twice (near-duplicate of "visits" (r = 1))`,
      "output: 6 columns from 4 features and 1 attributes",
    ]);
  });

  it("describePreprocessor(model) says none and off where nothing happens", () => {
    const m = fitPreprocessor(makeTable({ a: [1, 2, 3] }), {
      winsorize: false,
      scaling: "robust",
      skewThreshold: null,
      transforms: { a: "log1p" },
    });
    expect(describePreprocessor(m)).toEqual([
      "impute: median; no missing values",
      "log1p: a (asked) (automatic rule off)",
      "winsorize: off",
      "scale: robust ((x - median) / interquartile range)",
      "one-hot: none",
      "weights: all 1",
      "dropped: none",
      "output: 1 columns from 1 features and 0 attributes",
    ]);
  });
});
