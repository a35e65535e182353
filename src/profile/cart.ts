/**
 * A small, deterministic Gini CART (Breiman et al. 1984, "Classification and Regression Trees")
 * for the surrogate rules. Written here rather than taken from ml-cart 2.1.1, which is
 * deterministic but re-partitions the node for every candidate threshold (O(n²) per feature
 * and node), sends NaN silently to the right, has no minimum leaf
 * size, and keeps no class counts. This one sorts once per feature and node and sweeps
 * (O(n log n)); ties go to the lowest feature index, then the lowest threshold; it keeps the
 * gap between the two sides of each split, to round thresholds to readable values without
 * moving a single training user; and the tree is plain JSON.
 * Internal: inputs are assumed valid (no NaN; labels in 0..k−1).
 */

/** A node of the surrogate tree. Users with `feature < value` go left, `feature >= value` go right. */
export type RuleTreeNode =
  | { kind: "leaf"; segment: number; n: number; counts: number[] }
  | {
      kind: "split";
      feature: string;
      value: number;
      n: number;
      counts: number[];
      left: RuleTreeNode;
      right: RuleTreeNode;
    };

export interface CartInput {
  columns: Float64Array[];
  names: string[];
  labels: ArrayLike<number>;
  k: number;
  depth: number;
  minLeaf: number;
}

/**
 * Grows the tree on the given rows (ascending row indices), then merges sibling leaves that
 * predict the same segment. Each feature is sorted once (by value, then row index); a split
 * partitions every feature's order stably, so a node sweeps its rows in sorted order without
 * sorting again — O(p·n log n) for the sorts plus O(p·n) per tree level.
 */
export function growTree(input: CartInput, rows: ArrayLike<number>): RuleTreeNode {
  const members = Int32Array.from(rows);
  const orders = input.columns.map((x) => members.slice().sort((a, b) => x[a]! - x[b]! || a - b));
  let last = -1;
  for (let t = 0; t < members.length; t++) last = Math.max(last, members[t]!);
  // Which side of the current split each row goes to (1 = left), reused down the tree.
  const mark = new Uint8Array(last + 1);
  return prune(grow(input, members, orders, 0, mark));
}

function classCounts(labels: ArrayLike<number>, rows: Int32Array, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (let t = 0; t < rows.length; t++) c[labels[rows[t]!]!]!++;
  return c;
}

function majority(counts: number[]): number {
  let best = 0;
  for (let s = 1; s < counts.length; s++) if (counts[s]! > counts[best]!) best = s;
  return best;
}

/** n·Gini = n − Σc²/n, the impurity mass of a node. */
function giniMass(sumSq: number, n: number): number {
  return n > 0 ? n - sumSq / n : 0;
}

/** Splits a sorted order into the rows marked 1 (left) and 0 (right), keeping the order. */
function partition(order: Int32Array, mark: Uint8Array, nLeft: number): [Int32Array, Int32Array] {
  const l = new Int32Array(nLeft);
  const r = new Int32Array(order.length - nLeft);
  let a = 0;
  let b = 0;
  for (let t = 0; t < order.length; t++) {
    const i = order[t]!;
    if (mark[i] === 1) l[a++] = i;
    else r[b++] = i;
  }
  return [l, r];
}

function grow(
  input: CartInput,
  rows: Int32Array,
  orders: Int32Array[],
  level: number,
  mark: Uint8Array,
): RuleTreeNode {
  const { columns, labels, k, minLeaf } = input;
  const counts = classCounts(labels, rows, k);
  const n = rows.length;
  const leaf: RuleTreeNode = { kind: "leaf", segment: majority(counts), n, counts };
  if (level >= input.depth || n < 2 * minLeaf || counts.some((c) => c === n)) return leaf;

  let parentSq = 0;
  for (const c of counts) parentSq += c * c;
  const parent = giniMass(parentSq, n);
  let best: { j: number; lo: number; hi: number; mass: number } | null = null;

  const left = new Array<number>(k);
  for (let j = 0; j < columns.length; j++) {
    const x = columns[j]!;
    const order = orders[j]!;
    left.fill(0);
    let leftSq = 0;
    let rightSq = parentSq;
    const right = counts.slice();
    for (let t = 0; t < n - 1; t++) {
      const y = labels[order[t]!]!;
      // Move one user from right to left, updating Σc² incrementally.
      leftSq += 2 * left[y]! + 1;
      left[y]!++;
      rightSq -= 2 * right[y]! - 1;
      right[y]!--;
      const nl = t + 1;
      const a = x[order[t]!]!;
      const b = x[order[t + 1]!]!;
      if (a === b || nl < minLeaf || n - nl < minLeaf) continue;
      const mass = giniMass(leftSq, nl) + giniMass(rightSq, n - nl);
      if (best === null || mass < best.mass) best = { j, lo: a, hi: b, mass };
    }
  }
  // No split lowers the impurity: stay a leaf (a split that does not help is noise in a rule).
  if (best === null || best.mass >= parent - 1e-12 * n) return leaf;
  const x = columns[best.j]!;
  const value = readableThreshold(best.lo, best.hi);
  let nLeft = 0;
  for (let t = 0; t < n; t++) {
    const i = rows[t]!;
    const goesLeft = x[i]! < value ? 1 : 0;
    mark[i] = goesLeft;
    nLeft += goesLeft;
  }
  const [lRows, rRows] = partition(rows, mark, nLeft);
  const lOrders: Int32Array[] = [];
  const rOrders: Int32Array[] = [];
  for (const order of orders) {
    const [l, r] = partition(order, mark, nLeft);
    lOrders.push(l);
    rOrders.push(r);
  }
  return {
    kind: "split",
    feature: input.names[best.j]!,
    value,
    n,
    counts,
    left: grow(input, lRows, lOrders, level + 1, mark),
    right: grow(input, rRows, rOrders, level + 1, mark),
  };
}

/**
 * A number with the fewest significant digits in (lo, hi] (0 when the interval holds it), found
 * by rounding the midpoint — or hi downwards — to 1, 2, 3 … significant digits. Every training user stays on the same side as with the
 * midpoint, so rounding never changes the fidelity.
 */
export function readableThreshold(lo: number, hi: number): number {
  const mid = lo + (hi - lo) / 2;
  if (lo < 0 && hi >= 0) return 0;
  for (let p = 1; p <= 17; p++) {
    // Two candidates with p significant digits: the rounded midpoint, and hi rounded down
    // (hi itself is allowed, since users at hi go to the ">=" side). Prefer the one nearer the middle.
    const candidates = [Number(mid.toPrecision(p)), floorSignificant(hi, p)].filter(
      (c) => c > lo && c <= hi,
    );
    if (candidates.length > 0) {
      candidates.sort((a, b) => Math.abs(a - mid) - Math.abs(b - mid));
      return candidates[0]!;
    }
  }
  // The midpoint of two adjacent doubles may round onto lo; hi always separates.
  return hi;
}

function floorSignificant(x: number, p: number): number {
  if (x === 0) return 0;
  const step = 10 ** (Math.floor(Math.log10(Math.abs(x))) - p + 1);
  return Number((Math.floor(x / step) * step).toPrecision(p));
}

function prune(node: RuleTreeNode): RuleTreeNode {
  if (node.kind === "leaf") return node;
  const left = prune(node.left);
  const right = prune(node.right);
  if (left.kind === "leaf" && right.kind === "leaf" && left.segment === right.segment) {
    return { kind: "leaf", segment: left.segment, n: node.n, counts: node.counts };
  }
  return { ...node, left, right };
}

/**
 * The leaf segment of every row in `rows`, written to `out[row]`; `columnOf(feature)` gives a
 * feature's column and the value a missing (NaN) entry is read as.
 */
export function predictTreeRows(
  node: RuleTreeNode,
  columnOf: (feature: string) => { values: Float64Array; missingAs: number },
  rows: ArrayLike<number>,
  out: Int32Array,
): void {
  type Resolved =
    | { leaf: true; segment: number }
    | {
        leaf: false;
        x: Float64Array;
        fill: number;
        value: number;
        left: Resolved;
        right: Resolved;
      };
  const resolve = (t: RuleTreeNode): Resolved => {
    if (t.kind === "leaf") return { leaf: true, segment: t.segment };
    const c = columnOf(t.feature);
    return {
      leaf: false,
      x: c.values,
      fill: c.missingAs,
      value: t.value,
      left: resolve(t.left),
      right: resolve(t.right),
    };
  };
  const root = resolve(node);
  for (let t = 0; t < rows.length; t++) {
    const i = rows[t]!;
    let cur = root;
    while (!cur.leaf) {
      const v = cur.x[i]!;
      cur = (Number.isNaN(v) ? cur.fill : v) < cur.value ? cur.left : cur.right;
    }
    out[i] = cur.segment;
  }
}

/** The leaf segment for one user, read through `value(featureName)`. */
export function predictTree(node: RuleTreeNode, value: (feature: string) => number): number {
  let cur = node;
  while (cur.kind === "split") cur = value(cur.feature) < cur.value ? cur.left : cur.right;
  return cur.segment;
}
