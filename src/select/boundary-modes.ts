import type { Matrix } from "../matrix/matrix.js";
import { countModes } from "./count-modes.js";

/** The density across the boundary between a segment and its nearest neighbour. */
export interface BoundaryModes {
  segment: number;
  /** The segment whose centroid is nearest. */
  neighbour: number;
  /** Modes of the two segments' points projected on the line through both centroids. */
  modes: number;
}

/** Options of {@link boundaryModes}. */
export interface BoundaryModesOptions {
  /** Most points projected per pair (an even stride through the pair's rows). Default 4000. */
  maxPoints?: number;
}

/**
 * For each segment, projects its points and those of its nearest segment (by centroid) on the
 * line through the two centroids and counts the modes of that projection (see countModes). Two
 * or more modes mean a valley of density between the segments — a natural boundary; one mode
 * means k-means cut through one hump. This is the one-dimensional test of dip-means
 * (Kalogeratos & Likas 2012) and G-means (Hamerly & Elkan 2003), applied to the boundaries of
 * a finished partition: an elongated Gaussian blob split in two gets a high silhouette, but no
 * valley.
 *
 * @param X - the data k-means ran on (rows = users).
 * @param labels - segment per row (0..k−1).
 * @param options - see {@link BoundaryModesOptions}.
 * @returns one entry per segment with at least 3 points in the pair, in segment order.
 * @example
 * boundaryModes(fromRows([[0], [0.1], [0.2], [5], [5.1], [5.2]]), Int32Array.of(0, 0, 0, 1, 1, 1));
 * // => [{ segment: 0, neighbour: 1, modes: 2 }, { segment: 1, neighbour: 0, modes: 2 }]
 */
export function boundaryModes(
  X: Matrix,
  labels: Int32Array,
  options: BoundaryModesOptions = {},
): BoundaryModes[] {
  const maxPoints = options.maxPoints ?? 4000;
  const { rows, cols, data } = X;
  let k = 0;
  for (let i = 0; i < rows; i++) k = Math.max(k, labels[i]! + 1);
  const centroids = Array.from({ length: k }, () => new Float64Array(cols));
  const sizes = new Array<number>(k).fill(0);
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < rows; i++) {
    const s = labels[i]!;
    sizes[s]!++;
    members[s]!.push(i);
    for (let j = 0; j < cols; j++) centroids[s]![j]! += data[i * cols + j]!;
  }
  centroids.forEach((c, s) => c.forEach((v, j) => (c[j] = sizes[s]! > 0 ? v / sizes[s]! : NaN)));
  const dist2 = (a: Float64Array, b: Float64Array): number => {
    let d = 0;
    for (let j = 0; j < cols; j++) d += (a[j]! - b[j]!) ** 2;
    return d;
  };
  const out: BoundaryModes[] = [];
  for (let s = 0; s < k; s++) {
    if (sizes[s] === 0) continue;
    let neighbour = -1;
    let best = Infinity;
    for (let t = 0; t < k; t++) {
      if (t === s || sizes[t] === 0) continue;
      const d = dist2(centroids[s]!, centroids[t]!);
      if (d < best) {
        best = d;
        neighbour = t;
      }
    }
    if (neighbour < 0 || !(best > 0)) continue;
    const a = centroids[s]!;
    const b = centroids[neighbour]!;
    const pair = [...members[s]!, ...members[neighbour]!];
    const stride = Math.max(1, Math.ceil(pair.length / maxPoints));
    const proj: number[] = [];
    for (let t = 0; t < pair.length; t += stride) {
      const i = pair[t]!;
      let p = 0;
      for (let j = 0; j < cols; j++) p += (data[i * cols + j]! - a[j]!) * (b[j]! - a[j]!);
      proj.push(p);
    }
    if (proj.length < 3) continue;
    out.push({ segment: s, neighbour, modes: countModes(proj) });
  }
  return out;
}
