import type { FeatureTable } from "../features/types.js";
import type { FeatureMatrix } from "../matrix/matrix.js";
import * as msg from "./messages.js";
import type { PreprocessTransform } from "./types.js";
import { checkFinite, checkModel, checkTableShape, indexNames } from "./validate.js";

/**
 * Applies a fitted preprocessing to a feature table (the training table or new users), column
 * by column: impute → log1p → clip → scale → weight, then the one-hot columns.
 *
 * @param model - from {@link fitPreprocessor}, or the part a segment model stores ({@link PreprocessTransform}).
 * @param table - must have every feature in `model.inputFeatures` and every attribute the model
 *   encodes (by name; order and extra columns do not matter). NaN is imputed; a negative value of
 *   a `log1p` feature is floored at 0.
 * @returns a row-major matrix with `ids` from the table and `featureNames = model.outputNames`.
 * @throws {SegmentLabError} when the table lacks a feature or attribute the model needs (named).
 * @throws {RangeError} on an infinite value (naming feature, row and id).
 * @throws {TypeError} on a malformed table or a value that is not a preprocessing model.
 * @example
 * const X = transformPreprocessor(model, table);
 * X.featureNames; // => model.outputNames, e.g. ["sessions", "revenue", "plan=pro", "plan=(other)"]
 */
export function transformPreprocessor(
  model: PreprocessTransform,
  table: FeatureTable,
): FeatureMatrix {
  checkModel(model);
  checkTableShape(table);
  const n = table.ids.length;
  const p = model.outputNames.length;
  const cols = indexNames(
    table.featureNames,
    model.steps.map((s) => s.name),
    msg.missingFeature,
  );
  const attrs = table.attributes ?? [];
  const attrAt = indexNames(
    attrs.map((a) => a.name),
    model.encodings.map((e) => e.attribute),
    msg.missingAttribute,
  );
  const data = new Float64Array(n * p);

  model.steps.forEach((_, j) => checkFinite(table, cols[j]!));
  // Blocks of rows keep the strided writes into the row-major output within the cache: a
  // column-at-a-time pass over the whole output would touch a new cache line per value.
  const B = 2048;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    model.steps.forEach((s, j) => {
      const c = table.columns[cols[j]!]!;
      const lo = s.clip === null ? -Infinity : s.clip[0];
      const hi = s.clip === null ? Infinity : s.clip[1];
      for (let i = i0, at = i0 * p + j; i < i1; i++, at += p) {
        let v = c[i]!;
        if (Number.isNaN(v)) v = s.impute;
        if (s.log1p) v = Math.log1p(v > 0 ? v : 0);
        if (v < lo) v = lo;
        else if (v > hi) v = hi;
        data[at] = ((v - s.center) / s.scale) * s.weight;
      }
    });
  }

  let offset = model.steps.length;
  model.encodings.forEach((e, k) => {
    const values = attrs[attrAt[k]!]!.values;
    const level = new Map<string, number>();
    e.levels.forEach((l, i) => level.set(l, i));
    const other = e.other ? e.levels.length : -1;
    const missing = e.missing ? e.levels.length + (e.other ? 1 : 0) : other;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      const col = v === null || v === undefined ? missing : (level.get(v) ?? other);
      if (col >= 0) data[i * p + offset + col] = e.weight;
    }
    offset += e.outputNames.length;
  });

  return {
    data,
    rows: n,
    cols: p,
    ids: table.ids.slice(),
    featureNames: model.outputNames.slice(),
  };
}
