import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSampleProduct } from "../../src/sample/index.js";

// The over-time commands end to end through the built CLI (npm test builds first).
const root = path.resolve(__dirname, "../..");
const bin = path.join(root, "bin/segmentlab.js");
const sample = (f: string) => path.join(root, "data/sample", f);

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
let model: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "segmentlab-track-cli-"));
  await writeSampleProduct(path.join(dir, "exp"), {
    experiment: true,
    users: 600,
    seed: 5,
    gzip: false,
  });
  const r = cli(
    "discover",
    sample("events.csv.gz"),
    "--users",
    sample("users.csv"),
    "--out",
    path.join(dir, "run"),
    "--k",
    "7",
    "--stability-b",
    "0",
    "--no-report",
    "--quiet",
  );
  if (r.code !== 0) throw new Error(r.stderr);
  model = path.join(dir, "run/model.json");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("segmentlab compare / track / retention / readout", () => {
  it("segmentlab compare A B EVENTS --json prints ari and transitions {from, to, type}", () => {
    const r = cli(
      "compare",
      model,
      model,
      sample("events.csv.gz"),
      "--users",
      sample("users.csv"),
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as {
      ari: number;
      transitions: { from: number; to: number; type: string }[];
    };
    expect(j.ari).toBe(1);
    expect(j.transitions.map((t) => [t.from, t.to, t.type])).toEqual(
      Array.from({ length: 7 }, (_, s) => [s, s, "survived"]),
    );
  });

  it("segmentlab track --windows … --json prints matrix and drift {verdict, features [{name, psi}]}", () => {
    const r = cli(
      "track",
      model,
      sample("events.csv.gz"),
      "--users",
      sample("users.csv"),
      "--windows",
      "2026-01-01..2026-02-14,2026-02-15..2026-03-31",
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as {
      matrix: number[][];
      drift: { verdict: string; features: { name: string; psi: number }[] };
    };
    expect(j.matrix).toHaveLength(8);
    expect(j.matrix.every((row) => row.length === 8)).toBe(true);
    expect(["fresh", "drifting", "stale"]).toContain(j.drift.verdict);
    expect(j.drift.features.length).toBeGreaterThan(5);
    expect(typeof j.drift.features[0]!.psi).toBe("number");
  });

  it("segmentlab retention --json prints cohorts [{segment, cohort, period, users, retained}] and --out writes CSV", () => {
    const csv = path.join(dir, "retention.csv");
    const r = cli(
      "retention",
      model,
      sample("events.csv.gz"),
      "--users",
      sample("users.csv"),
      "--cohort",
      "month",
      "--period",
      "week",
      "--out",
      csv,
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as {
      cohorts: {
        segment: number | string;
        cohort: string;
        period: number;
        users: number;
        retained: number;
      }[];
    };
    const all0 = j.cohorts.filter((c) => c.segment === "all" && c.period === 0);
    expect(all0.reduce((a, c) => a + c.users, 0)).toBe(2000);
    expect(all0.every((c) => c.retained === c.users)).toBe(true);
    expect(fs.readFileSync(csv, "utf8").split("\n")[0]).toBe(
      "segment,name,cohort,period,users,retained,share",
    );
  });

  it("segmentlab readout --json prints overall {effect, low, high, n} and segments with p and pAdjusted", () => {
    const r = cli(
      "readout",
      model,
      path.join(dir, "exp/events.csv"),
      "--users",
      path.join(dir, "exp/users.csv"),
      "--arm",
      "arm",
      "--outcome",
      "converted",
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as {
      overall: { effect: number; low: number; high: number; n: Record<string, number> };
      segments: {
        segment: number;
        effect: number;
        low: number;
        high: number;
        n: Record<string, number>;
        p: number;
        pAdjusted: number;
      }[];
    };
    expect(j.overall.n).toEqual({ control: 300, treatment: 300 });
    expect(j.overall.low).toBeLessThan(j.overall.effect);
    expect(j.overall.high).toBeGreaterThan(j.overall.effect);
    expect(j.segments).toHaveLength(7);
    for (const s of j.segments) expect(s.pAdjusted).toBeGreaterThanOrEqual(s.p);
  });

  it("segmentlab track/readout/retention name bad input and exit with 2", () => {
    const w = cli(
      "track",
      model,
      sample("events.csv.gz"),
      "--windows",
      "2026-01-01..2026-13-01,2026-02-01..2026-03-01",
    );
    expect(w.code).toBe(2);
    expect(w.stderr).toContain('window "2026-01-01..2026-13-01"');
    const none = cli("track", model, "--before", sample("events.csv.gz"));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("give --before FILES and --after FILES");
    const arm = cli(
      "readout",
      model,
      sample("events.csv.gz"),
      "--users",
      sample("users.csv"),
      "--arm",
      "variant",
      "--outcome",
      "plan",
    );
    expect(arm.code).toBe(2);
    expect(arm.stderr).toContain('arm: no column named "variant"');
    const g = cli(
      "retention",
      model,
      sample("events.csv.gz"),
      "--users",
      sample("users.csv"),
      "--cohort",
      "year",
    );
    expect(g.code).toBe(2);
    expect(g.stderr).toContain("cohort='year' should be 'day', 'week' or 'month'");
    const s = cli("compare", model, model, "--survival", "2");
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('--survival "2"');
  });
});
