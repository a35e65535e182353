import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { computeFeatures, inferFeatureSpec } from "../../src/features/index.js";
import { loadEvents, openDatabase, type Database } from "../../src/io/index.js";

const DATA = path.join(process.cwd(), "..", "shared", "data");
let db: Database | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

describe("features on real data (../shared/data)", () => {
  it("computeFeatures(CDNOW purchase log, inferred spec) gives RFM features; both engines agree", async () => {
    db = await openDatabase();
    const file = path.join(DATA, "cdnow", "CDNOW_master.txt");
    await loadEvents(db, file, { delimiter: "whitespace", valueCol: "dollar_value" });
    const spec = await inferFeatureSpec(db);
    // one event kind: no breadth or per-event features; a value column: value/RFM
    expect(Object.keys(spec.families ?? {})).toEqual([
      "activity",
      "frequency",
      "recency",
      "tenure",
      "time_mix",
      "value",
      "trend",
    ]);
    const t = await computeFeatures(db, spec);
    expect(t.ids.length).toBe(23_570); // users in SOURCE.md
    const col = (name: string) => t.columns[t.featureNames.indexOf(name)]!;
    const sum = (name: string) => col(name).reduce((a, b) => a + b, 0);
    expect(sum("orders")).toBe(69_659);
    expect(sum("events")).toBe(69_659);
    const [s] = await db.query<{ v: number }>(
      "SELECT CAST(SUM(CAST(value AS DECIMAL(38, 6))) AS DOUBLE) AS v FROM events",
    );
    expect(sum("value_sum")).toBeCloseTo(s!.v, 4);
    // recency and monetary scores use every quintile; frequency has big ties (most customers
    // bought once), so tied users share the lowest score and some scores stay unused
    const used = (f: string) => [...new Set(col(f))].sort();
    expect(used("rfm_recency_score")).toEqual([1, 2, 3, 4, 5]);
    expect(used("rfm_monetary_score")).toEqual([1, 2, 3, 4, 5]);
    expect(used("rfm_frequency_score").every((x) => [1, 2, 3, 4, 5].includes(x))).toBe(true);
    expect(used("rfm_frequency_score")[0]).toBe(1);
    const sql = await computeFeatures(db, spec, { engine: "sql" });
    t.featureNames.forEach((name, j) =>
      expect([name, Array.from(t.columns[j]!)]).toEqual([name, Array.from(sql.columns[j]!)]),
    );
  });
});
