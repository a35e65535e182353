import type {
  SegmentProfile,
  SegmentProfiles,
  SegmentRules,
  SegmentTrait,
} from "../profile/index.js";
import type { Claim, ClaimUse } from "./claims.js";
import { evidenceLine, featureLabel } from "./evidence.js";
import { redundant, themeOf, type DataKind, type Theme, type ValueKind } from "./themes.js";

export type { DataKind, ValueKind } from "./themes.js";

/** A trait a persona's name and story rest on. */
export interface PersonaTrait {
  /** Feature name, or attribute name when `level` is set. */
  name: string;
  level: string | null;
  direction: "higher" | "lower";
  effectSize: number;
}

/** A named segment: the candidate persona. Plain JSON. */
export interface Persona {
  segment: number;
  /** Short, unique, human name ("Power Users", "Fading Regulars", "Typical Users"). */
  name: string;
  /** One line: "Users who …". */
  description: string;
  /** Lines with numbers: "active days per week: 5.2 days/week vs 1.7 overall (3.1× the average)". */
  evidence: string[];
  /** The traits (|effect size| ≥ minEffect) the name and story rest on, strongest first. */
  traits: PersonaTrait[];
  /** True when no trait reaches minEffect: the segment is named "Typical Users". */
  typical: boolean;
  size: number;
  share: number;
  /** Mean bootstrap Jaccard of the segment, when known. */
  stability: number | null;
  /** The surrogate rule's text, when rules are given. */
  rule: string | null;
  /** True once a user renamed or re-described the persona; regenerated outputs keep it. */
  edited: boolean;
  /** The checkable statements the name, description and evidence are built from (see verifyClaims). */
  claims: Claim[];
}

/** Options of {@link namePersonas}. */
export interface NamePersonasOptions {
  /** Mean bootstrap Jaccard per segment (index = segment id). Default unknown (null). */
  stability?: (number | null)[];
  /** Surrogate rules, to attach each segment's rule text. Default none. */
  rules?: SegmentRules;
  /** Smallest |effect size| that counts as a trait for the name and story. Default 0.5 ("medium", Cohen 1988). */
  minEffect?: number;
  /**
   * Smallest |effect size| of a second trait to complete a name ("New" + "Explorers"). Default 0.8
   * ("large", Cohen 1988): weaker second traits are often an echo of other segments in the
   * one-vs-rest comparison, not part of this segment's story.
   */
  composeEffect?: number;
  /** Most evidence lines per persona. Default 4. */
  maxEvidence?: number;
  /** Personas of an earlier run; those with `edited: true` keep their name and description. Default none. */
  previous?: Persona[];
  /**
   * The features clustered on: only they may name or describe a segment; other features,
   * attributes and outcomes appear in the evidence only. Default: every feature.
   */
  clusterOn?: string[];
  /** The kind of input (vocabulary: buyers for purchase logs, raters for rating logs). Default "events". */
  dataKind?: DataKind;
  /** What the value column measures (no spend words for scores or counts). Default "money". */
  valueKind?: ValueKind;
  /** Most attribute lines added to the evidence (labelled as attributes). Default 2. */
  maxAttributeEvidence?: number;
}

const defaults = { minEffect: 0.5, composeEffect: 0.8, maxEvidence: 4 };

/** The name of a segment with no trait of |effect size| ≥ minEffect. */
export const TYPICAL_NAME = "Typical Users";

interface Draft {
  segment: number;
  themes: Theme[];
  /** Name candidates, from the plainest to the most qualified. */
  candidates: string[];
  at: number;
  fixed: boolean;
}

/**
 * Names each segment from its strongest traits. Traits (|effect size| ≥ minEffect, from
 * profileSegments) map to themes by feature family — engagement, recency, tenure, breadth,
 * value, time pattern, trend, event focus (see themes.ts); the strongest theme names the segment,
 * combined with the next one when that reads naturally ("New Explorers", "Fading Regulars",
 * "Weekend Browsers"). Generic "table" features give names from feature names ("High
 * CASH_ADVANCE, Low PURCHASES"). A segment without any trait is "Typical Users". Names never
 * collide: colliding segments are qualified by their next strongest trait ("Night Power
 * Users"), and, when traits run out, by the feature that separates them most ("Typical Users,
 * higher sessions") — never by a number; segments that differ in nothing get letters ("Typical Users A").
 *
 * @param profiles - Output of profileSegments.
 * @param options - See {@link NamePersonasOptions}.
 * @returns One persona per segment, in segment order.
 * @example
 * namePersonas(profiles).map((p) => p.name); // => ["Power Users", "Dormant", "Typical Users"]
 */
export function namePersonas(
  profiles: SegmentProfiles,
  options: NamePersonasOptions = {},
): Persona[] {
  const minEffect = options.minEffect ?? defaults.minEffect;
  const maxEvidence = options.maxEvidence ?? defaults.maxEvidence;
  const composeEffect = options.composeEffect ?? defaults.composeEffect;
  const previous = new Map(
    (options.previous ?? []).filter((p) => p.edited).map((p) => [p.segment, p]),
  );

  const clusterOn = options.clusterOn ? new Set(options.clusterOn) : null;
  const ctxOf = (seg: SegmentProfile) => ({
    segment: seg,
    dataKind: options.dataKind ?? "events",
    valueKind: options.valueKind === undefined ? "money" : options.valueKind,
  });
  const drafts: Draft[] = profiles.segments.map((seg) => {
    const kept = previous.get(seg.segment);
    const themes = segmentThemes(seg, minEffect, ctxOf(seg), clusterOn);
    if (kept) return { segment: seg.segment, themes, candidates: [kept.name], at: 0, fixed: true };
    return {
      segment: seg.segment,
      themes,
      candidates: nameCandidates(themes, composeEffect),
      at: 0,
      fixed: false,
    };
  });
  resolveCollisions(drafts, profiles);

  return profiles.segments.map((seg, s) => {
    const d = drafts[s]!;
    const kept = previous.get(seg.segment);
    const strong = seg.traits.filter(
      (t) =>
        Math.abs(t.effectSize) >= minEffect &&
        (t.kind === "attribute" || clusterOn === null || clusterOn.has(t.name)),
    );
    const rule = options.rules?.rules.find((r) => r.segment === seg.segment);
    const name = d.candidates[d.at]!;
    const described = kept ? [] : describedThemes(d.themes);
    const claims: Claim[] = [];
    const claimOf = (t: Theme, use: ClaimUse): void => {
      const uses: ClaimUse[] = [use];
      const c = themeClaim(seg, t, uses);
      const same = claims.find(
        (x) => x.name === c.name && x.statistic === c.statistic && x.word === c.word,
      );
      if (same) {
        if (!same.usedIn.includes(use)) same.usedIn.push(use);
      } else claims.push(c);
    };
    if (!kept) {
      for (const t of d.themes)
        if (
          name.includes(t.name) ||
          name.includes(t.adjective) ||
          name.includes(t.noun) ||
          name.toLowerCase().includes(t.adjective.toLowerCase())
        )
          claimOf(t, "name");
      for (const t of described) claimOf(t, "description");
    }
    const evidence = evidenceLines(seg, strong, maxEvidence, options.maxAttributeEvidence ?? 2);
    claims.push(...evidence.claims);
    return {
      segment: seg.segment,
      name,
      description: kept ? kept.description : describe(described, minEffect),
      evidence: evidence.lines,
      traits: strong.map((t) => ({
        name: t.name,
        level: t.level,
        direction: t.direction,
        effectSize: t.effectSize,
      })),
      typical: d.themes.length === 0,
      size: seg.size,
      share: seg.share,
      stability: options.stability?.[seg.segment] ?? null,
      rule: rule ? rule.text : null,
      edited: kept !== undefined,
      claims,
    };
  });
}

/** The claim behind a theme's words. */
function themeClaim(seg: SegmentProfile, t: Theme, usedIn: ClaimUse[]): Claim {
  const f = seg.features.find((x) => x.name === t.trait.name);
  return {
    subject: "feature",
    name: t.trait.name,
    level: null,
    family: t.trait.family,
    statistic: t.statistic,
    segment: seg.segment,
    segmentValue: t.value,
    populationValue: t.populationValue,
    unit: t.trait.unit,
    direction: t.trait.direction,
    word: t.word,
    effectSize: t.trait.effectSize,
    lift: t.populationValue === 0 ? null : t.value / t.populationValue,
    n: f?.segment.n ?? 0,
    usedIn,
  };
}

/**
 * Themes of the clustered-on feature traits above minEffect, one per key. Attributes, outcomes
 * and profiled-only features never name a segment: they were not clustered on.
 */
function segmentThemes(
  seg: SegmentProfile,
  minEffect: number,
  ctx: Parameters<typeof themeOf>[1],
  clusterOn: Set<string> | null,
): Theme[] {
  const themes: Theme[] = [];
  for (const t of seg.traits) {
    if (Math.abs(t.effectSize) < minEffect || t.kind !== "feature") continue;
    if (clusterOn !== null && !clusterOn.has(t.name)) continue;
    const theme = themeOf(t, ctx);
    if (theme && !themes.some((x) => x.key === theme.key)) themes.push(theme);
  }
  return themes;
}

function nameCandidates(themes: Theme[], composeEffect: number): string[] {
  if (themes.length === 0) return [TYPICAL_NAME];
  const t0 = themes[0]!;
  const used = [0];
  let base = t0.name;
  if (t0.generic) {
    const j = themes.findIndex(
      (t, i) => i > 0 && t.generic && Math.abs(t.trait.effectSize) >= composeEffect,
    );
    if (j > 0) {
      base = `${t0.name}, ${themes[j]!.adjective}`;
      used.push(j);
    }
  } else if (t0.adjectival) {
    // Only the next two themes may complete the name: a weak third trait should not define it.
    const j = themes.findIndex(
      (t, i) =>
        i > 0 &&
        i <= 2 &&
        !t.adjectival &&
        !t.generic &&
        !redundant(t0, t) &&
        Math.abs(t.trait.effectSize) >= composeEffect,
    );
    if (j > 0) {
      base = `${t0.adjective} ${themes[j]!.noun}`;
      used.push(j);
    }
  }
  const candidates = [base];
  let current = base;
  for (let i = 1; i < themes.length; i++) {
    const t = themes[i]!;
    if (used.includes(i) || used.some((u) => redundant(themes[u]!, t))) continue;
    current = t0.generic ? `${current}, ${t.adjective}` : `${t.adjective} ${current}`;
    candidates.push(current);
    used.push(i);
  }
  return candidates;
}

const key = (s: string): string => s.toLowerCase();

/** Moves colliding drafts to their next candidate until names are unique or candidates run out. */
function resolveCollisions(drafts: Draft[], profiles: SegmentProfiles): void {
  for (;;) {
    const groups = collisionGroups(drafts);
    if (groups.length === 0) return;
    let moved = false;
    for (const g of groups) {
      for (const d of g) {
        if (!d.fixed && d.at < d.candidates.length - 1) {
          d.at++;
          moved = true;
        }
      }
    }
    if (moved) continue;
    // Traits ran out: qualify by the feature whose means differ most between the colliding segments.
    let changed = false;
    for (const g of groups)
      changed =
        contrast(
          g.filter((d) => !d.fixed),
          profiles,
        ) || changed;
    if (!changed) {
      // Segments that differ in no feature at all (e.g. constant columns): letters, in segment order.
      for (const g of groups) {
        g.filter((d) => !d.fixed).forEach((d, i) => {
          d.candidates.push(`${d.candidates[d.at]!} ${letter(i)}`);
          d.at = d.candidates.length - 1;
        });
      }
      if (collisionGroups(drafts).length > 0) return;
    }
  }
}

function letter(i: number): string {
  return i < 26
    ? String.fromCharCode(65 + i)
    : `${letter(Math.floor(i / 26) - 1)}${letter(i % 26)}`;
}

function collisionGroups(drafts: Draft[]): Draft[][] {
  const byName = new Map<string, Draft[]>();
  for (const d of drafts) {
    const k = key(d.candidates[d.at]!);
    byName.set(k, [...(byName.get(k) ?? []), d]);
  }
  return [...byName.values()].filter((g) => g.length > 1);
}

function contrast(group: Draft[], profiles: SegmentProfiles): boolean {
  if (group.length === 0) return false;
  const segs = group.map((d) => profiles.segments[d.segment]!);
  const taken = group.map((d) => d.candidates[d.at]!);
  let bestJ = -1;
  let bestSpread = -1;
  profiles.features.forEach((f, j) => {
    const sd = segs[0]!.features[j]!.population.sd;
    const means = segs.map((s) => s.features[j]!.segment.mean);
    const label = featureLabel(f.name, f.family);
    if (!sd || means.some((m) => m === null) || taken.some((t) => t.includes(label))) return;
    const spread = (Math.max(...(means as number[])) - Math.min(...(means as number[]))) / sd;
    if (spread > bestSpread) {
      bestSpread = spread;
      bestJ = j;
    }
  });
  if (bestJ < 0) return false;
  const label = featureLabel(profiles.features[bestJ]!.name, profiles.features[bestJ]!.family);
  const order = group
    .map((d, i) => ({ d, m: segs[i]!.features[bestJ]!.segment.mean! }))
    .sort((a, b) => a.m - b.m || a.d.segment - b.d.segment);
  order.forEach(({ d }, r) => {
    const word =
      r === 0
        ? order.length === 2
          ? "lower"
          : "lowest"
        : r === order.length - 1
          ? order.length === 2
            ? "higher"
            : "highest"
          : `mid-${r}`;
    d.candidates.push(`${d.candidates[d.at]!}, ${word} ${label}`);
    d.at = d.candidates.length - 1;
  });
  return true;
}

/** The themes the one-line description uses: up to three, none redundant. */
function describedThemes(themes: Theme[]): Theme[] {
  const picked: Theme[] = [];
  for (const t of themes) {
    if (picked.length < 3 && !picked.some((p) => redundant(p, t))) picked.push(t);
  }
  return picked;
}

function describe(picked: Theme[], minEffect: number): string {
  if (picked.length === 0) {
    return `Users close to the average on every clustered feature: no trait reaches |effect size| ${minEffect}.`;
  }
  if (picked.every((t) => t.generic)) {
    return `Users with ${joinAnd(picked.map((t) => t.phrase.replace(/^have /, "")))}.`;
  }
  return `Users who ${joinAnd(picked.map((t) => t.phrase))}.`;
}

function joinAnd(parts: string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/**
 * RFM scores are quintile re-codings of a raw feature; a reader wants the raw figure ("value sum:
 * 6,089 vs 1,651 overall") rather than "rfm monetary score: 4.6 vs 3". Each score trait is shown
 * as its raw feature (when the table has it), with the score kept in brackets.
 */
const RFM_RAW: Record<string, string> = {
  rfm_monetary_score: "value_sum",
  rfm_frequency_score: "orders",
  rfm_recency_score: "days_since_last_event",
};

function evidenceLines(
  seg: SegmentProfile,
  strong: SegmentTrait[],
  max: number,
  maxAttributes: number,
): { lines: string[]; claims: Claim[] } {
  const lines: string[] = [];
  const claims: Claim[] = [];
  const shown = new Set<string>();
  const claimOf = (t: SegmentTrait): Claim => {
    const f = seg.features.find((x) => x.name === t.name);
    const a = seg.attributes.find((x) => x.name === t.name);
    const l = a?.levels.find((x) => x.level === t.level);
    return {
      subject: t.kind,
      name: t.name,
      level: t.level,
      family: t.family,
      statistic: t.kind === "attribute" ? "share" : "mean",
      segment: seg.segment,
      segmentValue: t.value,
      populationValue: t.populationValue,
      unit: t.unit,
      direction: t.direction,
      word: t.value > t.populationValue ? "more" : "less",
      effectSize: t.effectSize,
      lift: t.lift,
      n:
        t.kind === "attribute"
          ? l
            ? Math.round(l.count / (t.value || 1))
            : 0
          : (f?.segment.n ?? 0),
      usedIn: ["evidence"],
    };
  };
  const features = strong.filter((t) => t.kind === "feature");
  const attributes = strong.filter((t) => t.kind === "attribute").slice(0, maxAttributes);
  for (const t of features) {
    if (lines.length >= max) break;
    const raw = RFM_RAW[t.name];
    const f = raw === undefined ? undefined : seg.features.find((x) => x.name === raw);
    if (f && f.segment.mean !== null && f.population.mean !== null) {
      if (shown.has(f.name)) continue;
      shown.add(f.name);
      const rawTrait: SegmentTrait = {
        ...t,
        name: f.name,
        family: f.family,
        unit: f.unit,
        value: f.segment.mean,
        populationValue: f.population.mean,
        lift: f.lift,
        effectSize: f.effectSize,
        direction: f.effectSize >= 0 ? "higher" : "lower",
      };
      lines.push(`${evidenceLine(rawTrait)} [${evidenceLine(t)}]`);
      claims.push(claimOf(rawTrait), claimOf(t));
    } else {
      if (shown.has(t.name)) continue;
      shown.add(t.name);
      lines.push(evidenceLine(t));
      claims.push(claimOf(t));
    }
  }
  for (const t of attributes) {
    lines.push(evidenceLine(t));
    claims.push(claimOf(t));
  }
  return { lines, claims };
}
