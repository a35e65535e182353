import type { TopLevelSpec } from "vega-lite";
import { checkFinite, checkNonEmpty, round6, segmentLookup, topLevel } from "./common.js";
import type { AttributeMixCell, SegmentLabel } from "./types.js";

/** Options of {@link attributeMixChart}. */
export interface AttributeMixOptions {
  /** Attributes to draw, in this order. Default: every attribute in `cells`, first-met order. */
  attributes?: readonly string[];
  /** Bar width in pixels. Default 360. */
  width?: number;
}

/**
 * Segment attribute mix: for each categorical attribute (plan, platform, country, …) one
 * panel of stacked bars normalised to 100%, one bar per segment, showing which levels each
 * segment is made of. Levels keep the order first met in `cells`.
 *
 * @param cells - shares of each level within each segment.
 * @param segments - ids and persona names.
 * @param options - see {@link AttributeMixOptions}.
 * @returns a vega-lite vconcat spec, one panel per attribute, each with its own colour legend.
 * @throws TypeError when `cells` or `segments` is empty; RangeError on a non-finite share or
 * an unknown segment id.
 * @example
 * attributeMixChart([{ segmentId: 0, attribute: "plan", level: "free", share: 1 }],
 *   [{ segmentId: 0, name: "A" }]).vconcat.length; // => 1
 */
export function attributeMixChart(
  cells: readonly AttributeMixCell[],
  segments: readonly SegmentLabel[],
  options: AttributeMixOptions = {},
): TopLevelSpec {
  checkNonEmpty("cells", cells);
  const { labelled, get } = segmentLookup(segments);
  const attributes: string[] = [];
  const levels = new Map<string, string[]>();
  const values = cells.map((c, i) => {
    checkFinite("cells", i, "share", c.share);
    if (!levels.has(c.attribute)) {
      attributes.push(c.attribute);
      levels.set(c.attribute, []);
    }
    const lv = levels.get(c.attribute)!;
    if (!lv.includes(c.level)) lv.push(c.level);
    return {
      attribute: c.attribute,
      level: c.level,
      levelOrder: lv.indexOf(c.level),
      segment: get("cells", i, c.segmentId).label,
      share: round6(c.share),
    };
  });
  const chosen = options.attributes ?? attributes;
  const order = labelled.map((s) => s.label);
  const panels = chosen.map((attribute) => ({
    title: { text: attribute, fontSize: 12 },
    width: options.width ?? 360,
    height: { step: 22 },
    transform: [{ filter: { field: "attribute", equal: attribute } }],
    mark: { type: "bar", stroke: "white", strokeWidth: 0.5 },
    encoding: {
      y: { field: "segment", type: "nominal", title: null, sort: order, axis: { labelLimit: 200 } },
      x: {
        field: "share",
        type: "quantitative",
        stack: "normalize",
        title: "Share of the segment's users",
        axis: { format: "%" },
      },
      color: {
        field: "level",
        type: "nominal",
        title: attribute,
        sort: levels.get(attribute) ?? [],
        scale: { scheme: "set2" },
        legend: { labelLimit: 200 },
      },
      order: { field: "levelOrder", type: "quantitative" },
      tooltip: [
        { field: "segment", type: "nominal" },
        { field: "level", type: "nominal" },
        { field: "share", type: "quantitative", format: ".1%" },
      ],
    },
  }));
  return topLevel({
    title: { text: "Who is in each segment", subtitle: "Mix of user attributes per segment" },
    data: { values },
    vconcat: panels,
    resolve: { scale: { color: "independent" }, legend: { color: "independent" } },
  });
}
