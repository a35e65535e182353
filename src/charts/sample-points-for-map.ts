import { createRandom } from "../matrix/random.js";
import { invalidMaxPoints } from "./messages.js";

/**
 * A deterministic sample of at most `max` points, stratified by segment so that every segment
 * keeps its share of the map (largest-remainder allocation; each non-empty segment keeps at
 * least one point when `max` allows). Within a segment, points are drawn without replacement
 * by a seeded partial Fisher–Yates shuffle; the sample keeps the input order.
 *
 * @param points - anything with a `segmentId` (users on the PCA map).
 * @param max - the most points to keep (integer >= 1). When `points.length <= max`, a copy of
 * `points` is returned.
 * @param seed - seed of the draw (same seed, same sample).
 * @returns the kept points, in input order.
 * @throws RangeError when `max` is not an integer >= 1.
 * @example
 * const pts = Array.from({ length: 10 }, (_, i) => ({ x: i, y: i, segmentId: i < 8 ? 0 : 1 }));
 * samplePointsForMap(pts, 5, 42).filter((p) => p.segmentId === 1).length; // => 1
 */
export function samplePointsForMap<T extends { segmentId: number }>(
  points: readonly T[],
  max: number,
  seed: number,
): T[] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(invalidMaxPoints(max));
  if (points.length <= max) return [...points];
  const rows = sampleRowsForMap(
    Int32Array.from(points, (p) => p.segmentId),
    max,
    seed,
  );
  return Array.from(rows, (i) => points[i]!);
}

/**
 * The rows {@link samplePointsForMap} keeps, from the segment ids alone (typed arrays, no
 * per-user objects): at a million users the map samples its rows first and projects only those.
 *
 * @param segmentIds - one segment id per user.
 * @param max - the most rows to keep (integer >= 1); all rows when there are at most `max`.
 * @param seed - seed of the draw.
 * @returns ascending row indices.
 * @throws RangeError when `max` is not an integer >= 1.
 * @example
 * sampleRowsForMap(Int32Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1), 5, 42).length; // => 5
 */
export function sampleRowsForMap(
  segmentIds: ArrayLike<number>,
  max: number,
  seed: number,
): Int32Array {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(invalidMaxPoints(max));
  const n = segmentIds.length;
  if (n <= max) return Int32Array.from({ length: n }, (_, i) => i);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const id = segmentIds[i]!;
    let g = groups.get(id);
    if (g === undefined) groups.set(id, (g = []));
    g.push(i);
  }
  const ids = [...groups.keys()].sort((a, b) => a - b);
  const quota = allocate(
    ids.map((id) => groups.get(id)!.length),
    max,
  );
  const keep = new Uint8Array(n);
  ids.forEach((id, gi) => {
    const members = groups.get(id)!;
    // One stream per segment id: a segment's sample does not depend on the other segments.
    const random = createRandom((seed ^ Math.imul(id + 1, 0x9e3779b1)) >>> 0);
    const take = quota[gi]!;
    for (let j = 0; j < take; j++) {
      const r = j + Math.floor(random() * (members.length - j));
      const t = members[j]!;
      members[j] = members[r]!;
      members[r] = t;
      keep[members[j]!] = 1;
    }
  });
  let m = 0;
  for (let i = 0; i < n; i++) m += keep[i]!;
  const out = new Int32Array(m);
  for (let i = 0, t = 0; i < n; i++) if (keep[i] === 1) out[t++] = i;
  return out;
}

function allocate(sizes: number[], max: number): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const floor = Math.min(1, Math.floor(max / sizes.length));
  const base = sizes.map((n) => Math.min(n, Math.max(floor, Math.floor((n * max) / total))));
  let left = max - base.reduce((a, b) => a + b, 0);
  const order = sizes
    .map((n, i) => ({ i, rem: (n * max) / total - Math.floor((n * max) / total) }))
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  while (left > 0) {
    let progressed = false;
    for (const { i } of order) {
      if (left === 0) break;
      if (base[i]! < sizes[i]!) {
        base[i]!++;
        left--;
        progressed = true;
      }
    }
    if (!progressed) break;
  }
  // The at-least-one floor can overshoot `max` by a few slots: take them back from the largest.
  while (left < 0) {
    let big = 0;
    for (let i = 1; i < base.length; i++) if (base[i]! > base[big]!) big = i;
    base[big]!--;
    left++;
  }
  return base;
}
