import type { FeatureTable } from "../features/types.js";
import { escapeHtml as e } from "../report/escape-html.js";
import { invalidRows } from "./messages.js";

/** Options of {@link toHtmlTable}. */
export interface HtmlTableOptions {
  /** Rows shown (the first ones). Default 10. */
  rows?: number;
}

/** A table as column names and row-major cells (what {@link toHtmlTable} draws). */
export interface PlainTable {
  columns: string[];
  rows: unknown[][];
  /** Total rows of the source (may exceed `rows.length`). */
  total: number;
}

/**
 * An HTML table of the first rows of a FeatureTable (id, numeric features, attributes) or of
 * an array of records (columns in first-met key order), with a caption giving the full size.
 * Numbers are shown with at most 4 decimals, missing values (NaN, null) as empty cells; all
 * text is escaped.
 *
 * @param value - a FeatureTable or an array of plain records.
 * @param options - see {@link HtmlTableOptions}.
 * @returns `<table>…</table>` markup.
 * @throws RangeError when `options.rows` is not an integer >= 0.
 * @example
 * toHtmlTable([{ a: 1 }, { a: 2 }], { rows: 1 });
 * // => '<table class="segmentlab-table"><caption>2 rows × 1 column (first 1 shown)</caption>…'
 */
export function toHtmlTable(
  value: FeatureTable | readonly Record<string, unknown>[],
  options: HtmlTableOptions = {},
): string {
  const n = options.rows ?? 10;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(invalidRows(n));
  const t = Array.isArray(value)
    ? recordsTable(value, n)
    : featureTableTable(value as FeatureTable, n);
  const cols = t.columns.length;
  const caption = `${t.total.toLocaleString("en-US")} row${t.total === 1 ? "" : "s"} × ${cols} column${cols === 1 ? "" : "s"}${
    t.rows.length < t.total ? ` (first ${t.rows.length} shown)` : ""
  }`;
  const head = `<tr>${t.columns.map((c) => `<th>${e(c)}</th>`).join("")}</tr>`;
  const body = t.rows
    .map(
      (r) =>
        `<tr>${r.map((v) => `<td${typeof v === "number" ? ' style="text-align:right"' : ""}>${e(cell(v))}</td>`).join("")}</tr>`,
    )
    .join("");
  return `<table class="segmentlab-table"><caption>${e(caption)}</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "";
    return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4)));
  }
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function recordsTable(records: readonly Record<string, unknown>[], n: number): PlainTable {
  const columns: string[] = [];
  const seen = new Set<string>();
  const shown = records.slice(0, n);
  for (const r of shown) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  return { columns, rows: shown.map((r) => columns.map((c) => r[c])), total: records.length };
}

function featureTableTable(t: FeatureTable, n: number): PlainTable {
  const columns = ["id", ...t.featureNames, ...t.attributes.map((a) => a.name)];
  const shown = Math.min(n, t.ids.length);
  const rows: unknown[][] = [];
  for (let i = 0; i < shown; i++) {
    rows.push([t.ids[i], ...t.columns.map((c) => c[i]), ...t.attributes.map((a) => a.values[i])]);
  }
  return { columns, rows, total: t.ids.length };
}
