import type { FeatureFamily, FeatureTable } from "../../src/features/types.js";

/** Feature: [name, family, unit, population mean, within-segment SD]. */
const FEATURES: [string, FeatureFamily, string, number, number][] = [
  ["events", "activity", "events", 100, 20],
  ["active_days_per_week", "frequency", "days/week", 2, 0.5],
  ["days_since_last_event", "recency", "days", 10, 4],
  ["tenure_days", "tenure", "days", 200, 50],
  ["distinct_events", "breadth", "events", 8, 2],
  ["value_sum", "value", "currency", 50, 15],
  ["weekend_share", "time_mix", "share", 0.28, 0.05],
  ["trend", "trend", "ratio", 1, 0.1],
];

/** Planted archetypes: feature means that differ from the base. */
export const ARCHETYPES: { name: string; means: Record<string, number>; free: number }[] = [
  {
    name: "power",
    means: { events: 250, active_days_per_week: 5.5, distinct_events: 11 },
    free: 0.7,
  },
  {
    name: "dormant",
    means: { days_since_last_event: 80, events: 30, active_days_per_week: 0.5 },
    free: 0.4,
  },
  { name: "new explorers", means: { tenure_days: 20, distinct_events: 13 }, free: 0.4 },
  {
    name: "fading regulars",
    means: { trend: 0.5, active_days_per_week: 4, events: 180 },
    free: 0.4,
  },
  { name: "big spenders", means: { value_sum: 200 }, free: 0.1 },
  {
    name: "weekend browsers",
    means: { weekend_share: 0.7, active_days_per_week: 1, events: 50 },
    free: 0.4,
  },
  { name: "typical", means: {}, free: 0.4 },
];

/** Offsets with mean exactly 0 over each block of 10 users, so segment means are the planted ones. */
const Z = [-2, -1.5, -1, -0.5, -0.1, 0.1, 0.5, 1, 1.5, 2];

/**
 * A synthetic feature table: `perSegment` users (a multiple of 10) per archetype, every segment
 * mean exactly as planted, plus a "plan" attribute (free share as planted).
 */
export function syntheticTable(
  perSegment = 100,
  archetypes = ARCHETYPES,
): { table: FeatureTable; labels: Int32Array } {
  const n = perSegment * archetypes.length;
  const columns = FEATURES.map(() => new Float64Array(n));
  const plan: string[] = [];
  const labels = new Int32Array(n);
  let row = 0;
  archetypes.forEach((a, s) => {
    for (let i = 0; i < perSegment; i++) {
      FEATURES.forEach(([name, , , base, sd], j) => {
        // Rotate the offsets per feature so features are not perfectly correlated within a segment.
        columns[j]![row] = (a.means[name] ?? base) + sd * Z[(i + 3 * j) % 10]!;
      });
      plan.push(i % 10 < Math.round(a.free * 10) ? "free" : "pro");
      labels[row] = s;
      row++;
    }
  });
  return {
    table: {
      ids: Array.from({ length: n }, (_, i) => `u${String(i).padStart(5, "0")}`),
      features: FEATURES.map(([name, family, unit]) => ({
        name,
        family,
        unit,
        description: name.replace(/_/g, " "),
      })),
      featureNames: FEATURES.map(([name]) => name),
      columns,
      attributes: [{ name: "plan", values: plan }],
    },
    labels,
  };
}
