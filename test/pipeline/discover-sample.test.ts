import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { adjustedRandIndex } from "../../src/cluster/index.js";
import { assignTable } from "../../src/model/assign.js";
import { discover, defaultClusterFeatures, type DiscoverResult } from "../../src/pipeline.js";

// The bundled sample product has 7 planted personas (data/README.md); the pipeline never reads
// ground_truth.csv — only this test does, to check what the pipeline found.
const root = path.resolve(__dirname, "../..");
const sample = (f: string) => path.join(root, "data/sample", f);
const truth = new Map(
  fs
    .readFileSync(sample("ground_truth.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",") as [string, string]),
);

let run: DiscoverResult;
let planted: string[];

beforeAll(async () => {
  run = await discover(
    { events: [sample("events.csv.gz")], users: sample("users.csv") },
    { seed: 0, createdAt: "2026-11-28T00:00:00Z" },
  );
  planted = run.table.ids.map((id) => truth.get(id)!);
});

/** Rows = planted personas, columns = segments: how many users of each persona went where. */
function confusion(): Map<string, number[]> {
  const k = run.personas.length;
  const m = new Map<string, number[]>();
  planted.forEach((p, i) => {
    if (!m.has(p)) m.set(p, new Array<number>(k).fill(0));
    m.get(p)![run.labels[i]!]!++;
  });
  return m;
}

/** The segment holding most users of a planted persona. */
function segmentOf(persona: string): number {
  const row = confusion().get(persona)!;
  return row.indexOf(Math.max(...row));
}

describe("discover(sample product)", () => {
  it("discover(sample, {k: auto}) recommends the planted 7 personas with reasons", () => {
    expect(run.verdict).toBe("structure");
    expect(run.recommendation!.k).toBe(7);
    expect(run.recommendation!.reasons.join(" ")).toMatch(/k = 7/);
  });

  it("discover(sample) recovers the planted personas (ARI ≥ 0.8) — confusion table printed", () => {
    const names = [...new Set(planted)].sort();
    const ari = adjustedRandIndex(
      planted.map((p) => names.indexOf(p)),
      run.labels,
    );
    const header = ["planted \\ segment", ...run.personas.map((p) => `${p.segment}:${p.name}`)];
    const lines = [...confusion()].map(([p, row]) => [p, ...row.map(String)].join("\t"));
    console.log(`ARI ${ari.toFixed(3)}\n${header.join("\t")}\n${lines.join("\n")}`);
    expect(ari).toBeGreaterThanOrEqual(0.8);
  });

  it("discover(sample) names each planted persona's segment after what was planted", () => {
    const name = (persona: string) => run.personas[segmentOf(persona)]!.name;
    expect(name("power_user")).toMatch(/Power/);
    expect(name("dormant")).toMatch(/Dormant/);
    expect(name("weekend_casual")).toMatch(/Weekend/);
    expect(name("high_value_buyer")).toMatch(/Buyer|Spender/);
    expect(name("declining")).toMatch(/Fading|Declining|At-Risk/);
    expect(name("steady_weekly")).toMatch(/Weekday|Weekly|Regular/);
    expect(name("new_explorer")).toMatch(/New|Rising|Explorer/);
    // Names never collide.
    expect(new Set(run.personas.map((p) => p.name)).size).toBe(run.personas.length);
  });

  it("discover(sample) backs each name with evidence in numbers", () => {
    const dormant = run.personas[segmentOf("dormant")]!;
    expect(dormant.evidence.some((e) => /days since last event|last seen|days/.test(e))).toBe(true);
    for (const p of run.personas) expect(p.evidence.every((e) => /\d/.test(e))).toBe(true);
  });

  it("discover(sample) clusters on the core behavioral features and profiles the rest", () => {
    expect(run.clusterOn).toEqual(defaultClusterFeatures(run.table));
    expect(run.clusterOn).not.toContain("count_login");
    expect(run.clusterOn).toContain("days_since_last_event");
    // Attributes are profiled per segment although never clustered on.
    const plans = run.profiles.segments[0]!.attributes.find((a) => a.name === "plan");
    expect(plans?.levels.length).toBeGreaterThan(1);
  });

  it("assignTable(model, training table) reproduces the labels and the atypical flags", () => {
    const a = assignTable(run.model, run.table);
    expect(Array.from(a.segmentId)).toEqual(Array.from(run.labels));
    expect(Array.from(a.atypical)).toEqual(Array.from(run.atypical.flags));
    expect(run.atypical.count).toBeGreaterThan(0);
  });

  it("discover(sample) is deterministic: same data + same seed = same model, byte for byte", async () => {
    const again = await discover(
      { events: [sample("events.csv.gz")], users: sample("users.csv") },
      { seed: 0, createdAt: "2026-11-28T00:00:00Z" },
    );
    expect(JSON.stringify(again.model)).toBe(JSON.stringify(run.model));
  });
});
