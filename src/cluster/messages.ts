/** Error and warning texts of the clustering stage (tests assert against these functions). */

export const notAMatrix = (what: string): string =>
  `${what} should be a Matrix {data: Float64Array, rows, cols}`;
export const badMatrixShape = (what: string, length: number, rows: number, cols: number): string =>
  `${what}.data has ${length} values, expected rows*cols=${rows}*${cols}=${rows * cols}`;
export const emptyMatrix = (what: string, rows: number, cols: number): string =>
  `${what} is empty (rows=${rows}, cols=${cols}); it should have >= 1 row and >= 1 column`;
export const nonFinite = (what: string, row: number, col: number, value: number): string =>
  `${what} has a non-finite value ${value} at row ${row}, column ${col}; impute or drop it first`;
export const notInteger = (name: string, value: unknown, min: number): string =>
  `${name}=${String(value)} should be an integer >= ${min}`;
export const notNumber = (name: string, value: unknown): string =>
  `${name}=${String(value)} should be a number`;
export const kTooLarge = (k: number, distinct: number): string =>
  `k=${k} should be <= ${distinct}, the number of distinct rows in X (with positive weight)`;
export const badTol = (tol: number): string => `tol=${tol} should be a finite number >= 0`;
export const badInit = (init: unknown): string =>
  `init=${JSON.stringify(init)} should be "k-means++", "random" or an array of k centres`;
export const badInitRows = (rows: number, k: number): string =>
  `init has ${rows} centres, expected k=${k}`;
export const badInitCols = (row: number, cols: number, d: number): string =>
  `init centre ${row} has ${cols} values, expected X.cols=${d}`;
export const nonFiniteInit = (row: number, col: number, value: unknown): string =>
  `init centre ${row} has a non-finite value ${String(value)} at column ${col}`;
export const badAlgorithm = (value: unknown): string =>
  `algorithm=${JSON.stringify(value)} should be "auto", "elkan", "hamerly" or "lloyd"`;
export const badWeightType = (): string => `sampleWeight should be a Float64Array`;
export const badWeightLength = (length: number, rows: number): string =>
  `sampleWeight has ${length} values, expected X.rows=${rows}`;
export const badWeight = (row: number, value: number): string =>
  `sampleWeight[${row}]=${value} should be a finite number >= 0`;
export const zeroWeights = (): string =>
  `sampleWeight sums to 0; at least one row needs weight > 0`;
export const badRatio = (name: string, value: number): string =>
  `${name}=${value} should be a finite number in [0, 1]`;
export const notAModel = (value: unknown): string =>
  `model should be a KMeansModel with kind "kmeans" and version 1, got kind=${JSON.stringify(
    (value as { kind?: unknown } | null)?.kind,
  )}`;
export const featureMismatch = (cols: number, nFeatures: number): string =>
  `X has ${cols} columns, but the model was fitted on ${nFeatures}`;
export const labelLengthMismatch = (a: number, b: number): string =>
  `the two labelings have different lengths (${a} and ${b})`;
export const badLabel = (which: string, index: number, value: unknown): string =>
  `${which}[${index}]=${String(value)} should be an integer label`;

/** Warning: an empty cluster was re-seeded from the row farthest from its centre. */
export const emptyClusterReseeded = (cluster: number, iteration: number, row: number): string =>
  `cluster ${cluster} became empty at iteration ${iteration}; re-seeded from row ${row}, the row farthest from its centre`;
/** Warning: the kept run stopped at maxIter. */
export const notConverged = (maxIter: number, shift: number, tol: number): string =>
  `k-means did not converge in maxIter=${maxIter} iterations (last centre shift ${shift.toPrecision(3)} > tolerance ${tol.toPrecision(3)}); increase maxIter`;
/** Warning: nInit > 1 with given centres (every restart would be the same). */
export const nInitIgnored = (nInit: number): string =>
  `nInit=${nInit} ignored: explicit initial centres give a single run`;
/** Warning: a cluster ended with no rows (the final assignment left it empty). */
export const emptyFinalCluster = (count: number): string =>
  `${count} cluster(s) have no rows in the final assignment`;

/** Why a thread runs the JavaScript kernels instead of the SIMD kernel (debug log, Engine.simdReason). */
export const simdDisabledByEnv = (): string =>
  `SIMD kernel off: the environment variable SEGMENTLAB_NO_SIMD is set; the JavaScript kernels run (same results)`;
export const simdTooManyColumns = (d: number, max: number): string =>
  `SIMD kernel off: X has ${d} columns, more than ${max}; the JavaScript kernels run (same results)`;
export const simdNoWebAssembly = (): string =>
  `SIMD kernel off: this JavaScript engine has no WebAssembly; the JavaScript kernels run (same results)`;
export const simdNotValidated = (): string =>
  `SIMD kernel off: this engine's WebAssembly has no 128-bit SIMD; the JavaScript kernels run (same results)`;
export const simdProbeFailed = (e: unknown): string =>
  `SIMD kernel off: probing WebAssembly SIMD failed (${errorText(e)}); the JavaScript kernels run (same results)`;
export const simdSetupFailed = (e: unknown): string =>
  `SIMD kernel off on this thread: its WebAssembly instance could not be made (${errorText(e)}); the JavaScript kernels run (same results)`;
/** Error: a k-means worker thread failed (its stack is the error's `cause`). */
export const workerFailed = "a k-means worker thread failed";

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
