import { describe, expect, it } from "vitest";
import { createRandom, randomNormal } from "../../src/matrix/random.js";
import { discoverFromFeatures } from "../../src/pipeline.js";
import { compareAssignments, compareModels, hungarian } from "../../src/track/compare-models.js";
import * as msg from "../../src/track/messages.js";
import { makeTable } from "../profile/helpers.js";

const I = (xs: number[]) => Int32Array.from(xs);

describe("compareAssignments", () => {
  it("compareAssignments(a, a) makes every segment survive into itself with ARI 1", () => {
    const a = I([0, 0, 1, 1, 2, 2]);
    const r = compareAssignments(a, a, { ka: 3, kb: 3 });
    expect(r.ari).toBe(1);
    expect(r.transitions.map((t) => [t.type, t.from, t.to, t.overlap])).toEqual([
      ["survived", 0, 0, 1],
      ["survived", 1, 1, 1],
      ["survived", 2, 2, 1],
    ]);
  });

  it("compareAssignments finds split, absorbed, disappeared and emerged by the MONIC thresholds", () => {
    // A0 (10 users) → 5 in B0, 5 in B1: split. A1 (10) → 8 in B2; A2 (10) → 9 in B2: absorbed.
    // A3 (10) → 4 / 3 / 3 over B3, B4, B2: no part ≥ 0.7, three parts ≥ 0.3 sum to 1 → split.
    // A4 (10) → 2 each over B3, B4, B5, B0, B1: no part ≥ 0.3 → disappeared. B5, B6: emerged.
    const a: number[] = [];
    const b: number[] = [];
    const put = (x: number, y: number, n: number) => {
      for (let i = 0; i < n; i++) {
        a.push(x);
        b.push(y);
      }
    };
    put(0, 0, 5);
    put(0, 1, 5);
    put(1, 2, 8);
    put(1, 0, 2);
    put(2, 2, 9);
    put(2, 1, 1);
    put(3, 3, 4);
    put(3, 4, 3);
    put(3, 2, 3);
    put(4, 3, 2);
    put(4, 4, 2);
    put(4, 5, 2);
    put(4, 0, 2);
    put(4, 1, 2);
    const r = compareAssignments(I(a), I(b), { ka: 5, kb: 7 });
    expect(r.contingency[0]).toEqual([5, 5, 0, 0, 0, 0, 0]);
    const types = r.transitions.map((t) => [t.type, t.from, t.to]);
    expect(types).toEqual([
      ["split", 0, [0, 1]],
      ["absorbed", 1, 2],
      ["absorbed", 2, 2],
      ["split", 3, [2, 3, 4]],
      ["disappeared", 4, null],
      ["emerged", null, 5],
      ["emerged", null, 6],
    ]);
    expect(r.transitions[4]!.overlap).toBeCloseTo(0.2, 12);
  });

  it("compareAssignments rejects labelings of different lengths and bad thresholds", () => {
    expect(() => compareAssignments(I([0, 1]), I([0]), { ka: 2, kb: 1 })).toThrow(
      msg.lengthMismatch("the second labeling", 1, 2),
    );
    expect(() =>
      compareAssignments(I([0]), I([0]), { ka: 1, kb: 1 }, { survivalThreshold: 1.5 }),
    ).toThrow(msg.badThreshold("survivalThreshold", 1.5));
    expect(() =>
      compareAssignments(I([0]), I([0]), { ka: 1, kb: 1 }, { splitThreshold: 0 }),
    ).toThrow(msg.badThreshold("splitThreshold", 0));
    expect(() =>
      compareAssignments(
        I([0]),
        I([0]),
        { ka: 1, kb: 1 },
        { survivalThreshold: 0.5, splitThreshold: 0.6 },
      ),
    ).toThrow(msg.splitAboveSurvival(0.6, 0.5));
  });
});

describe("hungarian", () => {
  it("hungarian(cost) finds the minimum-cost assignment, rectangular both ways", () => {
    expect(
      hungarian([
        [4, 1],
        [2, 3],
      ]),
    ).toEqual([1, 0]);
    expect(
      hungarian([
        [1, 2, 3],
        [2, 4, 6],
        [3, 6, 9],
      ]),
    ).toEqual([2, 1, 0]);
    expect(hungarian([[5, 1, 9]])).toEqual([1]);
    expect(hungarian([[5], [1], [9]])).toEqual([-1, 0, -1]);
    // Brute force over all permutations of a 4 × 4 matrix from a seeded generator.
    const r = createRandom(3);
    const c = Array.from({ length: 4 }, () =>
      Array.from({ length: 4 }, () => Math.round(r() * 100)),
    );
    const perms = (xs: number[]): number[][] =>
      xs.length <= 1
        ? [xs]
        : xs.flatMap((x, i) =>
            perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]),
          );
    const best = Math.min(
      ...perms([0, 1, 2, 3]).map((p) => p.reduce((s, j, i) => s + c[i]![j]!, 0)),
    );
    const got = hungarian(c).reduce((s, j, i) => s + c[i]![j]!, 0);
    expect(got).toBe(best);
  });
});

describe("compareModels", () => {
  it("compareModels(a, b, table) reports a planted split as a split", async () => {
    // Three blobs: far left, and two close together on the right. k = 2 lumps the right pair;
    // k = 3 separates it: the right segment of the first model splits in two.
    const r = createRandom(11);
    const x: number[] = [];
    const y: number[] = [];
    const blob = (cx: number, cy: number, n: number) => {
      for (let i = 0; i < n; i++) {
        x.push(cx + 0.3 * randomNormal(r));
        y.push(cy + 0.3 * randomNormal(r));
      }
    };
    blob(0, 0, 200);
    blob(12, 0, 150);
    blob(12, 4, 150);
    const table = makeTable({ f1: ["activity", "", x], f2: ["activity", "", y] });
    const opts = { stabilityB: 0, createdAt: "2026-12-01T00:00:00Z" };
    const a = discoverFromFeatures(table, { ...opts, k: 2 }).model;
    const b = discoverFromFeatures(table, { ...opts, k: 3 }).model;
    const c = await compareModels(a, b, table);
    const split = c.transitions.filter((t) => t.type === "split");
    expect(split).toHaveLength(1);
    expect((split[0]!.to as number[]).length).toBe(2);
    expect(split[0]!.overlap).toBe(1);
    expect(c.transitions.filter((t) => t.type === "survived")).toHaveLength(1);
    expect(c.survivors[0]!.size).toEqual({ before: 200, after: 200, change: 0 });
    // Without data the centroids of the lumped segment match one of the two parts; the other emerges.
    const byCentroids = await compareModels(a, b);
    expect(byCentroids.transitions.map((t) => t.type).sort()).toEqual([
      "emerged",
      "survived",
      "survived",
    ]);
  });
});
