import type { TopLevelSpec } from "vega-lite";
import { renderSvg } from "../charts/render-svg.js";
import type { FeatureTable } from "../features/types.js";
import { dataFrameToRows, isDataFrameLike, type DataFrameLike } from "./danfo.js";
import { toHtmlTable } from "./html-table.js";
import { cannotDisplay, noTslab } from "./messages.js";

/** Where {@link display} sends HTML: tslab's `display` object, or any object with `html()`. */
export interface HtmlDisplay {
  html(html: string): void;
}

/** Options of {@link display}. */
export interface DisplayOptions {
  /** Table rows shown. Default 10. */
  rows?: number;
  /** Display target. Default: `require("tslab").display`, loaded on first use. */
  display?: HtmlDisplay;
}

/** What {@link display} can show. */
export type Displayable =
  TopLevelSpec | FeatureTable | readonly Record<string, unknown>[] | DataFrameLike;

// Each chart in a notebook page needs its own SVG id prefix (ids are page-global).
let chartCounter = 0;

/**
 * Shows a chart or a table in a tslab notebook cell: a vega-lite spec is rendered to inline
 * SVG (no JavaScript in the output, so it survives nbconvert and GitHub's viewer); a
 * FeatureTable, an array of records or a danfojs DataFrame is shown as an HTML table of its
 * first rows. tslab is required lazily, so the library does not need it outside notebooks.
 *
 * @param value - a vega-lite spec, a FeatureTable, an array of records or a DataFrame.
 * @param options - see {@link DisplayOptions}.
 * @returns a promise resolved once the output is sent (await it in the cell).
 * @throws TypeError for anything else; Error when tslab is missing and no display is given.
 * @example
 * await display(segmentSizesChart(sizes)); // => an inline SVG chart in the cell output
 * await display(featureTable, { rows: 5 }); // => an HTML table of the first 5 users
 */
export async function display(value: Displayable, options: DisplayOptions = {}): Promise<void> {
  const html = await toDisplayHtml(value, options.rows);
  (options.display ?? tslabDisplay()).html(html);
}

/**
 * The HTML that {@link display} would show, without showing it.
 *
 * @param value - as for {@link display}.
 * @param rows - table rows shown (default 10).
 * @returns HTML markup (an `<svg>` wrapped in a `<div>`, or a `<table>`).
 * @throws TypeError when `value` cannot be shown.
 * @example
 * (await toDisplayHtml([{ a: 1 }])).startsWith("<table"); // => true
 */
export async function toDisplayHtml(value: Displayable, rows?: number): Promise<string> {
  if (isVegaLiteSpec(value)) {
    chartCounter++;
    const svg = await renderSvg(value, { idPrefix: `slnb${chartCounter}` });
    return `<div class="segmentlab-chart">${svg}</div>`;
  }
  if (Array.isArray(value)) return toHtmlTable(value as Record<string, unknown>[], { rows });
  if (isFeatureTable(value)) return toHtmlTable(value, { rows });
  if (isDataFrameLike(value)) return toHtmlTable(dataFrameToRows(value), { rows });
  throw new TypeError(cannotDisplay(describe(value)));
}

function tslabDisplay(): HtmlDisplay {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("tslab") as { display: HtmlDisplay }).display;
  } catch {
    throw new Error(noTslab());
  }
}

const specKeys = ["mark", "layer", "concat", "hconcat", "vconcat", "facet", "repeat", "spec"];

function isVegaLiteSpec(v: unknown): v is TopLevelSpec {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  if (typeof o.$schema === "string") return o.$schema.includes("vega-lite");
  return specKeys.some((k) => k in o) && !("columns" in o && "ids" in o);
}

function isFeatureTable(v: unknown): v is FeatureTable {
  if (v === null || typeof v !== "object") return false;
  const o = v as Record<string, unknown>;
  return (
    Array.isArray(o.ids) &&
    Array.isArray(o.featureNames) &&
    Array.isArray(o.columns) &&
    Array.isArray(o.attributes)
  );
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v !== "object") return typeof v;
  const keys = Object.keys(v as object).slice(0, 5);
  return `an object with keys ${keys.length === 0 ? "(none)" : keys.join(", ")}`;
}
