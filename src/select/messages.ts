/**
 * Every error, warning and verdict text of the `select/` stage, as functions so that tests can
 * assert against them (the vega-lite `log.message` pattern).
 */

/** The exact verdict text for data without segments (the CLI and model.json show it verbatim). */
export const NO_STRUCTURE = "no clear segment structure";

/** The verdict text when a k is recommended. */
export const STRUCTURE = "structure";

/**
 * The label of a weak verdict: a stable, actionable partition of data without natural groups.
 * Every output that shows such segments (CLI, cards, report, model.json) carries it verbatim.
 */
export const WEAK_STRUCTURE = "segments of a continuum, not natural groups";

export const messages = {
  notMatrix: (name: string) =>
    `${name} should be a Matrix {data: Float64Array, rows, cols} with data.length = rows * cols`,
  nonFinite: (name: string, row: number, col: number, value: number) =>
    `${name}[${row}][${col}]=${value} should be a finite number`,
  notLabels: () => "labels should be an Int32Array (or an array of integers)",
  labelsLength: (length: number, rows: number) =>
    `labels.length=${length} should equal rows=${rows}`,
  badLabel: (index: number, value: number) => `labels[${index}]=${value} should be an integer >= 0`,
  labelCount: (nLabels: number, rows: number) =>
    `number of labels=${nLabels} should be >= 2 and <= rows - 1 = ${rows - 1}`,
  sampleSize: (value: number) => `sampleSize=${value} should be an integer >= 2`,
  minPerCluster: (value: number) => `minPerCluster=${value} should be an integer >= 2`,
  threads: (value: number) => `threads=${value} should be an integer between 1 and 64`,
  seed: (value: unknown) => `seed=${String(value)} should be a finite integer`,
  curveLengths: (x: number, y: number) =>
    `x has ${x} values but y has ${y}; they should have the same length`,
  curveTooShort: (length: number) => `a curve needs at least 3 points, got ${length}`,
  curveNotIncreasing: (index: number) => `x[${index}] should be greater than x[${index - 1}]`,
  curveNonFinite: (name: string, index: number, value: number) =>
    `${name}[${index}]=${value} should be a finite number`,
  sensitivity: (value: number) => `sensitivity=${value} should be a finite number >= 0`,
  kMax: (value: number, rows: number) =>
    `kMax=${value} should be an integer >= 1 and <= rows=${rows}`,
  B: (name: string, value: number) => `${name}=${value} should be an integer >= 1`,
  k: (value: number, rows: number) => `k=${value} should be an integer >= 1 and <= rows=${rows}`,
  nInit: (value: number) => `nInit=${value} should be an integer >= 1`,
  kRange: (lo: number, hi: number, rows: number) =>
    `kRange=[${lo}, ${hi}] should be integers with 2 <= ${lo} <= ${hi} <= rows - 1 = ${rows - 1}`,
  subsample: (name: string, value: number) => `${name}=${value} should be an integer >= 10`,
  gapMethod: (value: unknown) =>
    `method=${String(value)} should be "firstSEmax" or "Tibs2001SEmax"`,
  reference: (value: unknown) => `reference=${String(value)} should be "box" or "pca"`,
  seLengths: (f: number, se: number) =>
    `gap has ${f} values but sk has ${se}; they should have the same length`,
  modelFeatures: (model: number, data: number) =>
    `model has nFeatures=${model} but X has cols=${data}`,
  modelK: (model: number, k: number) => `model has ${model} centroids but k=${k}`,
  share: (name: string, value: number) => `${name}=${value} should be a number in [0, 1]`,
  maxSegments: (value: number) => `maxSegments=${value} should be an integer >= 2`,
  emptyScan: () => "the scan has no k values; run scanK first",
  modes: (value: number) => `modes=${value} should be an integer >= 1`,
  badOutcomeEffect: (index: number, value: number) =>
    `outcomeEffects[${index}].effectSize=${value} should be a finite number`,
  tooFewValues: (n: number) => `values has ${n} finite numbers; countModes needs at least 3`,
  /** Warning: a segment disappeared from every bootstrap replicate (its Jaccard is undefined). */
  segmentNeverSampled: (segment: number) =>
    `segment ${segment} had no points in any bootstrap replicate; its stability is reported as 0`,
  /** Warning: the silhouette was estimated on a stratified sample. */
  silhouetteSampled: (sampleSize: number, rows: number) =>
    `silhouette estimated on a stratified sample of ${sampleSize} of ${rows} rows`,
  /** Error: a worker thread of the silhouette failed (its stack is the error's `cause`). */
  silhouetteWorkerFailed: "a silhouette worker thread failed",
} as const;

/** The documented reading of a mean bootstrap Jaccard (Hennig 2007; fpc::clusterboot help). */
export type StabilityReading = "not trustworthy" | "a pattern" | "stable" | "highly stable";

/**
 * Reads a mean bootstrap Jaccard as Hennig's fpc::clusterboot documentation does: < 0.6 not
 * trustworthy ("dissolved"), 0.6–0.75 indicates a pattern, ≥ 0.75 stable, ≥ 0.85 highly stable.
 *
 * @param meanJaccard - a value in [0, 1].
 * @returns the reading in plain words.
 * @example
 * readStability(0.8); // => "stable"
 */
export function readStability(meanJaccard: number): StabilityReading {
  if (meanJaccard >= 0.85) return "highly stable";
  if (meanJaccard >= 0.75) return "stable";
  if (meanJaccard >= 0.6) return "a pattern";
  return "not trustworthy";
}
