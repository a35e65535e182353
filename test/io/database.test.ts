import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/io/database.js";

describe("openDatabase", () => {
  it("openDatabase() runs in UTC", async () => {
    const db = await openDatabase();
    const [row] = await db.query<{ tz: string }>("SELECT current_setting('TimeZone') AS tz");
    expect(row!.tz).toBe("UTC");
    db.close();
  });

  it("openDatabase({memoryLimit: '300MB'}) sets DuckDB's memory limit", async () => {
    const db = await openDatabase({ memoryLimit: "300MB" });
    const [row] = await db.query<{ m: string }>("SELECT current_setting('memory_limit') AS m");
    expect(row!.m).toBe("286.1 MiB");
    db.close();
  });

  it("openDatabase({memoryLimit: 'lots'}) names the bad value", async () => {
    await expect(openDatabase({ memoryLimit: "lots" })).rejects.toThrow(
      'memory limit "lots": expected a size such as 500MB or 2GB',
    );
  });
});
