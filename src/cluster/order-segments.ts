/**
 * The segment-id rule: ids ordered by descending size (rows assigned), ties broken by the
 * smaller index of the first row assigned; empty clusters last, in their original order.
 * @internal
 */

/** Returns `rank`, where rank[oldId] is the new id, plus the sizes in new-id order. */
export function orderBySize(labels: Int32Array, k: number): { rank: Int32Array; sizes: number[] } {
  const counts = new Float64Array(k);
  const first = new Float64Array(k).fill(Infinity);
  for (let i = 0; i < labels.length; i++) {
    const j = labels[i]!;
    if (counts[j] === 0) first[j] = i;
    counts[j]++;
  }
  const order = Array.from({ length: k }, (_, j) => j).sort(
    (a, b) => counts[b]! - counts[a]! || first[a]! - first[b]! || a - b,
  );
  const rank = new Int32Array(k);
  order.forEach((old, r) => (rank[old] = r));
  return { rank, sizes: order.map((j) => counts[j]!) };
}
