/**
 * A small seeded demo of every chart input (four segments of app users), shared by the chart,
 * report and notebook tests. Values are made up but plausible; the seed fixes them.
 */
import type {
  AttributeMixCell,
  BoxStats,
  KScanChartRow,
  Loading,
  PcaPoint,
  ProfileHeatmapCell,
  SegmentLabel,
  SegmentSize,
  SilhouettePoint,
} from "../../src/charts/index.js";
import { createRandom, randomNormal } from "../../src/matrix/random.js";

export const demoSegments: SegmentLabel[] = [
  { segmentId: 0, name: "Casual browsers" },
  { segmentId: 1, name: "Weekend power users" },
  { segmentId: 2, name: "New trialists" },
  { segmentId: 3, name: "Lapsed subscribers" },
];

const sizes = [620, 340, 280, 160];
const centres: [number, number][] = [
  [-1.2, 0.3],
  [2.4, 0.8],
  [-0.2, -1.9],
  [-1.4, 2.1],
];

export const demoKScan: KScanChartRow[] = [2, 3, 4, 5, 6, 7, 8].map((k) => ({
  k,
  inertia: Math.round(9000 / Math.pow(k, 0.9) + (k > 4 ? 0 : (4 - k) * 900)),
  knee: k === 4,
  silhouette: [0.31, 0.36, 0.41, 0.37, 0.33, 0.3, 0.28][k - 2],
  gap: [0.42, 0.55, 0.68, 0.7, 0.71, 0.72, 0.72][k - 2],
  gapSE: 0.03,
  stabilityMin: [0.92, 0.85, 0.81, 0.58, 0.52, 0.47, 0.45][k - 2],
  stabilityMean: [0.95, 0.91, 0.89, 0.78, 0.71, 0.66, 0.63][k - 2],
}));

/**
 * Users on the PCA map and their silhouette widths: `fraction` of each segment's size (a
 * quarter by default, enough for the picture and quick to render in tests).
 */
export function demoPoints(
  seed = 7,
  fraction = 0.25,
): { points: PcaPoint[]; silhouette: SilhouettePoint[] } {
  const random = createRandom(seed);
  const points: PcaPoint[] = [];
  const silhouette: SilhouettePoint[] = [];
  sizes.forEach((size, segmentId) => {
    const n = Math.round(size * fraction);
    for (let i = 0; i < n; i++) {
      const [cx, cy] = centres[segmentId]!;
      points.push({
        segmentId,
        x: cx + 0.7 * randomNormal(random),
        y: cy + 0.6 * randomNormal(random),
      });
      silhouette.push({
        segmentId,
        value: Math.max(-0.3, Math.min(0.9, 0.4 + 0.2 * randomNormal(random))),
      });
    }
  });
  return { points, silhouette };
}

export const demoLoadings: Loading[] = [
  { feature: "events_per_week", x: 0.62, y: 0.1 },
  { feature: "days_since_last", x: -0.35, y: 0.58 },
  { feature: "tenure_days", x: 0.1, y: 0.52 },
  { feature: "share_weekend", x: 0.45, y: 0.2 },
  { feature: "distinct_features", x: 0.5, y: -0.3 },
];

export const demoSizes: SegmentSize[] = demoSegments.map((s, i) => ({
  segmentId: s.segmentId,
  name: s.name,
  size: sizes[i]!,
  share: sizes[i]! / 1400,
}));

const features = [
  "events_per_week",
  "days_since_last",
  "tenure_days",
  "share_weekend",
  "distinct_features",
];
const effects = [
  [-0.6, 0.1, 0.2, -0.3, -0.5],
  [1.9, -0.8, 0.4, 1.4, 1.1],
  [-0.2, -0.5, -1.6, 0.0, -0.4],
  [-1.1, 2.3, 0.9, -0.2, -0.7],
];
export const demoProfile: ProfileHeatmapCell[] = demoSegments.flatMap((s, i) =>
  features.map((feature, j) => ({
    segmentId: s.segmentId,
    segmentName: s.name,
    feature,
    effectSize: effects[i]![j]!,
  })),
);

export const demoBoxes: BoxStats[] = demoSegments.flatMap((s, i) =>
  features.slice(0, 3).map((feature, j) => {
    const median = 10 * (j + 1) * (1 + effects[i]![j]! / 3);
    return {
      segmentId: s.segmentId,
      feature,
      q1: median * 0.7,
      median,
      q3: median * 1.4,
      lo: median * 0.2,
      hi: median * 2.1,
    };
  }),
);

export const demoAttributeMix: AttributeMixCell[] = demoSegments.flatMap((s, i) => [
  { segmentId: s.segmentId, attribute: "plan", level: "free", share: [0.7, 0.2, 0.85, 0.4][i]! },
  { segmentId: s.segmentId, attribute: "plan", level: "pro", share: [0.25, 0.6, 0.15, 0.5][i]! },
  { segmentId: s.segmentId, attribute: "plan", level: "team", share: [0.05, 0.2, 0, 0.1][i]! },
  { segmentId: s.segmentId, attribute: "platform", level: "web", share: [0.5, 0.3, 0.6, 0.7][i]! },
  { segmentId: s.segmentId, attribute: "platform", level: "ios", share: [0.3, 0.5, 0.2, 0.2][i]! },
  {
    segmentId: s.segmentId,
    attribute: "platform",
    level: "android",
    share: [0.2, 0.2, 0.2, 0.1][i]!,
  },
]);
