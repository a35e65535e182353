import type { FeatureFamily, FeatureTable } from "../../src/features/types.js";

/** A FeatureTable from plain columns: `{name: [family, unit, values]}`. */
export function makeTable(
  cols: Record<string, [FeatureFamily, string, number[]]>,
  attributes: Record<string, (string | null)[]> = {},
): FeatureTable {
  const names = Object.keys(cols);
  const n = cols[names[0]!]![2].length;
  return {
    ids: Array.from({ length: n }, (_, i) => `u${String(i).padStart(4, "0")}`),
    features: names.map((name) => ({
      name,
      family: cols[name]![0],
      unit: cols[name]![1],
      description: name.replace(/_/g, " "),
    })),
    featureNames: names,
    columns: names.map((name) => Float64Array.from(cols[name]![2])),
    attributes: Object.entries(attributes).map(([name, values]) => ({ name, values })),
  };
}
