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
import { samplePointsForMap } from "./sample-points-for-map.js";
import type { Loading, PcaPoint, SegmentLabel } from "./types.js";

/** What {@link pcaMapChart} draws. */
export interface PcaMapInput {
  /** Users projected on the first two components (sampled down to `maxPoints`). */
  points: readonly PcaPoint[];
  /** Segment ids and persona names. */
  segments: readonly SegmentLabel[];
  /** Segment centres in the same projection. Default: the mean of each segment's points. */
  centroids?: readonly PcaPoint[];
  /** Feature loadings on the two components, drawn as arrows from the origin. Default: none. */
  loadings?: readonly Loading[];
  /** Share of variance explained by the two components, in [0, 1], for the axis titles. */
  explainedVariance?: readonly [number, number] | readonly number[];
}

/** Options of {@link pcaMapChart}. */
export interface PcaMapOptions {
  /** Most user points drawn (stratified seeded sample, {@link samplePointsForMap}). Default 3000. */
  maxPoints?: number;
  /** Seed of the sample. Default 42. */
  seed?: number;
  /** Longest loadings drawn as arrows (the rest would clutter). Default 8. */
  maxLoadings?: number;
  /** Plot width in pixels; the height follows the data's aspect ratio (between 240 and 520). Default 520. */
  width?: number;
}

const defaults = { maxPoints: 3000, seed: 42, maxLoadings: 8, width: 520 };

/**
 * The PCA map (a biplot, Gabriel 1971): users in the plane of the first two principal
 * components coloured by segment, segment centres marked with a labelled diamond, and the
 * longest feature loadings as arrows (scaled to the point cloud). Both axes use the same
 * pixels per unit, so distances and arrow directions read true.
 *
 * @param input - see {@link PcaMapInput}.
 * @param options - see {@link PcaMapOptions}.
 * @returns a vega-lite layered spec with inline data.
 * @throws TypeError when `points` or `segments` is empty; RangeError on a non-finite
 * coordinate or an unknown segment id.
 * @example
 * const spec = pcaMapChart({ points: [{ x: 0, y: 0, segmentId: 0 }, { x: 1, y: 1, segmentId: 0 }],
 *   segments: [{ segmentId: 0, name: "A" }] });
 * spec.layer.length; // => 3 (users, centres, centre labels)
 */
export function pcaMapChart(input: PcaMapInput, options: PcaMapOptions = {}): TopLevelSpec {
  const o = withDefaults(defaults, options);
  checkNonEmpty("points", input.points);
  const { labelled, get } = segmentLookup(input.segments);
  input.points.forEach((p, i) => {
    checkFinite("points", i, "x", p.x);
    checkFinite("points", i, "y", p.y);
    get("points", i, p.segmentId);
  });
  const centroids = input.centroids ?? meanBySegment(input.points);
  centroids.forEach((c, i) => {
    checkFinite("centroids", i, "x", c.x);
    checkFinite("centroids", i, "y", c.y);
    get("centroids", i, c.segmentId);
  });
  const loadings = [...(input.loadings ?? [])];
  loadings.forEach((l, i) => {
    checkFinite("loadings", i, "x", l.x);
    checkFinite("loadings", i, "y", l.y);
  });

  const sample = samplePointsForMap(input.points, o.maxPoints, o.seed);
  // Extent over every point, not just the sample: the frame does not depend on the draw.
  let xMin = Infinity,
    xMax = -Infinity,
    yMin = Infinity,
    yMax = -Infinity,
    radius = 0;
  for (const p of [...input.points, ...centroids]) {
    xMin = Math.min(xMin, p.x);
    xMax = Math.max(xMax, p.x);
    yMin = Math.min(yMin, p.y);
    yMax = Math.max(yMax, p.y);
  }
  for (const p of input.points) radius = Math.max(radius, Math.hypot(p.x, p.y));
  // Biplot arrows: the longest loading reaches 70% of the farthest user from the origin.
  const top = loadings
    .map((l) => ({ ...l, len: Math.hypot(l.x, l.y) }))
    .sort((a, b) => b.len - a.len || (a.feature < b.feature ? -1 : 1))
    .slice(0, o.maxLoadings);
  const maxLen = top.length > 0 ? top[0]!.len : 0;
  const arrowScale = maxLen > 0 && radius > 0 ? (0.7 * radius) / maxLen : 0;
  for (const l of top) {
    const ex = l.x * arrowScale * 1.12,
      ey = l.y * arrowScale * 1.12;
    xMin = Math.min(xMin, ex, 0);
    xMax = Math.max(xMax, ex, 0);
    yMin = Math.min(yMin, ey, 0);
    yMax = Math.max(yMax, ey, 0);
  }
  const pad = (lo: number, hi: number): [number, number] => {
    const span = hi - lo || 1;
    return [round6(lo - span * 0.05), round6(hi + span * 0.05)];
  };
  const xDomain = pad(xMin, xMax);
  const yDomain = pad(yMin, yMax);
  const xSpan = xDomain[1] - xDomain[0];
  const ySpan = yDomain[1] - yDomain[0];
  // Equal pixels per unit on both axes (clamped height; then the x range widens to match).
  let width = o.width;
  let height = Math.round((width * ySpan) / xSpan);
  if (height > 520) {
    height = 520;
    width = Math.round((height * xSpan) / ySpan);
  } else if (height < 240) {
    height = 240;
    const needSpan = (height * xSpan) / width;
    const extra = (needSpan - ySpan) / 2;
    yDomain[0] = round6(yDomain[0] - extra);
    yDomain[1] = round6(yDomain[1] + extra);
  }

  const label = new Map(labelled.map((s) => [s.segmentId, s.label]));
  const ev = input.explainedVariance;
  const axisTitle = (i: number): string =>
    ev !== undefined && ev[i] !== undefined
      ? `Component ${i + 1} (${Math.round(ev[i]! * 100)}% of variance)`
      : `Component ${i + 1}`;
  const x = {
    field: "x",
    type: "quantitative",
    title: axisTitle(0),
    scale: { domain: xDomain, nice: false, zero: false },
  };
  const y = {
    field: "y",
    type: "quantitative",
    title: axisTitle(1),
    scale: { domain: yDomain, nice: false, zero: false },
  };
  const color = {
    field: "segment",
    type: "nominal",
    title: "Segment",
    scale: segmentColorScale(labelled),
    legend: { orient: "right", symbolOpacity: 1, labelLimit: 220 },
  };
  const centres = centroids.map((c) => ({
    x: round6(c.x),
    y: round6(c.y),
    segment: label.get(c.segmentId)!,
  }));
  const layers: Record<string, unknown>[] = [
    {
      data: {
        values: sample.map((p) => ({
          x: round6(p.x),
          y: round6(p.y),
          segment: label.get(p.segmentId)!,
        })),
      },
      // No per-point aria labels: thousands of them would triple the SVG size.
      mark: { type: "circle", size: 14, opacity: 0.45, aria: false },
      encoding: { x, y, color },
    },
  ];
  if (top.length > 0) {
    const sx = width / xSpan;
    const sy = height / (yDomain[1] - yDomain[0]);
    const arrows = top.map((l) => ({
      feature: l.feature,
      x0: 0,
      y0: 0,
      x: round6(l.x * arrowScale),
      y: round6(l.y * arrowScale),
      lx: round6(l.x * arrowScale * 1.1),
      ly: round6(l.y * arrowScale * 1.1),
      // Symbol rotation is clockwise from "up" in pixels; the y pixel axis points down.
      angle: round6((Math.atan2(l.x * sx, l.y * sy) * 180) / Math.PI),
    }));
    layers.push(
      {
        data: { values: arrows },
        mark: { type: "rule", color: "#333", strokeWidth: 1.2 },
        encoding: {
          x: { field: "x0", type: "quantitative" },
          y: { field: "y0", type: "quantitative" },
          x2: { field: "x" },
          y2: { field: "y" },
        },
      },
      {
        data: { values: arrows },
        mark: {
          type: "point",
          shape: "triangle-up",
          filled: true,
          color: "#333",
          size: 40,
          opacity: 1,
        },
        encoding: { x, y, angle: { field: "angle", type: "quantitative", scale: null } },
      },
      {
        data: { values: arrows },
        mark: { type: "text", fontSize: 10, fontStyle: "italic", color: "#555" },
        encoding: {
          x: { field: "lx", type: "quantitative" },
          y: { field: "ly", type: "quantitative" },
          text: { field: "feature" },
        },
      },
    );
  }
  layers.push(
    {
      data: { values: centres },
      mark: {
        type: "point",
        shape: "diamond",
        filled: true,
        size: 180,
        stroke: "black",
        strokeWidth: 1.2,
        opacity: 1,
      },
      encoding: { x, y, color },
    },
    {
      data: { values: centres },
      mark: { type: "text", dy: -12, fontSize: 11, fontWeight: "bold", color: "#111" },
      encoding: { x, y, text: { field: "segment" } },
    },
  );
  return topLevel({
    title: {
      text: "Map of users (first two principal components)",
      subtitle:
        sample.length < input.points.length
          ? `${sample.length.toLocaleString("en-US")} of ${input.points.length.toLocaleString("en-US")} users shown; diamonds: segment centres${top.length > 0 ? "; arrows: features" : ""}`
          : `Diamonds: segment centres${top.length > 0 ? "; arrows: features" : ""}`,
    },
    width,
    height,
    layer: layers,
  });
}

/** The mean point of each segment (the default centroid). */
function meanBySegment(points: readonly PcaPoint[]): PcaPoint[] {
  const acc = new Map<number, { x: number; y: number; n: number }>();
  for (const p of points) {
    const a = acc.get(p.segmentId) ?? { x: 0, y: 0, n: 0 };
    a.x += p.x;
    a.y += p.y;
    a.n++;
    acc.set(p.segmentId, a);
  }
  return [...acc.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([segmentId, a]) => ({ segmentId, x: a.x / a.n, y: a.y / a.n }));
}
