/** Options of {@link fitPCA}. */
export interface PCAOptions {
  /** Number of components to keep, `1 ≤ k ≤ min(rows, cols)`. Default: all, `min(rows, cols)`. */
  nComponents?: number;
  /**
   * Keep the fewest components whose cumulative explained-variance ratio reaches this share
   * (e.g. `0.9`), in (0, 1]. Exclusive with `nComponents`. Default: unset.
   */
  varianceToKeep?: number;
  /** Divide each projected component by its standard deviation, giving unit variance. Default `false`. */
  whiten?: boolean;
  /** Names of the columns of X, for loadings. Default: X's `featureNames` when X is a FeatureMatrix, else `["x0", "x1", …]`. */
  featureNames?: readonly string[];
}

/** One loading: how feature `feature` moves with component `component` (0-based). */
export interface PCALoading {
  component: number;
  feature: string;
  /**
   * component weight × √(explained variance): the covariance between the feature and the
   * component score (the correlation when the features are standardised). Jolliffe (2002) §1.1.
   */
  value: number;
}

/** A fitted PCA: plain JSON. */
export interface PCAModel {
  kind: "pca";
  version: 1;
  /** The options as resolved: the component count actually kept, and how it was chosen. */
  params: { nComponents: number; varianceToKeep: number | null; whiten: boolean };
  /** Rows the model was fitted on. */
  nSamples: number;
  featureNames: string[];
  /** Column means subtracted before projecting. */
  mean: number[];
  /**
   * nComponents × d unit vectors, by decreasing variance. Sign convention: each component's
   * largest-|value| entry is positive (the first such entry on a tie), so fits are deterministic.
   */
  components: number[][];
  /** Variance of each component's scores, with the n − 1 denominator (as scikit-learn). */
  explainedVariance: number[];
  /** explainedVariance / totalVariance. */
  explainedVarianceRatio: number[];
  /** √(explainedVariance · (n − 1)), the singular values of the centred X (as scikit-learn). */
  singularValues: number[];
  /** Sum of the column variances (n − 1 denominator): the variance of all d components. */
  totalVariance: number;
  /** Loadings, component by component, features in column order. */
  loadings: PCALoading[];
  warnings: string[];
}

/**
 * The part of a {@link PCAModel} that {@link transformPCA} reads — what a segment model stores
 * as its `pca` (model.json may hold a projection written by hand: `version`, `params`,
 * `explainedVariance` and `featureNames` are then optional; whitening needs
 * `explainedVariance`).
 */
export type PCAProjection = Pick<PCAModel, "kind" | "mean" | "components"> &
  Partial<Pick<PCAModel, "version" | "explainedVariance" | "featureNames">> & {
    params?: Partial<Pick<PCAModel["params"], "whiten">>;
  };
