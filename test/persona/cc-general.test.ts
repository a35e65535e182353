import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { FeatureTable } from "../../src/features/types.js";
import { fitPredictKMeans } from "../../src/cluster/index.js";
import { fitSegmentRules, profileSegments } from "../../src/profile/index.js";
import {
  flagAtypical,
  namePersonas,
  personaCardsHtml,
  personaCardsMarkdown,
  segmentationWarnings,
  verifyClaims,
} from "../../src/persona/index.js";

const FILE = path.join(process.cwd(), "..", "shared", "data", "cc-general", "CC GENERAL.csv");

/** CC GENERAL.csv has no quotes: a plain split. Blank cells (MINIMUM_PAYMENTS 313, CREDIT_LIMIT 1) are NaN. */
function readCcGeneral(): FeatureTable {
  const lines = fs.readFileSync(FILE, "utf8").trim().split(/\r?\n/);
  const header = lines[0]!.split(",");
  const names = header.slice(1);
  const rows = lines.slice(1).map((l) => l.split(","));
  return {
    ids: rows.map((r) => r[0]!),
    features: names.map((name) => ({
      name,
      family: "table" as const,
      unit: "",
      description: name,
    })),
    featureNames: names,
    columns: names.map((_, j) =>
      Float64Array.from(rows, (r) => (r[j + 1] === "" ? NaN : Number(r[j + 1]))),
    ),
    attributes: [],
  };
}

describe("personas on cc-general", () => {
  const table = readCcGeneral();
  const n = table.ids.length;
  // log1p + standardise; missing values take the column median for clustering only.
  const cols = table.columns.map((c) => {
    const finite = Float64Array.from(c.filter((v) => !Number.isNaN(v))).sort();
    const median = finite[Math.floor(finite.length / 2)]!;
    const t = c.map((v) => Math.log1p(Number.isNaN(v) ? median : v));
    const mean = t.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    return t.map((v) => (v - mean) / sd);
  });
  const d = cols.length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = cols[j]![i]!;
  const { model, labels } = fitPredictKMeans(
    { data, rows: n, cols: d },
    { k: 5, seed: 42, nInit: 4, threads: 1 },
  );
  const distances = Float64Array.from({ length: n }, (_, i) => {
    const c = model.centroids[labels[i]!]!;
    let s = 0;
    for (let j = 0; j < d; j++) s += (data[i * d + j]! - c[j]!) ** 2;
    return Math.sqrt(s);
  });

  it("profileSegments → namePersonas → cards read sensibly on cc-general (golden files to review)", async () => {
    expect(n).toBe(8950);
    const atypical = flagAtypical(distances, labels, { percentile: 0.99 });
    expect(atypical.count).toBeGreaterThan(80);
    expect(atypical.count).toBeLessThan(100);
    const profiles = profileSegments(table, labels, { exclude: atypical.flags });
    const rules = fitSegmentRules(table, labels, { exclude: atypical.flags });
    const personas = namePersonas(profiles, { rules });
    const names = personas.map((p) => p.name);
    expect(new Set(names).size).toBe(5);
    for (const name of names)
      expect(name).toMatch(/^(High|Low) [a-zA-Z ]+(, (high|low) [a-zA-Z ]+)*$|^Typical Users/);
    // Every word is a claim that holds on the data.
    const check = verifyClaims(
      { personas: personas.map((p) => ({ ...p, segmentId: p.segment })) },
      { table, labels, exclude: atypical.flags },
    );
    expect(check.failures).toEqual([]);
    expect(check.checked).toBeGreaterThan(20);
    // Rules of depth 3 reproduce most of the k-means assignment.
    expect(rules.fidelity).toBeGreaterThan(0.7);
    expect(rules.missingAs.map((m) => m.feature)).toEqual(["CREDIT_LIMIT", "MINIMUM_PAYMENTS"]);
    // The cash-advance segment: whichever persona names CASH_ADVANCE high has a much higher mean than overall.
    const cash = personas.find((p) => /high cash advance\b/i.test(p.name));
    if (cash) {
      const f = profiles.segments[cash.segment]!.features.find((x) => x.name === "CASH_ADVANCE")!;
      expect(f.segment.mean!).toBeGreaterThan(f.population.mean!);
    }
    const warnings = segmentationWarnings(profiles, { personas });
    const input = {
      profiles,
      personas,
      rules,
      atypical,
      warnings,
      title: "cc-general personas (k = 5)",
    };
    await expect(personaCardsMarkdown(input)).toMatchFileSnapshot(
      "../fixtures/persona/cc-general.md",
    );
    await expect(personaCardsHtml(input)).toMatchFileSnapshot(
      "../fixtures/persona/cc-general.html",
    );
  });
});
