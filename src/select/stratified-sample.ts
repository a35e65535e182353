import { createRandom } from "../matrix/random.js";
import { checkPositiveInt, checkSeed, compactLabels, sampleIndices } from "./internal.js";
import { messages } from "./messages.js";

/** Options of {@link stratifiedSample}. */
export interface StratifiedSampleOptions {
  /** Target total sample size (proportional allocation). Required. */
  sampleSize: number;
  /**
   * Minimum rows kept per cluster (all of it when the cluster is smaller), so that 1–3 % segments
   * are not dropped from the silhouette. Default 100.
   */
  minPerCluster?: number;
  /** Seed of the draw. Default 0. */
  seed?: number;
}

/** A stratified sample: sorted row indices and, per compact cluster, its size and sampled count. */
export interface StratifiedSample {
  indices: Int32Array;
  /** Per cluster (in increasing label order): rows in the data. */
  clusterSizes: number[];
  /** Per cluster (in increasing label order): rows in the sample. */
  sampledSizes: number[];
}

/**
 * Draws a sample stratified by cluster: each cluster gets its proportional share of `sampleSize`,
 * but at least `minPerCluster` rows (or all of its rows), so small segments stay visible. Rows are
 * drawn without replacement within each cluster; the result may be a little larger than
 * `sampleSize` because of the minimum.
 *
 * @param labels - one cluster label (integer >= 0) per row.
 * @param options - see {@link StratifiedSampleOptions}.
 * @returns the sorted indices and per-cluster counts.
 * @throws {RangeError} when sampleSize or minPerCluster is not an integer >= 2.
 * @example
 * stratifiedSample(Int32Array.of(0, 0, 0, 0, 1), { sampleSize: 2, minPerCluster: 2 }).sampledSizes;
 * // => [2, 1]
 */
export function stratifiedSample(
  labels: ArrayLike<number>,
  options: StratifiedSampleOptions,
): StratifiedSample {
  const sampleSize = checkPositiveInt(
    options.sampleSize,
    messages.sampleSize(options.sampleSize),
    2,
  );
  const minPer = options.minPerCluster ?? 100;
  checkPositiveInt(minPer, messages.minPerCluster(minPer), 2);
  const seed = checkSeed(options.seed ?? 0);
  const { codes, counts, k } = compactLabels(labels, labels.length);
  const n = codes.length;
  const members: Int32Array[] = counts.map((c) => new Int32Array(c));
  const fill = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) members[codes[i]!]![fill[codes[i]!]!++] = i;
  const sampledSizes = counts.map((c) =>
    Math.min(c, Math.max(minPer, Math.round((sampleSize * c) / n))),
  );
  const random = createRandom(seed);
  const parts: number[] = [];
  for (let c = 0; c < k; c++) {
    const pick = sampleIndices(counts[c]!, sampledSizes[c]!, random);
    for (let r = 0; r < pick.length; r++) parts.push(members[c]![pick[r]!]!);
  }
  const indices = Int32Array.from(parts).sort();
  return { indices, clusterSizes: counts, sampledSizes };
}
