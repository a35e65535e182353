import type { FeatureTable } from "../../src/features/types.js";

/** A small hand-made FeatureTable: numeric columns by name (NaN = missing), attributes beside. */
export function makeTable(
  cols: Record<string, number[]>,
  attrs: Record<string, (string | null)[]> = {},
  ids?: string[],
): FeatureTable {
  const names = Object.keys(cols);
  const n = names.length > 0 ? cols[names[0]!]!.length : (Object.values(attrs)[0]?.length ?? 0);
  return {
    ids: ids ?? Array.from({ length: n }, (_, i) => `u${String(i).padStart(3, "0")}`),
    features: names.map((name) => ({
      name,
      family: "table" as const,
      description: name,
      unit: "count",
    })),
    featureNames: names,
    columns: names.map((name) => Float64Array.from(cols[name]!)),
    attributes: Object.entries(attrs).map(([name, values]) => ({ name, values })),
  };
}

/** Column j of a row-major matrix as a plain array. */
export function column(m: { data: Float64Array; rows: number; cols: number }, j: number): number[] {
  return Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]!);
}

/** Options that switch off every automatic step, so a test sees one step at a time. */
export const plain = {
  skewThreshold: null,
  winsorize: false,
  scaling: "none",
  dropConstant: false,
  duplicateThreshold: null,
} as const;
