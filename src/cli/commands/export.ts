import * as fs from "node:fs";
import type { Command } from "commander";
import { SegmentLabError } from "../../errors.js";
import { DIALECT_NAMES, type DialectName } from "../../export/dialects/common.js";
import { exportSql, getExportDialect, type ExportSqlOptions } from "../../export/export-sql.js";
import { rulesToJsonFilters, rulesToSqlCase } from "../../export/rules-export.js";
import { parseActivationFormats, writeSegmentsFolder } from "../../export/write-segments-folder.js";
import * as exportMsg from "../../export/messages.js";
import { loadUsageData } from "../../io/load-usage-data.js";
import { assign, segmentNames } from "../../model/assign.js";
import { writeFileAtomic } from "../../model/parse-segment-model.js";
import { checkInputsOutside, checkOwnedFolder } from "../../io/output-folder.js";
import { loadModelOfRun } from "../../run-folder.js";
import { addDataOptions, toUsageDataInput, type DataOptions } from "../data-options.js";

interface ExportFlags extends DataOptions {
  sql?: boolean;
  rulesSql?: boolean;
  rulesJson?: boolean;
  segments?: string;
  dialect: string;
  out?: string;
  eventsTable?: string;
  usersTable?: string;
  featuresTable?: string;
  userColumn?: string;
  timeColumn?: string;
  eventColumn?: string;
  valueColumn?: string;
  spreadsheetSafe?: boolean;
  activation: string;
}

/** `analytics.events` → `["analytics", "events"]` (a dot separates the parts of a qualified name). */
function tableName(s: string | undefined): string[] | undefined {
  return s === undefined ? undefined : s.split(".");
}

/**
 * Registers `segmentlab export model.json [--sql | --rules-sql | --rules-json] [--dialect D]
 * [--out FILE] [--segments DIR EVENTS…]`: the assignment SQL for a database or warehouse, the
 * rules as a SQL CASE or JSON filters, and the `segments/` activation folder.
 *
 * @param program - the root command.
 * @returns the new subcommand.
 * @example
 * registerExportCommand(new Command("segmentlab")).name(); // => "export"
 */
export function registerExportCommand(program: Command): Command {
  const cmd = program
    .command("export")
    .description(
      "Export a model: SQL that assigns every user where the data live, the rules (SQL CASE / JSON filters), activation files",
    )
    .argument("<model>", "model.json")
    .argument("[events...]", "event log files (only for --segments, to assign users)")
    .option(
      "--sql",
      "the assignment SQL: features + preprocessing + nearest centroid + persona (default)",
    )
    .option("--rules-sql", "the segment rules as a SQL CASE expression")
    .option("--rules-json", "the segment rules as JSON filters (format segmentlab-rule-filters v1)")
    .option(
      "--segments <dir>",
      "write the segments/ folder (per-segment id lists, see --activation) for the users of EVENTS…",
    )
    .option(
      "--activation <formats>",
      "per-segment id files for --segments: comma-separated posthog,amplitude,mixpanel,ids",
      "ids",
    )
    .option("--dialect <name>", `SQL dialect: ${DIALECT_NAMES.join(", ")}`, "duckdb")
    .option("--out <file>", "write to this file instead of standard output")
    .option(
      "--events-table <name>",
      "events table in the database (schema.table allowed)",
      "events",
    )
    .option("--users-table <name>", "users table in the database", "users")
    .option(
      "--features-table <name>",
      "score an existing per-user features table instead of events",
    )
    .option("--user-column <name>", "user id column of the tables", "user_id")
    .option("--time-column <name>", "event time column", "ts")
    .option("--event-column <name>", "event name column", "event")
    .option("--value-column <name>", "event value column", "value")
    .option(
      "--spreadsheet-safe",
      "in --segments CSV files, write ids and names that look like formulas (=, +, -, @) with a leading '",
    );
  addDataOptions(cmd);
  cmd.addHelpText(
    "after",
    "\nExamples:\n" +
      "  $ segmentlab export out/sample/model.json --sql --dialect postgres --events-table analytics.events --out assign.sql\n" +
      "  $ segmentlab export out/sample/model.json --rules-sql --dialect bigquery\n" +
      "  $ segmentlab export out/sample/model.json --segments out/segments data/sample/events.csv.gz --users data/sample/users.csv",
  );
  return cmd.action(async (modelFile: string, events: string[], flags: ExportFlags) => {
    if (flags.segments !== undefined) {
      // Before anything is read or written: no input inside the folder that will be replaced.
      checkInputsOutside(
        [flags.segments],
        [modelFile, ...events, flags.users, flags.table].filter(
          (f): f is string => typeof f === "string",
        ),
      );
      checkOwnedFolder(flags.segments);
    }
    const model = loadModelOfRun(modelFile);
    const dialect = getExportDialect(flags.dialect).name as DialectName;
    const kinds = [flags.sql, flags.rulesSql, flags.rulesJson].filter((x) => x === true).length;
    if (kinds > 1)
      throw new SegmentLabError("choose one of --sql, --rules-sql, --rules-json per call");
    let text: string | null = null;
    if (flags.rulesSql === true || flags.rulesJson === true) {
      if (model.rules === null) throw new SegmentLabError(exportMsg.noRules());
      text =
        flags.rulesSql === true
          ? `${rulesToSqlCase(model.rules, dialect, { names: segmentNames(model) })}\n`
          : `${JSON.stringify(rulesToJsonFilters(model.rules, segmentNames(model)), null, 2)}\n`;
    } else if (flags.sql === true || flags.segments === undefined) {
      const options: ExportSqlOptions = {
        dialect,
        eventsTable: tableName(flags.eventsTable)!,
        usersTable: tableName(flags.usersTable)!,
        columns: {
          userId: flags.userColumn ?? "user_id",
          ts: flags.timeColumn ?? "ts",
          event: flags.eventColumn ?? "event",
          value: flags.valueColumn ?? "value",
        },
        ...(flags.featuresTable !== undefined
          ? { featuresTable: tableName(flags.featuresTable)! }
          : {}),
      };
      text = exportSql(model, options);
    }
    if (text !== null) {
      if (flags.out !== undefined) {
        if (fs.existsSync(flags.out) && fs.realpathSync(flags.out) === fs.realpathSync(modelFile))
          throw new SegmentLabError(
            `${flags.out}: refusing to overwrite the model; choose another --out`,
          );
        writeFileAtomic(flags.out, text);
      } else process.stdout.write(text);
    }
    if (flags.segments !== undefined) {
      const activation = parseActivationFormats(flags.activation);
      const { db } = await loadUsageData(toUsageDataInput(events, flags));
      try {
        const a = await assign(model, db);
        for (const w of a.warnings) process.stderr.write(`segmentlab: warning: ${w}\n`);
        const summaries = await writeSegmentsFolder(model, a, flags.segments, {
          ...(flags.spreadsheetSafe === true ? { spreadsheetSafe: true } : {}),
          activation,
        });
        process.stderr.write(
          `wrote ${flags.segments}: ${summaries.length} segments, ${a.userId.length} users (see ${flags.segments}/README.md)\n`,
        );
      } finally {
        db.close();
      }
    }
  });
}
