/** How the initial centres are chosen. */
export type KMeansInit = "k-means++" | "random" | number[][];

/** Options of {@link fitKMeans} and {@link fitPredictKMeans}. */
export interface KMeansOptions {
  /** Number of clusters (required), an integer in [1, number of distinct rows]. */
  k: number;
  /** Seed of the only random stream (restart r uses `deriveSeed(seed, r)`). Default 0. */
  seed?: number;
  /**
   * Number of restarts; the run with the lowest inertia is kept. Default 3 for `"k-means++"`
   * (a single greedy k-means++ start lands in a poor local optimum now and then; scikit-learn
   * used 10 before 1.4 and 1 since), 10 for `"random"`, and always 1 for given centres.
   */
  nInit?: number;
  /** Maximum number of Lloyd iterations per restart. Default 300. */
  maxIter?: number;
  /**
   * Convergence tolerance on the summed squared centre shift, relative to the mean per-feature
   * variance of X (as scikit-learn). Default 1e-4 (0 for mini-batch: no centre-shift test).
   */
  tol?: number;
  /**
   * Initialisation: greedy `"k-means++"` (default), `"random"` rows, or explicit initial
   * centres (k rows of X.cols numbers).
   */
  init?: KMeansInit;
  /** Non-negative weight of each row (length X.rows). Default: every row weighs 1. */
  sampleWeight?: Float64Array;
  /**
   * Number of threads (the calling thread plus `threads - 1` worker threads). Default: all
   * available cores when the data is large enough to pay for starting workers, else 1.
   * Results are identical for every thread count.
   */
  threads?: number;
  /**
   * Iteration scheme, all exact Lloyd iterations (same result up to floating-point ties):
   * `"elkan"` (Elkan 2003: a lower bound per row and centre, n × k numbers), `"hamerly"`
   * (Hamerly 2010: one lower bound per row), `"lloyd"` (every distance computed). Default
   * `"auto"`: Elkan when k <= X.cols and X.rows × k <= 1M (its bounds take no more memory
   * than X, and at most 8 MB), else Hamerly.
   */
  algorithm?: "auto" | "elkan" | "hamerly" | "lloyd";
}

/** Options of {@link fitMiniBatchKMeans}: {@link KMeansOptions} plus the mini-batch settings. */
export interface MiniBatchKMeansOptions extends Omit<KMeansOptions, "algorithm"> {
  /** Rows per mini-batch. Default 1024 (scikit-learn's default). */
  batchSize?: number;
  /**
   * Stop after this many consecutive mini-batches without improvement of the smoothed batch
   * inertia. Default 10.
   */
  maxNoImprovement?: number;
  /**
   * A centre whose accumulated weight falls below this fraction of the largest centre's is
   * moved to a random row of the batch. Default 0.01.
   */
  reassignmentRatio?: number;
}

/** The options a k-means model was fitted with (resolved, defaults filled in). */
export interface KMeansParams {
  k: number;
  seed: number;
  nInit: number;
  maxIter: number;
  tol: number;
  init: "k-means++" | "random" | "given";
  /** The scheme used: `"elkan"`, `"hamerly"`, `"lloyd"` or `"minibatch"`. */
  algorithm: string;
  /** Mini-batch only. */
  batchSize?: number;
  /** Mini-batch only. */
  maxNoImprovement?: number;
  /** Mini-batch only. */
  reassignmentRatio?: number;
}

/**
 * A fitted k-means model: plain JSON data. Segment ids (row index of `centroids`) are ordered
 * by descending size (rows assigned), ties broken by the smaller index of the first row
 * assigned to the segment.
 */
export interface KMeansModel {
  kind: "kmeans";
  version: 1;
  params: KMeansParams;
  /** Number of columns of the training matrix. */
  nFeatures: number;
  /** k centres, each `nFeatures` numbers. */
  centroids: number[][];
  /** Rows assigned to each centre (unweighted counts). */
  sizes: number[];
  /** Sum over rows of weight × squared distance to the nearest centre. */
  inertia: number;
  /** Lloyd iterations of the kept run (mini-batch: mini-batch steps). */
  nIter: number;
  /** True when the kept run stopped by the tolerance (or stable labels) before `maxIter`. */
  converged: boolean;
  /** Recoverable problems: non-convergence, re-seeded empty clusters, ignored options. */
  warnings: string[];
}

/**
 * The part of a {@link KMeansModel} that {@link predictKMeans} and {@link transformKMeans} read
 * — what a segment model stores as its `kmeans` (`version` and `nFeatures` are then optional;
 * the width is the centroids').
 */
export type KMeansCentres = Pick<KMeansModel, "kind" | "centroids"> &
  Partial<Pick<KMeansModel, "version" | "nFeatures">>;
