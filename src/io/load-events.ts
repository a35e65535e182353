import { SegmentLabError } from "../errors.js";
import { quoteIdent, quoteLiteral, type Database } from "./database.js";
import { inferColumn } from "./infer-columns.js";
import { headerLines, recordLines } from "./locate.js";
import * as msg from "./messages.js";
import {
  normaliseDelimiter,
  relationSql,
  resolveFiles,
  rowsToTempFile,
  tempName,
  type ReadOptions,
  type SourceFile,
} from "./source.js";
import { chooseTimeParse, type TimeParse } from "./time-expr.js";
import type { ColumnMapping, LoadReport, RejectedRow } from "./types.js";

/** At most this many example rows are kept per rejection reason. */
export const EXAMPLES_PER_REASON = 10;

/** Canonical names that property columns may not take. */
const CANONICAL = new Set(["user_id", "ts", "event", "value"]);

/** Row-level rejection codes stored in the staging table, and their report reasons. */
const CODE_REASON: Record<number, string> = {
  1: msg.reasons.missingUser,
  2: msg.reasons.missingTime,
  3: msg.reasons.badTime,
  4: msg.reasons.missingEvent,
  5: msg.reasons.badValue,
  6: msg.reasons.shortLine,
  7: msg.reasons.longLine,
  8: msg.reasons.valueOutOfRange,
};

/** DuckDB CSV reader error types → report reasons. */
function structuralReason(errorType: string): string {
  if (errorType === "MISSING COLUMNS") return msg.reasons.shortLine;
  if (errorType === "TOO MANY COLUMNS") return msg.reasons.longLine;
  return msg.reasons.malformed;
}

/** The columns of one file and their DuckDB types. */
export async function describeSource(
  db: Database,
  file: SourceFile,
  opts: ReadOptions,
): Promise<{ name: string; type: string }[]> {
  if (file.format === "whitespace") {
    const first = await db.query<{ l: string }>(
      `SELECT l FROM ${relationSql(file, opts)} WHERE l IS NOT NULL AND trim(l, ' \t\r') <> '' LIMIT 1`,
    );
    const n = first.length === 0 ? 0 : splitWhitespace(first[0]!.l).length;
    const names = opts.columns ?? (first.length === 0 ? [] : splitWhitespace(first[0]!.l));
    if (opts.columns !== undefined && opts.columns.length !== n && n > 0)
      throw new SegmentLabError(msg.columnCountMismatch(file.label, opts.columns.length, n));
    return names.map((name) => ({ name, type: "VARCHAR" }));
  }
  try {
    const rows = await db.query<{ column_name: string; column_type: string }>(
      `DESCRIBE SELECT * FROM ${relationSql(file, opts)}`,
    );
    const cols = rows.map((r) => ({ name: r.column_name, type: r.column_type }));
    if (file.format === "csv" && opts.delimiter === undefined && cols.length === 1) {
      // The sniffer settles on one column when ragged rows confuse it; a header that holds a
      // usual delimiter says otherwise, so read again with the most frequent one.
      const head = cols[0]!.name;
      const best = [",", "\t", ";", "|"]
        .map((d) => ({ d, k: head.split(d).length - 1 }))
        .sort((a, b) => b.k - a.k)[0]!;
      if (best.k > 0) {
        opts.delimiter = best.d;
        return describeSource(db, file, opts);
      }
    }
    if (opts.columns !== undefined && file.format === "csv") {
      // DuckDB pads missing names with column<N>; more names than fields leaves extra names unused.
      const sniffed = await db.query<{ n: bigint }>(
        `SELECT len(Columns) AS n FROM sniff_csv(${quoteLiteral(file.path)}${
          opts.delimiter !== undefined ? `, delim = ${quoteLiteral(opts.delimiter)}` : ""
        }, header = false)`,
      );
      const found = Number(sniffed[0]?.n ?? cols.length);
      if (found !== opts.columns.length)
        throw new SegmentLabError(msg.columnCountMismatch(file.label, opts.columns.length, found));
    }
    return cols;
  } catch (e) {
    if (e instanceof SegmentLabError) throw e;
    throw new SegmentLabError(msg.unreadable(file.label, firstLine(e)), { cause: e });
  }
}

function splitWhitespace(line: string): string[] {
  return line.trim().split(/\s+/);
}

/** First line of a DuckDB error, without its "Invalid Input Error:" style prefix noise. */
export function firstLine(e: unknown): string {
  return String((e as Error).message ?? e).split("\n")[0]!;
}

/**
 * The relation with named columns for one file: for whitespace-separated text, each line is
 * split on runs of blanks (native DuckDB regex split, no JS per row) and `_nf` holds the
 * number of fields so that short and long lines are rejected with their line number.
 */
function namedRelation(
  file: SourceFile,
  opts: ReadOptions,
  names: string[],
  rej?: { table: string; scan: string },
): string {
  if (file.format !== "whitespace") return relationSql(file, opts, rej);
  const header = opts.columns === undefined ? 1 : 0;
  const sel = names.map((n, i) => `_a[${i + 1}] AS ${quoteIdent(n)}`).join(", ");
  return `(SELECT ${sel}, len(_a) AS _nf, array_to_string(_a, ' ') AS _wl FROM (
      SELECT regexp_split_to_array(trim(l, ' \t\r'), '\\s+') AS _a FROM ${relationSql(file, opts)}
      WHERE l IS NOT NULL AND trim(l, ' \t\r') <> '' OFFSET ${header}))`;
}

/** Resolved mapping for one load. */
interface Plan {
  user: string;
  time: string;
  event?: string;
  valueCol?: string;
  valueFrom?: string[];
  properties: string[];
  time0: TimeParse;
}

function planMapping(
  file: SourceFile,
  cols: { name: string; type: string }[],
  mapping: ColumnMapping,
  notes: string[],
): Omit<Plan, "time0"> {
  const names = cols.map((c) => c.name);
  const has = (c: string) => names.includes(c);
  const need = (c: string | undefined, flag: string): string | undefined => {
    if (c !== undefined && !has(c))
      throw new SegmentLabError(msg.namedColumnMissing(file.label, c, flag, names));
    return c;
  };
  let user = need(mapping.userCol, "--user-col");
  if (user === undefined) {
    user = inferColumn(names, "user");
    if (user === undefined)
      throw new SegmentLabError(msg.columnNotFound(file.label, "user id", "--user-col", names));
    notes.push(msg.noteInferred("user id", user));
  }
  let time = need(mapping.timeCol, "--time-col");
  if (time === undefined) {
    time = inferColumn(names, "time");
    if (time === undefined)
      throw new SegmentLabError(msg.columnNotFound(file.label, "time", "--time-col", names));
    notes.push(msg.noteInferred("time", time));
  }
  let event = need(mapping.eventCol, "--event-col");
  if (event === undefined) {
    event = inferColumn(names, "event");
    if (event !== undefined) notes.push(msg.noteInferred("event", event));
    else notes.push(msg.noteOneEventKind());
  }
  // `--value-col Quantity*UnitPrice` is the CLI spelling of valueFrom (unless a column has that name).
  let valueFromSpec = mapping.valueFrom;
  let valueColSpec = mapping.valueCol;
  if (valueColSpec !== undefined && valueColSpec.includes("*") && !has(valueColSpec)) {
    valueFromSpec = valueColSpec.split("*").map((c) => c.trim());
    valueColSpec = undefined;
  }
  const valueFrom = valueFromSpec?.map((c) => need(c, "valueFrom")!);
  let valueCol = need(valueColSpec, "--value-col");
  if (valueCol === undefined && valueFrom === undefined) {
    valueCol = inferColumn(names, "value");
    if (valueCol !== undefined) notes.push(msg.noteInferred("value", valueCol));
  }
  const used = new Set([user, time, event, valueCol, ...(valueFrom ?? [])]);
  let properties: string[];
  if (mapping.properties !== undefined) {
    properties = mapping.properties.map((c) => need(c, "--properties")!);
  } else {
    properties = names.filter((n) => !used.has(n) && !CANONICAL.has(n));
  }
  for (const p of properties)
    if (CANONICAL.has(p)) throw new SegmentLabError(msg.propertyNameTaken(file.label, p));
  return {
    user,
    time,
    ...(event !== undefined ? { event } : {}),
    ...(valueCol !== undefined ? { valueCol } : {}),
    ...(valueFrom !== undefined ? { valueFrom } : {}),
    properties,
  };
}

async function sampleTime(
  db: Database,
  file: SourceFile,
  opts: ReadOptions,
  names: string[],
  time: string,
): Promise<string[]> {
  const rows = await db.query<{ v: string }>(
    `SELECT CAST(${quoteIdent(time)} AS VARCHAR) AS v FROM ${namedRelation(file, opts, names)}
     WHERE ${quoteIdent(time)} IS NOT NULL LIMIT 500`,
  );
  return rows.map((r) => r.v);
}

function num(x: string): string {
  return `TRY_CAST(${x} AS DOUBLE)`;
}

/**
 * Empty text → NULL. Cells are not trimmed: trimming every cell tripled the load time, and
 * DuckDB's casts already accept surrounding blanks.
 */
function emptyToNull(x: string, type: string): string {
  return type === "VARCHAR" ? `NULLIF(${x}, '')` : x;
}

function asText(x: string, type: string): string {
  return type === "VARCHAR" ? `NULLIF(${x}, '')` : `CAST(${x} AS VARCHAR)`;
}

/** The SELECT that turns one file's raw columns into canonical columns plus a reject code. */
function stageSelect(
  plan: Plan,
  relation: string,
  types: Map<string, string>,
  whitespace: boolean,
  nCols: number,
): string {
  const q = quoteIdent;
  const ty = (c: string) => types.get(c) ?? "VARCHAR";
  const u = asText(q(plan.user), ty(plan.user));
  const tRaw = emptyToNull(q(plan.time), ty(plan.time));
  const ev = plan.event !== undefined ? asText(q(plan.event), ty(plan.event)) : `'event'`;
  const valueParts = plan.valueFrom ?? (plan.valueCol !== undefined ? [plan.valueCol] : []);
  const value =
    valueParts.length === 0 ? "CAST(NULL AS DOUBLE)" : valueParts.map((c) => num(q(c))).join(" * ");
  // A value is bad when a cell holds text that is not a number; blank cells are a missing
  // value. The trim runs only on the rare cells whose cast failed (CASE evaluates lazily).
  const failed = (c: string) =>
    `CASE WHEN ${num(q(c))} IS NULL AND ${q(c)} IS NOT NULL THEN trim(CAST(${q(c)} AS VARCHAR)) <> '' ELSE false END`;
  const badValue = valueParts.length === 0 ? "false" : valueParts.map(failed).join(" OR ");
  // NaN, ±Infinity and |x| ≥ 1e30 parse as doubles but are no amount anyone spent: they would
  // poison every sum (and the exact DECIMAL(38, 6) sums cannot hold them), so they are rejected.
  const outOfRange = (c: string) =>
    `coalesce(NOT isfinite(${num(q(c))}) OR abs(${num(q(c))}) >= 1e30, false)`;
  const badRange = valueParts.length === 0 ? "false" : valueParts.map(outOfRange).join(" OR ");
  const rangeCol =
    valueParts.length <= 1
      ? quoteLiteral(valueParts[0] ?? "")
      : `CASE ${valueParts.map((c) => `WHEN ${outOfRange(c)} THEN ${quoteLiteral(c)}`).join(" ")} END`;
  const rangeRaw =
    valueParts.length <= 1
      ? `CAST(${q(valueParts[0] ?? plan.user)} AS VARCHAR)`
      : `CASE ${valueParts.map((c) => `WHEN ${outOfRange(c)} THEN CAST(${q(c)} AS VARCHAR)`).join(" ")} END`;
  const badValueCol =
    valueParts.length <= 1
      ? quoteLiteral(valueParts[0] ?? "")
      : `CASE ${valueParts.map((c) => `WHEN ${failed(c)} THEN ${quoteLiteral(c)}`).join(" ")} END`;
  const badValueRaw =
    valueParts.length <= 1
      ? `CAST(${q(valueParts[0] ?? plan.user)} AS VARCHAR)`
      : `CASE ${valueParts.map((c) => `WHEN ${failed(c)} THEN CAST(${q(c)} AS VARCHAR)`).join(" ")} END`;
  const props = plan.properties.map((p) => `CAST(${q(p)} AS VARCHAR) AS ${q(p)}`);
  const shape = whitespace ? `WHEN _nf < ${nCols} THEN 6 WHEN _nf > ${nCols} THEN 7` : "";
  const shapeRaw = whitespace ? `WHEN _nf <> ${nCols} THEN _wl` : "";
  const shapeCol = whitespace ? `WHEN _nf <> ${nCols} THEN NULL` : "";
  return `SELECT _u AS user_id, _ts AS ts, _ev AS event, _v AS value${props.length > 0 ? ", " + props.join(", ") : ""},
    CAST(CASE ${shape} WHEN _u IS NULL THEN 1 WHEN _traw IS NULL THEN 2 WHEN _ts IS NULL THEN 3
      WHEN _ev IS NULL THEN 4 WHEN _badv THEN 5 WHEN ${badRange} THEN 8 END AS UTINYINT) AS _reason,
    CASE ${shapeCol} WHEN _u IS NULL THEN ${quoteLiteral(plan.user)}
      WHEN _traw IS NULL OR _ts IS NULL THEN ${quoteLiteral(plan.time)}
      WHEN _ev IS NULL THEN ${quoteLiteral(plan.event ?? "")} WHEN _badv THEN _badvcol
      WHEN ${badRange} THEN ${rangeCol} END AS _col,
    CASE ${shapeRaw} WHEN _u IS NULL THEN CAST(${q(plan.user)} AS VARCHAR)
      WHEN _traw IS NULL OR _ts IS NULL THEN CAST(${q(plan.time)} AS VARCHAR)
      WHEN _ev IS NULL THEN ${plan.event !== undefined ? `CAST(${q(plan.event)} AS VARCHAR)` : "NULL"}
      WHEN _badv THEN _badvraw WHEN ${badRange} THEN ${rangeRaw} END AS _bad
  FROM (SELECT *, ${u} AS _u, ${tRaw} AS _traw, ${plan.time0.expr(tRaw)} AS _ts, ${ev} AS _ev,
      ${value} AS _v, (${badValue}) AS _badv, ${badValueCol} AS _badvcol, ${badValueRaw} AS _badvraw
    FROM ${relation})`;
}

/**
 * Loads an event log into the canonical `events` table (replacing it): one pass of DuckDB's
 * native reader per file, every column read as text and converted in SQL (`TRY_CAST`,
 * `try_strptime`) so that each failure is counted by reason and located by file and line.
 *
 * Canonical table: `events(user_id VARCHAR NOT NULL, ts TIMESTAMP NOT NULL -- UTC,
 * event VARCHAR NOT NULL, value DOUBLE, <property columns as VARCHAR>)`.
 *
 * Inputs: CSV/TSV with any one-character delimiter (sniffed unless given; `"whitespace"` splits
 * on runs of blanks), gzipped CSV, JSON lines, Parquet; one path, several paths or globs; or an
 * array of row objects (a notebook's data), loaded through the same path. Without an event
 * column every row is one event kind, `event = 'event'`. `mapping.valueFrom` makes the value the
 * product of numeric columns (e.g. `["Quantity", "UnitPrice"]`). Unless `mapping.properties`
 * lists them, every other column is kept as a VARCHAR property.
 *
 * Rows rejected on purpose (missing user id, missing/unparseable time, missing event name,
 * non-numeric value, truncated/short or over-long lines) are counted in the report with up to
 * {@link EXAMPLES_PER_REASON} examples each: file, 1-based line, column and value.
 *
 * @param db - the database from `openDatabase()`.
 * @param source - a path or glob, several of them, or rows.
 * @param mapping - column mapping and reader options (defaults: inferred/sniffed).
 * @returns the load report.
 * @throws SegmentLabError for a missing file, a glob matching nothing, a missing required
 *   column (listing those that exist), an unreadable file, or no rows left.
 * @example
 * const db = await openDatabase();
 * const r = await loadEvents(db, [{ user_id: "u1", ts: "2026-01-01T10:00:00Z", event: "login" }]);
 * r.rowsLoaded; // => 1
 */
export async function loadEvents(
  db: Database,
  source: string | string[] | Record<string, unknown>[],
  mapping: ColumnMapping = {},
): Promise<LoadReport> {
  const cleanups: (() => void)[] = [];
  try {
    const files = await toFiles(db, source, mapping.delimiter, cleanups, "events");
    return await loadEventFiles(db, files, mapping);
  } finally {
    for (const c of cleanups) c();
  }
}

/** Resolves any accepted source into files (rows go through a temporary JSON-lines file). */
export async function toFiles(
  db: Database,
  source: string | string[] | Record<string, unknown>[],
  delimiter: string | undefined,
  cleanups: (() => void)[],
  what: string,
): Promise<SourceFile[]> {
  if (typeof source === "string") source = [source];
  if (!Array.isArray(source)) throw new TypeError(msg.badSource(what));
  if (source.length === 0) throw new SegmentLabError(msg.noInput(what));
  if (source.every((s) => typeof s === "string")) {
    return resolveFiles(db, source as string[], normaliseDelimiter(delimiter));
  }
  const t = rowsToTempFile(source as Record<string, unknown>[]);
  cleanups.push(t.cleanup);
  return [t.file];
}

async function loadEventFiles(
  db: Database,
  files: SourceFile[],
  mapping: ColumnMapping,
): Promise<LoadReport> {
  const delimiter = normaliseDelimiter(mapping.delimiter);
  const opts: ReadOptions = {
    ...(delimiter !== undefined && delimiter !== "whitespace" ? { delimiter } : {}),
    ...(mapping.columns !== undefined ? { columns: mapping.columns } : {}),
  };
  const notes: string[] = [];
  const first = files[0]!;
  const cols0 = await describeSource(db, first, opts);
  const base = planMapping(first, cols0, mapping, notes);
  const timeType = cols0.find((c) => c.name === base.time)!.type;
  const names0 = cols0.map((c) => c.name);
  const sample = await sampleTime(db, first, opts, names0, base.time);
  const time0 = chooseTimeParse(base.time, timeType, sample, mapping.timeFormat);
  if (time0.note?.startsWith("ymd:")) notes.push(msg.noteYmd(base.time));
  if (time0.note?.startsWith("epoch:"))
    notes.push(msg.noteEpoch(base.time, time0.note.split(":")[2]!));
  const plan: Plan = { ...base, time0 };
  await checkTimeParses(db, first, plan, sample, mapping.timeFormat);

  const stage = tempName("stage");
  const propDefs = plan.properties.map((p) => `, ${quoteIdent(p)} VARCHAR`).join("");
  await db.run(
    `CREATE OR REPLACE TABLE ${stage} (user_id VARCHAR, ts TIMESTAMP, event VARCHAR, value DOUBLE${propDefs},
      _reason UTINYINT, _col VARCHAR, _bad VARCHAR)`,
  );
  const ranges: { file: SourceFile; start: number; end: number; rejectedLines: number[] }[] = [];
  const byReason: Record<string, number> = {};
  const examples: RejectedRow[] = [];
  const addExample = (ex: RejectedRow) => {
    if (examples.filter((e) => e.reason === ex.reason).length < EXAMPLES_PER_REASON)
      examples.push(ex);
  };
  let total = 0;
  let structural = 0;
  try {
    for (const file of files) {
      const cols = file === first ? cols0 : await describeSource(db, file, opts);
      const names = cols.map((c) => c.name);
      for (const c of [
        plan.user,
        plan.time,
        plan.event,
        plan.valueCol,
        ...(plan.valueFrom ?? []),
        ...plan.properties,
      ])
        if (c !== undefined && !names.includes(c))
          throw new SegmentLabError(msg.namedColumnMissing(file.label, c, "mapping", names));
      const rej = { table: tempName("rej"), scan: tempName("scan") };
      const useRej = file.format === "csv";
      const relation = namedRelation(file, opts, names, useRej ? rej : undefined);
      try {
        await db.run(
          `INSERT INTO ${stage} ${stageSelect(
            plan,
            relation,
            new Map(cols.map((c) => [c.name, c.type])),
            file.format === "whitespace",
            names.length,
          )}`,
        );
      } catch (e) {
        throw new SegmentLabError(msg.unreadable(file.label, firstLine(e)), { cause: e });
      }
      const count = Number(
        (await db.query<{ n: bigint }>(`SELECT count(*) AS n FROM ${stage}`))[0]!.n,
      );
      const rejectedLines: number[] = [];
      if (useRej) {
        const rj = await db.query<{
          line: bigint;
          error_type: string;
          column_name: string | null;
          csv_line: string;
        }>(
          // One row per line: DuckDB can record the same line twice (sniffing and scanning).
          `SELECT line, min(error_type) AS error_type, min(column_name) AS column_name,
           min(csv_line) AS csv_line FROM ${rej.table} GROUP BY line ORDER BY line`,
        );
        for (const r of rj) {
          const reason = structuralReason(r.error_type);
          byReason[reason] = (byReason[reason] ?? 0) + 1;
          rejectedLines.push(Number(r.line));
          addExample({
            file: file.label,
            line: Number(r.line),
            ...(r.column_name !== null ? { column: r.column_name } : {}),
            value: r.csv_line,
            reason,
          });
        }
        structural += rj.length;
        await db.run(`DROP TABLE IF EXISTS ${rej.table}; DROP TABLE IF EXISTS ${rej.scan}`);
      }
      ranges.push({ file, start: total, end: count, rejectedLines });
      total = count;
    }

    // Row-level rejections: counts, then the first few of each reason located by line.
    const counts = await db.query<{ r: number; n: bigint }>(
      `SELECT _reason AS r, count(*) AS n FROM ${stage} WHERE _reason IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    let rowRejected = 0;
    for (const c of counts) {
      const reason = CODE_REASON[c.r]!;
      byReason[reason] = (byReason[reason] ?? 0) + Number(c.n);
      rowRejected += Number(c.n);
    }
    if (rowRejected > 0) {
      // One small query per reason: a window over rowid hits a DuckDB 1.5 internal error.
      const ex: { id: bigint; r: number; col: string | null; bad: string | null }[] = [];
      for (const c of counts) {
        ex.push(
          ...(await db.query<{ id: bigint; r: number; col: string | null; bad: string | null }>(
            `SELECT rowid AS id, _reason AS r, _col AS col, _bad AS bad FROM ${stage}
             WHERE _reason = ${c.r} ORDER BY rowid LIMIT ${EXAMPLES_PER_REASON}`,
          )),
        );
      }
      for (const range of ranges) {
        const mine = ex.filter((e) => Number(e.id) >= range.start && Number(e.id) < range.end);
        if (mine.length === 0) continue;
        const ords = mine.map((e) => Number(e.id) - range.start + 1);
        const header = await headerLines(db, range.file, opts);
        const lines = await recordLines(db, range.file, ords, header, range.rejectedLines);
        for (const e of mine) {
          const ord = Number(e.id) - range.start + 1;
          const row: RejectedRow = {
            file: range.file.label,
            line: lines.get(ord) ?? ord,
            reason: CODE_REASON[e.r]!,
          };
          if (e.col !== null && e.col !== "") row.column = e.col;
          if (e.bad !== null || e.col !== null) row.value = e.bad ?? "";
          addExample(row);
        }
      }
    }
    const loaded = total - rowRejected;
    const rowsRead = total + structural;
    if (loaded === 0)
      throw new SegmentLabError(
        msg.noRowsLeft(
          files.map((f) => f.label),
          rowsRead,
        ),
      );

    // Turn the staging table into `events` in place (no copy): drop the rejected rows and the
    // bookkeeping columns, rename, then add the NOT NULL constraints (checked by DuckDB).
    if (rowRejected > 0) await db.run(`DELETE FROM ${stage} WHERE _reason IS NOT NULL`);
    for (const c of ["_reason", "_col", "_bad"])
      await db.run(`ALTER TABLE ${stage} DROP COLUMN ${c}`);
    await db.run(`DROP TABLE IF EXISTS events`);
    await db.run(`ALTER TABLE ${stage} RENAME TO events`);
    for (const c of ["user_id", "ts", "event"])
      await db.run(`ALTER TABLE events ALTER COLUMN ${c} SET NOT NULL`);
    const s = (
      await db.query<{ users: bigint; lo: Date | null; hi: Date | null }>(
        `SELECT count(DISTINCT user_id) AS users, min(ts) AS lo, max(ts) AS hi FROM events`,
      )
    )[0]!;
    return {
      files: files.map((f) => f.label),
      rowsRead,
      rowsLoaded: loaded,
      rejectedByReason: byReason,
      examples: orderExamples(examples, files),
      users: Number(s.users),
      ...(s.lo !== null ? { minTime: s.lo.toISOString() } : {}),
      ...(s.hi !== null ? { maxTime: s.hi.toISOString() } : {}),
      notes,
    };
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${stage}`);
  }
}

/** Examples in a stable order: by reason, then file order, then line. */
function orderExamples(ex: RejectedRow[], files: SourceFile[]): RejectedRow[] {
  const fi = new Map(files.map((f, i) => [f.label, i]));
  return [...ex].sort(
    (a, b) =>
      (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0) ||
      fi.get(a.file)! - fi.get(b.file)! ||
      a.line - b.line,
  );
}

/** Fails early, with the first value, when the time column parses for none of the sample. */
async function checkTimeParses(
  db: Database,
  file: SourceFile,
  plan: Plan,
  sample: string[],
  timeFormat: string | undefined,
): Promise<void> {
  const vals = sample.filter((v) => v.trim() !== "").slice(0, 50);
  if (vals.length === 0) return;
  const list = vals.map((v) => `(${quoteLiteral(v)})`).join(", ");
  const ok = await db.query<{ n: bigint }>(
    `SELECT count(${plan.time0.expr("v")}) AS n FROM (VALUES ${list}) AS t(v)`,
  );
  if (Number(ok[0]!.n) === 0)
    throw new SegmentLabError(
      timeFormat !== undefined
        ? msg.badTimeFormat(file.label, plan.time, timeFormat, vals[0]!)
        : msg.cannotParseTime(file.label, plan.time, vals[0]!),
    );
}
