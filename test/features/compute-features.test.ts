import { afterEach, describe, expect, it } from "vitest";
import { computeFeatures, featureMessages as msg } from "../../src/features/index.js";
import type { Database } from "../../src/io/database.js";
import { byUser, makeDb, type Row } from "./helpers.js";

// All times are UTC wall clock (openDatabase sets TimeZone = UTC). 2024-01-01 is a Monday.
// User a: a session across midnight (23:50 → 00:10, with a tie at 00:10), a second session whose
// gap is exactly 30 min (01:00 → 01:30, still one session), and one event the next Monday.
// User b: a single event on Saturday.
const LOG: Row[] = [
  ["a", "2024-01-01 23:50:00", "login"],
  ["a", "2024-01-02 00:10:00", "view"],
  ["a", "2024-01-02 00:10:00", "view"],
  ["a", "2024-01-02 01:00:00", "login"],
  ["a", "2024-01-02 01:30:00", "view"],
  ["a", "2024-01-08 09:00:00", "view"],
  ["b", "2024-01-06 12:00:00", "login"],
];
const DAY = 86400;

let db: Database | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

describe("computeFeatures: event families on a tiny log (default window = first..last event)", () => {
  it("computeFeatures(db, {activity}) counts events, UTC days and ISO weeks", async () => {
    db = await makeDb(LOG);
    const t = await computeFeatures(db, { families: { activity: {} } });
    expect(t.ids).toEqual(["a", "b"]);
    expect(t.featureNames).toEqual(["events", "active_days", "active_weeks"]);
    expect(byUser(t)).toEqual({
      a: { events: 6, active_days: 3, active_weeks: 2 },
      b: { events: 1, active_days: 1, active_weeks: 1 },
    });
    expect(t.columns[0]).toBeInstanceOf(Float64Array);
  });

  it("computeFeatures(db, {sessions}) splits on gaps > 30 min, across midnight, with ties", async () => {
    db = await makeDb(LOG);
    const t = byUser(await computeFeatures(db, { families: { sessions: {} } }));
    // a: [23:50, 00:10, 00:10] 20 min · [01:00, 01:30] 30 min · [Jan 8 09:00] 0 min
    expect(t.a).toEqual({ sessions: 3, events_per_session: 2, median_session_minutes: 20 });
    // b: a single event is one session of length 0
    expect(t.b).toEqual({ sessions: 1, events_per_session: 1, median_session_minutes: 0 });
  });

  it("computeFeatures(db, {sessionGapMinutes: 10}) uses the given gap", async () => {
    db = await makeDb(LOG);
    const t = byUser(await computeFeatures(db, { sessionGapMinutes: 10, families: { sessions: {} } })); // prettier-ignore
    // every gap of a is > 10 min except the tie: [23:50] [00:10,00:10] [01:00] [01:30] [Jan 8]
    expect(t.a).toEqual({ sessions: 5, events_per_session: 6 / 5, median_session_minutes: 0 });
  });

  it("computeFeatures(db, {recency, tenure, frequency}) measures days to the window end", async () => {
    db = await makeDb(LOG);
    const t = byUser(
      await computeFeatures(db, { families: { frequency: {}, recency: {}, tenure: {} } }),
    );
    // window end = latest event, 2024-01-08 09:00
    expect(t.a!.days_since_last_event).toBe(0);
    expect(t.b!.days_since_last_event).toBe(1.875); // Jan 6 12:00 → Jan 8 09:00
    expect(t.a!.tenure_days).toBeCloseTo(6 + 550 / 1440, 12); // Jan 1 23:50 → Jan 8 09:00
    expect(t.b!.tenure_days).toBe(1.875);
    // active days per week of (first event in window → end), at least one week counted
    expect(t.a!.active_days_per_week).toBe(3);
    expect(t.b!.active_days_per_week).toBe(1);
  });

  it("computeFeatures(db, {breadth, events}) counts kinds; shares sum to 1", async () => {
    db = await makeDb(LOG);
    const t = await computeFeatures(db, { families: { breadth: {}, events: {} } });
    expect(t.featureNames).toEqual([
      "distinct_events",
      "catalog_share",
      "count_view",
      "count_login",
      "share_view",
      "share_login",
    ]);
    const u = byUser(t);
    expect(u.a).toEqual({
      distinct_events: 2,
      catalog_share: 1,
      count_view: 4,
      count_login: 2,
      share_view: 4 / 6,
      share_login: 2 / 6,
    });
    expect(u.b).toEqual({
      distinct_events: 1,
      catalog_share: 0.5,
      count_view: 0,
      count_login: 1,
      share_view: 0,
      share_login: 1,
    });
    expect(u.a!.share_view! + u.a!.share_login!).toBe(1);
  });

  it("computeFeatures(db, {events: {top: 1}}) keeps the most frequent kind plus an 'other' share", async () => {
    db = await makeDb(LOG);
    const t = byUser(await computeFeatures(db, { families: { events: { top: 1 } } }));
    expect(t.a).toEqual({ count_view: 4, share_view: 4 / 6, share_other_events: 2 / 6 });
    expect(t.b).toEqual({ count_view: 0, share_view: 0, share_other_events: 1 });
  });

  it("computeFeatures(db, {time_mix}) gives weekend and part-of-day shares in UTC", async () => {
    db = await makeDb(LOG);
    const t = byUser(await computeFeatures(db, { families: { time_mix: {} } }));
    // a: 23:50 evening · 00:10, 00:10, 01:00, 01:30 night · 09:00 morning; all on weekdays
    expect(t.a).toEqual({
      weekend_share: 0,
      night_share: 4 / 6,
      morning_share: 1 / 6,
      afternoon_share: 0,
      evening_share: 1 / 6,
    });
    // b: Saturday 12:00 → weekend, afternoon
    expect(t.b).toEqual({
      weekend_share: 1,
      night_share: 0,
      morning_share: 0,
      afternoon_share: 1,
      evening_share: 0,
    });
  });

  it("computeFeatures(db, {trend}) compares the window's second half with its first", async () => {
    db = await makeDb(LOG);
    const t = byUser(await computeFeatures(db, { families: { trend: {} } }));
    // midpoint = Jan 1 23:50 + (6 d 9 h 10 min) / 2 = Jan 5 04:25
    expect(t.a!.activity_trend).toBe((1 - 5) / 6);
    expect(t.b!.activity_trend).toBe(1);
  });
});

describe("computeFeatures: observation window", () => {
  it("computeFeatures(db, {window: {from, to}}) clips events; history still counts for recency/tenure", async () => {
    db = await makeDb([...LOG, ["c", "2024-01-08 08:00:00", "login"]]);
    const t = await computeFeatures(db, {
      window: { from: "2024-01-02", to: "2024-01-08" },
      families: { activity: {}, sessions: {}, recency: {}, tenure: {} },
    });
    // c has no event before the (exclusive) end: not in the population
    expect(t.ids).toEqual(["a", "b"]);
    const u = byUser(t);
    // a in [Jan 2, Jan 8): 00:10, 00:10, 01:00, 01:30 — the 23:50 event is outside, so the
    // 00:10 events start a new session: [00:10, 00:10] 0 min · [01:00, 01:30] 30 min
    expect(u.a).toEqual({
      events: 4,
      active_days: 1,
      active_weeks: 1,
      sessions: 2,
      events_per_session: 2,
      median_session_minutes: 15,
      days_since_last_event: (DAY * 5 + 22.5 * 3600) / DAY, // Jan 2 01:30 → Jan 8 00:00
      tenure_days: 6 + 10 / 1440, // first event Jan 1 23:50 (before the window) → Jan 8 00:00
    });
    expect(u.b!.days_since_last_event).toBe(1.5);
  });

  it("computeFeatures(db, {window: {lastDays, asOf}}) keeps users idle in the window with zeros", async () => {
    db = await makeDb(LOG);
    const t = byUser(
      await computeFeatures(db, {
        window: { lastDays: 2, asOf: "2024-01-07" },
        families: { activity: {}, sessions: {}, recency: {}, trend: {} },
      }),
    );
    // window [Jan 5 00:00, Jan 7 00:00): a has no event in it, b has one
    expect(t.a).toEqual({
      events: 0,
      active_days: 0,
      active_weeks: 0,
      sessions: 0,
      events_per_session: NaN,
      median_session_minutes: NaN,
      days_since_last_event: 4.9375, // Jan 2 01:30 → Jan 7 00:00
      activity_trend: NaN,
    });
    expect(t.b!.events).toBe(1);
    expect(t.b!.activity_trend).toBe(1); // Jan 6 12:00 is after the midpoint Jan 6 00:00
  });

  it("computeFeatures(db, {window: {lastDays}}) ends at the latest event, inclusive", async () => {
    db = await makeDb(LOG);
    const t = byUser(
      await computeFeatures(db, { window: { lastDays: 2 }, families: { activity: {} } }),
    );
    // [Jan 6 09:00, Jan 8 09:00]
    expect(t.a!.events).toBe(1);
    expect(t.b!.events).toBe(1);
  });
});

describe("computeFeatures: value / RFM", () => {
  // orders (events with a value): u1 1 × 10 · u2 2 × 10 · u3 0.1 + 0.2 + 0.3 · u4 none · u5 1 × 100
  const BUYS: Row[] = [
    ["u1", "2024-01-01 10:00:00", "buy", 10],
    ["u2", "2024-01-01 10:00:00", "buy", 10],
    ["u2", "2024-01-02 10:00:00", "buy", 10],
    ["u3", "2024-01-01 10:00:00", "buy", 0.1],
    ["u3", "2024-01-02 10:00:00", "buy", 0.2],
    ["u3", "2024-01-03 10:00:00", "buy", 0.3],
    ["u4", "2024-01-04 10:00:00", "view"],
    ["u5", "2024-01-05 10:00:00", "buy", 100],
  ];

  it("computeFeatures(db, {value}) sums exactly and scores quintiles 1 + floor(5·(rank−1)/n)", async () => {
    db = await makeDb(BUYS);
    const t = byUser(await computeFeatures(db, { families: { value: {} } }));
    expect(t.u3!.value_sum).toBe(0.6); // DECIMAL sum: not 0.6000000000000001
    expect(t.u3!.value_mean).toBe(0.6 / 3);
    expect(t.u4).toEqual({
      value_sum: 0,
      value_mean: NaN,
      orders: 0,
      rfm_recency_score: 4,
      rfm_frequency_score: 1,
      rfm_monetary_score: 1,
      rfm_score: 6,
    });
    const scores = (k: string) => ["u1", "u2", "u3", "u4", "u5"].map((u) => t[u]![k]);
    // recency: last events Jan 1, 2, 3, 4, 5 → ranks 1..5
    expect(scores("rfm_recency_score")).toEqual([1, 2, 3, 4, 5]);
    // orders 1, 2, 3, 0, 1 → ranks 2, 4, 5, 1, 2 (tie shares the lower rank)
    expect(scores("rfm_frequency_score")).toEqual([2, 4, 5, 1, 2]);
    // sums 10, 20, 0.6, 0, 100 → ranks 3, 4, 2, 1, 5
    expect(scores("rfm_monetary_score")).toEqual([3, 4, 2, 1, 5]);
    expect(scores("rfm_score")).toEqual([6, 10, 10, 6, 12]);
    expect(scores("orders")).toEqual([1, 2, 3, 0, 1]);
  });

  it("computeFeatures(db, {value: {rfm: false}}) leaves the scores out", async () => {
    db = await makeDb(BUYS);
    const t = await computeFeatures(db, { families: { value: { rfm: false } } });
    expect(t.featureNames).toEqual(["value_sum", "value_mean", "orders"]);
  });
});

describe("computeFeatures: attributes, tables and hostile names", () => {
  const USERS = {
    columns: "user_id VARCHAR NOT NULL UNIQUE, plan VARCHAR, seats DOUBLE, signup_date TIMESTAMP",
    rows: [
      "'a', 'pro', 12, '2023-12-29 09:00:00'",
      "'b', NULL, NULL, NULL",
      "'z', 'free', 1, NULL",
    ],
  };

  it("computeFeatures(db, {attributes, tenure: {signupColumn}}) joins users", async () => {
    db = await makeDb(LOG, USERS);
    const t = await computeFeatures(db, {
      families: { tenure: { signupColumn: "signup_date" } },
      attributes: ["plan", "seats", "signup_date"],
    });
    expect(t.ids).toEqual(["a", "b"]); // z has no events
    expect(t.featureNames).toEqual(["tenure_days", "seats", "days_since_signup_date"]);
    expect(t.features.map((f) => f.family)).toEqual(["tenure", "attribute", "attribute"]);
    const u = byUser(t);
    expect(u.a).toEqual({ tenure_days: 10, seats: 12, days_since_signup_date: 10 });
    expect(u.b).toEqual({ tenure_days: NaN, seats: NaN, days_since_signup_date: NaN });
    expect(t.attributes).toEqual([{ name: "plan", values: ["pro", null] }]);
  });

  it("computeFeatures(db, {source: 'table'}) uses numeric columns of a per-user table", async () => {
    db = await makeDb([], {
      columns: "user_id VARCHAR NOT NULL UNIQUE, balance DOUBLE, purchases BIGINT, kind VARCHAR",
      rows: ["'c2', 5.5, 3, 'x'", "'c1', NULL, 0, NULL"],
    });
    await db.run("DROP TABLE events");
    const t = await computeFeatures(db, { source: "table", attributes: ["kind"] });
    expect(t.ids).toEqual(["c1", "c2"]);
    expect(t.features.map((f) => [f.name, f.family])).toEqual([
      ["balance", "table"],
      ["purchases", "table"],
    ]);
    expect(byUser(t)).toEqual({ c1: { balance: NaN, purchases: 0 }, c2: { balance: 5.5, purchases: 3 } }); // prettier-ignore
    expect(t.attributes).toEqual([{ name: "kind", values: [null, "x"] }]);
  });

  it("computeFeatures(db, spec) quotes hostile event and column names", async () => {
    const hostile = ["it's; DROP TABLE events; --", '"quoted" name', "登录", "Ünïcode", "a,b"];
    db = await makeDb(
      hostile.map((e, i) => ["u", `2024-01-0${i + 1} 10:00:00`, e] as Row),
      {
        columns: `user_id VARCHAR NOT NULL UNIQUE, "x""; DROP TABLE users; --" VARCHAR`,
        rows: ["'u', 'v'"],
      },
    );
    const t = await computeFeatures(db, {
      families: { events: { events: hostile, shares: false } },
      attributes: ['x"; DROP TABLE users; --'],
    });
    expect(t.featureNames).toEqual([
      "count_it_s_drop_table_events",
      "count_quoted_name",
      "count_x",
      "count_unicode",
      "count_a_b",
    ]);
    expect(t.columns.map((c) => c[0])).toEqual([1, 1, 1, 1, 1]);
    expect(t.features[0]!.description).toBe("Number of 'it's; DROP TABLE events; --' events");
    expect(t.attributes).toEqual([{ name: 'x"; DROP TABLE users; --', values: ["v"] }]);
    expect(await db.query("SELECT COUNT(*)::INT AS n FROM events")).toEqual([{ n: 5 }]);
    expect(await db.query("SELECT COUNT(*)::INT AS n FROM users")).toEqual([{ n: 1 }]);
  });

  it("computeFeatures(db, spec) rejects an unknown event, attribute or missing table", async () => {
    db = await makeDb(LOG);
    await expect(
      computeFeatures(db, { families: { events: { events: ["nope"] } } }),
    ).rejects.toThrow(msg.unknownEvent("nope", ["view", "login"]));
    await expect(computeFeatures(db, { attributes: ["plan"] })).rejects.toThrow(
      msg.missingTable("users", "events"),
    );
    db.close();
    db = await makeDb(LOG, USERS);
    await expect(computeFeatures(db, { attributes: ["plna"] })).rejects.toThrow(
      msg.unknownColumn("attributes", "plna", "users", ["plan", "seats", "signup_date"]),
    );
    await expect(
      computeFeatures(db, { families: { tenure: { signupColumn: "plan" } } }),
    ).rejects.toThrow(
      msg.columnWrongType("families.tenure.signupColumn", "plan", "VARCHAR", "a date/time"),
    );
  });

  it("computeFeatures(db, {}) on an empty log says there is nothing to compute", async () => {
    db = await makeDb([]);
    await expect(computeFeatures(db, {})).rejects.toThrow(msg.noEvents());
  });
});
