/** The families of behavioral features a FeatureSpec can ask for. */
export type FeatureFamily =
  | "activity"
  | "sessions"
  | "frequency"
  | "recency"
  | "tenure"
  | "breadth"
  | "events"
  | "time_mix"
  | "value"
  | "trend"
  | "attribute"
  | "table";

/** What one numeric feature is, in words a product person reads. */
export interface FeatureInfo {
  name: string;
  family: FeatureFamily;
  description: string;
  /** Plain unit for profiles: "events", "days", "days/week", "share", "currency", … */
  unit: string;
}

/** A categorical column kept beside the numeric features (plan, country, …): profiled, and one-hot encoded only if asked. */
export interface AttributeColumn {
  name: string;
  values: (string | null)[];
}

/**
 * Per-user features: one row per user (ids sorted ascending, so output is deterministic),
 * numeric columns as Float64Array (NaN = missing), categorical attributes kept aside.
 */
export interface FeatureTable {
  ids: string[];
  features: FeatureInfo[];
  /** Same order as `features` and `columns`. */
  featureNames: string[];
  columns: Float64Array[];
  attributes: AttributeColumn[];
}
