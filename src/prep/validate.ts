import type { FeatureTable } from "../features/types.js";
import { SegmentLabError } from "../errors.js";
import * as msg from "./messages.js";
import type { PreprocessTransform } from "./types.js";

/** Checks that ids, names, columns and attributes of a table agree in length (TypeError otherwise). */
export function checkTableShape(table: FeatureTable): void {
  if (
    table === null ||
    typeof table !== "object" ||
    !Array.isArray(table.ids) ||
    !Array.isArray(table.featureNames) ||
    !Array.isArray(table.columns)
  )
    throw new TypeError("expected a FeatureTable with ids, featureNames and columns");
  const n = table.ids.length;
  if (table.columns.length !== table.featureNames.length)
    throw new TypeError(
      msg.badTableShape("columns", table.columns.length, table.featureNames.length),
    );
  for (let j = 0; j < table.columns.length; j++) {
    const c = table.columns[j]!;
    if (c.length !== n)
      throw new TypeError(msg.badTableShape(`column "${table.featureNames[j]}"`, c.length, n));
  }
  for (const a of table.attributes ?? []) {
    if (a.values.length !== n)
      throw new TypeError(msg.badTableShape(`attribute "${a.name}"`, a.values.length, n));
  }
}

/** Throws a RangeError naming feature, row and id at the first infinite value of a column. */
export function checkFinite(table: FeatureTable, j: number): void {
  const c = table.columns[j]!;
  for (let i = 0; i < c.length; i++) {
    const v = c[i]!;
    if (v === Infinity || v === -Infinity)
      throw new RangeError(msg.infiniteValue(table.featureNames[j]!, i, table.ids[i]!, v));
  }
}

/** Throws a TypeError unless `model` is a version-1 preprocessing model. */
export function checkModel(model: PreprocessTransform): void {
  if (
    model === null ||
    typeof model !== "object" ||
    model.kind !== "preprocess" ||
    model.version !== 1
  )
    throw new TypeError(
      msg.badModel(
        (model as { kind?: unknown } | null)?.kind,
        (model as { version?: unknown } | null)?.version,
      ),
    );
}

/** Index of each name in a list, throwing a SegmentLabError built by `err` for a missing one. */
export function indexNames(
  names: readonly string[],
  wanted: readonly string[],
  err: (name: string, available: readonly string[]) => string,
): number[] {
  const at = new Map<string, number>();
  names.forEach((n, i) => {
    if (!at.has(n)) at.set(n, i);
  });
  return wanted.map((w) => {
    const i = at.get(w);
    if (i === undefined) throw new SegmentLabError(err(w, names));
    return i;
  });
}
