import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SegmentLabError } from "../../src/errors.js";
import {
  featureMessages as msg,
  writeFeatureTable,
  type FeatureTable,
} from "../../src/features/index.js";
import { openDatabase } from "../../src/io/database.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "segmentlab-features-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const TABLE: FeatureTable = {
  ids: ["a", "b,c"],
  features: [
    { name: "events", family: "activity", description: "Events", unit: "events" },
    { name: "share", family: "events", description: "Share", unit: "share" },
  ],
  featureNames: ["events", "share"],
  columns: [Float64Array.of(3, 1), Float64Array.of(0.1 + 0.2, NaN)],
  attributes: [{ name: "plan", values: ['pro "x"', null] }],
};

describe("writeFeatureTable", () => {
  it("writeFeatureTable(table, x.csv) writes exact numbers, empty cells for missing, quoted text", async () => {
    const out = await writeFeatureTable(TABLE, path.join(dir, "f.csv"));
    expect(fs.readFileSync(out, "utf8")).toBe(
      'user_id,events,share,plan\na,3,0.30000000000000004,"pro ""x"""\n"b,c",1,,\n',
    );
    // no temporary file left behind
    expect(fs.readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("writeFeatureTable(table, x.parquet) writes typed columns DuckDB reads back", async () => {
    const out = await writeFeatureTable(TABLE, path.join(dir, "sub", "f.parquet"));
    const db = await openDatabase({ threads: 1 });
    try {
      const rows = await db.query(`SELECT * FROM '${out}' ORDER BY user_id`);
      expect(rows).toEqual([
        { user_id: "a", events: 3, share: 0.30000000000000004, plan: 'pro "x"' },
        { user_id: "b,c", events: 1, share: null, plan: null },
      ]);
    } finally {
      db.close();
    }
  });

  it("writeFeatureTable refuses to overwrite an input and other extensions", async () => {
    const input = path.join(dir, "events.csv");
    fs.writeFileSync(input, "user_id,ts\n");
    await expect(writeFeatureTable(TABLE, input, { inputs: [input] })).rejects.toThrow(
      new SegmentLabError(msg.outputIsInput(input)),
    );
    expect(fs.readFileSync(input, "utf8")).toBe("user_id,ts\n");
    await expect(writeFeatureTable(TABLE, path.join(dir, "f.xlsx"))).rejects.toThrow(
      msg.badOutputExtension(path.join(dir, "f.xlsx")),
    );
  });

  it("writeFeatureTable rejects a column whose length differs from the ids", async () => {
    const bad = { ...TABLE, columns: [Float64Array.of(1), Float64Array.of(1, 2)] };
    await expect(writeFeatureTable(bad, path.join(dir, "bad.csv"))).rejects.toThrow(
      new TypeError(msg.tableShapeMismatch("events", 1, 2)),
    );
  });
});
