import type { Database } from "../io/database.js";
import { aggregateEventsTyped } from "./aggregate-events.js";
import { compileFeatureSpec, compileFeatureSpecOver, planFeatures } from "./compile.js";
import { resolveFeatureContext, type FeatureContext } from "./context.js";
import { parseFeatureSpec, type FeatureSpec } from "./spec.js";
import type { FeatureTable } from "./types.js";

/** Options of {@link computeFeatures}. */
export interface ComputeFeaturesOptions {
  /**
   * How the per-user aggregates are computed: `"sql"` runs the compiled SQL (the exported
   * definition) in DuckDB; `"typed"` lets DuckDB load, filter and encode the events, then
   * aggregates them in one pass over typed arrays and runs the same SQL for every derived
   * feature — the same numbers, several times faster on large logs. Default `"auto"`: typed
   * for event logs unless the data is too wide (users × event kinds > 64M), else SQL.
   */
  engine?: "auto" | "sql" | "typed";
}

/** A FeatureTable together with how it was made (for models, exports and reports). */
export interface ComputedFeatures {
  table: FeatureTable;
  /** The SQL that computed it (DuckDB dialect). */
  sql: string;
  /** The resolved context (frozen top-N events, catalog size, user columns). */
  context: FeatureContext;
}

/**
 * Computes per-user features in DuckDB from the canonical `events` / `users` tables.
 *
 * @param db - A database from `loadUsageData` (or any with the canonical tables).
 * @param spec - What to compute (validated here); `{}` gives the default event families.
 * @param options - `engine` (default `"auto"`), see {@link ComputeFeaturesOptions}.
 * @returns One row per user, ids sorted ascending (byte order), `Float64Array` columns with
 *   NaN for missing values, categorical attributes kept aside.
 * @throws SegmentLabError when the spec is invalid or names a missing table, column or event.
 * @example
 * const t = await computeFeatures(db, { families: { activity: {} } });
 * t.featureNames; // => ["events", "active_days", "active_weeks"]
 */
export async function computeFeatures(
  db: Database,
  spec: FeatureSpec,
  options: ComputeFeaturesOptions = {},
): Promise<FeatureTable> {
  return (await computeFeaturesWithSql(db, spec, options)).table;
}

/**
 * Like {@link computeFeatures}, but also returns the SQL it ran and the resolved context.
 *
 * @param db - A database holding the canonical tables.
 * @param spec - The feature spec.
 * @param options - `engine`, see {@link ComputeFeaturesOptions}.
 * @returns `{ table, sql, context }`; `sql` is always the pure-SQL definition.
 * @throws SegmentLabError as {@link computeFeatures}.
 * @example
 * (await computeFeaturesWithSql(db, {})).sql.startsWith("WITH"); // => true
 */
export async function computeFeaturesWithSql(
  db: Database,
  spec: FeatureSpec,
  options: ComputeFeaturesOptions = {},
): Promise<ComputedFeatures> {
  const s = parseFeatureSpec(spec);
  const context = await resolveFeatureContext(db, s);
  const plan = planFeatures(s, context);
  const sql = compileFeatureSpec(s, context);
  const engine = options.engine ?? "auto";
  let run = sql;
  const temp = "_segmentlab_aggregates";
  if (s.source === "events" && engine !== "sql") {
    if (await aggregateEventsTyped(db, s, context, temp))
      run = compileFeatureSpecOver(s, context, temp);
  }
  try {
    return { table: await readFeatures(db, run, plan), sql, context };
  } finally {
    if (run !== sql) await db.run(`DROP TABLE IF EXISTS "${temp}"`);
  }
}

async function readFeatures(
  db: Database,
  sql: string,
  plan: { features: FeatureTable["features"]; attributes: string[] },
): Promise<FeatureTable> {
  const nf = plan.features.length;
  const ids: string[] = [];
  const chunksNum: Float64Array[][] = Array.from({ length: nf }, () => []);
  const attrs: (string | null)[][] = plan.attributes.map(() => []);
  const result = await db.connection.run(sql);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    for (const v of chunk.getColumnValues(0)) ids.push(String(v));
    for (let j = 0; j < nf; j++) {
      const values = chunk.getColumnValues(1 + j);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        out[i] = v === null || v === undefined ? NaN : Number(v);
      }
      chunksNum[j]!.push(out);
    }
    for (let j = 0; j < plan.attributes.length; j++) {
      for (const v of chunk.getColumnValues(1 + nf + j))
        attrs[j]!.push(v === null || v === undefined ? null : String(v));
    }
  }
  const columns = chunksNum.map((parts) => concat(parts, ids.length));
  return {
    ids,
    features: plan.features,
    featureNames: plan.features.map((f) => f.name),
    columns,
    attributes: plan.attributes.map((name, j) => ({ name, values: attrs[j]! })),
  };
}

function concat(parts: Float64Array[], n: number): Float64Array {
  const out = new Float64Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
