import { describe, expect, it } from "vitest";
import { profileSegments } from "../../src/profile/index.js";
import { namePersonas, renamePersona, TYPICAL_NAME } from "../../src/persona/index.js";
import * as msg from "../../src/persona/messages.js";
import { makeTable } from "../profile/helpers.js";
import { ARCHETYPES, syntheticTable } from "./synthetic.js";

const byName = (name: string) => ARCHETYPES.find((a) => a.name === name)!;

describe("namePersonas", () => {
  it("namePersonas(profiles) names each planted archetype", () => {
    const { table, labels } = syntheticTable();
    const personas = namePersonas(profileSegments(table, labels));
    expect(personas.map((p) => p.name)).toEqual([
      "Power Users",
      "Dormant",
      "New Explorers",
      "Fading Regulars",
      "Big Spenders",
      "Weekend Browsers",
      "Typical Users",
    ]);
    expect(personas.map((p) => p.typical)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
    expect(personas[2]!.description).toBe(
      "Users who joined recently (a median of 20 days before the data ends) and use more different features than average.",
    );
    expect(personas[6]!.description).toBe(
      "Users close to the average on every clustered feature: no trait reaches |effect size| 0.5.",
    );
    expect(personas[6]!.evidence).toEqual([]);
  });

  it("namePersonas(profiles) gives evidence lines with hand-computed numbers", () => {
    const { table, labels } = syntheticTable();
    const personas = namePersonas(profileSegments(table, labels));
    // Equal segment sizes: population mean = mean of the planted means.
    // events: (250+30+100+180+100+50+100)/7 = 115.7; active days: 17/7 = 2.43.
    expect(personas[0]!.evidence.slice(0, 2)).toEqual([
      "events: 250 events vs 116 events overall (2.2× the average)",
      "active days per week: 5.5 days/week vs 2.4 days/week overall (2.3× the average)",
    ]);
    expect(personas[0]!.evidence).toContain("attribute plan: 70 % free vs 40 % overall");
    // days since last: (80 + 6·10)/7 = 20; 80/20 = 4.
    expect(personas[1]!.evidence[0]).toBe(
      "days since last event: 80 days vs 20 days overall (4× the average)",
    );
    // weekend: (0.7 + 6·0.28)/7 = 0.34.
    expect(personas[5]!.evidence[0]).toBe("weekend share: 70 % vs 34 % overall (2.1× the average)");
    // value: (200 + 6·50)/7 = 71.43; currency has no unit word.
    expect(personas[4]!.evidence[0]).toBe("value sum: 200 vs 71.4 overall (2.8× the average)");
  });

  it("namePersonas(profiles) disambiguates colliding names by the next strongest trait, never by a number", () => {
    const power = byName("power");
    const strong = { ...power.means, events: 400, active_days_per_week: 6.5 };
    const { table, labels } = syntheticTable(100, [
      { name: "broad power", means: { ...strong, distinct_events: 14 }, free: 0.7 },
      { name: "rich power", means: { ...strong, value_sum: 75 }, free: 0.7 },
      ...ARCHETYPES.slice(1, 4),
      ARCHETYPES[5]!,
    ]);
    const names = namePersonas(profileSegments(table, labels)).map((p) => p.name);
    expect(names.slice(0, 2)).toEqual(["Exploring Power Users", "Big-Spending Power Users"]);
    expect(new Set(names).size).toBe(6);
    for (const n of names) expect(n).not.toMatch(/\d/);
  });

  it("namePersonas(profiles) separates look-alike typical segments by the feature that differs most", () => {
    const { table, labels } = syntheticTable(100, [
      ...ARCHETYPES.slice(0, 6),
      { name: "typical a", means: { trend: 1.02 }, free: 0.4 },
      { name: "typical b", means: { trend: 0.98 }, free: 0.4 },
    ]);
    const names = namePersonas(profileSegments(table, labels)).map((p) => p.name);
    expect(names.slice(6)).toEqual([
      `${TYPICAL_NAME}, higher trend`,
      `${TYPICAL_NAME}, lower trend`,
    ]);
  });

  it("namePersonas(profiles) gives letters to segments that differ in nothing", () => {
    const t = makeTable({ a: ["table", "", [1, 1, 1, 1, 1, 1]] });
    expect(namePersonas(profileSegments(t, [0, 0, 1, 1, 2, 2])).map((p) => p.name)).toEqual([
      "Typical Users A",
      "Typical Users B",
      "Typical Users C",
    ]);
  });

  it("namePersonas(profiles) names generic table features by their names", () => {
    const t = makeTable({
      CASH_ADVANCE: ["table", "", [10, 12, 11, 0, 1, 0, 1, 0]],
      PURCHASES: ["table", "", [0, 1, 0, 10, 12, 11, 1, 0]],
      BALANCE: ["table", "", [9, 8, 9, 1, 2, 1, 5, 5]],
    });
    const personas = namePersonas(profileSegments(t, [0, 0, 0, 1, 1, 1, 2, 2]));
    // Humanized column labels, sentence case.
    expect(personas[0]!.name).toBe("High cash advance, high balance");
    expect(personas[1]!.name).toBe("High purchases, low balance");
    expect(personas[0]!.description).toBe(
      "Users with high cash advance, high balance and low purchases.",
    );
    expect(new Set(personas.map((p) => p.name)).size).toBe(3);
  });

  it("namePersonas(profiles) reads RFM scores by meaning: recency score, orders, spend, trend in −1..1", () => {
    // 4 segments of 4 users: low recency score, many orders, high spend, baseline.
    const rep = (xs: number[]) => xs.flatMap((x) => [x - 0.1, x + 0.1, x - 0.05, x + 0.05]);
    const t = makeTable({
      rfm_recency_score: ["value", "score 1-5", rep([1, 4, 4, 4])],
      orders: ["value", "orders", rep([2, 20, 3, 3])],
      value_sum: ["value", "currency", rep([50, 60, 900, 55])],
      activity_trend: ["trend", "ratio -1..1", rep([-0.6, 0.1, 0.1, 0.1])],
    });
    const labels = [0, 1, 2, 3].flatMap((s) => [s, s, s, s]);
    const personas = namePersonas(profileSegments(t, labels));
    // A recency *score* has no days, so it cannot say "dormant": the falling trend names segment 0.
    expect(personas.map((p) => p.name).slice(0, 3)).toEqual([
      "Fading Buyers",
      "Frequent Buyers",
      "Big Spenders",
    ]);
    // Trends and scores have no "× the average" (no true zero).
    expect(personas[0]!.evidence).toContain("activity trend: -0.6 vs -0.075 overall");
    expect(personas[0]!.evidence).toContain("rfm recency score: 1 vs 3.3 overall");
  });

  it("namePersonas(profiles, {stability, previous}) keeps edited names and descriptions", () => {
    const { table, labels } = syntheticTable();
    const profiles = profileSegments(table, labels);
    const first = namePersonas(profiles);
    const edited = renamePersona(first, 5, "Weekend Warriors", "Shop on Saturdays.");
    const again = namePersonas(profiles, {
      previous: edited,
      stability: [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, null],
    });
    expect(again[5]).toMatchObject({
      name: "Weekend Warriors",
      description: "Shop on Saturdays.",
      edited: true,
      stability: 0.4,
    });
    expect(again[0]).toMatchObject({ name: "Power Users", edited: false, stability: 0.9 });
    expect(again[6]!.stability).toBeNull();
    expect(JSON.parse(JSON.stringify(again))).toEqual(again);
  });
});

describe("renamePersona", () => {
  const { table, labels } = syntheticTable();
  const personas = namePersonas(profileSegments(table, labels));

  it("renamePersona(personas, 3, name) renames without mutating and flags the edit", () => {
    const out = renamePersona(personas, 3, "  Night Owls ");
    expect(out[3]).toMatchObject({
      name: "Night Owls",
      description: personas[3]!.description,
      edited: true,
    });
    expect(personas[3]!.name).toBe("Fading Regulars");
    expect(out[0]).toBe(personas[0]);
    // Renaming a persona to its own name (other case) is allowed.
    expect(renamePersona(personas, 0, "power users")[0]!.name).toBe("power users");
  });

  it("renamePersona(personas, segment, name) rejects bad input with messages naming the value", () => {
    expect(() => renamePersona(personas, 9, "X")).toThrow(
      new RangeError(msg.unknownSegment(9, [0, 1, 2, 3, 4, 5, 6])),
    );
    expect(() => renamePersona(personas, 1, "   ")).toThrow(new TypeError(msg.emptyName("   ")));
    expect(() => renamePersona(personas, 1, "big spenders")).toThrow(
      new TypeError(msg.duplicateName("big spenders", 4)),
    );
    const long = "x".repeat(61);
    expect(() => renamePersona(personas, 1, long)).toThrow(
      new TypeError(msg.nameTooLong(long, 60)),
    );
  });
});
