import * as fs from "node:fs";
import * as path from "node:path";
import { kmeans } from "ml-kmeans";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/io/database.js";
import { loadEvents } from "../../src/io/load-events.js";

/** Adjusted Rand index (Hubert & Arabie 1985), from the contingency table. */
function adjustedRand(a: string[], b: number[]): number {
  const c2 = (x: number) => (x * (x - 1)) / 2;
  const ca = new Map<string, number>();
  const cb = new Map<number, number>();
  const cab = new Map<string, number>();
  a.forEach((x, i) => {
    ca.set(x, (ca.get(x) ?? 0) + 1);
    cb.set(b[i]!, (cb.get(b[i]!) ?? 0) + 1);
    cab.set(`${x}|${b[i]}`, (cab.get(`${x}|${b[i]}`) ?? 0) + 1);
  });
  let sab = 0;
  let sa = 0;
  let sb = 0;
  for (const v of cab.values()) sab += c2(v);
  for (const v of ca.values()) sa += c2(v);
  for (const v of cb.values()) sb += c2(v);
  const expected = (sa * sb) / c2(a.length);
  return (sab - expected) / ((sa + sb) / 2 - expected);
}

describe("the committed sample product (data/sample)", () => {
  it("adjustedRand(a, b) is 1 for a relabelled partition and -0.5 for a crossed one", () => {
    expect(adjustedRand(["x", "x", "y", "y"], [5, 5, 3, 3])).toBe(1);
    expect(adjustedRand(["x", "x", "y", "y"], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });

  it("k-means on standard behavioral features recovers the 7 planted personas (ARI >= 0.85)", async () => {
    const dir = path.join(process.cwd(), "data", "sample");
    const db = await openDatabase();
    try {
      await loadEvents(db, path.join(dir, "events.csv.gz"));
      // Standard features, window 2026-01-01 … 2026-04-01 (exclusive), 30-minute sessions.
      const rows = await db.query<Record<string, number | bigint | string>>(`
        WITH s AS (
          SELECT user_id, ts, event, value, dayofweek(ts) AS dow,
            CASE WHEN lag(ts) OVER w IS NULL OR ts - lag(ts) OVER w > INTERVAL 30 MINUTE THEN 1 ELSE 0 END AS new_session
          FROM events WINDOW w AS (PARTITION BY user_id ORDER BY ts))
        SELECT user_id, count(*) AS n, count(DISTINCT CAST(ts AS DATE)) AS active_days,
          count(DISTINCT event) AS kinds, avg(CASE WHEN dow IN (0, 6) THEN 1.0 ELSE 0 END) AS weekend,
          coalesce(sum(value), 0) AS total_value, sum(new_session) AS sessions,
          count(*) FILTER (WHERE ts >= TIMESTAMP '2026-02-15') AS second_half,
          count(*) FILTER (WHERE ts < TIMESTAMP '2026-02-15') AS first_half,
          date_diff('second', max(ts), TIMESTAMP '2026-04-01') / 86400.0 AS recency,
          date_diff('second', min(ts), TIMESTAMP '2026-04-01') / 86400.0 AS tenure
        FROM s GROUP BY user_id ORDER BY user_id`);
      const truth = new Map(
        fs
          .readFileSync(path.join(dir, "ground_truth.csv"), "utf8")
          .trim()
          .split("\n")
          .slice(1)
          .map((l) => l.split(",") as [string, string]),
      );
      expect(rows).toHaveLength(truth.size);
      const X = rows.map((r) => {
        const weeks = Number(r.tenure) / 7;
        return [
          Math.log1p(Number(r.n) / weeks),
          Math.log1p(Number(r.active_days) / weeks),
          Math.log1p(Number(r.recency)),
          Math.log1p(Number(r.tenure)),
          Math.log1p(Number(r.kinds)),
          Number(r.weekend),
          Math.log1p(Number(r.total_value)),
          Math.log((Number(r.second_half) + 1) / (Number(r.first_half) + 1)),
          Math.log1p(Number(r.sessions)),
        ];
      });
      for (let j = 0; j < X[0]!.length; j++) {
        const mean = X.reduce((s, x) => s + x[j]!, 0) / X.length;
        const sd = Math.sqrt(X.reduce((s, x) => s + (x[j]! - mean) ** 2, 0) / X.length) || 1;
        for (const x of X) x[j] = (x[j]! - mean) / sd;
      }
      let best: { inertia: number; clusters: number[] } | undefined;
      for (let seed = 1; seed <= 5; seed++) {
        const km = kmeans(X, 7, { seed, initialization: "kmeans++" });
        const inertia = km.computeInformation(X).reduce((s, c) => s + c.error, 0);
        if (best === undefined || inertia < best.inertia) best = { inertia, clusters: km.clusters };
      }
      const ari = adjustedRand(
        rows.map((r) => truth.get(String(r.user_id))!),
        best!.clusters,
      );
      expect(ari).toBeGreaterThanOrEqual(0.85);
    } finally {
      db.close();
    }
  });
});
