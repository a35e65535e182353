import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SegmentLabError } from "../errors.js";
import { trackTempPath, untrackTempPath } from "./temp-paths.js";

/**
 * An embedded, in-memory DuckDB database holding the loaded usage data.
 *
 * Canonical tables (created by `loadEvents` / `loadUsers`, read by `features/`):
 * - `events(user_id VARCHAR NOT NULL, ts TIMESTAMP NOT NULL -- UTC wall clock,
 *    event VARCHAR NOT NULL, value DOUBLE, <property columns>)`
 * - `users(user_id VARCHAR NOT NULL UNIQUE, <attribute columns>)`
 */
export interface Database {
  /** The DuckDB connection, for stages that stream columns directly. */
  readonly connection: DuckDBConnection;
  /** Runs a statement and discards its result. */
  run(sql: string): Promise<void>;
  /** Runs a query and returns its rows as plain JS objects (BIGINT → bigint, TIMESTAMP → Date). */
  query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Runs a query and returns its columns as plain JS arrays keyed by column name. */
  queryColumns(sql: string): Promise<Record<string, unknown[]>>;
  /** Frees the database. Safe to call twice. */
  close(): void;
}

/** Options of {@link openDatabase}. */
export interface DatabaseOptions {
  /** DuckDB worker threads (default: all cores). */
  threads?: number;
  /**
   * DuckDB's memory limit, e.g. `"500MB"` (default: DuckDB's, 80 % of RAM). With a limit DuckDB
   * evicts and spills to a temporary folder instead of holding everything: a 10M-event feature
   * run peaks under 1 GB with `"500MB"`.
   */
  memoryLimit?: string;
}

/**
 * Opens a fresh in-memory DuckDB database, set to UTC so that times never depend on the machine.
 *
 * @param options - see {@link DatabaseOptions}.
 * @example
 * const db = await openDatabase();
 * await db.query("select 1 as one"); // => [{ one: 1 }]
 * db.close();
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const config: Record<string, string> = {};
  let spillDir: string | null = null;
  if (options.threads !== undefined) config["threads"] = String(options.threads);
  if (options.memoryLimit !== undefined) {
    if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(options.memoryLimit.trim()))
      throw new SegmentLabError(
        `memory limit ${JSON.stringify(options.memoryLimit)}: expected a size such as 500MB or 2GB`,
      );
    config["memory_limit"] = options.memoryLimit.trim();
    // Spill into a private temporary folder (removed on close), never into the user's folder.
    spillDir = fs.mkdtempSync(path.join(os.tmpdir(), "segmentlab-duckdb-"));
    config["temp_directory"] = spillDir;
    trackTempPath(spillDir);
  }
  const instance = await DuckDBInstance.create(":memory:", config);
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  let closed = false;
  return {
    connection,
    async run(sql) {
      await connection.run(sql);
    },
    async query<T extends Record<string, unknown>>(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as T[];
    },
    async queryColumns(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getColumnsObjectJS() as Record<string, unknown[]>;
    },
    close() {
      if (closed) return;
      closed = true;
      connection.closeSync();
      instance.closeSync();
      if (spillDir !== null) {
        fs.rmSync(spillDir, { recursive: true, force: true });
        untrackTempPath(spillDir);
      }
    },
  };
}

/**
 * Quotes an identifier for DuckDB/PostgreSQL-style SQL: wraps it in double quotes and doubles
 * any double quote inside, so a column or event name from data can never inject SQL.
 *
 * @example
 * quoteIdent('weird "name"; drop'); // => '"weird ""name""; drop"'
 */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Quotes a string literal for DuckDB/PostgreSQL-style SQL (single quotes doubled).
 *
 * @example
 * quoteLiteral("it's"); // => "'it''s'"
 */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
