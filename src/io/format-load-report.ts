import type { LoadReport } from "./types.js";

const n = (x: number): string => x.toLocaleString("en-US");

/**
 * The load report as the short text the CLI prints: files, rows read/loaded, users, time
 * range, rejected rows by reason with the first offending lines (file:line, column, value),
 * and notes.
 *
 * @param report - a report from `loadEvents` / `loadUsers`.
 * @param options.title - first line (default "loaded").
 * @returns multi-line text ending without a newline.
 * @example
 * formatLoadReport({ files: ["a.csv"], rowsRead: 2, rowsLoaded: 2, rejectedByReason: {},
 *   examples: [], users: 1, notes: [] });
 * // => "loaded a.csv: 2 rows read, 2 loaded, 1 user"
 */
export function formatLoadReport(report: LoadReport, options: { title?: string } = {}): string {
  const files =
    report.files.length <= 3
      ? report.files.join(", ")
      : `${report.files.length} files (${report.files[0]} … ${report.files[report.files.length - 1]})`;
  const lines = [
    `${options.title ?? "loaded"} ${files}: ${n(report.rowsRead)} rows read, ${n(report.rowsLoaded)} loaded, ${n(
      report.users,
    )} user${report.users === 1 ? "" : "s"}`,
  ];
  if (report.minTime !== undefined && report.maxTime !== undefined)
    lines.push(`  time range ${report.minTime} … ${report.maxTime} (UTC)`);
  const reasons = Object.entries(report.rejectedByReason).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) {
    const total = reasons.reduce((s, [, c]) => s + c, 0);
    lines.push(`  rejected ${n(total)} row${total === 1 ? "" : "s"}:`);
    for (const [reason, count] of reasons) {
      lines.push(`    ${reason}: ${n(count)}`);
      for (const ex of report.examples.filter((e) => e.reason === reason).slice(0, 3)) {
        const col = ex.column !== undefined ? ` column ${ex.column}` : "";
        const val = ex.value !== undefined ? ` value ${JSON.stringify(ex.value)}` : "";
        lines.push(`      ${ex.file}:${ex.line}${col}${val}`);
      }
    }
  }
  for (const note of report.notes) lines.push(`  note: ${note}`);
  return lines.join("\n");
}
