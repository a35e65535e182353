import { describe, expect, it } from "vitest";
import { createRandom, randomNormal } from "../../src/matrix/random.js";
import { readoutBySegment } from "../../src/track/readout.js";
import * as msg from "../../src/track/messages.js";

/** A seeded experiment on arrays: k segments, balanced arms, Bernoulli or normal outcomes. */
function simulate(
  seed: number,
  rates: { control: number; effect: number }[],
  perSegment: number,
  binary = true,
) {
  const r = createRandom(seed);
  const segmentId: number[] = [];
  const arm: string[] = [];
  const outcome: number[] = [];
  rates.forEach((g, s) => {
    for (let i = 0; i < perSegment; i++) {
      const t = i % 2 === 1;
      segmentId.push(s);
      arm.push(t ? "treatment" : "control");
      const mean = g.control + (t ? g.effect : 0);
      outcome.push(binary ? (r() < mean ? 1 : 0) : mean + 2 * randomNormal(r));
    }
  });
  return {
    userId: segmentId.map((_, i) => `u${i}`),
    segmentId: Int32Array.from(segmentId),
    names: rates.map((_, s) => `Segment ${s}`),
    arm,
    outcome: Float64Array.from(outcome),
  };
}

const TRUTH = [
  { control: 0.1, effect: 0 },
  { control: 0.3, effect: 0.08 },
  { control: 0.5, effect: -0.05 },
  { control: 0.85, effect: 0.05 },
];

describe("readoutBySegment", () => {
  it("readoutBySegment(two arms of 0/1) computes n, rates, the effect and the pooled z-test by hand", () => {
    // Segment 0: control 2/4, treatment 3/4. Segment 1: control 0/2, treatment 2/2.
    const r = readoutBySegment({
      userId: ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"],
      segmentId: Int32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]),
      names: ["S0", "S1"],
      arm: [
        "control",
        "control",
        "control",
        "control",
        "treatment",
        "treatment",
        "treatment",
        "treatment",
        "control",
        "control",
        "treatment",
        "treatment",
      ],
      outcome: Float64Array.from([1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1]),
    });
    expect(r.kind).toBe("proportion");
    const s0 = r.segments[0]!;
    expect(s0.n).toEqual({ control: 4, treatment: 4 });
    expect(s0.outcome).toEqual({ control: 0.5, treatment: 0.75 });
    expect(s0.effect).toBeCloseTo(0.25, 12);
    // Pooled p = 5/8; se = √(5/8 · 3/8 · (1/4 + 1/4)) = 0.342327; z = 0.730297; p = 0.465209.
    expect(s0.p!).toBeCloseTo(0.465209, 5);
    expect(r.overall.n).toEqual({ control: 6, treatment: 6 });
    expect(r.overall.effect).toBeCloseTo(5 / 6 - 2 / 6, 12);
    // Holm over two p-values: the smaller doubled, the larger at least that.
    const ps = r.segments.map((s) => s.p!);
    const lo = Math.min(...ps);
    expect(Math.min(...r.segments.map((s) => s.pAdjusted!))).toBeCloseTo(Math.min(1, 2 * lo), 12);
  });

  it("readoutBySegment: 95 % intervals cover the true effect in ≥ 93 % of 200 seeded simulations", () => {
    let covered = 0;
    let total = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = readoutBySegment(simulate(seed, TRUTH, 400));
      r.segments.forEach((s, i) => {
        total++;
        if (s.low! <= TRUTH[i]!.effect && TRUTH[i]!.effect <= s.high!) covered++;
      });
      const overall = TRUTH.reduce((a, g) => a + g.effect, 0) / TRUTH.length;
      total++;
      if (r.overall.low! <= overall && overall <= r.overall.high!) covered++;
    }
    expect(total).toBe(1000);
    expect(covered / total).toBeGreaterThanOrEqual(0.93);
    // Not trivially wide: a 95 % interval should miss sometimes.
    expect(covered / total).toBeLessThan(0.99);
  });

  it("readoutBySegment on a numeric outcome uses Welch intervals that cover the truth in ≥ 93 % of 200 simulations", () => {
    let covered = 0;
    let total = 0;
    const truth = [
      { control: 10, effect: 0 },
      { control: 20, effect: 1 },
    ];
    for (let seed = 1; seed <= 200; seed++) {
      const r = readoutBySegment(simulate(seed, truth, 200, false));
      expect(r.kind).toBe("mean");
      r.segments.forEach((s, i) => {
        total++;
        if (s.low! <= truth[i]!.effect && truth[i]!.effect <= s.high!) covered++;
      });
    }
    expect(covered / total).toBeGreaterThanOrEqual(0.93);
  });

  it("readoutBySegment finds an effect planted in one segment only, and the heterogeneity test sees it", () => {
    const planted = [
      { control: 0.3, effect: 0 },
      { control: 0.3, effect: 0.2 },
      { control: 0.3, effect: 0 },
    ];
    const r = readoutBySegment(simulate(7, planted, 1000));
    expect(r.segments.map((s) => s.pAdjusted! < 0.05)).toEqual([false, true, false]);
    expect(r.heterogeneity.df).toBe(2);
    expect(r.heterogeneity.p!).toBeLessThan(0.001);
    const same = readoutBySegment(
      simulate(
        7,
        planted.map((g) => ({ ...g, effect: 0.1 })),
        1000,
      ),
    );
    expect(same.heterogeneity.p!).toBeGreaterThan(0.05);
  });

  it("readoutBySegment flags segments too small to detect minEffect (80 % power)", () => {
    const data = simulate(
      3,
      [
        { control: 0.3, effect: 0.05 },
        { control: 0.3, effect: 0.05 },
      ],
      200,
    );
    // Grow segment 1 to 4000 users: its MDE falls below 0.05, segment 0's (200 users) does not.
    const big = simulate(4, [{ control: 0.3, effect: 0.05 }], 4000);
    const joined = {
      userId: [
        ...data.userId.filter((_, i) => data.segmentId[i] === 0),
        ...big.userId.map((u) => `b${u}`),
      ],
      segmentId: Int32Array.from([
        ...Array.from(data.segmentId).filter((s) => s === 0),
        ...big.segmentId.map(() => 1),
      ]),
      names: ["small", "big"],
      arm: [...data.arm.filter((_, i) => data.segmentId[i] === 0), ...big.arm],
      outcome: Float64Array.from([
        ...Array.from(data.outcome).filter((_, i) => data.segmentId[i] === 0),
        ...big.outcome,
      ]),
    };
    const r = readoutBySegment(joined, { minEffect: 0.05 });
    expect(r.minEffectSource).toBe("given");
    // MDE = (1.96 + 0.8416) · se; se ≈ √(0.3 · 0.7 · (2/100)) = 0.0648 for 100 per arm → ≈ 0.18.
    expect(r.segments[0]!.mde!).toBeGreaterThan(0.15);
    expect(r.segments[0]!.underpowered).toBe(true);
    expect(r.segments[1]!.mde!).toBeLessThan(0.05);
    expect(r.segments[1]!.underpowered).toBe(false);
  });

  it("readoutBySegment names its input errors and counts users left out", () => {
    const base = simulate(1, [{ control: 0.5, effect: 0 }], 10);
    expect(() => readoutBySegment({ ...base, arm: base.arm.map(() => "a") })).toThrow(
      msg.badArms(["a"]),
    );
    expect(() => readoutBySegment(base, { control: "placebo" })).toThrow(
      msg.noControl("placebo", ["control", "treatment"]),
    );
    expect(() => readoutBySegment({ ...base, arm: base.arm.slice(1) })).toThrow(
      msg.lengthMismatch("arm", 9, 10),
    );
    expect(() => readoutBySegment(base, { minEffect: -1 })).toThrow(msg.badMinEffect(-1));
    const gaps = readoutBySegment({
      ...base,
      arm: base.arm.map((a, i) => (i === 0 ? null : a)),
      outcome: Float64Array.from(base.outcome, (y, i) => (i === 1 ? NaN : y)),
    });
    expect(gaps.warnings).toEqual([msg.missingArm(1), msg.missingOutcome(1)]);
    expect(gaps.overall.n).toEqual({ control: 4, treatment: 4 });
  });
});
