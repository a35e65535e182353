import { SegmentLabError } from "../errors.js";
import type { FeatureTable } from "../features/types.js";
import type { Database } from "../io/database.js";
import { predictKMeans, transformKMeans } from "../cluster/predict-kmeans.js";
import type { FeatureMatrix, Matrix } from "../matrix/matrix.js";
import { transformPreprocessor } from "../prep/transform-preprocessor.js";
import { transformPCA } from "../reduce/transform-pca.js";
import { computeModelFeatures } from "./compute-model-features.js";
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
 * Assigns every user of a feature table to a segment of a model with the stages' own functions:
 * `transformPreprocessor` with the stored preprocessing, `transformPCA` if the model has PCA,
 * then `predictKMeans` — the nearest centroid by squared Euclidean distance, summed feature by
 * feature in column order (the arithmetic of the exported SQL), ties going to the lowest
 * segment id. On the training table it reproduces the training labels exactly.
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
  const X = transformPreprocessor(model.preprocess, table);
  const Z = model.pca === null ? X : transformPCA(model.pca, X);
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

/** Rows of a nearest-centroid block: bounds the k distances per row held at once. */
const BLOCK_ROWS = 65_536;

/**
 * The nearest centroid of every row (`predictKMeans`: ties to the lowest id), its distance and
 * the margin to the second nearest (from `transformKMeans`'s distances: √ is monotone and
 * correctly rounded, so these are √ of the squared sums the labels were chosen by).
 */
function nearestCentroids(
  model: SegmentModel,
  Z: Matrix,
  ids: string[],
  warnings: string[],
): Assignments {
  const n = Z.rows;
  const d = Z.cols;
  const k = model.kmeans.centroids.length;
  const names = segmentNames(model);
  const segmentId = new Int32Array(n);
  const distance = new Float64Array(n);
  const margin = new Float64Array(n);
  const atypical = new Uint8Array(n);
  const persona: string[] = new Array<string>(n);
  const at = model.atypical;
  for (let i0 = 0; i0 < n; i0 += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, n - i0);
    const block = { data: Z.data.subarray(i0 * d, (i0 + rows) * d), rows, cols: d };
    segmentId.set(predictKMeans(model.kmeans, block), i0);
    const D = transformKMeans(model.kmeans, block).data;
    for (let r = 0; r < rows; r++) {
      const i = i0 + r;
      const b = segmentId[i]!;
      let second = Infinity;
      for (let j = 0; j < k; j++) if (j !== b && D[r * k + j]! < second) second = D[r * k + j]!;
      persona[i] = names[b]!;
      distance[i] = D[r * k + b]!;
      margin[i] = second - distance[i]!;
      if (at !== null) {
        const thr = at.perSegment !== undefined ? at.perSegment[b]! : at.threshold;
        atypical[i] = thr !== null && distance[i]! > thr ? 1 : 0;
      }
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
  const X = transformPreprocessor(model.preprocess, table);
  if (model.pca === null) return X;
  const Z = transformPCA(model.pca, X);
  return { ...Z, ids: X.ids, featureNames: model.pca.components.map((_, c) => `PC${c + 1}`) };
}
