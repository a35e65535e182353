/**
 * Structural inputs of the chart builders. They are deliberately small and independent of the
 * stage models (select/, profile/, persona/, reduce/) so that any stage output can be adapted
 * to them in a few lines, and so that a report can be rebuilt from plain JSON.
 */

/** A segment as charts label it: its stable id (colour) and its persona name (label). */
export interface SegmentLabel {
  /** Stable segment id (0, 1, …): picks the colour, see {@link segmentColor}. */
  segmentId: number;
  /** Persona name shown to readers, e.g. "Weekend power users". */
  name: string;
}

/** One k of a k scan: the values plotted for that number of segments. */
export interface KScanChartRow {
  k: number;
  /** Within-cluster sum of squares (lower is tighter). */
  inertia: number;
  /** True on the row the knee (elbow) detector picked. */
  knee?: boolean;
  /** Mean silhouette width in [-1, 1]. */
  silhouette?: number;
  /** Gap statistic (Tibshirani et al., 2001). */
  gap?: number;
  /** Standard error of the gap (the s_k of Tibshirani et al.). */
  gapSE?: number;
  /** Lowest per-segment bootstrap Jaccard similarity across segments. */
  stabilityMin?: number;
  /** Mean per-segment bootstrap Jaccard similarity. */
  stabilityMean?: number;
}

/** One user's silhouette width, with its segment. */
export interface SilhouettePoint {
  segmentId: number;
  value: number;
}

/** A point of the PCA map (a user, or a centroid) in the first two principal components. */
export interface PcaPoint {
  x: number;
  y: number;
  segmentId: number;
}

/** The loading of one feature on the first two principal components (a biplot arrow). */
export interface Loading {
  feature: string;
  x: number;
  y: number;
}

/** The size of one segment. */
export interface SegmentSize {
  segmentId: number;
  name: string;
  /** Users in the segment. */
  size: number;
  /** Share of all users, in [0, 1]. */
  share: number;
}

/** One cell of the profile heatmap: how one segment differs from the rest on one feature. */
export interface ProfileHeatmapCell {
  segmentId: number;
  segmentName: string;
  feature: string;
  /** Standardised effect size vs the rest of the users (e.g. Cohen's d); 0 = no difference. */
  effectSize: number;
}

/** Precomputed box-plot statistics of one feature in one segment, in original units. */
export interface BoxStats {
  segmentId: number;
  feature: string;
  q1: number;
  median: number;
  q3: number;
  /** Lower whisker end (e.g. the 5th percentile or the lowest value within 1.5 IQR). */
  lo: number;
  /** Upper whisker end. */
  hi: number;
}

/** Share of one level of a categorical attribute (plan, platform, …) within a segment. */
export interface AttributeMixCell {
  segmentId: number;
  attribute: string;
  level: string;
  /** Share of the segment's users with this level, in [0, 1]. */
  share: number;
}
