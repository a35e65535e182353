import { afterEach, describe, expect, it } from "vitest";
import { computeFeatures, type FeatureSpec } from "../../src/features/index.js";
import type { Database } from "../../src/io/database.js";
import { createRandom } from "../../src/matrix/random.js";
import { makeDb, type Row } from "./helpers.js";

let db: Database | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

/** A random log: 40 users, 6 kinds (names with quotes), bursts of events, ties, values, 60 days. */
function randomLog(seed: number): Row[] {
  const r = createRandom(seed);
  const kinds = ["login", "view", "it's", "buy", "Ünï", "share"];
  const rows: Row[] = [];
  const base = Date.UTC(2024, 0, 1);
  for (let u = 0; u < 40; u++) {
    let t = base + Math.floor(r() * 60 * 86400e3);
    const n = 1 + Math.floor(r() * 30);
    for (let i = 0; i < n; i++) {
      // gaps from 0 (ties) through minutes to days, some with microsecond fractions
      const g = r();
      t += g < 0.1 ? 0 : g < 0.6 ? Math.floor(r() * 3600e3) : Math.floor(r() * 5 * 86400e3);
      const us = r() < 0.3 ? `.${String(Math.floor(r() * 1e6)).padStart(6, "0")}` : "";
      const ts = new Date(t).toISOString().replace("T", " ").slice(0, 19) + us;
      const k = kinds[Math.floor(r() * r() * kinds.length)]!;
      const v = r() < 0.25 ? Math.round(r() * 10000) / 100 : undefined;
      rows.push([`user ${String(u).padStart(2, "0")}`, ts, k, v]);
    }
  }
  return rows;
}

const ALL = {
  activity: {},
  sessions: {},
  frequency: {},
  recency: {},
  tenure: {},
  breadth: {},
  events: { top: 4 },
  time_mix: {},
  value: {},
  trend: {},
};

const SPECS: FeatureSpec[] = [
  { families: ALL },
  { families: ALL, window: { from: "2024-01-20", to: "2024-02-25" }, sessionGapMinutes: 45 },
  { families: ALL, window: { lastDays: 14 } },
  { families: { events: { events: ["it's", "buy"] }, breadth: {} }, window: { lastDays: 10, asOf: "2024-02-10T12:00:00Z" } }, // prettier-ignore
];

describe("computeFeatures engines", () => {
  it.each(SPECS.map((s, i) => [i, s] as const))(
    "computeFeatures(db, spec %i, {engine: 'typed'}) equals the SQL engine exactly",
    async (_i, spec) => {
      for (const seed of [1, 2]) {
        db = await makeDb(randomLog(seed));
        const sql = await computeFeatures(db, spec, { engine: "sql" });
        const typed = await computeFeatures(db, spec, { engine: "typed" });
        expect(typed.ids).toEqual(sql.ids);
        expect(typed.featureNames).toEqual(sql.featureNames);
        sql.featureNames.forEach((name, j) => {
          // toEqual on Float64Array treats NaN = NaN and compares every bit of every value
          expect([name, Array.from(typed.columns[j]!)]).toEqual([
            name,
            Array.from(sql.columns[j]!),
          ]);
        });
        db.close();
        db = undefined;
      }
    },
  );
});
