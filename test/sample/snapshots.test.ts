import { describe, expect, it } from "vitest";
import {
  generateSampleProduct,
  personaCounts,
  PERSONAS,
  PLANTED_MOVES,
} from "../../src/sample/index.js";
import * as msg from "../../src/sample/messages.js";

describe("generateSampleProduct snapshots", () => {
  it("generateSampleProduct({snapshot: 1}) moves exactly the planted shares and keeps ids and attributes", () => {
    const base = generateSampleProduct({ users: 1000, seed: 9 });
    const later = generateSampleProduct({ users: 1000, seed: 9, snapshot: 1 });
    expect(later.users).toEqual(base.users);
    expect(later.window).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    const counts = personaCounts(1000);
    for (const m of PLANTED_MOVES) {
      const n = later.groundTruth.filter((g) => g.previous === m.from && g.persona === m.to).length;
      expect(n, `${m.from} → ${m.to}`).toBe(Math.round(m.share * counts[m.from]));
    }
    for (const g of later.groundTruth)
      if (!PLANTED_MOVES.some((m) => m.from === g.previous)) expect(g.persona).toBe(g.previous);
  });

  it("generateSampleProduct({moves: reshuffle}) keeps the persona mix and moves users", () => {
    const p = generateSampleProduct({ users: 1000, seed: 9, moves: "reshuffle" });
    const mix = (xs: string[]) => PERSONAS.map((q) => xs.filter((x) => x === q).length);
    expect(mix(p.groundTruth.map((g) => g.persona))).toEqual(
      mix(p.groundTruth.map((g) => g.previous!)),
    );
    expect(p.groundTruth.filter((g) => g.persona !== g.previous).length).toBeGreaterThan(500);
  });

  it("generateSampleProduct({behaviourChange, experiment}) plants more events and two equal arms", () => {
    const base = generateSampleProduct({ users: 300, seed: 2 });
    const changed = generateSampleProduct({
      users: 300,
      seed: 2,
      behaviourChange: true,
      experiment: true,
    });
    expect(changed.expectedEvents).toBeGreaterThan(1.5 * base.expectedEvents);
    expect(changed.users.filter((u) => u.arm === "treatment")).toHaveLength(150);
    expect(changed.users.every((u) => u.converted === 0 || u.converted === 1)).toBe(true);
    expect(base.users[0]!.arm).toBeUndefined();
  });

  it("generateSampleProduct rejects a bad snapshot or moves", () => {
    expect(() => generateSampleProduct({ snapshot: -1 })).toThrow(msg.badSnapshot(-1));
    expect(() => generateSampleProduct({ moves: "swap" as "none" })).toThrow(msg.badMoves("swap"));
  });
});
