/** Options of {@link fitPreprocessor}. Every field is optional; the defaults are listed. */
export interface PreprocessOptions {
  /**
   * Automatic `log1p` rule: a feature whose observed values are all `>= 0` and whose sample
   * skewness (adjusted Fisher–Pearson G1, as pandas `skew`) exceeds this threshold is
   * transformed with `log1p`. `null` turns the automatic rule off. Default `1`.
   */
  skewThreshold?: number | null;
  /** Per-feature override of the automatic rule: `{ revenue: "log1p", age: "none" }`. Default `{}`. */
  transforms?: Record<string, "log1p" | "none">;
  /**
   * Winsorizing quantiles `[low, high]`, applied after `log1p`, or `false` for none. Bounds are
   * order statistics taken outward (low: `sorted[floor(low·(n−1))]`, high:
   * `sorted[ceil(high·(n−1))]`), so they are always observed values and a table of fewer than
   * 1 / (1 − high) + 1 rows is not clipped at all. Default `[0.01, 0.99]`.
   */
  winsorize?: readonly [number, number] | false;
  /**
   * `"standard"`: (x − mean) / standard deviation (population, ddof = 0, as scikit-learn's
   * StandardScaler); `"robust"`: (x − median) / IQR (quartiles by linear interpolation, as
   * scikit-learn's RobustScaler); `"none"`: leave values as they are. Default `"standard"`.
   */
  scaling?: "standard" | "robust" | "none";
  /** Categorical attributes to one-hot encode (others are kept aside for profiles only). Default `[]`. */
  encodeAttributes?: readonly string[];
  /** Most frequent levels kept per encoded attribute; the rest share an `(other)` column. Default `10`. */
  maxLevels?: number;
  /**
   * Multipliers applied after scaling, by feature or attribute name (an attribute's weight
   * applies to each of its one-hot columns). Must be finite and `>= 0`. Default `{}` (all 1).
   */
  weights?: Record<string, number>;
  /** Drop numeric features that are constant after imputation, log1p and clipping. Default `true`. */
  dropConstant?: boolean;
  /**
   * Drop a numeric feature whose Pearson |r| with an earlier kept feature (after log1p and
   * clipping) exceeds this value, keeping the first in column order; `null` turns it off.
   * Default `0.95`.
   */
  duplicateThreshold?: number | null;
}

/** {@link PreprocessOptions} with every default filled in, as stored in `model.params`. */
export interface ResolvedPreprocessOptions {
  skewThreshold: number | null;
  transforms: Record<string, "log1p" | "none">;
  winsorize: [number, number] | false;
  scaling: "standard" | "robust" | "none";
  encodeAttributes: string[];
  maxLevels: number;
  weights: Record<string, number>;
  dropConstant: boolean;
  duplicateThreshold: number | null;
}

/**
 * The learned transform of one kept numeric feature. Its output is, in SQL order:
 * `v = COALESCE(x, impute)`; `v = LN(1 + GREATEST(v, 0))` if `log1p`;
 * `v = LEAST(GREATEST(v, clip[0]), clip[1])` if `clip`; `v = (v − center) / scale`; `v = v · weight`.
 */
export interface PreprocessFeatureStep {
  /** Input feature name (also the output column name). */
  name: string;
  /** Median of the observed values, used for missing ones. */
  impute: number;
  /** How many training values were missing (NaN) and imputed. */
  imputedCount: number;
  /** Sample skewness (G1) of the observed training values, `null` when undefined (< 3 values or constant). */
  skewness: number | null;
  /** Whether `log1p` is applied (negative values are floored at 0 first). */
  log1p: boolean;
  /** Why `log1p` is or is not applied: `"auto"` (skew rule), `"option"` (per-feature override). */
  log1pReason: "auto" | "option";
  /** Winsorizing bounds on the (log1p-)transformed scale, or `null` when not clipped. */
  clip: [number, number] | null;
  /** Subtracted before scaling (mean, median or 0). */
  center: number;
  /** Divided by when scaling (standard deviation, IQR or 1); never 0. */
  scale: number;
  /** Multiplied after scaling. */
  weight: number;
}

/**
 * One-hot encoding of one attribute: one 0/1 column per level (times `weight`), in `levels`
 * order, then `(other)` when `other`, then `(missing)` when `missing`. At transform time a
 * null goes to `(missing)` (or `(other)` if there is no missing column), an unseen value to
 * `(other)`; with no such column the row gets all zeros.
 */
export interface PreprocessEncoding {
  attribute: string;
  /** Kept levels, most frequent first (ties: ascending by string). */
  levels: string[];
  /** Whether an `(other)` column exists (more distinct values than `maxLevels`). */
  other: boolean;
  /** Whether a `(missing)` column exists (the training attribute had nulls). */
  missing: boolean;
  weight: number;
  /** The output column names of this attribute: `attribute=level`, `attribute=(other)`, `attribute=(missing)`. */
  outputNames: string[];
}

/** A fitted preprocessing: plain JSON, reproducible column by column in SQL. */
export interface PreprocessModel {
  kind: "preprocess";
  version: 1;
  params: ResolvedPreprocessOptions;
  /** Number of training rows. */
  nRows: number;
  /** Kept numeric features, in input order: the columns {@link inverseTransform} returns. */
  inputFeatures: string[];
  /** One step per kept numeric feature, same order as `inputFeatures`. */
  steps: PreprocessFeatureStep[];
  /** One-hot encodings, in `params.encodeAttributes` order. */
  encodings: PreprocessEncoding[];
  /** Output column names: the kept numeric features, then each encoding's columns. */
  outputNames: string[];
  warnings: string[];
  /** Missing values imputed per numeric input feature (every input feature, dropped ones too). */
  imputedCounts: Record<string, number>;
  /** Numeric features left out of the output, with the reason in words. */
  dropped: { name: string; reason: string }[];
}

/**
 * The part of a {@link PreprocessModel} that {@link transformPreprocessor} reads — what a
 * segment model stores as its `preprocess` (its schema checks these fields).
 */
export type PreprocessTransform = Pick<
  PreprocessModel,
  "kind" | "version" | "inputFeatures" | "outputNames" | "encodings"
> & {
  steps: Pick<
    PreprocessFeatureStep,
    "name" | "impute" | "log1p" | "clip" | "center" | "scale" | "weight"
  >[];
};
