import type { TopLevelSpec } from "vega-lite";
import { checkFinite, checkNonEmpty, segmentLookup, topLevel } from "./common.js";
import { segmentColorScale } from "./palette.js";
import type { SegmentSize } from "./types.js";

/** Options of {@link segmentSizesChart}. */
export interface SegmentSizesOptions {
  /** Bar area width in pixels. Default 360. */
  width?: number;
}

/**
 * Segment sizes: one horizontal bar per segment (persona names, ordered by id, fixed colours)
 * labelled with its user count and share.
 *
 * @param sizes - one entry per segment.
 * @param options - see {@link SegmentSizesOptions}.
 * @returns a vega-lite layered spec with inline data.
 * @throws TypeError when `sizes` is empty; RangeError on a non-finite size or share, or a bad id.
 * @example
 * segmentSizesChart([{ segmentId: 0, name: "A", size: 30, share: 0.3 }]).data.values[0].text;
 * // => "30 (30%)"
 */
export function segmentSizesChart(
  sizes: readonly SegmentSize[],
  options: SegmentSizesOptions = {},
): TopLevelSpec {
  checkNonEmpty("sizes", sizes);
  sizes.forEach((s, i) => {
    checkFinite("sizes", i, "size", s.size);
    checkFinite("sizes", i, "share", s.share);
  });
  const { labelled, get } = segmentLookup(
    sizes.map((s) => ({ segmentId: s.segmentId, name: s.name })),
  );
  const values = [...sizes]
    .sort((a, b) => a.segmentId - b.segmentId)
    .map((s, i) => ({
      segment: get("sizes", i, s.segmentId).label,
      size: s.size,
      text: `${s.size.toLocaleString("en-US")} (${formatShare(s.share)})`,
    }));
  const y = {
    field: "segment",
    type: "nominal",
    title: null,
    sort: labelled.map((s) => s.label),
    axis: { labelLimit: 220 },
  };
  return topLevel({
    title: {
      text: "How big is each segment?",
      subtitle: "Users per segment and share of all users",
    },
    data: { values },
    width: options.width ?? 360,
    height: { step: 28 },
    layer: [
      {
        mark: { type: "bar", cornerRadiusEnd: 2 },
        encoding: {
          y,
          x: { field: "size", type: "quantitative", title: "Users", scale: { nice: true } },
          color: {
            field: "segment",
            type: "nominal",
            scale: segmentColorScale(labelled),
            legend: null,
          },
        },
      },
      {
        mark: { type: "text", align: "left", dx: 4, fontSize: 11 },
        encoding: { y, x: { field: "size", type: "quantitative" }, text: { field: "text" } },
      },
    ],
  });
}

/**
 * A share as a percentage for labels: whole percents from 10%, one decimal below, "<0.1%"
 * for tiny non-zero shares (so a small segment never reads as "0%").
 *
 * @param share - a share in [0, 1].
 * @returns the label text.
 * @example
 * formatShare(0.4428); // => "44%"
 * formatShare(0.045); // => "4.5%"
 */
export function formatShare(share: number): string {
  const pct = share * 100;
  if (pct > 0 && pct < 0.1) return "<0.1%";
  return pct < 10 ? `${pct.toFixed(1)}%` : `${Math.round(pct)}%`;
}
