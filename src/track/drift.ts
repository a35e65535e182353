import { SegmentLabError } from "../errors.js";
import type { FeatureTable } from "../features/types.js";
import type { ModelDriftReference, SegmentModel } from "../model/schema.js";
import * as msg from "./messages.js";

/** Inputs of {@link fitDriftReference}: the training table and what the model made of it. */
export interface DriftReferenceInput {
  /** The training feature table (original units). */
  table: FeatureTable;
  /** The features to keep distributions of (the ones clustered on). */
  features: readonly string[];
  labels: Int32Array;
  /** Distance of each user to its own centroid (model space). */
  distances: Float64Array;
  /** 1 = atypical user. */
  atypical: Uint8Array;
  k: number;
  /** Quantile bins per feature (default 10: deciles). */
  bins?: number;
}

/**
 * The training distributions drift is measured against, kept in `model.json` as aggregates
 * only (no user ids): per clustered feature the decile edges and the share of users in each
 * bin (plus missing), the segment shares, the mean distance to the own centroid and the share
 * of atypical users.
 *
 * @param input - see {@link DriftReferenceInput}.
 * @returns the drift reference (`model.drift`).
 * @example
 * const ref = fitDriftReference({ table, features: ["events"], labels, distances, atypical, k: 3 });
 * ref.features[0].edges.length; // => up to 9 (deciles, ties merged)
 */
export function fitDriftReference(input: DriftReferenceInput): ModelDriftReference {
  const bins = input.bins ?? 10;
  const n = input.labels.length;
  const features = input.features.map((name) => {
    const j = input.table.featureNames.indexOf(name);
    const col = input.table.columns[j]!;
    const edges = quantileEdges(col, bins);
    const counts = binCounts(col, edges);
    return {
      name,
      edges,
      shares: counts.bins.map((c) => (n === 0 ? 0 : c / n)),
      missing: n === 0 ? 0 : counts.missing / n,
    };
  });
  const sizes = new Array<number>(input.k).fill(0);
  const dist = new Array<number>(input.k).fill(0);
  let total = 0;
  let atypical = 0;
  for (let i = 0; i < n; i++) {
    sizes[input.labels[i]!]!++;
    dist[input.labels[i]!]! += input.distances[i]!;
    total += input.distances[i]!;
    atypical += input.atypical[i]!;
  }
  return {
    kind: "drift-reference",
    version: 1,
    bins,
    features,
    segmentShares: sizes.map((s) => (n === 0 ? 0 : s / n)),
    meanDistance: n === 0 ? 0 : total / n,
    segmentMeanDistance: sizes.map((s, c) => (s === 0 ? null : dist[c]! / s)),
    atypicalShare: n === 0 ? 0 : atypical / n,
    users: n,
  };
}

/** Distinct upper edges at the 1/bins … (bins−1)/bins quantiles of the finite values. */
function quantileEdges(col: Float64Array, bins: number): number[] {
  const xs = Array.from(col).filter((x) => !Number.isNaN(x));
  xs.sort((a, b) => a - b);
  const edges: number[] = [];
  if (xs.length === 0) return edges;
  for (let q = 1; q < bins; q++) {
    const e = xs[Math.min(xs.length - 1, Math.floor((q * xs.length) / bins))]!;
    // The edge is an upper bound (≤): the value at the quantile position closes its bin.
    if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
  }
  // A top edge equal to the maximum leaves the last bin empty in training: drop it.
  if (edges.length > 0 && edges[edges.length - 1]! >= xs[xs.length - 1]!) edges.pop();
  return edges;
}

/** Users per bin (value ≤ edges[j], the first such j; above all edges = the last bin). */
function binCounts(
  col: ArrayLike<number>,
  edges: readonly number[],
): { bins: number[]; missing: number } {
  const bins = new Array<number>(edges.length + 1).fill(0);
  let missing = 0;
  for (let i = 0; i < col.length; i++) {
    const x = col[i]!;
    if (Number.isNaN(x)) {
      missing++;
      continue;
    }
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x <= edges[mid]!) hi = mid;
      else lo = mid + 1;
    }
    bins[lo]!++;
  }
  return { bins, missing };
}

/** Shares below this count as this (PSI's logarithm needs no zero; Evidently's choice). */
const PSI_FLOOR = 1e-4;

/**
 * The population stability index Σ (a − e) ln(a / e) between expected shares `e` (training)
 * and actual shares `a` (new data), with empty bins floored at 0.0001. Bands: below 0.1 no
 * material change, 0.1–0.25 a moderate shift, 0.25 and above a major shift (credit-risk
 * practice; Evidently's defaults).
 *
 * @example
 * populationStabilityIndex([0.5, 0.5], [0.5, 0.5]); // => 0
 * populationStabilityIndex([0.5, 0.5], [0.8, 0.2]); // => 0.4159 (to 4 digits)
 */
export function populationStabilityIndex(
  expected: readonly number[],
  actual: readonly number[],
): number {
  let psi = 0;
  for (let j = 0; j < expected.length; j++) {
    const e = Math.max(PSI_FLOOR, expected[j]!);
    const a = Math.max(PSI_FLOOR, actual[j]!);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

/** The thresholds of the drift verdict (documented in the README; see {@link measureDrift}). */
export const DRIFT_THRESHOLDS = {
  /** A feature whose PSI reaches this has shifted moderately. */
  psiDrifting: 0.1,
  /** A feature whose PSI reaches this has shifted a lot. */
  psiStale: 0.25,
  /** Relative rise of the mean distance to the nearest centroid: drifting from here … */
  distanceDrifting: 0.1,
  /** … and stale from here (the centroids no longer describe the users). */
  distanceStale: 0.25,
  /** Rise of the atypical share (absolute, e.g. 1 % → 6 %) that counts as drifting. */
  atypicalDrifting: 0.05,
} as const;

/** The staleness verdict. */
export type DriftVerdict = "fresh" | "drifting" | "stale";

/** What {@link measureDrift} found. */
export interface DriftReport {
  verdict: DriftVerdict;
  /** PSI per clustered feature, training → new data, with its band. */
  features: { name: string; psi: number; band: "stable" | "moderate" | "major" }[];
  /** Share of users per segment, training and new data (moves between segments, not drift by themselves). */
  segments: { segment: number; before: number; after: number; change: number }[];
  /** PSI of the segment mix. */
  segmentPsi: number;
  /** Mean distance to the nearest centroid, training and new data, and the relative rise. */
  distance: { before: number; after: number; rise: number };
  /** Share of atypical users, training and new data. */
  atypical: { before: number; after: number; rise: number };
  /** Sentences that justify the verdict, each with its numbers. */
  reasons: string[];
  users: number;
}

/** What the model made of the new data (from `assign`). */
export interface DriftInput {
  table: FeatureTable;
  segmentId: Int32Array;
  distance: Float64Array;
  atypical: Uint8Array;
}

/**
 * Measures how far new data has drifted from a model's training data: PSI of every clustered
 * feature on the training decile bins stored in the model, the change in segment shares, and
 * the rise in the mean distance to the nearest centroid and in the atypical share. The
 * verdict is `stale` when a feature's PSI reaches 0.25 or the mean distance rose by 25 % or
 * more; `drifting` when a PSI reaches 0.1, the distance rose by 10 % or the atypical share by
 * 5 points; else `fresh`. Segment shares alone never make a model stale: users moving between
 * segments is what the segments are for (see `migrationMatrix`).
 *
 * @param model - a model with `model.drift` (SegmentLab 0.1.0 or later).
 * @param data - the new data's feature table and assignments (`assign` on it).
 * @returns the {@link DriftReport}.
 * @throws {SegmentLabError} when the model has no drift reference (rerun discover).
 * @example
 * const a = assignTable(model, table);
 * measureDrift(model, { table, segmentId: a.segmentId, distance: a.distance, atypical: a.atypical }).verdict; // => "fresh"
 */
export function measureDrift(model: SegmentModel, data: DriftInput): DriftReport {
  const ref = model.drift;
  if (ref === undefined) throw new SegmentLabError(msg.noDriftReference(model.library.version));
  const n = data.segmentId.length;
  if (data.table.ids.length !== n)
    throw new SegmentLabError(msg.lengthMismatch("segmentId", n, data.table.ids.length));
  const k = model.kmeans.centroids.length;
  const t = DRIFT_THRESHOLDS;
  const features = ref.features.map((f) => {
    const j = data.table.featureNames.indexOf(f.name);
    const col = j >= 0 ? data.table.columns[j]! : new Float64Array(n).fill(NaN);
    const c = binCounts(col, f.edges);
    const actual = [...c.bins.map((x) => (n === 0 ? 0 : x / n)), n === 0 ? 0 : c.missing / n];
    const expected = [...f.shares, f.missing];
    const psi = populationStabilityIndex(expected, actual);
    const band: "stable" | "moderate" | "major" =
      psi >= t.psiStale ? "major" : psi >= t.psiDrifting ? "moderate" : "stable";
    return { name: f.name, psi, band };
  });
  const sizes = new Array<number>(k).fill(0);
  let dist = 0;
  let atyp = 0;
  for (let i = 0; i < n; i++) {
    sizes[data.segmentId[i]!]!++;
    dist += data.distance[i]!;
    atyp += data.atypical[i]!;
  }
  const after = sizes.map((s) => (n === 0 ? 0 : s / n));
  const segments = after.map((a, s) => ({
    segment: s,
    before: ref.segmentShares[s] ?? 0,
    after: a,
    change: a - (ref.segmentShares[s] ?? 0),
  }));
  const segmentPsi = populationStabilityIndex(
    segments.map((s) => s.before),
    segments.map((s) => s.after),
  );
  const meanDist = n === 0 ? 0 : dist / n;
  const distance = {
    before: ref.meanDistance,
    after: meanDist,
    rise: ref.meanDistance > 0 ? meanDist / ref.meanDistance - 1 : 0,
  };
  const atypShare = n === 0 ? 0 : atyp / n;
  const atypical = {
    before: ref.atypicalShare,
    after: atypShare,
    rise: atypShare - ref.atypicalShare,
  };

  const reasons: string[] = [];
  const major = features.filter((f) => f.band === "major");
  const moderate = features.filter((f) => f.band === "moderate");
  const list = (fs: typeof features) =>
    fs
      .slice()
      .sort((a, b) => b.psi - a.psi)
      .map((f) => `${f.name} (PSI ${f.psi.toFixed(2)})`)
      .join(", ");
  if (major.length > 0)
    reasons.push(
      `${major.length} of ${features.length} features shifted a lot (PSI ≥ ${t.psiStale}): ${list(major)}`,
    );
  if (moderate.length > 0)
    reasons.push(
      `${moderate.length} of ${features.length} features shifted moderately (PSI ${t.psiDrifting}–${t.psiStale}): ${list(moderate)}`,
    );
  if (major.length === 0 && moderate.length === 0)
    reasons.push(
      `every feature's PSI is below ${t.psiDrifting} (largest: ${
        list(
          features
            .slice()
            .sort((a, b) => b.psi - a.psi)
            .slice(0, 1),
        ) || "none"
      })`,
    );
  // Tenure grows with the calendar: a later window shifts it for every user.
  const aging = features.filter(
    (f) =>
      f.band !== "stable" &&
      data.table.features.find((x) => x.name === f.name)?.family === "tenure",
  );
  if (aging.length > 0) reasons.push(msg.tenureAges(aging.map((f) => f.name)));
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  reasons.push(
    `mean distance to the nearest centroid ${distance.before.toFixed(3)} → ${distance.after.toFixed(3)} (${distance.rise >= 0 ? "+" : ""}${pct(distance.rise)})`,
  );
  reasons.push(`atypical users ${pct(atypical.before)} → ${pct(atypical.after)}`);
  reasons.push(
    `segment mix PSI ${segmentPsi.toFixed(2)} (users moving between segments; not drift by itself)`,
  );

  let verdict: DriftVerdict = "fresh";
  if (major.length > 0 || distance.rise >= t.distanceStale) verdict = "stale";
  else if (
    moderate.length > 0 ||
    distance.rise >= t.distanceDrifting ||
    atypical.rise >= t.atypicalDrifting
  )
    verdict = "drifting";
  return { verdict, features, segments, segmentPsi, distance, atypical, reasons, users: n };
}
