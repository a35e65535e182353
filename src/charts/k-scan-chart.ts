import type { TopLevelSpec } from "vega-lite";
import { checkFinite, checkNonEmpty, round6, topLevel, withDefaults } from "./common.js";
import type { KScanChartRow } from "./types.js";

/** Options of {@link kScanChart}. */
export interface KScanChartOptions {
  /** The k that was chosen; marked by a vertical line in every panel. Default: none. */
  chosenK?: number;
  /**
   * Jaccard level drawn as a dashed reference on the stability panel. Default 0.75: Hennig
   * (2007) calls segments with mean bootstrap Jaccard above 0.75 stable, below 0.5 dissolved.
   */
  stabilityThreshold?: number;
  /** Width of one panel in pixels. Default 260. */
  panelWidth?: number;
  /** Height of one panel in pixels. Default 170. */
  panelHeight?: number;
}

const defaults = { stabilityThreshold: 0.75, panelWidth: 260, panelHeight: 170 };

const optionalFields = ["silhouette", "gap", "gapSE", "stabilityMin", "stabilityMean"] as const;

/**
 * The k-scan charts: inertia with the knee marked, mean silhouette, the gap statistic with
 * ±1 SE error bars, and bootstrap stability — one panel per measure present in the rows,
 * laid out two per line.
 *
 * @param rows - one row per k scanned (any order; plotted by k).
 * @param options - see {@link KScanChartOptions}.
 * @returns a vega-lite concat spec with inline data.
 * @throws TypeError when `rows` is empty; RangeError on a non-finite value or k.
 * @example
 * const spec = kScanChart([{ k: 2, inertia: 10 }, { k: 3, inertia: 6, knee: true }], { chosenK: 3 });
 * spec.concat.length; // => 1 (inertia only)
 */
export function kScanChart(
  rows: readonly KScanChartRow[],
  options: KScanChartOptions = {},
): TopLevelSpec {
  checkNonEmpty("rows", rows);
  const o = withDefaults(defaults, options);
  rows.forEach((r, i) => {
    checkFinite("rows", i, "k", r.k);
    checkFinite("rows", i, "inertia", r.inertia);
    for (const f of optionalFields) if (r[f] !== undefined) checkFinite("rows", i, f, r[f]);
  });
  if (o.chosenK !== undefined) checkFinite("options", 0, "chosenK", o.chosenK);
  checkFinite("options", 0, "stabilityThreshold", o.stabilityThreshold);

  const values = [...rows]
    .sort((a, b) => a.k - b.k)
    .map((r) => {
      const v: Record<string, number | boolean> = {
        k: r.k,
        inertia: round6(r.inertia),
        knee: r.knee === true,
      };
      for (const f of optionalFields) if (r[f] !== undefined) v[f] = round6(r[f]!);
      if (r.gap !== undefined && r.gapSE !== undefined) {
        v.gapLo = round6(r.gap - r.gapSE);
        v.gapHi = round6(r.gap + r.gapSE);
      }
      return v;
    });
  const has = (f: string): boolean => values.some((v) => v[f] !== undefined);
  const kAxis = {
    field: "k",
    type: "quantitative",
    title: "Number of segments (k)",
    axis: { tickMinStep: 1, format: "d" },
    scale: { zero: false, nice: false, padding: 8 },
  };
  const chosen =
    o.chosenK === undefined
      ? []
      : [
          {
            data: { values: [{ k: o.chosenK }] },
            mark: { type: "rule", color: "#888", strokeDash: [4, 3] },
            encoding: { x: { field: "k", type: "quantitative" } },
          },
        ];
  const size = { width: o.panelWidth, height: o.panelHeight };
  const line = (field: string, title: string, color: string): Record<string, unknown> => ({
    mark: { type: "line", point: { filled: true, size: 40, color }, color },
    encoding: { x: kAxis, y: { field, type: "quantitative", title, scale: { zero: false } } },
  });

  const panels: Record<string, unknown>[] = [
    {
      title: { text: "Inertia (lower is tighter)", subtitle: "The bend (knee) is circled" },
      ...size,
      layer: [
        ...chosen,
        line("inertia", "Within-segment spread", "#4e79a7"),
        {
          transform: [{ filter: "datum.knee" }],
          mark: { type: "point", size: 260, strokeWidth: 2, color: "#e15759" },
          encoding: {
            x: { field: "k", type: "quantitative" },
            y: { field: "inertia", type: "quantitative" },
          },
        },
      ],
    },
  ];
  if (has("silhouette")) {
    panels.push({
      title: {
        text: "Silhouette (higher is better)",
        subtitle: "How well users sit in their segment",
      },
      ...size,
      layer: [
        ...chosen,
        {
          transform: [{ filter: "isValid(datum.silhouette)" }],
          ...line("silhouette", "Mean silhouette width", "#59a14f"),
        },
      ],
    });
  }
  if (has("gap")) {
    panels.push({
      title: { text: "Gap statistic (higher is better)", subtitle: "Bars show ±1 standard error" },
      ...size,
      layer: [
        ...chosen,
        ...(has("gapSE")
          ? [
              {
                transform: [{ filter: "isValid(datum.gapLo)" }],
                mark: { type: "rule", color: "#b07aa1" },
                encoding: {
                  x: { field: "k", type: "quantitative" },
                  y: { field: "gapLo", type: "quantitative" },
                  y2: { field: "gapHi" },
                },
              },
            ]
          : []),
        { transform: [{ filter: "isValid(datum.gap)" }], ...line("gap", "Gap", "#b07aa1") },
      ],
    });
  }
  if (has("stabilityMin") || has("stabilityMean")) {
    const folds = ["stabilityMean", "stabilityMin"].filter(has);
    panels.push({
      title: {
        text: "Stability (higher is better)",
        subtitle: "Bootstrap Jaccard similarity of segments",
      },
      ...size,
      layer: [
        ...chosen,
        {
          data: { values: [{ threshold: o.stabilityThreshold }] },
          mark: { type: "rule", color: "#bbb", strokeDash: [2, 2] },
          encoding: { y: { field: "threshold", type: "quantitative" } },
        },
        {
          transform: [
            { fold: folds, as: ["measure", "jaccard"] },
            { filter: "isValid(datum.jaccard)" },
            {
              calculate:
                "datum.measure === 'stabilityMin' ? 'Least stable segment' : 'Mean over segments'",
              as: "measureLabel",
            },
          ],
          mark: { type: "line", point: { filled: true, size: 40 } },
          encoding: {
            x: kAxis,
            y: {
              field: "jaccard",
              type: "quantitative",
              title: "Jaccard similarity",
              scale: { domain: [0, 1] },
            },
            color: {
              field: "measureLabel",
              type: "nominal",
              title: null,
              scale: {
                domain: ["Mean over segments", "Least stable segment"],
                range: ["#f28e2b", "#e15759"],
              },
              legend: { orient: "bottom", labelLimit: 220 },
            },
          },
        },
      ],
    });
  }
  return topLevel({
    title: {
      text: "How many segments?",
      subtitle: o.chosenK === undefined ? "" : `Dashed line: k = ${o.chosenK} chosen`,
    },
    data: { values },
    columns: 2,
    concat: panels,
    resolve: { scale: { color: "independent" } },
  });
}
