import type { TopLevelSpec } from "vega-lite";
import {
  checkFinite,
  checkNonEmpty,
  round6,
  segmentLookup,
  topLevel,
  withDefaults,
} from "./common.js";
import type { ProfileHeatmapCell } from "./types.js";

/** Options of {@link profileHeatmapChart}. */
export interface ProfileHeatmapOptions {
  /** Width of one segment column in pixels. Default 70. */
  cellWidth?: number;
  /** Height of one feature row in pixels. Default 22. */
  cellHeight?: number;
  /** Print each effect size in its cell. Default true. */
  showValues?: boolean;
}

const defaults = { cellWidth: 70, cellHeight: 22, showValues: true };

/**
 * The profile heatmap: one column per segment (persona names, ordered by id), one row per
 * feature (in the order first met in `cells`), coloured by the effect size against the rest of
 * the users on a diverging blue–orange scale centred on 0 (blue: lower than the rest, orange:
 * higher), symmetric so that equal sizes get equal strength.
 *
 * @param cells - effect sizes, one per (segment, feature).
 * @param options - see {@link ProfileHeatmapOptions}.
 * @returns a vega-lite layered spec with inline data.
 * @throws TypeError when `cells` is empty; RangeError on a non-finite effect size.
 * @example
 * profileHeatmapChart([{ segmentId: 0, segmentName: "A", feature: "events", effectSize: 1.2 }]).width;
 * // => { step: 70 }
 */
export function profileHeatmapChart(
  cells: readonly ProfileHeatmapCell[],
  options: ProfileHeatmapOptions = {},
): TopLevelSpec {
  checkNonEmpty("cells", cells);
  const o = withDefaults(defaults, options);
  const names = new Map<number, string>();
  const features: string[] = [];
  const seenFeature = new Set<string>();
  let maxAbs = 0;
  cells.forEach((c, i) => {
    checkFinite("cells", i, "effectSize", c.effectSize);
    if (!names.has(c.segmentId)) names.set(c.segmentId, c.segmentName);
    if (!seenFeature.has(c.feature)) {
      seenFeature.add(c.feature);
      features.push(c.feature);
    }
    maxAbs = Math.max(maxAbs, Math.abs(c.effectSize));
  });
  const { labelled, get } = segmentLookup(
    [...names].map(([segmentId, name]) => ({ segmentId, name })),
  );
  const values = cells.map((c, i) => ({
    segment: get("cells", i, c.segmentId).label,
    feature: c.feature,
    effect: round6(c.effectSize),
  }));
  // At least ±0.5 so that a profile of tiny differences is not painted as strong.
  const m = round6(Math.max(0.5, maxAbs));
  const x = {
    field: "segment",
    type: "nominal",
    title: null,
    sort: labelled.map((s) => s.label),
    axis: {
      orient: "top",
      labelAngle: -30,
      labelAlign: "left",
      labelLimit: 180,
      domain: false,
      ticks: false,
    },
  };
  const y = {
    field: "feature",
    type: "nominal",
    title: null,
    sort: features,
    axis: { domain: false, ticks: false, labelLimit: 220 },
  };
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: "rect", stroke: "white", strokeWidth: 1 },
      encoding: {
        x,
        y,
        color: {
          field: "effect",
          type: "quantitative",
          title: ["Difference vs", "other users", "(effect size)"],
          scale: { scheme: "blueorange", domain: [-m, m], domainMid: 0 },
          legend: { gradientLength: Math.max(80, Math.min(200, features.length * o.cellHeight)) },
        },
      },
    },
  ];
  if (o.showValues) {
    layers.push({
      mark: { type: "text", fontSize: 10 },
      encoding: {
        x,
        y,
        text: { field: "effect", type: "quantitative", format: "+.1f" },
        color: {
          condition: { test: `abs(datum.effect) > ${round6(m * 0.6)}`, value: "white" },
          value: "#222",
        },
      },
    });
  }
  return topLevel({
    title: {
      text: "What sets each segment apart",
      subtitle: "Orange: higher than other users; blue: lower (standardised difference)",
    },
    data: { values },
    width: { step: o.cellWidth },
    height: { step: o.cellHeight },
    layer: layers,
  });
}
