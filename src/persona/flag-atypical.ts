import { quantileSorted } from "../profile/stats.js";
import * as msg from "./messages.js";

/** Users far from their segment's centroid. Plain JSON apart from the `flags` mask. */
export interface AtypicalUsers {
  percentile: number;
  scope: "segment" | "global";
  /** Distance threshold per segment (index = segment id); all equal for scope "global"; null for an empty segment. */
  thresholds: (number | null)[];
  /** 1 = atypical (distance strictly above its threshold). */
  flags: Uint8Array;
  countPerSegment: number[];
  count: number;
}

/** Options of {@link flagAtypical}. */
export interface FlagAtypicalOptions {
  /** Distance percentile (type-7 quantile) beyond which a user is atypical. Default 0.99. */
  percentile?: number;
  /**
   * "segment" (default): one threshold per segment, from that segment's own distances — segments
   * differ in spread, and a global cut would flag mostly the members of loose segments.
   * "global": one threshold from all distances.
   */
  scope?: "segment" | "global";
  /** Number of segments; default max(label) + 1. */
  k?: number;
}

/**
 * Flags atypical users: those whose distance to their assigned centroid is beyond the given
 * percentile of the training distances (per segment by default), and counts them per segment.
 * Pass the flags to `profileSegments(..., {exclude: flags})` so they do not shape a persona's story.
 * With percentile p a segment of n users flags about (1 − p)·n of them; ties at the threshold are kept.
 *
 * @param distances - Distance of each user to the centroid of its segment (≥ 0).
 * @param labels - Segment id per user.
 * @param options - See {@link FlagAtypicalOptions}.
 * @returns Thresholds, the 0/1 flags and the counts.
 * @throws TypeError when lengths differ; RangeError for a bad percentile, distance or label.
 * @example
 * flagAtypical(Float64Array.from([1, 1, 1, 9]), Int32Array.from([0, 0, 0, 0]), { percentile: 0.5 }).count; // => 1
 */
export function flagAtypical(
  distances: Float64Array | number[],
  labels: Int32Array | number[],
  options: FlagAtypicalOptions = {},
): AtypicalUsers {
  const percentile = options.percentile ?? 0.99;
  const scope = options.scope ?? "segment";
  if (!(percentile > 0 && percentile < 1)) throw new RangeError(msg.badPercentile(percentile));
  if (distances.length !== labels.length)
    throw new TypeError(msg.lengthMismatch(distances.length, labels.length));
  const n = labels.length;
  let maxLabel = -1;
  for (let i = 0; i < n; i++) {
    const d = distances[i]!;
    if (!Number.isFinite(d) || d < 0) throw new RangeError(msg.badDistance(i, d));
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0) throw new RangeError(msg.badLabel(i, l));
    if (l > maxLabel) maxLabel = l;
  }
  const k = Math.max(options.k ?? 0, maxLabel + 1);
  const per: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) per[labels[i]!]!.push(distances[i]!);
  let thresholds: (number | null)[];
  if (scope === "global") {
    const t = n > 0 ? quantileSorted(Float64Array.from(distances).sort(), percentile) : null;
    thresholds = per.map(() => t);
  } else {
    thresholds = per.map((d) =>
      d.length > 0 ? quantileSorted(Float64Array.from(d).sort(), percentile) : null,
    );
  }
  const flags = new Uint8Array(n);
  const countPerSegment = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    if (distances[i]! > thresholds[labels[i]!]!) {
      flags[i] = 1;
      countPerSegment[labels[i]!]!++;
    }
  }
  return {
    percentile,
    scope,
    thresholds,
    flags,
    countPerSegment,
    count: countPerSegment.reduce((a, b) => a + b, 0),
  };
}
