import type { TopLevelSpec } from "vega-lite";
import {
  checkFinite,
  checkNonEmpty,
  round6,
  segmentLookup,
  topLevel,
  withDefaults,
} from "./common.js";
import { segmentColorScale } from "./palette.js";
import type { BoxStats, SegmentLabel } from "./types.js";

/** Options of {@link featureBoxChart}. */
export interface FeatureBoxOptions {
  /** Features to draw, in this order. Default: every feature in `stats`, in first-met order. */
  features?: readonly string[];
  /** Unit per feature for the axis titles, e.g. `{ days_active: "days" }`. Default: none. */
  units?: Readonly<Record<string, string>>;
  /** Segment to emphasise (the others are drawn faded). Default: none. */
  highlight?: number;
  /** Width of one panel in pixels. Default 220. */
  panelWidth?: number;
  /** Panels per line. Default 2. */
  columns?: number;
  /** Chart title. Default "How the key features are distributed in each segment". */
  title?: string;
}

const defaults = { panelWidth: 220, columns: 2 };

/**
 * Feature distributions per segment, in original units: one small box-plot panel per
 * feature, one box per segment (whiskers lo–hi, box q1–q3, median tick), drawn from
 * precomputed quartiles so the chart carries a few numbers per segment, never the raw data.
 *
 * @param stats - box statistics per (segment, feature).
 * @param segments - ids and persona names (labels and colours).
 * @param options - see {@link FeatureBoxOptions}.
 * @returns a vega-lite concat spec, one panel per feature.
 * @throws TypeError when `stats` or `segments` is empty; RangeError on a non-finite statistic
 * or an unknown segment id.
 * @example
 * featureBoxChart([{ segmentId: 0, feature: "events", q1: 1, median: 2, q3: 3, lo: 0, hi: 5 }],
 *   [{ segmentId: 0, name: "A" }]).concat.length; // => 1
 */
export function featureBoxChart(
  stats: readonly BoxStats[],
  segments: readonly SegmentLabel[],
  options: FeatureBoxOptions = {},
): TopLevelSpec {
  checkNonEmpty("stats", stats);
  const o = withDefaults(defaults, options);
  const { labelled, get } = segmentLookup(segments);
  const fields = ["q1", "median", "q3", "lo", "hi"] as const;
  const met: string[] = [];
  const rows = stats.map((s, i) => {
    for (const f of fields) checkFinite("stats", i, f, s[f]);
    if (!met.includes(s.feature)) met.push(s.feature);
    return {
      feature: s.feature,
      segment: get("stats", i, s.segmentId).label,
      emphasis: o.highlight === undefined || o.highlight === s.segmentId ? 1 : 0.3,
      q1: round6(s.q1),
      median: round6(s.median),
      q3: round6(s.q3),
      lo: round6(s.lo),
      hi: round6(s.hi),
    };
  });
  const features = o.features ?? met;
  const order = labelled.map((s) => s.label);
  const color = {
    field: "segment",
    type: "nominal",
    scale: segmentColorScale(labelled),
    legend: null,
  };
  const opacity = { field: "emphasis", type: "quantitative", scale: null, legend: null };
  const panels = features.map((feature) => {
    const unit = o.units?.[feature];
    const x = { field: "lo", type: "quantitative", title: unit ?? null, scale: { zero: false } };
    const y = {
      field: "segment",
      type: "nominal",
      title: null,
      sort: order,
      axis: { labelLimit: 200 },
    };
    return {
      title: { text: feature, fontSize: 12 },
      width: o.panelWidth,
      height: { step: 22 },
      transform: [{ filter: { field: "feature", equal: feature } }],
      layer: [
        { mark: { type: "rule", color: "#555" }, encoding: { y, x, x2: { field: "hi" }, opacity } },
        {
          mark: { type: "bar", size: 14, stroke: "#333", strokeWidth: 0.5 },
          encoding: { y, x: { ...x, field: "q1" }, x2: { field: "q3" }, color, opacity },
        },
        {
          mark: { type: "tick", color: "black", size: 14, thickness: 2 },
          encoding: { y, x: { ...x, field: "median" }, opacity },
        },
      ],
    };
  });
  return topLevel({
    title: {
      text: o.title ?? "How the key features are distributed in each segment",
      subtitle: "Box: middle half of users; line inside: median; whiskers: typical range",
    },
    data: { values: rows },
    columns: o.columns,
    concat: panels,
  });
}
