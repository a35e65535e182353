import { SegmentLabError } from "../errors.js";
import { openDatabase, type Database, type DatabaseOptions } from "./database.js";
import { loadEvents } from "./load-events.js";
import { loadUsers } from "./load-users.js";
import * as msg from "./messages.js";
import type { ColumnMapping, LoadReport } from "./types.js";

/** What to load: an event log (plus optional user attributes), or a per-user table alone. */
export interface UsageDataInput {
  /** Event log files/globs, or rows. */
  events?: string[] | Record<string, unknown>[];
  /** Per-user attributes joined to the event log (plan, country, signup date …). */
  users?: string | Record<string, unknown>[];
  /** Id column of `users` (default: inferred). */
  usersId?: string;
  /** A per-user table with no event log (`--table FILE`), loaded into `users`. */
  table?: string | Record<string, unknown>[];
  /** Id column of `table` (`--id COL`; default: inferred, else row numbers). */
  tableId?: string;
  /** Column mapping for the event log (its `delimiter`/`columns` also apply to `table`). */
  mapping?: ColumnMapping;
  /** DuckDB settings of the new database (memory limit, threads); ignored with `options.db`. */
  database?: DatabaseOptions;
}

/** The loaded database and what the loads reported. */
export interface LoadedUsageData {
  db: Database;
  /** "events" for an event log (features come from `events`), "table" for a per-user table. */
  kind: "events" | "table";
  eventsReport?: LoadReport;
  usersReport?: LoadReport;
}

/**
 * Loads usage data the way the CLI flags describe it: `events` (+ `users`) into the canonical
 * `events` (and `users`) tables, or `table` (+ `tableId`) into `users` with kind "table".
 *
 * @param input - what to load (exactly one of `events` and `table`).
 * @param options.db - load into this database (default: a new one, which the caller closes).
 * @returns the database, the input kind and the load reports.
 * @throws SegmentLabError when both or neither of `events`/`table` are given, or a load fails.
 * @example
 * const { db, kind } = await loadUsageData({ table: "customers.csv", tableId: "CUST_ID" });
 * kind; // => "table"
 */
export async function loadUsageData(
  input: UsageDataInput,
  options: { db?: Database } = {},
): Promise<LoadedUsageData> {
  const hasEvents = input.events !== undefined && input.events.length > 0;
  const hasTable = input.table !== undefined;
  if (hasEvents === hasTable) throw new SegmentLabError(msg.tableNeedsInput());
  const db = options.db ?? (await openDatabase(input.database ?? {}));
  try {
    if (hasTable) {
      const m = input.mapping ?? {};
      const usersReport = await loadUsers(db, input.table!, {
        ...(input.tableId !== undefined ? { idCol: input.tableId } : {}),
        ...(m.delimiter !== undefined ? { delimiter: m.delimiter } : {}),
        ...(m.columns !== undefined ? { columns: m.columns } : {}),
      });
      return { db, kind: "table", usersReport };
    }
    const eventsReport = await loadEvents(db, input.events!, input.mapping ?? {});
    if (input.users === undefined) return { db, kind: "events", eventsReport };
    const usersReport = await loadUsers(db, input.users, {
      ...(input.usersId !== undefined ? { idCol: input.usersId } : {}),
    });
    return { db, kind: "events", eventsReport, usersReport };
  } catch (e) {
    if (options.db === undefined) db.close();
    throw e;
  }
}
