import type {
  AttributeColumn,
  FeatureFamily,
  FeatureInfo,
  FeatureTable,
} from "../features/types.js";
import * as msg from "./messages.js";
import { cohensD, cohensH, moments, sortedStats, type ColumnStats } from "./stats.js";

export type { ColumnStats } from "./stats.js";

/** One numeric feature of one segment, next to the whole population, in original units. */
export interface FeatureProfile {
  name: string;
  family: FeatureFamily;
  unit: string;
  description: string;
  segment: ColumnStats;
  population: ColumnStats;
  /** Standardised mean difference against the rest of the users (Cohen's d, pooled SD). */
  effectSize: number;
  /** Segment mean / population mean; null when the population mean is 0 or missing. */
  lift: number | null;
}

/** The share of one level of a categorical column, in a segment and overall. */
export interface LevelShare {
  /** The level; missing values are the level "(missing)". */
  level: string;
  /** Users of the segment with this level. */
  count: number;
  share: number;
  populationShare: number;
  /** share / populationShare; null when the level never occurs overall. */
  lift: number | null;
  /** Cohen's h of the segment's share against the rest's share. */
  effectSize: number;
}

/** The mix of one categorical attribute (plan, platform, country …) in a segment. */
export interface AttributeMix {
  name: string;
  /** Levels ordered by overall count (descending), then by name. */
  levels: LevelShare[];
}

/** An outcome column (churned, revenue, converted …) summarised for one segment. */
export interface OutcomeProfile {
  name: string;
  /** "binary" = numeric 0/1 (value is a rate), "numeric" (value is a mean), "categorical" (see levels). */
  kind: "binary" | "numeric" | "categorical";
  /** Rate (binary) or mean (numeric) in the segment; null for categorical or no values. */
  value: number | null;
  populationValue: number | null;
  /** Cohen's d (numeric) or h (binary) against the rest; 0 for categorical. */
  effectSize: number;
  lift: number | null;
  /** Share per level for categorical outcomes; empty otherwise. */
  levels: LevelShare[];
  /** Users of the segment with a value (for intervals). */
  n: number;
  /** Sample SD in the segment (numeric and binary outcomes), null otherwise or for fewer than 2 values. */
  sd: number | null;
}

/** A distinguishing trait of a segment: a feature or an attribute level that differs from the rest. */
export interface SegmentTrait {
  kind: "feature" | "attribute";
  /** Feature name, or attribute name for kind "attribute". */
  name: string;
  /** The attribute level (kind "attribute" only). */
  level: string | null;
  family: FeatureFamily;
  unit: string;
  /** The feature's description ("" for attribute levels). */
  description: string;
  direction: "higher" | "lower";
  /** Cohen's d (feature) or Cohen's h (attribute level) against the rest. */
  effectSize: number;
  /** Segment mean (feature) or share (attribute level). */
  value: number;
  populationValue: number;
  lift: number | null;
}

/** Everything measured about one segment. */
export interface SegmentProfile {
  segment: number;
  /** Users in the segment (atypical users included). */
  size: number;
  share: number;
  /** Users of the segment left out of the statistics (the `exclude` option). */
  excluded: number;
  /** Same order as the table's features. */
  features: FeatureProfile[];
  attributes: AttributeMix[];
  outcomes: OutcomeProfile[];
  /** Traits with |effect size| ≥ params.minEffect, strongest first, at most params.maxTraits. */
  traits: SegmentTrait[];
}

/** Profiles of all segments: plain JSON, exact under a JSON round trip. */
export interface SegmentProfiles {
  kind: "segment-profiles";
  version: 1;
  params: { minEffect: number; maxTraits: number };
  /** Users in the table. */
  n: number;
  /** Users left out of the statistics (the `exclude` option). */
  excluded: number;
  k: number;
  features: FeatureInfo[];
  segments: SegmentProfile[];
  warnings: string[];
}

/** An outcome column to summarise per segment. */
export interface OutcomeColumn {
  name: string;
  /** Numbers (NaN = missing; only 0/1 = binary) or categories (null = missing). */
  values: Float64Array | (string | null)[];
}

/** Options of {@link profileSegments}. */
export interface ProfileOptions {
  /** Extra categorical columns to profile beside `table.attributes` (e.g. ones not used for clustering). Default none. */
  attributes?: AttributeColumn[];
  /** Outcome columns (churned, revenue …) to summarise per segment. Default none. */
  outcomes?: OutcomeColumn[];
  /** 1 = leave this user out of every statistic (e.g. atypical users from flagAtypical); they still count in size. Default none. */
  exclude?: Uint8Array;
  /** Number of segments; default max(label) + 1. */
  k?: number;
  /** Smallest |effect size| for a trait to be listed. Default 0.2 ("small", Cohen 1988). */
  minEffect?: number;
  /** Most traits listed per segment. Default 8. */
  maxTraits?: number;
}

const defaults = { minEffect: 0.2, maxTraits: 8 };
const MISSING = "(missing)";

/**
 * Profiles each segment in the original units of the features: size and share; per feature the
 * mean, SD, quartiles (type-7 quantiles, see stats.ts) beside the population's, the effect size
 * against the rest of the users (Cohen's d with the pooled SD; the population SD when the
 * pooled SD is 0) and the lift (segment mean / population mean); the mix of categorical
 * attributes (share per level vs overall, with Cohen's h); outcome columns (rate, mean or level
 * shares); and the top traits ranked by |effect size| with their direction.
 *
 * @param table - Per-user features in original units (NaN = missing; missing values are left out).
 * @param labels - Segment id per user (0..k−1).
 * @param options - See {@link ProfileOptions}.
 * @returns Plain-JSON profiles.
 * @throws TypeError when labels or a column has the wrong length; RangeError for a negative or
 *   non-integer label.
 * @example
 * const p = profileSegments(table, Int32Array.from([0, 0, 1]));
 * p.segments[1].features[0].segment.mean; // => 3
 */
export function profileSegments(
  table: FeatureTable,
  labels: Int32Array | number[],
  options: ProfileOptions = {},
): SegmentProfiles {
  const n = table.ids.length;
  if (labels.length !== n) throw new TypeError(msg.labelsLengthMismatch(labels.length, n));
  let maxLabel = -1;
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0) throw new RangeError(msg.badLabel(i, l));
    if (l > maxLabel) maxLabel = l;
  }
  for (let j = 0; j < table.columns.length; j++) {
    const c = table.columns[j]!;
    if (c.length !== n)
      throw new TypeError(msg.columnLengthMismatch("feature", table.featureNames[j]!, c.length, n));
  }
  const attributes = [...table.attributes, ...(options.attributes ?? [])];
  for (const a of attributes) {
    if (a.values.length !== n)
      throw new TypeError(msg.columnLengthMismatch("attribute", a.name, a.values.length, n));
  }
  for (const o of options.outcomes ?? []) {
    if (o.values.length !== n)
      throw new TypeError(msg.columnLengthMismatch("outcome", o.name, o.values.length, n));
  }
  if (options.exclude && options.exclude.length !== n) {
    throw new TypeError(msg.columnLengthMismatch("mask", "exclude", options.exclude.length, n));
  }
  const k = Math.max(options.k ?? 0, maxLabel + 1);
  const minEffect = options.minEffect ?? defaults.minEffect;
  const maxTraits = options.maxTraits ?? defaults.maxTraits;
  const exclude = options.exclude;
  const included = (i: number): boolean => !exclude || exclude[i] === 0;

  const sizes = new Array<number>(k).fill(0);
  const excludedPer = new Array<number>(k).fill(0);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    sizes[labels[i]!]!++;
    if (included(i)) kept++;
    else excludedPer[labels[i]!]!++;
  }
  if (kept === 0) throw new RangeError(msg.noUsers());

  // The kept users grouped by segment (ascending row order within a segment): segment s holds
  // order[start[s]] … order[start[s + 1] − 1]. One counting sort; no per-user objects.
  const start = new Int32Array(k + 1);
  for (let i = 0; i < n; i++) if (included(i)) start[labels[i]! + 1]!++;
  for (let s = 0; s < k; s++) start[s + 1]! += start[s]!;
  const order = new Int32Array(kept);
  const fill = start.slice(0, k);
  for (let i = 0; i < n; i++) if (included(i)) order[fill[labels[i]!]!++] = i;
  const grouped = new Float64Array(kept);

  const featureProfiles: FeatureProfile[][] = Array.from({ length: k }, () => []);
  table.features.forEach((info, j) => {
    const col = table.columns[j]!;
    const popM = keptMoments(col, included);
    const popSd = popM.n > 1 ? Math.sqrt(popM.ss / (popM.n - 1)) : 0;
    // Gather by segment, take each segment's moments in row order, then sort each segment's
    // values once; the population's sorted values are the merge of the segments' (no second sort).
    for (let t = 0; t < kept; t++) grouped[t] = col[order[t]!]!;
    const seg = Array.from({ length: k }, (_, s) =>
      moments(grouped.subarray(start[s]!, start[s + 1]!)),
    );
    for (let s = 0; s < k; s++) grouped.subarray(start[s]!, start[s + 1]!).sort();
    const finiteEnd = Array.from({ length: k }, (_, s) => start[s]! + seg[s]!.n);
    const population = populationStats(grouped, start, finiteEnd, popM, kept - popM.n);
    for (let s = 0; s < k; s++) {
      const segment = sortedStats(
        grouped.subarray(start[s]!, finiteEnd[s]!),
        start[s + 1]! - finiteEnd[s]!,
      );
      const d = cohensD(seg[s]!, restMoments(popM, seg[s]!), popSd);
      featureProfiles[s]!.push({
        name: info.name,
        family: info.family,
        unit: info.unit,
        description: info.description,
        segment,
        population,
        effectSize: d,
        lift: ratio(segment.mean, population.mean),
      });
    }
  });

  const attributeMixes: AttributeMix[][] = Array.from({ length: k }, () => []);
  for (const a of attributes) {
    const mixes = levelShares(a.values, order, start, k);
    for (let s = 0; s < k; s++) attributeMixes[s]!.push({ name: a.name, levels: mixes[s]! });
  }

  const outcomeProfiles: OutcomeProfile[][] = Array.from({ length: k }, () => []);
  for (const o of options.outcomes ?? []) {
    if (o.values instanceof Float64Array) {
      const col = o.values;
      let binary = true;
      for (let t = 0; t < kept && binary; t++) {
        const v = col[order[t]!]!;
        binary = Number.isNaN(v) || v === 0 || v === 1;
      }
      const popM = keptMoments(col, included);
      const popSd = popM.n > 1 ? Math.sqrt(popM.ss / (popM.n - 1)) : 0;
      for (let t = 0; t < kept; t++) grouped[t] = col[order[t]!]!;
      for (let s = 0; s < k; s++) {
        const seg = moments(grouped.subarray(start[s]!, start[s + 1]!));
        const rest = restMoments(popM, seg);
        const value = seg.n > 0 ? seg.mean : null;
        const populationValue = popM.n > 0 ? popM.mean : null;
        const effectSize = binary
          ? seg.n > 0 && rest.n > 0
            ? cohensH(seg.mean, rest.mean)
            : 0
          : cohensD(seg, rest, popSd);
        outcomeProfiles[s]!.push({
          name: o.name,
          kind: binary ? "binary" : "numeric",
          value,
          populationValue,
          effectSize,
          lift: ratio(value, populationValue),
          levels: [],
          n: seg.n,
          sd: seg.n > 1 ? Math.sqrt(seg.ss / (seg.n - 1)) : null,
        });
      }
    } else {
      const mixes = levelShares(o.values, order, start, k);
      for (let s = 0; s < k; s++) {
        outcomeProfiles[s]!.push({
          name: o.name,
          kind: "categorical",
          value: null,
          populationValue: null,
          effectSize: 0,
          lift: null,
          levels: mixes[s]!,
          n: sizes[s]! - excludedPer[s]!,
          sd: null,
        });
      }
    }
  }

  const segments: SegmentProfile[] = [];
  for (let s = 0; s < k; s++) {
    segments.push({
      segment: s,
      size: sizes[s]!,
      share: sizes[s]! / n,
      excluded: excludedPer[s]!,
      features: featureProfiles[s]!,
      attributes: attributeMixes[s]!,
      outcomes: outcomeProfiles[s]!,
      traits: rankTraits(featureProfiles[s]!, attributeMixes[s]!, minEffect, maxTraits),
    });
  }
  return {
    kind: "segment-profiles",
    version: 1,
    params: { minEffect, maxTraits },
    n,
    excluded: n - kept,
    k,
    features: table.features.map((f) => ({ ...f })),
    segments,
    warnings: [],
  };
}

/**
 * Moments of "everyone but the segment" from the population's and the segment's, by the
 * pairwise update of Chan, Golub & LeVeque (1979) run backwards — no copy of the rest.
 */
function restMoments(
  pop: { n: number; mean: number; ss: number },
  seg: { n: number; mean: number; ss: number },
): { n: number; mean: number; ss: number } {
  const n = pop.n - seg.n;
  if (n <= 0) return { n: 0, mean: NaN, ss: 0 };
  if (seg.n === 0) return pop;
  const mean = (pop.n * pop.mean - seg.n * seg.mean) / n;
  const delta = seg.mean - mean;
  // Rounding can leave a tiny negative remainder when the rest is constant.
  const ss = Math.max(0, pop.ss - seg.ss - (delta * delta * seg.n * n) / pop.n);
  return { n, mean, ss };
}

function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b === 0) return null;
  return a / b;
}

/** Share of each level per segment vs overall; levels ordered by overall count, then name. */
function levelShares(
  values: (string | null)[],
  order: Int32Array,
  start: Int32Array,
  k: number,
): LevelShare[][] {
  const perSegment: Map<string, number>[] = [];
  const overall = new Map<string, number>();
  for (let s = 0; s < k; s++) {
    const counts = new Map<string, number>();
    for (let t = start[s]!; t < start[s + 1]!; t++) {
      const v = values[order[t]!] ?? MISSING;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    for (const [v, c] of counts) overall.set(v, (overall.get(v) ?? 0) + c);
    perSegment.push(counts);
  }
  const levels = [...overall.keys()].sort(
    (a, b) => overall.get(b)! - overall.get(a)! || (a < b ? -1 : a > b ? 1 : 0),
  );
  const total = order.length;
  const out: LevelShare[][] = [];
  for (let s = 0; s < k; s++) {
    const counts = perSegment[s]!;
    const size = start[s + 1]! - start[s]!;
    const restSize = total - size;
    out.push(
      levels.map((level) => {
        const count = counts.get(level) ?? 0;
        const share = size > 0 ? count / size : 0;
        const populationShare = overall.get(level)! / total;
        const restShare = restSize > 0 ? (overall.get(level)! - count) / restSize : 0;
        return {
          level,
          count,
          share,
          populationShare,
          lift: populationShare > 0 ? share / populationShare : null,
          effectSize: size > 0 && restSize > 0 ? cohensH(share, restShare) : 0,
        };
      }),
    );
  }
  return out;
}

/** Moments of a column over the kept users, in row order. */
function keptMoments(
  col: Float64Array,
  included: (i: number) => boolean,
): { n: number; mean: number; ss: number } {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    if (included(i) && !Number.isNaN(v)) {
      n++;
      sum += v;
    }
  }
  if (n === 0) return { n: 0, mean: NaN, ss: 0 };
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    if (included(i) && !Number.isNaN(v)) ss += (v - mean) ** 2;
  }
  return { n, mean, ss };
}

/**
 * The population's statistics from the segments' sorted runs values[start[s] … end[s]):
 * quantiles are order statistics of the union, found by selection across the runs (no merge,
 * no second sort); mean and SD come from the population's moments.
 */
function populationStats(
  values: Float64Array,
  start: Int32Array,
  end: number[],
  pop: { n: number; mean: number; ss: number },
  missing: number,
): ColumnStats {
  const n = pop.n;
  if (n === 0) return sortedStats(new Float64Array(0), missing);
  const at = (rank: number) => selectRank(values, start, end, rank);
  const quantile = (p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const a = at(lo);
    return lo + 1 < n ? a + (h - lo) * (at(lo + 1) - a) : a;
  };
  return {
    n,
    missing,
    mean: pop.mean,
    sd: n > 1 ? Math.sqrt(pop.ss / (n - 1)) : 0,
    min: at(0),
    q1: quantile(0.25),
    median: quantile(0.5),
    q3: quantile(0.75),
    max: at(n - 1),
  };
}

/** The value of 0-based rank `rank` in the union of the ascending runs (binary search per run). */
function selectRank(values: Float64Array, start: Int32Array, end: number[], rank: number): number {
  // below(x) = values < x in all runs; upTo(x) = values ≤ x. x has rank r iff below ≤ r < upTo.
  const count = (x: number, strict: boolean) => {
    let c = 0;
    for (let s = 0; s < end.length; s++) {
      let lo = start[s]!;
      let hi = end[s]!;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (strict ? values[mid]! < x : values[mid]! <= x) lo = mid + 1;
        else hi = mid;
      }
      c += lo - start[s]!;
    }
    return c;
  };
  for (let s = 0; s < end.length; s++) {
    let lo = start[s]!;
    let hi = end[s]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = values[mid]!;
      if (count(x, true) > rank) hi = mid - 1;
      else if (count(x, false) <= rank) lo = mid + 1;
      else return x;
    }
  }
  throw new RangeError(`rank ${rank} is outside the runs`);
}

/** Features and attribute levels with |effect| ≥ minEffect, strongest first (ties: features first, then table order). */
function rankTraits(
  features: FeatureProfile[],
  attributes: AttributeMix[],
  minEffect: number,
  maxTraits: number,
): SegmentTrait[] {
  const traits: SegmentTrait[] = [];
  for (const f of features) {
    if (Math.abs(f.effectSize) < minEffect || f.segment.mean === null || f.population.mean === null)
      continue;
    traits.push({
      kind: "feature",
      name: f.name,
      level: null,
      family: f.family,
      unit: f.unit,
      description: f.description,
      direction: f.effectSize > 0 ? "higher" : "lower",
      effectSize: f.effectSize,
      value: f.segment.mean,
      populationValue: f.population.mean,
      lift: f.lift,
    });
  }
  for (const a of attributes) {
    for (const l of a.levels) {
      // Only over-represented levels are traits: "82 % on iOS" reads; "few on Android" is its mirror.
      if (l.effectSize < minEffect || l.level === MISSING) continue;
      traits.push({
        kind: "attribute",
        name: a.name,
        level: l.level,
        family: "attribute",
        unit: "share",
        description: "",
        direction: "higher",
        effectSize: l.effectSize,
        value: l.share,
        populationValue: l.populationShare,
        lift: l.lift,
      });
    }
  }
  // Array.prototype.sort is stable, so equal |effect| keep the push order above.
  traits.sort((a, b) => Math.abs(b.effectSize) - Math.abs(a.effectSize));
  return traits.slice(0, maxTraits);
}
