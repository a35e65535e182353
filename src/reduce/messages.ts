/**
 * Every error and warning text of the PCA stage, as functions, so that tests can assert against
 * the exact wording.
 */

const fmt = (x: number): string => String(Number(x.toPrecision(4)));

/** Error: a value that is not a finite number, located by row and column (and feature name). */
export const notFinite = (
  what: string,
  value: number,
  row: number,
  col: number,
  name: string,
): string =>
  `${what} has ${value} at row ${row}, column ${col} ("${name}"): PCA needs finite numbers (impute missing values first)`;

/** Error: finite inputs whose products overflow. */
export const overflow = (): string =>
  `X has values too large to square in double precision: scale the features first`;

/** Error: too few rows to estimate a covariance. */
export const tooFewRows = (rows: number): string => `PCA needs at least 2 rows, got rows=${rows}`;

/** Error: a matrix without columns. */
export const noColumns = (): string => `PCA needs at least 1 column, got cols=0`;

/** Error: nComponents out of range. */
export const badNComponents = (k: unknown, rows: number, cols: number): string =>
  `nComponents=${String(k)} should be an integer >= 1 and <= min(rows=${rows}, cols=${cols})=${Math.min(rows, cols)}`;

/** Error: varianceToKeep out of range. */
export const badVarianceToKeep = (v: unknown): string =>
  `varianceToKeep=${String(v)} should be in (0, 1]`;

/** Error: both ways of choosing the component count were given. */
export const bothCounts = (): string => `give either nComponents or varianceToKeep, not both`;

/** Error: featureNames does not match the columns. */
export const badFeatureNames = (got: number, cols: number): string =>
  `featureNames has ${got} names, X has cols=${cols}`;

/** Error: a value that is not a Matrix. */
export const notAMatrix = (what: string): string =>
  `${what} should be a Matrix {data: Float64Array, rows, cols} with data.length = rows * cols`;

/** Error: a matrix whose width does not fit the model. */
export const badWidth = (what: string, got: number, expected: number, meaning: string): string =>
  `${what} has cols=${got}, the PCA model expects ${expected} (${meaning})`;

/** Error: the model is not a PCA model of a known version. */
export const badModel = (kind: unknown, version: unknown): string =>
  `expected a PCA model (kind "pca", version 1), got kind ${JSON.stringify(kind)} version ${JSON.stringify(version)}`;

/** Warning: whitening a component of zero variance (left unscaled). */
export const whitenZeroVariance = (component: number): string =>
  `component ${component} has zero variance: it is not whitened (divided by 1)`;

/** Warning: fewer distinct directions than components kept. */
export const rankDeficient = (kept: number, positive: number): string =>
  `only ${positive} of the ${kept} kept components have non-zero variance: the data lie in a lower-dimensional space`;

/** Shortest readable form of a ratio, for messages. */
export const ratio = (x: number): string => fmt(x);
