import { SegmentLabError } from "../errors.js";
import type { FeatureTable } from "../features/types.js";
import type { Database } from "../io/database.js";
import type { FeatureMatrix, Matrix } from "../matrix/matrix.js";
import { computeModelFeatures } from "./compute-model-features.js";
import { transformPreprocessor } from "../prep/transform-preprocessor.js";
import type { PreprocessModel } from "../prep/types.js";
import * as msg from "./messages.js";
import type { SegmentModel } from "./schema.js";

/** Per-user result of {@link assignTable}, as columns (row i = user `userId[i]`). */
export interface Assignments {
  /** User ids, in the order of the input table (ascending for computed feature tables). */
  userId: string[];
  /** Segment id = index of the nearest centroid (ties → the lowest id, as in k-means). */
  segmentId: Int32Array;
  /** The segment's persona name, or `Segment <id>` when the model has no persona for it. */
  persona: string[];
  /** Euclidean distance to the assigned centroid, in model space (after preprocessing/PCA). */
  distance: Float64Array;
  /** Distance to the second-nearest centroid minus `distance` (≥ 0; 0 = a tie; Infinity when k = 1). */
  margin: Float64Array;
  /** 1 when `distance` exceeds the model's atypical threshold for the segment, else 0. */
  atypical: Uint8Array;
  /** What differs between the data and the training data (unseen levels, window …). */
  warnings: string[];
}

/** One user's assignment as a plain object (see {@link assignmentRows}). */
export interface AssignmentRow {
  userId: string;
  segmentId: number;
  persona: string;
  distance: number;
  margin: number;
  atypical: boolean;
}

/**
 * The persona name of every segment (index = segment id): the model's persona, or
 * `Segment <id>` when there is none.
 *
 * @example
 * segmentNames(model); // => ["Power Users", "Dormant", "Segment 2"]
 */
export function segmentNames(model: SegmentModel): string[] {
  const names = model.kmeans.centroids.map((_, i) => `Segment ${i}`);
  for (const p of model.personas) names[p.segmentId] = p.name;
  return names;
}

/**
 * Assigns every user of a feature table to a segment of a model: preprocessing with the stored
 * model, the PCA projection if any, then the nearest centroid by squared Euclidean distance,
 * summed feature by feature in column order (the same arithmetic as `predictKMeans` and as the
 * exported SQL), ties going to the lowest segment id. On the training table it reproduces the
 * training labels exactly.
 *
 * @param model - a validated segment model.
 * @param table - per-user features with every feature and attribute the model needs (by name;
 *   extra columns are ignored).
 * @returns the per-user {@link Assignments}, with warnings for attribute values never seen in training.
 * @throws {SegmentLabError} when the table lacks features or attributes the model needs (all are named).
 * @example
 * const a = assignTable(model, table);
 * a.segmentId; // => Int32Array [0, 2, 1, …] (= the training labels on the training table)
 */
export function assignTable(model: SegmentModel, table: FeatureTable): Assignments {
  const warnings = checkColumns(model, table);
  const X = transformPreprocessor(model.preprocess as unknown as PreprocessModel, table);
  const Z = model.pca === null ? X : projectPCA(model.pca, X);
  return nearestCentroids(model, Z, X.ids, warnings);
}

/**
 * Assigns users to the segments of a model: from a feature table directly, or from a database
 * of usage data, whose features are first computed with the model's frozen spec and context
 * (the same SQL the export writes). Warns when the data's observation window differs from the
 * training window, when counted events are absent, or when attribute values are new.
 *
 * @param model - a validated segment model.
 * @param data - a {@link FeatureTable}, or a {@link Database} holding `events` (and `users`).
 * @returns the per-user {@link Assignments} (ids ascending for a database).
 * @throws {SegmentLabError} when features, attributes, tables or columns the model needs are missing (named).
 * @example
 * const a = await assign(model, db);
 * a.segmentId; // => Int32Array [0, 2, 1, …]
 */
export async function assign(
  model: SegmentModel,
  data: Database | FeatureTable,
): Promise<Assignments> {
  if ("columns" in data && "ids" in data) return assignTable(model, data);
  const f = await computeModelFeatures(data, model);
  const a = assignTable(model, f.table);
  return { ...a, warnings: [...f.warnings, ...a.warnings] };
}

/**
 * Checks that a table has what the model needs: throws for missing features/attributes,
 * returns warnings for attribute levels never seen in training.
 */
function checkColumns(model: SegmentModel, table: FeatureTable): string[] {
  const have = new Set(table.featureNames);
  const missing = model.preprocess.inputFeatures.filter((f) => !have.has(f));
  if (missing.length > 0)
    throw new SegmentLabError(msg.missingFeatures(missing, table.featureNames));
  const attrs = new Map(table.attributes.map((a) => [a.name, a]));
  const missingAttrs = model.preprocess.encodings
    .map((e) => e.attribute)
    .filter((a) => !attrs.has(a));
  if (missingAttrs.length > 0)
    throw new SegmentLabError(
      msg.missingAttributes(
        missingAttrs,
        table.attributes.map((a) => a.name),
      ),
    );
  const warnings: string[] = [];
  for (const e of model.preprocess.encodings) {
    const col = attrs.get(e.attribute)!;
    const known = new Set(e.levels);
    const unseen = new Set<string>();
    let users = 0;
    let nulls = 0;
    for (const v of col.values) {
      if (v === null || v === undefined) {
        nulls++;
      } else if (!known.has(v)) {
        users++;
        unseen.add(v);
      }
    }
    // Levels folded into "(other)" in training are expected; warn only when there is no "(other)".
    if (users > 0 && !e.other)
      warnings.push(msg.unseenLevels(e.attribute, [...unseen].sort(), users, "all-zero columns"));
    if (nulls > 0 && !e.missing)
      warnings.push(
        msg.unseenLevels(
          e.attribute,
          ["(missing)"],
          nulls,
          e.other ? `"${e.attribute}=(other)"` : "all-zero columns",
        ),
      );
  }
  return warnings;
}

/** The fields of a PCA model the projection reads (a `PCAModel` or the model's `pca`). */
export interface PCALike {
  mean: readonly number[];
  components: readonly (readonly number[])[];
  params?: { whiten?: boolean };
  explainedVariance?: readonly number[];
}

/**
 * The projection weights of a PCA model, row c = component c, already divided by
 * √explainedVariance_c when whitening (a zero-variance component is not whitened) — computed
 * exactly as `transformPCA` does, so that the in-process scores, `transformPCA` and the
 * exported SQL (which embeds these numbers as literals) agree to the last bit.
 *
 * @example
 * pcaWeights({ kind: "pca", mean: [0], components: [[2]], params: { whiten: true }, explainedVariance: [4] }); // => [[1]]
 */
export function pcaWeights(pca: PCALike): number[][] {
  const whiten = pca.params?.whiten === true;
  return pca.components.map((comp, c) => {
    const ev = pca.explainedVariance?.[c] ?? 0;
    const s = whiten && ev > 0 ? 1 / Math.sqrt(ev) : 1;
    return comp.map((v) => v * s);
  });
}

/**
 * Projects preprocessed rows onto the PCA components: score_c = Σ_j (x_j − mean_j) · W_cj,
 * summed in column order with W from {@link pcaWeights} — the arithmetic of `transformPCA`
 * and of the exported SQL.
 *
 * @example
 * projectPCA({ kind: "pca", mean: [1, 1], components: [[1, 0]] }, fromRows([[3, 5]])).data; // => Float64Array [2]
 */
export function projectPCA(pca: PCALike, X: Matrix): Matrix {
  const d = X.cols;
  const W = pcaWeights(pca);
  const m = W.length;
  const out = new Float64Array(X.rows * m);
  const x = new Float64Array(d);
  for (let i = 0; i < X.rows; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) x[j] = X.data[o + j]! - pca.mean[j]!;
    for (let c = 0; c < m; c++) {
      const w = W[c]!;
      let s = 0;
      for (let j = 0; j < d; j++) s += x[j]! * w[j]!;
      out[i * m + c] = s;
    }
  }
  return { data: out, rows: X.rows, cols: m };
}

function nearestCentroids(
  model: SegmentModel,
  Z: Matrix,
  ids: string[],
  warnings: string[],
): Assignments {
  const n = Z.rows;
  const d = Z.cols;
  const cen = model.kmeans.centroids;
  const k = cen.length;
  const names = segmentNames(model);
  const segmentId = new Int32Array(n);
  const distance = new Float64Array(n);
  const margin = new Float64Array(n);
  const atypical = new Uint8Array(n);
  const persona: string[] = new Array<string>(n);
  const at = model.atypical;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let best = Infinity;
    let second = Infinity;
    let b = 0;
    for (let j = 0; j < k; j++) {
      const c = cen[j]!;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const t = Z.data[o + f]! - c[f]!;
        s += t * t;
      }
      if (s < best) {
        second = best;
        best = s;
        b = j;
      } else if (s < second) {
        second = s;
      }
    }
    segmentId[i] = b;
    persona[i] = names[b]!;
    distance[i] = Math.sqrt(best);
    margin[i] = Math.sqrt(second) - distance[i]!;
    if (at !== null) {
      const thr = at.perSegment !== undefined ? at.perSegment[b]! : at.threshold;
      atypical[i] = thr !== null && distance[i]! > thr ? 1 : 0;
    }
  }
  return { userId: ids.slice(), segmentId, persona, distance, margin, atypical, warnings };
}

/**
 * Turns column-shaped {@link Assignments} into one object per user.
 *
 * @example
 * assignmentRows(a)[0]; // => { userId: "u1", segmentId: 0, persona: "Power Users", distance: 0.8, margin: 1.2, atypical: false }
 */
export function assignmentRows(a: Assignments): AssignmentRow[] {
  return a.userId.map((userId, i) => ({
    userId,
    segmentId: a.segmentId[i]!,
    persona: a.persona[i]!,
    distance: a.distance[i]!,
    margin: a.margin[i]!,
    atypical: a.atypical[i] === 1,
  }));
}

/**
 * The users of a table in model space (the matrix the centroids live in: preprocessed, and
 * PCA-projected when the model has PCA), for callers that need it (charts, diagnostics).
 *
 * @param model - a validated segment model.
 * @param table - per-user features with what the model needs.
 * @returns a matrix with the table's ids; columns are the preprocessing outputs or `PC1…PCm`.
 * @throws {SegmentLabError} when the table lacks features or attributes the model needs.
 * @example
 * modelSpace(model, table).featureNames; // => ["PC1", "PC2", "PC3"]
 */
export function modelSpace(model: SegmentModel, table: FeatureTable): FeatureMatrix {
  checkColumns(model, table);
  const X = transformPreprocessor(model.preprocess as unknown as PreprocessModel, table);
  if (model.pca === null) return X;
  const Z = projectPCA(model.pca, X);
  return { ...Z, ids: X.ids, featureNames: model.pca.components.map((_, c) => `PC${c + 1}`) };
}
