import type { OutcomeProfile, SegmentProfiles, SegmentRules } from "../profile/index.js";
import { tInterval, wilsonRateInterval } from "./intervals.js";
import type { DataKind, ValueKind } from "./themes.js";
import { NO_STRUCTURE, readStability, WEAK_STRUCTURE } from "../select/index.js";
import type { Structure } from "../select/recommend-k.js";
import type { AtypicalUsers } from "./flag-atypical.js";
import { formatNumber, formatPercent } from "./format.js";
import type { Persona } from "./name-personas.js";
import { suggestPlays, type Play } from "./suggest-plays.js";

/** What the persona cards are made from. */
export interface PersonaCardsInput {
  profiles: SegmentProfiles;
  personas: Persona[];
  /** Surrogate rules, for each card's definition. Default none. */
  rules?: SegmentRules;
  /** Atypical users, counted on each card. Default none. */
  atypical?: AtypicalUsers;
  /** Segmentation warnings shown above the cards. Default none. */
  warnings?: string[];
  /** Document title. Default "Personas". */
  title?: string;
  /** Most levels shown per attribute (by overall share). Default 5. */
  maxLevels?: number;
  /**
   * The verdict (model.json `metrics.structure`): with `weak` every card set says the segments
   * are "segments of a continuum, not natural groups". Default unknown (nothing said).
   */
  structure?: Structure | null;
  /** Vocabulary and triggers of the plays (see suggestPlays). Default events, money, every feature. */
  dataKind?: DataKind;
  valueKind?: ValueKind;
  clusterOn?: string[];
}

/**
 * The personas in card order: by the first outcome's rate or mean, highest first, when there
 * are outcomes (outcomes first); else in segment order.
 *
 * @param profiles - the segments' profiles.
 * @param personas - one per segment.
 * @returns the personas, reordered.
 * @example
 * orderByOutcome(profiles, personas).map((p) => p.segment); // => [2, 0, 1]
 */
export function orderByOutcome<P extends { segment: number }>(
  profiles: SegmentProfiles,
  personas: P[],
): P[] {
  const key = (p: P): number => {
    const o = profiles.segments[p.segment]?.outcomes[0];
    return o && o.value !== null ? o.value : -Infinity;
  };
  return [...personas].sort((a, b) => key(b) - key(a) || a.segment - b.segment);
}

/** "Churn: 42 % (95 % CI 39–45 %, n = 1,200) vs 27 % overall". */
function outcomeLine(o: OutcomeProfile): string {
  if (o.kind === "categorical") {
    return `${o.name}: ${o.levels
      .map((l) => {
        const n = o.n;
        const [lo, hi] = wilsonRateInterval(l.share, n);
        return `${l.level} ${formatPercent(l.share)} (95 % CI ${formatPercent(lo)}–${formatPercent(hi)}) vs ${formatPercent(l.populationShare)}`;
      })
      .join(", ")} (n = ${formatNumber(o.n)})`;
  }
  if (o.value === null || o.populationValue === null) return `${o.name}: n/a (no values)`;
  if (o.kind === "binary") {
    const [lo, hi] = wilsonRateInterval(o.value, o.n);
    return `${o.name}: ${formatPercent(o.value)} (95 % CI ${formatPercent(lo)}–${formatPercent(hi)}, n = ${formatNumber(o.n)}) vs ${formatPercent(o.populationValue)} overall`;
  }
  const [lo, hi] = tInterval(o.value, o.sd ?? 0, o.n);
  return `${o.name}: mean ${formatNumber(o.value)} (95 % CI ${formatNumber(lo)}–${formatNumber(hi)}, n = ${formatNumber(o.n)}) vs ${formatNumber(o.populationValue)} overall`;
}

/** The verdict line under the title, or null for clear or unknown structure. */
function verdictLine(structure: Structure | null | undefined): string | null {
  if (structure === "weak")
    return `Verdict: ${WEAK_STRUCTURE}. The segments are a stable, useful partition, but users change gradually from one to the next.`;
  if (structure === "none") return `Verdict: ${NO_STRUCTURE}. Everyone stays in one segment.`;
  return null;
}

/** Hennig's reading (select/readStability) with what it means for acting on the persona. */
function stabilityText(jaccard: number): string {
  const reading = readStability(jaccard);
  if (reading === "a pattern") return "a pattern: real, but its members shift";
  if (reading === "not trustworthy") return "not trustworthy: treat with caution";
  return reading;
}

interface Card {
  persona: Persona;
  size: string;
  stability: string | null;
  atypical: string | null;
  /** null: no rules given; text null: the tree never predicts this segment. */
  rule: { text: string | null; quality: string } | null;
  attributes: { name: string; rows: [string, string, string][] }[];
  outcomes: string[];
  plays: Play[];
}

function buildCards(input: PersonaCardsInput): Card[] {
  const maxLevels = input.maxLevels ?? 5;
  return orderByOutcome(input.profiles, input.personas).map((persona) => {
    const seg = input.profiles.segments[persona.segment]!;
    const rule = input.rules?.rules.find((r) => r.segment === persona.segment);
    const flagged = input.atypical?.countPerSegment[persona.segment];
    return {
      persona,
      size: `${formatNumber(seg.size)} users (${formatPercent(seg.share)})`,
      stability:
        persona.stability === null
          ? null
          : `${persona.stability.toFixed(2)} mean bootstrap Jaccard — ${stabilityText(persona.stability)}`,
      atypical:
        flagged === undefined
          ? null
          : `${formatNumber(flagged)} flagged beyond the ${formatPercent(input.atypical!.percentile)} distance percentile (left out of the evidence)`,
      rule: rule
        ? rule.conditions.length === 0
          ? {
              text: null,
              quality: `none at depth ${input.rules!.depth}: the tree never predicts this segment`,
            }
          : {
              text: rule.text,
              quality: `coverage ${formatPercent(rule.coverage)}, precision ${rule.precision === null ? "n/a" : formatPercent(rule.precision)}`,
            }
        : null,
      attributes: seg.attributes.map((a) => ({
        name: a.name,
        rows: a.levels
          .slice(0, maxLevels)
          .map((l) => [l.level, formatPercent(l.share), formatPercent(l.populationShare)]),
      })),
      outcomes: seg.outcomes.map(outcomeLine),
      plays: suggestPlays(seg, persona, {
        ...(input.dataKind ? { dataKind: input.dataKind } : {}),
        ...(input.valueKind !== undefined ? { valueKind: input.valueKind } : {}),
        ...(input.clusterOn ? { clusterOn: input.clusterOn } : {}),
      }),
    };
  });
}

/**
 * Persona cards as Markdown: per persona its name, description, size, stability with its
 * reading, atypical users, key traits with evidence, the rule with coverage and precision, the
 * attribute mix, outcomes and suggested plays; segmentation warnings first.
 *
 * @param input - See {@link PersonaCardsInput}.
 * @returns The Markdown document.
 * @example
 * personaCardsMarkdown({ profiles, personas }).split("\n")[0]; // => "# Personas"
 */
export function personaCardsMarkdown(input: PersonaCardsInput): string {
  const md = (s: string): string => s.replace(/([\\`*_[\]<>|])/g, "\\$1");
  const out: string[] = [`# ${md(input.title ?? "Personas")}`, ""];
  out.push(`${input.personas.length} segments of ${formatNumber(input.profiles.n)} users.`);
  const verdict = verdictLine(input.structure);
  if (verdict) out.push("", `**${md(verdict)}**`, "");
  if (input.rules)
    out.push(
      `Rules of depth ${input.rules.depth} reproduce ${formatPercent(input.rules.fidelity)} of the assignments.`,
    );
  out.push("");
  if (input.warnings && input.warnings.length > 0) {
    out.push("**Warnings**", "");
    for (const w of input.warnings) out.push(`- ${md(w)}`);
    out.push("");
  }
  for (const c of buildCards(input)) {
    const p = c.persona;
    out.push(
      `## ${md(p.name)}${p.edited ? " (edited)" : ""}`,
      "",
      `*Segment ${p.segment}.* ${md(p.description)}`,
      "",
    );
    if (c.outcomes.length > 0) {
      out.push("**Outcomes** (segment vs overall, 95 % interval)", "");
      for (const o of c.outcomes) out.push(`- ${md(o)}`);
      out.push("");
    }
    out.push(`- **Size:** ${c.size}`);
    if (c.stability) out.push(`- **Stability:** ${c.stability}`);
    if (c.atypical) out.push(`- **Atypical users:** ${c.atypical}`);
    out.push("");
    out.push("**Key traits**", "");
    if (p.evidence.length === 0) out.push("- none: close to the average on every feature");
    for (const e of p.evidence) out.push(`- ${md(e)}`);
    out.push("");
    if (c.rule)
      out.push(
        c.rule.text === null
          ? `**Rule:** ${c.rule.quality}`
          : `**Rule** (${c.rule.quality}): \`${c.rule.text}\``,
        "",
      );
    for (const a of c.attributes) {
      out.push(`**${md(a.name)}**`, "", "| level | segment | overall |", "| --- | ---: | ---: |");
      for (const [level, s, o] of a.rows) out.push(`| ${md(level)} | ${s} | ${o} |`);
      out.push("");
    }
    out.push("**Suggested plays**", "");
    for (const play of c.plays)
      out.push(`- **${md(play.title)}:** ${md(play.action)} (${md(play.because.join("; "))})`);
    out.push("");
  }
  return out.join("\n");
}

const esc = (s: string): string =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

const CSS = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2933;background:#f5f7fa}
h1{font-size:1.6rem}.warnings{background:#fff4e5;border-left:4px solid #f0a020;padding:.5rem 1rem;margin-bottom:1rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:1rem}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:1rem 1.2rem}
.card h2{margin:.2rem 0;font-size:1.25rem}.seg{color:#697586;font-size:.85rem}.desc{font-style:italic}
.meta{list-style:none;padding:0;font-size:.9rem}.rule code{background:#eef2f7;padding:.1rem .3rem;border-radius:4px;font-size:.85rem}
table{border-collapse:collapse;font-size:.85rem;margin:.3rem 0}td,th{padding:.15rem .6rem;border-bottom:1px solid #e4e7eb;text-align:right}
td:first-child,th:first-child{text-align:left}h3{font-size:.95rem;margin:.8rem 0 .3rem}.because{color:#697586}`;

/**
 * Persona cards as one self-contained HTML page (inline CSS, no scripts, every text escaped),
 * with the same content as {@link personaCardsMarkdown}.
 *
 * @param input - See {@link PersonaCardsInput}.
 * @returns The HTML document.
 * @example
 * personaCardsHtml({ profiles, personas }).startsWith("<!DOCTYPE html>"); // => true
 */
export function personaCardsHtml(input: PersonaCardsInput): string {
  const title = esc(input.title ?? "Personas");
  const out: string[] = [
    "<!DOCTYPE html>",
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${title}</title><style>${CSS}</style></head>`,
    "<body>",
    `<h1>${title}</h1>`,
    `<p>${input.personas.length} segments of ${esc(formatNumber(input.profiles.n))} users.${
      input.rules
        ? ` Rules of depth ${input.rules.depth} reproduce ${esc(formatPercent(input.rules.fidelity))} of the assignments.`
        : ""
    }</p>`,
  ];
  const verdict = verdictLine(input.structure);
  if (verdict) out.push(`<p class="verdict"><strong>${esc(verdict)}</strong></p>`);
  if (input.warnings && input.warnings.length > 0) {
    out.push('<div class="warnings"><strong>Warnings</strong><ul>');
    for (const w of input.warnings) out.push(`<li>${esc(w)}</li>`);
    out.push("</ul></div>");
  }
  out.push('<div class="cards">');
  for (const c of buildCards(input)) {
    const p = c.persona;
    out.push('<section class="card">');
    out.push(`<div class="seg">Segment ${p.segment}${p.edited ? " · edited" : ""}</div>`);
    out.push(`<h2>${esc(p.name)}</h2>`, `<p class="desc">${esc(p.description)}</p>`);
    if (c.outcomes.length > 0) {
      out.push("<h3>Outcomes (segment vs overall, 95 % interval)</h3>", "<ul>");
      for (const o of c.outcomes) out.push(`<li>${esc(o)}</li>`);
      out.push("</ul>");
    }
    out.push('<ul class="meta">', `<li><strong>Size:</strong> ${esc(c.size)}</li>`);
    if (c.stability) out.push(`<li><strong>Stability:</strong> ${esc(c.stability)}</li>`);
    if (c.atypical) out.push(`<li><strong>Atypical users:</strong> ${esc(c.atypical)}</li>`);
    out.push("</ul>", "<h3>Key traits</h3>", "<ul>");
    if (p.evidence.length === 0) out.push("<li>none: close to the average on every feature</li>");
    for (const e of p.evidence) out.push(`<li>${esc(e)}</li>`);
    out.push("</ul>");
    if (c.rule) {
      const code = c.rule.text === null ? "" : `<code>${esc(c.rule.text)}</code><br>`;
      out.push(
        `<h3>Rule</h3><p class="rule">${code}<span class="because">${esc(c.rule.quality)}</span></p>`,
      );
    }
    for (const a of c.attributes) {
      out.push(
        `<h3>${esc(a.name)}</h3>`,
        "<table><tr><th>level</th><th>segment</th><th>overall</th></tr>",
      );
      for (const [level, s, o] of a.rows)
        out.push(`<tr><td>${esc(level)}</td><td>${esc(s)}</td><td>${esc(o)}</td></tr>`);
      out.push("</table>");
    }
    out.push("<h3>Suggested plays</h3>", "<ul>");
    for (const play of c.plays) {
      out.push(
        `<li><strong>${esc(play.title)}:</strong> ${esc(play.action)} <span class="because">(${esc(play.because.join("; "))})</span></li>`,
      );
    }
    out.push("</ul>", "</section>");
  }
  out.push("</div>", "</body>", "</html>", "");
  return out.join("\n");
}
