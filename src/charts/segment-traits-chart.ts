import type { TopLevelSpec } from "vega-lite";
import { checkFinite, checkNonEmpty, round6, topLevel } from "./common.js";
import { segmentColor } from "./palette.js";
import type { ProfileHeatmapCell } from "./types.js";

/** Options of {@link segmentTraitsChart}. */
export interface SegmentTraitsOptions {
  /** Most traits shown, by absolute effect size. Default 8. */
  top?: number;
  /** Bar area width in pixels. Default 300. */
  width?: number;
}

/**
 * One segment's distinguishing traits (for its persona card): its features with the largest
 * absolute effect sizes against the rest, as diverging bars around 0 (right: higher than
 * other users, left: lower), in the segment's colour.
 *
 * @param cells - the profile cells (of every segment; only `segmentId`'s are used).
 * @param segmentId - the segment of the card.
 * @param options - see {@link SegmentTraitsOptions}.
 * @returns a vega-lite layered spec with inline data.
 * @throws TypeError when the segment has no cells; RangeError on a non-finite effect size.
 * @example
 * segmentTraitsChart([{ segmentId: 1, segmentName: "B", feature: "events", effectSize: 0.8 }], 1)
 *   .data.values.length; // => 1
 */
export function segmentTraitsChart(
  cells: readonly ProfileHeatmapCell[],
  segmentId: number,
  options: SegmentTraitsOptions = {},
): TopLevelSpec {
  const color = segmentColor(segmentId);
  const mine = cells.filter((c) => c.segmentId === segmentId);
  checkNonEmpty(`cells of segment ${segmentId}`, mine);
  mine.forEach((c, i) => checkFinite("cells", i, "effectSize", c.effectSize));
  const top = [...mine]
    .sort(
      (a, b) => Math.abs(b.effectSize) - Math.abs(a.effectSize) || (a.feature < b.feature ? -1 : 1),
    )
    .slice(0, options.top ?? 8);
  const values = top.map((c) => ({
    feature: c.feature,
    effect: round6(c.effectSize),
    direction: c.effectSize >= 0 ? "higher" : "lower",
  }));
  const m = round6(Math.max(1, ...values.map((v) => Math.abs(v.effect))));
  const y = {
    field: "feature",
    type: "nominal",
    title: null,
    sort: values.map((v) => v.feature),
    axis: { labelLimit: 200 },
  };
  return topLevel({
    title: { text: "What stands out", subtitle: "Difference from other users (effect size)" },
    data: { values },
    width: options.width ?? 300,
    height: { step: 20 },
    layer: [
      {
        mark: { type: "bar", color },
        encoding: {
          y,
          x: {
            field: "effect",
            type: "quantitative",
            title: "← lower · higher →",
            scale: { domain: [-m, m] },
          },
          opacity: { condition: { test: "datum.effect < 0", value: 0.55 }, value: 1 },
        },
      },
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: "rule", color: "#333" },
        encoding: { x: { field: "zero", type: "quantitative" } },
      },
    ],
  });
}
