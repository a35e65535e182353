import type {
  AttributeMixCell,
  BoxStats,
  KScanChartRow,
  Loading,
  PcaPoint,
  ProfileHeatmapCell,
  SilhouettePoint,
} from "../charts/types.js";
import type { LoadReport } from "../io/types.js";

/**
 * Everything the HTML report shows, as plain JSON-serialisable data (no typed arrays, no
 * classes), so that `segmentlab report RUN_DIR` can rebuild the report from a file written
 * beside model.json. Optional parts are simply left out of the report when absent.
 */
export interface ReportInput {
  /** The run the report belongs to (the id in model.json and the run folder's manifest). */
  runId?: string;
  /** Page title. Default "Segment discovery report". */
  title?: string;
  /** When the run happened, as text (e.g. ISO 8601). Passed in so the report stays deterministic. */
  generatedAt?: string;
  /** SegmentLab version that produced the run. */
  libraryVersion?: string;
  /** Seed of the run (shown for reproducibility). */
  seed?: number;
  summary: ReportSummary;
  /** What loading the data read and rejected. */
  load?: LoadReport;
  kChoice: ReportKChoice;
  /** Silhouette widths per user (or a sample) for the silhouette plot. */
  silhouette?: SilhouettePoint[];
  /** The PCA map. */
  map?: ReportMap;
  /** One entry per segment (its persona). */
  segments: ReportSegment[];
  /** Effect sizes per segment and feature (heatmap, and "what stands out" on each card). */
  profile?: ProfileHeatmapCell[];
  /** Box-plot statistics per segment and feature, in original units. */
  distributions?: BoxStats[];
  /** Unit of each feature for axis titles, e.g. `{ tenure_days: "days" }`. */
  units?: Record<string, string>;
  /** Attribute mix per segment (plan, platform, …). */
  attributeMix?: AttributeMixCell[];
  /** Warnings gathered along the run (already worded for people). */
  warnings?: string[];
  /** Files of the run folder worth taking away. */
  exports?: ReportExport[];
}

/** The headline of the report. */
export interface ReportSummary {
  /** What data was analysed, e.g. "events.csv.gz (2024-01-01 to 2024-03-31)". */
  data: string;
  /** Users segmented. */
  users: number;
  /** Numeric features used. */
  features: number;
  /** Number of segments chosen. */
  k: number;
  /** One-sentence verdict, e.g. "4 distinct, stable segments". */
  verdict: string;
}

/** The choice of k and the evidence behind it. */
export interface ReportKChoice {
  chosenK: number;
  /** Why this k, one reason per line. */
  reasons: string[];
  /** The k scan (one row per k). */
  scan: KScanChartRow[];
  /** Jaccard level drawn on the stability panel (default 0.75). */
  stabilityThreshold?: number;
}

/** Inputs of the PCA map. */
export interface ReportMap {
  points: PcaPoint[];
  centroids?: PcaPoint[];
  loadings?: Loading[];
  /** Variance share of the first two components, in [0, 1]. */
  explainedVariance?: number[];
}

/** A segment's persona card. */
export interface ReportSegment {
  segmentId: number;
  name: string;
  /** One-line description. */
  description?: string;
  size: number;
  /** Share of all users, in [0, 1]. */
  share: number;
  /** Mean bootstrap Jaccard similarity of the segment, in [0, 1]. */
  stability?: number;
  /** Evidence lines, e.g. "uses the app 3.1× as many days per week as others". */
  evidence: string[];
  /** A readable rule that picks the segment out, with how well it does. */
  rule?: ReportRule;
  /** Suggested actions ("plays") for the teams. */
  plays?: string[];
}

/** A surrogate rule and its quality. */
export interface ReportRule {
  /** The rule in words or pseudo-SQL, e.g. "events_per_week > 12 AND share_weekend > 0.4". */
  text: string;
  /** Share of the segment's users the rule selects, in [0, 1]. */
  coverage: number;
  /** Share of the rule's selected users that are in the segment, in [0, 1]. */
  precision: number;
}

/** A file in the run folder. */
export interface ReportExport {
  /** Path relative to the run folder, e.g. "model.json". */
  file: string;
  /** What it is for. */
  description: string;
}
