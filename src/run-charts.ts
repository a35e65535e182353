/**
 * Every chart of a discovery, as vega-lite specs, in one call — what a notebook shows with
 * `display(...)`, and the same charts the report inlines.
 */
import type { TopLevelSpec } from "vega-lite";
import { attributeMixChart } from "./charts/attribute-mix-chart.js";
import { featureBoxChart } from "./charts/feature-box-chart.js";
import { kScanChart } from "./charts/k-scan-chart.js";
import { pcaMapChart } from "./charts/pca-map-chart.js";
import { profileHeatmapChart } from "./charts/profile-heatmap-chart.js";
import { segmentSizesChart } from "./charts/segment-sizes-chart.js";
import { silhouetteChart } from "./charts/silhouette-chart.js";
import type { ReportInput } from "./report/types.js";

/** The charts of a run; those without data (no scan when k was given) are absent. */
export interface RunCharts {
  /** Inertia (knee marked), silhouette, gap with error bars and stability per k. */
  kScan?: TopLevelSpec;
  /** Silhouette width of each user, per segment (the chosen k). */
  silhouette?: TopLevelSpec;
  /** Users on the first two principal components, coloured by segment, centroids and loadings. */
  pcaMap: TopLevelSpec;
  /** Effect size of every feature in every segment (feature × segment). */
  profileHeatmap: TopLevelSpec;
  /** Users per segment. */
  sizes: TopLevelSpec;
  /** Box plots in original units of the features that separate segments most. */
  distributions?: TopLevelSpec;
  /** Attribute mix (plan, platform, country …) per segment, one chart per attribute. */
  attributeMix: Record<string, TopLevelSpec>;
}

/**
 * Builds every chart of a run from its report input (see `toReportInput`).
 *
 * @param input - the report input of a run (`toReportInput(run, …)` or a run folder's report-input.json).
 * @returns the vega-lite specs (render with `renderSvg`, or `display` in a notebook).
 * @example
 * const charts = runCharts(toReportInput(run, { dataLabel: "sample" }));
 * await display(charts.kScan!);
 */
export function runCharts(input: ReportInput): RunCharts {
  const segments = input.segments.map((s) => ({ segmentId: s.segmentId, name: s.name }));
  const attributes = [...new Set((input.attributeMix ?? []).map((c) => c.attribute))];
  return {
    ...(input.kChoice.scan.length > 0 ? { kScan: kScanChart(input.kChoice.scan) } : {}),
    ...(input.silhouette && input.silhouette.length > 0
      ? { silhouette: silhouetteChart(input.silhouette, segments) }
      : {}),
    pcaMap: pcaMapChart({
      points: input.map?.points ?? [],
      segments,
      ...(input.map?.centroids ? { centroids: input.map.centroids } : {}),
      ...(input.map?.loadings ? { loadings: input.map.loadings } : {}),
      ...(input.map?.explainedVariance ? { explainedVariance: input.map.explainedVariance } : {}),
    }),
    profileHeatmap: profileHeatmapChart(input.profile ?? []),
    sizes: segmentSizesChart(
      input.segments.map((s) => ({
        segmentId: s.segmentId,
        name: s.name,
        size: s.size,
        share: s.share,
      })),
    ),
    ...(input.distributions && input.distributions.length > 0
      ? { distributions: featureBoxChart(input.distributions, segments) }
      : {}),
    attributeMix: Object.fromEntries(
      attributes.map((a) => [
        a,
        attributeMixChart(
          (input.attributeMix ?? []).filter((c) => c.attribute === a),
          segments,
        ),
      ]),
    ),
  };
}
