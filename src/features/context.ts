import { SegmentLabError } from "../errors.js";
import type { Database } from "../io/database.js";
import { quoteIdent } from "../io/database.js";
import * as msg from "./messages.js";
import type { ResolvedFeatureSpec } from "./spec.js";

/** How a column of the `users` table can be used. */
export type ColumnKind = "numeric" | "date" | "categorical";

/** A column of the `users` table with its SQL type. */
export interface ColumnInfo {
  name: string;
  /** DuckDB type name, e.g. `DOUBLE`, `TIMESTAMP`, `VARCHAR`. */
  sqlType: string;
  kind: ColumnKind;
}

/**
 * What the compiler needs to know about the data, resolved once so that compiling is a pure
 * function: the same spec + context always gives the same SQL (and the exported SQL stays
 * fixed — e.g. the top-N events are frozen, not recomputed on new data).
 */
export interface FeatureContext {
  source: "events" | "table";
  /** The event kinds counted by the `events` family, in output order (empty when off). */
  events: string[];
  /** Number of distinct event kinds in the whole log (the catalog of the `breadth` family). */
  catalogSize: number;
  /** Columns of `users` other than `user_id` (empty when there is no users table). */
  userColumns: ColumnInfo[];
}

/**
 * Classifies a DuckDB type name.
 *
 * @example
 * columnKind("DECIMAL(10,2)"); // => "numeric"
 * columnKind("TIMESTAMP WITH TIME ZONE"); // => "date"
 */
export function columnKind(sqlType: string): ColumnKind {
  const t = sqlType.toUpperCase();
  if (/^(U?TINYINT|U?SMALLINT|U?INTEGER|U?BIGINT|U?HUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/.test(t))
    return "numeric";
  if (/^(DATE|TIMESTAMP)/.test(t)) return "date";
  return "categorical";
}

/**
 * Reads from the database what compiling `spec` needs (event catalog, top-N events, the users
 * table's columns) and checks that every column and event the spec names exists.
 *
 * @param db - A database holding `events` (and/or `users`), as made by `loadUsageData`.
 * @param spec - A validated spec (see {@link parseFeatureSpec}).
 * @returns The context for {@link compileFeatureSpec}.
 * @throws SegmentLabError when a table, column or event the spec names is missing.
 * @example
 * const ctx = await resolveFeatureContext(db, parseFeatureSpec({ families: { events: { top: 2 } } }));
 * ctx.events; // => ["login", "view"]
 */
export async function resolveFeatureContext(
  db: Database,
  spec: ResolvedFeatureSpec,
): Promise<FeatureContext> {
  const tables = new Set(
    (
      await db.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_name IN ('events', 'users')",
      )
    ).map((r) => r.name),
  );
  const userColumns = tables.has("users") ? await describeUsers(db) : [];
  const need = (table: string) => {
    if (!tables.has(table)) throw new SegmentLabError(msg.missingTable(table, spec.source));
  };

  const available = userColumns.map((c) => c.name);
  const byName = new Map(userColumns.map((c) => [c.name, c]));
  for (const a of spec.attributes) {
    need("users");
    if (!byName.has(a))
      throw new SegmentLabError(msg.unknownColumn("attributes", a, "users", available));
  }

  if (spec.source === "table") {
    need("users");
    for (const c of spec.table?.columns ?? []) {
      const info = byName.get(c);
      if (info === undefined)
        throw new SegmentLabError(msg.unknownColumn("table.columns", c, "users", available));
      if (info.kind !== "numeric")
        throw new SegmentLabError(
          msg.columnWrongType("table.columns", c, info.sqlType, "a numeric type"),
        );
    }
    return { source: "table", events: [], catalogSize: 0, userColumns };
  }

  need("events");
  const signup = spec.families.tenure?.signupColumn;
  if (signup !== undefined) {
    need("users");
    const info = byName.get(signup);
    if (info === undefined)
      throw new SegmentLabError(
        msg.unknownColumn("families.tenure.signupColumn", signup, "users", available),
      );
    if (info.kind !== "date")
      throw new SegmentLabError(
        msg.columnWrongType("families.tenure.signupColumn", signup, info.sqlType, "a date/time"),
      );
  }

  // Kinds by frequency, ties by name (byte order), so top N is deterministic.
  const kinds = await db.query<{ event: string }>(
    "SELECT event FROM events GROUP BY event ORDER BY COUNT(*) DESC, event",
  );
  if (kinds.length === 0) throw new SegmentLabError(msg.noEvents());
  const catalog = kinds.map((k) => k.event);
  let events: string[] = [];
  const ev = spec.families.events;
  if (ev !== undefined) {
    if (ev.events !== undefined) {
      const known = new Set(catalog);
      for (const e of ev.events)
        if (!known.has(e)) throw new SegmentLabError(msg.unknownEvent(e, catalog));
      events = [...new Set(ev.events)];
    } else {
      events = catalog.slice(0, ev.top ?? 10);
    }
  }
  return { source: "events", events, catalogSize: catalog.length, userColumns };
}

async function describeUsers(db: Database): Promise<ColumnInfo[]> {
  const rows = await db.query<{ column_name: string; column_type: string }>(
    `DESCRIBE ${quoteIdent("users")}`,
  );
  return rows
    .filter((r) => r.column_name !== "user_id")
    .map((r) => ({ name: r.column_name, sqlType: r.column_type, kind: columnKind(r.column_type) }));
}
