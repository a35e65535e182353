import type { KScanRow, KScanTable } from "./scan-k.js";
import { messages, NO_STRUCTURE, STRUCTURE, WEAK_STRUCTURE } from "./messages.js";

/**
 * The verdict in three levels: `clear` (well-separated, stable segments: natural groups),
 * `weak` (no natural groups, but a stable, actionable partition of a continuum — delivered and
 * labelled "segments of a continuum, not natural groups") and `none` (nothing stable, or the
 * data look like one blob or noise: everyone stays in one segment).
 */
export type Structure = "clear" | "weak" | "none";

/** How strongly an outcome differs between the segments of one k (computed by the caller). */
export interface OutcomeEffect {
  k: number;
  /** The outcome column. */
  outcome: string;
  /** The segment where it differs most from the rest. */
  segment: number;
  /** Cohen's h (a rate) or d (a mean) of that segment against the rest. */
  effectSize: number;
  /** The segment's rate or mean, and the overall one, already formatted ("42 %", "3.1"). */
  value: string;
  populationValue: string;
}

/** Options of {@link recommendK}. */
export interface RecommendOptions {
  /** A k whose smallest segment holds less than this share of rows is not recommended. Default 0.02. */
  minSegmentShare?: number;
  /** Largest number of segments a team can act on. Default 8. */
  maxSegments?: number;
  /** Every segment's mean bootstrap Jaccard must reach this (Hennig: ≥ 0.75 stable). Default 0.75. */
  minStability?: number;
  /**
   * Best mean silhouette below which the data is declared to have no clear segment structure
   * (Kaufman & Rousseeuw 1990: < 0.25 "no substantial structure"). Default 0.25.
   */
  minSilhouette?: number;
  /**
   * When gap's first-SE rule picks k = 1 (no better than uniform noise), a best silhouette at or
   * above this still counts as structure. Default 0.5 ("reasonable structure").
   */
  strongSilhouette?: number;
  /**
   * Modes of the data's density when the data have a single dimension (see countModes). One
   * mode means one hump: its partition is a continuum and never gets the verdict `clear`.
   * Unknown (null, the default) on one dimension counts as one mode.
   */
  modes?: number | null;
  /**
   * Per k, how many segments have a valley of density towards their nearest segment (see
   * boundaryModes). A k whose segments have no valley at all cut one continuous cloud and never
   * get the verdict `clear`. Default unknown (not used).
   */
  boundaries?: { k: number; segments: number; valleys: number }[];
  /** Per k and outcome, how strongly the outcome differs between segments. Default none. */
  outcomeEffects?: OutcomeEffect[];
  /**
   * |effect size| of an outcome from which a stable partition of a continuum is actionable
   * (verdict `weak` rather than `none`). Default 0.5 ("medium", Cohen 1988).
   */
  minOutcomeEffect?: number;
}

/** The options as used by {@link recommendK} (stored in the recommendation). */
export interface RecommendParams {
  minSegmentShare: number;
  maxSegments: number;
  minStability: number;
  minSilhouette: number;
  strongSilhouette: number;
  minOutcomeEffect: number;
  modes: number | null;
}

/** One row of the recommendation table (plain JSON). */
export interface RecommendationRow {
  k: number;
  silhouette: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
  gap: number | null;
  gapSk: number | null;
  minStability: number | null;
  smallestShare: number;
  knee: boolean;
  /** Points from the criteria (silhouette and gap 2 each; CH, DB, knee 1 each). */
  score: number;
  /** True when the k passes the share, size and stability constraints. */
  eligible: boolean;
  /** Why the k is not eligible, in plain words (empty when eligible). */
  issues: string[];
}

/** A recommendation: plain JSON, stored in model.json beside the scan table. */
export interface KRecommendation {
  kind: "krecommendation";
  version: 1;
  /** Recommended k (structure `clear` or `weak`), or null when the structure is `none`. */
  k: number | null;
  /** The verdict in three levels; see {@link Structure}. */
  structure: Structure;
  /** The verdict in words: "structure" (clear), {@link WEAK_STRUCTURE} (weak) or {@link NO_STRUCTURE} (none). */
  verdict: typeof STRUCTURE | typeof WEAK_STRUCTURE | typeof NO_STRUCTURE;
  /** The outcome that makes a weak partition actionable, when one does. */
  outcome: OutcomeEffect | null;
  /** The evidence, in plain words. */
  reasons: string[];
  /**
   * Up to two other k, best first, with why they came second: eligible k first, then near misses
   * (k within maxSegments that fail a constraint, which is named).
   */
  runnersUp: { k: number; why: string }[];
  table: RecommendationRow[];
  /** The options as used. */
  params: RecommendParams;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const f2 = (x: number) => x.toFixed(2);

/**
 * A value compared with a threshold, rounded like the threshold (2 decimals) unless that would
 * put it on the threshold or the wrong side of it: then with as many more decimals as it takes
 * ("0.2496, below 0.25", never "0.25, below 0.25").
 */
function vs(value: number, threshold: number): string {
  for (let d = 2; d <= 6; d++) {
    const r = Number(value.toFixed(d));
    if (r !== Number(threshold.toFixed(d)) && r < threshold === value < threshold)
      return value.toFixed(d);
  }
  return String(value);
}

function argBest(rows: KScanRow[], value: (r: KScanRow) => number, higher: boolean): number | null {
  let best: number | null = null;
  let bv = higher ? -Infinity : Infinity;
  for (const r of rows) {
    const v = value(r);
    if (!Number.isFinite(v)) continue;
    if (higher ? v > bv : v < bv) {
      bv = v;
      best = r.k;
    }
  }
  return best;
}

/**
 * Recommends a number of segments from a {@link scanK} result by combining the evidence:
 * mean silhouette (2 points to the best eligible k), the gap statistic's first-SE rule (2 points),
 * Calinski–Harabasz's maximum, Davies–Bouldin's minimum and the inertia knee (1 point each), among
 * the k that a team can act on (≤ maxSegments, smallest segment ≥ minSegmentShare, every segment's
 * bootstrap stability ≥ minStability); ties go to the higher silhouette. The verdict has three
 * levels ({@link Structure}):
 * - `none` (no k) when no k is eligible, or when the data look like one blob or noise — gap
 *   picks k = 1 and the silhouette is below `strongSilhouette`, or the silhouette is below
 *   `minSilhouette` and gap does not see structure — and no outcome differs strongly;
 * - `clear` when the pick's silhouette reaches `strongSilhouette`, or reaches `minSilhouette`
 *   while gap does not pick k = 1 — unless the data are a single feature with one mode;
 * - `weak` otherwise: a stable partition of a continuum, delivered and labelled
 *   {@link WEAK_STRUCTURE}, with the outcome that makes it actionable when there is one.
 * No single index vetoes stable, well-separated segments, and every number in a reason is
 * rounded so that it never reads as equal to its threshold.
 *
 * @param scan - a scan (or its JSON table).
 * @param options - see {@link RecommendOptions}.
 * @returns the recommendation with reasons, runners-up and the evidence table.
 * @throws {RangeError} on a bad option or an empty scan.
 * @example
 * recommendK(scanK(X, { seed: 1 })).k; // => 3 on three well separated blobs
 */
export function recommendK(scan: KScanTable, options: RecommendOptions = {}): KRecommendation {
  const params: RecommendParams = {
    minSegmentShare: options.minSegmentShare ?? 0.02,
    maxSegments: options.maxSegments ?? 8,
    minStability: options.minStability ?? 0.75,
    minSilhouette: options.minSilhouette ?? 0.25,
    strongSilhouette: options.strongSilhouette ?? 0.5,
    minOutcomeEffect: options.minOutcomeEffect ?? 0.5,
    modes: options.modes ?? null,
  };
  for (const key of [
    "minSegmentShare",
    "minStability",
    "minSilhouette",
    "strongSilhouette",
    "minOutcomeEffect",
  ] as const) {
    const v = params[key];
    if (!(v >= 0 && v <= 1)) throw new RangeError(messages.share(key, v));
  }
  if (!Number.isInteger(params.maxSegments) || params.maxSegments < 2)
    throw new RangeError(messages.maxSegments(params.maxSegments));
  if (params.modes !== null && !(Number.isInteger(params.modes) && params.modes >= 1))
    throw new RangeError(messages.modes(params.modes));
  const outcomeEffects = options.outcomeEffects ?? [];
  outcomeEffects.forEach((o, i) => {
    if (!Number.isFinite(o.effectSize))
      throw new RangeError(messages.badOutcomeEffect(i, o.effectSize));
  });
  const rows = scan.rowsByK;
  if (rows.length === 0) throw new RangeError(messages.emptyScan());

  const gapPick = scan.gap?.firstSEmax ?? null;
  const silPeak = argBest(rows, (r) => r.silhouette, true);
  const chPeak = argBest(rows, (r) => r.calinskiHarabasz, true);
  const dbMin = argBest(rows, (r) => r.daviesBouldin, false);

  const table: RecommendationRow[] = rows.map((r) => {
    const issues: string[] = [];
    if (r.k > params.maxSegments) issues.push(`more than the ${params.maxSegments}-segment limit`);
    if (r.smallestShare < params.minSegmentShare)
      issues.push(
        `a ${pct(r.smallestShare)} segment below the ${pct(params.minSegmentShare).replace(".0 ", " ")} floor`,
      );
    if (r.minStability !== undefined && r.minStability < params.minStability)
      issues.push(
        `a segment with stability ${vs(r.minStability, params.minStability)} (< ${f2(params.minStability)})`,
      );
    if (!Number.isFinite(r.silhouette)) issues.push("empty segments");
    return {
      k: r.k,
      silhouette: r.silhouette,
      calinskiHarabasz: r.calinskiHarabasz,
      daviesBouldin: r.daviesBouldin,
      gap: r.gap ?? null,
      gapSk: r.gapSk ?? null,
      minStability: r.minStability ?? null,
      smallestShare: r.smallestShare,
      knee: r.knee,
      score: 0,
      eligible: issues.length === 0,
      issues,
    };
  });
  const eligible = table.filter((t) => t.eligible);
  const silBestEligible = argBest(
    rows.filter((r) => eligible.some((e) => e.k === r.k)),
    (r) => r.silhouette,
    true,
  );
  for (const t of table) {
    t.score =
      (t.k === silBestEligible ? 2 : 0) +
      (t.k === gapPick ? 2 : 0) +
      (t.k === chPeak ? 1 : 0) +
      (t.k === dbMin ? 1 : 0) +
      (t.knee ? 1 : 0);
  }
  const ranked = [...eligible].sort(
    (a, b) => b.score - a.score || b.silhouette - a.silhouette || a.k - b.k,
  );

  const evidence = (t: RecommendationRow): string[] => {
    const e: string[] = [];
    if (t.k === silPeak) e.push(`silhouette peaks at ${t.k} (${f2(t.silhouette)})`);
    else if (t.k === silBestEligible)
      e.push(`the highest silhouette among eligible k (${f2(t.silhouette)})`);
    else e.push(`silhouette ${f2(t.silhouette)}`);
    if (t.k === gapPick) e.push(`gap's first-SE rule picks ${t.k}`);
    if (t.k === chPeak) e.push(`Calinski–Harabasz peaks at ${t.k}`);
    if (t.k === dbMin) e.push(`Davies–Bouldin is lowest at ${t.k}`);
    if (t.knee) e.push(`the inertia curve bends at ${t.k}`);
    if (t.minStability !== null)
      e.push(`every segment's stability ≥ ${f2(floor2(t.minStability))}`);
    e.push(`smallest segment ${pct(t.smallestShare)}`);
    return e;
  };

  // Runners-up: the next eligible k, then (to name a near miss such as a class count whose
  // weakest segment is just under the stability bar) the best ineligible k within maxSegments.
  const nearMiss = table
    .filter((t) => !t.eligible && t.k <= params.maxSegments && Number.isFinite(t.silhouette))
    .sort((a, b) => b.score - a.score || b.silhouette - a.silhouette || a.k - b.k);
  const runnersUpOf = (exclude: number | null) =>
    [...ranked, ...nearMiss]
      .filter((t) => t.k !== exclude)
      .slice(0, 2)
      .map((t) => ({
        k: t.k,
        why: evidence(t).join(", ") + (t.eligible ? "" : `; but ${t.issues.join(" and ")}`),
      }));
  const base = { kind: "krecommendation" as const, version: 1 as const, table, params };
  const none = (why: string[]): KRecommendation => {
    const stab = table.filter((t) => t.minStability !== null);
    const extra: string[] = [];
    if (stab.length > 0) {
      const best = Math.max(...stab.map((t) => t.minStability!));
      extra.push(`the most stable k has a weakest segment at ${vs(best, params.minStability)}`);
    }
    return {
      ...base,
      k: null,
      structure: "none",
      verdict: NO_STRUCTURE,
      outcome: null,
      reasons: [`${NO_STRUCTURE}: ${[...why, ...extra].join("; ")}`],
      runnersUp: runnersUpOf(null),
    };
  };

  const pick = ranked[0];
  if (pick === undefined)
    return none([
      `no k from ${rows[0]!.k} to ${rows[rows.length - 1]!.k} has at most ${params.maxSegments} segments, all ≥ ${pct(params.minSegmentShare)} of rows and all with stability ≥ ${f2(params.minStability)}`,
    ]);

  // The evidence for natural groups, and against them. Either gap rule picking k = 1 counts:
  // Tibshirani's 2001 rule is the one designed to detect k = 1, while first-SE can be pulled to
  // a later local maximum by noise. Gap alone never vetoes well-separated segments.
  const sil = pick.silhouette;
  const strongSep = sil >= params.strongSilhouette;
  const okSep = sil >= params.minSilhouette;
  const gapOneFirst = scan.gap?.firstSEmax === 1;
  const gapOneTibs = scan.gap?.tibs2001SEmax === 1;
  const gapNoise = gapOneFirst || gapOneTibs;
  const gapStructure = scan.gap !== undefined && !gapNoise;
  const oneHump = scan.cols === 1 && (params.modes ?? 1) < 2;
  const boundary = options.boundaries?.find((b) => b.k === pick.k);
  const noValley = !oneHump && boundary !== undefined && boundary.valleys === 0;
  const outcome =
    outcomeEffects
      .filter((o) => o.k === pick.k && Math.abs(o.effectSize) >= params.minOutcomeEffect)
      .sort((a, b) => Math.abs(b.effectSize) - Math.abs(a.effectSize))[0] ?? null;

  const silText = `the silhouette at k = ${pick.k} is ${vs(sil, params.minSilhouette)}`;
  const gapText = `${gapOneFirst && gapOneTibs ? "both gap rules pick" : gapOneFirst ? "gap's first-SE rule picks" : "gap's Tibshirani 2001 rule picks"} k = 1: the data is no more clustered than uniform reference data`;
  const against: string[] = [];
  if (oneHump)
    against.push(
      `a single feature whose density has ${params.modes === null ? "no mode count (taken as one hump)" : "one mode"}: its segments cut a continuum`,
    );
  if (noValley)
    against.push(
      `no segment has a valley of density towards its nearest segment: the ${pick.k} segments cut one continuous cloud`,
    );
  if (!okSep)
    against.push(`${silText}, below ${f2(params.minSilhouette)}: no substantial structure`);
  else if (!strongSep && gapNoise)
    against.push(
      `${gapText}, and the silhouette at k = ${pick.k} is ${vs(sil, params.strongSilhouette)}, below the ${f2(params.strongSilhouette)} that would outweigh it`,
    );

  const reasonsFor = (t: RecommendationRow): string[] => {
    const reasons = [`k = ${t.k}: ${evidence(t).join(", ")}`];
    const next = table.find((r) => r.k === t.k + 1);
    if (next !== undefined && !next.eligible)
      reasons.push(`k = ${next.k} adds ${next.issues.join(" and ")}`);
    if (silPeak !== null && silPeak !== t.k) {
      const r = table.find((x) => x.k === silPeak)!;
      reasons.push(
        r.eligible
          ? `k = ${silPeak} has the highest silhouette but less support from the other criteria`
          : `k = ${silPeak} has the highest silhouette but ${r.issues.join(" and ")}`,
      );
    }
    if (gapPick !== null && gapPick !== t.k && gapPick !== silPeak && gapPick !== 1) {
      const r = table.find((x) => x.k === gapPick);
      reasons.push(
        r === undefined || r.eligible
          ? `gap's first-SE rule prefers k = ${gapPick}`
          : `gap's first-SE rule prefers k = ${gapPick}, which has ${r.issues.join(" and ")}`,
      );
    }
    return reasons;
  };

  if (against.length === 0)
    return {
      ...base,
      k: pick.k,
      structure: "clear",
      verdict: STRUCTURE,
      outcome: null,
      reasons: reasonsFor(pick),
      runnersUp: runnersUpOf(pick.k),
    };

  // Not natural groups. The stable partition is still worth delivering when some index sees
  // more than noise, or when an outcome differs strongly between its segments.
  const noiseLike = (gapNoise && !strongSep) || (!okSep && !gapStructure);
  if (noiseLike && outcome === null) return none(against);
  const forIt: string[] = [];
  if (outcome !== null)
    forIt.push(
      `outcome ${outcome.outcome} differs strongly between the segments (segment ${outcome.segment}: ${outcome.value} vs ${outcome.populationValue} overall, effect size ${vs(Math.abs(outcome.effectSize), params.minOutcomeEffect)} ≥ ${f2(params.minOutcomeEffect)})`,
    );
  if (gapStructure)
    forIt.push(`gap's first-SE rule picks k = ${gapPick}: more clustered than uniform data`);
  if (okSep) forIt.push(`${silText} (≥ ${f2(params.minSilhouette)})`);
  forIt.push(`every segment is stable (≥ ${f2(params.minStability)})`);
  return {
    ...base,
    k: pick.k,
    structure: "weak",
    verdict: WEAK_STRUCTURE,
    outcome,
    reasons: [
      `${WEAK_STRUCTURE}: ${against.join("; ")}; but ${forIt.join(", ")}`,
      ...reasonsFor(pick),
    ],
    runnersUp: runnersUpOf(pick.k),
  };
}

function floor2(x: number): number {
  return Math.floor(x * 100) / 100;
}

/**
 * Formats a recommendation for the terminal: the verdict, the reasons, the runners-up and the
 * evidence table.
 *
 * @param rec - a recommendation from {@link recommendK}.
 * @returns multi-line text (no trailing newline).
 * @example
 * formatRecommendation(recommendK(scan)).split("\n")[0]; // => "Recommended k = 3"
 */
export function formatRecommendation(rec: KRecommendation): string {
  const lines: string[] = [];
  lines.push(
    rec.k === null
      ? `Verdict: ${NO_STRUCTURE}`
      : rec.structure === "weak"
        ? `Recommended k = ${rec.k} (${WEAK_STRUCTURE})`
        : `Recommended k = ${rec.k}`,
  );
  for (const r of rec.reasons) lines.push(`  - ${r}`);
  if (rec.runnersUp.length > 0) {
    lines.push(rec.k === null ? "Best candidates (not recommended):" : "Runners-up:");
    for (const r of rec.runnersUp) lines.push(`  - k = ${r.k}: ${r.why}`);
  }
  const fmt = (v: number | null, d: number) =>
    v === null || !Number.isFinite(v) ? "-" : v.toFixed(d);
  const header = ["k", "silhouette", "CH", "DB", "gap ± s", "min stab.", "smallest", "knee", ""];
  const body = rec.table.map((t) => [
    String(t.k),
    fmt(t.silhouette, 3),
    fmt(t.calinskiHarabasz, 1),
    fmt(t.daviesBouldin, 3),
    t.gap === null ? "-" : `${t.gap.toFixed(3)} ± ${fmt(t.gapSk, 3)}`,
    fmt(t.minStability, 2),
    `${(100 * t.smallestShare).toFixed(1)} %`,
    t.knee ? "knee" : "",
    t.k === rec.k ? "<- recommended" : t.eligible ? "" : t.issues.join("; "),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)));
  const row = (cells: string[]) =>
    cells
      .map((s, c) => (c === cells.length - 1 ? s : s.padStart(widths[c]!)))
      .join("  ")
      .trimEnd();
  lines.push(row(header));
  for (const b of body) lines.push(row(b));
  return lines.join("\n");
}
