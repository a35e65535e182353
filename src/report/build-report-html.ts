import type { TopLevelSpec } from "vega-lite";
import { attributeMixChart } from "../charts/attribute-mix-chart.js";
import { featureBoxChart } from "../charts/feature-box-chart.js";
import { kScanChart } from "../charts/k-scan-chart.js";
import { segmentColor } from "../charts/palette.js";
import { pcaMapChart } from "../charts/pca-map-chart.js";
import { profileHeatmapChart } from "../charts/profile-heatmap-chart.js";
import { renderSvg } from "../charts/render-svg.js";
import { formatShare, segmentSizesChart } from "../charts/segment-sizes-chart.js";
import { segmentTraitsChart } from "../charts/segment-traits-chart.js";
import { silhouetteChart } from "../charts/silhouette-chart.js";
import type { SegmentLabel } from "../charts/types.js";
import { escapeHtml as e } from "./escape-html.js";
import { parseReportInput } from "./parse-report-input.js";
import { REPORT_CSS } from "./report-styles.js";
import type { ReportInput, ReportSegment } from "./types.js";

/** Options of {@link buildReportHtml}. */
export interface ReportOptions {
  /** Most users drawn on the PCA map. Default 3000. */
  mapMaxPoints?: number;
  /** Seed of the map's sample. Default: the input's `seed`, else 42. */
  seed?: number;
  /** Features shown as box plots on each persona card (its top traits). Default 3. */
  cardFeatures?: number;
  /** Receives vega-lite/vega warnings raised while drawing the charts. Default: dropped. */
  onWarning?: (message: string) => void;
}

/**
 * Builds the self-contained HTML report of a run: summary, data and load report, the choice of
 * k with its reasons and charts, the PCA map, the profiles, one persona card per segment (with
 * its charts and rule), warnings and the files to take away. CSS is inline and every chart is
 * inlined as SVG (rendered by {@link renderSvg}), so the page needs no script and no network.
 * All text is HTML-escaped. The output is deterministic for a given input.
 *
 * @param input - see {@link ReportInput}; validated first.
 * @param options - see {@link ReportOptions}.
 * @returns the complete HTML document.
 * @throws SegmentLabError when `input` is not a valid ReportInput; RangeError from a chart
 * builder when the data are inconsistent (e.g. a segment id missing from `segments`).
 * @example
 * const html = await buildReportHtml(input);
 * html.startsWith("<!DOCTYPE html>"); // => true
 */
export async function buildReportHtml(
  input: ReportInput,
  options: ReportOptions = {},
): Promise<string> {
  const r = parseReportInput(input, "buildReportHtml(input)");
  const seed = options.seed ?? r.seed ?? 42;
  const segments: SegmentLabel[] = [...r.segments]
    .sort((a, b) => a.segmentId - b.segmentId)
    .map((s) => ({ segmentId: s.segmentId, name: s.name }));
  let chartNo = 0;
  const chart = async (spec: TopLevelSpec, caption: string, label: string): Promise<string> => {
    chartNo++;
    const svg = await renderSvg(spec, {
      idPrefix: `chart${chartNo}`,
      onWarning: options.onWarning,
    });
    const img = svg.replace(/^<svg /, `<svg role="img" aria-label="${e(label)}" `);
    return `<figure class="chart" data-chart="${chartNo}">${img}<figcaption>${e(caption)}</figcaption></figure>`;
  };

  const title = r.title ?? "Segment discovery report";
  const meta = [
    r.summary.data,
    r.generatedAt === undefined ? undefined : `run ${r.generatedAt}`,
    r.seed === undefined ? undefined : `seed ${r.seed}`,
    r.libraryVersion === undefined ? undefined : `SegmentLab ${r.libraryVersion}`,
  ].filter((x): x is string => x !== undefined);

  const sections: string[] = [];
  const toc: [string, string][] = [];
  const section = (id: string, heading: string, body: string): void => {
    toc.push([id, heading]);
    sections.push(`<section id="${id}"><h2>${e(heading)}</h2>${body}</section>`);
  };

  // 1. Summary
  const sizesSpec = segmentSizesChart(
    r.segments.map((s) => ({ segmentId: s.segmentId, name: s.name, size: s.size, share: s.share })),
  );
  section(
    "summary",
    "Summary",
    `<p class="lead">${e(r.summary.verdict)}</p>
<div class="tiles">${tile(fmtInt(r.summary.users), "users segmented")}${tile(String(r.summary.k), "segments")}${tile(
      fmtInt(r.summary.features),
      "behaviour features",
    )}${r.load === undefined ? "" : tile(fmtInt(r.load.rowsLoaded), "events loaded")}</div>
<p>${segments.map((s) => `<span class="swatch-inline" style="color:${segmentColor(s.segmentId)}">●</span> ${e(s.name)}`).join(" &nbsp; ")}</p>
${await chart(sizesSpec, "Users per segment; colours stay the same in every chart.", "Segment sizes")}`,
  );

  // 2. Data and load report
  if (r.load !== undefined) {
    const L = r.load;
    const rejected = L.rowsRead - L.rowsLoaded;
    const reasons = Object.entries(L.rejectedByReason).sort(
      (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
    );
    const rows = [
      ["Files", L.files.map((f) => `<code>${e(f)}</code>`).join("<br>")],
      ["Rows read", fmtInt(L.rowsRead)],
      ["Rows loaded", fmtInt(L.rowsLoaded)],
      [
        "Rows rejected",
        `${fmtInt(rejected)}${L.rowsRead > 0 ? ` (${pct(rejected / L.rowsRead)})` : ""}`,
      ],
      ["Users", fmtInt(L.users)],
      ...(L.minTime !== undefined
        ? [["Time span", `${e(L.minTime)} to ${e(L.maxTime ?? "")}`]]
        : []),
    ];
    let body = `<table>${rows.map(([k, v]) => `<tr><th>${e(k!)}</th><td>${v}</td></tr>`).join("")}</table>`;
    if (reasons.length > 0) {
      body += `<h4>Why rows were rejected</h4><table><tr><th>Reason</th><th class="num">Rows</th></tr>${reasons
        .map(([reason, n]) => `<tr><td>${e(reason)}</td><td class="num">${fmtInt(n)}</td></tr>`)
        .join("")}</table>`;
    } else {
      body += `<p class="ok">No rows were rejected.</p>`;
    }
    if (L.examples.length > 0) {
      body += `<h4>Examples of rejected rows</h4><table><tr><th>Where</th><th>Column</th><th>Value</th><th>Reason</th></tr>${L.examples
        .map(
          (x) =>
            `<tr><td><code>${e(x.file)}:${x.line}</code></td><td>${e(x.column ?? "")}</td><td><code>${e(x.value ?? "")}</code></td><td>${e(x.reason)}</td></tr>`,
        )
        .join("")}</table>`;
    }
    if (L.notes.length > 0)
      body += `<h4>Notes</h4><ul>${L.notes.map((n) => `<li>${e(n)}</li>`).join("")}</ul>`;
    section("data", "Data and loading", body);
  }

  // 3. Choice of k
  {
    let body = `<p class="lead">${e(`${r.kChoice.chosenK} segments were chosen.`)}</p>`;
    if (r.kChoice.reasons.length > 0)
      body += `<ul>${r.kChoice.reasons.map((x) => `<li>${e(x)}</li>`).join("")}</ul>`;
    if (r.kChoice.scan.length > 0) {
      body += await chart(
        kScanChart(r.kChoice.scan, {
          chosenK: r.kChoice.chosenK,
          stabilityThreshold: r.kChoice.stabilityThreshold,
        }),
        "Each panel scores every number of segments tried; the dashed line marks the choice.",
        "k scan: inertia, silhouette, gap and stability by number of segments",
      );
    }
    if (r.silhouette !== undefined && r.silhouette.length > 0) {
      body += await chart(
        silhouetteChart(r.silhouette, segments),
        "Wide, mostly positive bands mean users sit clearly inside their segment.",
        "Silhouette plot per segment",
      );
    }
    section("k", "How many segments", body);
  }

  // 4. Map
  if (r.map !== undefined && r.map.points.length > 0) {
    section(
      "map",
      "Map of users",
      await chart(
        pcaMapChart(
          {
            points: r.map.points,
            segments,
            centroids: r.map.centroids,
            loadings: r.map.loadings,
            explainedVariance: r.map.explainedVariance,
          },
          { maxPoints: options.mapMaxPoints ?? 3000, seed },
        ),
        "Users placed by their two main directions of variation; arrows show which features pull users which way.",
        "PCA map of users coloured by segment",
      ),
    );
  }

  // 5. Profiles
  {
    let body = "";
    if (r.profile !== undefined && r.profile.length > 0) {
      body += await chart(
        profileHeatmapChart(r.profile),
        "Each cell compares one segment with all other users on one feature.",
        "Profile heatmap of effect sizes",
      );
    }
    if (r.distributions !== undefined && r.distributions.length > 0) {
      body += await chart(
        featureBoxChart(r.distributions, segments, { units: r.units }),
        "Values in original units.",
        "Feature distributions per segment",
      );
    }
    if (r.attributeMix !== undefined && r.attributeMix.length > 0) {
      body += await chart(
        attributeMixChart(r.attributeMix, segments),
        "Share of each attribute value within each segment.",
        "Attribute mix per segment",
      );
    }
    if (body !== "") section("profiles", "Segment profiles", body);
  }

  // 6. Persona cards
  {
    const cards: string[] = [];
    for (const s of [...r.segments].sort((a, b) => a.segmentId - b.segmentId)) {
      cards.push(await personaCard(s, r, segments, options.cardFeatures ?? 3, chart));
    }
    section("personas", "Personas", `<div class="cards">${cards.join("\n")}</div>`);
  }

  // 7. Warnings
  {
    const w = r.warnings ?? [];
    section(
      "warnings",
      "Warnings",
      w.length === 0
        ? `<p class="ok">No warnings.</p>`
        : `<div class="warnings"><ul>${w.map((x) => `<li>${e(x)}</li>`).join("")}</ul></div>`,
    );
  }

  // 8. Exports
  if (r.exports !== undefined && r.exports.length > 0) {
    section(
      "files",
      "Files to take away",
      `<p>In the run folder:</p><table><tr><th>File</th><th>What it is</th></tr>${r.exports
        .map((x) => `<tr><td><code>${e(x.file)}</code></td><td>${e(x.description)}</td></tr>`)
        .join("")}</table>`,
    );
  }

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="SegmentLab${r.libraryVersion === undefined ? "" : " " + e(r.libraryVersion)}">
<title>${e(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="top"><div class="inner"><h1>${e(title)}</h1><div class="meta">${meta.map(e).join(" · ")}</div></div></header>
<nav class="toc">${toc.map(([id, h]) => `<a href="#${id}">${e(h)}</a>`).join("")}</nav>
<main>
${sections.join("\n")}
<footer>Generated by SegmentLab${r.libraryVersion === undefined ? "" : " " + e(r.libraryVersion)}. Segments are candidate personas: check them against what you know about your users.</footer>
</main>
</body>
</html>
`;
}

/** One persona card: facts, evidence, rule, attribute mix, plays, and its charts. */
async function personaCard(
  s: ReportSegment,
  r: ReportInput,
  segments: SegmentLabel[],
  cardFeatures: number,
  chart: (spec: TopLevelSpec, caption: string, label: string) => Promise<string>,
): Promise<string> {
  const facts = [
    `${fmtInt(s.size)} users (${formatShare(s.share)})`,
    s.stability === undefined
      ? undefined
      : `stability ${s.stability.toFixed(2)} (bootstrap Jaccard)`,
    `segment #${s.segmentId}`,
  ].filter((x): x is string => x !== undefined);
  let left = "";
  if (s.evidence.length > 0)
    left += `<h4>Evidence</h4><ul>${s.evidence.map((x) => `<li>${e(x)}</li>`).join("")}</ul>`;
  if (s.rule !== undefined) {
    left += `<h4>Rule</h4><div class="rule">${e(s.rule.text)}</div><div class="facts">Selects ${pct(
      s.rule.coverage,
    )} of this segment (coverage); ${pct(s.rule.precision)} of the users it selects are in it (precision).</div>`;
  }
  const mix = (r.attributeMix ?? []).filter((c) => c.segmentId === s.segmentId);
  if (mix.length > 0) {
    const byAttr = new Map<string, { level: string; share: number }[]>();
    for (const c of mix) {
      const list = byAttr.get(c.attribute) ?? [];
      list.push({ level: c.level, share: c.share });
      byAttr.set(c.attribute, list);
    }
    left += `<h4>Who they are</h4><ul>${[...byAttr]
      .map(
        ([attr, levels]) =>
          `<li>${e(attr)}: ${levels
            .sort((a, b) => b.share - a.share || (a.level < b.level ? -1 : 1))
            .slice(0, 3)
            .map((l) => `${e(l.level)} ${pct(l.share)}`)
            .join(", ")}</li>`,
      )
      .join("")}</ul>`;
  }
  if (s.plays !== undefined && s.plays.length > 0) {
    left += `<h4>Plays</h4><ul>${s.plays.map((x) => `<li>${e(x)}</li>`).join("")}</ul>`;
  }
  let right = "";
  const cells = (r.profile ?? []).filter((c) => c.segmentId === s.segmentId);
  if (cells.length > 0) {
    right += await chart(
      segmentTraitsChart(cells, s.segmentId),
      "Bars to the right: higher than other users.",
      `What stands out for ${s.name}`,
    );
    const top = [...cells]
      .sort(
        (a, b) =>
          Math.abs(b.effectSize) - Math.abs(a.effectSize) || (a.feature < b.feature ? -1 : 1),
      )
      .map((c) => c.feature);
    const withBoxes = new Set((r.distributions ?? []).map((b) => b.feature));
    const features = top.filter((f) => withBoxes.has(f)).slice(0, cardFeatures);
    if (features.length > 0) {
      right += await chart(
        featureBoxChart(r.distributions!, segments, {
          features,
          units: r.units,
          highlight: s.segmentId,
          columns: 1,
          panelWidth: 170,
          title: "Its key features vs other segments",
        }),
        "This segment in colour, the others faded.",
        `Key feature distributions for ${s.name}`,
      );
    }
  }
  return `<article class="card" id="segment-${s.segmentId}" style="--seg:${segmentColor(s.segmentId)}">
<div class="head"><span class="swatch"></span><h3>${e(s.name)}</h3><span class="facts">${facts.map(e).join(" · ")}</span></div>
${s.description === undefined ? "" : `<p class="desc">${e(s.description)}</p>`}
<div class="cols"><div>${left}</div><div>${right}</div></div>
</article>`;
}

function tile(value: string, label: string): string {
  return `<div class="tile"><div class="v">${e(value)}</div><div class="l">${e(label)}</div></div>`;
}

/** A share as escaped HTML text ("<0.1%" must not reach the page raw). */
function pct(share: number): string {
  return e(formatShare(share));
}

function fmtInt(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString("en-US") : String(n);
}
