import type { DataFrame } from "danfojs";
import type { FeatureInfo, FeatureTable } from "../features/types.js";
import { duplicateId, missingId, missingIdColumn, noDanfo } from "./messages.js";

/**
 * The part of a danfojs DataFrame the helpers use (so a DataFrame from any danfojs 1.x build,
 * or a look-alike, is accepted).
 */
export interface DataFrameLike {
  columns: string[];
  column(name: string): { values: unknown[] };
  shape: number[];
}

/** Options of {@link fromDataFrame}. */
export interface FromDataFrameOptions {
  /** Column holding the user id. Default "id" when present, else row numbers ("0", "1", …). */
  idColumn?: string;
}

function danfo(): typeof import("danfojs") {
  try {
    // Loaded lazily: danfojs (and TensorFlow.js under it) is optional and slow to load.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("danfojs") as typeof import("danfojs");
  } catch {
    throw new Error(noDanfo());
  }
}

/**
 * A danfojs DataFrame of a FeatureTable: an `id` column, one numeric column per feature
 * (missing values stay NaN) and one string column per attribute (missing: null).
 *
 * @param table - the per-user features.
 * @returns a new DataFrame (the table is not shared).
 * @throws Error when danfojs is not installed.
 * @example
 * const df = toDataFrame(table);
 * df.columns; // => ["id", "events", "days_active", "plan"]
 */
export function toDataFrame(table: FeatureTable): DataFrame {
  const dfd = danfo();
  const data: Record<string, unknown[]> = { id: [...table.ids] };
  table.featureNames.forEach((name, j) => {
    data[name] = Array.from(table.columns[j]!);
  });
  for (const a of table.attributes) data[a.name] = [...a.values];
  return new dfd.DataFrame(data);
}

/**
 * The rows of a DataFrame as plain records (`{ column: value }`), NaN kept as NaN.
 *
 * @param df - a danfojs DataFrame.
 * @returns one record per row, in row order.
 * @example
 * dataFrameToRows(new DataFrame({ a: [1, 2] })); // => [{ a: 1 }, { a: 2 }]
 */
export function dataFrameToRows(df: DataFrameLike): Record<string, unknown>[] {
  const cols = df.columns.map((c) => [c, df.column(c).values] as const);
  const n = df.shape[0] ?? 0;
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const r: Record<string, unknown> = {};
    for (const [c, values] of cols) r[c] = values[i];
    rows.push(r);
  }
  return rows;
}

/**
 * A FeatureTable from a DataFrame: numeric columns become features (null → NaN), other
 * columns become attributes (values as strings, null/NaN → null). Rows are sorted by id, the
 * FeatureTable convention that keeps every later step deterministic. Feature descriptions are
 * empty and their family is "table" (the DataFrame does not say what they measure).
 *
 * @param df - a danfojs DataFrame, one row per user.
 * @param options - see {@link FromDataFrameOptions}.
 * @returns a new FeatureTable.
 * @throws TypeError when the id column is absent, or an id is missing or repeated.
 * @example
 * fromDataFrame(new DataFrame({ id: ["b", "a"], x: [2, 1] })).ids; // => ["a", "b"]
 */
export function fromDataFrame(df: DataFrameLike, options: FromDataFrameOptions = {}): FeatureTable {
  const n = df.shape[0] ?? 0;
  const idColumn = options.idColumn ?? (df.columns.includes("id") ? "id" : undefined);
  if (idColumn !== undefined && !df.columns.includes(idColumn)) {
    throw new TypeError(missingIdColumn(idColumn, df.columns));
  }
  const rawIds =
    idColumn === undefined ? Array.from({ length: n }, (_, i) => i) : df.column(idColumn).values;
  const ids = rawIds.map((v, i) => {
    if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) || v === "") {
      throw new TypeError(missingId(i));
    }
    return String(v);
  });
  const order = ids
    .map((_, i) => i)
    .sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  for (let i = 1; i < order.length; i++) {
    if (ids[order[i]!] === ids[order[i - 1]!]) throw new TypeError(duplicateId(ids[order[i]!]!));
  }
  const features: FeatureInfo[] = [];
  const columns: Float64Array[] = [];
  const attributes: FeatureTable["attributes"] = [];
  for (const name of df.columns) {
    if (name === idColumn) continue;
    const values = df.column(name).values;
    const numeric = values.every((v) => v === null || v === undefined || typeof v === "number");
    if (numeric) {
      const col = new Float64Array(n);
      order.forEach((src, dst) => {
        const v = values[src];
        col[dst] = typeof v === "number" ? v : NaN;
      });
      features.push({ name, family: "table", description: "", unit: "" });
      columns.push(col);
    } else {
      attributes.push({
        name,
        values: order.map((src) => {
          const v = values[src];
          return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))
            ? null
            : String(v);
        }),
      });
    }
  }
  return {
    ids: order.map((i) => ids[i]!),
    features,
    featureNames: features.map((f) => f.name),
    columns,
    attributes,
  };
}

/**
 * True for a danfojs DataFrame (or anything shaped like one).
 *
 * @param v - any value.
 * @returns whether `v` has `columns`, `column()` and `shape`.
 * @example
 * isDataFrameLike([{ a: 1 }]); // => false
 */
export function isDataFrameLike(v: unknown): v is DataFrameLike {
  if (v === null || typeof v !== "object") return false;
  const o = v as Record<string, unknown>;
  return Array.isArray(o.columns) && typeof o.column === "function" && Array.isArray(o.shape);
}
