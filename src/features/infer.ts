import type { Database } from "../io/database.js";
import { quoteIdent } from "../io/database.js";
import { columnKind, type ColumnInfo } from "./context.js";
import type { FeatureSpec } from "./spec.js";

/** What {@link inferFeatureSpec} looks at: the shape of the loaded data. */
export interface DataSummary {
  /** `"events"` when there is an event log, `"table"` for a per-user table alone. */
  kind: "events" | "table";
  /** Distinct event kinds, most frequent first (events only). */
  eventKinds: string[];
  /** True when the event log has at least one non-null value. */
  hasValue: boolean;
  /** Columns of `users` other than `user_id`, with their distinct non-null counts. */
  userColumns: (ColumnInfo & { distinct: number })[];
}

/** Categorical columns with more distinct values than this (names, emails, ids) are not used. */
const MAX_CATEGORIES = 50;
/** Above this many event kinds, per-event features use the top N instead of listing every kind. */
const MAX_LISTED_EVENTS = 15;
/** Column names that look like a signup date (tenure is then measured from it). */
const SIGNUP = /^(signup|sign_up|signed_up|registered|registration|created|join)(_?(date|at|time|ts))?$/i; // prettier-ignore

/**
 * Reads a {@link DataSummary} from a loaded database.
 *
 * @param db - A database with `events` and/or `users`.
 * @returns The summary.
 * @example
 * (await summarizeData(db)).kind; // => "events"
 */
export async function summarizeData(db: Database): Promise<DataSummary> {
  const tables = new Set(
    (
      await db.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_name IN ('events', 'users')",
      )
    ).map((r) => r.name),
  );
  let eventKinds: string[] = [];
  let hasValue = false;
  if (tables.has("events")) {
    const kinds = await db.query<{ event: string; v: bigint }>(
      "SELECT event, COUNT(value) AS v FROM events GROUP BY event ORDER BY COUNT(*) DESC, event",
    );
    eventKinds = kinds.map((k) => k.event);
    hasValue = kinds.some((k) => Number(k.v) > 0);
  }
  const userColumns: DataSummary["userColumns"] = [];
  if (tables.has("users")) {
    const cols = (
      await db.query<{ column_name: string; column_type: string }>(
        `DESCRIBE ${quoteIdent("users")}`,
      )
    ).filter((c) => c.column_name !== "user_id");
    if (cols.length > 0) {
      const counts = await db.query(
        `SELECT ${cols.map((c, i) => `COUNT(DISTINCT ${quoteIdent(c.column_name)}) AS d${i}`).join(", ")} FROM ${quoteIdent("users")}`,
      );
      cols.forEach((c, i) =>
        userColumns.push({
          name: c.column_name,
          sqlType: c.column_type,
          kind: columnKind(c.column_type),
          distinct: Number(counts[0]![`d${i}`]),
        }),
      );
    }
  }
  return { kind: tables.has("events") ? "events" : "table", eventKinds, hasValue, userColumns };
}

/**
 * Proposes a sensible {@link FeatureSpec} from what the data has, so features work with no
 * configuration: the behavioral families for an event log (per-event counts for every kind, or
 * the top 15 when there are more; breadth only with several kinds; value/RFM when a value column
 * has values; tenure from a signup-date column when the users table has one), the users table's
 * numeric, date and low-cardinality categorical columns as attributes, and for a per-user table
 * its numeric columns as features and categorical ones as attributes.
 *
 * @param data - A loaded database, or a {@link DataSummary}.
 * @returns A complete spec (print it with `JSON.stringify(spec, null, 2)`, edit, rerun).
 * @example
 * inferFeatureSpec({ kind: "table", eventKinds: [], hasValue: false,
 *   userColumns: [{ name: "balance", sqlType: "DOUBLE", kind: "numeric", distinct: 900 }] });
 * // => { version: 1, source: "table", table: { columns: ["balance"] }, attributes: [] }
 */
export async function inferFeatureSpec(data: Database | DataSummary): Promise<FeatureSpec> {
  const s = "kind" in data ? data : await summarizeData(data);
  const categorical = s.userColumns
    .filter((c) => c.kind === "categorical" && c.distinct >= 1 && c.distinct <= MAX_CATEGORIES)
    .map((c) => c.name);
  if (s.kind === "table") {
    const numeric = s.userColumns.filter((c) => c.kind === "numeric").map((c) => c.name);
    const spec: FeatureSpec = { version: 1, source: "table", attributes: categorical };
    if (numeric.length > 0) spec.table = { columns: numeric };
    return spec;
  }
  const signup = s.userColumns.find((c) => c.kind === "date" && SIGNUP.test(c.name));
  const families: NonNullable<FeatureSpec["families"]> = {
    activity: {},
    frequency: {},
    recency: {},
    tenure: signup ? { signupColumn: signup.name } : {},
  };
  if (s.eventKinds.length > 1) {
    // Sessions describe product usage; in a one-kind log (a purchase log) the lines of one order
    // share a timestamp, so "session length" would only measure orders placed minutes apart.
    families.sessions = {};
    families.breadth = {};
    families.events =
      s.eventKinds.length <= MAX_LISTED_EVENTS
        ? { events: [...s.eventKinds] }
        : { top: MAX_LISTED_EVENTS };
  }
  families.time_mix = {};
  if (s.hasValue) families.value = { rfm: true };
  families.trend = {};
  const attributes = s.userColumns
    .filter(
      (c) =>
        c.kind === "numeric" || (c.kind === "date" && c !== signup) || categorical.includes(c.name),
    )
    .map((c) => c.name);
  return { version: 1, source: "events", sessionGapMinutes: 30, families, attributes };
}
