import type { KScanRow, KScanTable } from "./scan-k.js";
import { messages, NO_STRUCTURE, STRUCTURE } from "./messages.js";

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
  /** Recommended k, or null when the verdict is "no clear segment structure". */
  k: number | null;
  verdict: typeof STRUCTURE | typeof NO_STRUCTURE;
  /** The evidence, in plain words. */
  reasons: string[];
  /**
   * Up to two other k, best first, with why they came second: eligible k first, then near misses
   * (k within maxSegments that fail a constraint, which is named).
   */
  runnersUp: { k: number; why: string }[];
  table: RecommendationRow[];
  /** The options as used. */
  params: Required<RecommendOptions>;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const f2 = (x: number) => x.toFixed(2);

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
 * bootstrap stability ≥ minStability); ties go to the higher silhouette. It returns the verdict
 * "no clear segment structure" — and no k — when the best silhouette is below `minSilhouette`,
 * when gap's rule picks k = 1 and the best silhouette is below `strongSilhouette`, or when no k is
 * eligible: personas are never forced onto noise.
 *
 * @param scan - a scan (or its JSON table).
 * @param options - see {@link RecommendOptions}.
 * @returns the recommendation with reasons, runners-up and the evidence table.
 * @throws {RangeError} on a bad option or an empty scan.
 * @example
 * recommendK(scanK(X, { seed: 1 })).k; // => 3 on three well separated blobs
 */
export function recommendK(scan: KScanTable, options: RecommendOptions = {}): KRecommendation {
  const params: Required<RecommendOptions> = {
    minSegmentShare: options.minSegmentShare ?? 0.02,
    maxSegments: options.maxSegments ?? 8,
    minStability: options.minStability ?? 0.75,
    minSilhouette: options.minSilhouette ?? 0.25,
    strongSilhouette: options.strongSilhouette ?? 0.5,
  };
  for (const key of [
    "minSegmentShare",
    "minStability",
    "minSilhouette",
    "strongSilhouette",
  ] as const) {
    const v = params[key];
    if (!(v >= 0 && v <= 1)) throw new RangeError(messages.share(key, v));
  }
  if (!Number.isInteger(params.maxSegments) || params.maxSegments < 2)
    throw new RangeError(messages.maxSegments(params.maxSegments));
  const rows = scan.rowsByK;
  if (rows.length === 0) throw new RangeError(messages.emptyScan());

  const gapPick = scan.gap?.firstSEmax ?? null;
  const silPeak = argBest(rows, (r) => r.silhouette, true);
  const chPeak = argBest(rows, (r) => r.calinskiHarabasz, true);
  const dbMin = argBest(rows, (r) => r.daviesBouldin, false);
  const bestSil = silPeak === null ? NaN : rows.find((r) => r.k === silPeak)!.silhouette;

  const table: RecommendationRow[] = rows.map((r) => {
    const issues: string[] = [];
    if (r.k > params.maxSegments) issues.push(`more than the ${params.maxSegments}-segment limit`);
    if (r.smallestShare < params.minSegmentShare)
      issues.push(
        `a ${pct(r.smallestShare)} segment below the ${pct(params.minSegmentShare).replace(".0 ", " ")} floor`,
      );
    if (r.minStability !== undefined && r.minStability < params.minStability)
      issues.push(`a segment with stability ${f2(r.minStability)} (< ${f2(params.minStability)})`);
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

  const noStructure: string[] = [];
  if (!(bestSil >= params.minSilhouette))
    noStructure.push(
      `the best silhouette is ${f2(bestSil)} (k = ${silPeak}), below ${f2(params.minSilhouette)}: no substantial structure`,
    );
  // Either rule picking k = 1 counts: Tibshirani's 2001 rule is the one designed to detect
  // k = 1, while first-SE can be pulled to a later local maximum by noise.
  const gapOneFirst = scan.gap?.firstSEmax === 1;
  const gapOneTibs = scan.gap?.tibs2001SEmax === 1;
  if ((gapOneFirst || gapOneTibs) && !(bestSil >= params.strongSilhouette))
    noStructure.push(
      `${gapOneFirst && gapOneTibs ? "both gap rules pick" : gapOneFirst ? "gap's first-SE rule picks" : "gap's Tibshirani 2001 rule picks"} k = 1: the data is no more clustered than uniform reference data`,
    );
  if (eligible.length === 0)
    noStructure.push(
      `no k from ${rows[0]!.k} to ${rows[rows.length - 1]!.k} has at most ${params.maxSegments} segments, all ≥ ${pct(params.minSegmentShare)} of rows and all with stability ≥ ${f2(params.minStability)}`,
    );

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

  if (noStructure.length > 0) {
    const stab = table.filter((t) => t.minStability !== null);
    if (stab.length > 0) {
      const best = Math.max(...stab.map((t) => t.minStability!));
      noStructure.push(`the most stable k has a weakest segment at ${f2(best)}`);
    }
    return {
      kind: "krecommendation",
      version: 1,
      k: null,
      verdict: NO_STRUCTURE,
      reasons: [`${NO_STRUCTURE}: ${noStructure.join("; ")}`],
      runnersUp: runnersUpOf(null),
      table,
      params,
    };
  }

  const pick = ranked[0]!;
  const reasons = [`k = ${pick.k}: ${evidence(pick).join(", ")}`];
  const next = table.find((t) => t.k === pick.k + 1);
  if (next !== undefined && !next.eligible)
    reasons.push(`k = ${next.k} adds ${next.issues.join(" and ")}`);
  if (silPeak !== null && silPeak !== pick.k) {
    const t = table.find((r) => r.k === silPeak)!;
    reasons.push(
      t.eligible
        ? `k = ${silPeak} has the highest silhouette but less support from the other criteria`
        : `k = ${silPeak} has the highest silhouette but ${t.issues.join(" and ")}`,
    );
  }
  if (gapPick !== null && gapPick !== pick.k && gapPick !== silPeak) {
    const t = table.find((r) => r.k === gapPick);
    reasons.push(
      t === undefined || t.eligible
        ? `gap's first-SE rule prefers k = ${gapPick}`
        : `gap's first-SE rule prefers k = ${gapPick}, which has ${t.issues.join(" and ")}`,
    );
  }
  return {
    kind: "krecommendation",
    version: 1,
    k: pick.k,
    verdict: STRUCTURE,
    reasons,
    runnersUp: runnersUpOf(pick.k),
    table,
    params,
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
  lines.push(rec.k === null ? `Verdict: ${NO_STRUCTURE}` : `Recommended k = ${rec.k}`);
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
