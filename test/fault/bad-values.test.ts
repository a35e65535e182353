import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadUsageData } from "../../src/io/load-usage-data.js";
import * as msg from "../../src/io/messages.js";
import { tempDir } from "./helpers.js";

describe("loadUsageData: bad values are counted rejections with file:line:column:value", () => {
  it("loadUsageData({events}) rejects NaN, ±Infinity and |value| ≥ 1e30 in the value column, keeping 1e29", async () => {
    const file = path.join(tempDir(), "events.csv");
    const lines = ["user_id,ts,event,value"];
    const values = ["1.5", "nan", "NaN", "inf", "-Infinity", "1e30", "-2e31", "1e29", ""];
    values.forEach((v, i) => lines.push(`u${i % 3},2026-01-0${1 + (i % 5)}T10:00:00Z,buy,${v}`));
    fs.writeFileSync(file, lines.join("\n") + "\n");
    const { db, eventsReport } = await loadUsageData({ events: [file] });
    try {
      expect(eventsReport!.rejectedByReason).toEqual({ [msg.reasons.valueOutOfRange]: 6 });
      expect(eventsReport!.rowsLoaded).toBe(3);
      expect(eventsReport!.examples.map((e) => [e.file, e.line, e.column, e.value])).toEqual(
        ["nan", "NaN", "inf", "-Infinity", "1e30", "-2e31"].map((v) => [
          file,
          values.indexOf(v) + 2,
          "value",
          v,
        ]),
      );
      const kept = await db.query<{ value: number | null }>(
        "SELECT value FROM events ORDER BY value NULLS LAST",
      );
      expect(kept.map((r) => r.value)).toEqual([1.5, 1e29, null]);
    } finally {
      db.close();
    }
  });
});
