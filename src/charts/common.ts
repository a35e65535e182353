import type { TopLevelSpec } from "vega-lite";
import { emptyData, notFinite, unknownSegment } from "./messages.js";
import { labelSegments, type LabelledSegment } from "./palette.js";
import type { SegmentLabel } from "./types.js";

/** The vega-lite schema every builder declares (v5: the version that tslab can `require`). */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/**
 * Shared look: plain system fonts (nothing to fetch), white background, quiet grid, and
 * titles that read as sentences. Kept in one place so every chart looks like the others.
 */
export const CHART_CONFIG = {
  background: "white",
  font: "Helvetica, Arial, sans-serif",
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", gridColor: "#eee" },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal" },
  title: { fontSize: 14, anchor: "start", subtitleColor: "#555", subtitleFontSize: 11 },
  header: { labelFontSize: 12, titleFontSize: 12 },
} as const;

/** Wraps a spec body with the schema and the shared config. */
export function topLevel(body: Record<string, unknown>): TopLevelSpec {
  return { $schema: VEGA_LITE_SCHEMA, config: CHART_CONFIG, ...body } as TopLevelSpec;
}

/** Throws a RangeError when `value` is not finite (public-boundary check). */
export function checkFinite(param: string, index: number, field: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(notFinite(param, index, field, value));
  }
}

/** Throws a TypeError when `rows` is empty. */
export function checkNonEmpty(param: string, rows: readonly unknown[]): void {
  if (!Array.isArray(rows) || rows.length === 0) throw new TypeError(emptyData(param));
}

/**
 * Labels for the segments, and a lookup by id that throws a RangeError naming the row when a
 * data row refers to an unknown segment.
 */
export function segmentLookup(segments: readonly SegmentLabel[]): {
  labelled: LabelledSegment[];
  get: (param: string, index: number, id: number) => LabelledSegment;
} {
  checkNonEmpty("segments", segments);
  const labelled = labelSegments(segments);
  const byId = new Map(labelled.map((s) => [s.segmentId, s]));
  return {
    labelled,
    get: (param, index, id) => {
      const s = byId.get(id);
      if (s === undefined) throw new RangeError(unknownSegment(param, index, id));
      return s;
    },
  };
}

/** Rounds to 6 significant digits so that specs (and golden files) do not carry float noise. */
export function round6(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(6));
}

/**
 * Merges options over defaults, ignoring options explicitly set to `undefined` (so that
 * `{ chosenK: input.k }` with an absent `k` keeps the default).
 */
export function withDefaults<D extends object, O extends object>(defaults: D, options: O): D & O {
  const out = { ...defaults } as Record<string, unknown>;
  for (const [k, v] of Object.entries(options)) if (v !== undefined) out[k] = v;
  return out as D & O;
}
