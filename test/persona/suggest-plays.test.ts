import { describe, expect, it } from "vitest";
import { profileSegments } from "../../src/profile/index.js";
import { namePersonas, suggestPlays } from "../../src/persona/index.js";
import { syntheticTable } from "./synthetic.js";

describe("suggestPlays", () => {
  const { table, labels } = syntheticTable();
  // Churn planted: dormant users churned 8 in 10, everyone else 1 in 10.
  const churned = Float64Array.from(labels, (l, i) =>
    l === 1 ? (i % 10 < 8 ? 1 : 0) : i % 10 === 0 ? 1 : 0,
  );
  const profiles = profileSegments(table, labels, {
    outcomes: [{ name: "churned", values: churned }],
  });
  const personas = namePersonas(profiles);
  const plays = profiles.segments.map((s) => suggestPlays(s, personas[s.segment]!));
  const titles = plays.map((p) => p.map((x) => x.title));

  it("suggestPlays(segment, persona) follows from each archetype's traits and attributes", () => {
    expect(titles[0]).toContain("Upgrade prompt"); // power users, 70 % free
    expect(titles[1]).toEqual(["Win-back", "Retention priority"]); // dormant, churn 80 % vs 20 %
    expect(titles[2]![0]).toBe("Onboarding");
    expect(titles[3]![0]).toBe("Re-engagement");
    expect(titles[4]![0]).toBe("VIP care");
    expect(titles[5]).toEqual(["Timing", "Activation"]);
    expect(titles[6]).toEqual(["Baseline"]);
  });

  it("suggestPlays(segment, persona) gives the numbers behind each play", () => {
    const upgrade = plays[0]!.find((p) => p.title === "Upgrade prompt")!;
    expect(upgrade.because).toEqual([
      "events: 250 events vs 116 events overall (2.2× the average)",
      "70 % free (plan) vs 40 % overall",
    ]);
    // Churn overall: (80 + 6·10)/700 = 20 %.
    expect(plays[1]![1]!.because).toEqual(["churned: 80 % vs 20 % overall"]);
    expect(plays[2]![0]!.because[1]).toBe(
      "distinct events: 13 events vs 9.1 events overall (1.4× the average)",
    );
  });

  it("suggestPlays(segment, persona, {freePlan}) does not suggest upgrades without a free plan", () => {
    const p = suggestPlays(profiles.segments[0]!, personas[0]!, { freePlan: /^trial$/ });
    expect(p.map((x) => x.title)).toContain("Advocacy");
    expect(p.map((x) => x.title)).not.toContain("Upgrade prompt");
  });
});
