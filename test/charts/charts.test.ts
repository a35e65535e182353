import { describe, expect, it } from "vitest";
import {
  attributeMixChart,
  chartMessages,
  featureBoxChart,
  kScanChart,
  labelSegments,
  pcaMapChart,
  profileHeatmapChart,
  segmentColor,
  segmentColorScale,
  segmentSizesChart,
  segmentTraitsChart,
  silhouetteChart,
  SEGMENT_PALETTE,
} from "../../src/charts/index.js";
import { formatShare } from "../../src/charts/segment-sizes-chart.js";
import {
  demoAttributeMix,
  demoBoxes,
  demoKScan,
  demoLoadings,
  demoProfile,
  demoSegments,
  demoSizes,
} from "./demo-data.js";

const golden = (name: string) => `../fixtures/charts/${name}.vl.json`;
const json = (spec: unknown) => JSON.stringify(spec, null, 2) + "\n";
// The spec's inline data, whatever the builder's layout.
const values = (spec: unknown) =>
  (spec as { data: { values: Record<string, unknown>[] } }).data.values;

const tinySegments = [
  { segmentId: 0, name: "Casual" },
  { segmentId: 1, name: "Power" },
];
const tinyPoints = [
  { x: -2, y: 0, segmentId: 0 },
  { x: -1, y: 1, segmentId: 0 },
  { x: 2, y: 0, segmentId: 1 },
  { x: 3, y: -1, segmentId: 1 },
];

describe("segment colours", () => {
  it("segmentColor(id) indexes a fixed palette and wraps after 20", () => {
    expect(segmentColor(0)).toBe("#4e79a7");
    expect(segmentColor(3)).toBe("#e15759");
    expect(segmentColor(20)).toBe(segmentColor(0));
    expect(SEGMENT_PALETTE.length).toBe(20);
    expect(new Set(SEGMENT_PALETTE).size).toBe(20);
  });

  it("segmentColor(id) rejects negative and fractional ids", () => {
    expect(() => segmentColor(-1)).toThrow(new RangeError(chartMessages.invalidSegmentId(-1)));
    expect(() => segmentColor(1.5)).toThrow(new RangeError(chartMessages.invalidSegmentId(1.5)));
  });

  it("segmentColorScale(labelSegments(s)) pins colours to ids, not to positions", () => {
    const all = segmentColorScale(labelSegments(demoSegments));
    const withoutOne = segmentColorScale(
      labelSegments(demoSegments.filter((s) => s.segmentId !== 1)),
    );
    expect(all.range).toEqual(["#4e79a7", "#f28e2b", "#59a14f", "#e15759"]);
    expect(withoutOne.domain).toEqual(["Casual browsers", "New trialists", "Lapsed subscribers"]);
    expect(withoutOne.range).toEqual(["#4e79a7", "#59a14f", "#e15759"]);
  });

  it("labelSegments(s) orders by id, disambiguates equal names and names blank ones", () => {
    const l = labelSegments([
      { segmentId: 2, name: "Fans" },
      { segmentId: 0, name: "Fans" },
      { segmentId: 1, name: " " },
    ]);
    expect(l.map((s) => s.label)).toEqual(["Fans (#0)", "Segment 1", "Fans (#2)"]);
  });

  it("labelSegments(s) rejects a duplicated id", () => {
    expect(() => labelSegments([tinySegments[0]!, tinySegments[0]!])).toThrow(
      new RangeError(chartMessages.invalidSegmentId(0, "duplicated")),
    );
  });
});

describe("chart builders (golden specs)", () => {
  it("kScanChart(rows, {chosenK}) draws inertia with the knee, silhouette, gap ± SE and stability", async () => {
    const spec = kScanChart(demoKScan, { chosenK: 4 }) as unknown as { concat: unknown[] };
    expect(spec.concat).toHaveLength(4);
    const knee = values(spec).filter((v) => v.knee === true);
    expect(knee).toEqual([expect.objectContaining({ k: 4 })]);
    const k4 = values(spec).find((v) => v.k === 4)!;
    expect(k4.gapLo).toBeCloseTo(0.65, 10);
    expect(k4.gapHi).toBeCloseTo(0.71, 10);
    await expect(json(spec)).toMatchFileSnapshot(golden("k-scan"));
  });

  it("kScanChart(rows) keeps only the panels it has data for, sorted by k", () => {
    const spec = kScanChart([
      { k: 3, inertia: 5 },
      { k: 2, inertia: 9, knee: true },
    ]) as unknown as { concat: unknown[] };
    expect(spec.concat).toHaveLength(1);
    expect(values(spec).map((v) => v.k)).toEqual([2, 3]);
  });

  it("kScanChart(rows) rejects empty rows and non-finite values", () => {
    expect(() => kScanChart([])).toThrow(new TypeError(chartMessages.emptyData("rows")));
    expect(() => kScanChart([{ k: 2, inertia: NaN }])).toThrow(
      new RangeError(chartMessages.notFinite("rows", 0, "inertia", NaN)),
    );
    expect(() => kScanChart([{ k: 2, inertia: 1, gap: Infinity }])).toThrow(
      new RangeError(chartMessages.notFinite("rows", 0, "gap", Infinity)),
    );
  });

  it("silhouetteChart(points, segments) sorts each band and marks the mean", async () => {
    const pts = [
      { segmentId: 1, value: 0.2 },
      { segmentId: 0, value: 0.1 },
      { segmentId: 0, value: 0.7 },
      { segmentId: 1, value: -0.1 },
      { segmentId: 0, value: 0.4 },
    ];
    const spec = silhouetteChart(pts, tinySegments) as unknown as {
      layer: { data: { values: Record<string, unknown>[] } }[];
    };
    const bars = spec.layer[0]!.data.values;
    expect(bars.filter((b) => b.segment === "Casual").map((b) => b.value)).toEqual([0.7, 0.4, 0.1]);
    expect(bars.filter((b) => b.segment === "Power").map((b) => b.value)).toEqual([0.2, -0.1]);
    // Mean of all five values: 1.3 / 5.
    expect(spec.layer[2]!.data.values[0]!.mean).toBeCloseTo(0.26, 12);
    await expect(json(spec)).toMatchFileSnapshot(golden("silhouette"));
  });

  it("silhouetteChart(points, segments, {maxPoints}) thins each band but keeps its extremes", () => {
    const pts = Array.from({ length: 100 }, (_, i) => ({ segmentId: i % 2, value: i / 100 }));
    const spec = silhouetteChart(pts, tinySegments, { maxPoints: 10 }) as unknown as {
      layer: { data: { values: Record<string, unknown>[] } }[];
    };
    const casual = spec.layer[0]!.data.values.filter((b) => b.segment === "Casual").map(
      (b) => b.value,
    );
    expect(casual).toHaveLength(5);
    expect(casual[0]).toBe(0.98);
    expect(casual[4]).toBe(0);
  });

  it("silhouetteChart(points, segments) rejects an unknown segment id", () => {
    expect(() => silhouetteChart([{ segmentId: 5, value: 0 }], tinySegments)).toThrow(
      new RangeError(chartMessages.unknownSegment("points", 0, 5)),
    );
    expect(() => silhouetteChart([{ segmentId: 0, value: 0 }], [])).toThrow(
      new TypeError(chartMessages.emptyData("segments")),
    );
  });

  it("pcaMapChart({points, segments, loadings}) marks centroids and scales arrows to the cloud", async () => {
    const spec = pcaMapChart({
      points: tinyPoints,
      segments: tinySegments,
      loadings: [
        { feature: "events", x: 1, y: 0 },
        { feature: "recency", x: 0, y: -0.5 },
      ],
      explainedVariance: [0.6, 0.3],
    }) as unknown as {
      layer: {
        data: { values: Record<string, number | string>[] };
        encoding: Record<string, { title?: string }>;
      }[];
    };
    expect(spec.layer).toHaveLength(6);
    expect(spec.layer[0]!.encoding.x!.title).toBe("Component 1 (60% of variance)");
    // Farthest user from the origin: (3, -1), radius √10; the longest arrow reaches 70% of it.
    const arrows = spec.layer[1]!.data.values;
    expect(arrows[0]!.x).toBeCloseTo(0.7 * Math.sqrt(10), 4);
    expect(arrows[1]!.y).toBeCloseTo(-0.35 * Math.sqrt(10), 4);
    // Arrowheads: "events" points right (90°), "recency" points down (180°).
    const heads = spec.layer[2]!.data.values;
    expect(heads.map((h) => h.angle)).toEqual([90, 180]);
    // Centroids default to the segment means.
    expect(spec.layer[4]!.data.values).toEqual([
      { x: -1.5, y: 0.5, segment: "Casual" },
      { x: 2.5, y: -0.5, segment: "Power" },
    ]);
    await expect(json(spec)).toMatchFileSnapshot(golden("pca-map"));
  });

  it("pcaMapChart(input, {maxPoints}) draws a stratified sample", () => {
    const pts = Array.from({ length: 1000 }, (_, i) => ({
      x: i % 7,
      y: i % 11,
      segmentId: i < 900 ? 0 : 1,
    }));
    const spec = pcaMapChart(
      { points: pts, segments: tinySegments },
      { maxPoints: 100 },
    ) as unknown as {
      layer: { data: { values: Record<string, unknown>[] } }[];
    };
    const drawn = spec.layer[0]!.data.values;
    expect(drawn).toHaveLength(100);
    expect(drawn.filter((p) => p.segment === "Power")).toHaveLength(10);
  });

  it("pcaMapChart(input) rejects a non-finite coordinate", () => {
    expect(() =>
      pcaMapChart({ points: [{ x: 0, y: NaN, segmentId: 0 }], segments: tinySegments }),
    ).toThrow(new RangeError(chartMessages.notFinite("points", 0, "y", NaN)));
  });

  it("profileHeatmapChart(cells) centres a symmetric diverging scale on 0", async () => {
    const spec = profileHeatmapChart(demoProfile) as unknown as {
      layer: { encoding: { color: { scale: { domain: number[]; domainMid: number } } } }[];
    };
    expect(spec.layer[0]!.encoding.color.scale.domain).toEqual([-2.3, 2.3]);
    expect(spec.layer[0]!.encoding.color.scale.domainMid).toBe(0);
    expect(values(spec)).toHaveLength(20);
    await expect(json(spec)).toMatchFileSnapshot(golden("profile-heatmap"));
  });

  it("segmentSizesChart(sizes) labels bars with count and share", async () => {
    const spec = segmentSizesChart(demoSizes);
    expect(values(spec).map((v) => v.text)).toEqual([
      "620 (44%)",
      "340 (24%)",
      "280 (20%)",
      "160 (11%)",
    ]);
    await expect(json(spec)).toMatchFileSnapshot(golden("segment-sizes"));
  });

  it("formatShare(share) rounds to whole percents above 10%, one decimal below", () => {
    expect(formatShare(0.4428)).toBe("44%");
    expect(formatShare(0.045)).toBe("4.5%");
    expect(formatShare(0.0004)).toBe("<0.1%");
    expect(formatShare(0)).toBe("0.0%");
  });

  it("featureBoxChart(stats, segments) draws one panel per feature, in original units", async () => {
    const spec = featureBoxChart(demoBoxes, demoSegments, {
      units: { tenure_days: "days" },
    }) as unknown as {
      concat: { title: { text: string } }[];
    };
    expect(spec.concat.map((p) => p.title.text)).toEqual([
      "events_per_week",
      "days_since_last",
      "tenure_days",
    ]);
    await expect(json(spec)).toMatchFileSnapshot(golden("feature-box"));
  });

  it("featureBoxChart(stats, segments, {highlight}) fades the other segments", () => {
    const spec = featureBoxChart(demoBoxes, demoSegments, {
      highlight: 2,
      features: ["tenure_days"],
    });
    const rows = values(spec);
    expect(rows.filter((r) => r.emphasis === 1).map((r) => r.segment)).toEqual([
      "New trialists",
      "New trialists",
      "New trialists",
    ]);
    expect((spec as unknown as { concat: unknown[] }).concat).toHaveLength(1);
  });

  it("attributeMixChart(cells, segments) stacks normalised bars per attribute", async () => {
    const spec = attributeMixChart(demoAttributeMix, demoSegments) as unknown as {
      vconcat: { encoding: { x: { stack: string }; color: { sort: string[] } } }[];
    };
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.vconcat[0]!.encoding.x.stack).toBe("normalize");
    expect(spec.vconcat[1]!.encoding.color.sort).toEqual(["web", "ios", "android"]);
    await expect(json(spec)).toMatchFileSnapshot(golden("attribute-mix"));
  });

  it("segmentTraitsChart(cells, id) keeps the segment's largest effects, in its colour", async () => {
    const spec = segmentTraitsChart(demoProfile, 3, { top: 3 }) as unknown as {
      layer: { mark: { color: string } }[];
    };
    expect(values(spec).map((v) => v.feature)).toEqual([
      "days_since_last",
      "events_per_week",
      "tenure_days",
    ]);
    expect(spec.layer[0]!.mark.color).toBe(segmentColor(3));
    await expect(json(spec)).toMatchFileSnapshot(golden("segment-traits"));
    expect(() => segmentTraitsChart(demoProfile, 9)).toThrow(
      new TypeError(chartMessages.emptyData("cells of segment 9")),
    );
  });

  it("chart builders do not mutate their inputs", () => {
    const frozenRows = Object.freeze(demoKScan.map((r) => Object.freeze({ ...r })));
    expect(() => kScanChart(frozenRows)).not.toThrow();
    const pts = Object.freeze(
      [
        { segmentId: 0, value: 0.1 },
        { segmentId: 0, value: 0.5 },
      ].map((p) => Object.freeze(p)),
    );
    expect(() => silhouetteChart(pts, tinySegments)).not.toThrow();
    expect(pts.map((p) => p.value)).toEqual([0.1, 0.5]);
    expect(() =>
      pcaMapChart({
        points: Object.freeze([...tinyPoints]),
        segments: tinySegments,
        loadings: demoLoadings,
      }),
    ).not.toThrow();
  });
});
