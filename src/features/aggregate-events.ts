import { DuckDBDataChunk, DOUBLE, INTEGER, type DuckDBVector } from "@duckdb/node-api";
import type { Database } from "../io/database.js";
import { compileEventsHead, rawAggregatesOf } from "./compile.js";
import type { FeatureContext } from "./context.js";
import { duckdbDialect } from "./dialect.js";
import type { ResolvedFeatureSpec } from "./spec.js";

/** Above this many per-user × per-kind counters the typed engine declines (falls back to SQL). */
const MAX_COUNTERS = 64_000_000;
const DAY = 86400;

/**
 * Computes the raw per-user aggregates of CTE `a` (and `median_session_minutes`) with typed
 * arrays instead of DuckDB's hash aggregate, and stores them in the temporary table `table`
 * (`user_id` + the same columns, all DOUBLE). DuckDB still loads, filters and encodes the data
 * (user and event codes by joins, epoch seconds by `epoch()`, exact value units by DECIMAL), so
 * every number is computed from the same inputs with the same IEEE operations as the SQL path;
 * `test/features/engines.test.ts` checks both paths agree exactly.
 *
 * Why: on 10M events DuckDB's GROUP BY with ~40 conditional aggregates plus a LAG window takes
 * several times longer than one counting pass over typed arrays (see bench/features.ts).
 *
 * @param db - The database with `events`.
 * @param spec - Validated spec.
 * @param context - Resolved context.
 * @param table - Name of the temporary table to create.
 * @returns False (and creates nothing) when the data is too wide for the typed engine.
 * @example
 * await aggregateEventsTyped(db, parseFeatureSpec({}), ctx, "_agg"); // => true
 * @internal
 */
export async function aggregateEventsTyped(
  db: Database,
  spec: ResolvedFeatureSpec,
  context: FeatureContext,
  table: string,
): Promise<boolean> {
  const need = rawAggregatesOf(spec, context);
  const q = duckdbDialect.quoteIdent;
  const head = compileEventsHead(spec);
  const uids = `${table}_uids`;
  const kinds = `${table}_kinds`;
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${q(uids)} AS SELECT user_id, CAST(row_number() OVER (ORDER BY user_id) - 1 AS INTEGER) AS ui FROM (SELECT DISTINCT user_id FROM ${q("events")})`,
  );
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${q(kinds)} AS SELECT event, CAST(row_number() OVER (ORDER BY event) - 1 AS INTEGER) AS ec FROM (SELECT DISTINCT event FROM ${q("events")})`,
  );
  const cleanup = async () => {
    await db.run(`DROP TABLE IF EXISTS ${q(uids)}`);
    await db.run(`DROP TABLE IF EXISTS ${q(kinds)}`);
  };
  const nUsers = Number((await db.query<{ n: bigint }>(`SELECT COUNT(*) AS n FROM ${q(uids)}`))[0]!.n); // prettier-ignore
  const kindRows = await db.query<{ event: string; ec: number }>(`SELECT event, ec FROM ${q(kinds)}`); // prettier-ignore
  const C = kindRows.length;
  if (nUsers * Math.max(C, 1) > MAX_COUNTERS) {
    await cleanup();
    return false;
  }
  const codeOf = new Map(kindRows.map((k) => [k.event, k.ec]));
  const chosen = context.events.map((e) => codeOf.get(e) ?? -1);
  const b = (await db.query<{ e0: number; e1: number; t0: string; t1: string }>(`WITH ${head.join(",\n")} SELECT e0, e1, CAST(t0 AS VARCHAR) AS t0, CAST(t1 AS VARCHAR) AS t1 FROM bounds_s`))[0]!; // prettier-ignore
  const mid = (b.e0 + b.e1) / 2;
  const gap = spec.sessionGapMinutes * 60;

  // Per-user accumulators (indexed by the user code, which follows ORDER BY user_id).
  const hist = new Int32Array(nUsers);
  const n = new Float64Array(nUsers);
  const firstEs = new Float64Array(nUsers).fill(Infinity);
  const lastEs = new Float64Array(nUsers).fill(-Infinity);
  const firstEsW = new Float64Array(nUsers).fill(Infinity);
  const cc = new Int32Array(nUsers * C);
  const mix = need.timeMix ? new Float64Array(nUsers * 5) : undefined;
  const orders = need.value ? new Float64Array(nUsers) : undefined;
  const units = need.value ? new Float64Array(nUsers) : undefined;
  const firstHalf = need.trend ? new Float64Array(nUsers) : undefined;
  // In-window (user, time) pairs for the ordered features (days, weeks, sessions), allocated
  // once at their exact size (growing by doubling would briefly hold both copies).
  const lit = (t: string) => `CAST(${duckdbDialect.quoteString(t)} AS TIMESTAMP)`;
  const explicitEnd = spec.window?.to !== undefined || spec.window?.asOf !== undefined;
  const where = `ev.ts ${explicitEnd ? "<" : "<="} ${lit(b.t1)}`;
  const inWindow = need.lag
    ? Number((await db.query<{ n: bigint }>(`SELECT COUNT(*) AS n FROM ${q("events")} AS ev WHERE ${where} AND ev.ts >= ${lit(b.t0)}`))[0]!.n) // prettier-ignore
    : 0;
  let lagU = new Int32Array(inWindow);
  const lagT = new Float64Array(inWindow);
  let lagN = 0;

  const valueExpr = need.value
    ? ", CAST(CAST(ev.value AS DECIMAL(38, 6)) * 1000000 AS DOUBLE) AS vu"
    : "";
  // The same filter and flag as CTE `ev` (TIMESTAMP comparisons with the window bounds), with
  // the bounds as literals so DuckDB does not materialize a CTE; streamed chunk by chunk so the
  // 10M-row result is never held whole.
  const result = await db.connection.stream(
    `SELECT k.ui, c.ec, epoch(ev.ts) AS es, CASE WHEN ev.ts >= ${lit(b.t0)} THEN 1 ELSE 0 END AS inw${valueExpr}
     FROM ${q("events")} AS ev JOIN ${q(uids)} AS k USING (user_id) JOIN ${q(kinds)} AS c USING (event)
     WHERE ${where}`,
  );
  const items = <T>(v: DuckDBVector) => (v as unknown as { items: T }).items;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    const rows = chunk.rowCount;
    const U = items<Int32Array>(chunk.getColumnVector(0));
    const E = items<Int32Array>(chunk.getColumnVector(1));
    const T = items<Float64Array>(chunk.getColumnVector(2));
    const W = items<Int32Array>(chunk.getColumnVector(3));
    const V = need.value ? chunk.getColumnVector(4) : undefined;
    for (let i = 0; i < rows; i++) {
      const u = U[i]!;
      const es = T[i]!;
      hist[u]++;
      if (es < firstEs[u]!) firstEs[u] = es;
      if (es > lastEs[u]!) lastEs[u] = es;
      if (W[i] !== 1) continue;
      n[u]++;
      if (es < firstEsW[u]!) firstEsW[u] = es;
      cc[u * C + E[i]!]!++;
      if (mix) {
        const day = Math.floor(es / DAY);
        const dow = (((day + 3) % 7) + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
        const hour = Math.floor((es - day * DAY) / 3600);
        if (dow >= 5) mix[u * 5]++;
        mix[u * 5 + 1 + (hour < 6 ? 0 : hour < 12 ? 1 : hour < 18 ? 2 : 3)]++;
      }
      if (V) {
        const v = V.getItem(i) as number | null;
        if (v !== null) {
          orders![u]!++;
          units![u] += v;
        }
      }
      if (firstHalf && es < mid) firstHalf[u]++;
      if (need.lag) {
        lagU[lagN] = u;
        lagT[lagN++] = es;
      }
    }
  }

  // Ordered features: bucket the in-window times by user (counting sort), sort each bucket.
  const days = new Float64Array(nUsers);
  const weeks = new Float64Array(nUsers);
  const sessions = new Float64Array(nUsers);
  const median = new Float64Array(nUsers).fill(NaN);
  if (need.lag) {
    const start = new Int32Array(nUsers + 1);
    for (let u = 0; u < nUsers; u++) start[u + 1] = start[u]! + n[u]!;
    // In place (American flag sort): swapping (user, time) pairs into their user's bucket
    // needs no third array of 10M times; the order inside a bucket is fixed by the sort below.
    const pos = start.slice(0, nUsers);
    for (let b = 0; b < nUsers; b++) {
      const end = start[b + 1]!;
      while (pos[b]! < end) {
        const i = pos[b]!;
        const k = lagU[i]!;
        if (k === b) {
          pos[b]++;
          continue;
        }
        const j = pos[k]!++;
        lagU[i] = lagU[j]!;
        lagU[j] = k;
        const t = lagT[i]!;
        lagT[i] = lagT[j]!;
        lagT[j] = t;
      }
    }
    const sorted = lagT;
    lagU = new Int32Array(0);
    const lens: number[] = [];
    for (let u = 0; u < nUsers; u++) {
      const a = start[u]!;
      const z = start[u + 1]!;
      if (z === a) continue;
      const seg = sorted.subarray(a, z).sort();
      let d = 0;
      let w = 0;
      let s = 0;
      lens.length = 0;
      let sStart = seg[0]!;
      for (let i = 0; i < seg.length; i++) {
        const es = seg[i]!;
        if (i === 0) {
          d++;
          w++;
          s++;
          continue;
        }
        const prev = seg[i - 1]!;
        if (Math.floor(es / DAY) !== Math.floor(prev / DAY)) d++;
        if (Math.floor((Math.floor(es / DAY) + 3) / 7) !== Math.floor((Math.floor(prev / DAY) + 3) / 7)) w++; // prettier-ignore
        if (es - prev > gap) {
          s++;
          lens.push(prev - sStart);
          sStart = es;
        }
      }
      lens.push(seg[seg.length - 1]! - sStart);
      days[u] = d;
      weeks[u] = w;
      sessions[u] = s;
      if (need.sessionsMedian) median[u] = quantileHalf(lens) / 60;
    }
  }

  // Write the aggregates back: the columns of CTE `a`, in the SQL path's names.
  const cols: [string, (u: number) => number | null][] = [
    ["n", (u) => n[u]!],
    ["first_es", (u) => firstEs[u]!],
    ["last_es", (u) => lastEs[u]!],
    ["first_es_w", (u) => (n[u]! > 0 ? firstEsW[u]! : null)],
  ];
  if (need.lag) {
    cols.push(["days", (u) => days[u]!], ["weeks", (u) => weeks[u]!]);
    cols.push(["sessions", (u) => sessions[u]!]);
  }
  if (need.breadth)
    cols.push([
      "kinds",
      (u) => {
        let k = 0;
        for (let c = u * C; c < u * C + C; c++) if (cc[c]! > 0) k++;
        return k;
      },
    ]);
  chosen.forEach((code, i) => cols.push([`c${i}`, (u) => (code < 0 ? 0 : cc[u * C + code]!)]));
  if (mix)
    ["weekend", "night", "morning", "afternoon", "evening"].forEach((name, j) =>
      cols.push([name, (u) => mix[u * 5 + j]!]),
    );
  if (orders && units) {
    cols.push(["orders", (u) => orders[u]!]);
    // DECIMAL(38,6) → DOUBLE is the integer count of micro-units divided by 10^6.
    cols.push(["value_sum", (u) => units[u]! / 1000000]);
  }
  if (firstHalf) cols.push(["first_half", (u) => firstHalf[u]!]);
  if (need.sessionsMedian)
    cols.push(["median_session_minutes", (u) => (Number.isNaN(median[u]!) ? null : median[u]!)]);

  const raw = `${table}_raw`;
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${q(raw)} (ui INTEGER, ${cols.map(([c]) => `${q(c)} DOUBLE`).join(", ")})`,
  );
  const appender = await db.connection.createAppender(raw, "main", "temp");
  const types = [INTEGER, ...cols.map(() => DOUBLE)];
  const present: number[] = [];
  for (let u = 0; u < nUsers; u++) if (hist[u]! > 0) present.push(u);
  for (let off = 0; off < present.length; off += 2048) {
    const part = present.slice(off, off + 2048);
    const chunk = DuckDBDataChunk.create(types, part.length);
    chunk.setColumnValues(0, part);
    cols.forEach(([, f], j) => chunk.setColumnValues(j + 1, part.map(f)));
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
  appender.closeSync();
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${q(table)} AS SELECT k.user_id, r.* EXCLUDE (ui) FROM ${q(raw)} AS r JOIN ${q(uids)} AS k USING (ui)`,
  );
  await db.run(`DROP TABLE ${q(raw)}`);
  await cleanup();
  return true;
}

/** DuckDB's `quantile_cont(x, 0.5)`: lo · (1 − d) + hi · d between the two middle values (checked bit for bit). */
function quantileHalf(values: number[]): number {
  const v = Float64Array.from(values).sort();
  const rn = (v.length - 1) * 0.5;
  const lo = Math.floor(rn);
  const hi = Math.ceil(rn);
  return lo === hi ? v[lo]! : v[lo]! * (1 - (rn - lo)) + v[hi]! * (rn - lo);
}
