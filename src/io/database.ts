import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";

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

/**
 * Opens a fresh in-memory DuckDB database, set to UTC so that times never depend on the machine.
 *
 * @param options.threads - DuckDB worker threads (default: all cores).
 * @example
 * const db = await openDatabase();
 * await db.query("select 1 as one"); // => [{ one: 1 }]
 * db.close();
 */
export async function openDatabase(options: { threads?: number } = {}): Promise<Database> {
  const config: Record<string, string> = {};
  if (options.threads !== undefined) config["threads"] = String(options.threads);
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
