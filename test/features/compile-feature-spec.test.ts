import { describe, expect, it } from "vitest";
import {
  compileFeatureSpec,
  countIf,
  duckdbDialect,
  planFeatures,
  type FeatureContext,
} from "../../src/features/index.js";

const CONTEXT: FeatureContext = {
  source: "events",
  events: ["login", "it's; --"],
  catalogSize: 3,
  userColumns: [
    { name: "plan", sqlType: "VARCHAR", kind: "categorical" },
    { name: "seats", sqlType: "DOUBLE", kind: "numeric" },
    { name: "signup_date", sqlType: "TIMESTAMP", kind: "date" },
  ],
};

const FULL = {
  window: { lastDays: 90, asOf: "2024-06-30" },
  families: {
    activity: {},
    sessions: {},
    frequency: {},
    recency: {},
    tenure: { signupColumn: "signup_date" },
    breadth: {},
    events: { top: 2 },
    time_mix: {},
    value: {},
    trend: {},
  },
  attributes: ["plan", "seats"],
};

describe("compileFeatureSpec", () => {
  it("compileFeatureSpec(full spec, ctx) matches the golden SQL", async () => {
    await expect(compileFeatureSpec(FULL, CONTEXT)).toMatchFileSnapshot(
      "./__snapshots__/compile-full.sql",
    );
  });

  it("compileFeatureSpec(spec, ctx) is deterministic and quotes every event name", () => {
    const sql = compileFeatureSpec(FULL, CONTEXT);
    expect(compileFeatureSpec(FULL, CONTEXT)).toBe(sql);
    expect(sql).toContain("event = 'it''s; --'");
    expect(sql).toContain("CAST('2024-06-30 00:00:00.000' AS TIMESTAMP)");
  });

  it("compileFeatureSpec(spec, ctx, dialect) falls back to standard COUNT(CASE …) without countIf", () => {
    const std = { ...duckdbDialect, countIf: undefined };
    const sql = compileFeatureSpec({ families: { activity: {} } }, CONTEXT, std);
    expect(sql).not.toContain("FILTER");
    expect(sql).toContain(countIf(std, "inw = 1"));
    expect(countIf(std, "x > 1")).toBe("COUNT(CASE WHEN x > 1 THEN 1 END)");
  });

  it("planFeatures(spec, ctx) lists names, families and units in output order", () => {
    const plan = planFeatures(FULL, CONTEXT);
    expect(plan.features.map((f) => f.name)).toEqual([
      "events", "active_days", "active_weeks",
      "sessions", "events_per_session", "median_session_minutes",
      "active_days_per_week", "days_since_last_event", "tenure_days",
      "distinct_events", "catalog_share",
      "count_login", "count_it_s", "share_login", "share_it_s", "share_other_events",
      "weekend_share", "night_share", "morning_share", "afternoon_share", "evening_share",
      "value_sum", "value_mean", "orders",
      "rfm_recency_score", "rfm_frequency_score", "rfm_monetary_score", "rfm_score",
      "activity_trend", "seats",
    ]); // prettier-ignore
    expect(plan.attributes).toEqual(["plan"]);
    expect(plan.features.every((f) => f.description.length > 0 && f.unit.length > 0)).toBe(true);
  });
});
