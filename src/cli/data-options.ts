import { Option, type Command } from "commander";
import { SegmentLabError } from "../errors.js";
import type { UsageDataInput } from "../io/load-usage-data.js";
import type { ColumnMapping } from "../io/types.js";

/** The data-reading flags shared by every subcommand that reads usage data. */
export interface DataOptions {
  userCol?: string;
  timeCol?: string;
  eventCol?: string;
  valueCol?: string;
  properties?: string;
  columns?: string;
  delimiter?: string;
  timeFormat?: string;
  table?: string;
  id?: string;
  users?: string;
  usersId?: string;
  memoryLimit?: string;
}

/**
 * Adds the shared data flags (`--user-col`, `--time-col`, `--event-col`, `--value-col`,
 * `--columns`, `--delimiter`, `--time-format`, `--table FILE --id COL`, `--users FILE`) to a command.
 *
 * @example
 * addDataOptions(program.command("features").argument("[events...]"));
 */
export function addDataOptions(cmd: Command): Command {
  return cmd
    .option("--user-col <name>", "column holding the user id (default: inferred)")
    .option("--time-col <name>", "column holding the event time (default: inferred)")
    .option("--event-col <name>", "column holding the event name (omit for a one-kind log)")
    .option("--value-col <name>", "numeric value column (revenue, amount) for value/RFM features")
    .option("--properties <names>", "comma-separated extra event columns to keep (e.g. platform)")
    .option("--columns <names>", "comma-separated column names for a headerless file")
    .option(
      "--delimiter <char>",
      "field delimiter (default: sniffed; 'whitespace' for runs of spaces)",
    )
    .option("--time-format <fmt>", "strptime format of the time column, e.g. %Y%m%d")
    .option("--table <file>", "a per-user table instead of an event log (needs --id)")
    .option("--id <col>", "user id column of --table")
    .option("--users <file>", "per-user attributes to join (plan, country, signup date …)")
    .addOption(new Option("--users-id <col>", "user id column of --users (default: inferred)"))
    .option(
      "--memory-limit <size>",
      "DuckDB memory limit, e.g. 500MB: spill to disk instead of holding all data in memory",
    );
}

/**
 * Turns the parsed flags into a {@link ColumnMapping} for `loadEvents`.
 *
 * @example
 * toColumnMapping({ userCol: "uid", columns: "uid,ts" }); // => { userCol: "uid", columns: ["uid", "ts"] }
 */
export function toColumnMapping(o: DataOptions): ColumnMapping {
  const m: ColumnMapping = {};
  if (o.userCol !== undefined) m.userCol = o.userCol;
  if (o.timeCol !== undefined) m.timeCol = o.timeCol;
  if (o.eventCol !== undefined) m.eventCol = o.eventCol;
  if (o.valueCol !== undefined) m.valueCol = o.valueCol;
  if (o.properties !== undefined) m.properties = splitList(o.properties);
  if (o.columns !== undefined) m.columns = splitList(o.columns);
  if (o.delimiter !== undefined) m.delimiter = o.delimiter;
  if (o.timeFormat !== undefined) m.timeFormat = o.timeFormat;
  return m;
}

function splitList(s: string): string[] {
  return s
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

/**
 * Turns the positional event files and the shared flags into what `loadUsageData` takes.
 *
 * @throws {SegmentLabError} when `--table` is given without `--id`, or neither events nor `--table`.
 * @example
 * toUsageDataInput(["events.csv"], { users: "users.csv" }); // => { events: ["events.csv"], users: "users.csv", mapping: {} }
 */
export function toUsageDataInput(events: string[], o: DataOptions): UsageDataInput {
  if (o.table === undefined && events.length === 0)
    throw new SegmentLabError(
      "give event log files (EVENTS…) or a per-user table (--table FILE --id COL)",
    );
  if (o.table !== undefined && events.length > 0)
    throw new SegmentLabError("give either event log files or --table, not both");
  return {
    ...(events.length > 0 ? { events } : {}),
    ...(o.users !== undefined ? { users: o.users } : {}),
    ...(o.usersId !== undefined ? { usersId: o.usersId } : {}),
    ...(o.table !== undefined ? { table: o.table } : {}),
    ...(o.id !== undefined ? { tableId: o.id } : {}),
    mapping: toColumnMapping(o),
    ...(o.memoryLimit !== undefined ? { database: { memoryLimit: o.memoryLimit } } : {}),
  };
}
