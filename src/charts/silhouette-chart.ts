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
import type { SegmentLabel, SilhouettePoint } from "./types.js";

/** Options of {@link silhouetteChart}. */
export interface SilhouetteChartOptions {
  /**
   * Most silhouette values drawn. Above it each segment keeps evenly spaced order statistics
   * (its sorted profile keeps its shape; the mean line still uses every value). Default 2000.
   */
  maxPoints?: number;
  /** Chart width in pixels. Default 420. */
  width?: number;
  /** Chart height in pixels. Default 320. */
  height?: number;
}

const defaults = { maxPoints: 2000, width: 420, height: 320 };

/**
 * The silhouette plot (Rousseeuw, 1987): each segment's users sorted by silhouette width,
 * drawn as a band of horizontal bars, one band per segment (ordered by id, band height
 * proportional to segment size), with the overall mean as a dashed line. Wide bands mean
 * users sit well inside their segment; bars left of 0 are users closer to another segment.
 *
 * @param points - one silhouette width per user (or per sampled user).
 * @param segments - ids and persona names (labels and colours).
 * @param options - see {@link SilhouetteChartOptions}.
 * @returns a vega-lite layered spec with inline data.
 * @throws TypeError when `points` or `segments` is empty; RangeError on a non-finite value or
 * an unknown segment id.
 * @example
 * silhouetteChart([{ segmentId: 0, value: 0.5 }], [{ segmentId: 0, name: "A" }]).layer.length; // => 3
 */
export function silhouetteChart(
  points: readonly SilhouettePoint[],
  segments: readonly SegmentLabel[],
  options: SilhouetteChartOptions = {},
): TopLevelSpec {
  checkNonEmpty("points", points);
  const o = withDefaults(defaults, options);
  const { labelled, get } = segmentLookup(segments);
  const bySegment = new Map<number, number[]>();
  let sum = 0;
  points.forEach((p, i) => {
    checkFinite("points", i, "value", p.value);
    get("points", i, p.segmentId);
    let list = bySegment.get(p.segmentId);
    if (list === undefined) bySegment.set(p.segmentId, (list = []));
    list.push(p.value);
    sum += p.value;
  });
  const mean = sum / points.length;
  const keepFraction = Math.min(1, o.maxPoints / points.length);
  const bars: Record<string, unknown>[] = [];
  const labels: Record<string, unknown>[] = [];
  // Gap between bands, in "users", so bands stay apart at any size.
  const gap = Math.max(1, Math.round(points.length * 0.03));
  let position = 0;
  for (const s of labelled) {
    const values = bySegment.get(s.segmentId);
    if (values === undefined) continue;
    values.sort((a, b) => b - a);
    const n = values.length;
    const m = Math.max(1, Math.min(n, Math.ceil(n * keepFraction)));
    for (let j = 0; j < m; j++) {
      // Evenly spaced order statistics, first and last included.
      const idx = m === 1 ? 0 : Math.round((j * (n - 1)) / (m - 1));
      bars.push({
        segment: s.label,
        position: round6(position + idx + 0.5),
        value: round6(values[idx]!),
      });
    }
    const segMean = values.reduce((a, b) => a + b, 0) / n;
    labels.push({
      segment: s.label,
      position: round6(position + n / 2),
      at: round6(Math.max(0, values[0]!)),
      text: `${s.label} · mean ${segMean.toFixed(2)}`,
    });
    position += n + gap;
  }
  const color = {
    field: "segment",
    type: "nominal",
    title: "Segment",
    scale: segmentColorScale(labelled),
    legend: null,
  };
  const y = {
    field: "position",
    type: "quantitative",
    axis: null,
    scale: { domain: [0, Math.max(1, position - gap)], reverse: true, nice: false, zero: true },
  };
  const minValue = Math.min(0, ...bars.map((b) => b.value as number));
  return topLevel({
    title: {
      text: "Silhouette: how well users fit their segment",
      subtitle: `Each band is one segment, users sorted; dashed line: mean ${mean.toFixed(2)}`,
    },
    width: o.width,
    height: o.height,
    layer: [
      {
        data: { values: bars },
        mark: { type: "area", orient: "horizontal", interpolate: "step" },
        encoding: {
          y,
          x: {
            field: "value",
            type: "quantitative",
            title: "Silhouette width (−1 to 1)",
            scale: { domain: [round6(Math.max(-1, Math.floor(minValue * 5) / 5)), 1] },
          },
          x2: { datum: 0 },
          color,
          detail: { field: "segment" },
        },
      },
      {
        data: { values: labels },
        mark: { type: "text", align: "left", dx: 4, fontSize: 11 },
        encoding: { y, x: { field: "at", type: "quantitative" }, text: { field: "text" } },
      },
      {
        data: { values: [{ mean: round6(mean) }] },
        mark: { type: "rule", color: "#e15759", strokeDash: [5, 3] },
        encoding: { x: { field: "mean", type: "quantitative" } },
      },
    ],
  });
}
