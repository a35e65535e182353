/** The report's inline style sheet: system fonts only (nothing fetched), readable on screen and paper. */
export const REPORT_CSS = `
:root { --ink: #1d232b; --muted: #5b6570; --line: #dde2e7; --bg: #f6f7f9; --warn: #8a5a00; --warn-bg: #fff6e0; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 64px; }
header.top { background: #1d232b; color: #fff; padding: 28px 0 22px; }
header.top .inner { max-width: 1120px; margin: 0 auto; padding: 0 28px; }
header.top h1 { margin: 0 0 4px; font-size: 26px; font-weight: 600; }
header.top .meta { color: #c5ccd4; font-size: 13px; }
nav.toc { max-width: 1120px; margin: 0 auto; padding: 10px 28px 0; font-size: 13px; }
nav.toc a { color: var(--muted); margin-right: 14px; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 18px 24px 20px; margin-top: 20px; }
h2 { margin: 0 0 12px; font-size: 20px; font-weight: 600; }
h3 { margin: 0; font-size: 18px; font-weight: 600; }
h4 { margin: 14px 0 6px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; }
p.lead { font-size: 17px; margin: 4px 0 14px; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 14px; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.tile .v { font-size: 22px; font-weight: 600; }
.tile .l { font-size: 12px; color: var(--muted); }
table { border-collapse: collapse; font-size: 13px; margin: 6px 0 10px; }
th, td { text-align: left; padding: 4px 10px 4px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .rule { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
.rule { background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 6px 8px; white-space: pre-wrap; word-break: break-word; }
figure.chart { margin: 12px 0; overflow-x: auto; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figure.chart figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
.cards { display: grid; grid-template-columns: 1fr; gap: 18px; }
.card { border: 1px solid var(--line); border-left: 8px solid var(--seg); border-radius: 8px; padding: 14px 18px; }
.card .head { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; }
.card .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 50%; background: var(--seg); }
.card .desc { color: var(--muted); margin: 2px 0 8px; }
.card .facts { font-size: 13px; color: var(--muted); }
.card .cols { display: grid; grid-template-columns: minmax(260px, 1fr) minmax(300px, 1fr); gap: 8px 24px; }
.card ul { margin: 4px 0; padding-left: 20px; }
.warnings li { background: var(--warn-bg); color: var(--warn); padding: 4px 8px; border-radius: 4px; margin: 4px 0; list-style: none; }
.warnings ul { padding: 0; }
.ok { color: #2f6b29; }
footer { color: var(--muted); font-size: 12px; margin-top: 28px; text-align: center; }
@media (max-width: 760px) { .card .cols { grid-template-columns: 1fr; } }
@media print { body { background: #fff; } section { break-inside: avoid; border: none; } nav.toc { display: none; } }
`;
