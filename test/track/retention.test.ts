import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/io/database.js";
import { openDatabase } from "../../src/io/database.js";
import { loadEvents } from "../../src/io/load-events.js";
import { cohortRetention, retentionToCsv } from "../../src/track/retention.js";
import * as msg from "../../src/track/messages.js";

// A tiny log, by hand. The log ends on Sunday 2026-01-25 (weeks from Monday: 5, 12, 19 Jan).
//   a: first Mon 5 Jan; active in weeks 0, 1, 2          segment 0
//   b: first Wed 7 Jan; active in weeks 0, 2             segment 0
//   c: first Tue 13 Jan; active in weeks 0 (13, 14 Jan)  segment 1
//   d: first Sun 25 Jan; week 0 only                     segment 1
// Weekly cohorts: 2026-01-05 = {a, b}, 2026-01-12 = {c}, 2026-01-19 = {d}.
// Period p counts once complete: the log ends with 25 Jan, so the week of 19 Jan is complete.
//   cohort 01-05: p0 2/2, p1 1/2 (a), p2 2/2 (a, b)
//   cohort 01-12: p0 1/1, p1 0/1
//   cohort 01-19: p0 1/1
const rows = [
  ["a", "2026-01-05T09:00:00Z"],
  ["a", "2026-01-06T09:00:00Z"],
  ["a", "2026-01-13T09:00:00Z"],
  ["a", "2026-01-20T09:00:00Z"],
  ["b", "2026-01-07T09:00:00Z"],
  ["b", "2026-01-21T09:00:00Z"],
  ["c", "2026-01-13T09:00:00Z"],
  ["c", "2026-01-14T09:00:00Z"],
  ["d", "2026-01-25T23:00:00Z"],
].map(([user_id, ts]) => ({ user_id, ts, event: "login" }));
const segments = {
  userId: ["a", "b", "c", "d"],
  segmentId: Int32Array.from([0, 0, 1, 1]),
  names: ["Steady", "New"],
};
let db: Database;

beforeAll(async () => {
  db = await openDatabase();
  await loadEvents(db, rows);
});
afterAll(() => db.close());

describe("cohortRetention", () => {
  it("cohortRetention(db, segments, {cohort: week, period: week}) matches the hand-computed triangles", async () => {
    const r = await cohortRetention(db, segments, { cohort: "week", period: "week" });
    const cell = (seg: number | "all", cohort: string) =>
      r.cohorts
        .filter((c) => c.segment === seg && c.cohort === cohort)
        .map((c) => [c.period, c.users, c.retained]);
    expect(cell("all", "2026-01-05")).toEqual([
      [0, 2, 2],
      [1, 2, 1],
      [2, 2, 2],
    ]);
    expect(cell("all", "2026-01-12")).toEqual([
      [0, 1, 1],
      [1, 1, 0],
    ]);
    expect(cell("all", "2026-01-19")).toEqual([[0, 1, 1]]);
    expect(cell(0, "2026-01-05")).toEqual(cell("all", "2026-01-05"));
    expect(cell(1, "2026-01-12")).toEqual(cell("all", "2026-01-12"));
    expect(cell(0, "2026-01-12")).toEqual([]);
    expect(r.cohorts.find((c) => c.segment === 0)!.name).toBe("Steady");
  });

  it("cohortRetention(db, segments, {cohort: month, period: day}) counts days since each user's first day, complete days only", async () => {
    const r = await cohortRetention(db, segments, { cohort: "month", period: "day" });
    const all = r.cohorts.filter((c) => c.segment === "all");
    expect(new Set(all.map((c) => c.cohort))).toEqual(new Set(["2026-01-01"]));
    // Day 1: a (6 Jan) and c (14 Jan) of the 3 users with a complete day 1 (d's first day is the last).
    expect(all.find((c) => c.period === 1)).toMatchObject({ users: 3, retained: 2 });
    // Day 14: b (21 Jan) of a, b; c's day 14 (27 Jan) is beyond the log.
    expect(all.find((c) => c.period === 14)).toMatchObject({ users: 2, retained: 1 });
    // Day 15: a (20 Jan) of a, b (b's day 15 is 22 Jan, inside the log, without an event).
    expect(all.find((c) => c.period === 15)).toMatchObject({ users: 2, retained: 1 });
    expect(Math.max(...all.map((c) => c.period))).toBe(20);
  });

  it("retentionToCsv(r) writes one line per cell with the header", async () => {
    const r = await cohortRetention(db, segments, { cohort: "week", period: "week" });
    const lines = retentionToCsv(r).trim().split("\n");
    expect(lines[0]).toBe("segment,name,cohort,period,users,retained,share");
    expect(lines).toHaveLength(r.cohorts.length + 1);
    expect(lines).toContain("all,All users,2026-01-05,1,2,1,0.500000");
  });

  it("cohortRetention rejects a bad granularity and a database without events", async () => {
    await expect(cohortRetention(db, segments, { cohort: "year" as "week" })).rejects.toThrow(
      msg.badGranularity("cohort", "year"),
    );
    const empty = await openDatabase();
    try {
      await expect(cohortRetention(empty, segments)).rejects.toThrow(msg.noEvents());
    } finally {
      empty.close();
    }
  });
});
