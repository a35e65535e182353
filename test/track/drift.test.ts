import { describe, expect, it } from "vitest";
import {
  fitDriftReference,
  measureDrift,
  populationStabilityIndex,
} from "../../src/track/drift.js";
import * as msg from "../../src/track/messages.js";
import type { SegmentModel } from "../../src/model/schema.js";
import { makeTable } from "../profile/helpers.js";

describe("drift", () => {
  it("populationStabilityIndex(e, a) is Σ (a − e) ln(a / e), with empty bins floored at 0.0001", () => {
    expect(populationStabilityIndex([0.5, 0.5], [0.5, 0.5])).toBe(0);
    expect(populationStabilityIndex([0.5, 0.5], [0.8, 0.2])).toBeCloseTo(
      0.3 * Math.log(1.6) + 0.3 * Math.log(2.5),
      12,
    );
    expect(populationStabilityIndex([1, 0], [0.9, 0.1])).toBeCloseTo(
      -0.1 * Math.log(0.9) + (0.1 - 1e-4) * Math.log(1000),
      12,
    );
  });

  it("fitDriftReference(...) keeps decile edges and bin shares, ties merged, missing apart", () => {
    const xs = [0, 0, 0, 0, 0, 1, 2, 3, 4, NaN];
    const table = makeTable({ f: ["activity", "", xs] });
    const ref = fitDriftReference({
      table,
      features: ["f"],
      labels: Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]),
      distances: Float64Array.from([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]),
      atypical: Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
      k: 2,
      bins: 4,
    });
    // 9 finite values sorted: 0 0 0 0 0 1 2 3 4; quantile positions 2, 4, 6 → 0, 0, 2 → edges [0, 2].
    expect(ref.features[0]).toEqual({
      name: "f",
      edges: [0, 2],
      shares: [0.5, 0.2, 0.2],
      missing: 0.1,
    });
    expect(ref.segmentShares).toEqual([0.5, 0.5]);
    expect(ref.meanDistance).toBe(1.5);
    expect(ref.segmentMeanDistance).toEqual([1, 2]);
    expect(ref.atypicalShare).toBe(0.1);
  });

  it("measureDrift(model, data) on a model without drift bins says which version it needs", () => {
    const old = { library: { name: "segmentlab", version: "0.0.9" } } as unknown as SegmentModel;
    const table = makeTable({ f: ["activity", "", [1]] });
    expect(() =>
      measureDrift(old, {
        table,
        segmentId: Int32Array.from([0]),
        distance: Float64Array.from([0]),
        atypical: Uint8Array.from([0]),
      }),
    ).toThrow(msg.noDriftReference("0.0.9"));
  });
});
