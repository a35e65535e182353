import type { FeatureTable } from "../features/types.js";
import { stratifiedSample } from "../select/stratified-sample.js";
import { growTree, predictTreeRows, type RuleTreeNode } from "./cart.js";
import * as msg from "./messages.js";
import { quantileSorted } from "./stats.js";

export type { RuleTreeNode } from "./cart.js";

/** One condition of a rule: `feature op value`, in the feature's original unit. */
export interface RuleCondition {
  feature: string;
  op: "<" | ">=";
  value: number;
}

/** The rule that defines one segment: an OR of ANDs of conditions. */
export interface SegmentRule {
  segment: number;
  /** OR of ANDs; `[[]]` matches every user; `[]` matches none (the tree never predicts the segment). */
  conditions: RuleCondition[][];
  /** Readable form, e.g. "active_days_per_week ≥ 4.5 AND distinct_events ≥ 9". */
  text: string;
  /** Users (of the `n` the rules are measured on) that the rule matches. */
  matched: number;
  /** Share of the segment's users that the rule matches (recall). */
  coverage: number;
  /** Share of the users the rule matches that are in the segment; null when it matches no one. */
  precision: number | null;
}

/** Surrogate rules: a shallow CART tree that reproduces the segment labels, as plain JSON. */
export interface SegmentRules {
  kind: "segment-rules";
  version: 1;
  params: { depth: number; minLeaf: number; features: string[]; sampleSize: number };
  depth: number;
  /** Share of the `n` users the rules assign to the same segment as the clustering. */
  fidelity: number;
  /** Users the coverage, precision and fidelity are measured on: all users but the excluded ones. */
  n: number;
  /**
   * Users the tree was fitted on: all `n` when n ≤ params.sampleSize, else a sample of
   * params.sampleSize of them stratified by segment (each segment in proportion to its size).
   */
  fittedOn: number;
  /** Value a missing feature is read as (the population median), only for features with missing values. */
  missingAs: { feature: string; value: number }[];
  tree: RuleTreeNode;
  rules: SegmentRule[];
  warnings: string[];
}

/** Options of {@link fitSegmentRules}. */
export interface SegmentRulesOptions {
  /** Maximum depth of the tree, i.e. conditions per rule path. Default 3 (short enough for a cohort tool). */
  depth?: number;
  /** Fewest users in a leaf. Default max(1, ⌈1 % of the users⌉), so no rule rests on a handful of users. */
  minLeaf?: number;
  /** Feature names the rules may use. Default every feature of the table. */
  features?: string[];
  /** 1 = leave this user out of the fit (e.g. atypical users). Default none. */
  exclude?: Uint8Array;
  /** Number of segments; default max(label) + 1. */
  k?: number;
  /**
   * Most users the tree is fitted on. Above it, the tree is fitted on a sample of this size
   * stratified by segment (proportional allocation, seeded), and coverage, precision and
   * fidelity are still measured on every user. Default 50,000: at 1M users the rules' fidelity
   * on all users stays within a point of a tree fitted on everyone, at a twentieth of the cost.
   */
  sampleSize?: number;
  /** Seed of the sample. Default 0. */
  seed?: number;
}

/**
 * Fits a shallow Gini CART tree (Breiman et al. 1984; own implementation, see cart.ts) that
 * reproduces the segment labels from the original-unit features, and reads one rule per
 * segment off its leaves (the OR of the paths to the leaves that predict it). Thresholds are
 * rounded to the value with the fewest significant digits that keeps every fitted user on
 * the same side, so rounding never costs fidelity. Missing values are read as the population
 * median (listed in `missingAs`). Deterministic: ties go to the lower feature index, then the
 * lower threshold, then the lower segment id. On more than `sampleSize` users (default 50,000)
 * the tree is fitted on a stratified sample of that size (`fittedOn`), and the coverage,
 * precision and fidelity are measured on all users (`n`).
 *
 * @param table - Per-user features in original units.
 * @param labels - Segment id per user (0..k−1).
 * @param options - See {@link SegmentRulesOptions}.
 * @returns The tree, the rules with coverage and precision, and the fidelity.
 * @throws TypeError when labels or exclude have the wrong length; RangeError for a bad depth,
 *   minLeaf, sampleSize or label, an unknown feature name, or no users.
 * @example
 * const r = fitSegmentRules(table, labels, { depth: 2 });
 * r.rules[0].text; // => "active_days_per_week ≥ 4.5"
 */
export function fitSegmentRules(
  table: FeatureTable,
  labels: Int32Array | number[],
  options: SegmentRulesOptions = {},
): SegmentRules {
  const n = table.ids.length;
  if (labels.length !== n) throw new TypeError(msg.labelsLengthMismatch(labels.length, n));
  const depth = options.depth ?? 3;
  if (!Number.isInteger(depth) || depth < 1 || depth > 10)
    throw new RangeError(msg.badDepth(depth));
  if (options.exclude && options.exclude.length !== n) {
    throw new TypeError(msg.columnLengthMismatch("mask", "exclude", options.exclude.length, n));
  }
  let maxLabel = -1;
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0) throw new RangeError(msg.badLabel(i, l));
    if (l > maxLabel) maxLabel = l;
  }
  const k = Math.max(options.k ?? 0, maxLabel + 1);
  const names = options.features ?? table.featureNames;
  const cols = names.map((name) => {
    const j = table.featureNames.indexOf(name);
    if (j < 0) throw new RangeError(msg.unknownFeature(name, table.featureNames));
    return table.columns[j]!;
  });
  let kept = 0;
  for (let i = 0; i < n; i++) if (!options.exclude || options.exclude[i] === 0) kept++;
  if (kept === 0) throw new RangeError(msg.noUsers());
  const rows = new Int32Array(kept);
  for (let i = 0, t = 0; i < n; i++)
    if (!options.exclude || options.exclude[i] === 0) rows[t++] = i;
  const sampleSize = options.sampleSize ?? 50_000;
  if (!Number.isInteger(sampleSize) || sampleSize < 2)
    throw new RangeError(msg.badSampleSize(sampleSize));
  // The rows the tree is grown on: all kept users, or a stratified sample of them.
  const fitRows =
    kept <= sampleSize
      ? rows
      : pickRows(
          rows,
          stratifiedSample(
            Int32Array.from(rows, (i) => labels[i]!),
            { sampleSize, minPerCluster: 2, seed: options.seed ?? 0 },
          ).indices,
        );
  const minLeaf = options.minLeaf ?? Math.max(1, Math.ceil(0.01 * fitRows.length));
  if (!Number.isInteger(minLeaf) || minLeaf < 1) throw new RangeError(msg.badMinLeaf(minLeaf));

  // Missing values are read as the median of the kept users, so the rules can say the same in SQL (COALESCE).
  const missingAs: { feature: string; value: number }[] = [];
  const fill = cols.map((col, j) => {
    let missing = 0;
    for (let t = 0; t < kept; t++) if (Number.isNaN(col[rows[t]!]!)) missing++;
    if (missing === 0) return 0;
    const finite = new Float64Array(kept - missing);
    for (let t = 0, f = 0; t < kept; t++) {
      const v = col[rows[t]!]!;
      if (!Number.isNaN(v)) finite[f++] = v;
    }
    finite.sort();
    const median = finite.length > 0 ? quantileSorted(finite, 0.5) : 0;
    missingAs.push({ feature: names[j]!, value: median });
    return median;
  });
  // The tree is grown on the sample's values only (missing ones filled), indexed 0..m−1.
  const m = fitRows.length;
  const fitColumns = cols.map((col, j) => {
    const out = new Float64Array(m);
    for (let t = 0; t < m; t++) {
      const v = col[fitRows[t]!]!;
      out[t] = Number.isNaN(v) ? fill[j]! : v;
    }
    return out;
  });
  const fitLabels = Int32Array.from(fitRows, (i) => labels[i]!);
  const tree = growTree(
    { columns: fitColumns, names, labels: fitLabels, k, depth, minLeaf },
    Int32Array.from({ length: m }, (_, t) => t),
  );

  // Coverage, precision and fidelity on every kept user, not only the fitted sample.
  const index = new Map(names.map((name, j) => [name, j]));
  const predicted = new Int32Array(n).fill(-1);
  predictTreeRows(
    tree,
    (f) => ({ values: cols[index.get(f)!]!, missingAs: fill[index.get(f)!]! }),
    rows,
    predicted,
  );
  let agree = 0;
  for (let t = 0; t < kept; t++) if (predicted[rows[t]!] === labels[rows[t]!]) agree++;

  const paths: RuleCondition[][][] = Array.from({ length: k }, () => []);
  collectPaths(tree, [], paths);
  const segSize = new Array<number>(k).fill(0);
  const matched = new Array<number>(k).fill(0);
  const hits = new Array<number>(k).fill(0);
  for (let t = 0; t < kept; t++) {
    const i = rows[t]!;
    segSize[labels[i]!]!++;
    const p = predicted[i]!;
    matched[p]!++;
    if (p === labels[i]) hits[p]!++;
  }
  const rules: SegmentRule[] = [];
  for (let s = 0; s < k; s++) {
    const conditions = paths[s]!.map(simplify);
    rules.push({
      segment: s,
      conditions,
      text: segmentRuleText(conditions),
      matched: matched[s]!,
      coverage: segSize[s]! > 0 ? hits[s]! / segSize[s]! : 0,
      precision: matched[s]! > 0 ? hits[s]! / matched[s]! : null,
    });
  }
  const warnings: string[] = [];
  const without = rules.filter((r) => r.conditions.length === 0).map((r) => r.segment);
  if (without.length > 0) warnings.push(msg.segmentsWithoutRule(without, depth));
  if (missingAs.length > 0) warnings.push(msg.missingAsMedian(missingAs.map((m) => m.feature)));
  return {
    kind: "segment-rules",
    version: 1,
    params: { depth, minLeaf, features: [...names], sampleSize },
    depth,
    fidelity: agree / kept,
    n: kept,
    fittedOn: m,
    missingAs,
    tree,
    rules,
    warnings,
  };
}

function pickRows(rows: Int32Array, positions: Int32Array): Int32Array {
  return Int32Array.from(positions, (p) => rows[p]!);
}

function collectPaths(node: RuleTreeNode, path: RuleCondition[], out: RuleCondition[][][]): void {
  if (node.kind === "leaf") {
    out[node.segment]!.push(path);
    return;
  }
  collectPaths(node.left, [...path, { feature: node.feature, op: "<", value: node.value }], out);
  collectPaths(node.right, [...path, { feature: node.feature, op: ">=", value: node.value }], out);
}

/** Keeps the tightest bound per feature and direction, in the order the features first appear. */
function simplify(path: RuleCondition[]): RuleCondition[] {
  const out: RuleCondition[] = [];
  for (const c of path) {
    const same = out.find((o) => o.feature === c.feature && o.op === c.op);
    if (!same) out.push({ ...c });
    else if (c.op === "<") same.value = Math.min(same.value, c.value);
    else same.value = Math.max(same.value, c.value);
  }
  return out;
}

/**
 * The readable text of a rule: conditions joined by AND, paths by OR (parenthesised when a path
 * has several conditions); "all users" for `[[]]`, "(no rule)" for `[]`.
 *
 * @param conditions - An OR of ANDs, as in {@link SegmentRule.conditions}.
 * @returns The text.
 * @example
 * segmentRuleText([[{ feature: "a", op: ">=", value: 1 }, { feature: "b", op: "<", value: 2 }]]); // => "a ≥ 1 AND b < 2"
 */
export function segmentRuleText(conditions: RuleCondition[][]): string {
  if (conditions.length === 0) return "(no rule)";
  if (conditions.some((p) => p.length === 0)) return "all users";
  const paths = conditions.map((p) =>
    p.map((c) => `${c.feature} ${c.op === "<" ? "<" : "≥"} ${c.value}`).join(" AND "),
  );
  if (paths.length === 1) return paths[0]!;
  return paths.map((p, i) => (conditions[i]!.length > 1 ? `(${p})` : p)).join(" OR ");
}
