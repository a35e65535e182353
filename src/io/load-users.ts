import { SegmentLabError } from "../errors.js";
import { quoteIdent, type Database } from "./database.js";
import { inferColumn } from "./infer-columns.js";
import { describeSource, EXAMPLES_PER_REASON, firstLine, toFiles } from "./load-events.js";
import { headerLines, recordLines } from "./locate.js";
import * as msg from "./messages.js";
import { normaliseDelimiter, relationSql, tempName, type ReadOptions } from "./source.js";
import type { LoadReport, RejectedRow } from "./types.js";

/** Options of {@link loadUsers}. */
export interface LoadUsersOptions {
  /** The user id column (default: inferred — user_id, customerID, CUST_ID, id …; none → row numbers). */
  idCol?: string;
  /** Field delimiter (default: sniffed; `"whitespace"` for runs of blanks). */
  delimiter?: string;
  /** Column names for a headerless file, in file order. */
  columns?: string[];
}

/** How many offending lines a blank-cell note lists. */
const LINES_IN_NOTE = 3;

/**
 * Loads a per-user table (attributes to join, or a whole per-user table such as `cc-general`)
 * into the canonical `users` table (replacing it):
 * `users(user_id VARCHAR NOT NULL UNIQUE, <columns>)`, each column typed DOUBLE when every
 * non-blank cell is a number, TIMESTAMP when every non-blank cell is a date/time, VARCHAR
 * otherwise. Blank cells (empty or only spaces, e.g. telco's `TotalCharges = " "`) become
 * NULL and are counted in the report's notes with their first lines. Rows without an id and
 * repeated ids (the first is kept) are rejected, counted and located. A table with no id
 * column (e.g. wholesale customers) gets row numbers `1, 2, …` as ids.
 *
 * @param db - the database from `openDatabase()`.
 * @param source - a path (CSV/TSV/gz, JSON lines, Parquet) or rows.
 * @param options - id column and reader options.
 * @returns the load report (`minTime`/`maxTime` are not set).
 * @throws SegmentLabError for a missing file or id column, an unreadable file, or no rows left.
 * @example
 * const db = await openDatabase();
 * await loadUsers(db, [{ user_id: "u1", plan: "pro", seats: 3 }]);
 * await db.query("select * from users"); // => [{ user_id: "u1", plan: "pro", seats: 3 }]
 */
export async function loadUsers(
  db: Database,
  source: string | Record<string, unknown>[],
  options: LoadUsersOptions = {},
): Promise<LoadReport> {
  const cleanups: (() => void)[] = [];
  const stage = tempName("users");
  try {
    const files = await toFiles(db, source, options.delimiter, cleanups, "users");
    if (files.length !== 1) throw new SegmentLabError(msg.oneUsersFile(files.length));
    const file = files[0]!;
    const delimiter = normaliseDelimiter(options.delimiter);
    const opts: ReadOptions = {
      ...(delimiter !== undefined && delimiter !== "whitespace" ? { delimiter } : {}),
      ...(options.columns !== undefined ? { columns: options.columns } : {}),
    };
    const cols = await describeSource(db, file, opts);
    const names = cols.map((c) => c.name);
    const notes: string[] = [];
    let id = options.idCol;
    if (id !== undefined && !names.includes(id))
      throw new SegmentLabError(msg.namedColumnMissing(file.label, id, "--id", names));
    if (id === undefined) {
      id = inferColumn(names, "user") ?? inferColumn(names, "id");
      if (id !== undefined) notes.push(msg.noteInferred("user id", id));
      else notes.push(msg.noteRowIds());
    }
    const rej = { table: tempName("rej"), scan: tempName("scan") };
    const useRej = file.format === "csv";
    let relation = relationSql(file, opts, useRej ? rej : undefined);
    if (file.format === "whitespace") {
      const header = opts.columns === undefined ? 1 : 0;
      const sel = names.map((n, i) => `_a[${i + 1}] AS ${quoteIdent(n)}`).join(", ");
      relation = `(SELECT ${sel} FROM (SELECT regexp_split_to_array(trim(l, ' \t\r'), '\\s+') AS _a
        FROM ${relation} WHERE l IS NOT NULL AND trim(l, ' \t\r') <> '' OFFSET ${header}))`;
    }
    try {
      // Insertion order is file order, so rowid + 1 is the record number (for line numbers).
      await db.run(`CREATE OR REPLACE TABLE ${stage}_raw AS SELECT * FROM ${relation}`);
      // A real ordinal column (a window over rowid trips a DuckDB 1.5 internal error).
      await db.run(
        `CREATE OR REPLACE TABLE ${stage} AS SELECT rowid + 1 AS _ord, * FROM ${stage}_raw`,
      );
      await db.run(`DROP TABLE ${stage}_raw`);
    } catch (e) {
      throw new SegmentLabError(msg.unreadable(file.label, firstLine(e)), { cause: e });
    }
    const byReason: Record<string, number> = {};
    const examples: RejectedRow[] = [];
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
        const reason =
          r.error_type === "MISSING COLUMNS"
            ? msg.reasons.shortLine
            : r.error_type === "TOO MANY COLUMNS"
              ? msg.reasons.longLine
              : msg.reasons.malformed;
        byReason[reason] = (byReason[reason] ?? 0) + 1;
        rejectedLines.push(Number(r.line));
        if (examples.filter((e) => e.reason === reason).length < EXAMPLES_PER_REASON)
          examples.push({
            file: file.label,
            line: Number(r.line),
            ...(r.column_name !== null ? { column: r.column_name } : {}),
            value: r.csv_line,
            reason,
          });
      }
      await db.run(`DROP TABLE IF EXISTS ${rej.table}; DROP TABLE IF EXISTS ${rej.scan}`);
    }
    const header = await headerLines(db, file, opts);
    const toLines = (ords: number[]) => recordLines(db, file, ords, header, rejectedLines);

    const total = Number(
      (await db.query<{ n: bigint }>(`SELECT count(*) AS n FROM ${stage}`))[0]!.n,
    );
    const idExpr =
      id === undefined
        ? "CAST(_ord AS VARCHAR)"
        : `NULLIF(trim(CAST(${quoteIdent(id)} AS VARCHAR), ' \t\r'), '')`;

    // Rejected rows: no id, or an id seen before (the first occurrence is kept).
    const bad = await db.query<{ ord: bigint; why: number; v: string | null }>(
      `SELECT _ord AS ord, CASE WHEN _id IS NULL THEN 1 ELSE 2 END AS why, _raw AS v FROM (
         SELECT _ord, ${idExpr} AS _id, ${id === undefined ? "NULL" : `CAST(${quoteIdent(id)} AS VARCHAR)`} AS _raw,
           count(*) OVER (PARTITION BY ${idExpr} ORDER BY _ord ROWS UNBOUNDED PRECEDING) AS _k
         FROM ${stage}) WHERE _id IS NULL OR _k > 1 ORDER BY ord`,
    );
    const keepSql =
      bad.length === 0
        ? ""
        : `WHERE _ord NOT IN (SELECT unnest([${bad.map((b) => Number(b.ord)).join(", ")}]))`;
    if (bad.length > 0) {
      const lines = await toLines(bad.slice(0, 2 * EXAMPLES_PER_REASON).map((b) => Number(b.ord)));
      for (const b of bad) {
        const reason = b.why === 1 ? msg.reasons.missingUser : msg.reasons.duplicateUser;
        byReason[reason] = (byReason[reason] ?? 0) + 1;
        if (examples.filter((e) => e.reason === reason).length < EXAMPLES_PER_REASON) {
          const ord = Number(b.ord);
          examples.push({
            file: file.label,
            line: lines.get(ord) ?? ord,
            column: id!,
            value: b.v ?? "",
            reason,
          });
        }
      }
    }
    const loaded = total - bad.length;
    if (loaded === 0)
      throw new SegmentLabError(msg.noRowsLeft([file.label], total + rejectedLines.length));

    // Type each attribute column from its non-blank cells, in one aggregate pass.
    const attrs = cols.filter((c) => c.name !== id && c.name !== "user_id" && c.name !== "_ord");
    const typed: { name: string; sql: string; type: string }[] = [];
    const textCols = attrs.filter((c) => c.type === "VARCHAR");
    const stats = new Map<string, { nonBlank: number; num: number; time: number; blank: number }>();
    if (textCols.length > 0) {
      const parts = textCols.flatMap((c, i) => {
        const x = `NULLIF(trim(${quoteIdent(c.name)}, ' \t\r'), '')`;
        return [
          `count(${x}) AS nb${i}`,
          `count(TRY_CAST(${x} AS DOUBLE)) AS nu${i}`,
          `count(TRY_CAST(${x} AS TIMESTAMP)) AS ti${i}`,
          `count(*) - count(${x}) AS bl${i}`,
        ];
      });
      const r = (
        await db.query<Record<string, bigint>>(
          `SELECT ${parts.join(", ")} FROM ${stage} ${keepSql}`,
        )
      )[0]!;
      textCols.forEach((c, i) =>
        stats.set(c.name, {
          nonBlank: Number(r[`nb${i}`]),
          num: Number(r[`nu${i}`]),
          time: Number(r[`ti${i}`]),
          blank: Number(r[`bl${i}`]),
        }),
      );
    }
    for (const c of attrs) {
      const q = quoteIdent(c.name);
      const s = stats.get(c.name);
      if (s === undefined) {
        const t = c.type.toUpperCase();
        const isNum =
          /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/.test(
            t,
          );
        const isTime = t.startsWith("TIMESTAMP") || t === "DATE";
        typed.push(
          isNum
            ? { name: c.name, sql: `CAST(${q} AS DOUBLE)`, type: "DOUBLE" }
            : isTime
              ? { name: c.name, sql: `CAST(${q} AS TIMESTAMP)`, type: "TIMESTAMP" }
              : { name: c.name, sql: `CAST(${q} AS VARCHAR)`, type: "VARCHAR" },
        );
        continue;
      }
      const x = `NULLIF(trim(${q}, ' \t\r'), '')`;
      if (s.nonBlank > 0 && s.num === s.nonBlank)
        typed.push({ name: c.name, sql: `TRY_CAST(${x} AS DOUBLE)`, type: "DOUBLE" });
      else if (s.nonBlank > 0 && s.time === s.nonBlank)
        typed.push({ name: c.name, sql: `TRY_CAST(${x} AS TIMESTAMP)`, type: "TIMESTAMP" });
      else typed.push({ name: c.name, sql: x, type: "VARCHAR" });
    }
    // Blank cells in every column: counted with their first lines, so nothing is silently missing.
    for (const c of attrs) {
      const s = stats.get(c.name);
      const q = quoteIdent(c.name);
      const blankCond =
        s !== undefined ? `NULLIF(trim(${q}, ' \t\r'), '') IS NULL` : `${q} IS NULL`;
      const rows = await db.query<{ ord: bigint; n: bigint }>(
        `SELECT _ord AS ord, count(*) OVER () AS n FROM ${stage}
         WHERE ${blankCond} ${keepSql ? "AND " + keepSql.slice(6) : ""} ORDER BY _ord LIMIT ${LINES_IN_NOTE}`,
      );
      if (rows.length === 0) continue;
      const lines = await toLines(rows.map((r) => Number(r.ord)));
      const where = rows.map((r) => `${file.label}:${lines.get(Number(r.ord)) ?? Number(r.ord)}`);
      const n = Number(rows[0]!.n);
      notes.push(
        msg.noteBlankCells(
          c.name,
          n,
          n > rows.length ? `first at ${where.join(", ")}` : `at ${where.join(", ")}`,
        ),
      );
    }
    await db.run(`DROP TABLE IF EXISTS users`);
    const defs = typed.map((t) => `, ${quoteIdent(t.name)} ${t.type}`).join("");
    await db.run(`CREATE TABLE users (user_id VARCHAR NOT NULL UNIQUE${defs})`);
    await db.run(
      `INSERT INTO users SELECT ${idExpr}${typed.map((t) => `, ${t.sql}`).join("")} FROM ${stage} ${keepSql} ORDER BY _ord`,
    );
    return {
      files: [file.label],
      rowsRead: total + rejectedLines.length,
      rowsLoaded: loaded,
      rejectedByReason: byReason,
      examples: examples.sort((a, b) =>
        a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : a.line - b.line,
      ),
      users: loaded,
      notes,
    };
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${stage}; DROP TABLE IF EXISTS ${stage}_raw`);
    for (const c of cleanups) c();
  }
}
