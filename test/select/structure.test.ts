/**
 * The three-level verdict (clear / weak / none) end to end: tables in original units through
 * discoverFromFeatures, so the modes of a single feature and the outcome effects are computed by
 * the pipeline exactly as for a user's file.
 */
import { describe, expect, it } from "vitest";
import type { FeatureTable } from "../../src/features/types.js";
import { createRandom, randomNormal } from "../../src/matrix/random.js";
import { discoverFromFeatures } from "../../src/pipeline.js";
import {
  boundaryModes,
  countModes,
  NO_STRUCTURE,
  recommendK,
  WEAK_STRUCTURE,
} from "../../src/select/index.js";
import { messages } from "../../src/select/messages.js";

const fast = {
  seed: 3,
  nInit: 2,
  scan: { gap: { B: 8 }, stability: { B: 8 } },
  createdAt: "2026-12-01T00:00:00Z",
} as const;

function table(columns: Record<string, number[]>, attributes: FeatureTable["attributes"] = []) {
  const names = Object.keys(columns);
  const n = columns[names[0]!]!.length;
  return {
    ids: Array.from({ length: n }, (_, i) => `u${i}`),
    features: names.map((name) => ({
      name,
      family: "table" as const,
      unit: "",
      description: name,
    })),
    featureNames: names,
    columns: names.map((c) => Float64Array.from(columns[c]!)),
    attributes,
  } satisfies FeatureTable;
}

/** The textbook mall-customer picture: income × spending score, a centre and four corners. */
function fiveGroups(): FeatureTable {
  const r = createRandom(11);
  const groups: [number, number, number][] = [
    [55, 50, 80],
    [26, 20, 30],
    [26, 80, 30],
    [88, 17, 35],
    [86, 82, 40],
  ];
  const income: number[] = [];
  const score: number[] = [];
  for (const [x, y, n] of groups)
    for (let i = 0; i < n; i++) {
      income.push(x + 6 * randomNormal(r));
      score.push(y + 6 * randomNormal(r));
    }
  return table({ annual_income_k: income, spending_score: score });
}

describe("discoverFromFeatures: the verdict in three levels", () => {
  it("discoverFromFeatures(5-group customer table) → clear, k = 5", () => {
    const run = discoverFromFeatures(fiveGroups(), fast);
    expect(run.structure).toBe("clear");
    expect(run.model.metrics.structure).toBe("clear");
    expect(run.recommendation!.k).toBe(5);
    expect(run.personas).toHaveLength(5);
    expect(run.model.metrics.structureReasons).toEqual(run.recommendation!.reasons);
  });

  it("discoverFromFeatures(one skewed unimodal feature) → not clear", () => {
    const r = createRandom(5);
    const spend = Array.from({ length: 800 }, () => Math.exp(0.8 * randomNormal(r)) * 40);
    const run = discoverFromFeatures(table({ spend }), fast);
    expect(countModes(run.Z.data)).toBe(1);
    expect(run.structure).not.toBe("clear");
    expect(run.recommendation!.reasons[0]).toMatch(/a single feature whose density has one mode/);
  });

  it("discoverFromFeatures(one round Gaussian blob) → none", () => {
    const r = createRandom(8);
    const x = Array.from({ length: 600 }, () => randomNormal(r));
    const y = Array.from({ length: 600 }, () => randomNormal(r));
    const run = discoverFromFeatures(table({ x, y }), fast);
    expect(run.structure).toBe("none");
    expect(run.verdict).toBe(NO_STRUCTURE);
    expect(run.personas.map((p) => p.name)).toEqual(["All Users"]);
  });

  it("discoverFromFeatures(one elongated blob whose conversion rises along it) → weak, outcome named", () => {
    const r = createRandom(8);
    const x = Array.from({ length: 600 }, () => randomNormal(r));
    const y = x.map((v) => 0.9 * v + 0.45 * randomNormal(r));
    const converted = x.map((v) => (r() < 1 / (1 + Math.exp(-v)) ? 1 : 0));
    const run = discoverFromFeatures(table({ x, y, converted }), {
      ...fast,
      outcomes: ["converted"],
    });
    expect(run.clusterOn).toEqual(["x", "y"]);
    // A silhouette of 0.51 alone would have said "clear": the missing valley says continuum.
    expect(run.structure).toBe("weak");
    expect(run.verdict).toBe(WEAK_STRUCTURE);
    expect(run.model.metrics.structure).toBe("weak");
    expect(run.recommendation!.outcome!.outcome).toBe("converted");
    expect(run.recommendation!.reasons[0]).toMatch(
      /^segments of a continuum, not natural groups: no segment has a valley of density .*; but outcome converted differs strongly/,
    );
    expect(run.personas.length).toBe(run.recommendation!.k);
  });

  it("discoverFromFeatures(uniform noise) → none", () => {
    const r = createRandom(4);
    const cols = Object.fromEntries(
      ["a", "b", "c", "d"].map((c) => [c, Array.from({ length: 500 }, () => r())]),
    );
    const run = discoverFromFeatures(table(cols), fast);
    expect(run.structure).toBe("none");
    expect(run.model.metrics.structure).toBe("none");
    expect(run.personas.map((p) => p.name)).toEqual(["All Users"]);
  });
});

describe("countModes", () => {
  it("countModes(two humps) is 2, one hump 1, constant 1", () => {
    const r = createRandom(1);
    const two = Array.from({ length: 400 }, (_, i) => (i % 2 ? 0 : 6) + randomNormal(r));
    expect(countModes(two)).toBe(2);
    expect(countModes(Array.from({ length: 400 }, () => randomNormal(r)))).toBe(1);
    expect(countModes([3, 3, 3, 3])).toBe(1);
  });

  it("boundaryModes(X, labels) finds the valley between two groups and none inside one", () => {
    const X = { data: Float64Array.of(0, 0.1, 0.2, 0.3, 5, 5.1, 5.2, 5.3), rows: 8, cols: 1 };
    expect(boundaryModes(X, Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1))).toEqual([
      { segment: 0, neighbour: 1, modes: 2 },
      { segment: 1, neighbour: 0, modes: 2 },
    ]);
    const r = createRandom(2);
    const one = Float64Array.from({ length: 500 }, () => randomNormal(r));
    const cut = Int32Array.from(one, (v) => (v < 0 ? 0 : 1));
    expect(boundaryModes({ data: one, rows: 500, cols: 1 }, cut).map((b) => b.modes)).toEqual([
      1, 1,
    ]);
  });

  it("countModes rejects fewer than 3 finite values", () => {
    expect(() => countModes([1, NaN])).toThrow(messages.tooFewValues(1));
  });
});

describe("recommendK reason texts", () => {
  it("recommendK never writes a value equal to its threshold ('0.2496, below 0.25')", () => {
    const row = {
      k: 3,
      inertia: 10,
      knee: true,
      silhouette: 0.2496,
      silhouetteSampleSize: 100,
      silhouetteSampled: false,
      calinskiHarabasz: 50,
      daviesBouldin: 1.2,
      sizes: [40, 30, 30],
      smallestShare: 0.3,
      stability: [],
      minStability: 0.9,
    };
    const rec = recommendK({
      kind: "kscan",
      version: 1,
      params: {
        kRange: [3, 3],
        seed: 0,
        nInit: 1,
        fitSampleSize: 100,
        silhouetteSampleSize: 100,
        minPerCluster: 10,
        gap: false,
        stability: { B: 10, sampleSize: 100, nInit: 1 },
      },
      rows: 100,
      cols: 2,
      knee: 3,
      rowsByK: [row],
      warnings: [],
    });
    expect(rec.structure).toBe("none");
    expect(rec.reasons[0]).toContain("the silhouette at k = 3 is 0.2496, below 0.25");
    expect(rec.reasons[0]).not.toMatch(/0\.25, below 0\.25/);
  });

  it("recommendK rejects bad modes and outcome effects with the documented messages", () => {
    const scan = {
      kind: "kscan" as const,
      version: 1 as const,
      params: {
        kRange: [2, 2] as [number, number],
        seed: 0,
        nInit: 1,
        fitSampleSize: 10,
        silhouetteSampleSize: 10,
        minPerCluster: 2,
        gap: false as const,
        stability: false as const,
      },
      rows: 10,
      cols: 1,
      knee: null,
      rowsByK: [
        {
          k: 2,
          inertia: 1,
          knee: false,
          silhouette: 0.9,
          silhouetteSampleSize: 10,
          silhouetteSampled: false,
          calinskiHarabasz: 1,
          daviesBouldin: 1,
          sizes: [5, 5],
          smallestShare: 0.5,
        },
      ],
      warnings: [],
    };
    expect(() => recommendK(scan, { modes: 0 })).toThrow(messages.modes(0));
    const bad = {
      k: 2,
      outcome: "o",
      segment: 0,
      effectSize: NaN,
      value: "1",
      populationValue: "1",
    };
    expect(() => recommendK(scan, { outcomeEffects: [bad] })).toThrow(
      messages.badOutcomeEffect(0, NaN),
    );
    // One feature with two modes and a 0.9 silhouette is clear; unknown modes count as one hump.
    expect(recommendK(scan, { modes: 2 }).structure).toBe("clear");
    expect(recommendK(scan).structure).toBe("weak");
  });
});
