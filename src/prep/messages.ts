/**
 * Every error and warning text of the preprocessing stage, as functions, so that tests can
 * assert against the exact wording and the CLI can print them unchanged.
 */

const fmt = (x: number): string => String(Number(x.toPrecision(4)));

// ---------------------------------------------------------------- warnings

/** Warning: a numeric feature was dropped because every value is the same. */
export const droppedConstant = (name: string, value: number): string =>
  `dropped feature "${name}": constant (every value is ${fmt(value)} after imputation and transforms)`;

/** Warning: a numeric feature was dropped because it has no observed value. */
export const droppedAllMissing = (name: string): string =>
  `dropped feature "${name}": every value is missing`;

/** Warning: a numeric feature was dropped as a near-duplicate of an earlier one. */
export const droppedDuplicate = (name: string, of: string, r: number, threshold: number): string =>
  `dropped feature "${name}": near-duplicate of "${of}" (|r| = ${fmt(Math.abs(r))} > ${fmt(threshold)})`;

/** Warning: winsorizing would have made a non-constant feature constant, so it was not clipped. */
export const clipSkipped = (name: string, bound: number): string =>
  `feature "${name}": not winsorized, because clipping at the quantiles would make every value ${fmt(bound)}`;

/** Warning: robust scaling found an interquartile range of 0 and used the standard deviation. */
export const robustScaleFallback = (name: string): string =>
  `feature "${name}": interquartile range is 0, scaled by the standard deviation instead`;

/** Warning: more than half of a feature's values were imputed. */
export const mostlyImputed = (name: string, count: number, rows: number): string =>
  `feature "${name}": ${count} of ${rows} values missing (${fmt((100 * count) / rows)}%), imputed with the median`;

// ---------------------------------------------------------------- errors

/** Error: a table given to transform lacks a column the model needs. */
export const missingFeature = (name: string, available: readonly string[]): string =>
  `the table has no numeric feature "${name}", which the preprocessing model needs (table features: ${listNames(available)})`;

/** Error: a table given to transform lacks an attribute the model encodes. */
export const missingAttribute = (name: string, available: readonly string[]): string =>
  `the table has no attribute "${name}", which the preprocessing model one-hot encodes (table attributes: ${listNames(available)})`;

/** Error: an option names a feature the table does not have. */
export const unknownFeatureOption = (
  option: string,
  name: string,
  available: readonly string[],
): string =>
  `${option} names feature "${name}", which is not in the table (features: ${listNames(available)})`;

/** Error: `encodeAttributes` names an attribute the table does not have. */
export const unknownAttributeOption = (name: string, available: readonly string[]): string =>
  `encodeAttributes names attribute "${name}", which is not in the table (attributes: ${listNames(available)})`;

/** Error: a numeric value is infinite (NaN is missing, Infinity is an error). */
export const infiniteValue = (name: string, row: number, id: string, value: number): string =>
  `feature "${name}" row ${row} (id ${JSON.stringify(id)}): value ${value} is not finite (use NaN for a missing value)`;

/** Error: log1p asked for a feature with negative values. */
export const log1pNegative = (name: string, value: number): string =>
  `transforms["${name}"] = "log1p" needs values >= 0, but the feature has ${fmt(value)}`;

/** Error: a table with no rows. */
export const emptyTable = (): string => `cannot fit preprocessing on an empty table (0 rows)`;

/** Error: nothing would be left to cluster. */
export const noOutputColumns = (): string =>
  `preprocessing left no column: every feature was dropped and no attribute was encoded`;

/** Error: columns and ids disagree in length, or names and columns in count. */
export const badTableShape = (what: string, got: number, expected: number): string =>
  `malformed feature table: ${what} has ${got} entries, expected ${expected}`;

/** Error: an option value out of range. */
export const badOption = (option: string, value: unknown, constraint: string): string =>
  `${option}=${JSON.stringify(value)} should be ${constraint}`;

/** Error: the model is not a preprocessing model of a known version. */
export const badModel = (kind: unknown, version: unknown): string =>
  `expected a preprocessing model (kind "preprocess", version 1), got kind ${JSON.stringify(kind)} version ${JSON.stringify(version)}`;

/** Error: a matrix given to inverseTransform has the wrong number of columns. */
export const badInverseWidth = (got: number, expected: number): string =>
  `inverseTransform: X has ${got} columns, expected ${expected} (model.outputNames)`;

function listNames(names: readonly string[]): string {
  if (names.length === 0) return "none";
  const shown = names.slice(0, 12).map((n) => `"${n}"`);
  return names.length > 12 ? `${shown.join(", ")}, … ${names.length - 12} more` : shown.join(", ");
}
