import { describe, expect, it } from "vitest";
import { fitSegmentRules, profileSegments } from "../../src/profile/index.js";
import {
  flagAtypical,
  namePersonas,
  personaCardsHtml,
  personaCardsMarkdown,
  renamePersona,
  segmentationWarnings,
} from "../../src/persona/index.js";
import { syntheticTable } from "./synthetic.js";

/** Euclidean distance of each user to its segment mean, on features scaled by their population SD. */
function distances(columns: Float64Array[], labels: Int32Array, k: number): Float64Array {
  const n = labels.length;
  const out = new Float64Array(n);
  for (const col of columns) {
    const mean = col.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    const segMean = new Float64Array(k);
    const count = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      segMean[labels[i]!]! += col[i]!;
      count[labels[i]!]!++;
    }
    for (let i = 0; i < n; i++)
      out[i]! += ((col[i]! - segMean[labels[i]!]! / count[labels[i]!]!) / sd) ** 2;
  }
  // Break the ties of the planted grid so the percentile has something to cut.
  return out.map((v, i) => Math.sqrt(v) + (i % 37) * 0.01);
}

function synthetic() {
  const { table, labels } = syntheticTable();
  // Platform is not a clustering feature: profiled anyway. Big spenders are mostly on iOS.
  const platform = Array.from(labels, (l, i) =>
    l === 4 ? (i % 10 < 8 ? "iOS" : "Android") : i % 10 < 4 ? "iOS" : i % 10 < 9 ? "Android" : null,
  );
  const churned = Float64Array.from(labels, (l, i) =>
    l === 1 ? (i % 10 < 8 ? 1 : 0) : i % 10 === 0 ? 1 : 0,
  );
  const revenue = Float64Array.from(table.columns[5]!, (v) => v * 1.5);
  const atypical = flagAtypical(distances(table.columns, labels, 7), labels, { percentile: 0.95 });
  const options = {
    attributes: [{ name: "platform", values: platform }],
    outcomes: [
      { name: "churned", values: churned },
      { name: "revenue", values: revenue },
    ],
  };
  const profiles = profileSegments(table, labels, { ...options, exclude: atypical.flags });
  const rules = fitSegmentRules(table, labels, { depth: 4 });
  const stability = [0.93, 0.97, 0.81, 0.72, 0.88, 0.9, 0.55];
  let personas = namePersonas(profiles, { rules, stability });
  personas = renamePersona(
    personas,
    5,
    "Weekend <Browsers> & Co",
    "Edited: they browse on Saturdays.",
  );
  const warnings = segmentationWarnings(profiles, { personas, stability, maxActionable: 6 });
  return { profiles, personas, rules, atypical, warnings };
}

describe("persona cards", () => {
  it("personaCardsMarkdown(input) renders the synthetic personas (golden file)", async () => {
    const md = personaCardsMarkdown({ ...synthetic(), title: "Synthetic personas" });
    expect(md).toContain("## Power Users");
    expect(md).toContain("Weekend \\<Browsers\\> & Co (edited)");
    await expect(md).toMatchFileSnapshot("../fixtures/persona/synthetic.md");
  });

  it("personaCardsHtml(input) is self-contained, escaped and matches its golden file", async () => {
    const html = personaCardsHtml({ ...synthetic(), title: "Synthetic personas" });
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("<h2>Weekend &lt;Browsers&gt; &amp; Co</h2>");
    expect(html).not.toMatch(/<script|<link|src=/);
    await expect(html).toMatchFileSnapshot("../fixtures/persona/synthetic.html");
  });
});
