import type { Command } from "commander";
import { loadSegmentModel } from "../../model/parse-segment-model.js";
import { writeFileAtomic } from "../../model/parse-segment-model.js";
import { retention } from "../../pipeline.js";
import { retentionToCsv, type Granularity } from "../../track/retention.js";
import { addDataOptions, toUsageDataInput, type DataOptions } from "../data-options.js";
import { formatRetention } from "../track-format.js";

interface RetentionFlags extends DataOptions {
  cohort: string;
  period: string;
  out?: string;
  json?: boolean;
}

const EXAMPLES = `
Examples:
  $ segmentlab retention out/sample/model.json data/sample/events.csv.gz --users data/sample/users.csv --cohort month --period week
  $ segmentlab retention out/sample/model.json events.csv --cohort week --period day --out retention.csv --json

Cohorts group users by when they first appeared; segments by how they behave. The table shows
each segment's cohorts: the share of a cohort's users active N periods after their first one.`;

/**
 * Registers `segmentlab retention model.json EVENTS… --cohort week|month --period day|week|month`.
 *
 * @param program - the root command.
 * @returns the new subcommand.
 * @example
 * registerRetentionCommand(new Command("segmentlab")).name(); // => "retention"
 */
export function registerRetentionCommand(program: Command): Command {
  const cmd = program
    .command("retention")
    .description(
      "Cohort retention by segment: cohort triangles per segment and overall (table, CSV, JSON)",
    )
    .argument("<model>", "model.json written by `segmentlab discover`")
    .argument("[events...]", "event log files (as for discover)")
    .option("--cohort <g>", "cohort by the day, week or month of the first event", "week")
    .option("--period <g>", "count periods since the first event in days, weeks or months", "week")
    .option("--out <file>", "also write the table as CSV")
    .option("--json", "print one JSON object on stdout");
  addDataOptions(cmd);
  cmd.addHelpText("after", EXAMPLES);
  return cmd.action(async (modelFile: string, events: string[], flags: RetentionFlags) => {
    const model = loadSegmentModel(modelFile);
    const r = await retention(model, toUsageDataInput(events, flags), {
      cohort: flags.cohort as Granularity,
      period: flags.period as Granularity,
    });
    for (const w of r.warnings) process.stderr.write(`segmentlab: warning: ${w}\n`);
    if (flags.out !== undefined) writeFileAtomic(flags.out, retentionToCsv(r));
    if (flags.json) process.stdout.write(JSON.stringify(r) + "\n");
    else
      process.stdout.write(
        formatRetention(r) + (flags.out !== undefined ? `\n\nwrote ${flags.out}` : "") + "\n",
      );
  });
}
