import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadUsageData, type LoadedUsageData } from "../../src/io/load-usage-data.js";
import { parseSegmentModel } from "../../src/model/parse-segment-model.js";
import type { SegmentModel } from "../../src/model/schema.js";
import { compare, discover, readout, track, type DiscoverResult } from "../../src/pipeline.js";
import {
  PERSONAS,
  PLANTED_EXPERIMENT,
  PLANTED_MOVES,
  writeSampleProduct,
  type PlantedPersona,
} from "../../src/sample/index.js";
import * as msg from "../../src/track/messages.js";

// The bundled sample (window 0) and seeded later snapshots of the same users: planted moves,
// a reshuffle of the same population, a planted behaviour change, and a planted experiment.
const root = path.resolve(__dirname, "../..");
const files = {
  events: [path.join(root, "data/sample/events.csv.gz")],
  users: path.join(root, "data/sample/users.csv"),
};
let dir: string;
// Each data set is loaded once and shared by the tests (the verbs take loaded data too).
let sample: LoadedUsageData;
const loaded = new Map<string, LoadedUsageData>();
let run: DiscoverResult;
let model: SegmentModel;
/** Segment id → planted persona (majority of its users in window 0). */
let personaOf: PlantedPersona[];
const snap = (name: string) => loaded.get(name)!;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "segmentlab-over-time-"));
  await Promise.all([
    writeSampleProduct(path.join(dir, "after"), { snapshot: 1, gzip: false }),
    writeSampleProduct(path.join(dir, "reshuffled"), { moves: "reshuffle", gzip: false }),
    writeSampleProduct(path.join(dir, "changed"), { behaviourChange: true, gzip: false }),
    writeSampleProduct(path.join(dir, "experiment"), { experiment: true, gzip: false }),
  ]);
  sample = await loadUsageData(files);
  for (const name of ["after", "reshuffled", "changed", "experiment"])
    loaded.set(
      name,
      await loadUsageData({
        events: [path.join(dir, name, "events.csv")],
        users: path.join(dir, name, "users.csv"),
      }),
    );
  run = await discover(sample, { k: 7, seed: 0, stabilityB: 0, createdAt: "2026-12-01T00:00:00Z" });
  model = run.model;
  const truth = new Map(
    fs
      .readFileSync(path.join(root, "data/sample/ground_truth.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(",") as [string, PlantedPersona]),
  );
  personaOf = Array.from({ length: 7 }, (_, s) => {
    const counts = new Map<PlantedPersona, number>();
    run.table.ids.forEach((id, i) => {
      if (run.labels[i] === s) counts.set(truth.get(id)!, (counts.get(truth.get(id)!) ?? 0) + 1);
    });
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  });
});
afterAll(() => {
  sample?.db.close();
  for (const l of loaded.values()) l.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("segments over time on the sample", () => {
  it("discover stores drift bins in model.json: aggregates only, no user ids, and a JSON round trip holds", () => {
    expect(new Set(personaOf).size).toBe(7);
    const d = model.drift!;
    expect(d.features.map((f) => f.name)).toEqual(run.clusterOn);
    expect(d.segmentShares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (const f of d.features)
      expect(f.shares.reduce((a, b) => a + b, 0) + f.missing).toBeCloseTo(1, 12);
    expect(JSON.stringify(d)).not.toMatch(/u0\d{4}/);
    expect(parseSegmentModel(JSON.parse(JSON.stringify(model)))).toEqual(model);
  });

  it("track(model, {before, after}) recovers the planted moves within ±2 percentage points", async () => {
    const t = await track(model, { before: sample, after: snap("after") });
    const seg = (p: PlantedPersona) => personaOf.indexOf(p);
    expect(t.migration.users).toEqual({ both: 2000, disappeared: 0, appeared: 0 });
    const planted = new Map<string, number>();
    for (const p of PERSONAS) planted.set(`${p}>${p}`, 1);
    for (const m of PLANTED_MOVES) {
      planted.set(`${m.from}>${m.to}`, m.share);
      planted.set(`${m.from}>${m.from}`, (planted.get(`${m.from}>${m.from}`) ?? 1) - m.share);
    }
    // Every cell of a row with a planted move: within ±2 points. Personas without a planted move
    // keep ≥ 95 % of their users: 4 % of the Dormant persona lands in its neighbour after a
    // window, as tenure (time since signup) ages by 90 days (the drift reasons say so).
    const moved = new Set(PLANTED_MOVES.map((m) => m.from));
    for (const from of PERSONAS)
      for (const to of PERSONAS) {
        const truth = planted.get(`${from}>${to}`) ?? 0;
        const got = t.migration.shares[seg(from)]![seg(to)]!;
        if (moved.has(from))
          expect(Math.abs(got - truth), `${from} → ${to}: ${got}`).toBeLessThanOrEqual(0.02);
        else if (to === from) expect(got, `${from} stays: ${got}`).toBeGreaterThanOrEqual(0.95);
      }
  });

  it("track(model, …) flags drift when behaviour changes, and not when users are only reshuffled", async () => {
    const reshuffled = await track(model, { before: sample, after: snap("reshuffled") });
    expect(reshuffled.drift!.verdict).toBe("fresh");
    expect(Math.max(...reshuffled.drift!.features.map((f) => f.psi))).toBeLessThan(0.1);
    // Users did move: fewer than half stay in their segment, yet the mix is the same.
    expect(reshuffled.migration.movement.stayed).toBeLessThan(1000);
    expect(reshuffled.drift!.segmentPsi).toBeLessThan(0.02);
    const changed = await track(model, { before: sample, after: snap("changed") });
    expect(changed.drift!.verdict).toBe("stale");
    const eps = changed.drift!.features.find((f) => f.name === "events_per_session")!;
    expect(eps.psi).toBeGreaterThan(0.25);
    expect(changed.drift!.reasons[0]).toContain("events_per_session");
  });

  it("compare(model, model, data) gives ARI 1 and every segment survives into itself", async () => {
    const c = await compare(model, model, sample);
    expect(c.ari).toBe(1);
    expect(c.transitions).toHaveLength(7);
    for (const t of c.transitions) {
      expect(t.type).toBe("survived");
      expect(t.to).toBe(t.from);
      expect(t.overlap).toBe(1);
    }
    const byCentroids = await compare(model, model);
    expect(byCentroids.transitions.map((t) => [t.type, t.from, t.to])).toEqual(
      Array.from({ length: 7 }, (_, s) => ["survived", s, s]),
    );
    expect(
      byCentroids.survivors.every((s) => s.shift.every((f) => Math.abs(f.change) < 1e-9)),
    ).toBe(true);
  });

  it("readout(model, data, {arm, outcome}) finds the planted effect in its persona only", async () => {
    const r = await readout(model, snap("experiment"), { arm: "arm", outcome: "converted" });
    expect(r.kind).toBe("proportion");
    expect(r.overall.n).toEqual({ control: 1000, treatment: 1000 });
    const planted = personaOf.indexOf(PLANTED_EXPERIMENT.persona);
    const significant = r.segments.filter((s) => s.pAdjusted! < 0.05).map((s) => s.segment);
    expect(significant).toEqual([planted]);
    const s = r.segments[planted]!;
    expect(s.low!).toBeLessThan(PLANTED_EXPERIMENT.effect);
    expect(s.high!).toBeGreaterThan(PLANTED_EXPERIMENT.effect);
    expect(r.heterogeneity.p!).toBeLessThan(0.05);
  });

  it("track(model, …) on a model without drift bins says drift needs a newer model", async () => {
    const { drift: _d, ...old } = model;
    const t = await track(old as SegmentModel, { before: sample, after: sample });
    expect(t.drift).toBeNull();
    expect(t.driftUnavailable).toBe(msg.noDriftReference(model.library.version));
    expect(t.migration.movement.stayed).toBe(2000);
  });

  it("track(model, {data, windows}) splits one log into two windows", async () => {
    const t = await track(model, {
      data: sample,
      windows: [
        { start: "2026-01-01", end: "2026-02-14" },
        { start: "2026-02-15", end: "2026-03-31" },
      ],
    });
    expect(t.snapshots[0]!.window!.end < "2026-02-15").toBe(true);
    expect(t.snapshots[1]!.window!.start >= "2026-02-15").toBe(true);
    // Dormant users leave in the first half; new explorers arrive in the second.
    expect(t.migration.users.disappeared).toBeGreaterThan(200);
    expect(t.migration.users.appeared).toBeGreaterThan(200);
  });
});
