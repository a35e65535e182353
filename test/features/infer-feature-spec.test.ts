import { afterEach, describe, expect, it } from "vitest";
import {
  computeFeatures,
  inferFeatureSpec,
  parseFeatureSpec,
  summarizeData,
} from "../../src/features/index.js";
import type { Database } from "../../src/io/database.js";
import { makeDb, type Row } from "./helpers.js";

let db: Database | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

const LOG: Row[] = [
  ["a", "2024-01-01 10:00:00", "login"],
  ["a", "2024-01-02 10:00:00", "buy", 9.5],
  ["b", "2024-01-03 10:00:00", "login"],
];

describe("inferFeatureSpec", () => {
  it("inferFeatureSpec(db) proposes event families, value/RFM and user attributes", async () => {
    db = await makeDb(LOG, {
      columns:
        "user_id VARCHAR NOT NULL UNIQUE, plan VARCHAR, seats DOUBLE, signup_date TIMESTAMP, email VARCHAR",
      rows: Array.from(
        { length: 60 },
        (_, i) => `'u${i}', '${i % 2 ? "pro" : "free"}', ${i}, '2023-12-01', 'x${i}@y.z'`,
      ),
    });
    const spec = await inferFeatureSpec(db);
    expect(spec).toEqual({
      version: 1,
      source: "events",
      sessionGapMinutes: 30,
      families: {
        activity: {},
        sessions: {},
        frequency: {},
        recency: {},
        tenure: { signupColumn: "signup_date" },
        breadth: {},
        events: { events: ["login", "buy"] },
        time_mix: {},
        value: { rfm: true },
        trend: {},
      },
      // email has 60 distinct values (> 50): an identifier, not a category
      attributes: ["plan", "seats"],
    });
    // the proposal is valid and runs
    expect(parseFeatureSpec(spec).families.value).toEqual({ rfm: true });
    expect((await computeFeatures(db, spec)).ids).toEqual(["a", "b"]);
  });

  it("inferFeatureSpec(summary) uses top N for many kinds and skips breadth and sessions for a one-kind log", async () => {
    const many = await inferFeatureSpec({
      kind: "events",
      eventKinds: Array.from({ length: 30 }, (_, i) => `e${i}`),
      hasValue: false,
      userColumns: [],
    });
    expect(many.families?.events).toEqual({ top: 15 });
    expect(many.families?.value).toBeUndefined();
    const one = await inferFeatureSpec({
      kind: "events",
      eventKinds: ["event"],
      hasValue: true,
      userColumns: [],
    });
    expect(Object.keys(one.families ?? {})).toEqual([
      "activity",
      "frequency",
      "recency",
      "tenure",
      "time_mix",
      "value",
      "trend",
    ]);
  });

  it("inferFeatureSpec(db) for a per-user table uses numeric columns, categorical as attributes", async () => {
    db = await makeDb([], {
      columns: "user_id VARCHAR NOT NULL UNIQUE, balance DOUBLE, n BIGINT, segment VARCHAR",
      rows: ["'c1', 1.5, 2, 'x'", "'c2', 2.5, 3, 'y'"],
    });
    await db.run("DROP TABLE events");
    expect(await summarizeData(db)).toEqual({
      kind: "table",
      eventKinds: [],
      hasValue: false,
      userColumns: [
        { name: "balance", sqlType: "DOUBLE", kind: "numeric", distinct: 2 },
        { name: "n", sqlType: "BIGINT", kind: "numeric", distinct: 2 },
        { name: "segment", sqlType: "VARCHAR", kind: "categorical", distinct: 2 },
      ],
    });
    const spec = await inferFeatureSpec(db);
    expect(spec).toEqual({
      version: 1,
      source: "table",
      table: { columns: ["balance", "n"] },
      attributes: ["segment"],
    });
    const t = await computeFeatures(db, spec);
    expect(t.featureNames).toEqual(["balance", "n"]);
    expect(t.attributes).toEqual([{ name: "segment", values: ["x", "y"] }]);
  });
});
