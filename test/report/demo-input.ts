/** A complete, seeded demo ReportInput (four personas), shared by the report tests. */
import type { ReportInput } from "../../src/report/index.js";
import {
  demoAttributeMix,
  demoBoxes,
  demoKScan,
  demoLoadings,
  demoPoints,
  demoProfile,
  demoSegments,
  demoSizes,
} from "../charts/demo-data.js";

export function demoReportInput(): ReportInput {
  const { points, silhouette } = demoPoints();
  return {
    title: "Segment discovery: demo app",
    generatedAt: "2026-11-28T12:00:00Z",
    libraryVersion: "0.1.0",
    seed: 42,
    summary: {
      data: "events.csv.gz (2024-01-01 to 2024-03-31)",
      users: 1400,
      features: 5,
      k: 4,
      verdict: "Four distinct, stable segments; weekend power users stand out most.",
    },
    load: {
      files: ["data/sample/events.csv.gz", "data/sample/users.csv"],
      rowsRead: 120_500,
      rowsLoaded: 120_380,
      rejectedByReason: { "missing user id": 100, "cannot parse time": 20 },
      examples: [
        {
          file: "events.csv.gz",
          line: 14,
          column: "ts",
          value: "yesterday",
          reason: "cannot parse time",
        },
        {
          file: "events.csv.gz",
          line: 99,
          column: "user_id",
          value: "",
          reason: "missing user id",
        },
      ],
      users: 1400,
      minTime: "2024-01-01T00:03:00Z",
      maxTime: "2024-03-31T23:58:00Z",
      notes: ["platform taken from users.csv"],
    },
    kChoice: {
      chosenK: 4,
      reasons: [
        "k = 4 is the knee of the inertia curve.",
        "Silhouette is highest at k = 4 (0.41).",
        "Every segment is stable at k = 4 (least stable: Jaccard 0.81).",
      ],
      scan: demoKScan,
    },
    silhouette,
    map: { points, loadings: demoLoadings, explainedVariance: [0.34, 0.21] },
    segments: demoSegments.map((s, i) => ({
      segmentId: s.segmentId,
      name: s.name,
      description: [
        "Drop in now and then on the web, mostly free plan.",
        "Heavy weekend use across many features, often on iOS.",
        "Joined in the last weeks, still exploring.",
        "Long-time users who have gone quiet.",
      ][i],
      size: demoSizes[i]!.size,
      share: demoSizes[i]!.share,
      stability: [0.93, 0.89, 0.85, 0.81][i],
      evidence: [
        `events per week ${["0.6×", "3.1×", "0.8×", "0.3×"][i]} other users`,
        `days since last visit ${["1.1×", "0.4×", "0.7×", "4.2×"][i]} other users`,
      ],
      rule: {
        text: [
          "events_per_week <= 4 AND tenure_days > 60",
          "events_per_week > 12 AND share_weekend > 0.4",
          "tenure_days <= 21",
          "days_since_last > 30",
        ][i]!,
        coverage: [0.82, 0.77, 0.91, 0.88][i]!,
        precision: [0.79, 0.85, 0.8, 0.9][i]!,
      },
      plays: [
        ["Nudge towards a second feature"],
        ["Offer a team plan", "Invite to beta programme"],
        ["Onboarding checklist"],
        ["Win-back email"],
      ][i],
    })),
    profile: demoProfile,
    distributions: demoBoxes,
    units: { events_per_week: "events per week", days_since_last: "days", tenure_days: "days" },
    attributeMix: demoAttributeMix,
    warnings: ["3 users had no events after the cut-off and were left out."],
    exports: [
      {
        file: "model.json",
        description: "the segment model: apply it to new data with `segmentlab assign`",
      },
      { file: "assignments.csv", description: "each user's segment" },
      { file: "personas.md", description: "persona cards (Markdown)" },
      { file: "personas.html", description: "persona cards (HTML)" },
      { file: "sql/duckdb.sql", description: "features + scoring SQL" },
    ],
  };
}
