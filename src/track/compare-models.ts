import { adjustedRandIndex } from "../cluster/adjusted-rand-index.js";
import { SegmentLabError } from "../errors.js";
import type { FeatureTable } from "../features/types.js";
import type { Database } from "../io/database.js";
import { fromRows } from "../matrix/matrix.js";
import { assign, segmentNames } from "../model/assign.js";
import type { SegmentModel } from "../model/schema.js";
import { inverseTransform } from "../prep/inverse-transform.js";
import type { PreprocessModel } from "../prep/types.js";
import { inverseTransformPCA } from "../reduce/inverse-transform-pca.js";
import type { PCAModel } from "../reduce/types.js";
import * as msg from "./messages.js";

/** The kinds of external transition (MONIC, Spiliopoulou et al. 2006). */
export type TransitionType = "survived" | "split" | "absorbed" | "disappeared" | "emerged";

/**
 * One external transition. `from` is a segment of the first model (null for `emerged`);
 * `to` a segment of the second (an array for `split`, null for `disappeared`).
 */
export interface Transition {
  from: number | null;
  to: number | number[] | null;
  type: TransitionType;
  fromName: string | null;
  toName: string | string[] | null;
  /** Share of `from`'s users found in `to` (summed over the parts of a split); null without data. */
  overlap: number | null;
}

/** Internal transitions of a survivor (or absorbed segment): how it changed. */
export interface SurvivorChange {
  from: number;
  to: number;
  size: { before: number | null; after: number | null; change: number | null };
  /** Centre of the segment per feature in original units, both models' common numeric features. */
  shift: { feature: string; before: number; after: number; change: number }[];
  /** Mean distance of the segment's users to their centroid, each in its own model's space. */
  compactness: { before: number | null; after: number | null; change: number | null };
}

/** Options of {@link compareModels} and {@link compareAssignments}. */
export interface CompareOptions {
  /** A segment survives into one that holds at least this share of its users (MONIC τ, default 0.7). */
  survivalThreshold?: number;
  /** Parts of a split hold at least this share each (MONIC τ_split, default 0.3). */
  splitThreshold?: number;
}

/** What {@link compareModels} found. */
export interface ModelComparison {
  /** How segments were matched: the same users assigned by both models, or centroids alone. */
  basis: "data" | "centroids";
  /** Adjusted Rand index of the two assignments (null without data). */
  ari: number | null;
  users: number | null;
  /** Users per (first-model segment, second-model segment) (null without data). */
  contingency: number[][] | null;
  transitions: Transition[];
  survivors: SurvivorChange[];
  names: { a: string[]; b: string[] };
  thresholds: { survival: number; split: number };
}

const defaults = { survivalThreshold: 0.7, splitThreshold: 0.3 };

function resolve(options: CompareOptions): { survival: number; split: number } {
  const survival = options.survivalThreshold ?? defaults.survivalThreshold;
  const split = options.splitThreshold ?? defaults.splitThreshold;
  if (!(survival > 0 && survival <= 1))
    throw new SegmentLabError(msg.badThreshold("survivalThreshold", survival));
  if (!(split > 0 && split <= 1))
    throw new SegmentLabError(msg.badThreshold("splitThreshold", split));
  if (split >= survival) throw new SegmentLabError(msg.splitAboveSurvival(split, survival));
  return { survival, split };
}

/**
 * MONIC external transitions from two labelings of the same users. For each segment X of the
 * first labeling, overlap(X, Y) = |X ∩ Y| / |X|:
 * - X **survived** into Y when overlap ≥ τ (0.7) and no other segment of the first labeling
 *   survives into Y; when several do, each is **absorbed** into Y;
 * - X **split** into Y₁…Yₘ (m ≥ 2) when each holds ≥ τ_split (0.3) of X and together ≥ τ;
 * - else X **disappeared**.
 * A segment of the second labeling that no survival, absorption or split reaches **emerged**.
 *
 * @param a - segment of every user under the first model (ids 0…ka−1).
 * @param b - segment of every user under the second model.
 * @param sizes - `{ ka, kb }`, the numbers of segments.
 * @param options - thresholds (see {@link CompareOptions}).
 * @returns the contingency table, the ARI and the transitions (names `Segment i`).
 * @throws {SegmentLabError} for labelings of different lengths or bad thresholds.
 * @example
 * compareAssignments(Int32Array.from([0, 0, 1, 1]), Int32Array.from([1, 1, 0, 0]), { ka: 2, kb: 2 }).transitions.map((t) => t.type);
 * // => ["survived", "survived"]
 */
export function compareAssignments(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  sizes: { ka: number; kb: number },
  options: CompareOptions = {},
): { ari: number; contingency: number[][]; transitions: Transition[] } {
  const th = resolve(options);
  if (a.length !== b.length)
    throw new SegmentLabError(msg.lengthMismatch("the second labeling", b.length, a.length));
  const { ka, kb } = sizes;
  const table = Array.from({ length: ka }, () => new Array<number>(kb).fill(0));
  for (let i = 0; i < a.length; i++) table[a[i]!]![b[i]!]!++;
  const rowSum = table.map((r) => r.reduce((s, x) => s + x, 0));
  const into = new Map<number, number[]>();
  const pending: (
    | { kind: "into"; to: number; overlap: number }
    | { kind: "split"; to: number[]; overlap: number }
    | null
  )[] = [];
  for (let x = 0; x < ka; x++) {
    const n = rowSum[x]!;
    if (n === 0) {
      pending.push(null);
      continue;
    }
    const ov = table[x]!.map((c) => c / n);
    let best = 0;
    for (let y = 1; y < kb; y++) if (ov[y]! > ov[best]!) best = y;
    if (ov[best]! >= th.survival) {
      pending.push({ kind: "into", to: best, overlap: ov[best]! });
      into.set(best, [...(into.get(best) ?? []), x]);
      continue;
    }
    const parts = ov.flatMap((o, y) => (o >= th.split ? [y] : []));
    const total = parts.reduce((s, y) => s + ov[y]!, 0);
    pending.push(
      parts.length >= 2 && total >= th.survival
        ? { kind: "split", to: parts, overlap: total }
        : null,
    );
  }
  const reached = new Set<number>();
  const transitions: Transition[] = pending.map((p, x) => {
    const base = { from: x, fromName: `Segment ${x}` };
    if (p === null) return { ...base, to: null, toName: null, type: "disappeared", overlap: null };
    if (p.kind === "split") {
      p.to.forEach((y) => reached.add(y));
      return {
        ...base,
        to: p.to,
        toName: p.to.map((y) => `Segment ${y}`),
        type: "split",
        overlap: p.overlap,
      };
    }
    reached.add(p.to);
    return {
      ...base,
      to: p.to,
      toName: `Segment ${p.to}`,
      type: into.get(p.to)!.length > 1 ? "absorbed" : "survived",
      overlap: p.overlap,
    };
  });
  for (let y = 0; y < kb; y++)
    if (!reached.has(y))
      transitions.push({
        from: null,
        fromName: null,
        to: y,
        toName: `Segment ${y}`,
        type: "emerged",
        overlap: null,
      });
  // Overlap of a disappeared segment: its largest share anywhere, for the reader.
  for (const t of transitions)
    if (t.type === "disappeared" && t.from !== null && rowSum[t.from]! > 0)
      t.overlap = Math.max(...table[t.from]!) / rowSum[t.from]!;
  return { ari: adjustedRandIndex(a, b), contingency: table, transitions };
}

/**
 * Compares two segment models. With data, both models assign the same users: the contingency
 * table, the ARI and the MONIC transitions ({@link compareAssignments}). Without data, the
 * segments are matched on their centroids in a common space — both models' centres in
 * original units, scaled by the first model's preprocessing, over the numeric features both
 * share — by a minimum-cost (Hungarian) assignment: matched pairs survive, the first model's
 * unmatched segments disappear, the second's emerge. Either way every survivor (and absorbed
 * segment) gets its internal transitions: size change, centre shift per feature in original
 * units, compactness change.
 *
 * @param a - the earlier model.
 * @param b - the later model.
 * @param data - optional: a database with usage data (`loadUsageData`) or a feature table.
 * @param options - thresholds (see {@link CompareOptions}).
 * @returns the {@link ModelComparison}.
 * @throws {SegmentLabError} when the data lack what a model needs, or thresholds are bad.
 * @example
 * const c = await compareModels(model, model, db);
 * c.ari; // => 1
 * c.transitions.every((t) => t.type === "survived"); // => true
 */
export async function compareModels(
  a: SegmentModel,
  b: SegmentModel,
  data?: Database | FeatureTable,
  options: CompareOptions = {},
): Promise<ModelComparison> {
  const th = resolve(options);
  const names = { a: segmentNames(a), b: segmentNames(b) };
  const ka = a.kmeans.centroids.length;
  const kb = b.kmeans.centroids.length;
  const centresA = originalCentres(a);
  const centresB = originalCentres(b);
  if (data !== undefined) {
    const sa = await assign(a, data);
    const sb = await assign(b, data);
    const r = compareAssignments(sa.segmentId, sb.segmentId, { ka, kb }, options);
    const named = r.transitions.map((t) => nameTransition(t, names));
    const meanDist = (seg: Int32Array, dist: Float64Array, k: number) => {
      const s = new Array<number>(k).fill(0);
      const c = new Array<number>(k).fill(0);
      for (let i = 0; i < seg.length; i++) {
        s[seg[i]!]! += dist[i]!;
        c[seg[i]!]!++;
      }
      return s.map((x, j) => (c[j]! > 0 ? x / c[j]! : null));
    };
    const compA = meanDist(sa.segmentId, sa.distance, ka);
    const compB = meanDist(sb.segmentId, sb.distance, kb);
    const rowSum = r.contingency.map((row) => row.reduce((s, x) => s + x, 0));
    const colSum = Array.from({ length: kb }, (_, y) =>
      r.contingency.reduce((s, row) => s + row[y]!, 0),
    );
    const survivors = named
      .filter((t) => (t.type === "survived" || t.type === "absorbed") && typeof t.to === "number")
      .map((t) =>
        survivorChange({
          from: t.from!,
          to: t.to as number,
          sizes: [rowSum[t.from!]!, colSum[t.to as number]!],
          compactness: [compA[t.from!] ?? null, compB[t.to as number] ?? null],
          centres: [centresA, centresB],
        }),
      );
    return {
      basis: "data",
      ari: r.ari,
      users: sa.segmentId.length,
      contingency: r.contingency,
      transitions: named,
      survivors,
      names,
      thresholds: th,
    };
  }
  // Without data: Hungarian matching of the centres in the first model's scaled units.
  const common = centresA.features.filter((f) => centresB.features.includes(f));
  const scaleA = a.preprocess.steps;
  const scaled = (c: { features: string[]; rows: number[][] }) =>
    c.rows.map((row) =>
      common.map((f) => {
        const step = scaleA.find((s) => s.name === f)!;
        const v0 = row[c.features.indexOf(f)]!;
        const v = step.log1p ? Math.log1p(Math.max(v0, -0.999999)) : v0;
        return ((v - step.center) / step.scale) * (step.weight === 0 ? 1 : step.weight);
      }),
    );
  const za = scaled(centresA);
  const zb = scaled(centresB);
  const cost = za.map((x) =>
    zb.map((y) => Math.sqrt(x.reduce((s, v, j) => s + (v - y[j]!) ** 2, 0))),
  );
  const match = hungarian(cost);
  const transitions: Transition[] = [];
  const matchedB = new Set<number>();
  match.forEach((y, x) => {
    if (y >= 0) {
      matchedB.add(y);
      transitions.push({
        from: x,
        fromName: names.a[x]!,
        to: y,
        toName: names.b[y]!,
        type: "survived",
        overlap: null,
      });
    } else
      transitions.push({
        from: x,
        fromName: names.a[x]!,
        to: null,
        toName: null,
        type: "disappeared",
        overlap: null,
      });
  });
  for (let y = 0; y < kb; y++)
    if (!matchedB.has(y))
      transitions.push({
        from: null,
        fromName: null,
        to: y,
        toName: names.b[y]!,
        type: "emerged",
        overlap: null,
      });
  const size = (m: SegmentModel, s: number) =>
    m.kmeans.sizes?.[s] ?? (m.drift ? Math.round(m.drift.segmentShares[s]! * m.drift.users) : null);
  const survivors = transitions
    .filter((t) => t.type === "survived")
    .map((t) =>
      survivorChange({
        from: t.from!,
        to: t.to as number,
        sizes: [size(a, t.from!), size(b, t.to as number)],
        compactness: [
          a.drift?.segmentMeanDistance[t.from!] ?? null,
          b.drift?.segmentMeanDistance[t.to as number] ?? null,
        ],
        centres: [centresA, centresB],
      }),
    );
  return {
    basis: "centroids",
    ari: null,
    users: null,
    contingency: null,
    transitions,
    survivors,
    names,
    thresholds: th,
  };
}

function nameTransition(t: Transition, names: { a: string[]; b: string[] }): Transition {
  return {
    ...t,
    fromName: t.from === null ? null : names.a[t.from]!,
    toName:
      t.to === null ? null : Array.isArray(t.to) ? t.to.map((y) => names.b[y]!) : names.b[t.to]!,
  };
}

function survivorChange(p: {
  from: number;
  to: number;
  sizes: [number | null, number | null];
  compactness: [number | null, number | null];
  centres: [{ features: string[]; rows: number[][] }, { features: string[]; rows: number[][] }];
}): SurvivorChange {
  const [ca, cb] = p.centres;
  const shift = ca.features
    .filter((f) => cb.features.includes(f))
    .map((feature) => {
      const before = ca.rows[p.from]![ca.features.indexOf(feature)]!;
      const after = cb.rows[p.to]![cb.features.indexOf(feature)]!;
      return { feature, before, after, change: after - before };
    });
  const diff = (x: number | null, y: number | null) => (x === null || y === null ? null : y - x);
  return {
    from: p.from,
    to: p.to,
    size: { before: p.sizes[0], after: p.sizes[1], change: diff(p.sizes[0], p.sizes[1]) },
    shift,
    compactness: {
      before: p.compactness[0],
      after: p.compactness[1],
      change: diff(p.compactness[0], p.compactness[1]),
    },
  };
}

/**
 * The centroids of a model in original units (numeric features): back through PCA (if any)
 * and the preprocessing.
 *
 * @example
 * originalCentres(model).features; // => model.preprocess.inputFeatures
 */
export function originalCentres(model: SegmentModel): { features: string[]; rows: number[][] } {
  let rows = model.kmeans.centroids;
  if (model.pca !== null) {
    const m = inverseTransformPCA(model.pca as unknown as PCAModel, fromRows(rows));
    rows = Array.from({ length: m.rows }, (_, i) =>
      Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)),
    );
  }
  const prep = model.preprocess as unknown as PreprocessModel;
  return { features: prep.steps.map((s) => s.name), rows: inverseTransform(prep, rows) };
}

/**
 * Minimum-cost assignment of rows to columns (Hungarian method with potentials, O(n²m)); a
 * rectangular matrix leaves the surplus rows (or columns) unmatched.
 *
 * @param cost - n × m costs.
 * @returns for each row its column, or −1 when unmatched.
 * @example
 * hungarian([[4, 1], [2, 3]]); // => [1, 0]
 */
export function hungarian(cost: readonly (readonly number[])[]): number[] {
  const n0 = cost.length;
  const m0 = n0 === 0 ? 0 : cost[0]!.length;
  if (n0 === 0 || m0 === 0) return new Array<number>(n0).fill(-1);
  // Transpose when there are more rows than columns: the method needs n ≤ m.
  const flip = n0 > m0;
  const n = flip ? m0 : n0;
  const m = flip ? n0 : m0;
  const c = (i: number, j: number) => (flip ? cost[j]![i]! : cost[i]![j]!);
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(Infinity);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = c(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!]! += delta;
          v[j]! -= delta;
        } else minv[j]! -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowOf = new Array<number>(n0).fill(-1);
  for (let j = 1; j <= m; j++) {
    if (p[j] === 0) continue;
    if (flip) rowOf[j - 1] = p[j]! - 1;
    else rowOf[p[j]! - 1] = j - 1;
  }
  return rowOf;
}
