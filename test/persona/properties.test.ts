import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FeatureFamily } from "../../src/features/types.js";
import { fitSegmentRules, profileSegments } from "../../src/profile/index.js";
import { namePersonas } from "../../src/persona/index.js";
import { makeTable } from "../profile/helpers.js";

const FAMILIES: FeatureFamily[] = [
  "activity",
  "frequency",
  "recency",
  "tenure",
  "breadth",
  "value",
  "time_mix",
  "trend",
  "table",
];

describe("profile and persona invariants", () => {
  it("namePersonas(profileSegments(table, labels)) gives unique, non-empty, number-free names; rules partition the users", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.array(
          fc.tuple(
            fc.constantFrom(...FAMILIES),
            fc.array(fc.double({ min: 0, max: 100, noNaN: true }), {
              minLength: 24,
              maxLength: 24,
            }),
          ),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        fc.array(fc.nat(5), { minLength: 24, maxLength: 24 }),
        (k, cols, raw) => {
          const labels = raw.map((l, i) => (i < k ? i : l % k));
          const spec: Record<string, [FeatureFamily, string, number[]]> = {};
          cols.forEach(
            ([family, values], j) =>
              (spec[`${family}_${j}`] = [
                family,
                family === "time_mix" ? "share" : "",
                values.map((v) => (family === "time_mix" ? v / 100 : v)),
              ]),
          );
          const table = makeTable(spec);
          const profiles = profileSegments(table, labels);
          expect(profiles.segments.reduce((a, s) => a + s.size, 0)).toBe(24);
          expect(JSON.parse(JSON.stringify(profiles))).toEqual(profiles);
          const names = namePersonas(profiles).map((p) => p.name);
          expect(new Set(names.map((x) => x.toLowerCase())).size).toBe(k);
          for (const name of names) {
            expect(name.trim().length).toBeGreaterThan(0);
            expect(name).not.toMatch(/#\\d/);
          }
          const rules = fitSegmentRules(table, labels, { minLeaf: 1 });
          expect(rules.rules.reduce((a, r) => a + r.matched, 0)).toBe(24);
          const hits = rules.rules.reduce(
            (a, r) => a + r.coverage * profiles.segments[r.segment]!.size,
            0,
          );
          expect(hits / 24).toBeCloseTo(rules.fidelity, 9);
        },
      ),
      { numRuns: 60, seed: 5 },
    );
  });
});
