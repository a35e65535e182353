import type { SegmentModel } from "../model/schema.js";
import { segmentNames } from "../model/assign.js";
import { originalCentres } from "./compare-models.js";

/** Segments of one snapshot: user ids and their segment ids (as `assign` returns them). */
export interface SnapshotSegments {
  userId: readonly string[];
  segmentId: ArrayLike<number>;
}

/** The engagement order of a model's segments: a score per segment, and the feature it comes from. */
export interface EngagementOrder {
  /** The feature whose value at the segment's centre is the score. */
  feature: string;
  /** Score per segment id (higher = more engaged). */
  scores: number[];
  /** Segment ids from most to least engaged. */
  order: number[];
}

/** Features that measure engagement, in order of preference: the first the model has is used. */
const ENGAGEMENT_FEATURES = [
  "active_days",
  "active_weeks",
  "events",
  "sessions",
  "events_per_active_day",
  "orders",
  "frequency",
  "value_sum",
];

/**
 * Orders a model's segments by engagement: the value at each segment's centre (original
 * units) of the first of active_days, active_weeks, events, sessions, events_per_active_day,
 * orders, frequency, value_sum that the model clustered on (else its first feature).
 *
 * @param model - a segment model.
 * @returns the {@link EngagementOrder}.
 * @example
 * engagementOrder(model); // => { feature: "active_days", scores: [48.2, 3.1, …], order: [0, 5, …] }
 */
export function engagementOrder(model: SegmentModel): EngagementOrder {
  const c = originalCentres(model);
  const feature = ENGAGEMENT_FEATURES.find((f) => c.features.includes(f)) ?? c.features[0]!;
  const j = c.features.indexOf(feature);
  const scores = c.rows.map((r) => r[j]!);
  const order = scores.map((_, i) => i).sort((x, y) => scores[y]! - scores[x]! || x - y);
  return { feature, scores, order };
}

/** What {@link migrationMatrix} found. */
export interface Migration {
  /**
   * Users per (segment before, segment after): rows 0…k−1 are the segments before and row k
   * the users who appeared (not in the first snapshot); columns 0…k−1 the segments after and
   * column k the users who disappeared (not in the second snapshot).
   */
  matrix: number[][];
  /** Row shares of `matrix` (each row sums to 1; a row with no users is all zeros). */
  shares: number[][];
  /** Row and column labels: the segment names, then "(appeared)" / "(disappeared)". */
  rows: string[];
  columns: string[];
  /** Users in both snapshots, only in the first, only in the second. */
  users: { both: number; disappeared: number; appeared: number };
  /** Movement of the users in both snapshots along the engagement order. */
  movement: {
    engagement: EngagementOrder;
    stayed: number;
    moreEngaged: number;
    lessEngaged: number;
    /** Moved between segments of equal score. */
    sideways: number;
  };
}

/**
 * The migration (transition) matrix of users between two snapshots assigned by the same
 * model — counts and row shares, with users who appeared or disappeared — and how many users
 * moved towards more or less engaged segments ({@link engagementOrder}).
 *
 * @param model - the model both snapshots were assigned with.
 * @param before - segments in the first snapshot.
 * @param after - segments in the second snapshot.
 * @returns the {@link Migration}.
 * @example
 * const m = migrationMatrix(model, { userId: ["a", "b"], segmentId: [0, 1] }, { userId: ["a", "c"], segmentId: [1, 0] });
 * m.matrix; // => [[0, 1, 0], [0, 0, 1], [1, 0, 0]] (k = 2)
 */
export function migrationMatrix(
  model: SegmentModel,
  before: SnapshotSegments,
  after: SnapshotSegments,
): Migration {
  const k = model.kmeans.centroids.length;
  const names = segmentNames(model);
  const matrix = Array.from({ length: k + 1 }, () => new Array<number>(k + 1).fill(0));
  const afterOf = new Map<string, number>();
  for (let i = 0; i < after.userId.length; i++) afterOf.set(after.userId[i]!, after.segmentId[i]!);
  const engagement = engagementOrder(model);
  const movement = { engagement, stayed: 0, moreEngaged: 0, lessEngaged: 0, sideways: 0 };
  const seen = new Set<string>();
  let both = 0;
  let disappeared = 0;
  for (let i = 0; i < before.userId.length; i++) {
    const id = before.userId[i]!;
    seen.add(id);
    const s = before.segmentId[i]!;
    const t = afterOf.get(id);
    if (t === undefined) {
      matrix[s]![k]!++;
      disappeared++;
      continue;
    }
    matrix[s]![t]!++;
    both++;
    const d = engagement.scores[t]! - engagement.scores[s]!;
    if (s === t) movement.stayed++;
    else if (d > 0) movement.moreEngaged++;
    else if (d < 0) movement.lessEngaged++;
    else movement.sideways++;
  }
  let appeared = 0;
  for (let i = 0; i < after.userId.length; i++)
    if (!seen.has(after.userId[i]!)) {
      matrix[k]![after.segmentId[i]!]!++;
      appeared++;
    }
  const shares = matrix.map((row) => {
    const n = row.reduce((x, y) => x + y, 0);
    return row.map((c) => (n === 0 ? 0 : c / n));
  });
  return {
    matrix,
    shares,
    rows: [...names, "(appeared)"],
    columns: [...names, "(disappeared)"],
    users: { both, disappeared, appeared },
    movement,
  };
}
