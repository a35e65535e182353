import { describe, expect, it } from "vitest";
import {
  chiSquareSf,
  holmAdjust,
  newcombeInterval,
  normalCdf,
  normalQuantile,
  twoSidedP,
  wilsonInterval,
} from "../../src/track/stats.js";

describe("track statistics", () => {
  it("normalCdf(z) and normalQuantile(p) match tabulated values and invert each other", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621234, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 7);
    for (const p of [0.01, 0.2, 0.5, 0.77, 0.999])
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
  });

  it("twoSidedP(z) is 2(1 − Φ(|z|))", () => {
    expect(twoSidedP(1.959963985)).toBeCloseTo(0.05, 6);
    expect(twoSidedP(-2.575829304)).toBeCloseTo(0.01, 6);
    expect(twoSidedP(0)).toBe(1);
  });

  it("chiSquareSf(x, df) matches tabulated critical values", () => {
    expect(chiSquareSf(3.841458821, 1)).toBeCloseTo(0.05, 7);
    expect(chiSquareSf(11.07049769, 5)).toBeCloseTo(0.05, 7);
    expect(chiSquareSf(10, 5)).toBeCloseTo(0.0752352461, 7);
    expect(chiSquareSf(0, 3)).toBe(1);
  });

  it("wilsonInterval(x, n) matches the hand-computed score interval", () => {
    // p = 0.5, n = 10, z = 1.96: centre 0.5, half = 1.96·√(0.025 + 0.0096)/1.384 = 0.26341
    const [lo, hi] = wilsonInterval(5, 10);
    expect(lo).toBeCloseTo(0.236593, 5);
    expect(hi).toBeCloseTo(0.763407, 5);
    expect(wilsonInterval(0, 20)[0]).toBe(0);
    expect(wilsonInterval(0, 20)[1]).toBeCloseTo(0.161125, 5);
  });

  it("newcombeInterval({x1, n1, x0, n0}) matches Newcombe (1998), example (a)", () => {
    // Newcombe's Table II, 56/70 vs 48/80: difference 0.2, method 10 interval 0.0524 to 0.3339.
    const [lo, hi] = newcombeInterval({ x1: 56, n1: 70, x0: 48, n0: 80 });
    expect(lo).toBeCloseTo(0.0524, 4);
    expect(hi).toBeCloseTo(0.3339, 4);
  });

  it("holmAdjust(p) steps down and keeps NaN out of the count", () => {
    expect(holmAdjust([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06]);
    expect(holmAdjust([0.5, NaN, 0.01])).toEqual([0.5, NaN, 0.02]);
    expect(holmAdjust([0.9, 0.8])).toEqual([1, 1]);
    expect(holmAdjust([0.2, 0.3])).toEqual([0.4, 0.4]);
  });
});
